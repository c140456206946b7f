import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

// Core messages reach the editor as well as the CLI, and the editor has no `--flags`: a string in
// src/core names a setting in neutral terms ("the person key", "a holdout share"). Comments may
// still name flags; only string and template literals are checked.
const CORE = path.resolve(__dirname, '../../../src/core');
/** Literals that are flags of the runtime, not of the CLI (src/core/memory.ts exposes `gc`). */
const ALLOWED = new Set(['--expose-gc', '--no-expose-gc']);
const FLAG = /(^|[^\w-])--[a-z]/;

/** Every string and template-literal piece in a TypeScript source, with its line. */
function literals(file: string): { text: string; line: number }[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { text: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node)
      || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      found.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('architecture: core messages name settings, not CLI flags', () => {
  it('no string literal in src/core contains a --flag', () => {
    const files = fs.readdirSync(CORE, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => path.join(e.parentPath, e.name));
    assert.ok(files.length > 50, `found only ${files.length} core sources`);
    const flagged = files.flatMap((f) => literals(f)
      .filter((l) => FLAG.test(l.text) && !ALLOWED.has(l.text))
      .map((l) => `${path.relative(CORE, f)}:${l.line}: ${l.text.slice(0, 100)}`));
    assert.deepEqual(flagged, []);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Issue 18: every string a person reads exists in English and in Welsh. English is the source
 * text of each `t('…')` call; l10n/bundle.l10n.cy.json holds the Welsh; the manifest's strings
 * are package.nls.json / package.nls.cy.json. These tests fail when a string exists in one
 * language only, when a translation loses or gains a placeholder, and when a module shows a
 * literal without passing it through the catalogue (every module, but for named exceptions).
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const readJson = (rel: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(ROOT, rel), 'utf8'));

/**
 * The modules whose sinks (below) may still hold English literals, each with the reason, one
 * path per line. Every other module under src/ and webview/ is checked, new ones included; an
 * exception's error reasons are checked too (an error always reaches a person).
 */
export const EXCEPTIONS: Record<string, string> = {
  'src/core/disclosure/linkEvidence.ts': 'control details written into metadata.json: English in the file (a sign-off digest covers it)',
  'src/core/disclosure/protectAudit.ts': 'the control detail recorded in the released audit (twin-audit JSON, results.json): English in the file',
  'src/core/disclosure/protectDataset.ts': 'control details recorded in a dataset\'s evaluation.json and metadata.json: English in the files',
  'src/core/disclosure/relationships.ts': 'relationship control details written into metadata.json: English in the file',
  'src/core/disclosure/tailModel.ts': 'tail-model details written into metadata.json: English in the file',
  'src/core/evaluate/privacy/dcr.ts': 'series labels (synthetic, holdout, random) are identifiers in evaluation.json, not text',
  'src/core/evaluate/privacy/index.ts': 'series labels (synthetic, holdout, random) are identifiers in evaluation.json, not text',
  'src/core/evaluate/report.ts': 'the type of evaluation.json: its series labels are identifiers, not text',
  'src/core/profile/rules.ts': 'record-rule control details written into metadata.json: English in the file',
  'src/core/profile/toMetadata.ts': 'control details written into metadata.json: English in the file (a sign-off digest covers it)',
  'src/core/review/decisions.ts': 'a decision\'s detail recorded in metadata.json: English in the file',
  'src/core/synth/fakes.ts': 'how each identifier is faked, recorded in the recipe: English in the file',
  'src/core/synth/independent.ts': 'column plans recorded in the recipe: English in the file',
  'src/core/synth/statistical.ts': 'column plans recorded in the recipe: English in the file',
  'src/core/synth/structural.ts': 'column plans recorded in the recipe: English in the file',
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/**
 * A call of the catalogue's `t` (not `x.t(` nor `foo_t(`), or of `english`: a sentence the core
 * stores in English and shows through the catalogue where it is read (src/core/l10n/stored.ts).
 */
const T_CALL = /(?<![\w.$])(?:t|english)\(/g;
/** Its first argument when it is a string literal: '…', "…" or `…` without substitutions. */
const LITERAL = /^\s*('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\$]|\$(?!\{))*`)\s*[,)]/s;

interface Extracted { messages: Map<string, string[]>; nonLiteral: string[] }

function extractMessages(): Extracted {
  const messages = new Map<string, string[]>();
  const nonLiteral: string[] = [];
  for (const file of [...sourceFiles('src'), ...sourceFiles('webview')]) {
    if (file.startsWith(path.join('src', 'core', 'l10n'))) continue;
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(T_CALL)) {
      const rest = text.slice(m.index! + m[0].length);
      const lit = LITERAL.exec(rest);
      const line = text.slice(0, m.index).split('\n').length;
      if (!lit) {
        nonLiteral.push(`${file}:${line}`);
        continue;
      }
      // The literal is the project's own source text: evaluating it decodes its escapes.
      const message = new Function(`return ${lit[1]};`)() as string;
      messages.set(message, [...(messages.get(message) ?? []), `${file}:${line}`]);
    }
  }
  return { messages, nonLiteral };
}

/** `{0}`, `{1}`, `{name}` in a message, sorted. */
const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('l10n: one catalogue per language', () => {
  const { messages, nonLiteral } = extractMessages();
  const welsh = readJson('l10n/bundle.l10n.cy.json') as Record<string, string>;

  it('finds the catalogue in use (a broken extractor would pass everything)', () => {
    assert.ok(messages.size >= 5, `only ${messages.size} messages found`);
    assert.ok(messages.has("unknown command '{0}' (commands: {1}; see twin --help)"));
  });

  it('passes t() only string literals, so every message can be checked', () => {
    assert.deepEqual(nonLiteral, []);
  });

  it('has a Welsh translation of every English message', () => {
    const missing = [...messages.keys()].filter((m) => typeof welsh[m] !== 'string' || welsh[m].trim() === '');
    assert.deepEqual(missing.map((m) => `${JSON.stringify(m.slice(0, 80))} (${messages.get(m)![0]})`), []);
  });

  it('has no Welsh message whose English is no longer in the code', () => {
    assert.deepEqual(Object.keys(welsh).filter((m) => !messages.has(m)), []);
  });

  it('keeps its keys in sorted order (several people add messages at once; sorted inserts rarely collide)', () => {
    const keys = Object.keys(welsh);
    const unsorted = keys.filter((k, i) => i > 0 && keys[i - 1] > k);
    assert.deepEqual(unsorted.map((k) => k.slice(0, 80)), []);
  });

  it('keeps the same placeholders in each English–Welsh pair', () => {
    const differ = Object.entries(welsh).filter(([en, cy]) => placeholders(en).join() !== placeholders(cy).join());
    assert.deepEqual(differ.map(([en]) => en.slice(0, 80)), []);
  });

  it('keeps the line structure of multi-line messages (help text columns stay aligned)', () => {
    const differ = Object.entries(welsh).filter(([en, cy]) => en.endsWith('\n') !== cy.endsWith('\n'));
    assert.deepEqual(differ.map(([en]) => en.slice(0, 80)), []);
  });
});

describe('l10n: the manifest in both languages', () => {
  const en = readJson('package.nls.json') as Record<string, string>;
  const cy = readJson('package.nls.cy.json') as Record<string, string>;
  const manifest = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
  const used = new Set([...manifest.matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]));

  it('defines every %key% of package.json in English and in Welsh', () => {
    assert.ok(used.size >= 40, `only ${used.size} keys in package.json`);
    assert.deepEqual([...used].filter((k) => !(k in en)), []);
    assert.deepEqual([...used].filter((k) => !(k in cy)), []);
  });

  it('has the same keys in package.nls.json and package.nls.cy.json, all used', () => {
    assert.deepEqual(Object.keys(cy).sort(), Object.keys(en).sort());
    assert.deepEqual(Object.keys(en).filter((k) => !used.has(k)), []);
  });

  it('keeps every command link and code span of a manifest string in its Welsh', () => {
    const links = (s: string): string[] => [...s.matchAll(/\((command:[^)]+)\)|`[^`]+`/g)].map((m) => m[1] ?? m[0]).sort();
    const differ = Object.keys(en).filter((k) => links(en[k]).join() !== links(cy[k]).join());
    assert.deepEqual(differ, []);
  });

  it('leaves no user-facing text in package.json outside the catalogue', () => {
    const pkg = JSON.parse(manifest);
    const literal: string[] = [];
    const visit = (v: unknown, at: string): void => {
      if (typeof v === 'string') {
        if (/\.(title|description|markdownDescription|name|contextualTitle|contents|displayName|altText|\d+)$/.test(at) && /(^|\.)(enumDescriptions\.\d+|[a-zA-Z]+)$/.test(at) && !/^%[\w.-]+%$/.test(v) && !/\.(enum|default|items|restrictedConfigurations|categories|activationEvents|extensionKind|keywords|files)\b/.test(at)) literal.push(at);
        return;
      }
      if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, `${at}.${k}`);
    };
    visit(pkg.contributes, 'contributes');
    visit(pkg.capabilities, 'capabilities');
    visit({ displayName: pkg.displayName, description: pkg.description }, 'pkg');
    assert.deepEqual(literal, []);
  });
});

describe('l10n: no module shows a literal past the catalogue', () => {
  // Sinks where text reaches a person: a stream write, an error reason, a VS Code message or
  // prompt, a webview label. A literal with words in one of them is a string that stays English.
  const ERROR_SINK = /\b(usageError|inputError)\(\s*(?=['"`])/g;
  const SINKS = [
    /\.write\(\s*(?=['"`])/g,
    ERROR_SINK,
    /\bshow(Information|Warning|Error)Message\(\s*(?=['"`])/g,
    // A progress stage: the CLI's progress line and the editor's notification show it.
    /\bstage\s*:\s*(?=['"`])/g,
    /\b(placeHolder|placeholder|prompt|title|label|detail|hint|tooltip|ariaLabel|'aria-label'|alt)\s*:\s*(?=['"`])/g,
    // The webview's controls and blocks take their visible text as the first argument.
    /\b(button|controlButton|checkbox|badge|emptyState|notesList)\(\s*(?=['"`])/g,
  ];
  /** The literal's own words: substitutions (`${…}`) and the program name left out. */
  const wordsOf = (text: string, at: number): string => {
    const quote = text[at];
    let i = at + 1;
    let depth = 0;
    let out = '';
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') { i++; continue; }
      if (quote === '`' && c === '$' && text[i + 1] === '{') { depth++; i++; continue; }
      if (depth > 0) { if (c === '{') depth++; else if (c === '}') depth--; continue; }
      if (c === quote) break;
      out += c;
    }
    // Codicons ($(file)) are not words.
    return out.replace(/\btwin\b/g, '').replace(/\$\([\w-]+\)/g, '');
  };
  /** `line: code` of each literal with words in one of `sinks`. */
  const literalsIn = (file: string, sinks: RegExp[]): string[] => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    return sinks.flatMap((re) => [...text.matchAll(re)]
      .filter((m) => /[A-Za-z]{3}/.test(wordsOf(text, m.index! + m[0].length)))
      .map((m) => `${file}:${text.slice(0, m.index).split('\n').length}: ${text.slice(m.index, m.index! + 60)}`));
  };
  const modules = [...sourceFiles('src'), ...sourceFiles('webview')].map((f) => f.split(path.sep).join('/'));
  /** The folders checked, one test each (a new top folder fails the last test until it is added). */
  const TOPS = ['src/cli', 'src/core', 'src/extension', 'src/protocol', 'src/worker', 'webview'];

  it('checks every module under src/ and webview/', () => {
    // A broken walk would check nothing and pass.
    assert.ok(modules.length >= 300, `only ${modules.length} modules found`);
    assert.ok(modules.includes('src/cli/main.ts') && modules.includes('webview/main.ts'));
  });

  it('names as exceptions only modules that exist and still show an English literal', () => {
    const stale = Object.keys(EXCEPTIONS).filter((f) => !modules.includes(f) || literalsIn(f, SINKS.filter((re) => re !== ERROR_SINK)).length === 0);
    assert.deepEqual(stale, [], 'remove these from EXCEPTIONS: they are checked like every module now');
    assert.deepEqual(Object.entries(EXCEPTIONS).filter(([, why]) => why.trim().length < 20 || why.includes('\n')).map(([f]) => f), [], 'each exception says why, in one line');
  });

  for (const top of TOPS) {
    it(`${top}: every literal a person reads goes through t(), and every error reason`, () => {
      const found = modules.filter((f) => f.startsWith(`${top}/`))
        .flatMap((f) => literalsIn(f, f in EXCEPTIONS ? [ERROR_SINK] : SINKS));
      assert.deepEqual(found, []);
    });
  }

  it('covers every top folder of src/ and webview/', () => {
    const tops = new Set(modules.map((f) => f.split('/').slice(0, f.startsWith('webview/') ? 1 : 2).join('/')));
    assert.deepEqual([...tops].filter((t) => !TOPS.includes(t)), []);
  });
});

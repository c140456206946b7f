import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Issue 18: every string a person reads exists in English and in Welsh. English is the source
 * text of each `t('…')` call; l10n/bundle.l10n.cy.json holds the Welsh; the manifest's strings
 * are package.nls.json / package.nls.cy.json. These tests fail when a string exists in one
 * language only, when a translation loses or gains a placeholder, and when a converted module
 * shows a literal without passing it through the catalogue.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const readJson = (rel: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(ROOT, rel), 'utf8'));

/** Modules converted to the catalogue: a user-facing literal in them must go through t(). */
export const CONVERTED = [
  'src/cli/main.ts',
  'src/cli/language.ts',
  'src/extension/tree.ts', 'src/extension/log.ts', 'src/extension/dashboard.ts', 'src/extension/language.ts',
  'src/extension/commands/ask.ts', 'src/extension/commands/pick.ts', 'src/extension/commands/host.ts', 'src/extension/commands/unsigned.ts',
  'src/extension/commands/generate.ts', 'src/extension/commands/release.ts', 'src/extension/commands/evaluate.ts', 'src/extension/commands/profile.ts',
  'src/extension/commands/linked.ts', 'src/extension/commands/ladder.ts', 'src/extension/commands/sample.ts', 'src/extension/commands/index.ts',
  'src/core/report/renderHtml.ts',
  'webview/main.ts', 'webview/views/ladder.ts', 'webview/components/band.ts',
  // Error reasons: io, format, table, profile, sql, holdout, sample, disclosure, cli, worker (one module per line).
  'src/core/errors.ts',
  'src/core/io/arrowTypes.ts',
  'src/core/io/atomic.ts',
  'src/core/io/openDataset.ts',
  'src/core/io/readArrow.ts',
  'src/core/io/readDelimited.ts',
  'src/core/io/readDelimitedCells.ts',
  'src/core/io/readParquet.ts',
  'src/core/io/sameFile.ts',
  'src/core/io/writeArrow.ts',
  'src/core/format/date.ts',
  'src/core/table/loadTable.ts',
  'src/core/profile/profileDataset.ts',
  'src/core/sql/dialects/duckdb.ts',
  'src/core/sql/dialects/postgres.ts',
  'src/core/sql/profileSql.ts',
  'src/core/sql/source.ts',
  'src/core/sql/writeTable.ts',
  'src/core/holdout/split.ts',
  'src/core/sample/hospitalAdmissions.ts',
  'src/core/sample/linkedSample.ts',
  'src/core/disclosure/personKey.ts',
  'src/core/disclosure/secret.ts',
  'src/core/metadataSchema.ts',
  'src/core/recordRules.ts',
  'src/worker/worker.ts',
  'src/cli/args.ts',
  'src/cli/commands/database.ts',
  'src/cli/commands/evaluate.ts',
  'src/cli/commands/generate.ts',
  'src/cli/commands/profile.ts',
  'src/cli/commands/release.ts',
  'src/cli/commands/sample.ts',
  'src/cli/commands/shared.ts',
  'src/extension/commands/saveText.ts',
  'src/extension/jobs.ts',
  // Error reasons: synth, review, release, dataset, evaluate, audit, ladder, report (one module per line).
  'src/core/review/applyDecisions.ts',
  'src/core/review/inputs.ts',
  'src/core/review/linkDecisions.ts',
  'src/core/review/reviewDataset.ts',
  'src/core/review/reviewMetadata.ts',
  'src/core/review/reviewedMetadata.ts',
  'src/core/review/signOff.ts',
  'src/core/review/threshold.ts',
  'src/core/review/typeChange.ts',
  'src/core/synth/cart.ts',
  'src/core/synth/copula.ts',
  'src/core/synth/correlated/prepare.ts',
  'src/core/synth/generateTwin.ts',
  'src/core/synth/linked/datasetInput.ts',
  'src/core/synth/linked/generateDataset.ts',
  'src/core/synth/linked/generateLinked.ts',
  'src/core/synth/linked/plan.ts',
  'src/core/synth/privbayes.ts',
  'src/core/synth/recipe.ts',
  'src/core/synth/registry.ts',
  'src/core/audit/auditDataset.ts',
  'src/core/audit/auditPack.ts',
  'src/core/dataset/metadataV2.ts',
  'src/core/dataset/profileLinked.ts',
  'src/core/dataset/tables.ts',
  'src/core/evaluate/evaluateFiles.ts',
  'src/core/evaluate/evaluateTables.ts',
  'src/core/evaluate/fidelity/evaluateFidelity.ts',
  'src/core/evaluate/privacy/keys.ts',
  'src/core/evaluate/schemaCheck.ts',
  'src/core/evaluate/utility/target.ts',
  'src/core/ladder/runLadder.ts',
  'src/core/release/checkRealData.ts',
  'src/core/release/createDatasetReleasePack.ts',
  'src/core/release/createReleasePack.ts',
  'src/core/release/dateFormats.ts',
  'src/core/release/templates.ts',
  // CLI summaries and progress, release-pack phrases, evaluation.html (one module per line).
  'src/cli/progress.ts',
  'src/cli/commands/ladder.ts',
  'src/core/profile/renderProfileSummary.ts',
  'src/core/dataset/renderRelationships.ts',
  'src/core/evaluate/headline.ts',
  'src/core/release/view.ts',
  // The release checklists' items and evidence (one module per line).
  'src/core/release/checklist.ts',
  'src/core/release/datasetChecklist.ts',
  'src/core/release/datasetView.ts',
  // Webview views and the extension host (one module per line).
  'webview/views/links.ts',
  'webview/views/linkRows.ts',
  'webview/views/profile.ts',
  'webview/views/evaluation.ts',
  'webview/views/common.ts',
  'webview/api.ts',
  'src/extension/commands/database.ts',
  'src/extension/jobs.ts',
  // The remaining CLI commands and the executable (one module per line).
  'src/cli/commands/audit.ts',
  'src/cli/commands/check.ts',
  'src/cli/commands/review.ts',
  'src/cli/commands/datasetInput.ts',
  'src/cli/commands/index.ts',
  'src/cli/cli.ts',
  // Stored sentences (English in the file, shown through the catalogue: src/core/l10n/stored.ts), one module per line.
  'src/core/evaluate/readings.ts',
  'src/core/evaluate/fidelity/pairDetails.ts',
  'src/core/evaluate/evaluateTables.ts',
  'src/core/evaluate/utility/evaluateUtility.ts',
  'src/core/evaluate/utility/roles.ts',
  'src/core/evaluate/privacy/anonymeter.ts',
  'webview/components/scoreCard.ts',
  'webview/components/figures.ts', 'webview/components/barPair.ts', 'webview/components/histogramPair.ts', 'webview/components/heatmap.ts', 'webview/components/intervalChart.ts', 'webview/components/valueBars.ts',
];

/**
 * Modules whose error reasons go through the catalogue but which also write English text as data:
 * a `detail` recorded in a recipe or metadata.json (files that are the same in every language; a
 * sign-off's digest covers them) or in the evaluation report. Only their error sinks are checked.
 */
export const ERRORS_CONVERTED = [
  'src/core/review/decisions.ts',
  'src/core/synth/fakes.ts',
  'src/core/synth/statistical.ts',
  'src/core/synth/structural.ts',
];

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

describe('l10n: converted modules show no literal past the catalogue', () => {
  // Sinks where text reaches a person: a stream write, an error reason, a VS Code message or
  // prompt, a webview label. A literal with words in one of them is a string that stays English.
  const SINKS = [
    /\.write\(\s*(?=['"`])/g,
    /\b(usageError|inputError)\(\s*(?=['"`])/g,
    /\bshow(Information|Warning|Error)Message\(\s*(?=['"`])/g,
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
  const ERROR_SINK = SINKS[1];
  for (const [file, sinks] of [...CONVERTED.map((f) => [f, SINKS] as const), ...ERRORS_CONVERTED.map((f) => [f, [ERROR_SINK]] as const)]) {
    it(`${file}`, () => {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const found = sinks.flatMap((re) => [...text.matchAll(re)]
        .filter((m) => /[A-Za-z]{3}/.test(wordsOf(text, m.index! + m[0].length)))
        .map((m) => `${text.slice(0, m.index).split('\n').length}: ${text.slice(m.index, m.index! + 60)}`));
      assert.deepEqual(found, []);
    });
  }
});

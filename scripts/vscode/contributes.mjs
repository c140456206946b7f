// Writes the extension's manifest fields into package.json (contributes, activationEvents,
// capabilities, extensionKind, icon, galleryBanner, and the package / test:vscode scripts),
// leaving every other field as it is. Run under `flock /tmp/npm.lock` since others edit package.json.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../../package.json', import.meta.url);
const pkg = JSON.parse(readFileSync(file, 'utf8'));

const category = 'Synthetic Twin';
const dataFile = 'resourceExtname =~ /^\\.(csv|tsv|txt|parquet|arrow|feather)$/i';
const twinJson = 'resourceFilename =~ /\\.twin\\.json$/i';
const notTwin = '!(resourceFilename =~ /\\.synthetic\\.[a-z]+$/i)';
const isTwin = 'resourceFilename =~ /\\.synthetic\\.[a-z]+$/i';

const commands = [
  { command: 'syntheticTwin.profileDataset', title: 'Profile Dataset', category, icon: '$(graph)' },
  { command: 'syntheticTwin.generateTwin', title: 'Generate Synthetic Twin…', category, icon: '$(copy)' },
  { command: 'syntheticTwin.evaluateTwin', title: 'Evaluate Twin Against Real Data…', category, icon: '$(checklist)' },
  { command: 'syntheticTwin.openDashboard', title: 'Open Dashboard', category, icon: '$(dashboard)' },
  { command: 'syntheticTwin.openSample', title: 'Open Sample Dataset', category, icon: '$(beaker)' },
  { command: 'syntheticTwin.refreshView', title: 'Refresh', category, icon: '$(refresh)' },
  { command: 'syntheticTwin.showLog', title: 'Show Log', category, icon: '$(output)' },
];
// Create Release Pack is wired to src/core/release's createReleasePack; --without-release leaves it out.
const release = !process.argv.includes('--without-release');
if (release) {
  commands.splice(3, 0, { command: 'syntheticTwin.createReleasePack', title: 'Create Release Pack…', category, icon: '$(package)' });
}

const explorer = [
  { command: 'syntheticTwin.profileDataset', when: `${dataFile} && ${notTwin}`, group: 'syntheticTwin@1' },
  { command: 'syntheticTwin.generateTwin', when: `(${dataFile} && ${notTwin}) || ${twinJson}`, group: 'syntheticTwin@2' },
  { command: 'syntheticTwin.evaluateTwin', when: `(${dataFile} && ${isTwin}) || ${twinJson}`, group: 'syntheticTwin@3' },
  ...(release ? [{ command: 'syntheticTwin.createReleasePack', when: `(${dataFile} && ${notTwin}) || ${twinJson}`, group: 'syntheticTwin@4' }] : []),
];

pkg.activationEvents = [
  'workspaceContains:**/*.twin.json',
  'onWebviewPanel:syntheticTwin.dashboard',
  'onView:syntheticTwin.datasets',
];
pkg.extensionKind = ['workspace'];
pkg.icon = 'media/icons/icon.png';
pkg.galleryBanner = { color: '#1f3b4d', theme: 'dark' };
pkg.capabilities = {
  untrustedWorkspaces: {
    supported: 'limited',
    description: 'In an untrusted workspace you can profile datasets and view metadata and reports; generating twins, writing metadata, evaluation files and release packs needs trust.',
    restrictedConfigurations: ['syntheticTwin.outputFolder'],
  },
  virtualWorkspaces: { supported: false, description: 'Datasets are read from the file system by the core worker.' },
};
pkg.contributes = {
  commands,
  menus: {
    commandPalette: [
      { command: 'syntheticTwin.refreshView', when: 'false' },
    ],
    'explorer/context': explorer,
    'editor/title': [
      { command: 'syntheticTwin.profileDataset', when: `${dataFile} && ${notTwin}`, group: 'navigation@90' },
      { command: 'syntheticTwin.generateTwin', when: `${dataFile} && ${notTwin}`, group: 'navigation@91' },
      { command: 'syntheticTwin.evaluateTwin', when: `${dataFile} && ${isTwin}`, group: 'navigation@92' },
    ],
    'view/title': [
      { command: 'syntheticTwin.openSample', when: 'view == syntheticTwin.datasets', group: 'navigation@1' },
      { command: 'syntheticTwin.openDashboard', when: 'view == syntheticTwin.datasets', group: 'navigation@2' },
      { command: 'syntheticTwin.refreshView', when: 'view == syntheticTwin.datasets', group: 'navigation@3' },
    ],
    'view/item/context': [
      { command: 'syntheticTwin.profileDataset', when: 'view == syntheticTwin.datasets && viewItem == syntheticTwin.dataset', group: 'inline@1' },
      { command: 'syntheticTwin.generateTwin', when: 'view == syntheticTwin.datasets && viewItem == syntheticTwin.dataset', group: 'inline@2' },
      { command: 'syntheticTwin.openDashboard', when: 'view == syntheticTwin.datasets && viewItem == syntheticTwin.metadata', group: 'inline@1' },
      { command: 'syntheticTwin.evaluateTwin', when: 'view == syntheticTwin.datasets && viewItem =~ /^syntheticTwin\\.twin/', group: 'inline@1' },
      ...(release ? [{ command: 'syntheticTwin.createReleasePack', when: 'view == syntheticTwin.datasets && viewItem =~ /^syntheticTwin\\.twin/', group: 'inline@2' }] : []),
    ],
  },
  views: {
    explorer: [
      { id: 'syntheticTwin.datasets', name: 'Synthetic Twin', icon: 'media/icons/twin.svg', contextualTitle: 'Synthetic Twin' },
    ],
  },
  viewsWelcome: [
    {
      view: 'syntheticTwin.datasets',
      contents: 'No CSV, TSV, Parquet or Arrow datasets in this workspace yet.\n[Open Sample Dataset](command:syntheticTwin.openSample)\nThe sample is an entirely fictional hospital-admissions extract, written locally.',
    },
  ],
  configuration: {
    title: 'Synthetic Twin',
    properties: {
      'syntheticTwin.defaultLevel': {
        type: 'string', enum: ['structural', 'statistical', 'correlated'], default: 'statistical',
        enumDescriptions: [
          'Schema, types and formats only, from the metadata alone.',
          'Each column’s distribution, independently, from one-way summaries.',
          'Relationships between columns, from a fitted model; needs a privacy evaluation before release.',
        ],
        markdownDescription: 'Fidelity level preselected when generating a twin.',
      },
      'syntheticTwin.rareCategoryThreshold': {
        type: 'integer', default: 10, minimum: 1,
        markdownDescription: 'Disclosure threshold *k*: no count, category, cell or bin below this is published; rarer categories are merged into “other”.',
      },
      'syntheticTwin.missingValueTokens': {
        type: 'array', items: { type: 'string' }, default: ['', 'NA', 'N/A', 'NULL', '.', '?'],
        markdownDescription: 'Spellings read as a missing value in delimited text.',
      },
      'syntheticTwin.outputFolder': {
        type: 'string', default: 'synthetic', scope: 'resource',
        markdownDescription: 'Workspace-relative folder for metadata, twins, evaluations and release packs (`<folder>/<dataset>-<level>/`). Empty writes beside the data file.',
      },
      'syntheticTwin.evaluationSampleSize': {
        type: 'integer', default: 50000, minimum: 100,
        markdownDescription: 'Rows of each file evaluated at most; larger files are evaluated on a seeded uniform sample of this size.',
      },
      'syntheticTwin.seedBehaviour': {
        type: 'string', enum: ['fixed', 'ask', 'random'], default: 'fixed',
        enumDescriptions: [
          'Seed 1 unless a seed is given: the same settings give the same twin, byte for byte.',
          'Ask for the seed each time.',
          'A fresh seed each time (still recorded in the recipe, so the twin can be reproduced).',
        ],
        markdownDescription: 'How the random seed of a twin is chosen.',
      },
    },
  },
  walkthroughs: [
    {
      id: 'syntheticTwin.trainer',
      title: 'Synthetic Twin: a guided demo',
      description: 'Open the built-in sample, profile it, review and sign off the metadata, generate each fidelity level, compare them on the ladder and create a release pack — offline.',
      steps: [
        { id: 'sample', title: 'Open the built-in sample', description: 'An entirely fictional hospital-admissions extract (NHS numbers from the 999 test range), written locally.\n[Open Sample Dataset](command:syntheticTwin.openSample)', media: { markdown: 'media/walkthrough/sample.md' }, completionEvents: ['onCommand:syntheticTwin.openSample'] },
        { id: 'profile', title: 'Profile it', description: 'Types, missingness, distributions and disclosure flags for every column, computed in a worker so the editor stays responsive.\n[Profile Dataset](command:syntheticTwin.profileDataset)', media: { markdown: 'media/walkthrough/profile.md' }, completionEvents: ['onCommand:syntheticTwin.profileDataset'] },
        { id: 'review', title: 'Review and sign off the metadata', description: 'See the disclosure-safe metadata as it would leave the TRE; change a column’s type, mark identifiers, exclude columns, then sign off.\n[Open the Profile view](command:syntheticTwin.openDashboard?%7B%22view%22%3A%22profile%22%7D)', media: { markdown: 'media/walkthrough/review.md' }, completionEvents: ['onCommand:syntheticTwin.openDashboard'] },
        { id: 'generate', title: 'Generate each level', description: 'Structural, statistical and correlated twins, each with a recipe that reproduces it byte for byte.\n[Generate Synthetic Twin…](command:syntheticTwin.generateTwin)', media: { markdown: 'media/walkthrough/generate.md' }, completionEvents: ['onCommand:syntheticTwin.generateTwin'] },
        { id: 'ladder', title: 'Compare on the fidelity ladder', description: 'Fidelity, utility and privacy risk side by side for the three levels: risk rises with fidelity.\n[Open the ladder](command:syntheticTwin.openDashboard?%7B%22view%22%3A%22ladder%22%7D)', media: { markdown: 'media/walkthrough/ladder.md' }, completionEvents: ['onCommand:syntheticTwin.openDashboard'] },
        release
          ? { id: 'release', title: 'Create a release pack', description: 'Twin, recipe, metadata, evaluation, data card, EULA and checklist in one folder for output checking.\n[Create Release Pack…](command:syntheticTwin.createReleasePack)', media: { markdown: 'media/walkthrough/release.md' }, completionEvents: ['onCommand:syntheticTwin.createReleasePack'] }
          : { id: 'evaluate', title: 'Evaluate a twin', description: 'Fidelity, utility and privacy scores with plain-language readings, saved as evaluation.json and a self-contained evaluation.html.\n[Evaluate Twin Against Real Data…](command:syntheticTwin.evaluateTwin)', media: { markdown: 'media/walkthrough/evaluate.md' }, completionEvents: ['onCommand:syntheticTwin.evaluateTwin'] },
      ],
    },
  ],
};
pkg.scripts = {
  ...pkg.scripts,
  // This machine's platform .vsix, carrying DuckDB's native binding (scripts/packagePlatform.mjs); universal: without it.
  package: 'node scripts/packagePlatform.mjs',
  'package:universal': 'node esbuild.mjs --production && vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links --out synthetic-twin-universal.vsix',
  'test:vscode': 'node esbuild.mjs && node test/integration/run.mjs',
};
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
console.log(`package.json: ${commands.length} commands${release ? ' (with Create Release Pack)' : ''}`);

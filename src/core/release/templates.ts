import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import Mustache, { type TemplateSpans } from 'mustache';
import { inputError } from '../errors';
import { currentLanguage } from '../l10n';
import { escaperFor } from './escape';
import { PACK_DOCUMENTS, PACK_FILES } from '../paths';
import { t } from '../l10n';

/** The documents and starter code of a release pack, one template each, named as the output file. */
export const TEMPLATE_NAMES = PACK_DOCUMENTS;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/**
 * Fields every template must use: without them a document could go out without saying what
 * it is about (dataset, level) or, for the EULA, who is bound to whom. An override that misses
 * one is refused, naming the field.
 */
export const REQUIRED_FIELDS: Readonly<Record<TemplateName, readonly string[]>> = {
  'DATA_CARD.md': ['dataset.name', 'level', 'method', 'provenance.sourceSha256', 'provenance.toolVersion', 'provenance.seed', 'date', 'columns'],
  'EULA.md': ['dataset.name', 'level', 'custodian', 'contact', 'version', 'date'],
  'RELEASE_CHECKLIST.md': ['dataset.name', 'level', 'version', 'date', 'checks.labelling', 'checks.disclosure', 'checks.structure', 'checks.documentation'],
  'analysis.py': ['twin.fileName', 'dataset.fileName'],
  'analysis.R': ['twin.fileName', 'dataset.fileName'],
};

/**
 * Fields every template of a linked dataset's own documents (media/templates/dataset) must use;
 * EULA.md and RELEASE_CHECKLIST.md are shared with one table's pack and keep their fields above.
 */
export const DATASET_REQUIRED_FIELDS: Readonly<Record<'DATA_CARD.md' | 'analysis.py' | 'analysis.R', readonly string[]>> = {
  'DATA_CARD.md': ['dataset.name', 'level', 'method', 'provenance.toolVersion', 'provenance.seed', 'date', 'tables', 'links'],
  'analysis.py': ['dataset.name', 'code.tables'],
  'analysis.R': ['dataset.name', 'code.tables'],
};

/** The workspace folder that overrides the default templates, per file. */
export const WORKSPACE_TEMPLATES_DIR = nodePath.join('.twin', 'templates');

/**
 * The built-in templates folder (`media/templates`). The bundles live in `dist/` (so
 * `dist/../media/templates`); running from source with tsx, this file is in `src/core/release`.
 * @throws TwinError('input') when neither location holds the templates (a broken installation).
 */
export function defaultTemplatesDir(): string {
  const candidates = [
    nodePath.join(__dirname, '..', 'media', 'templates'),
    nodePath.join(__dirname, '..', '..', '..', 'media', 'templates'),
  ];
  for (const dir of candidates) {
    if (fs.existsSync(nodePath.join(dir, PACK_FILES.dataCard))) return dir;
  }
  throw inputError(t('the built-in release templates were not found (media/templates is missing from the installation)'), { file: candidates[0] });
}

/**
 * A built-in template in the catalogue's language: `cy/<sub>/<name>` for Welsh when the folder
 * has it, else the English `<sub>/<name>`. The Welsh starter code is the English code with Welsh
 * comments and printed words (test/unit/l10n/starterCode.test.ts holds them to that).
 */
export function builtInTemplate(defaultsDir: string, sub: string, name: string): string {
  const translated = nodePath.join(defaultsDir, currentLanguage(), sub, name);
  return currentLanguage() !== 'en' && fs.existsSync(translated) ? translated : nodePath.join(defaultsDir, sub, name);
}

/**
 * The nearest `.twin/templates` folder in `startDir` or one of its parents, or null.
 * A TRE puts its own licence wording and checklist there for every dataset below it.
 */
export function findWorkspaceTemplatesDir(startDir: string): string | null {
  let dir = nodePath.resolve(startDir);
  for (;;) {
    const candidate = nodePath.join(dir, WORKSPACE_TEMPLATES_DIR);
    try {
      if (fs.statSync(candidate).isDirectory()) return candidate;
    } catch {
      // not here: look in the parent
    }
    const parent = nodePath.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** A template's text and where it came from. */
export interface LoadedTemplate {
  name: TemplateName;
  text: string;
  /** The file read: an override's path, or the built-in one. */
  file: string;
  overridden: boolean;
}

/**
 * Loads each template from the override folder when it has that file, else from the defaults,
 * and checks it: it must parse as a mustache template and use every required field.
 * @throws TwinError('input') naming the file and the first missing required field, or the parse error.
 */
export function loadTemplates(overrideDir: string | null, defaultsDir: string = defaultTemplatesDir()): LoadedTemplate[] {
  return TEMPLATE_NAMES.map((name) => {
    const override = overrideDir ? nodePath.join(overrideDir, name) : null;
    const useOverride = override !== null && fs.existsSync(override);
    const file = useOverride ? override : builtInTemplate(defaultsDir, '', name);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    } catch (e) {
      throw inputError(t('cannot read the template ({0})', (e as NodeJS.ErrnoException).code ?? (e as Error).message), { file }, e);
    }
    checkTemplate(name, text, file);
    return { name, text, file, overridden: useOverride };
  });
}

/**
 * Checks that a template parses and uses every field in {@link REQUIRED_FIELDS} for its name
 * (as `{{field}}`, `{{{field}}}`, `{{&field}}`, a section `{{#field}}`, or `{{#a}}{{b}}{{/a}}` for `a.b`).
 * @throws TwinError('input') naming the file and the missing field.
 */
export function checkTemplate(name: TemplateName, text: string, file: string, required: readonly string[] = REQUIRED_FIELDS[name]): void {
  let spans: TemplateSpans;
  try {
    spans = Mustache.parse(text);
  } catch (e) {
    throw inputError(t('template does not parse: {0}', (e as Error).message), { file }, e);
  }
  const used = new Set<string>();
  collectNames(spans, used);
  for (const field of required) {
    if (!used.has(field)) throw inputError(t('template is missing the required field {0}', `{{${field}}}`), { file });
  }
}

/**
 * Renders a template with the view, escaping every `{{value}}` for the output's language
 * (Markdown, Python or R string; see escape.ts) instead of mustache's HTML escaping. Triple
 * mustaches are not escaped: the built-in templates use them only for text the code composed.
 */
export function renderTemplate(template: LoadedTemplate, view: unknown): string {
  return Mustache.render(template.text, view, {}, { escape: escaperFor(template.name) });
}

/** Names used, also qualified by their enclosing sections (`{{#provenance}}{{seed}}` uses `provenance.seed`). */
function collectNames(spans: TemplateSpans, out: Set<string>, prefixes: string[] = []): void {
  for (const token of spans) {
    const type = token[0];
    if (type !== 'name' && type !== '&' && type !== '#' && type !== '^') continue;
    const name = String(token[1]);
    out.add(name);
    for (const p of prefixes) out.add(`${p}.${name}`);
    if ((type === '#' || type === '^') && Array.isArray(token[4])) {
      collectNames(token[4] as TemplateSpans, out, [name, ...prefixes.map((p) => `${p}.${name}`)]);
    }
  }
}

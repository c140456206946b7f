import { releasedValue, type Released } from '../disclosure/released';
import type { ReleasedDatasetEvaluation } from '../disclosure/protectDataset';
import type { DatasetMetadata } from '../dataset/types';
import { DEFAULT_MISSING_TOKENS } from '../format';
import type { DatasetRecipe } from '../synth/linked/generateDataset';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import { linkStatusWord } from '../dataset/renderRelationships';
import { bandWord } from '../evaluate';
import { t } from '../l10n';
import { shown } from '../l10n/stored';
import { percent } from './checklist';
import { commonNotFor, levelInfo, formatOfDialect, formatText, safeSummary, tableCodeView, treatmentWord } from './view';

/**
 * Everything the templates of a linked dataset's pack are filled from (DATA_CARD.md, EULA.md,
 * analysis.py, analysis.R). As for one table, every figure comes from a value of the
 * disclosure-control layer: the released metadata.json, recipe and evaluation.
 */
export interface DatasetViewInput {
  metadata: Released<DatasetMetadata>;
  recipe: Released<DatasetRecipe>;
  evaluation: Released<ReleasedDatasetEvaluation>;
  /** The relationship diagram's file name inside the pack. */
  diagram: string;
  /** The recipe's file name inside the pack. */
  recipeFile: string;
  custodian?: string;
  contact?: string;
  version?: string;
  now: Date;
}

/** What each level keeps across the tables of a linked dataset, in the current language. */
function linkedText(level: string): { keeps: string; limitations: string[] } {
  switch (level) {
    case 'statistical': return {
      keeps: t('Every key joins and diamonds agree; children per parent follow the published distribution. Each table\'s columns follow their own published one-way distributions.'),
      limitations: [t('Child rows do not depend on their parent\'s attributes (an older patient does not have more admissions), and dates across tables are not ordered.')],
    };
    case 'correlated': return {
      keeps: t('Every key joins and diamonds agree. Children per parent depend on the parent\'s attributes, child rows are drawn given their parent\'s, and date logic the real data always keeps across tables (no event before birth or after death, a child\'s date inside its parent\'s interval) is kept.'),
      limitations: [t('Relationships across more than one link (a prescription and the diagnosis of the same admission) are kept only through the shared parent.')],
    };
    default: return {
      keeps: t('Every key joins: each child row names a parent row that exists, and diamonds agree (a diagnosis names the patient of its admission). Children per parent follow the published distribution; nothing else about the real links is kept.'),
      limitations: [t('Event dates are not ordered within a person and may fall outside their parent\'s interval.')],
    };
  }
}

/** How a link's names agree (metadata.json's token), in the current language. */
const NAME_AGREEMENT: Record<string, () => string> = { table: () => t('table'), column: () => t('column'), declared: () => t('declared') };

/** The template view of a linked dataset's pack. */
export function buildDatasetView(input: DatasetViewInput): Record<string, unknown> {
  const d = releasedValue(input.metadata, 'metadata.json');
  const recipe = releasedValue(input.recipe, 'the recipe');
  const evaluation = releasedValue(input.evaluation, 'the evaluation');
  const date = input.now.toISOString().slice(0, 10);
  const level = recipe.level;
  const info = levelInfo(level);
  const linked = linkedText(level);
  const outputs = new Map(recipe.output.map((o) => [o.name, o]));
  const version = input.version ?? `${date}-${combinedPrefix(recipe.output.map((o) => o.sha256))}`;
  const links = d.relationships.foreignKeys.filter((f) => f.status !== 'rejected');
  const evalOf = new Map(evaluation.tables.map((t) => [t.name, t.report]));
  const noneShareOf = new Map((d.summaries?.childrenPerParent ?? []).map((c) => [`${c.child.table}.${c.child.column}`, c.noneShare]));
  const personTable = d.relationships.personTable ?? null;

  const tables = d.tables.map((table) => {
    const m = table.metadata;
    const report = evalOf.get(table.name);
    return {
      name: table.name,
      file: table.file,
      format: formatOfDialect(m.dataset.dialect),
      rows: m.dataset.rows,
      twinRows: outputs.get(table.name)?.rows ?? 0,
      isPerson: table.name === personTable,
      fidelity: report ? report.fidelity.score.toFixed(2) : t('not evaluated'),
      band: report ? bandWord(report.fidelity.reading.band) : '',
      columns: m.columns.map((c) => ({
        name: c.name, type: c.type, format: formatText(c), missing: percent(c.missing),
        treatment: treatmentWord(c.excluded ? 'excluded' : 'modelled'), summary: safeSummary(c),
      })),
    };
  });
  const score = (x: number | null): string => (x === null ? t('not defined') : x.toFixed(2));
  const linkRows = links.map((l) => {
    const e = evaluation.links.links.find((x) => x.childTable === l.child.table && x.childKey === l.child.column && x.parentTable === l.parent.table && x.parentKey === l.parent.column);
    const none = noneShareOf.get(`${l.child.table}.${l.child.column}`);
    return {
      childTable: l.child.table, childColumn: l.child.column, parentTable: l.parent.table, parentColumn: l.parent.column,
      kind: l.selfReference ? t('self-reference') : l.optional ? t('optional') : t('required'),
      status: linkStatusWord(l.status),
      evidence: l.evidence.name !== 'none'
        ? t('{0} of distinct values found, names agree ({1})', percent(l.evidence.inclusion), NAME_AGREEMENT[l.evidence.name]?.() ?? l.evidence.name)
        : t('{0} of distinct values found', percent(l.evidence.inclusion)),
      parentsWithNone: none === undefined ? t('not summarised') : none === null ? t('withheld (fewer than k)') : percent(none),
      referentialIntegrity: e ? score(e.referentialIntegrity) : t('not evaluated'),
      cardinalityShape: e ? score(e.cardinalityShapeSimilarity) : t('not evaluated'),
      pairTrends: e ? score(e.pairTrends) : t('not evaluated'),
    };
  });
  const diamonds = d.relationships.diamonds.map((dm) => ({
    table: dm.table, ancestor: dm.ancestor,
    direct: `${dm.direct.table}.${dm.direct.column}`,
    via: dm.via.map((v) => `${v.table}.${v.column}`).join(' → '),
  }));

  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    date,
    version,
    level,
    method: recipe.method,
    seed: recipe.seed,
    levelPreserves: info.preserves,
    linkedKeeps: linked.keeps,
    builtFrom: recipe.source.kind === 'metadata'
      ? t('the disclosure-safe metadata.json alone (each table\'s summaries and the relationship summaries); no real record was read to generate it')
      : t('models fitted to the real tables, whose summaries are held to the same disclosure rules as metadata.json'),
    custodian: input.custodian ?? t('not named (a custodian must be named before release)'),
    contact: input.contact ?? t('not named (a contact must be named before release)'),
    dataset: { name: d.dataset.name, fileName: `${d.dataset.name}/`, tables: d.tables.length },
    // EULA.md (shared with one-table packs) names the twin's file: here, every table of the pack.
    twin: { fileName: t('the {0} tables of this folder', d.tables.length), persons: personTable ? outputs.get(personTable)?.rows ?? null : null },
    personTable,
    diagram: input.diagram,
    links: linkRows,
    hasDiamonds: diamonds.length > 0,
    diamonds,
    tables,
    evaluation: {
      referentialIntegrity: score(evaluation.links.referentialIntegrity),
      cardinalityShape: score(evaluation.links.cardinalityShapeSimilarity),
      pairTrends: score(evaluation.links.pairTrends),
      // Stored English (evaluation.json, metadata.json): shown in the pack's language.
      controls: evaluation.release.controls.filter((c) => c.part === 'links').map((c) => ({ detail: shown(c.detail) })),
    },
    disclosure: d.disclosure,
    controls: d.controls.map((c) => ({ part: c.column ?? t('relationships'), detail: shown(c.detail) })),
    uses: info.uses.map((text) => ({ text })),
    notFor: [...info.notFor, ...commonNotFor()].map((text) => ({ text })),
    limitations: [...info.limitations, ...linked.limitations].map((text) => ({ text })),
    provenance: {
      toolVersion: recipe.tool.version,
      seed: recipe.seed,
      recipeFile: input.recipeFile,
      tables: recipe.source.tables.map((t) => ({ name: t.name, file: t.file, hmac: t.fingerprint.hmac, twinSha256: outputs.get(t.name)?.sha256 ?? '' })),
    },
    signOff: d.signOff ?? null,
    code: datasetCodeView(d),
  };
}

/** The first 12 hex digits of the twin files' SHA-256 values, combined in table order. */
function combinedPrefix(hashes: readonly string[]): string {
  let acc = 0n;
  for (const h of hashes) acc ^= BigInt(`0x${h.slice(0, 12)}`);
  return acc.toString(16).padStart(12, '0');
}

/** Reader settings of every table and the joins, for analysis.py and analysis.R. */
function datasetCodeView(d: DatasetMetadata): Record<string, unknown> {
  const tables = d.tables.map((t, i) => {
    const code = tableCodeView(t.metadata, DEFAULT_MISSING_TOKENS, t.file) as { columns: { name: string; dateFormat: { py: string; r: string } | null; datetimeFormat: { py: string; r: string } | null; boolean: { trueToken: string; falseToken: string } | null; rThousands: { separator: string; integer: boolean } | null }[] };
    const withSep = <T>(xs: T[]) => xs.map((x, j) => ({ ...x, sep: j === xs.length - 1 ? '' : ',' }));
    return {
      ...code,
      name: t.name,
      file: t.file,
      kind: t.format === 'parquet' ? 'parquet' : t.format === 'arrow' ? 'arrow' : 'delimited',
      sep: i === d.tables.length - 1 ? '' : ',',
      dates: withSep(code.columns.filter((c) => c.dateFormat).map((c) => ({ name: c.name, py: c.dateFormat!.py, r: c.dateFormat!.r }))),
      datetimes: withSep(code.columns.filter((c) => c.datetimeFormat).map((c) => ({ name: c.name, py: c.datetimeFormat!.py, r: c.datetimeFormat!.r }))),
      booleans: withSep(code.columns.filter((c) => c.boolean).map((c) => ({ name: c.name, ...c.boolean! }))),
      thousands: withSep(code.columns.filter((c) => c.rThousands).map((c) => ({ name: c.name, ...c.rThousands! }))),
    };
  });
  const links = d.relationships.foreignKeys.filter((f) => f.status !== 'rejected' && !f.selfReference);
  const joins = links.map((l, i) => ({ child: l.child.table, childKey: l.child.column, parent: l.parent.table, parentKey: l.parent.column, sep: i === links.length - 1 ? '' : ',' }));
  // Events per person: tables with a direct link to the person table, in time order by their first date column.
  const person = d.relationships.personTable;
  const events = person === undefined ? [] : links.filter((l) => l.parent.table === person).flatMap((l) => {
    const t = d.tables.find((x) => x.name === l.child.table)!;
    const dateColumn = t.metadata.columns.find((c) => !c.excluded && (c.type === 'date' || c.type === 'datetime'));
    return dateColumn ? [{ table: t.name, personKey: l.child.column, date: dateColumn.name }] : [];
  });
  const eventsWithSep = events.map((e, i) => ({ ...e, sep: i === events.length - 1 ? '' : ',' }));
  return { tables, joins, hasJoins: joins.length > 0, events: eventsWithSep, hasEvents: events.length > 0, personTable: person ?? null };
}

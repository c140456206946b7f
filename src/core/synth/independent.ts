import type { CategoryMetadataColumn, Metadata, MetadataColumn, NumberMetadataColumn } from '../metadata';
import { createRandom, forkIndexed, type Random } from '../random';
import type { ColumnData, Table } from '../schema';
import { drawAll, specOfColumn, twinColumnsOf } from './columns';
import { createFaker, fakeKindOf } from './fakes';
import { uniqueIntegerStartOf } from './fakeSpaces';
import { createKeyDrawer, isRepeatedKey } from './keys';
import { MAX_BATCH_ROWS, type ColumnDecision, type FidelityLevel, type FittedModel, type ModelDescription, type PrivacyDescription } from './generator';
import type { CategoryMarginal, NumberMarginal } from './marginals';
import { applyMissingness } from './missingness';
import { createPermutation } from './permutation';
import { inputError } from '../errors';
import { t } from '../l10n';

/**
 * Column-by-column sampling shared by `structural` and `statistical`: each column is
 * drawn independently from its own marginal (or faker), then blanked at its missing
 * rate. Each column has its own random stream (`rng.fork('column:<name>')`), so adding,
 * removing or reordering columns never changes another column's values.
 */

/** How one column is drawn. */
export type ColumnDraw =
  | { kind: 'number'; marginal: NumberMarginal }
  /** Unique integer keys: lower + a permutation of [0, span). */
  | { kind: 'unique-integer'; lower: number; span: number }
  | { kind: 'category'; marginal: CategoryMarginal }
  /** A categorical column whose every category was suppressed: values from a pool of fakes. */
  | { kind: 'category-fakes'; poolSize: number }
  /** Nothing publishable: every cell missing. */
  | { kind: 'empty' }
  | { kind: 'fake' };

export interface ColumnPlan {
  column: MetadataColumn;
  draw: ColumnDraw;
  /** Missing rate used (the recorded one, or a noisy one under DP). */
  missing: number;
  decision: ColumnDecision;
}

/** A fitted model that samples every column independently according to its plan. */
export function independentModel(
  metadata: Metadata,
  level: FidelityLevel,
  method: string,
  plans: ColumnPlan[],
  summary: string,
  privacy?: PrivacyDescription,
  parameters?: Record<string, unknown>,
): FittedModel {
  const description: ModelDescription = {
    level,
    method,
    summary,
    columns: metadata.columns.map((c) => plans.find((p) => p.column === c)?.decision ?? excludedDecision(c)),
    ...(privacy ? { privacy } : {}),
    ...(parameters ? { parameters } : {}),
  };
  // A stream's drawers, made on the first batch drawn from it (fakers keep their position between batches).
  const drawersOf = new WeakMap<Random, { rows: number; drawers: Drawer[] }>();
  const model: FittedModel = {
    describe: () => structuredClone(description),
    batchRows: MAX_BATCH_ROWS,
    draw(first: number, count: number, rows: number, rng: Random): Table {
      let made = drawersOf.get(rng);
      if (!made || made.rows !== rows) {
        made = { rows, drawers: plans.map((plan) => columnDrawer(plan, rows, rng.fork(`column:${plan.column.name}`))) };
        drawersOf.set(rng, made);
      }
      const drawers = made.drawers;
      return { rowCount: count, columns: plans.map((plan, j) => ({ spec: specOfColumn(plan.column), data: drawers[j](first, count) })) };
    },
    sample: (rows, ctx) => drawAll(model, rows, ctx),
  };
  return model;
}

/** Plans columns in metadata order (excluded columns skipped) with a per-column planner. */
export function planColumns(metadata: Metadata, plan: (column: MetadataColumn, metadata: Metadata) => ColumnPlan): ColumnPlan[] {
  return twinColumnsOf(metadata).map((column) => plan(column, metadata));
}

/** A bound or value for decision texts: ISO dates for date columns, the number otherwise. */
export function formatValueForNote(value: number, type: MetadataColumn['type']): string {
  if (type === 'date') return new Date(value).toISOString().slice(0, 10);
  if (type === 'datetime') return new Date(value).toISOString();
  return String(value);
}

/** The recipe entry of an excluded column. */
export function excludedDecision(column: MetadataColumn): ColumnDecision {
  return { name: column.name, type: column.type, format: column.format, action: 'excluded', detail: 'excluded by a person’s decision; not in the twin' };
}

/** Plan for a string column (identifier/text) at any level: format-valid fakes; repeated keys with their rows-per-key distribution. */
export function fakePlan(column: MetadataColumn): ColumnPlan {
  // The faker's own description (no rows drawn; the seed does not change the text).
  const repeated = isRepeatedKey(column);
  const fakes = createFaker(column, 0, createRandom(0), { keys: repeated }).detail;
  const detail = repeated
    ? `repeated key: ${fakes}, each fake key on a run of rows drawn from the published rows-per-key groups (${column.multiplicity.groups.length})`
    : fakes;
  return {
    column,
    draw: { kind: 'fake' },
    missing: column.missing,
    decision: { name: column.name, type: column.type, format: column.format, action: 'faked', detail: `${detail}; missing at ${formatRate(column.missing)}` },
  };
}

/**
 * Plan for an integer column flagged as a unique key: distinct integers from a permutation of
 * the coded range (widened past the upper bound when the twin has more rows than the range).
 */
export function uniqueIntegerPlan(column: NumberMetadataColumn): ColumnPlan {
  const { start: lower, disjoint } = uniqueIntegerStartOf(column);
  const span = Math.max(1, Math.floor(column.bounds.upper) - Math.ceil(column.bounds.lower) + 1);
  return {
    column,
    draw: { kind: 'unique-integer', lower, span },
    missing: 0,
    decision: {
      name: column.name, type: column.type, format: column.format, action: 'faked',
      detail: disjoint
        ? `unique key: distinct integers from a seeded permutation starting at ${lower}, above every real value; never missing`
        : `unique key: distinct integers from a seeded permutation starting at the coded lower bound ${lower}; never missing`,
    },
  };
}

/** Whether a number column is an integer key whose values must stay unique. */
export function isUniqueIntegerKey(column: MetadataColumn): column is NumberMetadataColumn {
  return column.type === 'integer' && column.disclosure.some((f) => f.kind === 'unique-key');
}

/**
 * Plan for a categorical column with no publishable category (all below the threshold):
 * fakes when the column is a recognised identifier (e.g. postcodes), otherwise empty.
 */
export function emptyCategoryPlan(column: CategoryMetadataColumn): ColumnPlan {
  const kind = fakeKindOf(column);
  const fakeable = kind !== 'token' && kind !== 'text' && kind !== 'name';
  return {
    column,
    draw: fakeable ? { kind: 'category-fakes', poolSize: 1000 } : { kind: 'empty' },
    missing: fakeable ? column.missing : 1,
    decision: {
      name: column.name, type: column.type, format: column.format, action: fakeable ? 'faked' : 'modelled',
      detail: fakeable
        ? `no category met the threshold; ${kind} fakes (a pool of 1000) drawn uniformly; missing at ${formatRate(column.missing)}`
        : 'no category met the disclosure threshold; every value written as missing',
    },
  };
}

/** A rate as a percentage for decision texts. */
export function formatRate(rate: number): string {
  return `${+(rate * 100).toFixed(4)}%`;
}

/** Draws rows [first, first + n) of a column: random values from streams of that batch, shared structure (permutations, pools) from the column's. */
type Drawer = (first: number, n: number) => ColumnData;

function columnDrawer(plan: ColumnPlan, rows: number, rng: Random): Drawer {
  const shared = rng.fork('values');
  const rate = plan.missing;
  const draw = plan.draw;
  const streams = (first: number): { values: Random; missing: Random } => ({ values: forkIndexed(rng, 'values', first), missing: forkIndexed(rng, 'missing', first) });
  const blank = (data: ColumnData, n: number, missing: Random): ColumnData => {
    applyMissingness(data, n, rate, missing);
    return data;
  };
  switch (draw.kind) {
    case 'number': {
      const m = draw.marginal;
      return (first, n) => {
        const { values, missing } = streams(first);
        const v = new Float64Array(n);
        if (m.quantiles) {
          const us = new Float64Array(n);
          for (let i = 0; i < n; i++) us[i] = values.next();
          m.quantiles(us, v);
        } else for (let i = 0; i < n; i++) v[i] = m.quantile(values.next());
        return blank({ kind: 'number', values: v }, n, missing);
      };
    }
    case 'unique-integer': {
      // Row i of the twin gets the permutation's image of i: unique whichever batch it is in.
      const perm = createPermutation(Math.max(draw.span, rows, 1), shared);
      return (first, n) => {
        const v = new Float64Array(n);
        for (let i = 0; i < n; i++) v[i] = draw.lower + perm.at(first + i);
        return { kind: 'number', values: v };
      };
    }
    case 'category': {
      const m = draw.marginal;
      const categories = [...m.categories];
      return (first, n) => {
        const { values, missing } = streams(first);
        const c = new Int32Array(n);
        for (let i = 0; i < n; i++) c[i] = m.code(values.next());
        return blank({ kind: 'category', codes: c, categories }, n, missing);
      };
    }
    case 'category-fakes': {
      const faker = createFaker({ ...plan.column, disclosure: plan.column.disclosure.filter((f) => f.kind !== 'unique-key') }, draw.poolSize, shared.fork('pool'));
      const pool = new Set<string>();
      for (let i = 0; i < draw.poolSize * 4 && pool.size < draw.poolSize; i++) pool.add(faker.next());
      const categories = [...pool];
      return (first, n) => {
        const { values, missing } = streams(first);
        const c = new Int32Array(n);
        for (let i = 0; i < n; i++) c[i] = Math.floor(values.next() * categories.length);
        return blank({ kind: 'category', codes: c, categories }, n, missing);
      };
    }
    case 'empty':
      return (_first, n) => {
        if (plan.column.type === 'categorical' || plan.column.type === 'boolean') return { kind: 'category', codes: new Int32Array(n).fill(-1), categories: [] };
        if (plan.column.type === 'text' || plan.column.type === 'identifier') return { kind: 'string', values: new Array<string | null>(n).fill(null) };
        return { kind: 'number', values: new Float64Array(n).fill(NaN) };
      };
    case 'fake': {
      const column = plan.column;
      if (isRepeatedKey(column)) {
        // Fresh fake keys, each on its drawn run of rows; runs end at a batch's end, so batches
        // need nothing from each other. A batch's keys are the permutation places of its share
        // of the rows (rows [first, first + n) → places [placeOf(first), placeOf(first + n))),
        // disjoint between batches: no key repeats anywhere in the twin, and nothing is remembered.
        const faker = createFaker(column, rows, shared, { keys: true });
        const placeOf = (row: number): number => (faker.places >= rows ? row : Math.floor((row * faker.places) / rows));
        return (first, n) => {
          const { values, missing } = streams(first);
          const lo = placeOf(first);
          const left = placeOf(first + n) - lo;
          faker.seek(lo, values);
          // Names and free text have no places: new keys are checked against the batch's own.
          const used = faker.places === 0 ? new Set<string>() : null;
          let drawn = 0;
          const fresh = (): string | null => {
            if (!used) {
              // Out of places: the batch's last key takes its remaining rows (a run cut short).
              if (drawn++ < left) return faker.next();
              if (drawn > 1) return null;
              throw inputError(t('a repeated key column can have at most {0} distinct fake values from its never-issued range, too few for a twin of {1} rows; ask for fewer rows or exclude the column', faker.places, rows), { column: column.name });
            }
            for (let tries = 0; ; tries++) {
              const v = faker.next();
              if (!used.has(v) || tries >= 50) { used.add(v); return v; }
            }
          };
          const keys = createKeyDrawer(column.multiplicity, fresh, values.fork('rows-per-key'));
          const s = new Array<string | null>(n).fill('');
          applyMissingness({ kind: 'string', values: s }, n, rate, missing);
          for (let i = 0; i < n; i++) if (s[i] !== null) s[i] = keys.next();
          return { kind: 'string', values: s };
        };
      }
      const faker = createFaker(column, rows, shared);
      return (first, n) => {
        const { values, missing } = streams(first);
        faker.seek(first, values);
        const s = new Array<string | null>(n);
        for (let i = 0; i < n; i++) s[i] = faker.next();
        return blank({ kind: 'string', values: s }, n, missing);
      };
    }
  }
}

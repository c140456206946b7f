import { inputError } from '../errors';
import type { CategoryMetadataColumn, Metadata, MetadataColumn, NumberMetadataColumn } from '../metadata';
import type { FittedModel, FitInput, Generator } from './generator';
import {
  emptyCategoryPlan, fakePlan, formatRate, formatValueForNote, independentModel, isUniqueIntegerKey, planColumns, uniqueIntegerPlan,
  type ColumnPlan,
} from './independent';
import { expandCoarsenedDates, publishedCategoriesOf, uniformCategoryMarginal, uniformNumberMarginal, valueStepOf } from './marginals';
import { tailsFor, withTails } from './tails';
import { t } from '../l10n';

/**
 * `structural`: schema, types, formats and disclosure-safe value domains, and nothing of the
 * real distributions. From metadata.json alone; never reads a real record.
 * - numbers and dates: uniform within the coded bounds, rounded to the column's precision
 *   (integers whole, decimals as the format, dates whole days);
 * - categories: uniform over the published categories (never a suppressed or merged-away one);
 *   booleans 50/50 over the source's two spellings;
 * - identifiers and text: format-valid fakes (fakes.ts);
 * - every column: missing at its recorded rate.
 */
export const structuralGenerator: Generator = {
  method: 'structural',
  level: 'structural',
  description: 'schema, formats and value domains from metadata.json; values uniform within the domains',
  supportsEpsilon: false,
  redrawsUniqueRows: false,
  needsRealRows: () => false,
  async fit(input: FitInput): Promise<FittedModel> {
    if (input.epsilon !== undefined) {
      throw inputError(t('a privacy budget (epsilon) is not used by structural twins (they carry no distribution to protect); choose the statistical or correlated level'));
    }
    const plans = planColumns(input.metadata, structuralPlan);
    return independentModel(
      input.metadata, 'structural', 'structural', plans,
      'Each column drawn independently and uniformly within its disclosure-controlled domain from metadata.json; no real distribution or relationship is reproduced.',
    );
  },
};

/** The structural plan for one column. */
export function structuralPlan(column: MetadataColumn, metadata?: Metadata): ColumnPlan {
  const base = { name: column.name, type: column.type, format: column.format };
  const missing = `missing at ${formatRate(column.missing)}`;
  switch (column.type) {
    case 'numeric':
    case 'integer':
    case 'date':
    case 'datetime': {
      if (isUniqueIntegerKey(column)) return uniqueIntegerPlan(column);
      // Month-coarsened dates are spread over their months (see expandCoarsenedDates).
      const c = expandCoarsenedDates(column as NumberMetadataColumn, metadata?.disclosure);
      const range = `[${formatValueForNote(c.bounds.lower, c.type)}, ${formatValueForNote(c.bounds.upper, c.type)}]`;
      const { tails, note } = tailsFor(c, valueStepOf(c), metadata);
      return {
        column, missing: c.missing, draw: { kind: 'number', marginal: withTails(uniformNumberMarginal(c), tails) },
        decision: { ...base, action: 'modelled', detail: `uniform within the coded bounds ${range}${note}, step ${valueStepOf(c)}; ${missing}` },
      };
    }
    case 'categorical':
    case 'boolean': {
      const c = column as CategoryMetadataColumn;
      if (publishedCategoriesOf(c).length === 0) return emptyCategoryPlan(c);
      const marginal = uniformCategoryMarginal(c);
      const merged = c.other ? `; ${c.other.categories} rare categories merged in the metadata are not reproduced` : '';
      return {
        column, missing: c.missing, draw: { kind: 'category', marginal },
        decision: { ...base, action: 'modelled', detail: `uniform over the ${marginal.categories.length} published categories${merged}; ${missing}` },
      };
    }
    case 'text':
    case 'identifier':
      return fakePlan(column);
  }
}

import type { DisclosureSettings, RecordRule } from '../metadata';
import { findTableRules } from '../profile/tableRules';
import { columnsOfRule, countViolations } from '../recordRules';
import type { Table } from '../schema';
import type { RecordLogicReport, RuleCountReading, RuleReading } from './report';

export type { RecordLogicReport, RuleCountReading, RuleReading } from './report';

function reading(rule: RecordRule, table: Table): RuleCountReading | null {
  const c = countViolations(rule, table);
  return c && { ...c, rate: c.applicable > 0 ? c.violations / c.applicable : 0 };
}

/**
 * Record logic (issue 13): each rule every real record keeps — order, derived column, shared
 * missingness, natural range — with its violation rate in the real table and in the twin. The
 * rules are those of the metadata when given (the ones the twin was asked to keep), else found in
 * the real table as the profiler finds them (verified on every row, at least k rows each).
 */
export function evaluateRecordLogic(real: Table, synthetic: Table, rules: readonly RecordRule[] | null, settings: DisclosureSettings): RecordLogicReport {
  const chosen = rules ? rules.filter((r) => r.keep !== false) : findTableRules(real, settings);
  const readings: RuleReading[] = [];
  for (const r of chosen) {
    // A rule naming a column left out of the evaluation (or of the twin) cannot be read.
    const inReal = reading(r, real);
    const inTwin = reading(r, synthetic);
    if (inReal && inTwin) readings.push({ kind: r.kind, columns: columnsOfRule(r), rule: r.reason, real: inReal, synthetic: inTwin });
  }
  return { source: rules ? 'metadata' : 'real data', rules: readings, broken: readings.filter((r) => r.synthetic.violations > 0).length };
}

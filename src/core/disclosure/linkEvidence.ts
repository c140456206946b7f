import type { ControlRecord } from '../metadata';

/**
 * Evidence for a link or a diamond as published (issue 15 item 2): a share of distinct values
 * found in the parent, or of rows whose two paths agree, floored to 2 decimals so that 1 means
 * every one and no count can be read back from it (the numerator and denominator are never
 * published). Discovery reports only 1 or a share ≥ 0.99 ("all", or "all but at most 1%"); a
 * declared or added link reports its share whatever it is. Either way the figure is about key
 * values matching, never about a value or attribute of a person.
 */
export function publishedShare(x: number): number {
  return Math.floor(x * 100 + 1e-9) / 100;
}

/** The control record every linked dataset's metadata.json lists for its evidence figures. */
export function linkEvidenceControl(): ControlRecord {
  return {
    control: 'count-rounding',
    detail: 'link evidence: shares of distinct values found (and of rows where a diamond\'s paths agree), floored to 2 decimals (1 only when every one); no count published',
  };
}

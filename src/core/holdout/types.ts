// The split's shape, apart from the code that makes it (split.ts), so the evaluation report's
// type (read by the webview) loads no Node-only module.

/**
 * Which real records are held out: a person is held out when a seeded hash of its key falls below
 * `share`, so the split needs no second pass, no row count and no file, and is the same wherever
 * it is made again from (share, seed, personKey). Rows of one person always fall on the same side.
 * Recorded in recipes and evaluation reports as it is.
 */
export interface HoldoutSplit {
  /** Expected share of persons held out, in (0, 1). */
  share: number;
  seed: number;
  /** The column whose value identifies a person; absent: each row is its own person (its position in the file). */
  personKey?: string;
}

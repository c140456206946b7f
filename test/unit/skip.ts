/**
 * Skipping a test whose tool or data is missing, honestly: outside CI it is skipped with its
 * reason (the reporter's summary line counts skips by reason); under CI=true, where CI provides
 * chromium, pandas, Rscript, ../shared/data and code-server, the test fails instead, so a broken
 * CI image cannot pass by skipping.
 */

/** Reasons by the full title of the skipped test or suite; read by test/reporter.cjs. */
const REASONS_KEY = '__twinSkipReasons';

function reasons(): Map<string, string> {
  const g = globalThis as unknown as Record<string, Map<string, string> | undefined>;
  return (g[REASONS_KEY] ??= new Map());
}

/**
 * Returns when `available` is truthy; otherwise skips the running test (or, from a `before` hook,
 * its suite) saying why — or, under CI=true, throws so the test fails.
 */
export function requireOrSkip(ctx: Mocha.Context, available: unknown, reason: string): void {
  if (available) return;
  if (process.env.CI === 'true') throw new Error(`${reason}: CI provides this, so under CI=true the test fails instead of skipping`);
  skipBecause(ctx, reason);
}

/** Skips for a reason that CI does not change (e.g. running as root); never fails. */
export function skipBecause(ctx: Mocha.Context, reason: string): never {
  const runnable = ctx.test;
  // From a hook, the reason belongs to the suite whose tests the skip marks pending.
  const owner = runnable && (runnable as { type?: string }).type === 'hook' ? runnable.parent : runnable;
  if (owner) reasons().set(owner.fullTitle(), reason);
  ctx.skip();
}

// Mocha's spec reporter plus the plain closing line CI reads:
// "N passed, N failed, N skipped" and, when tests were skipped, how many for each reason
// (reasons recorded by test/unit/skip.ts; "no reason given" for a bare this.skip()).
const Mocha = require('mocha');
const { Spec } = Mocha.reporters;
const { EVENT_RUN_END, EVENT_TEST_PENDING } = Mocha.Runner.constants;

/** The recorded reason of a pending test: its own, else the nearest suite's. */
function reasonOf(test) {
  const reasons = globalThis.__twinSkipReasons;
  for (let r = test; r; r = r.parent) {
    const title = typeof r.fullTitle === 'function' ? r.fullTitle() : '';
    if (reasons && reasons.has(title)) return reasons.get(title);
  }
  return 'no reason given';
}

class TwinReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const skipped = new Map();
    runner.on(EVENT_TEST_PENDING, (test) => {
      const reason = reasonOf(test);
      skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
    });
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats;
      const why = [...skipped.entries()].map(([reason, n]) => `${n} × ${reason}`).join('; ');
      process.stdout.write(`\n${s.passes} passed, ${s.failures} failed, ${s.pending} skipped${why ? ` (${why})` : ''}\n`);
    });
  }
}
module.exports = TwinReporter;

// Mocha's spec reporter, plus one closing line "N passed, N failed" that CI reads.
const Mocha = require("mocha");
const { EVENT_RUN_END } = Mocha.Runner.constants;
class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats;
      process.nextTick(() => console.log(`\n${s.passes} passed, ${s.failures} failed${s.pending ? `, ${s.pending} skipped` : ""}`));
    });
  }
}
module.exports = SummaryReporter;

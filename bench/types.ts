/**
 * A benchmark case: one range-taking CRM function called the way Excel calls it. `npm run bench`
 * times `run` on `make(n)` for n = 10,000, 100,000 and 1,000,000 rows and compares it with a bare
 * loop over the same argument arrays measured in the same run.
 */
export interface BenchCase {
  /** The function as a user types it, e.g. "CRM.CHURN". */
  name: string;
  /** Expected growth: the runner checks linear cases against 3× the bare loop, nlogn more loosely. */
  complexity: "linear" | "nlogn";
  /** Excel-shaped, seeded, realistic arguments for n rows (ranges as any[][] of rows). */
  make(n: number): unknown[];
  /** Calls the custom function (the exported wrapper in src/functions) once. */
  run(args: unknown[]): unknown;
  /**
   * Not a CRM function but a yardstick printed beside them and left out of the targets, e.g. the
   * least any function that spills one row per input row must do.
   */
  reference?: true;
  /**
   * The function writes its spill into its argument arrays (as Excel hands every call fresh
   * ones, it may), so the runner puts them back, untimed, before each timed run and each bare
   * loop beside it.
   */
  reusesArgs?: true;
}

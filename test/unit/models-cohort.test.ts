import { expect } from "chai";
import { serialFromISO } from "../../src/metrics/dates";
import { isMetricError } from "../../src/metrics/errors";
import { CohortMatrix, cohortMatrix } from "../../src/metrics/models/cohort";

const d = (iso: string) => serialFromISO(iso)!;
const ok = (r: ReturnType<typeof cohortMatrix>): CohortMatrix => {
  if (isMetricError(r)) throw new Error(r.message);
  return r;
};

// a: Jan, Feb, Mar; b: Jan, Mar; c: Feb twice. Cohorts: January {a, b}, February {c}.
const IDS = ["a", "a", "b", "c", "b", "a", "c"];
const DATES = ["2024-01-05", "2024-02-10", "2024-01-20", "2024-02-03", "2024-03-15", "2024-03-01", "2024-02-28"].map(d);
const AMOUNTS = [10, 20, 40, 5, 60, 30, 15];

describe("models: cohort matrix", () => {
  it("gives each monthly cohort's share active in each month since acquisition", () => {
    const m = ok(cohortMatrix(IDS, DATES));
    expect(m.starts).to.deep.equal([d("2024-01-01"), d("2024-02-01")]);
    expect(m.sizes).to.deep.equal([2, 1]);
    // January: both in month 0, a in month 1, both in month 2.
    expect(m.shares[0]).to.deep.equal([1, 0.5, 1]);
    // February: c twice in month 0 counts once; nobody in March; April is past the data → null.
    expect(m.shares[1]).to.deep.equal([1, 0, null]);
  });

  it("with amounts, gives each month's revenue as a share of the cohort's first-month revenue", () => {
    const m = ok(cohortMatrix(IDS, DATES, { amounts: AMOUNTS }));
    // January cohort: month 0 = 10 + 40, month 1 = 20, month 2 = 60 + 30.
    expect(m.shares[0]).to.deep.equal([1, 20 / 50, 90 / 50]);
    expect(m.shares[1]).to.deep.equal([1, 0, null]);
  });

  it("is #DIV/0! in the row of a cohort whose first-period revenue is 0", () => {
    const m = ok(cohortMatrix(["a", "a"], [d("2024-01-05"), d("2024-02-05")], { amounts: [0, 10] }));
    const cell = m.shares[0][1];
    expect(isMetricError(cell) && cell.code).to.equal("#DIV/0!");
  });

  it("weeks start on Monday; days, quarters and years group as named", () => {
    // 2024-01-07 is a Sunday, 2024-01-08 a Monday.
    const w = ok(cohortMatrix(["a", "a"], [d("2024-01-03"), d("2024-01-08")], { period: "weeks" }));
    expect(w.starts).to.deep.equal([d("2024-01-01")]);
    expect(w.shares[0]).to.deep.equal([1, 1]);
    const sameWeek = ok(cohortMatrix(["a", "a"], [d("2024-01-01"), d("2024-01-07")], { period: "weeks" }));
    expect(sameWeek.shares[0]).to.deep.equal([1]);
    const q = ok(cohortMatrix(["a", "b", "a"], [d("2024-02-10"), d("2024-05-01"), d("2024-12-31")], { period: "quarters" }));
    expect(q.starts).to.deep.equal([d("2024-01-01"), d("2024-04-01")]);
    expect(q.shares[0]).to.deep.equal([1, 0, 0, 1]);
    expect(q.shares[1]).to.deep.equal([1, 0, 0, null]);
    const y = ok(cohortMatrix(["a", "a"], [d("2023-06-01"), d("2024-01-01")], { period: "years" }));
    expect(y.starts).to.deep.equal([d("2023-01-01")]);
    const days = ok(cohortMatrix(["a", "a"], [d("2024-01-01"), d("2024-01-03")], { period: "days" }));
    expect(days.shares[0]).to.deep.equal([1, 0, 1]);
  });

  it("orders cohorts by time whatever the row order, and skips periods that acquired nobody", () => {
    const m = ok(cohortMatrix(["late", "early"], [d("2024-04-02"), d("2024-01-15")]));
    expect(m.starts).to.deep.equal([d("2024-01-01"), d("2024-04-01")]);
    expect(m.sizes).to.deep.equal([1, 1]);
  });

  it("is #DIV/0! without purchases", () => {
    const r = cohortMatrix([], []);
    expect(isMetricError(r) && r.code).to.equal("#DIV/0!");
  });
});

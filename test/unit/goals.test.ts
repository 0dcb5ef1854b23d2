import { expect } from "chai";
import fc from "fast-check";
import { serialFromYMD } from "../../src/metrics/dates";
import { isMetricError } from "../../src/metrics/errors";
import { expectedProgress, goalStatus, progress } from "../../src/metrics/goals";

const codeOf = (r: unknown): string => (isMetricError(r) ? r.code : "value");

describe("progress", () => {
  it("is the share of the distance from baseline to target, in either direction", () => {
    expect(progress(0.08, 0.065, 0.05)).to.be.closeTo(0.5, 1e-12);
    expect(progress(0, 9, 12)).to.equal(0.75);
    expect(progress(0, 15, 12)).to.equal(1.25);
    expect(progress(100, 120, 50)).to.equal(-0.4);
  });
  it("is #DIV/0! when target = baseline and #NUM! for non-finite input", () => {
    expect(codeOf(progress(5, 6, 5))).to.equal("#DIV/0!");
    expect(codeOf(progress(NaN, 6, 5))).to.equal("#NUM!");
  });
  it("is 0 at the baseline and 1 at the target for any distinct pair", () => {
    const n = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(fc.property(n, n, (b, t) => b === t || (progress(b, b, t) === 0 && progress(b, t, t) === 1)));
  });
});

describe("expectedProgress", () => {
  const start = serialFromYMD(2024, 1, 1);
  const end = serialFromYMD(2024, 1, 11);
  it("runs in a straight line from 0 on the start day to 1 on the deadline", () => {
    expect(expectedProgress(start, end, start)).to.equal(0);
    expect(expectedProgress(start, end, start + 5)).to.equal(0.5);
    expect(expectedProgress(start, end, start + 5.9)).to.equal(0.5);
    expect(expectedProgress(start, end, end)).to.equal(1);
    expect(expectedProgress(start, end, start - 3)).to.equal(0);
    expect(expectedProgress(start, end, end + 3)).to.equal(1);
  });
});

describe("goalStatus", () => {
  const start = serialFromYMD(2024, 1, 1);
  const end = serialFromYMD(2024, 1, 11);
  const mid = start + 5;
  it("is On track on the line, At risk down to 10 points below, Behind under that", () => {
    expect(goalStatus(0, 50, 100, start, end, mid)).to.equal("On track");
    expect(goalStatus(0, 40, 100, start, end, mid)).to.equal("At risk");
    expect(goalStatus(0, 39.9, 100, start, end, mid)).to.equal("Behind");
    expect(goalStatus(0, 100, 100, start, end, mid)).to.equal("Achieved");
  });
  it("keeps boundaries on the better side despite rounding (0.3 − 0.1)", () => {
    // on day 3 of 10 the line is at 0.3; 20 of 100 is exactly 10 points below
    expect(goalStatus(0, 20, 100, start, end, start + 3)).to.equal("At risk");
    expect(goalStatus(0, 0.3, 1, start, end, start + 3)).to.equal("On track");
  });
  it("is Achieved or Missed after the deadline day", () => {
    expect(goalStatus(0, 99, 100, start, end, end + 1)).to.equal("Missed");
    expect(goalStatus(0, 101, 100, start, end, end + 1)).to.equal("Achieved");
    expect(goalStatus(0, 99, 100, start, end, end + 0.99)).to.equal("At risk");
  });
  it("is #NUM! for a deadline before the start, #DIV/0! for target = baseline", () => {
    expect(codeOf(goalStatus(0, 5, 10, end, start, mid))).to.equal("#NUM!");
    expect(codeOf(goalStatus(10, 10, 10, start, end, mid))).to.equal("#DIV/0!");
    expect(codeOf(goalStatus(0, 5, 10, start, end, NaN))).to.equal("#NUM!");
  });
  it("is the same for a goal and its mirror image (lower is better)", () => {
    const n = fc.double({ min: -1000, max: 1000, noNaN: true });
    const day = fc.integer({ min: -20, max: 40 });
    fc.assert(fc.property(n, n, n, day, (b, c, t, d) => b === t || goalStatus(b, c, t, start, end, start + d) === goalStatus(-b, -c, -t, start, end, start + d)));
  });
  it("never gets a better status with less progress", () => {
    const rank = { Missed: 0, Behind: 1, "At risk": 2, "On track": 3, Achieved: 4 } as const;
    const p = fc.double({ min: -2, max: 2, noNaN: true });
    fc.assert(
      fc.property(p, p, fc.integer({ min: -5, max: 15 }), (a, b, d) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const sLo = goalStatus(0, lo, 1, start, end, start + d) as keyof typeof rank;
        const sHi = goalStatus(0, hi, 1, start, end, start + d) as keyof typeof rank;
        return rank[sLo] <= rank[sHi];
      }),
    );
  });
});

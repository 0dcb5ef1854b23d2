import { expect } from "chai";
import fc from "fast-check";
import { isMetricError, MetricError } from "../../src/metrics/errors";
import { churnCounts, churnFromDates, churnFromFlags, grr, mrrTotals, nrr, renewal, retention } from "../../src/metrics/retention";

/** The error code of a result, or "value" for a number. */
const codeOf = (r: unknown): string => (isMetricError(r) ? r.code : "value");

describe("churnFromFlags", () => {
  it("is churned ÷ customers, blanks in neither", () => {
    expect(churnFromFlags([true, false, false, null, true])).to.equal(0.5);
    expect(churnFromFlags([false, false, false])).to.equal(0);
    expect(churnFromFlags([true])).to.equal(1);
  });
  it("is #DIV/0! without a customer", () => {
    expect(codeOf(churnFromFlags([]))).to.equal("#DIV/0!");
    expect(codeOf(churnFromFlags([null, null]))).to.equal("#DIV/0!");
  });
});

describe("churnCounts and churnFromDates", () => {
  const from = 45292; // 2024-01-01
  const to = 45382; // 2024-03-31
  it("counts the JSDoc example: 3 active at start, 1 lost", () => {
    expect(churnCounts([45300, null, 45420, 45200], [45000, 45000, 45100, 45010], from, to)).to.deep.equal({ activeAtStart: 3, lost: 1 });
    expect(churnFromDates([45300, null, 45420, 45200], [45000, 45000, 45100, 45010], from, to)).to.equal(1 / 3);
  });
  it("counts a start on the first day as new, an end on the first or last day as lost", () => {
    // start on day one: new; end on day one or the last day: active at start and lost.
    expect(churnCounts([null, from, to], [from, from - 1, from - 1], from, to)).to.deep.equal({ activeAtStart: 2, lost: 2 });
    // ended the day before: not active at start; ended the day after: kept.
    expect(churnCounts([from - 1, to + 1], [from - 10, from - 10], from, to)).to.deep.equal({ activeAtStart: 1, lost: 0 });
  });
  it("leaves a customer who joins and leaves inside the period out of both counts", () => {
    expect(churnCounts([from + 20, null], [from + 5, from - 5], from, to)).to.deep.equal({ activeAtStart: 1, lost: 0 });
  });
  it("drops the time of day from every date, the period included", () => {
    expect(churnCounts([to + 0.99], [from - 0.5], from + 0.7, to + 0.2)).to.deep.equal({ activeAtStart: 1, lost: 1 });
    // a start late on the first day is still a start on the first day: new
    expect(churnCounts([null, null], [from + 0.9, from - 1], from, to)).to.deep.equal({ activeAtStart: 1, lost: 0 });
  });
  it("skips rows blank in both arrays", () => {
    expect(churnCounts([null, null, 45300], [null, 45000, 45000], from, to)).to.deep.equal({ activeAtStart: 2, lost: 1 });
  });
  it("is #VALUE! naming the row for an end date without a start date", () => {
    const r = churnCounts([null, 45300], [45000, null], from, to) as MetricError;
    expect(r.code).to.equal("#VALUE!");
    expect(r.message).to.match(/start_dates row 2 is blank/);
  });
  it("is #NUM! for an end before its start, anywhere", () => {
    expect(codeOf(churnCounts([null, 40000], [45000, 40001], from, to))).to.equal("#NUM!");
  });
  it("is #NUM! for a period that ends before it starts, and accepts a one-day period", () => {
    expect(codeOf(churnFromDates([null], [45000], to, from))).to.equal("#NUM!");
    expect(churnFromDates([from, null], [45000, 45000], from, from)).to.equal(0.5);
  });
  it("is #NUM! for a date that is not finite", () => {
    expect(codeOf(churnFromDates([NaN], [45000], from, to))).to.equal("#NUM!");
    expect(codeOf(churnFromDates([null], [Infinity], from, to))).to.equal("#NUM!");
    expect(codeOf(churnFromDates([null], [45000], NaN, to))).to.equal("#NUM!");
  });
  it("is #DIV/0! with no customer active at the start", () => {
    expect(codeOf(churnFromDates([null, 45200], [from, 45000], from, to))).to.equal("#DIV/0!");
    expect(codeOf(churnFromDates([], [], from, to))).to.equal("#DIV/0!");
  });
  it("is #VALUE! for arrays of different length", () => {
    expect(codeOf(churnFromDates([null, null], [45000], from, to))).to.equal("#VALUE!");
  });
});

describe("retention and renewal", () => {
  it("retention is (E − N) ÷ S: seed 002, 90, 10, 100 → 0.8", () => {
    expect(retention(90, 10, 100)).to.equal(0.8);
    expect(retention(10, 10, 100)).to.equal(0);
    expect(retention(110, 10, 100)).to.equal(1);
  });
  it("retention rejects impossible or bad counts before a zero start", () => {
    expect(codeOf(retention(10, 11, 100))).to.equal("#NUM!");
    expect(codeOf(retention(111, 10, 100))).to.equal("#NUM!");
    expect(codeOf(retention(5, 0, 0))).to.equal("#NUM!");
    expect(codeOf(retention(-1, 0, 10))).to.equal("#NUM!");
    expect(codeOf(retention(1.5, 0, 10))).to.equal("#NUM!");
    expect(codeOf(retention(5, 5, 0))).to.equal("#DIV/0!");
  });
  it("renewal is renewed ÷ up for renewal: seed 002, 900 of 1,000 → 0.9", () => {
    expect(renewal(900, 1000)).to.equal(0.9);
    expect(renewal(600, 1000)).to.equal(0.6);
  });
  it("renewal rejects more renewals than renewable customers, and bad counts", () => {
    expect(codeOf(renewal(1001, 1000))).to.equal("#NUM!");
    expect(codeOf(renewal(1, 0))).to.equal("#NUM!");
    expect(codeOf(renewal(0, 0))).to.equal("#DIV/0!");
    expect(codeOf(renewal(NaN, 10))).to.equal("#NUM!");
  });
});

describe("mrrTotals, nrr and grr", () => {
  it("sums rows with a start MRR above zero, a blank end counting as 0", () => {
    expect(mrrTotals([100, 200, null, 50], [120, 150, 80, null])).to.deep.equal({ start: 350, end: 270, kept: 250 });
    expect(mrrTotals([0, 100], [500, 100])).to.deep.equal({ start: 100, end: 100, kept: 100 });
  });
  it("nrr counts expansion, grr caps each customer at its start", () => {
    expect(nrr([100, 100, 100], [400, 80, 100])).to.be.closeTo(580 / 300, 1e-12);
    expect(grr([100, 100, 100], [400, 80, 100])).to.be.closeTo(280 / 300, 1e-12);
  });
  it("is #NUM! for a negative or non-finite MRR, on any row", () => {
    expect(codeOf(nrr([100, 0], [100, -5]))).to.equal("#NUM!");
    expect(codeOf(grr([100, -1], [100, 5]))).to.equal("#NUM!");
    expect(codeOf(grr([100], [NaN]))).to.equal("#NUM!");
    expect(codeOf(nrr([Infinity], [1]))).to.equal("#NUM!");
  });
  it("is #DIV/0! without a customer whose start MRR is above zero", () => {
    expect(codeOf(nrr([0, null], [10, 10]))).to.equal("#DIV/0!");
    expect(codeOf(grr([], []))).to.equal("#DIV/0!");
  });
  it("is #VALUE! for arrays of different length", () => {
    expect(codeOf(nrr([1, 2], [1]))).to.equal("#VALUE!");
  });
});

// ---- properties: bounds for valid inputs, and never a throw for any input ----

const day = fc.integer({ min: 40000, max: 47000 });
/** A customer: start, and an end on or after it or none. */
const customer = fc.tuple(day, fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null })).map(([s, len]) => ({ start: s, end: len === null ? null : s + len }));

describe("retention properties", () => {
  it("dated churn is in 0…1 and matches a day-by-day reading of the definition", () => {
    fc.assert(
      fc.property(fc.array(customer, { maxLength: 60 }), day, fc.integer({ min: 0, max: 400 }), (cs, from, len) => {
        const to = from + len;
        const r = churnFromDates(
          cs.map((c) => c.end),
          cs.map((c) => c.start),
          from,
          to,
        );
        // Active on day d: started by d and not ended before d.
        const activeOn = (c: { start: number; end: number | null }, d: number) => c.start <= d && (c.end === null || c.end >= d);
        const atStart = cs.filter((c) => activeOn(c, from - 1) && activeOn(c, from));
        const lost = atStart.filter((c) => !activeOn(c, to + 1));
        if (atStart.length === 0) return codeOf(r) === "#DIV/0!";
        return typeof r === "number" && r >= 0 && r <= 1 && r === lost.length / atStart.length;
      }),
    );
  });
  it("flag churn is in 0…1", () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.boolean(), { nil: null })), (flags) => {
        const r = churnFromFlags(flags);
        return flags.every((f) => f === null) ? codeOf(r) === "#DIV/0!" : typeof r === "number" && r >= 0 && r <= 1;
      }),
    );
  });
  it("retention and renewal are in 0…1 for consistent counts", () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), fc.nat(10_000), (start, keptRaw, added) => {
        const kept = Math.min(keptRaw, start);
        const r = retention(kept + added, added, start);
        const n = renewal(kept, start);
        if (start === 0) return codeOf(r) === "#DIV/0!" && codeOf(n) === "#DIV/0!";
        return r === kept / start && r >= 0 && r <= 1 && n === r;
      }),
    );
  });
  it("GRR is in 0…1, NRR ≥ GRR, for non-negative MRR", () => {
    // MRR in cents, as money is; denormal doubles would only test overflow, covered below.
    const mrr = fc.option(fc.integer({ min: 0, max: 1e9 }).map((cents) => cents / 100), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.tuple(mrr, mrr), { maxLength: 80 }), (rows) => {
        const s = rows.map((r) => r[0]);
        const e = rows.map((r) => r[1]);
        const g = grr(s, e);
        const n = nrr(s, e);
        if (!s.some((x) => x !== null && x > 0)) return codeOf(g) === "#DIV/0!" && codeOf(n) === "#DIV/0!";
        return typeof g === "number" && typeof n === "number" && g >= 0 && g <= 1 && n >= g;
      }),
    );
  });
  it("never throw, whatever numbers arrive", () => {
    const any = fc.option(fc.double(), { nil: null });
    fc.assert(
      fc.property(fc.array(any), fc.array(any), fc.double(), fc.double(), (a, b, x, y) => {
        for (const f of [() => churnFromDates(a, b, x, y), () => nrr(a, b), () => grr(a, b), () => retention(x, y, x), () => renewal(x, y)]) {
          const r = f();
          if (!isMetricError(r) && !(typeof r === "number" && Number.isFinite(r))) return false;
        }
        return true;
      }),
    );
  });
});

import { expect } from "chai";
import fc from "fast-check";
import { isMetricError, MetricError } from "../../src/metrics/errors";
import { ces, columnRanges, csat, healthScale, healthScore, healthScores, leadRulesOf, widenRange, leadScores, nps, resolutionTime } from "../../src/metrics/experience";

const codeOf = (r: unknown): string => (isMetricError(r) ? r.code : "value");

describe("nps", () => {
  it("is % promoters − % detractors on both scales", () => {
    expect(nps([10, 9, 9, 8, 7, 6, 0, 10, 5, 9])).to.equal(20);
    expect(nps([5, 4, 4, 3, 2, 1], 5)).to.be.closeTo(100 / 6, 1e-12);
    expect(nps([6, 6])).to.equal(-100);
  });
  it("is #NUM! outside the scale, NaN included, and #DIV/0! with no answers", () => {
    expect(codeOf(nps([11]))).to.equal("#NUM!");
    expect(codeOf(nps([0], 5))).to.equal("#NUM!");
    expect(codeOf(nps([NaN]))).to.equal("#NUM!");
    expect(codeOf(nps([]))).to.equal("#DIV/0!");
  });
  it("stays within -100…100 for any answers on the scale", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1 }), (scores) => {
        const r = nps(scores) as number;
        return r >= -100 && r <= 100;
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 5, noNaN: true }), { minLength: 1 }), (scores) => {
        const r = nps(scores, 5) as number;
        return r >= -100 && r <= 100;
      }),
    );
  });
});

describe("csat", () => {
  it("counts the top two boxes: 4–5 by default, scale − 1 and up otherwise", () => {
    expect(csat([5, 4, 3, 5, 2])).to.equal(0.6);
    expect(csat([3, 3])).to.equal(0);
    expect(csat([10, 9, 8], 10)).to.be.closeTo(2 / 3, 1e-12);
    expect(csat([3, 2, 1], 3)).to.be.closeTo(2 / 3, 1e-12);
  });
  it("is #NUM! for a score outside 1..scale or a bad scale, #DIV/0! with no answers", () => {
    expect(codeOf(csat([6]))).to.equal("#NUM!");
    expect(codeOf(csat([0.5]))).to.equal("#NUM!");
    expect(codeOf(csat([NaN]))).to.equal("#NUM!");
    expect(codeOf(csat([1], 2))).to.equal("#NUM!");
    expect(codeOf(csat([1], 4.5))).to.equal("#NUM!");
    expect(codeOf(csat([]))).to.equal("#DIV/0!");
  });
  it("is a fraction in 0..1 for any numbers, or an error", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: false })), fc.integer({ min: -3, max: 12 }), (scores, scale) => {
        const r = csat(scores, scale);
        return isMetricError(r) || (r >= 0 && r <= 1);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 11 }).chain((scale) => fc.tuple(fc.constant(scale), fc.array(fc.integer({ min: 1, max: scale }), { minLength: 1 }))), ([scale, scores]) => {
        const r = csat(scores, scale) as number;
        return r >= 0 && r <= 1 && r === scores.filter((s) => s >= scale - 1).length / scores.length;
      }),
    );
  });
});

describe("ces", () => {
  it("is the mean answer", () => {
    expect(ces([2, 3, 5, 6])).to.equal(4);
    expect(ces([7])).to.equal(7);
    expect(ces([1, 2], 2)).to.equal(1.5);
  });
  it("is #NUM! outside 1..scale or for a bad scale, #DIV/0! with no answers", () => {
    expect(codeOf(ces([8]))).to.equal("#NUM!");
    expect(codeOf(ces([0]))).to.equal("#NUM!");
    expect(codeOf(ces([6], 5))).to.equal("#NUM!");
    expect(codeOf(ces([1], 1))).to.equal("#NUM!");
    expect(codeOf(ces([1], 7.5))).to.equal("#NUM!");
    expect(codeOf(ces([]))).to.equal("#DIV/0!");
  });
});

describe("resolutionTime", () => {
  const opened = [1, 1.25, 2, 3, null];
  const resolved = [1.5, 2.25, null, 3.125, null];
  const agents = ["Sari", "Budi", "Budi", "sari", null];
  it("averages resolved tickets, in hours by default", () => {
    // 12 h, 24 h, 3 h → 13 h; the open ticket and the empty row are skipped
    expect(resolutionTime(opened, resolved)).to.be.closeTo(13, 1e-9);
    expect(resolutionTime(opened, resolved, { unit: "days" })).to.be.closeTo(13 / 24, 1e-12);
    expect(resolutionTime(opened, resolved, { unit: "minutes" })).to.be.closeTo(780, 1e-7);
  });
  it("filters by agent ignoring case; #N/A for an agent with no ticket", () => {
    expect(resolutionTime(opened, resolved, { agents, agent: "SARI" })).to.be.closeTo(7.5, 1e-9);
    expect(resolutionTime(opened, resolved, { agents, agent: "budi" })).to.be.closeTo(24, 1e-9);
    expect(resolutionTime(opened, resolved, { agents })).to.be.closeTo(13, 1e-9);
    const missing = resolutionTime(opened, resolved, { agents, agent: "Rina" });
    expect(codeOf(missing)).to.equal("#N/A");
    expect((missing as MetricError).message).to.match(/Rina/);
  });
  it("is #DIV/0! with nothing resolved, for everyone or for the agent", () => {
    expect(codeOf(resolutionTime([1, 2], [null, null]))).to.equal("#DIV/0!");
    expect(codeOf(resolutionTime([1, 2], [1.5, null], { agents: ["A", "B"], agent: "B" }))).to.equal("#DIV/0!");
    expect(codeOf(resolutionTime([], []))).to.equal("#DIV/0!");
  });
  it("is #NUM! when resolved before opened, even on another agent's ticket", () => {
    expect(codeOf(resolutionTime([2], [1.5]))).to.equal("#NUM!");
    expect(codeOf(resolutionTime([1, 2], [1.5, 1.9], { agents: ["A", "B"], agent: "A" }))).to.equal("#NUM!");
    expect(codeOf(resolutionTime([NaN], [1]))).to.equal("#NUM!");
  });
  it("matches the agent literally, ignoring case and outer spaces", () => {
    const names = ["A.B (ops)", "axb (ops)", " a.b (OPS) ", "A.B (ops)"];
    expect(resolutionTime([1, 1, 1, 1], [1.5, 2, 1.25, 2], { agents: names, agent: "a.b (ops)" })).to.be.closeTo(14, 1e-9);
  });
  it("counts a ticket resolved the moment it opened as zero", () => {
    expect(resolutionTime([1, 2], [1, 2.5])).to.be.closeTo(6, 1e-9);
  });
  it("is #VALUE! for mismatched lengths, a resolved date without an opened one, or an agent without agents", () => {
    expect(codeOf(resolutionTime([1, 2], [1.5]))).to.equal("#VALUE!");
    expect(codeOf(resolutionTime([1], [1.5], { agents: ["A", "B"] }))).to.equal("#VALUE!");
    expect(codeOf(resolutionTime([null], [1.5]))).to.equal("#VALUE!");
    expect(codeOf(resolutionTime([1], [1.5], { agent: "A" }))).to.equal("#VALUE!");
  });
  it("is never negative for tickets in order", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 50000, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true })), { minLength: 1 }), (t) => {
        const r = resolutionTime(
          t.map(([o]) => o),
          t.map(([o, d]) => o + d),
        ) as number;
        return r >= 0 && r <= 100 * 24 * (1 + 1e-9);
      }),
    );
  });
});

describe("healthScores", () => {
  it("scales by each column's min and max and flips negative weights", () => {
    expect(healthScores([10, 1, 20, 3, 30, 2], 2, [1, -1])).to.deep.equal([50, 25, 75]);
  });
  it("normalises by the sum of |weights|, so doubling every weight changes nothing", () => {
    const a = healthScores([10, 1, 20, 3, 30, 2], 2, [3, -1]) as number[];
    const b = healthScores([10, 1, 20, 3, 30, 2], 2, [6, -2]) as number[];
    expect(a).to.deep.equal(b);
    // row 2: (3 · 0.5 + 1 · 0) / 4
    expect(a[1]).to.be.closeTo(37.5, 1e-12);
  });
  it("uses bounds, one per column or one for all, and clamps", () => {
    expect(healthScores([-5, 50, 150], 1, [1], { lower: [0], upper: [100] })).to.deep.equal([0, 50, 100]);
    expect(healthScores([0, 50, 100, 25], 2, [1, 1], { lower: [0], upper: [200] })).to.deep.equal([12.5, 31.25]);
    expect(healthScores([0, 50, 100, 25], 2, [1, 1], { lower: [null, 0], upper: [null, 50] })).to.deep.equal([50, 75]);
  });
  it("leaves blank cells out of their row; an all-blank row is null", () => {
    expect(healthScores([0, 0, null, 5, 10, 10, null, null], 2, [1, 1])).to.deep.equal([0, 50, 100, null]);
  });
  it("leaves out a column with no spread, and a weight of zero", () => {
    expect(healthScores([0, 4, 10, 4], 2, [1, 1])).to.deep.equal([0, 100]);
    expect(healthScores([0, 9, 10, 1], 2, [1, 0])).to.deep.equal([0, 100]);
    // all values of column 1 below the one bound given: nothing to tell apart
    expect(healthScores([1, 0, 2, 10], 2, [1, 1], { lower: [5, null] })).to.deep.equal([0, 100]);
  });
  it("is #DIV/0! in a row with nothing usable; #DIV/0! overall when all weights are zero", () => {
    const r = healthScores([5, 1, 5, null], 2, [1, 1]) as unknown[];
    expect(codeOf(r[0])).to.equal("#DIV/0!");
    expect(codeOf(healthScores([1, 2], 1, [0]))).to.equal("#DIV/0!");
  });
  it("is #VALUE! for mismatched weights, bounds or shape; #NUM! for bounds out of order or non-finite input", () => {
    expect(codeOf(healthScores([1, 2], 2, [1]))).to.equal("#VALUE!");
    expect(codeOf(healthScores([1, 2, 3], 2, [1, 1]))).to.equal("#VALUE!");
    expect(codeOf(healthScores([1, 2], 2, [1, 1], { upper: [1, 2, 3] }))).to.equal("#VALUE!");
    expect(codeOf(healthScores([1, 2], 1, [1], { lower: [3], upper: [3] }))).to.equal("#NUM!");
    expect(codeOf(healthScores([1, NaN], 1, [1]))).to.equal("#NUM!");
    expect(codeOf(healthScores([1, 2], 1, [Infinity]))).to.equal("#NUM!");
  });
  it("is always 0..100 (or a row error or blank) for any numeric inputs", () => {
    const table = fc.integer({ min: 1, max: 5 }).chain((cols) =>
      fc.tuple(
        fc.constant(cols),
        fc.array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }), { minLength: cols, maxLength: cols * 8 }).map((v) => v.slice(0, v.length - (v.length % cols))),
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: cols, maxLength: cols }),
        fc.option(fc.array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }), { minLength: cols, maxLength: cols }), { nil: undefined }),
      ),
    );
    fc.assert(
      fc.property(table, ([cols, values, weights, lower]) => {
        const r = healthScores(values, cols, weights, { lower });
        if (isMetricError(r)) return true;
        return r.length === values.length / cols && r.every((s) => s === null || isMetricError(s) || (s >= 0 && s <= 100));
      }),
      { numRuns: 500 },
    );
  });
});

const rows = (...r: unknown[][]) => r.flat() as (string | number | boolean | null)[];

describe("healthScale and healthScore (healthScores in pieces)", () => {
  it("widens each column's own range, passing blanks over, and scales with the bounds given", () => {
    const own = columnRanges(2);
    for (const [j, v] of [[0, 4], [0, NaN], [0, 2], [1, 10], [1, 30], [0, 9]] as const) widenRange(own, 2, j, v);
    expect(Array.from(own)).to.deep.equal([2, 10, 9, 30]);
    // Column 2's lower bound 20 replaces its own 10; its negative weight flips it.
    const scale = healthScale(own, [2, -1], { lower: [null, 20] });
    expect(Array.from(scale as Float64Array)).to.deep.equal([2, 20, 9, 30, 1, 0.5, 0, 1]);
    // (4 − 2)/7 weighted 1, 1 − (25 − 20)/10 weighted 0.5: (2/7 + 0.25) / 1.5.
    expect(healthScore(scale as Float64Array, [4, 25], 0)).to.be.closeTo((100 * (2 / 7 + 0.25)) / 1.5, 1e-12);
    expect(healthScore(scale as Float64Array, [NaN, NaN], 0)).to.be.NaN;
  });

  it("gives healthScores' errors: weights that do not fit, bounds out of order, a bad cell after both", () => {
    const own = Float64Array.of(0, 1);
    expect((healthScale(own, [1, 2]) as MetricError).code).to.equal("#VALUE!");
    expect((healthScale(own, [1], { lower: [5], upper: [5] }) as MetricError).message).to.match(/upper bound 5 is not above lower bound 5/);
    expect((healthScale(own, [0]) as MetricError).code).to.equal("#DIV/0!");
    expect((healthScale(own, [1], {}, { at: 3, value: Infinity }) as MetricError).message).to.match(/value Infinity in row 4, column 1/);
  });
});

describe("leadRulesOf", () => {
  it("reads field, condition, points rows, skipping a header row and blank rows", () => {
    expect(leadRulesOf(rows(["field", "condition", "points"], ["city", "=Jakarta", 10], [null, null, null], ["visits", null, -2]))).to.deep.equal([
      { field: "city", condition: "=Jakarta", points: 10, row: 2 },
      { field: "visits", condition: null, points: -2, row: 4 },
    ]);
  });
  it("is #VALUE! for a missing field, non-numeric points below the first row, or a ragged table", () => {
    expect(codeOf(leadRulesOf(rows(["city", "x", 1], [null, "x", 2])))).to.equal("#VALUE!");
    expect(codeOf(leadRulesOf(rows(["city", "x", 1], ["city", "y", "ten"])))).to.equal("#VALUE!");
    expect(codeOf(leadRulesOf(rows(["city", "x", "10"])))).to.equal("#VALUE!");
    expect(codeOf(leadRulesOf(rows(["city", "x"])))).to.equal("#VALUE!");
  });
});

describe("leadScores", () => {
  const leads = rows(["City", "visits", "email", "signup"], ["Jakarta", 12, "a@gmail.com", "2024-03-05"], ["bandung", "3", null, 45300], [null, null, null, null], ["JAKARTA ", true, "b@corp.id", null]);
  const score = (condition: string | number | null, field = "visits") => leadScores(leads, 4, [{ field, condition, points: 1 }]);
  it("applies every operator", () => {
    expect(score("=12")).to.deep.equal([1, 0, null, 0]);
    expect(score(12)).to.deep.equal([1, 0, null, 0]);
    expect(score("<>12")).to.deep.equal([0, 1, null, 1]);
    expect(score(">3")).to.deep.equal([1, 0, null, 0]);
    expect(score(">=3")).to.deep.equal([1, 1, null, 0]);
    expect(score("<12")).to.deep.equal([0, 1, null, 0]);
    expect(score("<=12")).to.deep.equal([1, 1, null, 0]);
    expect(score(null)).to.deep.equal([1, 1, null, 1]);
    expect(score("=TRUE")).to.deep.equal([0, 0, null, 1]);
    expect(score("jakarta", "city")).to.deep.equal([1, 0, null, 1]);
    expect(score("contains GMAIL", "email")).to.deep.equal([1, 0, null, 0]);
    expect(score("=", "email")).to.deep.equal([0, 1, null, 0]);
    expect(score("<>", "email")).to.deep.equal([1, 0, null, 1]);
  });
  it("takes operands literally (no wildcards or patterns) and ignores outer spaces in cells", () => {
    const table = rows(["tag"], ["a.b"], ["axb"], ["  A.B "], ["c++ dev"], ["\u00a0"]);
    const one = (condition: string) => leadScores(table, 1, [{ field: "tag", condition, points: 1 }]);
    expect(one("=a.b")).to.deep.equal([1, 0, 1, 0, null]);
    expect(one("<>a.b")).to.deep.equal([0, 1, 0, 1, null]);
    expect(one("contains C++")).to.deep.equal([0, 0, 0, 1, null]);
    expect(one("a*")).to.deep.equal([0, 0, 0, 0, null]);
  });
  it("treats text of spaces as a blank cell under every operator", () => {
    const table = rows(["n", "t"], ["  ", "\u00a0"], ["  ", "y"], [5, " x "]);
    const one = (field: string, condition: string | null) => leadScores(table, 2, [{ field, condition, points: 1 }]);
    // Row 1 is all blank, so null whatever the rule; row 2 has a blank n beside a real t.
    expect(one("n", "=5")).to.deep.equal([null, 0, 1]);
    expect(one("n", "<>5")).to.deep.equal([null, 1, 0]);
    expect(one("n", ">0")).to.deep.equal([null, 0, 1]);
    expect(one("n", "<=5")).to.deep.equal([null, 0, 1]);
    expect(one("n", "=")).to.deep.equal([null, 1, 0]);
    expect(one("n", "<>")).to.deep.equal([null, 0, 1]);
    expect(one("n", null)).to.deep.equal([null, 0, 1]);
    expect(one("n", "contains 5")).to.deep.equal([null, 0, 1]);
    expect(one("t", "x")).to.deep.equal([null, 0, 1]);
    expect(one("t", "<>x")).to.deep.equal([null, 1, 0]);
    expect(one("t", "contains x")).to.deep.equal([null, 0, 1]);
  });
  it("compares dates given as ISO text with date serials", () => {
    // 2024-03-05 is serial 45356; 45300 is 2024-01-09
    expect(score(">=2024-02-01", "signup")).to.deep.equal([1, 0, null, 0]);
    expect(score("<2024-02-01", "signup")).to.deep.equal([0, 1, null, 0]);
    expect(score("=2024-01-09", "signup")).to.deep.equal([0, 1, null, 0]);
  });
  it("sums points over rules, negative points included", () => {
    const r = leadScores(leads, 4, [
      { field: "city", condition: "Jakarta", points: 10 },
      { field: "visits", condition: ">5", points: 5 },
      { field: "email", condition: "contains gmail", points: -3 },
    ]);
    expect(r).to.deep.equal([12, 0, null, 10]);
  });
  it("is #N/A for a field not in the header, #VALUE! for a bad condition or a table without rows", () => {
    expect(codeOf(score(null, "budget"))).to.equal("#N/A");
    expect(codeOf(score(">lots"))).to.equal("#VALUE!");
    expect(codeOf(score("contains"))).to.equal("#VALUE!");
    expect(codeOf(score(">"))).to.equal("#VALUE!");
    expect(codeOf(leadScores(["a", "b"], 2, []))).to.equal("#VALUE!");
    expect(codeOf(leadScores(["a", "b", 1], 2, []))).to.equal("#VALUE!");
  });
  it("gives one score per data row whatever the cells and rules", () => {
    const cell = fc.oneof(fc.constant(null), fc.double({ noNaN: true }), fc.string(), fc.boolean());
    const condition = fc.oneof(fc.constant(null), fc.constantFrom("=a", "<>1", ">0", ">=2024-01-01", "<5", "<=-1", "contains b", "x", "=", "<>"));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 20 }), fc.array(fc.tuple(fc.constantFrom("a", "b", "c"), condition, fc.integer({ min: -10, max: 10 }))), (data, rs) => {
        const r = leadScores(rows(["a", "b", "c"], ...data), 3, rs.map(([field, condition, points]) => ({ field, condition, points })));
        if (isMetricError(r)) return false;
        const most = rs.reduce((s, [, , p]) => s + Math.abs(p), 0);
        return r.length === data.length && r.every((s) => s === null || Math.abs(s) <= most);
      }),
    );
  });
});

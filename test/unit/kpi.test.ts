import { expect } from "chai";
import fc from "fast-check";
import { kpi, nameProblem } from "../../src/metrics/kpi";
import { isMetricError } from "../../src/metrics/errors";

const codeOf = (r: unknown) => (isMetricError(r) ? r.code : r);
const messageOf = (r: unknown) => (isMetricError(r) ? r.message : `no error, the result was ${String(r)}`);

describe("kpi", () => {
  it("computes a win rate from two ranges, each summed: 30 won of 50 → 0.6", () => {
    expect(kpi("won / (won + lost)", [["won", [12, 18]], ["lost", [20]]])).to.equal(0.6);
  });
  it("treats a single number like a one-cell range", () => {
    expect(kpi("won / (won + lost)", [["won", 30], ["lost", 20]])).to.equal(0.6);
  });
  it("keeps a range a list inside sum, mean, median, min, max and count", () => {
    const deal: [string, number[]] = ["deal", [5, 1, 9, 3]];
    expect(kpi("sum(deal)", [deal])).to.equal(18);
    expect(kpi("mean(deal)", [deal])).to.equal(4.5);
    expect(kpi("median(deal)", [deal])).to.equal(4);
    expect(kpi("min(deal)", [deal])).to.equal(1);
    expect(kpi("max(deal)", [deal])).to.equal(9);
    expect(kpi("count(deal)", [deal])).to.equal(4);
    expect(kpi("median(deal, 100)", [deal])).to.equal(5);
  });
  it("pools several ranges and numbers in one aggregate", () => {
    expect(kpi("mean(a, b)", [["a", [1, 2]], ["b", [6]]])).to.equal(3);
    expect(kpi("max(a, 10)", [["a", [1, 2]]])).to.equal(10);
    expect(kpi("count(a, b, 7)", [["a", [1, 2]], ["b", [6]]])).to.equal(4);
    expect(kpi("median(a, b)", [["a", [1, 9]], ["b", [2, 8]]])).to.equal(5);
  });
  it("lets a KPI cap or floor a ratio with min and max of scalars", () => {
    expect(kpi("min(1, sum(won) / sum(target))", [["won", [6, 7]], ["target", [10]]])).to.equal(1);
  });
  it("refuses arithmetic on a range inside an aggregate rather than guess (mean(won / lost) is not a per-row mean)", () => {
    const r = kpi("mean(won / lost)", [["won", [1, 2]], ["lost", [1, 1]]]);
    expect(codeOf(r)).to.equal("#VALUE!");
    expect(messageOf(r)).to.match(/won is a range of 2 numbers used in arithmetic inside mean/);
    // One number is not ambiguous.
    expect(kpi("mean(won / lost)", [["won", 6], ["lost", 3]])).to.equal(2);
  });
  it("matches names and functions ignoring case, as Excel users type them", () => {
    expect(kpi("Won / (WON + lost)", [["won", 1], ["LOST", 3]])).to.equal(0.25);
    expect(kpi("SUM(deal) / COUNT(deal)", [["deal", [2, 4]]])).to.equal(3);
  });
  it("ignores names the expression does not use (a KPI may drop an input without breaking formulas)", () => {
    expect(kpi("won * 2", [["won", 4], ["old_input", 99]])).to.equal(8);
  });
  it("is #VALUE! naming the missing input when the expression uses a name without a value", () => {
    const r = kpi("won / (won + lost)", [["won", 3]]);
    expect(codeOf(r)).to.equal("#VALUE!");
    expect(messageOf(r)).to.match(/uses lost, which has no value/);
  });
  it("is #VALUE! when a used input has no numbers at all (no data is not 0)", () => {
    const r = kpi("won / (won + lost)", [["won", [3]], ["lost", []]]);
    expect(codeOf(r)).to.equal("#VALUE!");
    expect(messageOf(r)).to.match(/lost is empty/);
    // … but an empty input the expression does not use is fine.
    expect(kpi("won", [["won", [3]], ["lost", []]])).to.equal(3);
  });
  it("is #VALUE! for a name given twice or a name that is not a name", () => {
    expect(messageOf(kpi("won", [["won", 1], ["Won", 2]]))).to.match(/"Won" is given twice/);
    expect(messageOf(kpi("won", [["won rate", 1]]))).to.match(/"won rate" is not valid/);
    expect(messageOf(kpi("won", [["sum", 1]]))).to.match(/"sum" is a word the expression language uses/);
  });
  it("is #DIV/0! when the denominator is zero and #NUM! when the result is not finite", () => {
    expect(codeOf(kpi("won / (won + lost)", [["won", 0], ["lost", 0]]))).to.equal("#DIV/0!");
    expect(codeOf(kpi("won ^ 400", [["won", 10]]))).to.equal("#NUM!");
  });
  it("is #VALUE! with the sandbox's message for an expression outside it", () => {
    const r = kpi('cos.constructor("return process")', [["won", 1]]);
    expect(codeOf(r)).to.equal("#VALUE!");
    expect(messageOf(r)).to.match(/reads a property/);
  });

  it("agrees with a direct computation for any data (sum ratio and median)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 50 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 50 }),
        (won, lost) => {
          const w = won.reduce((s, x) => s + x, 0);
          const l = lost.reduce((s, x) => s + x, 0);
          expect(kpi("won / (won + lost)", [["won", won], ["lost", lost]])).to.be.closeTo(w / (w + l), 1e-12);
          const sorted = [...won].sort((a, b) => a - b);
          const m = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
          expect(kpi("median(won)", [["won", won]])).to.equal(m);
        },
      ),
    );
  });
});

describe("nameProblem", () => {
  it("accepts identifiers and refuses spaces, leading digits and reserved words", () => {
    expect(nameProblem("won")).to.equal(undefined);
    expect(nameProblem("new_mrr2")).to.equal(undefined);
    expect(nameProblem("2won")).to.match(/not valid/);
    expect(nameProblem("mod")).to.match(/uses itself/);
    expect(nameProblem("A".repeat(65))).to.match(/at most 64/);
  });
});

import { expect } from "chai";
import { readFileSync } from "node:fs";
import { serialFromISO } from "../../src/metrics/dates";
import { isMetricError } from "../../src/metrics/errors";
import { Rfm, rfm } from "../../src/metrics/models/rfm";

const d = (iso: string) => serialFromISO(iso)!;
const ok = (r: ReturnType<typeof rfm>): Rfm => {
  if (isMetricError(r)) throw new Error(r.message);
  return r;
};

/** The CDNOW sample (../shared/data, as distributed with the lifetimes package). */
function cdnowSample() {
  const lines = readFileSync(new URL("../../../shared/data/cdnow_sample.csv", import.meta.url), "utf8").trim().split("\n").slice(1);
  const ids: number[] = [];
  const dates: number[] = [];
  const amounts: number[] = [];
  for (const line of lines) {
    const [id, date, , amount] = line.split(",");
    ids.push(Number(id));
    dates.push(d(date));
    amounts.push(Number(amount));
  }
  return { ids, dates, amounts };
}

describe("models: RFM summary", () => {
  it("counts repeat purchase days, merging purchases on the same day, and times them in weeks", () => {
    // A: 2024-01-01 (twice), 2024-01-15, 2024-01-29; B: 2024-01-10 only. Observed to 2024-02-05.
    const s = ok(rfm(["A", "A", "B", "A", "A"], [d("2024-01-01"), d("2024-01-01"), d("2024-01-10"), d("2024-01-15"), d("2024-01-29")], [10, 5, 8, 20, 40], { asOf: d("2024-02-05") }));
    expect(s.ids).to.deep.equal(["A", "B"]);
    expect(Array.from(s.frequency)).to.deep.equal([2, 0]);
    expect(s.recency[0]).to.equal(4); // 28 days
    expect(s.T[0]).to.equal(5); // 35 days
    expect(s.recency[1]).to.equal(0);
    expect(s.T[1]).to.be.closeTo(26 / 7, 1e-12);
    // monetary: mean of the repeat days' totals (20, 40); the first day (10 + 5) is not a repeat
    expect(s.monetary[0]).to.equal(30);
    expect(s.monetary[1]).to.equal(0);
  });

  it("adds up the amounts of several purchases on one repeat day", () => {
    const s = ok(rfm([1, 1, 1], [d("2024-01-01"), d("2024-01-08"), d("2024-01-08")], [5, 7, 3]));
    expect(s.frequency[0]).to.equal(1);
    expect(s.monetary[0]).to.equal(10);
  });

  it("ignores purchases after as_of and customers who had not yet bought", () => {
    const s = ok(rfm(["A", "A", "B"], [d("2024-01-01"), d("2024-03-01"), d("2024-02-20")], [1, 2, 3], { asOf: d("2024-02-01") }));
    expect(s.ids).to.deep.equal(["A"]);
    expect(s.frequency[0]).to.equal(0);
    expect(s.T[0]).to.be.closeTo(31 / 7, 1e-12);
  });

  it("defaults as_of to the last purchase date and accepts days and months", () => {
    const ids = ["A", "A", "B"];
    const dates = [d("2024-01-01"), d("2024-03-01"), d("2024-02-01")];
    const days = ok(rfm(ids, dates, [1, 2, 3], { period: "days" }));
    expect(days.asOf).to.equal(d("2024-03-01"));
    expect(days.recency[0]).to.equal(60);
    expect(days.T[1]).to.equal(29);
    const months = ok(rfm(ids, dates, [1, 2, 3], { period: "months" }));
    expect(months.recency[0]).to.be.closeTo(60 / (365.25 / 12), 1e-12);
  });

  it("drops the time of day: two purchases at different hours of one day are one purchase", () => {
    const s = ok(rfm(["A", "A", "A"], [d("2024-01-01") + 0.25, d("2024-01-01") + 0.75, d("2024-01-08") + 0.5], [1, 1, 1], { period: "days" }));
    expect(s.frequency[0]).to.equal(1);
    expect(s.recency[0]).to.equal(7);
  });

  it("is an error for no purchases, mismatched sizes, or everything after as_of", () => {
    expect(isMetricError(rfm([], [], []))).to.equal(true);
    expect((rfm(["A"], [1, 2], [1]) as any).code).to.equal("#VALUE!");
    expect((rfm(["A"], [d("2024-02-01")], [1], { asOf: d("2024-01-01") }) as any).code).to.equal("#NUM!");
  });

  it("reproduces the CDNOW calibration summary of Fader, Hardie & Lee (2005)", () => {
    // FHL 2005 §4: 2,357 customers, calibration to the end of week 39 (1997-09-30), of whom 946
    // made 2,457 repeat purchases; customer 1 has x = 2, t_x = 30.43, T = 38.86 weeks.
    const { ids, dates, amounts } = cdnowSample();
    const s = ok(rfm(ids, dates, amounts, { asOf: d("1997-09-30") }));
    expect(s.ids.length).to.equal(2357);
    expect(Array.from(s.frequency).filter((x) => x > 0).length).to.equal(946);
    expect(Array.from(s.frequency).reduce((a, b) => a + b, 0)).to.equal(2457);
    expect(s.ids[0]).to.equal(1);
    expect(s.frequency[0]).to.equal(2);
    expect(s.recency[0].toFixed(2)).to.equal("30.43");
    expect(s.T[0].toFixed(2)).to.equal("38.86");
  });
});

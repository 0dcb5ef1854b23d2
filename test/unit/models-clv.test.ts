import { expect } from "chai";
import { readFileSync } from "node:fs";
import { serialFromISO } from "../../src/metrics/dates";
import { isMetricError } from "../../src/metrics/errors";
import { BgnbdParams } from "../../src/metrics/models/bgnbd";
import { ClvResult, predictClv } from "../../src/metrics/models/clv";
import { expectedSpend } from "../../src/metrics/models/gammagamma";
import { rfm, Rfm } from "../../src/metrics/models/rfm";
import { hyp2f1 } from "../../src/metrics/models/special";

const rows = readFileSync(new URL("../../../shared/data/cdnow_sample.csv", import.meta.url), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
const IDS = rows.map((r) => Number(r[0]));
const DATES = rows.map((r) => serialFromISO(r[1])!);
const AMOUNTS = rows.map((r) => Number(r[3]));
const AS_OF = serialFromISO("1997-09-30")!;

const ok = (r: ReturnType<typeof predictClv>): ClvResult => {
  if (isMetricError(r)) throw new Error(`${r.code} ${r.message}`);
  return r;
};

/** FHL 2005 eq. 10 as printed, through ₂F₁ (independent of the library's rearranged series). */
function printed(p: BgnbdParams, x: number, tx: number, T: number, t: number): number {
  const { r, alpha, a, b } = p;
  const bracket = 1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const alive = 1 + (x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0);
  return ((a + b + x - 1) / (a - 1)) * (bracket / alive);
}

describe("models: predicted CLV (BG/NBD × Gamma-Gamma)", () => {
  const s = rfm(IDS, DATES, AMOUNTS, { asOf: AS_OF }) as Rfm;
  const weeksPerMonth = 365.25 / 12 / 7;

  it("is margin × expected spend × monthly-discounted expected purchases, customer by customer", () => {
    const res = ok(predictClv(IDS, DATES, AMOUNTS, { horizonMonths: 12, discountRate: 0.1, asOf: AS_OF, margin: 0.3 }));
    expect(res.ids.length).to.equal(2357);
    expect(res.bgnbd.r.toFixed(3)).to.equal("0.243");
    for (const i of [0, 1, 17, 500, 1516, 2356]) {
      let discounted = 0;
      for (let k = 1; k <= 12; k++) {
        const step = printed(res.bgnbd, s.frequency[i], s.recency[i], s.T[i], k * weeksPerMonth) - printed(res.bgnbd, s.frequency[i], s.recency[i], s.T[i], (k - 1) * weeksPerMonth);
        discounted += step / Math.pow(1.1, k / 12);
      }
      const expected = 0.3 * expectedSpend(res.gammaGamma, s.frequency[i], s.monetary[i]) * discounted;
      expect(res.clv[i], `customer ${res.ids[i]}`).to.be.closeTo(expected, 1e-9 * Math.max(1, expected));
    }
  });

  it("without discounting is spend × expected purchases over the whole horizon", () => {
    const res = ok(predictClv(IDS, DATES, AMOUNTS, { horizonMonths: 9, asOf: AS_OF }));
    const i = 0; // customer 1: x 2, t_x 30.43, T 38.86
    const purchases = printed(res.bgnbd, 2, s.recency[i], s.T[i], 9 * weeksPerMonth);
    expect(res.clv[i]).to.be.closeTo(expectedSpend(res.gammaGamma, 2, s.monetary[i]) * purchases, 1e-9);
  });

  it("grows with the horizon, shrinks with the discount rate, scales with the margin", () => {
    const a = ok(predictClv(IDS, DATES, AMOUNTS, { horizonMonths: 12, asOf: AS_OF }));
    const longer = ok(predictClv(IDS, DATES, AMOUNTS, { horizonMonths: 24, asOf: AS_OF }));
    const discounted = ok(predictClv(IDS, DATES, AMOUNTS, { horizonMonths: 12, discountRate: 0.2, asOf: AS_OF }));
    const half = ok(predictClv(IDS, DATES, AMOUNTS, { horizonMonths: 12, asOf: AS_OF, margin: 0.5 }));
    for (const i of [0, 3, 100]) {
      expect(longer.clv[i]).to.be.above(a.clv[i]);
      expect(discounted.clv[i]).to.be.below(a.clv[i]);
      expect(half.clv[i]).to.be.closeTo(a.clv[i] / 2, 1e-12);
    }
  });

  it("checks its options: a fractional horizon or a negative margin is #NUM! with the reason", () => {
    const r = predictClv(IDS, DATES, AMOUNTS, { horizonMonths: 1.5 });
    expect(isMetricError(r) && r.code).to.equal("#NUM!");
    expect((r as any).message).to.match(/whole number of months/);
    expect((predictClv(IDS, DATES, AMOUNTS, { horizonMonths: 12, margin: -1 }) as any).message).to.match(/margin cannot be negative/);
  });

  it("passes the fits' failures on as #NUM! (too few repeat customers)", () => {
    const r = predictClv(["a", "b", "a"], [1000, 1001, 1010], [5, 6, 7], { horizonMonths: 12 });
    expect(isMetricError(r) && r.code).to.equal("#NUM!");
  });
});

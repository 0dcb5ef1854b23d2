import { expect } from "chai";
import { readFileSync } from "node:fs";
import { serialFromISO } from "../../src/metrics/dates";
import { isMetricError } from "../../src/metrics/errors";
import { BgnbdFit, bgnbdLogLikelihood, BgnbdParams, expectedPurchases, fitBgnbd, pAlive } from "../../src/metrics/models/bgnbd";
import { rfm, Rfm } from "../../src/metrics/models/rfm";
import { tripleFault, tripleProblem } from "../../src/metrics/models/summary";
import { hyp2f1 } from "../../src/metrics/models/special";

const FHL: BgnbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

function cdnowCalibration(period: "weeks" | "days" = "weeks"): Rfm {
  const lines = readFileSync(new URL("../../../shared/data/cdnow_sample.csv", import.meta.url), "utf8").trim().split("\n").slice(1);
  const rows = lines.map((l) => l.split(","));
  const s = rfm(
    rows.map((r) => Number(r[0])),
    rows.map((r) => serialFromISO(r[1])!),
    rows.map((r) => Number(r[3])),
    { asOf: serialFromISO("1997-09-30"), period },
  );
  if (isMetricError(s)) throw new Error(s.message);
  return s;
}

const fitted = (r: ReturnType<typeof fitBgnbd>): BgnbdFit => {
  if (isMetricError(r)) throw new Error(`${r.code} ${r.message}`);
  return r;
};

/** FHL 2005 eq. 10 as printed (and as the lifetimes package computes it), with our ₂F₁. */
function purchasesAsPrinted(p: BgnbdParams, x: number, tx: number, T: number, t: number): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const head = (a + b + x - 1) / (a - 1);
  const bracket = 1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z);
  const alive = 1 + (x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0);
  return (head * bracket) / alive;
}

/** Seeded uniform numbers (mulberry32). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function gammaVariate(u: () => number, shape: number): number {
  if (shape < 1) return gammaVariate(u, shape + 1) * Math.pow(u() || 1e-300, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = Math.sqrt(-2 * Math.log(u() || 1e-300)) * Math.cos(2 * Math.PI * u());
    const v = (1 + c * x) ** 3;
    if (v > 0 && Math.log(u()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

describe("models: BG/NBD", () => {
  const cdnow = cdnowCalibration();

  it("reproduces Fader, Hardie & Lee (2005) on CDNOW: r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4", () => {
    // FHL 2005, "Counting your customers the easy way", Marketing Science 24(2), p. 280.
    const fit = fitted(fitBgnbd(cdnow.frequency, cdnow.recency, cdnow.T));
    expect(fit.params.r.toFixed(3)).to.equal("0.243");
    expect(fit.params.alpha.toFixed(3)).to.equal("4.414");
    expect(fit.params.a.toFixed(3)).to.equal("0.793");
    expect(fit.params.b.toFixed(3)).to.equal("2.426");
    expect(fit.logLikelihood.toFixed(1)).to.equal("-9582.4");
  });

  it("reports the log-likelihood of the paper's formula summed customer by customer (no grouping, no scaling)", () => {
    const fit = fitted(fitBgnbd(cdnow.frequency, cdnow.recency, cdnow.T));
    let direct = 0;
    for (let i = 0; i < cdnow.ids.length; i++) direct += bgnbdLogLikelihood(fit.params, cdnow.frequency[i], cdnow.recency[i], cdnow.T[i]);
    expect(fit.logLikelihood).to.be.closeTo(direct, 1e-6);
  });

  it("is a maximum: moving any parameter by 1% lowers the log-likelihood", () => {
    const fit = fitted(fitBgnbd(cdnow.frequency, cdnow.recency, cdnow.T));
    const ll = (p: BgnbdParams) => cdnow.ids.reduce((s: number, _, i) => s + bgnbdLogLikelihood(p, cdnow.frequency[i], cdnow.recency[i], cdnow.T[i]), 0);
    for (const key of ["r", "alpha", "a", "b"] as const) {
      for (const f of [0.99, 1.01]) expect(ll({ ...fit.params, [key]: fit.params[key] * f })).to.be.below(fit.logLikelihood);
    }
  });

  it("does not depend on the time unit: in days r, a, b stay and α is 7 times larger", () => {
    const weeks = fitted(fitBgnbd(cdnow.frequency, cdnow.recency, cdnow.T));
    const inDays = cdnowCalibration("days");
    const days = fitted(fitBgnbd(inDays.frequency, inDays.recency, inDays.T));
    expect(days.params.r).to.be.closeTo(weeks.params.r, 1e-5);
    expect(days.params.a).to.be.closeTo(weeks.params.a, 1e-5);
    expect(days.params.b).to.be.closeTo(weeks.params.b, 1e-5);
    expect(days.params.alpha / 7).to.be.closeTo(weeks.params.alpha, 1e-4);
    // The likelihood is a density in time: each repeat purchase adds −ln 7.
    expect(days.logLikelihood).to.be.closeTo(weeks.logLikelihood - 2457 * Math.log(7), 1e-4);
  });

  it("counts identical customers once with a weight: doubling the data doubles the log-likelihood, same parameters", () => {
    const twice = (v: ArrayLike<number>) => [...Array.from(v), ...Array.from(v)];
    const once = fitted(fitBgnbd(cdnow.frequency, cdnow.recency, cdnow.T));
    const both = fitted(fitBgnbd(twice(cdnow.frequency), twice(cdnow.recency), twice(cdnow.T)));
    expect(both.params.r).to.be.closeTo(once.params.r, 1e-6);
    expect(both.params.b).to.be.closeTo(once.params.b, 1e-5);
    expect(both.logLikelihood).to.be.closeTo(2 * once.logLikelihood, 1e-5);
  });

  it("recovers the parameters of simulated customers", () => {
    // 20,000 customers from the BG/NBD story with known r, α, a, b, watched for 52 weeks.
    const truth: BgnbdParams = { r: 0.5, alpha: 5, a: 1.2, b: 3 };
    const u = rng(2024);
    const x: number[] = [];
    const tx: number[] = [];
    const T: number[] = [];
    for (let c = 0; c < 20_000; c++) {
      const lambda = gammaVariate(u, truth.r) / truth.alpha;
      const g = gammaVariate(u, truth.a);
      const p = g / (g + gammaVariate(u, truth.b));
      const age = 26 + 26 * u();
      let t = 0;
      let n = 0;
      let last = 0;
      for (;;) {
        t += -Math.log(1 - u()) / lambda;
        if (t > age) break;
        n++;
        last = t;
        if (u() < p) break;
      }
      x.push(n);
      tx.push(last);
      T.push(age);
    }
    const fit = fitted(fitBgnbd(x, tx, T));
    expect(fit.params.r).to.be.closeTo(truth.r, 0.05);
    expect(fit.params.alpha).to.be.closeTo(truth.alpha, 0.6);
    expect(fit.params.a).to.be.closeTo(truth.a, 0.25);
    expect(fit.params.b).to.be.closeTo(truth.b, 0.7);
  });

  describe("conditional expectations", () => {
    it("gives Hardie's spreadsheet value: E[Y(39) | x 2, t_x 30.43, T 38.86] = 1.226", () => {
      // From the Excel sheet accompanying FHL 2005 (also the lifetimes package's test).
      expect(expectedPurchases(FHL, 2, 30.43, 38.86, 39).toFixed(3)).to.equal("1.226");
    });

    it("equals FHL eq. 10 as printed, for a below and above 1", () => {
      for (const p of [FHL, { r: 0.8, alpha: 12, a: 2.5, b: 4 }, { r: 0.1, alpha: 1, a: 0.3, b: 0.5 }]) {
        for (const [x, tx, T, t] of [
          [0, 0, 38.86, 39],
          [2, 30.43, 38.86, 39],
          [7, 20, 30, 10],
          [1, 0.5, 50, 200],
          [20, 29, 31, 52],
        ]) {
          expect(expectedPurchases(p, x, tx, T, t)).to.be.closeTo(purchasesAsPrinted(p, x, tx, T, t), 1e-9 * Math.max(1, purchasesAsPrinted(p, x, tx, T, t)));
        }
      }
    });

    it("is smooth through a = 1, where the printed form divides 0 by 0", () => {
      const at = (a: number) => expectedPurchases({ ...FHL, a }, 3, 20, 38, 52);
      expect(Number.isFinite(at(1))).to.equal(true);
      expect(at(1)).to.be.closeTo((at(1 - 1e-6) + at(1 + 1e-6)) / 2, 1e-9);
      expect(purchasesAsPrinted({ ...FHL, a: 1 }, 3, 20, 38, 52)).to.satisfy((v: number) => !Number.isFinite(v));
    });

    it("grows with the horizon and starts at 0", () => {
      expect(expectedPurchases(FHL, 2, 30.43, 38.86, 0)).to.equal(0);
      let prev = 0;
      for (const t of [1, 5, 20, 52, 200, 1000]) {
        const v = expectedPurchases(FHL, 2, 30.43, 38.86, t);
        expect(v).to.be.above(prev);
        prev = v;
      }
    });

    it("P(alive) is 1 without repeat purchases, between 0 and 1 otherwise, and falls the longer a customer is silent", () => {
      expect(pAlive(FHL, 0, 0, 38.86)).to.equal(1);
      const direct = 1 / (1 + (FHL.a / (FHL.b + 2 - 1)) * Math.pow((FHL.alpha + 38.86) / (FHL.alpha + 30.43), FHL.r + 2));
      expect(pAlive(FHL, 2, 30.43, 38.86)).to.be.closeTo(direct, 1e-14);
      let prev = 1;
      for (const T of [31, 35, 40, 60, 100]) {
        const v = pAlive(FHL, 5, 30, T);
        expect(v).to.be.below(prev).and.above(0);
        prev = v;
      }
      expect(pAlive(FHL, 500, 1, 1e6)).to.equal(0); // no overflow to NaN
    });
  });

  describe("bad input", () => {
    it("is #NUM! with fewer than three repeat customers", () => {
      const r = fitBgnbd([0, 0, 1, 2, 0], [0, 0, 3, 4, 0], [10, 10, 10, 10, 10]);
      expect(isMetricError(r) && r.code).to.equal("#NUM!");
      expect((r as any).message).to.match(/at least 3 customers with repeat purchases; there are 2/);
    });
    it("is #NUM! for a negative or fractional frequency and for recency above T", () => {
      expect((fitBgnbd([-1, 1, 2, 3], [0, 1, 2, 3], [5, 5, 5, 5]) as any).message).to.match(/row 1: frequency is -1/);
      expect((fitBgnbd([1.5, 1, 2, 3], [1, 1, 2, 3], [5, 5, 5, 5]) as any).code).to.equal("#NUM!");
      expect((fitBgnbd([1, 1, 2, 3], [1, 6, 2, 3], [5, 5, 5, 5]) as any).message).to.match(/row 2: recency 6 is above T 5/);
    });
    it("names what is wrong with a customer's triple, the first rule broken first", () => {
      const cases: [number, number, number, number, RegExp][] = [
        [NaN, 1, 5, 1, /row 7: frequency, recency and T must be finite numbers/],
        [1, 1, Infinity, 1, /row 7: frequency, recency and T must be finite numbers/],
        [-1, -2, 5, 2, /row 7: frequency is -1; it cannot be negative/],
        [1.5, 1, 5, 3, /row 7: frequency is 1.5; it counts repeat purchase days/],
        [1, -1, 5, 4, /row 7: recency is -1; it cannot be negative/],
        [0, 0, -3, 5, /row 7: T is -3; it cannot be negative/],
        [1, 6, 5, 6, /row 7: recency 6 is above T 5/],
        [2, 0, 5, 7, /row 7: frequency is 2 but recency is 0/],
        [0, 2, 5, 8, /row 7: frequency is 0 but recency is 2/],
      ];
      for (const [x, tx, T, fault, message] of cases) {
        expect(tripleFault(x, tx, T), `${x}, ${tx}, ${T}`).to.equal(fault);
        expect(tripleProblem(x, tx, T, 7)).to.match(message);
      }
      for (const [x, tx, T] of [[0, 0, 0], [0, 0, 5], [3, 2.5, 2.5], [1, 0.1, 40]]) {
        expect(tripleFault(x, tx, T)).to.equal(0);
        expect(tripleProblem(x, tx, T, 1)).to.equal(undefined);
      }
    });
    it("is #NUM!, not a half-fit, when the best fit is at a boundary", () => {
      // Everyone buys at the same steady pace and nobody stops: no heterogeneity to estimate.
      const r = fitBgnbd([5, 5, 5, 5, 5, 5], [10, 10, 10, 10, 10, 10], [10, 10, 10, 10, 10, 10]);
      expect(isMetricError(r) && r.code).to.equal("#NUM!");
    });
  });
});

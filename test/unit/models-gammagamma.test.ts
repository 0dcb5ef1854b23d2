import { expect } from "chai";
import { readFileSync } from "node:fs";
import { serialFromISO } from "../../src/metrics/dates";
import { isMetricError } from "../../src/metrics/errors";
import { expectedSpend, fitGammaGamma, GammaGammaFit, gammaGammaLogLikelihood } from "../../src/metrics/models/gammagamma";
import { rfm, Rfm } from "../../src/metrics/models/rfm";

function cdnowCalibration(): Rfm {
  const rows = readFileSync(new URL("../../../shared/data/cdnow_sample.csv", import.meta.url), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  const s = rfm(
    rows.map((r) => Number(r[0])),
    rows.map((r) => serialFromISO(r[1])!),
    rows.map((r) => Number(r[3])),
    { asOf: serialFromISO("1997-09-30") },
  );
  if (isMetricError(s)) throw new Error(s.message);
  return s;
}
const fitted = (r: ReturnType<typeof fitGammaGamma>): GammaGammaFit => {
  if (isMetricError(r)) throw new Error(`${r.code} ${r.message}`);
  return r;
};

/** Seeded spenders: x ~ 1..8 repeat transactions, each worth Gamma(p, ν), ν ~ Gamma(q, γ). */
function simulate(g: { p: number; q: number; gamma: number }, customers: number, seed: number) {
  let s = seed >>> 0;
  const u = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gamma = (shape: number): number => {
    if (shape < 1) return gamma(shape + 1) * Math.pow(u() || 1e-300, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const z = Math.sqrt(-2 * Math.log(u() || 1e-300)) * Math.cos(2 * Math.PI * u());
      const v = (1 + c * z) ** 3;
      if (v > 0 && Math.log(u()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  const x: number[] = [];
  const m: number[] = [];
  for (let i = 0; i < customers; i++) {
    const nu = gamma(g.q) / g.gamma;
    const n = 1 + Math.floor(u() * 8);
    let total = 0;
    for (let k = 0; k < n; k++) total += gamma(g.p) / nu;
    x.push(n);
    m.push(total / n);
  }
  return { x, m };
}

describe("models: Gamma-Gamma", () => {
  const cdnow = cdnowCalibration();

  it("reproduces the CDNOW estimates p 6.25, q 3.74, γ 15.44 from the 946 repeat customers", () => {
    // Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves", JMR 42(4), and Fader &
    // Hardie (2013), "The Gamma-Gamma model of monetary value": p = 6.25, q = 3.74, γ = 15.44,
    // from each repeat customer's average repeat-transaction value in the 39-week calibration.
    const fit = fitted(fitGammaGamma(cdnow.frequency, cdnow.monetary));
    expect(fit.customers).to.equal(946);
    expect(fit.params.p.toFixed(2)).to.equal("6.25");
    expect(fit.params.q.toFixed(2)).to.equal("3.74");
    expect(fit.params.gamma.toFixed(2)).to.equal("15.44");
  });

  it("reports the log-likelihood of the note's formula summed customer by customer", () => {
    const fit = fitted(fitGammaGamma(cdnow.frequency, cdnow.monetary));
    let direct = 0;
    for (let i = 0; i < cdnow.ids.length; i++) if (cdnow.frequency[i] > 0) direct += gammaGammaLogLikelihood(fit.params, cdnow.frequency[i], cdnow.monetary[i]);
    expect(fit.logLikelihood).to.be.closeTo(direct, 1e-6);
    for (const key of ["p", "q", "gamma"] as const) {
      for (const f of [0.99, 1.01]) {
        const p = { ...fit.params, [key]: fit.params[key] * f };
        let ll = 0;
        for (let i = 0; i < cdnow.ids.length; i++) if (cdnow.frequency[i] > 0) ll += gammaGammaLogLikelihood(p, cdnow.frequency[i], cdnow.monetary[i]);
        expect(ll).to.be.below(fit.logLikelihood);
      }
    }
  });

  it("does not depend on the currency: amounts in rupiah (× 15,000) scale γ only", () => {
    const usd = fitted(fitGammaGamma(cdnow.frequency, cdnow.monetary));
    const idr = fitted(fitGammaGamma(cdnow.frequency, Array.from(cdnow.monetary, (m) => m * 15000)));
    expect(idr.params.p).to.be.closeTo(usd.params.p, 1e-4);
    expect(idr.params.q).to.be.closeTo(usd.params.q, 1e-4);
    expect(idr.params.gamma / 15000).to.be.closeTo(usd.params.gamma, 1e-3);
  });

  it("expected spend weighs the population mean against the customer's own average", () => {
    const g = { p: 6.25, q: 3.74, gamma: 15.44 };
    const population = (g.p * g.gamma) / (g.q - 1);
    expect(expectedSpend(g, 0, 0)).to.be.closeTo(population, 1e-12);
    for (const [x, m] of [
      [1, 10],
      [4, 80],
      [30, 25],
    ]) {
      const w = (g.p * x) / (g.p * x + g.q - 1);
      expect(expectedSpend(g, x, m)).to.be.closeTo((1 - w) * population + w * m, 1e-10);
    }
    expect(expectedSpend({ ...g, q: 0.9 }, 0, 0)).to.be.NaN; // no population mean when q ≤ 1
  });

  it("recovers the parameters of simulated spenders", () => {
    const truth = { p: 6, q: 4, gamma: 15 };
    const { x, m } = simulate(truth, 50_000, 7);
    const fit = fitted(fitGammaGamma(x, m));
    expect(fit.params.p).to.be.closeTo(truth.p, 0.5);
    expect(fit.params.q).to.be.closeTo(truth.q, 0.2);
    expect(fit.params.gamma).to.be.closeTo(truth.gamma, 1.5);
  });

  it("skips customers without repeats or with free repeat purchases, and rejects negative spend", () => {
    const { x, m } = simulate({ p: 6, q: 4, gamma: 15 }, 300, 11);
    const base = fitted(fitGammaGamma(x, m));
    const padded = fitted(fitGammaGamma([...x, 0, 4, 0], [...m, 0, 0, 12]));
    expect(padded.params.p).to.be.closeTo(base.params.p, 1e-7);
    expect(padded.customers).to.equal(300);
    const negative = fitGammaGamma([1, 2, 3, 1], [20, -35, 30, 50]);
    expect(isMetricError(negative) && negative.code).to.equal("#NUM!");
  });

  it("is #NUM! with fewer than three repeat customers", () => {
    const r = fitGammaGamma([1, 2, 0, 0], [20, 30, 0, 0]);
    expect(isMetricError(r) && r.code).to.equal("#NUM!");
    expect((r as any).message).to.match(/at least 3/);
  });
});

import { expect } from "chai";
import { isMetricError } from "../../src/metrics/errors";
import { fitSbg, SbgFit, sbgDerl, sbgLogLikelihood, sbgRetention, sbgSurvival } from "../../src/metrics/models/sbg";

// Fader & Hardie (2007), "How to project customer retention", Journal of Interactive Marketing
// 21(1), Table 1: survivors of two 1,000-customer cohorts over 12 years. The model is fitted to
// years 0–7; years 8–12 are the holdout the paper forecasts.
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394];

const fitted = (r: ReturnType<typeof fitSbg>): SbgFit => {
  if (isMetricError(r)) throw new Error(`${r.code} ${r.message}`);
  return r;
};

describe("models: shifted-beta-geometric (sBG)", () => {
  it("reproduces FH 2007's estimates: regular α 0.704, β 1.182, LL −1680.3; high end α 0.668, β 3.806, LL −1611.2", () => {
    const regular = fitted(fitSbg(REGULAR.slice(0, 8)));
    expect(regular.params.alpha.toFixed(3)).to.equal("0.704");
    expect(regular.params.beta.toFixed(3)).to.equal("1.182");
    expect(regular.logLikelihood.toFixed(1)).to.equal("-1680.3");
    const high = fitted(fitSbg(HIGH_END.slice(0, 8)));
    expect(high.params.alpha.toFixed(3)).to.equal("0.668");
    expect(high.params.beta.toFixed(3)).to.equal("3.806");
    expect(high.logLikelihood.toFixed(1)).to.equal("-1611.2");
  });

  it("reports the log-likelihood at its maximum", () => {
    const fit = fitted(fitSbg(REGULAR.slice(0, 8)));
    expect(sbgLogLikelihood(fit.params, REGULAR.slice(0, 8))).to.be.closeTo(fit.logLikelihood, 1e-9);
    for (const f of [0.99, 1.01]) {
      expect(sbgLogLikelihood({ ...fit.params, alpha: fit.params.alpha * f }, REGULAR.slice(0, 8))).to.be.below(fit.logLikelihood);
      expect(sbgLogLikelihood({ ...fit.params, beta: fit.params.beta * f }, REGULAR.slice(0, 8))).to.be.below(fit.logLikelihood);
    }
  });

  it("projects the holdout years 8–12 within 5% of what the cohorts actually did", () => {
    for (const series of [REGULAR, HIGH_END]) {
      const { params } = fitted(fitSbg(series.slice(0, 8)));
      for (let t = 8; t <= 12; t++) {
        const projected = 1000 * sbgSurvival(params, t);
        expect(Math.abs(projected - series[t]) / series[t], `year ${t}`).to.be.below(0.05);
      }
    }
  });

  it("retention rises with tenure: r_t = (β+t−1)/(α+β+t−1) = S(t)/S(t−1)", () => {
    const p = { alpha: 0.704, beta: 1.182 };
    let prev = 0;
    for (let t = 1; t <= 20; t++) {
      const r = sbgRetention(p, t);
      expect(r).to.be.closeTo(sbgSurvival(p, t) / sbgSurvival(p, t - 1), 1e-14);
      expect(r).to.be.above(prev);
      prev = r;
    }
  });

  describe("DERL (Fader & Hardie 2010, eq. 6)", () => {
    /** The definition: Σ_{t ≥ n} S(t)/S(n−1) / (1+d)^(t−n), summed until the terms vanish. */
    const byDefinition = (p: { alpha: number; beta: number }, d: number, renewals: number) => {
      const n = renewals + 1;
      // S(t)/S(n−1) = Π_{k=n}^{t} (β+k−1)/(α+β+k−1), built up term by term.
      let ratio = 1;
      let sum = 0;
      for (let t = n; t < n + 5000; t++) {
        ratio *= (p.beta + t - 1) / (p.alpha + p.beta + t - 1);
        sum += ratio / Math.pow(1 + d, t - n);
      }
      return sum;
    };
    it("equals the discounted sum of survival probabilities it is derived from", () => {
      for (const p of [
        { alpha: 0.704, beta: 1.182 },
        { alpha: 0.668, beta: 3.806 },
        { alpha: 3.8, beta: 15.2 },
      ]) {
        for (const d of [0.05, 0.1, 0.25]) {
          for (const renewals of [0, 1, 4, 10]) expect(sbgDerl(p, d, renewals)).to.be.closeTo(byDefinition(p, d, renewals), 1e-8);
        }
      }
    });
    it("has the closed form (β+n−1)/(α−1) at d = 0 when α > 1, and is infinite when α ≤ 1", () => {
      expect(sbgDerl({ alpha: 3.8, beta: 15.2 }, 0, 2)).to.be.closeTo((15.2 + 2) / 2.8, 1e-10);
      expect(sbgDerl({ alpha: 0.704, beta: 1.182 }, 0, 0)).to.be.NaN;
    });
    it("gives 7.530 for a high-end customer after 7 renewals at 10% (the example of the open-source shifted_beta_geometric package)", () => {
      const { params } = fitted(fitSbg(HIGH_END.slice(0, 8)));
      expect(sbgDerl(params, 0.1, 7).toFixed(3)).to.equal("7.530");
    });
    it("stays quick and finite for a very loyal customer (a million renewals): close to 1/(1 − 1/(1+d))", () => {
      const v = sbgDerl({ alpha: 0.704, beta: 1.182 }, 0.1, 1_000_000);
      expect(v).to.be.closeTo(11, 1e-3);
    });

    it("rises with renewals: a customer who stayed longer is more likely to stay", () => {
      const p = { alpha: 0.704, beta: 1.182 };
      expect(sbgDerl(p, 0.1, 5)).to.be.above(sbgDerl(p, 0.1, 1));
    });
  });

  describe("bad input", () => {
    it("is #NUM! for a survivor series that grows", () => {
      const r = fitSbg([1000, 631, 700, 382]);
      expect(isMetricError(r) && r.code).to.equal("#NUM!");
      expect((r as any).message).to.match(/grows from 631 to 700 in period 2/);
    });
    it("is #VALUE! for a cohort given as one number (nothing to fit)", () => {
      const r = fitSbg([1000]);
      expect(isMetricError(r) && r.code).to.equal("#VALUE!");
    });
    it("is #NUM! for a cohort of one customer, or any cohort that cannot pin down both parameters", () => {
      for (const series of [[1, 0], [1, 1], [1, 1, 1], [10, 10, 10], [10, 0, 0], [2, 1]]) {
        const r = fitSbg(series);
        expect(isMetricError(r) && r.code, JSON.stringify(series)).to.equal("#NUM!");
      }
    });
    it("is #NUM! for a negative count, #DIV/0! for a cohort of nobody (no customers at start)", () => {
      expect((fitSbg([100, -5]) as any).code).to.equal("#NUM!");
      expect((fitSbg([-100, 0]) as any).code).to.equal("#NUM!");
      expect((fitSbg([0, 0]) as any).code).to.equal("#DIV/0!");
    });
  });
});

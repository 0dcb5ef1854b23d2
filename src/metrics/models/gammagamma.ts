/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV: using
 * iso-value curves for customer base analysis", JMR 42(4); Fader & Hardie 2013, "The Gamma-Gamma
 * model of monetary value"): a customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ)
 * across customers. It is fitted to the average repeat-transaction value m of each customer with
 * x ≥ 1 repeat transactions. Pure math, no Office.
 */
import { badNumber, Result } from "../errors";
import { minimize } from "./optimize";
import { digamma, lgamma } from "./special";

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  logLikelihood: number;
  /** Customers the fit used (those with at least one repeat transaction). */
  customers: number;
}

export const GAMMAGAMMA_NAMES = ["p", "q", "gamma"] as const;

/** Fewest repeat customers a fit accepts. */
export const MIN_SPENDERS = 3;

/**
 * Log-likelihood of one customer's average m over x transactions (Fader & Hardie 2013, eq. 3):
 * ln[ Γ(px+q)/(Γ(px)Γ(q)) · γ^q m^(px−1) x^(px) / (γ + m·x)^(px+q) ].
 * @example gammaGammaLogLikelihood({ p: 6.25, q: 3.74, gamma: 15.44 }, 2, 30) // ≈ −3.847
 */
export function gammaGammaLogLikelihood(g: GammaGammaParams, x: number, m: number): number {
  const px = g.p * x;
  return (
    lgamma(px + g.q) - lgamma(px) - lgamma(g.q) + g.q * Math.log(g.gamma) + (px - 1) * Math.log(m) + px * Math.log(x) - (px + g.q) * Math.log(g.gamma + m * x)
  );
}

/**
 * Expected average transaction value of a customer with x repeat transactions averaging m
 * (Fader & Hardie 2013, eq. 5): (γ + m·x)·p / (p·x + q − 1), a weighted mean of the population
 * mean pγ/(q−1) and the customer's own m. For x = 0 it is the population mean, which exists only
 * for q > 1 (otherwise NaN, shown as #NUM!).
 * @example expectedSpend({ p: 6.25, q: 3.74, gamma: 15.44 }, 0, 0) // ≈ 35.22
 */
export function expectedSpend(g: GammaGammaParams, x: number, m: number): number {
  const den = g.p * x + g.q - 1;
  if (!(den > 0)) return NaN;
  return ((g.gamma + m * x) * g.p) / den;
}

/**
 * Fits the Gamma-Gamma model to the customers with x ≥ 1 and a positive average m (the others
 * carry no spend information and are skipped; a negative m is #NUM!). Amounts are rescaled by their mean so γ starts near 1 whatever the
 * currency; the fit runs on log-parameters and is reported only at a vanishing gradient.
 * @example fitGammaGamma(cdnow.frequency, cdnow.monetary) // => p 6.25, q 3.74, gamma 15.44
 */
export function fitGammaGamma(frequency: ArrayLike<number>, monetary: ArrayLike<number>): Result<GammaGammaFit> {
  const n = frequency.length;
  if (monetary.length !== n) return badNumber("frequency and monetary_value must have the same number of rows");
  const xsAll: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = frequency[i];
    const m = monetary[i];
    if (!Number.isFinite(x) || x < 0 || !Number.isInteger(x)) return badNumber(`row ${i + 1}: frequency is ${x}; it counts repeat purchase days, a whole number not below 0`);
    if (!Number.isFinite(m) || m < 0) return badNumber(`row ${i + 1}: monetary value is ${m}; average spend cannot be negative (refunds above purchases are outside the model)`);
    // Customers without repeat purchases, or whose repeat purchases were free, say nothing about
    // the spend distribution (its density is 0 at m = 0): the fit leaves them out.
    if (x === 0 || m === 0) continue;
    xsAll.push(x);
    ms.push(m);
  }
  const N = ms.length;
  if (N < MIN_SPENDERS) return badNumber(`the Gamma-Gamma fit needs at least ${MIN_SPENDERS} customers with repeat purchases; there are ${N}`);
  let mean = 0;
  for (const m of ms) mean += m / N;
  const scale = mean;

  // Distinct x values carry the gamma-function terms; each customer only its two logs.
  const xIndex = new Map<number, number>();
  const xs: number[] = [];
  const xWeight: number[] = [];
  const gx = new Int32Array(N);
  const lnM = new Float64Array(N);
  const mx = new Float64Array(N);
  let sumXlnMx = 0; // Σ x·(ln m + ln x), the part of ∂ℓ/∂p that does not depend on the parameters
  for (let i = 0; i < N; i++) {
    const x = xsAll[i];
    let k = xIndex.get(x);
    if (k === undefined) {
      k = xs.length;
      xIndex.set(x, k);
      xs.push(x);
      xWeight.push(0);
    }
    xWeight[k]++;
    gx[i] = k;
    lnM[i] = Math.log(ms[i] / scale);
    mx[i] = (ms[i] / scale) * x;
    sumXlnMx += x * (lnM[i] + Math.log(x));
  }
  let sumLnM = 0;
  let sumPxTerms = 0; // Σ x·ln x, used in the log-likelihood
  for (let i = 0; i < N; i++) {
    sumLnM += lnM[i];
    sumPxTerms += xsAll[i] * Math.log(xsAll[i]);
  }
  let sumXlnM = 0;
  for (let i = 0; i < N; i++) sumXlnM += xsAll[i] * lnM[i];

  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const p = Math.exp(theta[0]);
    const q = Math.exp(theta[1]);
    const gamma = Math.exp(theta[2]);
    if (!(p > 0 && q > 0 && gamma > 0 && p < Infinity && q < Infinity && gamma < Infinity)) return NaN;
    const lgQ = lgamma(q);
    const dgQ = digamma(q);
    const lnG = Math.log(gamma);
    let ll = 0;
    let gp = sumXlnMx;
    let gq = 0;
    let gg = 0;
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k];
      const w = xWeight[k];
      const px = p * x;
      ll += w * (lgamma(px + q) - lgamma(px) - lgQ + q * lnG);
      const dgPxQ = digamma(px + q);
      gp += w * x * (dgPxQ - digamma(px));
      gq += w * (dgPxQ - dgQ + lnG);
      gg += (w * q) / gamma;
    }
    ll += p * sumXlnM - sumLnM + p * sumPxTerms;
    for (let i = 0; i < N; i++) {
      const x = xs[gx[i]];
      const px = p * x;
      const den = gamma + mx[i];
      const lden = Math.log(den);
      ll -= (px + q) * lden;
      gp -= x * lden;
      gq -= lden;
      gg -= (px + q) / den;
    }
    grad[0] = (-p * gp) / N;
    grad[1] = (-q * gq) / N;
    grad[2] = (-gamma * gg) / N;
    return -ll / N;
  };
  // Method-of-moments-like start: spend shape p = 1, q = 3, so the population mean pγ/(q−1) = mean.
  const starts = [
    [0, Math.log(3), Math.log(2)],
    [Math.log(5), Math.log(2), Math.log(0.2)],
  ];
  const best = minimize(objective, starts);
  if (!best.converged) return badNumber(`the Gamma-Gamma fit did not converge: ${best.reason}`);
  const [p, q, gammaScaled] = Array.from(best.x, Math.exp);
  // Scaling m by 1/s multiplies each customer's density by s, so remove N·ln s.
  return { params: { p, q, gamma: gammaScaled * scale }, logLikelihood: -best.value * N - N * Math.log(scale), customers: N };
}

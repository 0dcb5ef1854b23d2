/**
 * The shifted-beta-geometric (sBG) model of contract renewals (Fader & Hardie 2007, "How to
 * project customer retention", Journal of Interactive Marketing 21(1)): each customer renews at
 * the end of every period with probability 1 − θ, θ ~ Beta(α, β) across customers. Fitted to a
 * cohort's survivor counts; projects survivors and retention rates; values a customer by the
 * discounted expected residual lifetime (Fader & Hardie 2010, Marketing Science 29(1), eq. 6).
 * Pure math, no Office.
 */
import { badNumber, badValue, divZero, Result } from "../errors";
import { minimize } from "./optimize";
import { hyp2f1 } from "./special";

export interface SbgParams {
  alpha: number;
  beta: number;
}

export interface SbgFit {
  params: SbgParams;
  logLikelihood: number;
}

export const SBG_NAMES = ["alpha", "beta"] as const;

/**
 * Checks a survivor series: at least the cohort size and one later count, the size positive,
 * no count negative, and never growing (a cohort cannot gain members).
 * @example survivorProblem([1000, 631, 700]) // => { code: "#NUM!", message: "alive grows from 631 to 700 in period 2; …" }
 */
export function survivorProblem(alive: readonly number[]): { code: "#VALUE!" | "#NUM!" | "#DIV/0!"; message: string } | undefined {
  if (alive.length < 2) {
    return { code: "#VALUE!", message: `alive has ${alive.length} number${alive.length === 1 ? "" : "s"}; give the cohort size followed by at least one later survivor count` };
  }
  // A cohort of nobody is "no customers at start", the catalogue's #DIV/0!; fewer than nobody cannot be.
  if (alive[0] === 0) return { code: "#DIV/0!", message: "the cohort size (first cell of alive) is 0; there is no one to retain" };
  if (!(alive[0] > 0)) return { code: "#NUM!", message: `the cohort size (first cell of alive) is ${alive[0]}; it must be above 0` };
  for (let t = 1; t < alive.length; t++) {
    if (alive[t] < 0) return { code: "#NUM!", message: `alive period ${t} is ${alive[t]}; survivor counts cannot be negative` };
    if (alive[t] > alive[t - 1]) {
      return { code: "#NUM!", message: `alive grows from ${alive[t - 1]} to ${alive[t]} in period ${t}; a cohort's survivors can only stay or fall` };
    }
  }
  return undefined;
}

/**
 * sBG log-likelihood (FH 2007, eq. 5): Σₜ (n₍ₜ₋₁₎ − nₜ)·ln P(T = t) + n_last·ln S(last), with
 * P(T = 1) = α/(α+β), P(T = t) = P(T = t−1)·(β+t−2)/(α+β+t−1) and S(t) = S(t−1)·(β+t−1)/(α+β+t−1).
 * @example sbgLogLikelihood({ alpha: 1, beta: 1 }, [1000, 500]) // => 1000·ln ½
 */
export function sbgLogLikelihood(p: SbgParams, alive: readonly number[]): number {
  return -sbgObjective(alive)(Float64Array.of(Math.log(p.alpha), Math.log(p.beta)), new Float64Array(2)) * alive[0];
}

/** −(log-likelihood)/cohort size and its gradient at θ = ln(α, β). */
function sbgObjective(alive: readonly number[]) {
  const n0 = alive[0];
  const last = alive.length - 1;
  return (theta: Float64Array, grad: Float64Array): number => {
    const alpha = Math.exp(theta[0]);
    const beta = Math.exp(theta[1]);
    if (!(alpha > 0 && beta > 0 && alpha < Infinity && beta < Infinity)) return NaN;
    // ln P(t) and ln S(t) by their recursions, carrying ∂/∂α and ∂/∂β along.
    let lnP = Math.log(alpha) - Math.log(alpha + beta);
    let dPa = 1 / alpha - 1 / (alpha + beta);
    let dPb = -1 / (alpha + beta);
    let lnS = 0;
    let dSa = 0;
    let dSb = 0;
    let ll = 0;
    let ga = 0;
    let gb = 0;
    for (let t = 1; t <= last; t++) {
      if (t > 1) {
        lnP += Math.log(beta + t - 2) - Math.log(alpha + beta + t - 1);
        dPa -= 1 / (alpha + beta + t - 1);
        dPb += 1 / (beta + t - 2) - 1 / (alpha + beta + t - 1);
      }
      lnS += Math.log(beta + t - 1) - Math.log(alpha + beta + t - 1);
      dSa -= 1 / (alpha + beta + t - 1);
      dSb += 1 / (beta + t - 1) - 1 / (alpha + beta + t - 1);
      const lost = alive[t - 1] - alive[t];
      if (lost > 0) {
        ll += lost * lnP;
        ga += lost * dPa;
        gb += lost * dPb;
      }
    }
    if (alive[last] > 0) {
      ll += alive[last] * lnS;
      ga += alive[last] * dSa;
      gb += alive[last] * dSb;
    }
    grad[0] = (-alpha * ga) / n0;
    grad[1] = (-beta * gb) / n0;
    return -ll / n0;
  };
}

/**
 * Fits the sBG model to one cohort's survivors: alive[0] is the cohort size, alive[t] how many are
 * still customers after t renewal opportunities. A series that never loses anyone, or loses
 * everyone at once, has its best fit at a boundary: #NUM!.
 * @example fitSbg([1000, 869, 743, 653, 593, 551, 517, 491]) // => alpha 0.668, beta 3.806 (FH 2007, high end)
 */
export function fitSbg(alive: readonly number[]): Result<SbgFit> {
  const problem = survivorProblem(alive);
  if (problem) return problem.code === "#VALUE!" ? badValue(problem.message) : problem.code === "#DIV/0!" ? divZero(problem.message) : badNumber(problem.message);
  const best = minimize(sbgObjective(alive), [
    [0, 0],
    [Math.log(0.5), Math.log(3)],
  ]);
  if (!best.converged) return badNumber(`the sBG fit did not converge: ${best.reason}`);
  const [alpha, beta] = Array.from(best.x, Math.exp);
  return { params: { alpha, beta }, logLikelihood: -best.value * alive[0] };
}

/**
 * Survival S(t) = B(α, β+t)/B(α, β), the share of a cohort still customers after t periods.
 * @example sbgSurvival({ alpha: 0.704, beta: 1.182 }, 1) // ≈ 0.6267 (FH 2007 regular: 631 of 1000 renew)
 */
export function sbgSurvival(p: SbgParams, t: number): number {
  let s = 1;
  for (let k = 1; k <= t; k++) s *= (p.beta + k - 1) / (p.alpha + p.beta + k - 1);
  return s;
}

/**
 * Retention rate of period t, S(t)/S(t−1) = (β+t−1)/(α+β+t−1) (FH 2007, eq. 8): it rises with t.
 * @example sbgRetention({ alpha: 0.704, beta: 1.182 }, 8) // ≈ 0.9208
 */
export function sbgRetention(p: SbgParams, t: number): number {
  return (p.beta + t - 1) / (p.alpha + p.beta + t - 1);
}

/**
 * Discounted expected residual lifetime of a customer who has made `renewals` renewals
 * (FH 2010, eq. 6, with n − 1 = renewals):
 * DERL = (β+n−1)/(α+β+n−1) · ₂F₁(1, β+n; α+β+n; 1/(1+d)).
 * At d = 0 Gauss's theorem gives (β+n−1)/(α−1), finite only for α > 1. NaN when it diverges.
 * @example sbgDerl({ alpha: 0.668, beta: 3.806 }, 0.1, 0) // ≈ 5.415 (periods)
 */
export function sbgDerl(p: SbgParams, discount: number, renewals: number): number {
  const n = renewals + 1;
  const lead = (p.beta + n - 1) / (p.alpha + p.beta + n - 1);
  return lead * hyp2f1(1, p.beta + n, p.alpha + p.beta + n, 1 / (1 + discount));
}

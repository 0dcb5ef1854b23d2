/**
 * Special functions for the customer-base models: log-gamma, digamma, log-beta and the Gaussian
 * hypergeometric series ₂F₁. Pure math, no Office.
 *
 * Why not mathjs (already a dependency): its `lgamma` is accurate to about 1e-11 (lgamma(0.5) is
 * off by 2e-12), it has no digamma (the fits need exact gradients) and no ₂F₁, and each call goes
 * through typed-function dispatch (~85 ns), which matters in the likelihood loops. The tests use
 * mathjs as an independent reference for lgamma.
 */

const HALF_LOG_2PI = 0.9189385332046728; // ½·ln(2π)

/**
 * ln Γ(x) for x > 0, to about 1e-15 absolute. Shifts x up to at least 10 with the recurrence
 * Γ(x+1) = x·Γ(x), then uses Stirling's series, whose truncation error beyond 10 is below 1e-17.
 * NaN for x ≤ 0 or NaN (the models only need positive arguments).
 * @example lgamma(5) // => 3.1780538303479458 (ln 24)
 */
export function lgamma(x: number): number {
  if (!(x > 0)) return x === Infinity ? Infinity : NaN;
  if (x === Infinity) return Infinity;
  let shift = 0;
  if (x < 10) {
    let prod = 1;
    while (x < 10) {
      prod *= x;
      x += 1;
    }
    shift = Math.log(prod);
  }
  const z2 = 1 / (x * x);
  const series =
    (1 / x) *
    (1 / 12 + z2 * (-1 / 360 + z2 * (1 / 1260 + z2 * (-1 / 1680 + z2 * (1 / 1188 + z2 * (-691 / 360360 + z2 * (1 / 156)))))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series - shift;
}

/**
 * Digamma ψ(x) = d/dx ln Γ(x) for x > 0: recurrence ψ(x) = ψ(x+1) − 1/x up to 10, then the
 * asymptotic series. NaN for x ≤ 0.
 * @example digamma(1) // => -0.5772156649015329 (−Euler's γ)
 */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return Infinity;
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const z2 = 1 / (x * x);
  const series = z2 * (1 / 12 - z2 * (1 / 120 - z2 * (1 / 252 - z2 * (1 / 240 - z2 * (1 / 132 - z2 * (691 / 32760 - z2 / 12))))));
  return acc + Math.log(x) - 0.5 / x - series;
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). @example lbeta(2, 3) // => ln(1/12) */
export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/** ln(e^x + e^y) without overflow. @example logAddExp(1000, 1000) // => 1000 + ln 2 */
export function logAddExp(x: number, y: number): number {
  if (x === -Infinity) return y;
  if (y === -Infinity) return x;
  return x > y ? x + Math.log1p(Math.exp(y - x)) : y + Math.log1p(Math.exp(x - y));
}

/** Longest series the hypergeometric sums may take before they give up (NaN). */
export const MAX_SERIES_TERMS = 2_000_000;

/**
 * Gaussian hypergeometric function ₂F₁(a, b; c; z) = Σₙ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ for 0 ≤ z < 1
 * (and z = 1 when c − a − b > 0, by Gauss's theorem), summed until the tail is below double
 * precision. NaN when c is a non-positive integer, z is outside [0, 1], or the series does not
 * settle within MAX_SERIES_TERMS terms. The models call it with z = 1/(1 + d) (DERL) or
 * z = t/(α + T + t) (BG/NBD), both in [0, 1).
 * @example hyp2f1(1, 1, 2, 0.5) // => 2·ln 2 = 1.3862943611198906 (−ln(1−z)/z)
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c) || !(z >= 0 && z <= 1)) return NaN;
  if (c <= 0 && Number.isInteger(c)) return NaN;
  if (z === 0 || a === 0 || b === 0) return 1;
  if (z === 1) {
    // Gauss: Γ(c)Γ(c−a−b) / (Γ(c−a)Γ(c−b)); only the case the models meet (all arguments positive).
    if (!(c - a - b > 0) || c - a <= 0 || c - b <= 0) return NaN;
    return Math.exp(lgamma(c) + lgamma(c - a - b) - lgamma(c - a) - lgamma(c - b));
  }
  // Near z = 1 the series needs about 40/(1−z) terms (a discount rate of 1e-5 took millions, and
  // gave up); where Euler's integral holds, quadrature needs a few hundred points however close.
  if (1 - z < NEAR_ONE && ((a === 1 && c > b && b > 0) || (b === 1 && c > a && a > 0))) return hyp2f1OneNearOne(a === 1 ? b : a, c, z);
  // The tail after a term is at most |term|·z/(1−z) once the term ratio stays below z. With
  // a = 1 and 0 < b < c (DERL's case) the ratio (b+n)/(c+n)·z is below z from the start, however
  // large b and c are (a customer after a million renewals); in general, once n is past |a|, |b|, |c|.
  const settled = (a === 1 && b > 0 && c > b) || (b === 1 && a > 0 && c > a) ? 0 : Math.abs(a) + Math.abs(b) + Math.abs(c);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < MAX_SERIES_TERMS; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (n >= settled && Math.abs(term) * z <= 1e-17 * (1 - z) * Math.abs(sum)) return sum;
    if (!Number.isFinite(sum)) return NaN;
  }
  return NaN;
}

/**
 * ln Γ(x + a) − ln Γ(x) for x > 0, a > 0: −ln B(x, a) + ln Γ(a). For large x the two log-gammas are
 * huge and nearly equal, and their difference keeps only a few digits (ten correct at x = 1e6), so
 * there it is taken from Stirling's series directly, as a difference.
 * @example lgammaRise(1e6, 0.5) // ≈ 0.5·ln(1e6) = 6.907755
 */
export function lgammaRise(x: number, a: number): number {
  if (x < 100) return lgamma(x + a) - lgamma(x);
  const y = x + a;
  // (y − ½)ln y − y − ((x − ½)ln x − x), rearranged so nothing large cancels, plus the 1/x terms.
  const series = (t: number): number => 1 / (12 * t) - 1 / (360 * t ** 3) + 1 / (1260 * t ** 5);
  return (x - 0.5) * Math.log1p(a / x) + a * Math.log(y) - a + series(y) - series(x);
}

/** Below this distance from 1, hyp2f1(1, b; c; z) is integrated rather than summed. */
const NEAR_ONE = 1e-3;

/** ln(1 + eʸ) without overflow for large y or loss for very negative y. */
const softplus = (y: number): number => (y > 0 ? y + Math.log1p(Math.exp(-y)) : Math.log1p(Math.exp(y)));

/**
 * ₂F₁(1, b; c; z) for 0 < b < c and 0 ≤ z < 1 from Euler's integral, with u = 1 − t:
 * ₂F₁(1, b; c; z) = 1/B(b, c−b) · ∫₀¹ (1−u)^(b−1) · u^(c−b−1) / (1 − z + z·u) du,
 * by tanh-sinh quadrature (u = logistic(π·sinh x)), halving the step until two estimates agree
 * to 1e-15. The integrand's features (u^(c−b−1) at 0, a bump of width 1 − z there, (1−u)^(b−1)
 * near 0 for large b) all sit at the ends, where tanh-sinh puts its points ever closer together.
 * The integrand is taken in logarithms and scaled by its largest value, found on a fine grid
 * first: for a customer after a million renewals it is nil everywhere but a narrow peak.
 * @example hyp2f1OneNearOne(1, 2, 0.9999) // ≈ 9.2104 (−ln(1−z)/z)
 */
export function hyp2f1OneNearOne(b: number, c: number, z: number): number {
  const alpha = c - b;
  const norm = lgammaRise(b, alpha) - lgamma(alpha);
  const gap = 1 - z;
  // ln of the integrand times du/dx at x: u = 1/(1 + e^(−πs)), 1 − u = 1/(1 + e^(πs)), s = sinh x.
  const logAt = (x: number): number => {
    const y = Math.PI * Math.sinh(x);
    const logU = -softplus(-y);
    return norm + b * -softplus(y) + alpha * logU - Math.log(gap + z * Math.exp(logU)) + Math.log(Math.PI * Math.cosh(x));
  };
  // The peak, and the span where the integrand is within e^−50 of it (|x| ≤ 8 reaches u ≈ 1e−1300).
  const GRID = 1 / 64;
  let top = -Infinity;
  for (let x = -8; x <= 8; x += GRID) top = Math.max(top, logAt(x));
  if (!Number.isFinite(top)) return NaN;
  let lo = -8;
  while (lo < 8 && logAt(lo) < top - 50) lo += GRID;
  let hi = 8;
  while (hi > lo && logAt(hi) < top - 50) hi -= GRID;
  lo -= GRID;
  hi += GRID;
  const at = (x: number): number => Math.exp(logAt(x) - top);
  let h = GRID;
  const steps = Math.round((hi - lo) / h);
  let sum = 0;
  for (let k = 0; k <= steps; k++) sum += at(lo + k * h);
  let estimate = sum * h;
  for (let level = 0; level < 6; level++) {
    h /= 2;
    for (let k = 0; k < steps << level; k++) sum += at(lo + (2 * k + 1) * h);
    const next = sum * h;
    if (Math.abs(next - estimate) <= 1e-15 * next) return next * Math.exp(top);
    estimate = next;
  }
  return estimate * Math.exp(top);
}

/**
 * The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting your customers the easy
 * way", Marketing Science 24(2)): while alive a customer buys at Poisson rate λ ~ Gamma(r, α);
 * after each purchase they drop out with probability p ~ Beta(a, b). Pure math, no Office.
 */
import { badNumber, isMetricError, Result } from "../errors";
import { minimize } from "./optimize";
import { digamma, hyp2f1, lbeta, lgamma } from "./special";
import { Triples, triples } from "./summary";

export interface BgnbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgnbdFit {
  params: BgnbdParams;
  logLikelihood: number;
}

/** Parameter names, in the order the fitted table and a `params` argument use. */
export const BGNBD_NAMES = ["r", "alpha", "a", "b"] as const;

/** Smallest number of customers with repeat purchases a fit accepts: a, b need some to be identified. */
export const MIN_REPEATERS = 3;

/**
 * Log-likelihood of one customer (FHL 2005, eq. 6):
 * ln[ Γ(r+x)α^r/Γ(r) · ( B(a, b+x)/B(a,b) · (α+T)^−(r+x) + δ(x>0) · B(a+1, b+x−1)/B(a,b) · (α+t_x)^−(r+x) ) ].
 * Written directly from the paper, without grouping or scaling, so the fast fit can be checked
 * against it.
 * @example bgnbdLogLikelihood({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 2, 30.43, 38.86) // ≈ −9.4586
 */
export function bgnbdLogLikelihood(p: BgnbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const common = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
  const e1 = lbeta(a, b + x) - lbeta(a, b) - (r + x) * Math.log(alpha + T);
  if (x === 0) return common + e1;
  const e2 = lbeta(a + 1, b + x - 1) - lbeta(a, b) - (r + x) * Math.log(alpha + tx);
  const m = Math.max(e1, e2);
  return common + m + Math.log(Math.exp(e1 - m) + Math.exp(e2 - m));
}

/**
 * −(log-likelihood) per customer over grouped triples, and its gradient, at θ = ln(r, α, a, b)
 * (α in the triples' scaled time). Terms that depend on x only are computed once per distinct x;
 * ln(α+T) and ln(α+t_x) once per distinct value; each group then costs one exp and one log1p.
 * This is what the fit minimises; exported for tests and notebooks.
 * @example bgnbdObjective(triples(x, tx, T) as Triples)(Float64Array.of(0, 0, 0, 0), new Float64Array(4)) // −LL/N at r = α = a = b = 1
 */
export function bgnbdObjective(d: Triples) {
  const nx = d.xs.length;
  const lgr = new Float64Array(nx);
  const dgr = new Float64Array(nx);
  const c1 = new Float64Array(nx);
  const c2 = new Float64Array(nx);
  const dc1a = new Float64Array(nx);
  const dc1b = new Float64Array(nx);
  const lT = new Float64Array(d.Ts.length);
  const iT = new Float64Array(d.Ts.length);
  const ltx = new Float64Array(d.txs.length);
  const itx = new Float64Array(d.txs.length);
  const total = d.customers;
  return (theta: Float64Array, grad: Float64Array): number => {
    const r = Math.exp(theta[0]);
    const alpha = Math.exp(theta[1]);
    const a = Math.exp(theta[2]);
    const b = Math.exp(theta[3]);
    if (!(r > 0 && alpha > 0 && a > 0 && b > 0 && r < Infinity && alpha < Infinity && a < Infinity && b < Infinity)) return NaN;
    const lnAlpha = Math.log(alpha);
    const lgR = lgamma(r);
    const dgR = digamma(r);
    const lgB = lgamma(b);
    const dgB = digamma(b);
    const lgAB = lgamma(a + b);
    const dgAB = digamma(a + b);
    const lnA = Math.log(a);
    let ll = 0;
    let gr = 0;
    let gAlpha = 0;
    let ga = 0;
    let gb = 0;
    for (let k = 0; k < nx; k++) {
      const x = d.xs[k];
      const w = d.xWeight[k];
      lgr[k] = x === 0 ? 0 : lgamma(r + x) - lgR;
      dgr[k] = x === 0 ? 0 : digamma(r + x) - dgR;
      const dgABx = x === 0 ? dgAB : digamma(a + b + x);
      c1[k] = x === 0 ? 0 : lgamma(b + x) - lgB + lgAB - lgamma(a + b + x);
      c2[k] = x === 0 ? 0 : lnA - Math.log(b + x - 1) + c1[k];
      dc1a[k] = dgAB - dgABx;
      dc1b[k] = (x === 0 ? 0 : digamma(b + x) - dgB) + dc1a[k];
      ll += w * (lgr[k] + r * lnAlpha);
      gr += w * (dgr[k] + lnAlpha);
      gAlpha += (w * r) / alpha;
      ga += w * dc1a[k];
      gb += w * dc1b[k];
    }
    for (let j = 0; j < d.Ts.length; j++) {
      lT[j] = Math.log(alpha + d.Ts[j]);
      iT[j] = 1 / (alpha + d.Ts[j]);
    }
    for (let j = 0; j < d.txs.length; j++) {
      ltx[j] = Math.log(alpha + d.txs[j]);
      itx[j] = 1 / (alpha + d.txs[j]);
    }
    const G = d.weight.length;
    for (let g = 0; g < G; g++) {
      const k = d.gx[g];
      const jT = d.gT[g];
      const w = d.weight[g];
      const x = d.xs[k];
      const rx = r + x;
      const e1 = c1[k] - rx * lT[jT];
      if (x === 0) {
        ll += w * e1;
        gr -= w * lT[jT];
        gAlpha -= w * rx * iT[jT];
        continue;
      }
      const jtx = d.gtx[g];
      const e2 = c2[k] - rx * ltx[jtx];
      const diff = e2 - e1;
      let lse: number;
      let p2: number;
      if (diff > 0) {
        const q = Math.exp(-diff);
        lse = e2 + Math.log1p(q);
        p2 = 1 / (1 + q);
      } else {
        const q = Math.exp(diff);
        lse = e1 + Math.log1p(q);
        p2 = q / (1 + q);
      }
      const p1 = 1 - p2;
      ll += w * lse;
      gr -= w * (p1 * lT[jT] + p2 * ltx[jtx]);
      gAlpha -= w * rx * (p1 * iT[jT] + p2 * itx[jtx]);
      ga += (w * p2) / a;
      gb -= (w * p2) / (b + x - 1);
    }
    grad[0] = (-r * gr) / total;
    grad[1] = (-alpha * gAlpha) / total;
    grad[2] = (-a * ga) / total;
    grad[3] = (-b * gb) / total;
    return -ll / total;
  };
}

/**
 * Fits the BG/NBD model by maximum likelihood. Times are rescaled so the largest T is 10 (the
 * likelihood's shape in r, a, b does not depend on the time unit; α scales with it), the fit runs
 * on log-parameters from two automatic start points, and the result is reported only if the
 * gradient vanishes at an interior point. Fewer than three repeat customers, or data whose best
 * fit is at a boundary (a parameter → 0 or ∞), are #NUM!.
 * @example fitBgnbd(cdnow.frequency, cdnow.recency, cdnow.T) // => { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, LL −9582.4
 */
export function fitBgnbd(frequency: ArrayLike<number>, recency: ArrayLike<number>, T: ArrayLike<number>): Result<BgnbdFit> {
  if (frequency.length !== recency.length || frequency.length !== T.length) return badNumber("frequency, recency and T must have the same number of rows");
  let maxT = 0;
  for (let i = 0; i < T.length; i++) if (T[i] > maxT) maxT = T[i];
  const scale = maxT > 0 ? maxT / 10 : 1;
  const data = triples(frequency, recency, T, scale);
  if (isMetricError(data)) return data;
  if (data.repeaters < MIN_REPEATERS) {
    return badNumber(`the BG/NBD fit needs at least ${MIN_REPEATERS} customers with repeat purchases; there are ${data.repeaters}`);
  }
  if (maxT === 0) return badNumber("every T is 0; the customers have not been observed for any time");
  // Start where a Poisson rate with no drop-out would put the mean: r/α = Σx / ΣT.
  let sumT = 0;
  for (let g = 0; g < data.weight.length; g++) sumT += data.weight[g] * data.Ts[data.gT[g]];
  const rate = data.purchases / sumT;
  const starts = [
    [0, Math.log(1 / rate), 0, 0],
    [Math.log(0.3), Math.log(0.3 / rate), Math.log(0.5), Math.log(3)],
  ];
  const best = minimize(bgnbdObjective(data), starts);
  if (!best.converged) return badNumber(`the BG/NBD fit did not converge: ${best.reason}`);
  const [r, alphaScaled, a, b] = Array.from(best.x, Math.exp);
  // L(α/s | t/s) = s^x · L(α | t), so the log-likelihood in the data's own unit is:
  const logLikelihood = -best.value * data.customers - data.purchases * Math.log(scale);
  return { params: { r, alpha: alphaScaled * scale, a, b }, logLikelihood };
}

/**
 * Probability that a customer with history (x, t_x, T) is still alive (FHL 2005, eq. 13 via the
 * note "Computing P(alive) using the BG/NBD model"): 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).
 * Computed in logs so long-silent customers give 0, not NaN.
 * @example pAlive({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 0, 0, 38.86) // => 1
 */
export function pAlive(p: BgnbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  return pAliveGiven(Math.log(p.a) - Math.log(p.b + x - 1), p, x, tx, T);
}

/**
 * pAlive for x > 0 with ln(a/(b+x−1)) = ln a − ln(b+x−1) already taken: it depends on x alone, so
 * a table takes it once per frequency rather than once per customer. (α+T)/(α+t_x) is logged as
 * one ratio: one logarithm fewer than the difference of two, and no less exact.
 */
function pAliveGiven(lnOddsOfX: number, p: BgnbdParams, x: number, tx: number, T: number): number {
  const logOdds = lnOddsOfX + (p.r + x) * Math.log((p.alpha + T) / (p.alpha + tx));
  return logOdds > 700 ? 0 : 1 / (1 + Math.exp(logOdds));
}

/** Frequencies below this have ln a − ln(b+x−1) remembered (nearly every customer of real data). */
const REMEMBERED_X = 1024;

/**
 * ln a − ln(b+x−1) of pAliveGiven by frequency x: remembered for small x, whose values repeat over
 * a whole table, and worked out for the rest.
 */
class OddsOfX {
  private readonly lnA: number;
  private readonly known = new Float64Array(REMEMBERED_X).fill(NaN);
  constructor(private readonly b: number, a: number) {
    this.lnA = Math.log(a);
  }
  of(x: number): number {
    const i = x >>> 0;
    if (i !== x || i >= REMEMBERED_X) return this.lnA - Math.log(this.b + x - 1);
    let v = this.known[i];
    if (v !== v) v = this.known[i] = this.lnA - Math.log(this.b + x - 1);
    return v;
  }
}

/** A per-customer quantity under one fitted model: its value for a customer's (x, t_x, T). */
export interface PerCustomer {
  at(x: number, tx: number, T: number): number;
}

/**
 * pAlive for many customers under one set of parameters: the same numbers as pAlive, with
 * ln a − ln(b+x−1) taken once per frequency. (An object rather than a closure: a loop calling it
 * stays optimised across calls.)
 * @example pAliveFor({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }).at(2, 30.43, 38.86) // same as pAlive(p, 2, 30.43, 38.86)
 */
export function pAliveFor(p: BgnbdParams): PerCustomer {
  return new AliveFor(p);
}

class AliveFor implements PerCustomer {
  private readonly odds: OddsOfX;
  constructor(private readonly p: BgnbdParams) {
    this.odds = new OddsOfX(p.b, p.a);
  }
  at(x: number, tx: number, T: number): number {
    return x === 0 ? 1 : pAliveGiven(this.odds.of(x), this.p, x, tx, T);
  }
}

/** The longest series expectedPurchases sums before giving up. */
const MAX_TERMS = 1_000_000;

/**
 * Expected purchases in the next t periods of a customer with history (x, t_x, T) (FHL 2005,
 * eq. 10): P(alive) × E[Y(t) | alive], where
 * E[Y(t) | alive] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)], z = t/(α+T+t).
 * That form divides 0 by 0 at a = 1 and loses digits near it; with Euler's transformation and
 * (a−1)ₙ = (a−1)(a)ₙ₋₁ it becomes, with C = a+b+x−1 and k = r+x,
 * E[Y(t) | alive] = −C·g − (1−z)^(a−1) · Σₙ≥₁ (C−k)ₙ (a)ₙ₋₁ / ((C+1)ₙ₋₁ n!) zⁿ,  g = ((1−z)^(a−1) − 1)/(a−1),
 * which is smooth in a and divides by nothing that can vanish. NaN if the series does not settle.
 * @example expectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 2, 30.43, 38.86, 39) // ≈ 1.226
 */
export function expectedPurchases(p: BgnbdParams, x: number, tx: number, T: number, t: number): number {
  if (t === 0) return 0;
  const alive = purchasesIfAlive(p, x, T, t);
  if (Number.isNaN(alive)) return NaN;
  return pAlive(p, x, tx, T) * alive;
}

/** E[Y(t) | alive] of expectedPurchases (t > 0): it depends on x and T, not on t_x. NaN if the series does not settle. */
function purchasesIfAlive(p: BgnbdParams, x: number, T: number, t: number): number {
  const { r, alpha, a, b } = p;
  const C = a + b + x - 1;
  const k = r + x;
  const z = t / (alpha + T + t);
  const ln1z = -Math.log1p(t / (alpha + T)); // ln(1 − z)
  const u = (a - 1) * ln1z;
  const g = Math.abs(u) < 1e-12 ? ln1z : (Math.expm1(u) / u) * ln1z;
  let term = (C - k) * z;
  let sum = term;
  let largest = Math.abs(term);
  const settled = Math.abs(C - k) + a + 2;
  let n = 1;
  for (; n < MAX_TERMS && term !== 0; n++) {
    term *= (((C - k + n) * (a + n - 1)) / ((C + n) * (n + 1))) * z;
    sum += term;
    if (Math.abs(term) > largest) largest = Math.abs(term);
    if (n > settled && Math.abs(term) * z <= 1e-17 * (1 - z) * Math.abs(sum)) break;
  }
  if (n >= MAX_TERMS) return NaN;
  // While C − k + n < 0 the terms alternate; when they grow far beyond their sum (r + x large
  // against a tiny α + T), the sum keeps few digits (5e13 terms for a sum of −3.5: a 0.05% error,
  // enough to make more time give fewer purchases). The first form then has no cancellation:
  // its series' terms share one sign from the second on.
  if (largest > 1e6 * Math.abs(sum) && Math.abs(a - 1) > 1e-6) {
    const F = hyp2f1(k, b + x, C, z);
    const direct = (C / (a - 1)) * (1 - (F > 0 ? Math.exp(k * ln1z + Math.log(F)) : Math.exp(k * ln1z) * F));
    if (Number.isFinite(direct)) return direct;
  }
  return -C * g - Math.exp(u) * sum;
}

/** Distinct (x, T) pairs expectedPurchasesFor remembers; beyond that it sums the series each time. */
const MEMO_PAIRS = 1 << 17;

/**
 * Numbers remembered by a pair of numbers: open addressing over one typed array of (x, t, value)
 * slots, so a lookup hashes the key's bits and reads one cache line instead of going through a
 * Map of boxed numbers (which cost as much as the rest of a customer's work). An empty slot holds
 * NaN as its t, which equals nothing.
 */
class PairMemo {
  private slots: Float64Array;
  private mask: number;
  /** Pairs remembered. */
  count = 0;
  private readonly bits = new Float64Array(1);
  private readonly words = new Uint32Array(this.bits.buffer);

  constructor(size = 1024) {
    this.slots = PairMemo.empty(size);
    this.mask = size - 1;
  }

  private static empty(size: number): Float64Array {
    const slots = new Float64Array(3 * size);
    for (let i = 1; i < slots.length; i += 3) slots[i] = NaN;
    return slots;
  }

  /** Where (x, t) is, or the empty slot where it would go: an index into the slots array. */
  slot(x: number, t: number): number {
    this.bits[0] = t;
    const h = Math.imul(this.words[0] ^ Math.imul(this.words[1], 0x9e3779b1) ^ Math.imul(x | 0, 0x85ebca6b), 0xc2b2ae35);
    const slots = this.slots;
    let i = (h ^ (h >>> 15)) & this.mask;
    for (;;) {
      const at = 3 * i;
      const key = slots[at + 1];
      if (key !== key || (key === t && slots[at] === x)) return at;
      i = (i + 1) & this.mask;
    }
  }

  /** True when the slot holds a pair. */
  holds(at: number): boolean {
    return this.slots[at + 1] === this.slots[at + 1];
  }

  value(at: number): number {
    return this.slots[at + 2];
  }

  /** Remembers a value for (x, t), which must not be there yet; a NaN t is never remembered. */
  set(x: number, t: number, value: number): void {
    if (t !== t) return;
    if (2 * (this.count + 1) > this.mask + 1) this.grow();
    const at = this.slot(x, t);
    this.slots[at] = x;
    this.slots[at + 1] = t;
    this.slots[at + 2] = value;
    this.count++;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = PairMemo.empty(2 * (this.mask + 1));
    this.mask = 2 * (this.mask + 1) - 1;
    this.count = 0;
    for (let at = 0; at < old.length; at += 3) if (old[at + 1] === old[at + 1]) this.set(old[at], old[at + 1], old[at + 2]);
  }
}

/**
 * expectedPurchases for many customers under one set of parameters and horizon: the same
 * numbers, with ln a taken once and the series, which depends on x and T but not t_x, summed
 * once per distinct (x, T). Customer tables repeat those pairs heavily (T counts whole days), and
 * the series is most of the cost: tens of terms per customer when T is short next to t.
 * @example expectedPurchasesFor({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39).at(2, 30.43, 38.86) // ≈ 1.226
 */
export function expectedPurchasesFor(p: BgnbdParams, t: number): PerCustomer {
  return new PurchasesFor(p, t);
}

class PurchasesFor implements PerCustomer {
  private readonly odds: OddsOfX;
  private readonly memo = new PairMemo();
  constructor(
    private readonly p: BgnbdParams,
    private readonly t: number,
  ) {
    this.odds = new OddsOfX(p.b, p.a);
  }
  at(x: number, tx: number, T: number): number {
    if (this.t === 0) return 0;
    const memo = this.memo;
    const slot = memo.slot(x, T);
    let alive: number;
    if (memo.holds(slot)) alive = memo.value(slot);
    else {
      alive = purchasesIfAlive(this.p, x, T, this.t);
      if (memo.count < MEMO_PAIRS) memo.set(x, T, alive);
    }
    if (Number.isNaN(alive)) return NaN;
    return (x === 0 ? 1 : pAliveGiven(this.odds.of(x), this.p, x, tx, T)) * alive;
  }
}

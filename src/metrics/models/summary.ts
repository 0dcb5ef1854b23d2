/**
 * Sufficient statistics of the (frequency, recency, T) triples the BG/NBD model takes: customers
 * with the same triple contribute the same likelihood term, so a fit evaluates each distinct
 * triple once, with its count as a weight, and each distinct x, t_x and T value once per step.
 */
import { badNumber, Result } from "../errors";

export interface Triples {
  /** Distinct frequencies, their total weights, and (per group) indices into them. */
  xs: Float64Array;
  xWeight: Float64Array;
  /** Distinct recencies and ages (already divided by `scale`). */
  txs: Float64Array;
  Ts: Float64Array;
  /** One entry per distinct triple. */
  gx: Int32Array;
  gtx: Int32Array;
  gT: Int32Array;
  weight: Float64Array;
  /** Customers, repeat customers, and Σ frequency (weighted). */
  customers: number;
  repeaters: number;
  purchases: number;
  /** Time scale the recencies and ages were divided by. */
  scale: number;
}

/**
 * What, if anything, is wrong with one customer's (x, t_x, T) for the BG/NBD model: 0 when the
 * triple is valid, else the number of the first rule it breaks (tripleProblem words it). Numbers
 * in, a number out: a million-row loop that asks this keeps x, t_x and T as raw doubles, where
 * the message's text would make V8 box each of them on every row.
 * @example tripleFault(2, 30.43, 38.86) // => 0
 * @example tripleFault(2, 40, 38.86) // => 6 (recency above T)
 */
export function tripleFault(x: number, tx: number, T: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(tx) || !Number.isFinite(T)) return 1;
  if (x < 0) return 2;
  if (!Number.isInteger(x)) return 3;
  if (tx < 0) return 4;
  if (T < 0) return 5;
  if (tx > T) return 6;
  if (x > 0 && tx === 0) return 7;
  if (x === 0 && tx !== 0) return 8;
  return 0;
}

/**
 * Checks one customer's (x, t_x, T) for what the BG/NBD model can take. Returns a message, or
 * undefined when the triple is valid.
 * @example tripleProblem(2, 40, 38.86, 5) // => "row 5: recency 40 is above T 38.86; …"
 */
export function tripleProblem(x: number, tx: number, T: number, row: number): string | undefined {
  switch (tripleFault(x, tx, T)) {
    case 0:
      return undefined;
    case 1:
      return `row ${row}: frequency, recency and T must be finite numbers`;
    case 2:
      return `row ${row}: frequency is ${x}; it cannot be negative`;
    case 3:
      return `row ${row}: frequency is ${x}; it counts repeat purchase days, a whole number`;
    case 4:
      return `row ${row}: recency is ${tx}; it cannot be negative`;
    case 5:
      return `row ${row}: T is ${T}; it cannot be negative`;
    case 6:
      return `row ${row}: recency ${tx} is above T ${T}; the last purchase cannot come after the end of observation`;
    case 7:
      return `row ${row}: frequency is ${x} but recency is 0; repeat purchases happen after the first one`;
    default:
      return `row ${row}: frequency is 0 but recency is ${tx}; without repeat purchases recency is 0`;
  }
}

/**
 * Groups customers by (x, t_x, T), with times divided by `scale`; #NUM! for an invalid triple.
 * @example triples([0, 2, 2, 0], [0, 5, 5, 0], [10, 10, 10, 10]) // => 2 groups of weight 2; 4 customers, 2 repeaters, 4 repeat purchases
 */
export function triples(frequency: ArrayLike<number>, recency: ArrayLike<number>, T: ArrayLike<number>, scale = 1): Result<Triples> {
  const n = frequency.length;
  const xIndex = new Map<number, number>();
  const txIndex = new Map<number, number>();
  const TIndex = new Map<number, number>();
  const xs: number[] = [];
  const txs: number[] = [];
  const Ts: number[] = [];
  const group = new Map<number, number>();
  const gx: number[] = [];
  const gtx: number[] = [];
  const gT: number[] = [];
  const weight: number[] = [];
  let repeaters = 0;
  let purchases = 0;
  const idOf = (map: Map<number, number>, list: number[], v: number) => {
    let i = map.get(v);
    if (i === undefined) {
      i = list.length;
      map.set(v, i);
      list.push(v);
    }
    return i;
  };
  const rx = new Int32Array(n);
  const rtx = new Int32Array(n);
  const rT = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const problem = tripleProblem(frequency[i], recency[i], T[i], i + 1);
    if (problem) return badNumber(problem);
    rx[i] = idOf(xIndex, xs, frequency[i]);
    rtx[i] = idOf(txIndex, txs, recency[i]);
    rT[i] = idOf(TIndex, Ts, T[i]);
    if (frequency[i] > 0) repeaters++;
    purchases += frequency[i];
  }
  // A single number identifies a triple: the three distinct-value indices in mixed radix (exact
  // while the product of the three counts stays below 2^53; text keys beyond that).
  const nTx = txs.length;
  const nT = Ts.length;
  const exact = xs.length * nTx * nT < Number.MAX_SAFE_INTEGER;
  const keyed = group as Map<number | string, number>;
  for (let i = 0; i < n; i++) {
    const ix = rx[i];
    const itx = rtx[i];
    const iT = rT[i];
    const key = exact ? (ix * nTx + itx) * nT + iT : `${ix},${itx},${iT}`;
    const g = keyed.get(key);
    if (g === undefined) {
      keyed.set(key, weight.length);
      gx.push(ix);
      gtx.push(itx);
      gT.push(iT);
      weight.push(1);
    } else weight[g]++;
  }
  const xWeight = new Float64Array(xs.length);
  for (let g = 0; g < weight.length; g++) xWeight[gx[g]] += weight[g];
  return {
    xs: Float64Array.from(xs),
    xWeight,
    txs: Float64Array.from(txs, (v) => v / scale),
    Ts: Float64Array.from(Ts, (v) => v / scale),
    gx: Int32Array.from(gx),
    gtx: Int32Array.from(gtx),
    gT: Int32Array.from(gT),
    weight: Float64Array.from(weight),
    customers: n,
    repeaters,
    purchases,
    scale,
  };
}

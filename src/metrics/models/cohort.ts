/**
 * Cohort retention matrix: customers grouped by the period of their first purchase, and for each
 * period since then the share of the cohort that bought (or, with amounts, that period's revenue
 * as a share of the cohort's first-period revenue). Pure math, no Office.
 */
import { divZero, MetricError, Result } from "../errors";
import { isoFromSerial, serialFromYMD, ymdFromSerial } from "../dates";
import { customerNumbers } from "./customers";

export type CohortPeriod = "months" | "weeks" | "days" | "quarters" | "years";
export const COHORT_PERIODS: readonly CohortPeriod[] = ["months", "weeks", "days", "quarters", "years"];

export interface CohortMatrix {
  /** First day (Excel serial) of each cohort's acquisition period, oldest first. */
  starts: number[];
  /** Customers acquired in each cohort. */
  sizes: number[];
  /**
   * shares[c][k]: period k after acquisition; null where the data ends before that period; #DIV/0!
   * where a cohort's first-period revenue is 0.
   */
  shares: (number | null | MetricError)[][];
}

/** Index of a day's period, counted from a fixed origin, and the first day of a period index. */
function periodIndexer(period: CohortPeriod): { index: (day: number) => number; start: (index: number) => number } {
  switch (period) {
    case "days":
      return { index: (d) => d, start: (i) => i };
    case "weeks":
      // Weeks start on Monday: serial 0 is Saturday 1899-12-30, so Mondays are the serials ≡ 2 (mod 7).
      return { index: (d) => Math.floor((d - 2) / 7), start: (i) => i * 7 + 2 };
    case "months":
    case "quarters":
    case "years": {
      const months = period === "months" ? 1 : period === "quarters" ? 3 : 12;
      return {
        index: (d) => {
          const { year, month } = ymdFromSerial(d);
          return Math.floor((year * 12 + month - 1) / months);
        },
        start: (i) => {
          const m = i * months;
          return serialFromYMD(Math.floor(m / 12), (m % 12) + 1, 1);
        },
      };
    }
  }
}

/**
 * Builds the cohort matrix. Cohort = period of a customer's first purchase; a customer counts as
 * active in a period if they bought at least once in it. Columns run to the last period in the
 * data; a cohort's cells past that are null (unknown, not 0).
 * @example
 * cohortMatrix(["a", "b", "a"], [45292, 45300, 45330]) // January cohort of 2: month 0 → 1, month 1 → 0.5
 */
export function cohortMatrix(
  ids: ArrayLike<string | number>,
  dates: ArrayLike<number>,
  options: { period?: CohortPeriod; amounts?: ArrayLike<number> } = {},
): Result<CohortMatrix> {
  const n = ids.length;
  if (n === 0) return divZero("there are no purchases, so no cohort to measure");
  const { index, start } = periodIndexer(options.period ?? "months");
  const amounts = options.amounts;

  // Period of each row; the calendar split is cached per day, since rows share few distinct days.
  const per = new Float64Array(n);
  const cache = new Map<number, number>();
  let lastPer = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = Math.floor(dates[i]);
    let p = cache.get(d);
    if (p === undefined) {
      p = index(d);
      cache.set(d, p);
    }
    per[i] = p;
    if (p > lastPer) lastPer = p;
  }
  // Customer of each row, and the first period each customer bought in.
  const { customerOf: custOf, keys } = customerNumbers(ids);
  const first = new Array<number>(keys.length).fill(Infinity);
  for (let i = 0; i < n; i++) if (per[i] < first[custOf[i]]) first[custOf[i]] = per[i];
  // Cohorts in time order, only periods that acquired someone.
  const cohortPeriods = [...new Set(first)].sort((a, b) => a - b);
  const cohortIndex = new Map(cohortPeriods.map((p, k) => [p, k]));
  const cohortOfCustomer = Int32Array.from(first, (p) => cohortIndex.get(p)!);
  const width = lastPer - cohortPeriods[0] + 1;
  const nc = cohortPeriods.length;
  const sizes = new Array<number>(nc).fill(0);
  for (let c = 0; c < first.length; c++) sizes[cohortOfCustomer[c]]++;
  const active = Array.from({ length: nc }, () => new Float64Array(width));
  if (amounts) {
    for (let i = 0; i < n; i++) {
      const c = custOf[i];
      active[cohortOfCustomer[c]][per[i] - first[c]] += amounts[i];
    }
  } else {
    // A customer counts once per period however many purchases: rows are visited customer by
    // customer (counting sort), and a stamp per (cohort, offset) cell remembers who counted last.
    const m = first.length;
    const from = new Int32Array(m + 1);
    for (let i = 0; i < n; i++) from[custOf[i] + 1]++;
    for (let c = 0; c < m; c++) from[c + 1] += from[c];
    const order = new Int32Array(n);
    const next = from.slice(0, m);
    for (let i = 0; i < n; i++) order[next[custOf[i]]++] = i;
    const stamp = Array.from({ length: nc }, () => new Int32Array(width).fill(-1));
    for (let j = 0; j < n; j++) {
      const i = order[j];
      const c = custOf[i];
      const k = cohortOfCustomer[c];
      const off = per[i] - first[c];
      if (stamp[k][off] !== c) {
        stamp[k][off] = c;
        active[k][off]++;
      }
    }
  }
  const shares = cohortPeriods.map((p, k) => {
    const known = lastPer - p + 1;
    const base = amounts ? active[k][0] : sizes[k];
    const none = base === 0 ? divZero(`the ${options.period ?? "months"} cohort starting ${isoFromSerial(start(p))} has no first-period revenue to compare with`) : undefined;
    return Array.from({ length: width }, (_, off) => (off < known ? (none ?? active[k][off] / base) : null));
  });
  return { starts: cohortPeriods.map(start), sizes, shares };
}

/**
 * RFM summary of a transactions table, in the form the customer-base models take (Fader, Hardie
 * & Lee 2005): per customer the number of repeat purchase days (frequency x), the time from the
 * first to the last purchase (recency t_x), the time from the first purchase to the end of
 * observation (age T), and the average value of the repeat purchases. Pure math, no Office.
 */
import { badNumber, badValue, Result } from "../errors";
import { customerNumbers } from "./customers";

/** Time units of recency and T. A month is the average Gregorian month, 365.25 / 12 days. */
export type Period = "weeks" | "days" | "months";
export const PERIODS: readonly Period[] = ["weeks", "days", "months"];
export const DAYS_PER: Record<Period, number> = { days: 1, weeks: 7, months: 365.25 / 12 };

export interface Rfm {
  /** Customer keys, in order of first appearance. */
  ids: (string | number)[];
  /** Repeat purchase days: distinct purchase days − 1. */
  frequency: Float64Array;
  /** First to last purchase, in the period unit. */
  recency: Float64Array;
  /** First purchase to `asOf`, in the period unit. */
  T: Float64Array;
  /** Mean of the repeat purchase days' totals; 0 without repeat purchases. */
  monetary: Float64Array;
  /** The end of observation used (Excel serial). */
  asOf: number;
}

export interface RfmOptions {
  /** End of observation (Excel serial); purchases after it are ignored. Default: the last purchase. */
  asOf?: number;
  period?: Period;
}

/**
 * Summarises purchases into one RFM row per customer. Several purchases on one day count as one
 * purchase (their amounts add up); the first purchase day starts the customer's clock and is not
 * a repeat purchase.
 * @example
 * rfm(["A", "A", "A", "B"], [35431, 35431, 35445, 35440], [10, 5, 20, 8], { asOf: 35459 })
 * // => A: frequency 1, recency 2 weeks, T 4 weeks, monetary 20; B: 0, 0, 2.714…, 0
 */
export function rfm(
  ids: ArrayLike<string | number>,
  dates: ArrayLike<number>,
  amounts: ArrayLike<number>,
  options: RfmOptions = {},
): Result<Rfm> {
  const n = ids.length;
  if (dates.length !== n || amounts.length !== n) return badValue("customer_ids, dates and amounts must have the same number of rows");
  if (n === 0) return badValue("there are no purchases");
  const unit = DAYS_PER[options.period ?? "weeks"];
  const day = new Float64Array(n);
  let last = -Infinity;
  for (let i = 0; i < n; i++) {
    day[i] = Math.floor(dates[i]);
    if (day[i] > last) last = day[i];
  }
  const asOf = options.asOf === undefined ? last : Math.floor(options.asOf);

  // Customer index per row (−1: after as_of), in order of first appearance.
  const { customerOf, keys } = customerNumbers(ids, (i) => !(day[i] > asOf));
  const m = keys.length;
  if (m === 0) return badNumber("every purchase is after as_of");

  // Counting sort of rows by customer, then each customer's rows by day.
  const start = new Int32Array(m + 1);
  for (let i = 0; i < n; i++) if (customerOf[i] >= 0) start[customerOf[i] + 1]++;
  for (let c = 0; c < m; c++) start[c + 1] += start[c];
  const fill = start.slice(0, m);
  const rows = new Int32Array(start[m]);
  for (let i = 0; i < n; i++) if (customerOf[i] >= 0) rows[fill[customerOf[i]]++] = i;

  const frequency = new Float64Array(m);
  const recency = new Float64Array(m);
  const T = new Float64Array(m);
  const monetary = new Float64Array(m);
  const byDay = (a: number, b: number) => day[a] - day[b];
  for (let c = 0; c < m; c++) {
    const from = start[c];
    const to = start[c + 1];
    // Rows keep their input order within a customer; exports usually come in date order, so
    // sort only when they do not.
    let sorted = true;
    for (let k = from + 1; k < to && sorted; k++) sorted = day[rows[k - 1]] <= day[rows[k]];
    if (!sorted) rows.subarray(from, to).sort(byDay);
    const first = day[rows[from]];
    let current = first;
    let repeatDays = 0;
    let repeatTotal = 0;
    for (let k = from + 1; k < to; k++) {
      const r = rows[k];
      if (day[r] !== current) {
        current = day[r];
        repeatDays++;
      }
      if (current !== first) repeatTotal += amounts[r];
    }
    frequency[c] = repeatDays;
    recency[c] = (current - first) / unit;
    T[c] = (asOf - first) / unit;
    monetary[c] = repeatDays > 0 ? repeatTotal / repeatDays : 0;
  }
  return { ids: keys, frequency, recency, T, monetary, asOf };
}

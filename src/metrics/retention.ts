/**
 * Retention and churn metrics: churn from flags or from start and end dates, customer retention,
 * renewal rate, and net and gross revenue retention. Pure math over plain numbers and arrays, no
 * Office: the Excel layer (src/functions/retention.ts) converts cells, this file decides what the
 * numbers mean, and a notebook can import it as it is.
 *
 * Parallel arrays hold one entry per spreadsheet cell, read row by row, with null for a blank
 * cell; "row k" in a message is the k-th cell of the ranges (the k-th row for one-column ranges).
 * Dates are Excel serials (src/metrics/dates.ts); a time of day is ignored, since periods are
 * whole days, inclusive of both ends.
 */
import { badNumber, badValue, divZero, isMetricError, Result } from "./errors";

/** A count must be a whole number ≥ 0; the converter enforces this, notebooks may not. */
function badCount(n: number, name: string): Result<never> | undefined {
  if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n)) return badNumber(`${name} is ${n}; a count is a whole number, 0 or more`);
  return undefined;
}

/**
 * Churn rate from one flag per customer (seed 002: churned customers ÷ all customers).
 * `true` means churned, `false` still a customer, `null` (a blank cell) is no customer and counts
 * in neither. No customer at all is #DIV/0!.
 * @example churnFromFlags([true, false, false, null, true]) // => 0.5
 */
export function churnFromFlags(flags: readonly (boolean | null)[]): Result<number> {
  let churned = 0;
  let customers = 0;
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i];
    // Counted without branching on the flag: flags come in no order, and a mispredicted branch
    // per customer cost more than the rest of the loop.
    customers += +(f !== null);
    churned += +(f === true);
  }
  if (customers === 0) return divZero("there are no customers (every cell is blank)");
  return churned / customers;
}

/** The two counts behind a dated churn rate, for callers that want more than the ratio. */
export interface ChurnCounts {
  /** Customers active at the start of the period: the denominator. */
  activeAtStart: number;
  /** Of those, customers whose end date falls inside the period: the numerator. */
  lost: number;
}

/**
 * The counts behind {@link churnFromDates}; see there for the definition and the edge cases.
 * @example churnCounts([45300, null, 45420, 45200], [45000, 45000, 45100, 45010], 45292, 45382)
 * // => { activeAtStart: 3, lost: 1 }
 */
export function churnCounts(
  ends: readonly (number | null)[],
  starts: readonly (number | null)[],
  periodStart: number,
  periodEnd: number,
): Result<ChurnCounts> {
  if (ends.length !== starts.length) return badValue(`customers has ${ends.length} cells but start_dates has ${starts.length}; parallel ranges must be the same size`);
  if (!Number.isFinite(periodStart) || !Number.isFinite(periodEnd)) return badNumber("period_start and period_end must be finite date serials");
  const from = Math.floor(periodStart);
  const to = Math.floor(periodEnd);
  if (to < from) return badNumber("period_end is before period_start");
  let activeAtStart = 0;
  let lost = 0;
  for (let i = 0; i < ends.length; i++) {
    const s = starts[i];
    const e = ends[i];
    if (s === null) {
      // Both blank is an empty row of the selection. An end date without a start date is a
      // customer we cannot place: counting it either way would move the rate silently.
      if (e === null) continue;
      return badValue(`start_dates row ${i + 1} is blank, but that customer has an end date; give the start date`, i + 1);
    }
    if (!Number.isFinite(s) || (e !== null && !Number.isFinite(e))) return badNumber(`row ${i + 1} holds a date that is not a finite serial`);
    const start = Math.floor(s);
    const end = e === null ? Infinity : Math.floor(e);
    if (end < start) return badNumber(`row ${i + 1}: the end date is before the start date`);
    // Bitwise, not &&: which customers were active is in no order, so a branch on it mispredicts.
    const active = +(start < from) & +(end >= from);
    activeAtStart += active;
    lost += active & +(end <= to);
  }
  return { activeAtStart, lost };
}

/**
 * Churn rate over a period from dates: customers lost during [periodStart, periodEnd] among
 * those active at its start ÷ customers active at its start.
 *
 * Row k is one customer (or one subscription: a customer who came back is a new row):
 * `ends[k]` its end (cancel) date, null while active; `starts[k]` its start date.
 * - Active at start: started before `periodStart` (strictly: a customer starting on the first
 *   day is new in the period) and not ended before it (ending on the first day still counts).
 * - Lost: active at start and ended on or before `periodEnd`. Customers new in the period are in
 *   neither count, even if they also leave in it; customers ending after the period are kept.
 * - Dates are whole days: a time of day is dropped, so both ends of the period are inclusive.
 * - A row blank in both is skipped (an empty row of the selection). A row with an end date but
 *   no start date is #VALUE! (it cannot be placed); an end before its start is #NUM!; so is
 *   `periodEnd` before `periodStart`. No customer active at the start is #DIV/0!.
 * The result is between 0 and 1.
 * @example churnFromDates([45300, null, 45420, 45200], [45000, 45000, 45100, 45010], 45292, 45382) // => 1/3
 */
export function churnFromDates(
  ends: readonly (number | null)[],
  starts: readonly (number | null)[],
  periodStart: number,
  periodEnd: number,
): Result<number> {
  const counts = churnCounts(ends, starts, periodStart, periodEnd);
  if (isMetricError(counts)) return counts;
  if (counts.activeAtStart === 0) return divZero("no customer was active at the start of the period");
  return counts.lost / counts.activeAtStart;
}

/**
 * Customer retention rate (seed 002): (customers at end − new customers) ÷ customers at start.
 * The retained customers, E − N, are among the S at the start, so N > E or E − N > S is a data
 * error (#NUM!), not a rate below 0 or above 1. S = 0 is #DIV/0! once those hold.
 * @example retention(90, 10, 100) // => 0.8
 */
export function retention(customersEnd: number, newCustomers: number, customersStart: number): Result<number> {
  const bad = badCount(customersEnd, "customers_end") ?? badCount(newCustomers, "new_customers") ?? badCount(customersStart, "customers_start");
  if (bad) return bad;
  if (newCustomers > customersEnd) return badNumber(`new_customers (${newCustomers}) is more than customers_end (${customersEnd})`);
  const kept = customersEnd - newCustomers;
  if (kept > customersStart) return badNumber(`customers_end − new_customers (${kept}) is more than customers_start (${customersStart})`);
  if (customersStart === 0) return divZero("customers_start is zero");
  return kept / customersStart;
}

/**
 * Renewal rate (seed 002): customers who renewed ÷ customers up for renewal. More renewals than
 * customers up for renewal is #NUM!; none up for renewal is #DIV/0!.
 * @example renewal(900, 1000) // => 0.9
 */
export function renewal(renewed: number, upForRenewal: number): Result<number> {
  const bad = badCount(renewed, "renewed") ?? badCount(upForRenewal, "up_for_renewal");
  if (bad) return bad;
  if (renewed > upForRenewal) return badNumber(`renewed (${renewed}) is more than up_for_renewal (${upForRenewal})`);
  if (upForRenewal === 0) return divZero("up_for_renewal is zero");
  return renewed / upForRenewal;
}

/** Sums behind NRR and GRR over the rows whose start MRR is above zero. */
export interface MrrTotals {
  /** Σ start MRR. */
  start: number;
  /** Σ end MRR (expansion included). */
  end: number;
  /** Σ min(end, start): what was kept of the starting revenue, expansion excluded. */
  kept: number;
}

/**
 * The sums behind {@link nrr} and {@link grr}, in one pass.
 *
 * Row k is one customer: `starts[k]` its MRR at the start of the period, `ends[k]` at its end.
 * Only rows with a start MRR above zero count: a blank or zero start is a customer acquired in
 * the period, whose revenue is new, not retained. A blank end MRR on a counted row is 0 (the
 * customer churned), as SUMIFS reads a blank, so the native formula
 * `SUMIFS(end, start, ">0") / SUMIFS(start, start, ">0")` agrees. A negative MRR, on any row,
 * is #NUM!. No row with a start MRR above zero is #DIV/0! (in nrr and grr).
 * @example mrrTotals([100, 200, null, 50], [120, 150, 80, null]) // => { start: 350, end: 270, kept: 250 }
 */
export function mrrTotals(starts: readonly (number | null)[], ends: readonly (number | null)[]): Result<MrrTotals> {
  if (starts.length !== ends.length) return badValue(`mrr_start has ${starts.length} cells but mrr_end has ${ends.length}; parallel ranges must be the same size`);
  let start = 0;
  let end = 0;
  let kept = 0;
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i];
    const e = ends[i];
    // `!(x >= 0)` also catches NaN, which a notebook might pass.
    if (s !== null && !(s >= 0 && s < Infinity)) return badNumber(`mrr_start row ${i + 1} is ${s}; MRR is 0 or more`);
    if (e !== null && !(e >= 0 && e < Infinity)) return badNumber(`mrr_end row ${i + 1} is ${e}; MRR is 0 or more`);
    if (s === null || s === 0) continue;
    const en = e ?? 0;
    start += s;
    end += en;
    kept += en < s ? en : s;
  }
  return { start, end, kept };
}

/**
 * Net revenue retention: Σ end MRR ÷ Σ start MRR over customers with a start MRR above zero
 * (expansion counts, so it may exceed 1). Rows and blanks as in {@link mrrTotals}.
 * @example nrr([100, 200, null, 50], [120, 150, 80, null]) // => 270 / 350
 */
export function nrr(starts: readonly (number | null)[], ends: readonly (number | null)[]): Result<number> {
  const t = mrrTotals(starts, ends);
  if (isMetricError(t)) return t;
  if (t.start === 0) return divZero("no customer has a start MRR above zero");
  const r = t.end / t.start;
  // A denormal start total can overflow the ratio; that is #NUM!, as in Excel.
  return Number.isFinite(r) ? r : badNumber("the NRR is too large to represent");
}

/**
 * Gross revenue retention: Σ min(end, start) ÷ Σ start MRR over customers with a start MRR above
 * zero: contraction and churn count, expansion does not, so it is never above 1. Rows and blanks
 * as in {@link mrrTotals}.
 * @example grr([100, 200, null, 50], [120, 150, 80, null]) // => 250 / 350
 */
export function grr(starts: readonly (number | null)[], ends: readonly (number | null)[]): Result<number> {
  const t = mrrTotals(starts, ends);
  if (isMetricError(t)) return t;
  if (t.start === 0) return divZero("no customer has a start MRR above zero");
  return t.kept / t.start;
}

/**
 * Sales and marketing metrics: funnel rates, amounts against targets, new revenue, deal cycle and
 * stage durations. Pure math over plain numbers and arrays, no Office: the Excel layer
 * (src/functions/sales.ts) converts cells, this file decides what the numbers mean.
 *
 * Parallel arrays hold one entry per spreadsheet cell, read row by row, with null for a blank
 * cell; "row k" in a message is the k-th cell of the ranges (the k-th row for one-column ranges).
 */
import { badNumber, badValue, divZero, MetricError, Result } from "./errors";

/** A count must be a whole number ≥ 0; the converter enforces this, notebooks may not. */
function badCount(n: number, name: string): Result<never> | undefined {
  if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n)) return badNumber(`${name} is ${n}; a count is a whole number, 0 or more`);
  return undefined;
}

/** part ÷ whole for two counts where the part cannot exceed the whole (won of opportunities …). */
function shareOf(part: number, partName: string, whole: number, wholeName: string): Result<number> {
  const bad = badCount(part, partName) ?? badCount(whole, wholeName);
  if (bad) return bad;
  // More winners than chances is a data entry error, not a rate above 100%.
  if (part > whole) return badNumber(`${partName} (${part}) is more than ${wholeName} (${whole})`);
  if (whole === 0) return divZero(`${wholeName} is zero`);
  return part / whole;
}

/**
 * Close rate: deals won ÷ opportunities (seed 002 prints the ratio upside down; its own example,
 * 100 prospects and 30 closed → 30%, is the truth). Pass won + lost as `opportunities` for the
 * usual win rate. More won than opportunities is #NUM!; no opportunities is #DIV/0!.
 * @example closeRate(30, 100) // => 0.3
 */
export function closeRate(won: number, opportunities: number): Result<number> {
  return shareOf(won, "won", opportunities, "opportunities");
}

/**
 * Lead (or campaign) conversion rate: leads converted ÷ leads.
 * @example leadConversion(45, 300) // => 0.15
 */
export function leadConversion(converted: number, leads: number): Result<number> {
  return shareOf(converted, "converted", leads, "leads");
}

/**
 * Upsell rate: customers who upgraded ÷ all customers (seed 002).
 * @example upsellRate(12, 80) // => 0.15
 */
export function upsellRate(upsold: number, customers: number): Result<number> {
  return shareOf(upsold, "upsold", customers, "customers");
}

/**
 * Cost per lead: total spend ÷ leads generated. Negative spend is #NUM!; no leads is #DIV/0!.
 * @example costPerLead(5000, 250) // => 20
 */
export function costPerLead(spend: number, leads: number): Result<number> {
  const bad = badCount(leads, "leads");
  if (bad) return bad;
  if (!Number.isFinite(spend) || spend < 0) return badNumber(`spend is ${spend}; a cost is 0 or more`);
  if (leads === 0) return divZero("leads is zero");
  return spend / leads;
}

/**
 * Sales growth: (current − previous) ÷ previous. A previous total of 0 is #DIV/0!; a negative
 * previous total is #NUM!, since dividing by it would flip the sign of the growth.
 * @example salesGrowth(115000, 100000) // => 0.15
 */
export function salesGrowth(current: number, previous: number): Result<number> {
  if (!Number.isFinite(current) || !Number.isFinite(previous)) return badNumber("sales totals must be finite numbers");
  if (previous < 0) return badNumber(`previous is ${previous}; growth over negative sales has no meaning`);
  if (previous === 0) return divZero("previous is zero");
  return (current - previous) / previous;
}

/**
 * Quota attainment: total sales ÷ total quota (seed 002). A negative total quota is #NUM!; a zero
 * quota is #DIV/0!. Sales may be negative (returns), so attainment is not capped.
 * @example quotaAttainment(95000, 100000) // => 0.95
 */
export function quotaAttainment(sales: number, quota: number): Result<number> {
  if (!Number.isFinite(sales) || !Number.isFinite(quota)) return badNumber("sales and quota must be finite numbers");
  if (quota < 0) return badNumber(`quota is ${quota}; a quota is 0 or more`);
  if (quota === 0) return divZero("quota is zero");
  return sales / quota;
}

/**
 * Email list growth rate (seed 001): (new subscribers − unsubscribes) ÷ list size at start.
 * More unsubscribes than the start size plus the new subscribers is #NUM! (the list would be
 * below zero); an empty list at start is #DIV/0!.
 * @example listGrowth(300, 100, 5000) // => 0.04
 */
export function listGrowth(newSubscribers: number, unsubscribes: number, listSizeStart: number): Result<number> {
  const bad = badCount(newSubscribers, "new_subscribers") ?? badCount(unsubscribes, "unsubscribes") ?? badCount(listSizeStart, "list_size_start");
  if (bad) return bad;
  if (unsubscribes > listSizeStart + newSubscribers) {
    return badNumber(`unsubscribes (${unsubscribes}) is more than the list at start plus the new subscribers (${listSizeStart + newSubscribers})`);
  }
  if (listSizeStart === 0) return divZero("list_size_start is zero");
  return (newSubscribers - unsubscribes) / listSizeStart;
}

/**
 * Numbers ids or stage names 0, 1, 2 … in order of first appearance, matching them as Excel's
 * lookups do: trimmed and case-insensitive. A text seen before is found by its exact spelling
 * without building its folded key, which would allocate a string per row of a million-row range.
 */
class Keys {
  private readonly exact = new Map<string, number>();
  private readonly folded = new Map<string, number>();
  /** The first spelling of each key, by number. */
  readonly names: string[] = [];
  indexOf(text: string): number {
    let i = this.exact.get(text);
    if (i !== undefined) return i;
    const key = text.trim().toLowerCase();
    i = this.folded.get(key);
    if (i === undefined) {
      i = this.names.length;
      this.folded.set(key, i);
      this.names.push(text.trim());
    }
    this.exact.set(text, i);
    return i;
  }
}

/**
 * Net new revenue: revenue inside [periodStart, periodEnd] (both ends inclusive, whole days) from
 * customers whose first purchase, over all rows, falls inside that period. Revenue of the period
 * from customers who bought before it is not new; purchases after it do not count.
 *
 * Rows are purchases: `ids[k]`, `dates[k]`, `amounts[k]`. A row blank in all three is skipped; a
 * row with some but not all of them is #VALUE! naming it (revenue that cannot be attributed, or a
 * purchase without a date, would make the total silently wrong). Amounts may be negative
 * (refunds). No purchase rows at all is #VALUE! (no data, not 0); periodStart after periodEnd
 * is #NUM!. Ids match case-insensitively. O(n): one id lookup per row up to the period's end
 * (a purchase after it can neither be new revenue nor make a customer old).
 * @example netNewRevenue(["A", "B", "B"], [45300, 45292, 45310], [100, 50, 70], 45292, 45322) // => 220
 */
export function netNewRevenue(
  ids: readonly (string | null)[],
  dates: readonly (number | null)[],
  amounts: readonly (number | null)[],
  periodStart: number,
  periodEnd: number,
): Result<number> {
  const n = ids.length;
  if (dates.length !== n || amounts.length !== n) return badValue("customer_ids, dates and amounts must be the same size");
  if (!Number.isFinite(periodStart) || !Number.isFinite(periodEnd)) return badNumber("period_start and period_end must be finite dates");
  const from = Math.floor(periodStart);
  const to = Math.floor(periodEnd);
  if (from > to) return badNumber("period_start is after period_end");
  const customers = new Keys();
  // Customer number of each purchase inside the period, -1 for the others.
  const customerOf = new Int32Array(n).fill(-1);
  // 1 for a customer who bought before the period: none of their revenue is new.
  let old = new Uint8Array(1024);
  let purchases = 0;
  for (let k = 0; k < n; k++) {
    const id = ids[k];
    const date = dates[k];
    const amount = amounts[k];
    if (id === null && date === null && amount === null) continue;
    purchases++;
    if (id === null) return badValue(`row ${k + 1} has a purchase but customer_ids is blank there`, k + 1);
    if (date === null) return badValue(`row ${k + 1} (customer "${id}") has no date in dates`, k + 1);
    if (amount === null) return badValue(`row ${k + 1} (customer "${id}") has no amount in amounts`, k + 1);
    if (!Number.isFinite(date) || !Number.isFinite(amount)) return badNumber(`row ${k + 1} holds a date or amount that is not a finite number`);
    const day = Math.floor(date);
    if (day > to) continue;
    const c = customers.indexOf(id);
    if (c >= old.length) {
      const grown = new Uint8Array(old.length * 2);
      grown.set(old);
      old = grown;
    }
    if (day < from) old[c] = 1;
    else customerOf[k] = c;
  }
  // No purchases at all is missing data, not zero revenue.
  if (purchases === 0) return badValue("customer_ids, dates and amounts hold no purchases");
  let total = 0;
  for (let k = 0; k < n; k++) {
    const c = customerOf[k];
    if (c >= 0 && old[c] === 0) total += amounts[k] as number;
  }
  return total;
}

/** Deal outcomes for SALESCYCLE: true won, false lost, null blank. */
export type Outcome = boolean | null;

/**
 * Sales cycle length: average days from created to closed over closed deals; with `outcomes`,
 * over won deals only. A deal with a blank closed date is open and skipped; a row blank
 * everywhere is skipped. A closed deal without a created date, or (with outcomes) without an
 * outcome, and a deal marked won without a closed date are #VALUE! naming the row; closed
 * before created is #NUM!; no closed (won) deal at all is #DIV/0!. Each deal's rules are
 * dealFault's.
 * @example salesCycle([45292, 45300, 45310], [45322, 45340, null]) // => 35
 */
export function salesCycle(
  created: readonly (number | null)[],
  closed: readonly (number | null)[],
  outcomes?: readonly Outcome[] | null,
): Result<number> {
  const n = created.length;
  if (closed.length !== n || (outcomes && outcomes.length !== n)) return badValue("created_dates, closed_dates and outcomes must be the same size");
  const withOutcomes = !!outcomes;
  const sums = new Float64Array(2);
  for (let k = 0; k < n; k++) {
    const fault = addDeal(sums, created[k], closed[k], outcomes ? outcomes[k] : true, withOutcomes);
    if (fault !== 0) return dealProblem(fault, k);
  }
  return cycleOf(sums, withOutcomes);
}

/**
 * salesCycle deal by deal, for callers that read the deals their own way: adds one deal (its
 * outcome true for every deal when there are no outcomes) to `sums` (days at 0, deals counted at
 * 1, from a fresh Float64Array(2)), counting a closed (won) deal and passing over an open one.
 * Returns dealFault's number, and then counts nothing. Sums in a typed array, not an object made
 * per call: V8 throws away a loop's optimised code once an object it met is collected.
 * @example const sums = new Float64Array(2); addDeal(sums, 45292, 45322, true, false); cycleOf(sums, false) // => 30
 */
export function addDeal(sums: Float64Array, start: number | null, end: number | null, won: Outcome, withOutcomes: boolean): number {
  const fault = dealFault(start, end, won, withOutcomes);
  if (fault !== 0 || end === null) return fault;
  // Won and lost deals come in no order: a branch on the outcome mispredicts, so lost deals add 0.
  const counted = +(won as boolean);
  sums[0] += counted * (end - (start as number));
  sums[1] += counted;
  return 0;
}

/**
 * The average cycle from addDeal's sums, or #DIV/0! when no deal was counted.
 * @example cycleOf(Float64Array.of(70, 2), false) // => 35
 */
export function cycleOf(sums: Float64Array, withOutcomes: boolean): Result<number> {
  if (sums[1] === 0) return divZero(withOutcomes ? "there are no won deals" : "there are no closed deals");
  return sums[0] / sums[1];
}

/**
 * What is wrong with one deal for salesCycle, as a number for dealProblem, or 0 when nothing is:
 * then the deal counts when `end` is not null (open deals are skipped) and `won` is true. `won`
 * is true for every deal when there are no outcomes. A number, not a message, so a loop over a
 * million deals makes no text.
 * @example dealFault(45300, null, true, true) // => 1 (marked won, but not closed)
 */
export function dealFault(start: number | null, end: number | null, won: Outcome, withOutcomes: boolean): number {
  if (end === null) return won === true && withOutcomes ? 1 : 0;
  if (start === null) return 2;
  if (!Number.isFinite(start) || !Number.isFinite(end)) return 3;
  if (end < start) return 4;
  if (won === null) return 5;
  return 0;
}

/**
 * The error for dealFault's number at deal k (0-based).
 * @example dealProblem(4, 2).message // => "row 3 was closed before it was created"
 */
export function dealProblem(fault: number, k: number): MetricError {
  const row = k + 1;
  if (fault === 1) return badValue(`row ${row} is marked won in outcomes but closed_dates is blank there`, row);
  if (fault === 2) return badValue(`row ${row} has a closed date but created_dates is blank there`, row);
  if (fault === 3) return badNumber(`row ${row} holds a date that is not a finite number`);
  if (fault === 4) return badNumber(`row ${row} was closed before it was created`);
  return badValue(`row ${row} is closed but outcomes is blank there; give won or lost`, row);
}

/** One row of the STAGEDURATION table. */
export interface StageStats {
  /** The stage's name as first written in the data. */
  stage: string;
  /** Deals that entered the stage (each deal once, however often it came back). */
  deals: number;
  /** Mean of the deals' days in the stage, over deals whose time there is measured. */
  averageDays: Result<number>;
  /** Median of the same days. */
  medianDays: Result<number>;
  /** Share of the deals that entered the stage and later entered a stage further down the order. */
  movedOn: Result<number>;
}

/** The header row of the STAGEDURATION spill, in column order. */
export const STAGE_HEADER = ["stage", "deals", "average days", "median days", "moved on share"] as const;

/** A sorted numeric run's median. */
function medianOf(sorted: Float64Array): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/**
 * Time deals spend in each pipeline stage, from a log of stage entries (one row per deal entering
 * a stage). Definition:
 * - Stage order is the order in which stages first appear in the rows (all rows, whatever `asOf`).
 * - Each deal's rows are ordered by entered date (ties keep row order). The days a deal spends in
 *   a stage on one visit are the next row's entered date minus this row's; a deal's days in a
 *   stage are the sum over its visits. The last row is the deal's current stage: its time runs
 *   to `asOf` and counts only when `asOf` is given (without it, the open visit is not measured).
 * - With `asOf`, rows entered after its day are ignored, as if they had not happened yet (a day
 *   is inclusive, as every period is: an entry at 18:00 on the `asOf` day counts, with 0 days
 *   so far in that stage when `asOf` is the day itself).
 * - deals: distinct deals that entered the stage. average/median days: over those deals whose
 *   time in the stage is measured; none → #DIV/0! (average) and #NUM! (median), as Excel's
 *   AVERAGE and MEDIAN of nothing. moved on: share of the deals that entered the stage which,
 *   after first entering it, entered a stage that comes later in the stage order.
 * Rows blank everywhere are skipped; a row missing its id, stage or date is #VALUE! naming it, and
 * so is a log with no entries at all.
 * Ids and stage names match trimmed and case-insensitively. O(n) grouping, O(n log n) medians.
 * @example stageDuration(["D1", "D1", "D2"], ["Lead", "Won", "Lead"], [45292, 45302, 45295])
 *   // => [{ stage: "Lead", deals: 2, averageDays: 10, medianDays: 10, movedOn: 0.5 },
 *   //     { stage: "Won", deals: 1, averageDays: #DIV/0!, medianDays: #NUM!, movedOn: 0 }]
 */
export function stageDuration(
  dealIds: readonly (string | null)[],
  stages: readonly (string | null)[],
  entered: readonly (number | null)[],
  asOf?: number | null,
): Result<StageStats[]> {
  const n = dealIds.length;
  if (stages.length !== n || entered.length !== n) return badValue("deal_ids, stages and entered_dates must be the same size");
  const hasAsOf = asOf !== null && asOf !== undefined;
  const cutoff = hasAsOf ? (asOf as number) : Infinity;
  if (hasAsOf && !Number.isFinite(cutoff)) return badNumber("as_of must be a finite date");
  const lastDay = Math.floor(cutoff);

  // Number deals and stages by first appearance; -1 marks a skipped row.
  const stageKeys = new Keys();
  const dealKeys = new Keys();
  const dealOf = new Int32Array(n).fill(-1);
  const stageOf = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const id = dealIds[k];
    const stage = stages[k];
    const date = entered[k];
    if (id === null && stage === null && date === null) continue;
    if (id === null) return badValue(`row ${k + 1} has a stage entry but deal_ids is blank there`, k + 1);
    if (stage === null) return badValue(`row ${k + 1} (deal "${id}") has no stage in stages`, k + 1);
    if (date === null) return badValue(`row ${k + 1} (deal "${id}") has no date in entered_dates`, k + 1);
    if (!Number.isFinite(date)) return badNumber(`row ${k + 1} (deal "${id}") has an entered date that is not a finite number`);
    const s = stageKeys.indexOf(stage);
    if (Math.floor(date) > lastDay) continue;
    dealOf[k] = dealKeys.indexOf(id);
    stageOf[k] = s;
  }
  const stageNames = stageKeys.names;
  const dealCount = dealKeys.names.length;

  // Group rows by deal with a counting sort (stable, so row order breaks date ties).
  const start = new Int32Array(dealCount + 1);
  for (let k = 0; k < n; k++) if (dealOf[k] >= 0) start[dealOf[k] + 1]++;
  for (let d = 0; d < dealCount; d++) start[d + 1] += start[d];
  const rows = new Int32Array(start[dealCount]);
  const fill = start.slice(0, dealCount);
  for (let k = 0; k < n; k++) if (dealOf[k] >= 0) rows[fill[dealOf[k]]++] = k;

  const S = stageNames.length;
  if (S === 0) return badValue("deal_ids, stages and entered_dates hold no stage entries");
  const deals = new Float64Array(S);
  const moved = new Float64Array(S);
  // Per-deal scratch, reset by stamping with the deal number instead of clearing.
  const stamp = new Int32Array(S).fill(-1);
  const days = new Float64Array(S);
  const measured = new Uint8Array(S);
  const movedNow = new Uint8Array(S);
  const touched = new Int32Array(S);
  // Measured (stage, days) pairs, at most one per deal and stage, so at most one per row.
  const pairStage = new Int32Array(rows.length);
  const pairDays = new Float64Array(rows.length);
  let pairs = 0;
  const byDate = (a: number, b: number) => (entered[a] as number) - (entered[b] as number) || a - b;

  for (let d = 0; d < dealCount; d++) {
    const lo = start[d];
    const hi = start[d + 1];
    if (hi - lo > 1) sortRun(rows, lo, hi, byDate);
    let nTouched = 0;
    for (let p = lo; p < hi; p++) {
      const k = rows[p];
      const s = stageOf[k];
      if (stamp[s] !== d) {
        stamp[s] = d;
        days[s] = 0;
        measured[s] = 0;
        touched[nTouched++] = s;
      }
      const next = p + 1 < hi ? (entered[rows[p + 1]] as number) : hasAsOf ? cutoff : NaN;
      if (!Number.isNaN(next)) {
        // Entered later on the as_of day itself: in the stage, for no time yet.
        days[s] += Math.max(0, next - (entered[k] as number));
        measured[s] = 1;
      }
    }
    // Walking back, the last write for a stage is at its first visit: did a later stage follow?
    let laterMax = -1;
    for (let p = hi - 1; p >= lo; p--) {
      const s = stageOf[rows[p]];
      movedNow[s] = laterMax > s ? 1 : 0;
      if (s > laterMax) laterMax = s;
    }
    for (let t = 0; t < nTouched; t++) {
      const s = touched[t];
      deals[s]++;
      moved[s] += movedNow[s];
      if (measured[s]) {
        pairStage[pairs] = s;
        pairDays[pairs++] = days[s];
      }
    }
  }

  // Bucket the measured days by stage, then sort each bucket numerically for its median.
  const bStart = new Int32Array(S + 1);
  for (let i = 0; i < pairs; i++) bStart[pairStage[i] + 1]++;
  for (let s = 0; s < S; s++) bStart[s + 1] += bStart[s];
  const bucket = new Float64Array(pairs);
  const bFill = bStart.slice(0, S);
  for (let i = 0; i < pairs; i++) bucket[bFill[pairStage[i]]++] = pairDays[i];

  const out: StageStats[] = [];
  for (let s = 0; s < S; s++) {
    const run = bucket.subarray(bStart[s], bStart[s + 1]).sort();
    let sum = 0;
    for (let i = 0; i < run.length; i++) sum += run[i];
    const name = stageNames[s];
    out.push({
      stage: name,
      deals: deals[s],
      averageDays: run.length ? sum / run.length : divZero(`no deal's time in stage "${name}" is measured`),
      medianDays: run.length ? medianOf(run) : badNumber(`no deal's time in stage "${name}" is measured`),
      movedOn: deals[s] ? moved[s] / deals[s] : divZero(`no deal entered stage "${name}" by as_of`),
    });
  }
  return out;
}

/** Sorts rows[lo, hi) by `cmp`: insertion sort for a deal's few rows, the engine's sort beyond. */
function sortRun(rows: Int32Array, lo: number, hi: number, cmp: (a: number, b: number) => number): void {
  if (hi - lo > 16) {
    rows.subarray(lo, hi).sort(cmp);
    return;
  }
  for (let i = lo + 1; i < hi; i++) {
    const v = rows[i];
    let j = i - 1;
    while (j >= lo && cmp(rows[j], v) > 0) {
      rows[j + 1] = rows[j];
      j--;
    }
    rows[j + 1] = v;
  }
}

/**
 * The STAGEDURATION spill: the header row, then one row per stage in stage order.
 * @example stageTable(stats)[0] // => ["stage", "deals", "average days", "median days", "moved on share"]
 */
export function stageTable(stats: readonly StageStats[]): unknown[][] {
  return [[...STAGE_HEADER], ...stats.map((s) => [s.stage, s.deals, s.averageDays, s.medianDays, s.movedOn])];
}

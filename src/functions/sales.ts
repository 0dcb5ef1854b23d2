/**
 * Sales and marketing functions: the Excel face of src/metrics/sales.ts.
 */
import {
  closeRate,
  costPerLead,
  addDeal,
  cycleOf,
  leadConversion,
  listGrowth,
  netNewRevenue,
  Outcome,
  quotaAttainment,
  salesCycle,
  salesGrowth,
  stageDuration,
  stageTable,
  upsellRate,
} from "../metrics/sales";
import { isMetricError } from "../metrics/errors";
import { amountOf, countOf, dateOf, datesInPlace, flagOfText, flagsInPlace, isMissing, isOmitted, numbersInPlace, placedIn, plainDate, sameSize, textsInPlace, WON_WORDS } from "./args";
import { run, runTable } from "./excel";

/**
 * Close rate: deals won divided by opportunities, as a fraction.
 * @customfunction CLOSERATE
 * @param won Deals won (closed), a count.
 * @param opportunities Opportunities (prospects) in the pipeline, a count; pass won + lost for the win rate.
 * @returns The close rate, from 0 to 1.
 */
export function CLOSERATE(won: any, opportunities: any): number {
  return run(() => closeRate(countOf(won, "won"), countOf(opportunities, "opportunities")));
}

/**
 * Lead conversion rate: leads converted into customers divided by leads, as a fraction.
 * @customfunction LEADCONVERSION
 * @param converted Leads that became customers, a count.
 * @param leads Leads (or campaign contacts), a count.
 * @returns The conversion rate, from 0 to 1.
 */
export function LEADCONVERSION(converted: any, leads: any): number {
  return run(() => leadConversion(countOf(converted, "converted"), countOf(leads, "leads")));
}

/**
 * Cost per lead: marketing spend divided by the leads it generated.
 * @customfunction CPL
 * @param spend Spend, in currency: a number or a range that is summed.
 * @param leads Leads generated, a count.
 * @returns The cost of one lead, in the currency of spend.
 */
export function CPL(spend: any[][], leads: any): number {
  return run(() => costPerLead(amountOf(spend, "spend", { min: 0 }), countOf(leads, "leads")));
}

/**
 * Sales growth: change in sales from the previous period, as a fraction of the previous period.
 * @customfunction SALESGROWTH
 * @param current Sales of this period, in currency: a number or a range that is summed.
 * @param previous Sales of the previous period, in currency: a number or a range that is summed.
 * @returns The growth, as a fraction (0.15 is 15%).
 */
export function SALESGROWTH(current: any[][], previous: any[][]): number {
  return run(() => salesGrowth(amountOf(current, "current"), amountOf(previous, "previous")));
}

/**
 * Quota attainment: total sales divided by total quota, as a fraction.
 * @customfunction QUOTA
 * @param sales Sales, in currency: a number or a range that is summed.
 * @param quota Quota for the same period, in currency: a number or a range that is summed.
 * @returns The attainment, as a fraction (1 is quota met).
 */
export function QUOTA(sales: any[][], quota: any[][]): number {
  return run(() => quotaAttainment(amountOf(sales, "sales"), amountOf(quota, "quota", { min: 0 })));
}

/**
 * Upsell rate: customers who upgraded divided by all customers, as a fraction.
 * @customfunction UPSELLRATE
 * @param upsold Customers who upgraded or bought more, a count.
 * @param customers All customers, a count.
 * @returns The upsell rate, from 0 to 1.
 */
export function UPSELLRATE(upsold: any, customers: any): number {
  return run(() => upsellRate(countOf(upsold, "upsold"), countOf(customers, "customers")));
}

/**
 * Net new revenue: revenue in the period from customers whose first purchase falls in the period.
 * @customfunction NETNEWREVENUE
 * @param customer_ids Customer of each purchase (text or number), one per cell.
 * @param dates Date of each purchase (date or ISO text), parallel to customer_ids.
 * @param amounts Amount of each purchase, in currency, parallel to customer_ids.
 * @param period_start First day of the period (date or ISO text), inclusive.
 * @param period_end Last day of the period (date or ISO text), inclusive.
 * @returns The new customers' revenue in the period, in the currency of amounts.
 */
export function NETNEWREVENUE(customer_ids: any[][], dates: any[][], amounts: any[][], period_start: any, period_end: any): number {
  return run(() => {
    sameSize([customer_ids, "customer_ids"], [dates, "dates"], [amounts, "amounts"]);
    return placedIn(netNewRevenue(textsInPlace(customer_ids, "customer_ids"), datesInPlace(dates, "dates"), numbersInPlace(amounts, "amounts"), dateOf(period_start, "period_start"), dateOf(period_end, "period_end")), customer_ids, dates, amounts);
  });
}

/**
 * Sales cycle length: average days from a deal's creation to its close, over closed (or won) deals.
 * @customfunction SALESCYCLE
 * @param created_dates Date each deal was created (date or ISO text), one per cell.
 * @param closed_dates Date each deal closed (date or ISO text), parallel; blank while open.
 * @param [outcomes] Outcome of each deal (won/lost, menang/kalah, TRUE/FALSE); when given, won deals only.
 * @returns The average cycle, in days.
 */
export function SALESCYCLE(created_dates: any[][], closed_dates: any[][], outcomes?: any[][]): number {
  return run(() => {
    const withOutcomes = !isOmitted(outcomes);
    // Columns the fast path takes are the same size; otherwise sizes are checked first, as ever.
    const fast = salesCycleOfColumns(created_dates, closed_dates, withOutcomes ? outcomes : undefined);
    if (fast !== undefined) return fast;
    sameSize([created_dates, "created_dates"], [closed_dates, "closed_dates"]);
    if (withOutcomes) sameSize([created_dates, "created_dates"], [outcomes, "outcomes"]);
    return placedIn(salesCycle(datesInPlace(created_dates, "created_dates"), datesInPlace(closed_dates, "closed_dates"), withOutcomes ? flagsInPlace(outcomes, "outcomes", WON_WORDS) : null), created_dates, closed_dates, ...(withOutcomes ? [outcomes] : []));
  });
}

/**
 * SALESCYCLE on the usual columns, read in one pass: one-cell rows of equal count, dates as serial
 * numbers or "", outcomes as TRUE/FALSE, 1/0, "" or a word of WON_WORDS, and every deal passing
 * dealFault (addDeal counts them as salesCycle does). On a million deals the three arrays of
 * the general path, and the passes that fill and read them, cost three times reading the cells.
 * Anything else (ISO text, a bad cell, a faulty deal, no deal counted) returns undefined, and the
 * general path reads the columns again and reports what it finds, in its order.
 */
function salesCycleOfColumns(created: unknown, closed: unknown, outcomes: unknown): number | undefined {
  if (!Array.isArray(created) || !Array.isArray(closed)) return undefined;
  const n = created.length;
  const withOutcomes = outcomes !== undefined;
  if (closed.length !== n || (withOutcomes && (!Array.isArray(outcomes) || outcomes.length !== n))) return undefined;
  const flags = outcomes as unknown[];
  // The last spellings met for won and for lost: a column holds one or two, and comparing with
  // them costs less than looking each cell up ("" is taken first, so never matches them).
  let yes = "";
  let no = "";
  const sums = new Float64Array(2);
  for (let k = 0; k < n; k++) {
    const cr = created[k];
    const cl = closed[k];
    if (!Array.isArray(cr) || cr.length !== 1 || !Array.isArray(cl) || cl.length !== 1) return undefined;
    const start = plainDate(cr[0]);
    const end = plainDate(cl[0]);
    if (start === undefined || end === undefined) return undefined;
    let won: Outcome = true;
    if (withOutcomes) {
      const fr = flags[k];
      if (!Array.isArray(fr) || fr.length !== 1) return undefined;
      const o = fr[0];
      if (typeof o === "string") {
        if (o === "") won = null;
        else if (o === yes) won = true;
        else if (o === no) won = false;
        else {
          const meaning = flagOfText(o, WON_WORDS);
          if (meaning === undefined) return undefined;
          won = meaning;
          if (meaning === true) yes = o;
          else if (meaning === false) no = o;
        }
      } else if (typeof o === "boolean") won = o;
      else if (o === 1 || o === 0) won = o === 1;
      else return undefined;
    }
    if (addDeal(sums, start, end, won, withOutcomes) !== 0) return undefined;
  }
  const cycle = cycleOf(sums, withOutcomes);
  return typeof cycle === "number" ? cycle : undefined;
}

/**
 * Time in each pipeline stage: spills stage, deals, average and median days, and share moved on.
 * @customfunction STAGEDURATION
 * @param deal_ids Deal of each stage entry (text or number), one per cell.
 * @param stages Stage the deal entered (text), parallel to deal_ids; stage order is first appearance.
 * @param entered_dates Date the deal entered the stage (date or ISO text), parallel to deal_ids.
 * @param [as_of] Date (date or ISO text) up to which time in a deal's current stage counts; later entries are ignored.
 * @returns {any[][]} A table with a header row: stage, deals, average days, median days, moved on share.
 */
export function STAGEDURATION(deal_ids: any[][], stages: any[][], entered_dates: any[][], as_of?: any): any[][] {
  return runTable(() => {
    sameSize([deal_ids, "deal_ids"], [stages, "stages"], [entered_dates, "entered_dates"]);
    const stats = placedIn(stageDuration(textsInPlace(deal_ids, "deal_ids"), textsInPlace(stages, "stages"), datesInPlace(entered_dates, "entered_dates"), isMissing(as_of) ? null : dateOf(as_of, "as_of")), deal_ids, stages, entered_dates);
    return isMetricError(stats) ? stats : stageTable(stats);
  });
}

/**
 * Email list growth rate: new subscribers minus unsubscribes, as a fraction of the list at start.
 * @customfunction LISTGROWTH
 * @param new_subscribers Subscribers who joined in the period, a count.
 * @param unsubscribes Subscribers who left in the period, a count.
 * @param list_size_start Subscribers on the list at the start of the period, a count.
 * @returns The growth rate, as a fraction (0.04 is 4%).
 */
export function LISTGROWTH(new_subscribers: any, unsubscribes: any, list_size_start: any): number {
  return run(() => listGrowth(countOf(new_subscribers, "new_subscribers"), countOf(unsubscribes, "unsubscribes"), countOf(list_size_start, "list_size_start")));
}

/**
 * Retention and churn functions: the Excel face of src/metrics/retention.ts.
 */
import { churnFromDates, churnFromFlags, grr, nrr, renewal, retention } from "../metrics/retention";
import { badValue } from "../metrics/errors";
import { CHURN_WORDS, countOf, dateOf, datesInPlace, placedIn, flagsInPlace, numbersInPlace, sameSize } from "./args";
import { run } from "./excel";

/**
 * Churn rate: churned ÷ all customers from one flag per customer, or, with dates, customers lost during a period ÷ customers active at its start.
 * @customfunction CHURN
 * @param customers Alone: one churn flag per customer (TRUE/1/yes/churned/cancelled/lost/berhenti = churned; FALSE/0/no/active/renewed/aktif = kept). With dates: each customer's end (cancel) date, blank while active.
 * @param [start_dates] Each customer's start date, parallel to customers (date cells or ISO text "2024-03-31").
 * @param [period_start] First day of the period (a date, inclusive).
 * @param [period_end] Last day of the period (a date, inclusive).
 * @returns The churn rate, a fraction from 0 to 1.
 */
export function CHURN(customers: any[][], start_dates?: any[][], period_start?: any, period_end?: any): number {
  return run(() => {
    if (start_dates == null && period_start == null && period_end == null) return churnFromFlags(flagsInPlace(customers, "customers", CHURN_WORDS));
    if (start_dates == null) throw badValue("start_dates is needed with a period; give each customer's start date, or pass customers alone as churn flags");
    sameSize([customers, "customers"], [start_dates, "start_dates"]);
    return placedIn(churnFromDates(datesInPlace(customers, "customers"), datesInPlace(start_dates, "start_dates"), dateOf(period_start, "period_start"), dateOf(period_end, "period_end")), customers, start_dates);
  });
}

/**
 * Customer retention rate: (customers at end − new customers) ÷ customers at start.
 * @customfunction RETENTION
 * @param customers_end Customers at the end of the period (a count).
 * @param new_customers Customers acquired during the period (a count).
 * @param customers_start Customers at the start of the period (a count).
 * @returns The retention rate, a fraction from 0 to 1.
 */
export function RETENTION(customers_end: any, new_customers: any, customers_start: any): number {
  return run(() => retention(countOf(customers_end, "customers_end"), countOf(new_customers, "new_customers"), countOf(customers_start, "customers_start")));
}

/**
 * Renewal rate: customers who renewed ÷ customers up for renewal.
 * @customfunction RENEWAL
 * @param renewed Customers who renewed (a count).
 * @param up_for_renewal Customers whose contract came up for renewal (a count).
 * @returns The renewal rate, a fraction from 0 to 1.
 */
export function RENEWAL(renewed: any, up_for_renewal: any): number {
  return run(() => renewal(countOf(renewed, "renewed"), countOf(up_for_renewal, "up_for_renewal")));
}

/**
 * Net revenue retention: total end MRR ÷ total start MRR of the customers with a start MRR above zero, expansion included.
 * @customfunction NRR
 * @param mrr_start Each customer's monthly recurring revenue at the start of the period (currency); blank or 0 for customers acquired later, who are left out.
 * @param mrr_end The same customers' monthly recurring revenue at the end (currency), parallel to mrr_start; blank or 0 when churned.
 * @returns The net revenue retention, a fraction (above 1 when expansion outweighs churn).
 */
export function NRR(mrr_start: any[][], mrr_end: any[][]): number {
  return run(() => {
    sameSize([mrr_start, "mrr_start"], [mrr_end, "mrr_end"]);
    return nrr(numbersInPlace(mrr_start, "mrr_start"), numbersInPlace(mrr_end, "mrr_end"));
  });
}

/**
 * Gross revenue retention: kept MRR (each customer's end MRR, capped at its start MRR) ÷ total start MRR, over customers with a start MRR above zero.
 * @customfunction GRR
 * @param mrr_start Each customer's monthly recurring revenue at the start of the period (currency); blank or 0 for customers acquired later, who are left out.
 * @param mrr_end The same customers' monthly recurring revenue at the end (currency), parallel to mrr_start; blank or 0 when churned.
 * @returns The gross revenue retention, a fraction from 0 to 1.
 */
export function GRR(mrr_start: any[][], mrr_end: any[][]): number {
  return run(() => {
    sameSize([mrr_start, "mrr_start"], [mrr_end, "mrr_end"]);
    return grr(numbersInPlace(mrr_start, "mrr_start"), numbersInPlace(mrr_end, "mrr_end"));
  });
}

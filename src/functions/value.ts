/**
 * Value and cost functions: the Excel face of src/metrics/value.ts.
 */
// The metric is imported under a longer name: `cac` is also a parameter of CACPAYBACK.
import { cac as acquisitionCost, cacPayback, clv, profitPerCustomer } from "../metrics/value";
import { amountOf, countOf, numberOf } from "./args";
import { run } from "./excel";

/**
 * Customer lifetime value: average purchase value × purchase frequency × lifespan × margin.
 * @customfunction CLV
 * @param revenue Total revenue of the period (currency): a number, or a range that is summed.
 * @param purchases Number of purchases in the same period (a count).
 * @param customers Number of unique customers who bought in the period (a count).
 * @param lifespan Average customer lifespan, in periods of the same length (years for annual figures).
 * @param [margin] Profit margin as a fraction from 0 to 1 (default 1: CLV in revenue).
 * @returns The lifetime value of an average customer (currency).
 */
export function CLV(revenue: any[][], purchases: any, customers: any, lifespan: any, margin?: any): number {
  return run(() =>
    clv(amountOf(revenue, "revenue"), countOf(purchases, "purchases"), countOf(customers, "customers"), numberOf(lifespan, "lifespan", { min: 0 }), numberOf(margin, "margin", { min: 0, max: 1 }, 1)),
  );
}

/**
 * Customer acquisition cost: total acquisition spend ÷ customers acquired.
 * @customfunction CAC
 * @param spend Sales and marketing spend on acquisition (currency): a number, or a range that is summed.
 * @param new_customers Customers acquired with that spend (a count).
 * @returns The cost of acquiring one customer (currency).
 */
export function CAC(spend: any[][], new_customers: any): number {
  return run(() => acquisitionCost(amountOf(spend, "spend"), countOf(new_customers, "new_customers")));
}

/**
 * Months needed to recover the customer acquisition cost: cac ÷ (monthly revenue per customer × gross margin).
 * @customfunction CACPAYBACK
 * @param cac Cost of acquiring one customer (currency).
 * @param monthly_revenue_per_customer Average monthly revenue of one customer (currency per month).
 * @param [gross_margin] Gross margin as a fraction from 0 to 1 (default 1).
 * @returns The payback time, in months.
 */
export function CACPAYBACK(cac: any, monthly_revenue_per_customer: any, gross_margin?: any): number {
  return run(() =>
    cacPayback(numberOf(cac, "cac", { min: 0 }), numberOf(monthly_revenue_per_customer, "monthly_revenue_per_customer", { min: 0 }), numberOf(gross_margin, "gross_margin", { min: 0, max: 1 }, 1)),
  );
}

/**
 * Average profit per customer: (total revenue − total costs) ÷ customers.
 * @customfunction PROFITPERCUSTOMER
 * @param revenue Revenue of the period (currency): a number, or a range that is summed.
 * @param costs Costs of serving those customers in the period (currency): a number, or a range that is summed.
 * @param customers Number of customers (a count).
 * @returns The average profit per customer (currency; negative for a loss).
 */
export function PROFITPERCUSTOMER(revenue: any[][], costs: any[][], customers: any): number {
  return run(() => profitPerCustomer(amountOf(revenue, "revenue"), amountOf(costs, "costs"), countOf(customers, "customers")));
}

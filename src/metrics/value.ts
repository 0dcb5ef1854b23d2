/**
 * Value and cost metrics: customer lifetime value, acquisition cost and its payback, profit per
 * customer. Pure math over plain numbers, no Office: the Excel layer (src/functions/value.ts)
 * sums amount ranges and checks cells, this file decides what the numbers mean.
 *
 * Amounts (revenue, spend, costs) are totals: the Excel layer sums a range, in which single cells
 * may be negative (refunds, credits), but a negative total is #NUM!, since a CAC or CLV built on
 * negative spending or revenue has no meaning.
 */
import { badNumber, divZero, Result } from "./errors";

/** A count must be a whole number ≥ 0; the converter enforces this, notebooks may not. */
function badCount(n: number, name: string): Result<never> | undefined {
  if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n)) return badNumber(`${name} is ${n}; a count is a whole number, 0 or more`);
  return undefined;
}

/** An amount total or a duration must be finite and ≥ 0. */
function badAmount(x: number, name: string): Result<never> | undefined {
  if (!(x >= 0 && x < Infinity)) return badNumber(`${name} is ${x}; it must be 0 or more`);
  return undefined;
}

/** A margin is a fraction: 0.7 for 70%. 70 is a typing slip for 0.7, not a margin. */
function badMargin(m: number, name: string): Result<never> | undefined {
  if (!(m >= 0 && m <= 1)) return badNumber(`${name} is ${m}; a margin is a fraction from 0 to 1 (0.7 for 70%)`);
  return undefined;
}

/** Extreme inputs (a denormal margin, 1e308 revenue) can overflow; that is #NUM!, as in Excel. */
function finite(x: number, what: string): Result<number> {
  return Number.isFinite(x) ? x : badNumber(`${what} is too large to represent`);
}

/**
 * Customer lifetime value (seed 002):
 * average purchase value = revenue ÷ purchases; purchase frequency = purchases ÷ customers;
 * customer value = their product; CLV = customer value × lifespan × margin.
 * `lifespan` is in the period that revenue and purchases cover (years for annual figures).
 * No purchases or no customers is #DIV/0!; a negative revenue or lifespan, or a margin outside
 * 0…1, is #NUM!.
 * @example clv(100000, 2500, 500, 4) // => 800
 * @example clv(87500, 2500, 500, 6) // => 1050 (average purchase value 35)
 */
export function clv(revenue: number, purchases: number, customers: number, lifespan: number, margin = 1): Result<number> {
  const bad =
    badAmount(revenue, "revenue") ??
    badCount(purchases, "purchases") ??
    badCount(customers, "customers") ??
    badAmount(lifespan, "lifespan") ??
    badMargin(margin, "margin");
  if (bad) return bad;
  if (purchases === 0) return divZero("purchases is zero, so there is no average purchase value");
  if (customers === 0) return divZero("customers is zero");
  const averagePurchase = revenue / purchases;
  const frequency = purchases / customers;
  return finite(averagePurchase * frequency * lifespan * margin, "the CLV");
}

/**
 * Customer acquisition cost (seed 002): total acquisition spend ÷ customers acquired.
 * A negative spend is #NUM!; no customers acquired is #DIV/0!.
 * @example cac(50000, 125) // => 400
 */
export function cac(spend: number, newCustomers: number): Result<number> {
  const bad = badAmount(spend, "spend") ?? badCount(newCustomers, "new_customers");
  if (bad) return bad;
  if (newCustomers === 0) return divZero("new_customers is zero");
  return finite(spend / newCustomers, "the CAC");
}

/**
 * CAC payback (seed 001), in months: cac ÷ (monthly revenue per customer × gross margin).
 * A negative cac or revenue, or a margin outside 0…1, is #NUM!; a monthly gross profit of zero
 * (no revenue, or a margin of 0) never pays back: #DIV/0!.
 * @example cacPayback(400, 50, 0.8) // => 10
 */
export function cacPayback(cacAmount: number, monthlyRevenuePerCustomer: number, grossMargin = 1): Result<number> {
  const bad = badAmount(cacAmount, "cac") ?? badAmount(monthlyRevenuePerCustomer, "monthly_revenue_per_customer") ?? badMargin(grossMargin, "gross_margin");
  if (bad) return bad;
  const monthlyProfit = monthlyRevenuePerCustomer * grossMargin;
  if (monthlyRevenuePerCustomer === 0 || grossMargin === 0) return divZero("the monthly gross profit per customer is zero, so the CAC is never paid back");
  // Two tiny factors whose product underflows to 0: the profit is not zero, the payback just huge.
  if (monthlyProfit === 0) return finite(cacAmount / monthlyRevenuePerCustomer / grossMargin, "the payback time");
  return finite(cacAmount / monthlyProfit, "the payback time");
}

/**
 * Average profit per customer (seed 003): (revenue − costs) ÷ customers. The profit may be
 * negative; a negative revenue or cost total is #NUM!; no customers is #DIV/0!.
 * @example profitPerCustomer(250000, 180000, 350) // => 200
 */
export function profitPerCustomer(revenue: number, costs: number, customers: number): Result<number> {
  const bad = badAmount(revenue, "revenue") ?? badAmount(costs, "costs") ?? badCount(customers, "customers");
  if (bad) return bad;
  if (customers === 0) return divZero("customers is zero");
  return finite((revenue - costs) / customers, "the profit per customer");
}

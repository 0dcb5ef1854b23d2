/**
 * Predictive customer-base functions: the Excel face of src/metrics/models/ (RFM summary, BG/NBD,
 * Gamma-Gamma, predicted CLV, sBG retention, cohort matrix).
 *
 * Range arguments follow the catalogue's conventions, plus one convenience for tables: when the
 * first cell of every parallel range is a text label (a header row such as "frequency", or the
 * header of a CRM.RFM spill), that row is skipped. Fitted parameters spill as a two-column table
 * (parameter, value; the log-likelihood last), and a `params` argument takes that table or just
 * its value column.
 */
import { badNumber, badValue, isMetricError, Result } from "../metrics/errors";
import { serialFromISO } from "../metrics/dates";
import { BGNBD_NAMES, BgnbdParams, expectedPurchasesFor, fitBgnbd, pAliveFor, PerCustomer } from "../metrics/models/bgnbd";
import { tripleFault, tripleProblem } from "../metrics/models/summary";
import { COHORT_PERIODS, cohortMatrix } from "../metrics/models/cohort";
import { predictClv } from "../metrics/models/clv";
import { fitGammaGamma } from "../metrics/models/gammagamma";
import { PERIODS, rfm } from "../metrics/models/rfm";
import { fitSbg, sbgDerl, sbgRetention, sbgSurvival, SbgFit } from "../metrics/models/sbg";
import { Arg, choiceOf, dateOf, datesInPlace, isBlank, isMissing, isOmitted, numberOf, numbersInPlace, rowsOf, sameSize, textOf, textsInPlace } from "./args";
import { run, runSpill, runTable, spillCell } from "./excel";
import { keyOf, Remembered } from "./remembered";

/**
 * Per-customer evaluators by model parameters (and horizon): recalculating with the same fitted
 * parameters reuses one, with what it has worked out (see Remembered).
 */
const models = new Remembered<PerCustomer>(4);

/** Unwraps a metric result inside a run()/runTable() callback. */
function ok<T>(result: Result<T>): T {
  if (isMetricError(result)) throw result;
  return result;
}

/** The first cell of a range, as rowsOf(arg)[0]?.[0], without a pass over the other rows. */
const firstCell = (arg: Arg): unknown => {
  if (!Array.isArray(arg)) return arg;
  if (arg.length === 0) return undefined;
  return Array.isArray(arg[0]) ? arg[0][0] : arg[0];
};

/**
 * A column label: text that starts with a letter and is neither a number nor a date. A mistyped
 * date such as "2024-13-01" starts with a digit, so it is reported as bad data, not skipped.
 */
const isLabel = (v: unknown): boolean =>
  typeof v === "string" && /^\s*\p{L}/u.test(v) && !Number.isFinite(Number(v)) && serialFromISO(v) === undefined;

/** The range with its first cell blanked (a header), so cell positions in messages stay true. */
function withoutFirst(arg: Arg): unknown[][] {
  return rowsOf(arg).map((row, r) => (r === 0 ? row.map((v, c) => (c === 0 ? null : v)) : row));
}

/** True when every range starts with a label: a header row to skip. */
const hasHeader = (...args: Arg[]): boolean => args.every((a) => isLabel(firstCell(a)));

interface Aligned {
  /** One array per argument, holding the complete rows only. */
  columns: Float64Array[];
  /** For each complete row, its cell index in the ranges. */
  at: Int32Array;
  /** Cells per range. */
  size: number;
}

/**
 * Parallel numeric ranges read cell by cell: a cell blank in all of them is skipped (and keeps
 * its place), blank in some of them is #VALUE!.
 */
function alignedNumbers(specs: [Arg, string][]): Aligned {
  const size = sameSize(...specs);
  const header = hasHeader(...specs.map(([a]) => a));
  const values = specs.map(([a, name]) => numbersInPlace(header ? withoutFirst(a) : a, name));
  const columns = specs.map(() => new Float64Array(size));
  const at = new Int32Array(size);
  let n = 0;
  for (let i = 0; i < size; i++) {
    let blanks = 0;
    for (const v of values) if (v[i] === null) blanks++;
    if (blanks === specs.length) continue;
    if (blanks > 0) {
      const missing = specs.filter((_, k) => values[k][i] === null).map(([, name]) => name);
      throw badValue(`cell ${i + 1} of the ranges: ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} blank but the other ranges have a value there`);
    }
    for (let k = 0; k < specs.length; k++) columns[k][n] = values[k][i] as number;
    at[n++] = i;
  }
  return { columns: columns.map((c) => c.subarray(0, n)), at: at.subarray(0, n), size };
}

/** One value per input cell, shaped like the input range; skipped cells show blank. Cells are spill cells (for runSpill). */
function alignedOutput(shapeOf: Arg, a: Aligned, values: (k: number) => number): unknown[][] {
  const rows = rowsOf(shapeOf);
  const out: unknown[][] = new Array(rows.length);
  let cell = 0;
  let k = 0;
  for (let r = 0; r < rows.length; r++) {
    const width = rows[r].length;
    const row: unknown[] = new Array(width);
    for (let c = 0; c < width; c++, cell++) row[c] = k < a.at.length && a.at[k] === cell ? spillCell(values(k++)) : "";
    out[r] = row;
  }
  return out;
}

/**
 * The per-customer functions on the usual table: frequency, recency and T as columns of one
 * height (a header row allowed), each row complete or entirely blank, every cell a finite number
 * and every triple valid. Each row's three cells are read once, with no array per argument: on a
 * million customers those arrays and the passes that fill and check them cost more than the
 * model itself. Anything else returns undefined, with the arguments as they came, and the full
 * path (rfmColumns, alignedOutput) runs and reports what it finds.
 *
 * The spill is written into the arguments' own one-cell rows. Excel hands a custom function
 * fresh arrays for every call (it sends them as JSON, so no row array stands at two places), so
 * they are the function's to reuse, and a million fresh one-cell rows cost more (V8 moving them
 * through its young generation) than reading the table and evaluating the model together. A
 * caller outside Excel must likewise not pass one row array at two places. A row takes the value
 * where its storage holds it as it is: T's row when T is fractional (a row of doubles) or the
 * value whole, else recency's row when that is fractional; a row of small integers would be
 * copied into a new store on the first double written to it, as dear as a fresh row, so the rest
 * get fresh rows.
 */
function perCustomer(frequency: Arg, recency: Arg, T: Arg, value: PerCustomer): unknown[][] | undefined {
  if (!Array.isArray(frequency) || !Array.isArray(recency) || !Array.isArray(T)) return undefined;
  const n = frequency.length;
  if (recency.length !== n || T.length !== n) return undefined;
  const header = hasHeader(frequency, recency, T);
  // The T cells overwritten so far, to put back if a later row turns the table down.
  const was = new Float64Array(n);
  // Rows written in place are 0; the rest wait for the end, when the table is known to be good.
  const later = new Uint8Array(n);
  const values = new Float64Array(n);
  let r = 0;
  for (; r < n; r++) {
    const fr = frequency[r];
    const rr = recency[r];
    const tr = T[r];
    if (!Array.isArray(fr) || fr.length !== 1 || !Array.isArray(rr) || rr.length !== 1 || !Array.isArray(tr) || tr.length !== 1) break;
    if (r === 0 && header) {
      later[r] = BLANK_ROW;
      continue;
    }
    const x = fr[0];
    const tx = rr[0];
    const age = tr[0];
    if (typeof x === "number" && typeof tx === "number" && typeof age === "number") {
      if (tripleFault(x, tx, age) !== 0) break;
      const v = value.at(x, tx, age);
      if (v - v === 0 && (Math.floor(age) !== age || Math.floor(v) === v)) {
        was[r] = age;
        tr[0] = v;
      } else {
        values[r] = v;
        later[r] = v - v === 0 && Math.floor(tx) !== tx ? RECENCY_ROW : FRESH_ROW;
      }
    } else if (isBlank(x) && isBlank(tx) && isBlank(age)) later[r] = BLANK_ROW;
    else break;
  }
  if (r < n) {
    // Last row first, so a row array that stands at two places gets its first cell back.
    for (let k = r - 1; k >= 0; k--) if (later[k] === IN_PLACE) (T[k] as unknown[])[0] = was[k];
    return undefined;
  }
  const out = T as unknown[][];
  for (let k = 0; k < n; k++) {
    const kind = later[k];
    if (kind === IN_PLACE) continue;
    if (kind === BLANK_ROW) out[k][0] = "";
    else if (kind === RECENCY_ROW) {
      const row = recency[k] as unknown[];
      row[0] = values[k];
      out[k] = row;
    } else out[k] = [spillCell(values[k])];
  }
  return out;
}

/** Where perCustomer puts a row's value. */
const IN_PLACE = 0;
const FRESH_ROW = 1;
const RECENCY_ROW = 2;
const BLANK_ROW = 3;

/** The three RFM columns, validated for the BG/NBD model. */
function rfmColumns(frequency: Arg, recency: Arg, T: Arg): Aligned {
  const a = alignedNumbers([
    [frequency, "frequency"],
    [recency, "recency"],
    [T, "T"],
  ]);
  const [x, tx, age] = a.columns;
  for (let k = 0; k < x.length; k++) {
    const problem = tripleProblem(x[k], tx[k], age[k], a.at[k] + 1);
    if (problem) throw badNumber(problem);
  }
  return a;
}

/** The fitted-parameters table: header, one row per parameter, log-likelihood last. */
function paramsTable(names: readonly string[], values: number[], logLikelihood: number): unknown[][] {
  return [["parameter", "value"], ...names.map((n, i) => [n, values[i]]), ["log-likelihood", logLikelihood]];
}

/**
 * Model parameters from a `params` argument: the fitted table (names in the first column) or just
 * its value column (a leading "value" label and a trailing log-likelihood allowed).
 */
function paramsOf(arg: Arg, names: readonly string[], model: string): number[] {
  if (isMissing(arg)) throw badValue(`params is empty; give the ${model} parameters table or its value column`);
  const rows = rowsOf(arg);
  const positive = (v: number, name: string) => {
    if (!(v > 0)) throw badNumber(`params: ${name} is ${v}; ${model} parameters must be above 0`);
    return v;
  };
  const named = rows.some((r) => r.length >= 2 && typeof r[0] === "string" && names.includes(r[0].trim().toLowerCase()));
  if (named) {
    const found = new Map<string, number>();
    for (const row of rows) {
      if (row.length === 0 || isBlank(row[0])) continue;
      const label = textOf(row[0], "params").toLowerCase();
      if (label === "parameter" || label === "log-likelihood") continue;
      if (!names.includes(label)) throw badValue(`params names "${label}", which is not a ${model} parameter (${names.join(", ")})`);
      found.set(label, positive(numberOf(row[1], `params (${label})`), label));
    }
    const missing = names.filter((n) => !found.has(n));
    if (missing.length) throw badValue(`params lacks ${missing.join(", ")}; give the whole ${model} parameters table`);
    return names.map((n) => found.get(n)!);
  }
  const cells = rows.flat().filter((v) => !isBlank(v));
  if (cells.length > 0 && typeof cells[0] === "string" && cells[0].trim().toLowerCase() === "value") cells.shift();
  if (cells.length !== names.length && cells.length !== names.length + 1) {
    throw badValue(`params has ${cells.length} values; ${model} needs ${names.length} (${names.join(", ")}), optionally followed by the log-likelihood`);
  }
  return names.map((n, i) => positive(numberOf(cells[i], `params (${n})`), n));
}

const bgnbdParamsOf = (arg: Arg): BgnbdParams => {
  const [r, alpha, a, b] = paramsOf(arg, BGNBD_NAMES, "BG/NBD");
  return { r, alpha, a, b };
};

interface Transactions {
  /** Customer of each purchase, as an index into `names` (in order of first appearance). */
  customers: Int32Array;
  /** Each customer's id as typed: a number stays a number. */
  names: (string | number)[];
  dates: Float64Array;
  amounts: Float64Array | undefined;
}

/**
 * A transactions table from parallel ranges of customer ids, dates and (optionally) amounts. A row
 * blank in all of them is skipped; a header row (labels in the first cells) is skipped; a row with
 * some but not all of them is #VALUE!. Ids match by their text, so 1001 and "1001" are one
 * customer; each customer is looked up once per row here and is a small integer from then on.
 */
function transactions(customerIds: Arg, dates: Arg, amounts: Arg | undefined): Transactions {
  const specs: [Arg, string][] = [
    [customerIds, "customer_ids"],
    [dates, "dates"],
  ];
  if (amounts !== undefined) specs.push([amounts, "amounts"]);
  const size = sameSize(...specs);
  const header = isLabel(firstCell(dates)) && (amounts === undefined || isLabel(firstCell(amounts)));
  const strip = (a: Arg) => (header ? withoutFirst(a) : a);
  const keys = textsInPlace(strip(customerIds), "customer_ids");
  const days = datesInPlace(strip(dates), "dates");
  const money = amounts === undefined ? undefined : numbersInPlace(strip(amounts), "amounts");
  const out: Transactions = { customers: new Int32Array(size), names: [], dates: new Float64Array(size), amounts: money ? new Float64Array(size) : undefined };
  const index = new Map<string, number>();
  const rows = rowsOf(customerIds);
  let n = 0;
  let i = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < row.length; c++, i++) {
      const k = keys[i];
      const d = days[i];
      const m = money ? money[i] : undefined;
      if (k === null && d === null && (m === null || m === undefined)) continue;
      if (k === null || d === null || m === null) {
        const missing = [k === null && "customer_ids", d === null && "dates", m === null && "amounts"].filter(Boolean).join(" and ");
        throw badValue(`cell ${i + 1} of the ranges: ${missing} ${missing.includes(" and ") ? "are" : "is"} blank but the row has other values`);
      }
      let code = index.get(k);
      if (code === undefined) {
        code = out.names.length;
        index.set(k, code);
        out.names.push(typeof row[c] === "number" ? (row[c] as number) : k);
      }
      out.customers[n] = code;
      out.dates[n] = d;
      if (out.amounts) out.amounts[n] = m as number;
      n++;
    }
  }
  return { ...out, customers: out.customers.subarray(0, n), dates: out.dates.subarray(0, n), amounts: out.amounts?.subarray(0, n) };
}

const optionalDate = (arg: Arg, name: string): number | undefined => (isMissing(arg) ? undefined : dateOf(arg, name));

/**
 * Summarises transactions into one RFM row per customer, as the customer-base models take it.
 * @customfunction RFM
 * @param customer_ids Customer of each purchase (text or number), one per row.
 * @param dates Date of each purchase (date cells or ISO text). Purchases on the same day count as one.
 * @param amounts Value of each purchase, in money.
 * @param [as_of] End of observation (date). Later purchases are ignored. Default: the last purchase date.
 * @param [period] Unit of recency and T: "weeks" (default), "days" or "months".
 * @returns {any[][]} A table with header: id, frequency (repeat purchase days), recency, T, monetary (average repeat purchase value, 0 without repeats).
 */
export function RFM(customer_ids: any[][], dates: any[][], amounts: any[][], as_of?: any, period?: any): any[][] {
  return runTable(() => {
    const unit = choiceOf(period, "period", PERIODS, "weeks");
    const asOf = optionalDate(as_of, "as_of");
    const t = transactions(customer_ids, dates, amounts);
    const s = ok(rfm(t.customers, t.dates, t.amounts!, { asOf, period: unit }));
    const table: unknown[][] = new Array(s.ids.length + 1);
    table[0] = ["id", "frequency", "recency", "T", "monetary"];
    for (let i = 0; i < s.ids.length; i++) table[i + 1] = [t.names[s.ids[i] as number], s.frequency[i], s.recency[i], s.T[i], s.monetary[i]];
    return table;
  });
}

/**
 * Fits the BG/NBD repeat-buying model by maximum likelihood and spills its parameters.
 * @customfunction BGNBD
 * @param frequency Repeat purchase days per customer (whole number, from CRM.RFM).
 * @param recency Time from first to last purchase per customer, in the RFM period unit.
 * @param T Time from first purchase to the end of observation per customer, in the same unit.
 * @returns {any[][]} A table with header: parameter, value; rows r, alpha, a, b, log-likelihood.
 */
export function BGNBD(frequency: any[][], recency: any[][], T: any[][]): any[][] {
  return runTable(() => {
    const [x, tx, age] = rfmColumns(frequency, recency, T).columns;
    const fit = ok(fitBgnbd(x, tx, age));
    const { r, alpha, a, b } = fit.params;
    return paramsTable(BGNBD_NAMES, [r, alpha, a, b], fit.logLikelihood);
  });
}

/**
 * Probability that each customer is still alive (will buy again) under a fitted BG/NBD model.
 * @customfunction PALIVE
 * @param frequency Repeat purchase days per customer (whole number).
 * @param recency Time from first to last purchase per customer, in the RFM period unit.
 * @param T Time from first purchase to the end of observation per customer, in the same unit.
 * @param params The CRM.BGNBD table (parameter, value) or its value column.
 * @returns {any[][]} One probability (0 to 1) per input row, aligned with frequency.
 */
export function PALIVE(frequency: any[][], recency: any[][], T: any[][], params: any[][]): any[][] {
  return runSpill(() => {
    const p = bgnbdParamsOf(params);
    const alive = models.get(keyOf(["alive", p]), () => pAliveFor(p));
    const fast = perCustomer(frequency, recency, T, alive);
    if (fast) return fast;
    const a = rfmColumns(frequency, recency, T);
    const [x, tx, age] = a.columns;
    return alignedOutput(frequency, a, (k) => alive.at(x[k], tx[k], age[k]));
  });
}

/**
 * Expected number of purchases each customer makes in the next `horizon` periods under a fitted BG/NBD model.
 * @customfunction PURCHASES
 * @param frequency Repeat purchase days per customer (whole number).
 * @param recency Time from first to last purchase per customer, in the RFM period unit.
 * @param T Time from first purchase to the end of observation per customer, in the same unit.
 * @param params The CRM.BGNBD table (parameter, value) or its value column.
 * @param horizon How far ahead to count, in the RFM period unit (e.g. 52 for a year in weeks).
 * @returns {any[][]} Expected purchases per input row, aligned with frequency.
 */
export function PURCHASES(frequency: any[][], recency: any[][], T: any[][], params: any[][], horizon: any): any[][] {
  return runSpill(() => {
    const p = bgnbdParamsOf(params);
    const t = numberOf(horizon, "horizon", { min: 0 });
    const purchases = models.get(keyOf(["purchases", p, t]), () => expectedPurchasesFor(p, t));
    const fast = perCustomer(frequency, recency, T, purchases);
    if (fast) return fast;
    const a = rfmColumns(frequency, recency, T);
    const [x, tx, age] = a.columns;
    return alignedOutput(frequency, a, (k) => purchases.at(x[k], tx[k], age[k]));
  });
}

/**
 * Fits the Gamma-Gamma spend-per-purchase model to customers with repeat purchases and spills its parameters.
 * @customfunction GAMMAGAMMA
 * @param frequency Repeat purchase days per customer (whole number; customers with 0 are skipped).
 * @param monetary_value Average repeat purchase value per customer, in money (from CRM.RFM).
 * @returns {any[][]} A table with header: parameter, value; rows p, q, gamma, log-likelihood.
 */
export function GAMMAGAMMA(frequency: any[][], monetary_value: any[][]): any[][] {
  return runTable(() => {
    const [x, m] = alignedNumbers([
      [frequency, "frequency"],
      [monetary_value, "monetary_value"],
    ]).columns;
    const fit = ok(fitGammaGamma(x, m));
    return paramsTable(["p", "q", "gamma"], [fit.params.p, fit.params.q, fit.params.gamma], fit.logLikelihood);
  });
}

/**
 * Predicted lifetime value of each customer over the coming months, from BG/NBD and Gamma-Gamma fitted on the transactions.
 * @customfunction CLV.PREDICT
 * @param customer_ids Customer of each purchase (text or number), one per row.
 * @param dates Date of each purchase (date cells or ISO text).
 * @param amounts Value of each purchase, in money.
 * @param horizon Months ahead to value (whole number, e.g. 12).
 * @param [discount_rate] Yearly discount rate as a fraction (0.1 = 10% a year), applied monthly. Default 0.
 * @param [as_of] End of observation (date). Later purchases are ignored. Default: the last purchase date.
 * @param [margin] Share of revenue kept, as a fraction (gross margin). Default 1.
 * @returns {any[][]} A table with header: id, clv (in money).
 */
export function CLV_PREDICT(customer_ids: any[][], dates: any[][], amounts: any[][], horizon: any, discount_rate?: any, as_of?: any, margin?: any): any[][] {
  return runTable(() => {
    const months = numberOf(horizon, "horizon", { min: 1, max: 1200, integer: true });
    const discountRate = numberOf(discount_rate, "discount_rate", { min: 0 }, 0);
    // A fraction, as CLV's margin: 70 meant as 70% is #NUM!, not a CLV seventy times too big.
    const keep = numberOf(margin, "margin", { min: 0, max: 1 }, 1);
    const asOf = optionalDate(as_of, "as_of");
    const t = transactions(customer_ids, dates, amounts);
    const result = ok(predictClv(t.customers, t.dates, t.amounts!, { horizonMonths: months, discountRate, asOf, margin: keep }));
    const table: unknown[][] = [["id", "clv"]];
    for (let i = 0; i < result.ids.length; i++) table.push([t.names[result.ids[i] as number], result.clv[i]]);
    return table;
  });
}

/**
 * Survivor counts of one cohort, period by period: a leading label and trailing blanks are
 * skipped, but a blank between two counts would shift every later period, so it is #VALUE!.
 */
function survivorsOf(alive: Arg): number[] {
  const cells = numbersInPlace(isLabel(firstCell(alive)) ? withoutFirst(alive) : alive, "alive");
  let from = 0;
  while (from < cells.length && cells[from] === null) from++;
  let to = cells.length;
  while (to > from && cells[to - 1] === null) to--;
  const counts: number[] = [];
  for (let i = from; i < to; i++) {
    const v = cells[i];
    if (v === null) throw badValue(`alive has a blank cell (cell ${i + 1}) between survivor counts; give one count per period, with no gaps`);
    counts.push(v);
  }
  return counts;
}

function sbgFitOf(alive: Arg): SbgFit {
  return ok(fitSbg(survivorsOf(alive)));
}

/**
 * Fits the shifted-beta-geometric contract retention model to one cohort's survivor counts.
 * @customfunction SBG
 * @param alive Customers still active after 0, 1, 2 … renewal periods; the first cell is the cohort size.
 * @returns {any[][]} A table with header: parameter, value; rows alpha, beta, log-likelihood.
 */
export function SBG(alive: any[][]): any[][] {
  return runTable(() => {
    const fit = sbgFitOf(alive);
    return paramsTable(["alpha", "beta"], [fit.params.alpha, fit.params.beta], fit.logLikelihood);
  });
}

/**
 * Projects a cohort's survivors and retention rates for more periods from the fitted sBG model.
 * @customfunction SBG.PROJECT
 * @param alive Customers still active after 0, 1, 2 … renewal periods; the first cell is the cohort size.
 * @param periods Number of future periods to project (whole number).
 * @returns {any[][]} A table with header: period, survivors (customers), retention (fraction renewing that period).
 */
export function SBG_PROJECT(alive: any[][], periods: any): any[][] {
  return runTable(() => {
    const more = numberOf(periods, "periods", { min: 1, max: 10000, integer: true });
    const counts = survivorsOf(alive);
    const { params } = ok(fitSbg(counts));
    const last = counts.length - 1;
    const table: unknown[][] = [["period", "survivors", "retention"]];
    for (let t = last + 1; t <= last + more; t++) table.push([t, counts[0] * sbgSurvival(params, t), sbgRetention(params, t)]);
    return table;
  });
}

/**
 * Discounted expected residual lifetime, in periods, of a customer under the sBG model fitted to a cohort (Fader & Hardie 2010).
 * @customfunction SBG.DERL
 * @param alive Customers still active after 0, 1, 2 … renewal periods; the first cell is the cohort size.
 * @param discount_rate Discount rate per period, as a fraction (0.1 = 10%).
 * @param [renewals] Renewals the customer has made so far (whole number). Default 0.
 * @returns Expected discounted number of future periods (renewals) of the customer.
 */
export function SBG_DERL(alive: any[][], discount_rate: any, renewals?: any): number {
  return run(() => {
    const d = numberOf(discount_rate, "discount_rate", { min: 0 });
    const n = numberOf(renewals, "renewals", { min: 0, integer: true }, 0);
    const { params } = sbgFitOf(alive);
    const value = sbgDerl(params, d, n);
    if (!Number.isFinite(value)) {
      return badNumber(`the expected residual lifetime is infinite at discount rate ${d} (alpha ${params.alpha.toFixed(3)} ≤ 1); use a discount rate above 0`);
    }
    return value;
  });
}

/**
 * Cohort retention matrix: share of each acquisition cohort active in each later period (or share of its first-period revenue).
 * @customfunction COHORT
 * @param customer_ids Customer of each purchase (text or number), one per row.
 * @param dates Date of each purchase (date cells or ISO text).
 * @param [period] Cohort and column period: "months" (default), "weeks" (from Monday), "days", "quarters" or "years".
 * @param [amounts] Value of each purchase, in money; when given, cells are revenue as a share of the cohort's first-period revenue.
 * @returns {any[][]} A table with header: cohort (start date), customers, then 0, 1, 2 … periods since acquisition (fractions).
 */
export function COHORT(customer_ids: any[][], dates: any[][], period?: any, amounts?: any[][]): any[][] {
  return runTable(() => {
    const unit = choiceOf(period, "period", COHORT_PERIODS, "months");
    const t = transactions(customer_ids, dates, isOmitted(amounts) ? undefined : amounts);
    const m = ok(cohortMatrix(t.customers, t.dates, { period: unit, amounts: t.amounts }));
    const width = m.shares[0]?.length ?? 0;
    const table: unknown[][] = [["cohort", "customers", ...Array.from({ length: width }, (_, k) => k)]];
    m.starts.forEach((start, c) => table.push([start, m.sizes[c], ...m.shares[c].map((v) => (v === null ? "" : v))]));
    return table;
  });
}


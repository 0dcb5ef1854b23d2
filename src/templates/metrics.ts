/**
 * The metrics the task pane can put on a sheet or track as a goal, each written twice: with the
 * compact CRM function and with a native Excel formula (SUMPRODUCT over the mapped columns)
 * that a colleague without the add-in can read and recalculate. Both count the same rows: those
 * of the dataset's valid-rows name (CRM_customers_ok …), in the period between two cells.
 *
 * Conventions of the native formulas, so they agree with the CRM functions day for day:
 * - a period is whole days from `s` to `e` inclusive, so "on or before e" is written `< e+1`
 *   (a time of day on the last day still counts);
 * - values are summed with SUMPRODUCT(condition, column), the two-argument form, because Excel
 *   treats text in that column as 0 there, while multiplying it by a 0 condition would be #VALUE!;
 * - a column passed to a CRM function goes through IF(condition, column, "") with the cell
 *   itself tested non-blank, because IF turns a blank cell into 0, which would read as a date.
 * The native formulas need Excel's dynamic arrays (Excel 2021, Microsoft 365) where they use IF
 * over a range; so do the CRM functions.
 */
import { roleName as n, validName, type DatasetId } from "./roles";

/** The cells (or expressions) holding a period's first and last day. */
export interface Period {
  s: string;
  e: string;
}

/** What the formulas need to know about the data beyond the names. */
export interface FormulaContext {
  /** Outcome words found in the deals' outcome column, by meaning ("Won", "Closed Won" …). */
  won: string[];
  lost: string[];
  /** Cells holding the assumptions some metrics take (lifespan, margin), by input id. */
  inputs?: Record<string, string>;
}

/** Assumptions a template asks the user for, next to the period. */
export const INPUTS: Record<string, { label: string; value: number; format: string; note: string }> = {
  lifespan: { label: "Customer lifespan (in periods)", value: 36, format: "0.0", note: "How many periods a customer stays, on average; with monthly periods, 36 is three years." },
  margin: { label: "Gross margin", value: 0.7, format: "0%", note: "The share of revenue left after the cost of serving the customer." },
};

const input = (c: FormulaContext, id: string) => {
  const ref = c.inputs?.[id];
  if (!ref) throw new Error(`the formula needs the input "${id}"`);
  return ref;
};

export type Family = "retention" | "value" | "sales" | "experience" | "marketing";
export type Unit = "rate" | "score" | "currency" | "days" | "hours" | "months" | "count";

export interface MetricDef {
  id: string;
  label: string;
  family: Family;
  unit: Unit;
  /** Excel number format of the value. */
  format: string;
  /** Roles that must be mapped. */
  needs: string[];
  /** Assumption cells it reads (see INPUTS); such metrics are not offered as goals. */
  inputs?: string[];
  /** "higher" when more is better. */
  better: "higher" | "lower";
  /** The smallest and largest value the metric can take (rates 0–1, NPS −100–100). */
  bounds: [number, number];
  /** One sentence: what it counts, in the user's words. */
  definition: string;
  /** The CRM function formula over a period (without "="), or undefined for a plain measure. */
  crm?: (p: Period, c: FormulaContext) => string;
  native: (p: Period, c: FormulaContext) => string;
}

const ok = (d: DatasetId) => validName(d);
const inPeriod = (col: string, p: Period) => `(${col}>=${p.s})*(${col}<${p.e}+1)`;
// TRIM, as the quality check trims: " Won " is won. Excel's = ignores case, so one spelling of each word does.
const anyOf = (col: string, words: string[]) => (words.length === 1 ? `(TRIM(${col})="${words[0]}")` : `((${words.map((w) => `(TRIM(${col})="${w}")`).join("+")})>0)`);
const count = (mask: string) => `SUMPRODUCT(${mask})`;
const sum = (mask: string, col: string) => `SUMPRODUCT(${mask},${col})`;

// Customers: active at the start (started before it, not ended before it), lost (active at the
// start and ended in the period), new (started in it), active at the end (started by it, not
// ended by it): the definitions of CRM.CHURN.
const C = { id: n("customer_id"), start: n("start_date"), end: n("end_date"), mrr: n("mrr") };
// Still a customer on day x: no end date (blank, or spaces, as the quality check reads it) or one on or after x.
const notEndedBefore = (x: string) => `((TRIM(${C.end})="")+ISNUMBER(${C.end})*(${C.end}>=${x}))`;
const activeAtStart = (p: Period) => `${ok("customers")}*(${C.start}<${p.s})*${notEndedBefore(p.s)}`;
const lostIn = (p: Period) => `${ok("customers")}*(${C.start}<${p.s})*(${C.end}>=${p.s})*(${C.end}<${p.e}+1)`;
const newIn = (p: Period) => `${ok("customers")}*${inPeriod(C.start, p)}`;
const activeAtEnd = (p: Period) => `${ok("customers")}*(${C.start}<${p.e}+1)*${notEndedBefore(`${p.e}+1`)}`;
const activeDuring = (p: Period) => `${ok("customers")}*(${C.start}<${p.e}+1)*${notEndedBefore(p.s)}`;
const keptToEnd = (p: Period) => `${activeAtStart(p)}*${notEndedBefore(`${p.e}+1`)}`;

const I = { date: n("txn_date"), amount: n("txn_amount") };
const invoicesIn = (p: Period) => `${ok("invoices")}*${inPeriod(I.date, p)}`;

const D = { created: n("deal_created"), closed: n("deal_closed"), outcome: n("deal_outcome"), amount: n("deal_amount") };
const closedIn = (p: Period) => `${ok("deals")}*(TRIM(${D.closed})<>"")*${inPeriod(D.closed, p)}`;
const wonIn = (p: Period, c: FormulaContext) => `${closedIn(p)}*${anyOf(D.outcome, c.won)}`;
const lostDealsIn = (p: Period, c: FormulaContext) => `${closedIn(p)}*${anyOf(D.outcome, c.lost)}`;

const S = { date: n("survey_date"), nps: n("nps_score"), csat: n("csat_score") };
const answersIn = (p: Period, col: string) => `${ok("surveys")}*(TRIM(${col})<>"")*${inPeriod(S.date, p)}`;

const T = { opened: n("ticket_opened"), resolved: n("ticket_resolved") };
const resolvedTickets = (p: Period) => `${ok("tickets")}*(TRIM(${T.resolved})<>"")*${inPeriod(T.opened, p)}`;

const M = { month: n("mkt_month"), spend: n("spend"), leads: n("leads"), converted: n("converted") };
const monthsIn = (p: Period) => `${ok("marketing")}*${inPeriod(M.month, p)}`;

const PCT = "0.0%";
const MONEY = "#,##0";
const COUNT = "#,##0";
const ONE = "0.0";

export const METRICS: MetricDef[] = [
  // Retention and churn
  {
    id: "customers_start",
    label: "Customers at the start",
    family: "retention",
    unit: "count",
    format: COUNT,
    needs: ["customer_id", "start_date", "end_date"],
    better: "higher",
    bounds: [0, Infinity],
    definition: "Customers who started before the period and had not left before it began.",
    native: (p) => count(activeAtStart(p)),
  },
  {
    id: "customers_new",
    label: "New customers",
    family: "retention",
    unit: "count",
    format: COUNT,
    needs: ["customer_id", "start_date"],
    better: "higher",
    bounds: [0, Infinity],
    definition: "Customers whose start date falls in the period.",
    native: (p) => count(newIn(p)),
  },
  {
    id: "customers_lost",
    label: "Customers lost",
    family: "retention",
    unit: "count",
    format: COUNT,
    needs: ["customer_id", "start_date", "end_date"],
    better: "lower",
    bounds: [0, Infinity],
    definition: "Customers active at the start whose end date falls in the period.",
    native: (p) => count(lostIn(p)),
  },
  {
    id: "customers_end",
    label: "Customers at the end",
    family: "retention",
    unit: "count",
    format: COUNT,
    needs: ["customer_id", "start_date", "end_date"],
    better: "higher",
    bounds: [0, Infinity],
    definition: "Customers who had started by the last day and had not left by it.",
    native: (p) => count(activeAtEnd(p)),
  },
  {
    id: "churn",
    label: "Customer churn rate",
    family: "retention",
    unit: "rate",
    format: PCT,
    needs: ["customer_id", "start_date", "end_date"],
    better: "lower",
    bounds: [0, 1],
    definition: "Customers lost in the period ÷ customers active at its start (new customers of the period are in neither count).",
    crm: (p) => `CRM.CHURN(IF(${ok("customers")}*(TRIM(${C.end})<>""),${C.end},""),IF(${ok("customers")},${C.start},""),${p.s},${p.e})`,
    native: (p) => `${count(lostIn(p))}/${count(activeAtStart(p))}`,
  },
  {
    id: "retention",
    label: "Customer retention rate",
    family: "retention",
    unit: "rate",
    format: PCT,
    needs: ["customer_id", "start_date", "end_date"],
    better: "higher",
    bounds: [0, 1],
    definition: "(Customers at the end − new customers) ÷ customers at the start (seed 002).",
    crm: (p) => `CRM.RETENTION(${count(activeAtEnd(p))},${count(newIn(p))},${count(activeAtStart(p))})`,
    native: (p) => `(${count(activeAtEnd(p))}-${count(newIn(p))})/${count(activeAtStart(p))}`,
  },
  {
    id: "grr",
    label: "Gross MRR retention",
    family: "retention",
    unit: "rate",
    format: PCT,
    needs: ["customer_id", "start_date", "end_date", "mrr"],
    better: "higher",
    bounds: [0, 1],
    definition: "MRR at the end of the customers active at the start ÷ their MRR at the start (each customer's MRR as mapped; churned customers count 0).",
    crm: (p) => `CRM.GRR(IF(${activeAtStart(p)},${C.mrr},0),IF(${keptToEnd(p)},${C.mrr},0))`,
    native: (p) => `${sum(keptToEnd(p), C.mrr)}/${sum(activeAtStart(p), C.mrr)}`,
  },

  // Value and cost
  {
    id: "revenue",
    label: "Revenue",
    family: "value",
    unit: "currency",
    format: MONEY,
    needs: ["txn_date", "txn_amount"],
    better: "higher",
    bounds: [0, Infinity],
    definition: "Sum of the amounts dated in the period.",
    native: (p) => sum(invoicesIn(p), I.amount),
  },
  {
    id: "purchases",
    label: "Purchases (invoices)",
    family: "value",
    unit: "count",
    format: COUNT,
    needs: ["txn_date", "txn_amount"],
    better: "higher",
    bounds: [0, Infinity],
    definition: "Number of purchases or invoices dated in the period.",
    native: (p) => count(invoicesIn(p)),
  },
  {
    id: "customers_active",
    label: "Customers active in the period",
    family: "value",
    unit: "count",
    format: COUNT,
    needs: ["customer_id", "start_date", "end_date"],
    better: "higher",
    bounds: [0, Infinity],
    definition: "Customers active on at least one day of the period.",
    native: (p) => count(activeDuring(p)),
  },
  {
    id: "spend",
    label: "Marketing spend",
    family: "marketing",
    unit: "currency",
    format: MONEY,
    needs: ["mkt_month", "spend"],
    better: "lower",
    bounds: [0, Infinity],
    definition: "Spend of the months that start in the period.",
    native: (p) => sum(monthsIn(p), M.spend),
  },
  {
    id: "revenue_per_customer",
    label: "Average revenue per customer",
    family: "value",
    unit: "currency",
    format: MONEY,
    needs: ["txn_date", "txn_amount", "customer_id", "start_date", "end_date"],
    better: "higher",
    bounds: [0, Infinity],
    definition: "Revenue of the period ÷ customers active in it, the customer value of seed 002 (average purchase value × purchase frequency).",
    crm: (p) => `CRM.CLV(${sum(invoicesIn(p), I.amount)},${count(invoicesIn(p))},${count(activeDuring(p))},1)`,
    native: (p) => `${sum(invoicesIn(p), I.amount)}/${count(invoicesIn(p))}*(${count(invoicesIn(p))}/${count(activeDuring(p))})`,
  },
  {
    id: "cac",
    label: "Customer acquisition cost (CAC)",
    family: "value",
    unit: "currency",
    format: MONEY,
    needs: ["mkt_month", "spend", "customer_id", "start_date"],
    better: "lower",
    bounds: [0, Infinity],
    definition: "Marketing spend of the period ÷ customers acquired in it.",
    crm: (p) => `CRM.CAC(${sum(monthsIn(p), M.spend)},${count(newIn(p))})`,
    native: (p) => `${sum(monthsIn(p), M.spend)}/${count(newIn(p))}`,
  },
  {
    id: "clv",
    label: "Customer lifetime value (CLV)",
    family: "value",
    unit: "currency",
    format: MONEY,
    needs: ["txn_date", "txn_amount", "customer_id", "start_date", "end_date"],
    inputs: ["lifespan", "margin"],
    better: "higher",
    bounds: [0, Infinity],
    definition: "Average purchase value × purchase frequency × lifespan × margin (seed 002), from the period's revenue, purchases and active customers.",
    crm: (p, c) => `CRM.CLV(${sum(invoicesIn(p), I.amount)},${count(invoicesIn(p))},${count(activeDuring(p))},${input(c, "lifespan")},${input(c, "margin")})`,
    native: (p, c) => `${sum(invoicesIn(p), I.amount)}/${count(invoicesIn(p))}*(${count(invoicesIn(p))}/${count(activeDuring(p))})*${input(c, "lifespan")}*${input(c, "margin")}`,
  },
  {
    id: "cac_payback",
    label: "CAC payback (months)",
    family: "value",
    unit: "months",
    format: ONE,
    needs: ["mkt_month", "spend", "customer_id", "start_date", "end_date", "mrr"],
    inputs: ["margin"],
    better: "lower",
    bounds: [0, Infinity],
    definition: "Months of margin on a customer's MRR that repay the CAC (seed 001): CAC ÷ (average MRR per customer × margin).",
    crm: (p, c) => `CRM.CACPAYBACK(${sum(monthsIn(p), M.spend)}/${count(newIn(p))},${sum(activeAtEnd(p), C.mrr)}/${count(activeAtEnd(p))},${input(c, "margin")})`,
    native: (p, c) => `${sum(monthsIn(p), M.spend)}/${count(newIn(p))}/(${sum(activeAtEnd(p), C.mrr)}/${count(activeAtEnd(p))}*${input(c, "margin")})`,
  },
  {
    id: "arpa",
    label: "Average MRR per customer",
    family: "value",
    unit: "currency",
    format: MONEY,
    needs: ["customer_id", "start_date", "end_date", "mrr"],
    better: "higher",
    bounds: [0, Infinity],
    definition: "MRR of the customers active at the end of the period ÷ their number.",
    native: (p) => `${sum(activeAtEnd(p), C.mrr)}/${count(activeAtEnd(p))}`,
  },

  // Sales pipeline
  {
    id: "deals_won",
    label: "Deals won",
    family: "sales",
    unit: "count",
    format: COUNT,
    needs: ["deal_id", "deal_closed", "deal_outcome"],
    better: "higher",
    bounds: [0, Infinity],
    definition: "Deals closed in the period with a won outcome.",
    native: (p, c) => count(wonIn(p, c)),
  },
  {
    id: "deals_lost",
    label: "Deals lost",
    family: "sales",
    unit: "count",
    format: COUNT,
    needs: ["deal_id", "deal_closed", "deal_outcome"],
    better: "lower",
    bounds: [0, Infinity],
    definition: "Deals closed in the period with a lost outcome.",
    native: (p, c) => count(lostDealsIn(p, c)),
  },
  {
    id: "win_rate",
    label: "Win rate",
    family: "sales",
    unit: "rate",
    format: PCT,
    needs: ["deal_id", "deal_closed", "deal_outcome"],
    better: "higher",
    bounds: [0, 1],
    definition: "Deals won ÷ deals won or lost, of those closed in the period (CRM.CLOSERATE with won + lost as opportunities).",
    crm: (p, c) => `CRM.CLOSERATE(${count(wonIn(p, c))},${count(wonIn(p, c))}+${count(lostDealsIn(p, c))})`,
    native: (p, c) => `${count(wonIn(p, c))}/(${count(wonIn(p, c))}+${count(lostDealsIn(p, c))})`,
  },
  {
    id: "won_revenue",
    label: "Won deal value",
    family: "sales",
    unit: "currency",
    format: MONEY,
    needs: ["deal_id", "deal_closed", "deal_outcome", "deal_amount"],
    better: "higher",
    bounds: [0, Infinity],
    definition: "Sum of the amounts of deals won in the period.",
    native: (p, c) => sum(wonIn(p, c), D.amount),
  },
  {
    id: "sales_cycle",
    label: "Sales cycle (days)",
    family: "sales",
    unit: "days",
    format: ONE,
    needs: ["deal_id", "deal_created", "deal_closed", "deal_outcome"],
    better: "lower",
    bounds: [0, Infinity],
    definition: "Average days from created to closed, over the deals won in the period.",
    crm: (p, c) => `CRM.SALESCYCLE(IF(${wonIn(p, c)},${D.created},""),IF(${wonIn(p, c)},${D.closed},""))`,
    native: (p, c) => `(${sum(wonIn(p, c), D.closed)}-${sum(wonIn(p, c), D.created)})/${count(wonIn(p, c))}`,
  },

  // Customer experience
  {
    id: "nps",
    label: "Net Promoter Score",
    family: "experience",
    unit: "score",
    format: ONE,
    needs: ["survey_date", "nps_score"],
    better: "higher",
    bounds: [-100, 100],
    definition: "% promoters (9–10) − % detractors (0–6) of the answers dated in the period.",
    crm: (p) => `CRM.NPS(IF(${answersIn(p, S.nps)},${S.nps},""))`,
    native: (p) => `(${count(`${answersIn(p, S.nps)}*(${S.nps}>=9)`)}-${count(`${answersIn(p, S.nps)}*(${S.nps}<=6)`)})/${count(answersIn(p, S.nps))}*100`,
  },
  {
    id: "csat",
    label: "Customer satisfaction (CSAT)",
    family: "experience",
    unit: "rate",
    format: PCT,
    needs: ["survey_date", "csat_score"],
    better: "higher",
    bounds: [0, 1],
    definition: "Share of answers of 4 or 5 on the 5-point scale, of those dated in the period.",
    crm: (p) => `CRM.CSAT(IF(${answersIn(p, S.csat)},${S.csat},""))`,
    native: (p) => `${count(`${answersIn(p, S.csat)}*(${S.csat}>=4)`)}/${count(answersIn(p, S.csat))}`,
  },
  {
    id: "resolution_hours",
    label: "Average resolution time (hours)",
    family: "experience",
    unit: "hours",
    format: ONE,
    needs: ["ticket_opened", "ticket_resolved"],
    better: "lower",
    bounds: [0, Infinity],
    definition: "Average hours from opened to resolved, over the tickets opened in the period and resolved.",
    crm: (p) => `CRM.RESOLUTIONTIME(IF(${resolvedTickets(p)},${T.opened},""),IF(${resolvedTickets(p)},${T.resolved},""))`,
    native: (p) => `(${sum(resolvedTickets(p), T.resolved)}-${sum(resolvedTickets(p), T.opened)})/${count(resolvedTickets(p))}*24`,
  },
  {
    id: "tickets",
    label: "Tickets opened",
    family: "experience",
    unit: "count",
    format: COUNT,
    needs: ["ticket_opened"],
    better: "lower",
    bounds: [0, Infinity],
    definition: "Tickets opened in the period.",
    native: (p) => count(`${ok("tickets")}*${inPeriod(T.opened, p)}`),
  },
  {
    id: "answers",
    label: "Survey answers",
    family: "experience",
    unit: "count",
    format: COUNT,
    needs: ["survey_date"],
    better: "higher",
    bounds: [0, Infinity],
    definition: "Survey answers dated in the period.",
    native: (p) => count(`${ok("surveys")}*${inPeriod(S.date, p)}`),
  },

  // Marketing
  {
    id: "leads",
    label: "Leads",
    family: "marketing",
    unit: "count",
    format: COUNT,
    needs: ["mkt_month", "spend", "leads"],
    better: "higher",
    bounds: [0, Infinity],
    definition: "Leads of the months that start in the period.",
    native: (p) => sum(monthsIn(p), M.leads),
  },
  {
    id: "converted",
    label: "Converted leads",
    family: "marketing",
    unit: "count",
    format: COUNT,
    needs: ["mkt_month", "spend", "converted"],
    better: "higher",
    bounds: [0, Infinity],
    definition: "Leads that became customers, in the months that start in the period.",
    native: (p) => sum(monthsIn(p), M.converted),
  },
  {
    id: "cpl",
    label: "Cost per lead",
    family: "marketing",
    unit: "currency",
    format: "#,##0.00",
    needs: ["mkt_month", "spend", "leads"],
    better: "lower",
    bounds: [0, Infinity],
    definition: "Marketing spend ÷ leads, of the months in the period.",
    crm: (p) => `CRM.CPL(${sum(monthsIn(p), M.spend)},${sum(monthsIn(p), M.leads)})`,
    native: (p) => `${sum(monthsIn(p), M.spend)}/${sum(monthsIn(p), M.leads)}`,
  },
  {
    id: "lead_conversion",
    label: "Lead conversion rate",
    family: "marketing",
    unit: "rate",
    format: PCT,
    needs: ["mkt_month", "spend", "leads", "converted"],
    better: "higher",
    bounds: [0, 1],
    definition: "Converted leads ÷ leads, of the months in the period.",
    crm: (p) => `CRM.LEADCONVERSION(${sum(monthsIn(p), M.converted)},${sum(monthsIn(p), M.leads)})`,
    native: (p) => `${sum(monthsIn(p), M.converted)}/${sum(monthsIn(p), M.leads)}`,
  },
];

export function metric(id: string): MetricDef {
  const m = METRICS.find((x) => x.id === id);
  if (!m) throw new Error(`unknown metric ${id}`);
  return m;
}

/** The metrics with a CRM function twin: the ones a goal can track. */
export const TRACKABLE = METRICS.filter((m) => m.crm && !m.inputs);

/** Roles a metric needs that the mapping lacks. */
export function missingRoles(m: MetricDef, mapped: ReadonlySet<string>): string[] {
  return m.needs.filter((r) => !mapped.has(r));
}

/** Percent-like units are entered and shown as percentages in the pane. */
export const isRate = (m: MetricDef) => m.unit === "rate";

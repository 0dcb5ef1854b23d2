/**
 * A realistic, seeded sample CRM dataset: two years of a B2B subscription business selling in
 * Indonesia and Malaysia. Customers with MRR and cancellations, their monthly invoices, deals
 * moving through pipeline stages, support tickets, NPS and CSAT answers, and monthly marketing
 * spend with leads and conversions. The same seed and `asOf` always give the same rows, so tests
 * can compute from it; the pane inserts it with today's date so the months are recent.
 *
 * A handful of rows are deliberately wrong (a duplicate id, an end before its start, text in a
 * number column, a score off the scale …), as real exports are, so the data-quality check has
 * something to find and the templates show that they are built on the valid rows only.
 */
import { isoFromSerial, monthStart, serialFromYMD, ymdFromSerial } from "../metrics/dates";
import type { CellInput } from "../workbook/types";
import { rng as random } from "./random";

export interface SampleTable {
  /** Sheet and table name (the table name without spaces). */
  sheet: string;
  table: string;
  headers: string[];
  rows: CellInput[][];
  /** Number format per column (undefined: General). */
  formats: (string | undefined)[];
  widths: number[];
}

export interface SampleOptions {
  /** Any day of the month after the sample's last month (default: today). */
  asOf: number;
  seed?: number;
  /** Include the deliberately wrong rows (default true). */
  flaws?: boolean;
}

const DATE = "yyyy-mm-dd";
const DATETIME = "yyyy-mm-dd hh:mm";
const MONEY = "#,##0";


const SEGMENTS = [
  { name: "SMB", share: 0.6, mrr: [49, 249], churn: 0.035 },
  { name: "Mid-market", share: 0.3, mrr: [300, 900], churn: 0.02 },
  { name: "Enterprise", share: 0.1, mrr: [1500, 4000], churn: 0.008 },
];
const REGIONS = ["Jakarta", "Surabaya", "Bandung", "Kuala Lumpur", "Penang", "Johor Bahru"];
const NAME_A = ["Maju", "Sinar", "Karya", "Mitra", "Cahaya", "Berkat", "Jaya", "Harapan", "Sentosa", "Makmur", "Bumi", "Nusa", "Sri", "Teknik", "Global"];
const NAME_B = ["Abadi", "Sejahtera", "Digital", "Niaga", "Utama", "Solusi", "Logistik", "Kreatif", "Perkasa", "Mandiri", "Data", "Retail", "Medika", "Foods", "Tech"];
const NAME_C = ["PT", "CV", "Sdn Bhd", "Bhd", "PT", "Sdn Bhd"];
const OWNERS = ["Andi", "Siti", "Farah", "Budi", "Wei Ling"];
const AGENTS = ["Dewi", "Rizal", "Aisyah", "Kumar", "Mei"];
const STAGES = ["Lead", "Qualified", "Proposal", "Negotiation"];

/** First and last day of the sample's 24 months: the two years before `asOf`'s month. */
export function sampleWindow(asOf: number): { first: number; last: number; months: number[] } {
  const end = monthStart(asOf) - 1;
  const { year, month } = ymdFromSerial(end);
  const months: number[] = [];
  for (let k = 23; k >= 0; k--) {
    const m = month - k;
    const y = year + Math.floor((m - 1) / 12);
    months.push(serialFromYMD(y, ((((m - 1) % 12) + 12) % 12) + 1, 1));
  }
  return { first: months[0], last: end, months };
}

/** The sample dataset as tables. */
export function sampleData(options: SampleOptions): SampleTable[] {
  const rnd = random(options.seed ?? 20240101);
  const flaws = options.flaws ?? true;
  const { first, last, months } = sampleWindow(options.asOf);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const monthEnd = (m: number) => monthStart(m + 32) - 1;
  const dayIn = (m: number) => m + int(0, monthEnd(m) - m);
  const company = () => `${pick(NAME_C) === "PT" ? "PT " : ""}${pick(NAME_A)} ${pick(NAME_B)}${rnd() < 0.35 ? " Sdn Bhd" : ""}`;
  const round2 = (x: number) => Math.round(x * 100) / 100;

  // Marketing drives acquisition: leads from spend, customers from leads.
  const marketing: CellInput[][] = [];
  const newPerMonth: number[] = [];
  months.forEach((m, i) => {
    const spend = Math.round((9000 + i * 180 + rnd() * 3000) / 10) * 10;
    const leads = Math.round(spend / (38 + rnd() * 18));
    const converted = Math.max(4, Math.round(leads * (0.045 + rnd() * 0.03)));
    newPerMonth.push(converted);
    marketing.push([m, spend, leads, converted]);
  });

  // Customers: some already active when the window opens, then each month's conversions.
  interface Customer {
    id: string;
    name: string;
    segment: (typeof SEGMENTS)[number];
    region: string;
    start: number;
    end: number | null;
    mrr: number;
  }
  const customers: Customer[] = [];
  const segmentOf = () => {
    const x = rnd();
    return x < SEGMENTS[0].share ? SEGMENTS[0] : x < SEGMENTS[0].share + SEGMENTS[1].share ? SEGMENTS[1] : SEGMENTS[2];
  };
  const addCustomer = (start: number) => {
    const segment = segmentOf();
    const mrr = Math.round((segment.mrr[0] + rnd() * (segment.mrr[1] - segment.mrr[0])) / 10) * 10 - 1;
    let end: number | null = null;
    // A monthly hazard of leaving, a little lower in the second year (the team worked on it).
    for (let m = monthStart(start + 31); m <= last; m = monthStart(m + 32)) {
      const hazard = segment.churn * (m > months[12] ? 0.8 : 1.1);
      if (rnd() < hazard) {
        end = Math.min(last, dayIn(m));
        break;
      }
    }
    customers.push({ id: "", name: company(), segment, region: pick(REGIONS), start, end, mrr });
  };
  for (let i = 0; i < 120; i++) addCustomer(first - int(20, 700));
  months.forEach((m, i) => {
    for (let k = 0; k < newPerMonth[i]; k++) addCustomer(dayIn(m));
  });
  customers.sort((a, b) => a.start - b.start);
  customers.forEach((c, i) => (c.id = `C-${String(i + 1).padStart(4, "0")}`));
  // Customers who left before the window opened are not in a CRM export of active accounts.
  const kept = customers.filter((c) => c.end === null || c.end >= first);

  const customerRows: CellInput[][] = kept.map((c) => [c.id, c.name, c.segment.name, c.region, c.start, c.end, c.mrr]);
  const invoiceRows: CellInput[][] = [];
  for (const c of kept) {
    const day = Math.min(28, ymdFromSerial(c.start).day);
    for (let m = monthStart(Math.max(c.start, first)); m <= last; m = monthStart(m + 32)) {
      const { year, month } = ymdFromSerial(m);
      const date = serialFromYMD(year, month, day);
      if (date < c.start || date > last || (c.end !== null && date > c.end)) continue;
      invoiceRows.push([null, c.id, date, c.mrr]);
    }
  }
  invoiceRows.sort((a, b) => (a[2] as number) - (b[2] as number));
  invoiceRows.forEach((r, i) => (r[0] = `INV-${String(i + 1).padStart(5, "0")}`));

  // Deals: created every month, moving through the stages until won, lost, or still open.
  const dealRows: CellInput[][] = [];
  const stageRows: CellInput[][] = [];
  let dealNo = 0;
  for (const m of months) {
    const count = int(22, 30);
    for (let k = 0; k < count; k++) {
      const id = `D-${String(++dealNo).padStart(4, "0")}`;
      const created = dayIn(m);
      const amount = Math.round((2000 + rnd() * 28000) / 100) * 100;
      let at = created;
      let outcome: string | null = null;
      let closed: number | null = null;
      const entries: [string, number][] = [];
      for (let s = 0; s < STAGES.length; s++) {
        if (at > last) break;
        entries.push([STAGES[s], at]);
        const stay = int(3, 9 + s * 6);
        const next = at + stay;
        const advance = rnd() < [0.7, 0.65, 0.6, 0.7][s];
        if (next > last) break;
        if (!advance) {
          outcome = "Lost";
          closed = next;
          entries.push(["Lost", next]);
          break;
        }
        if (s === STAGES.length - 1) {
          outcome = "Won";
          closed = next;
          entries.push(["Won", next]);
        }
        at = next;
      }
      dealRows.push([id, company(), pick(OWNERS), created, closed, outcome, amount]);
      for (const [stage, date] of entries) stageRows.push([id, stage, date]);
    }
  }

  // Tickets: opened at a time of day, resolved hours later, a few still open.
  const ticketRows: CellInput[][] = [];
  const active = (d: number) => kept.filter((c) => c.start <= d && (c.end === null || c.end >= d));
  let ticketNo = 0;
  for (const m of months) {
    const pool = active(m + 14);
    const count = int(45, 65);
    for (let k = 0; k < count; k++) {
      const opened = round2(dayIn(m) + (8 + rnd() * 10) / 24);
      const agent = pick(AGENTS);
      const speed = agent === "Kumar" ? 1.6 : agent === "Mei" ? 0.8 : 1;
      const hours = Math.max(0.25, Math.exp(Math.log(6) + rnd() * 2.2 - 0.6) * speed);
      const resolved = opened + hours / 24 > last + 1 ? null : round2(opened + hours / 24);
      ticketRows.push([`T-${String(++ticketNo).padStart(5, "0")}`, pick(pool).id, agent, opened, resolved]);
    }
  }

  // Survey answers: NPS 0–10 and CSAT 1–5, improving a little in the second year.
  const surveyRows: CellInput[][] = [];
  let answerNo = 0;
  months.forEach((m, i) => {
    const pool = active(m + 14);
    const count = int(30, 45);
    const lift = i >= 12 ? 0.06 : 0;
    for (let k = 0; k < count; k++) {
      const x = rnd();
      const nps = x < 0.16 - lift / 2 ? int(0, 6) : x < 0.45 - lift ? int(7, 8) : int(9, 10);
      const y = rnd();
      const csat = y < 0.08 ? int(1, 2) : y < 0.25 - lift ? 3 : int(4, 5);
      surveyRows.push([`R-${String(++answerNo).padStart(5, "0")}`, pick(pool).id, dayIn(m), nps, csat]);
    }
  });

  if (flaws) {
    // What real exports hold: each is found by the data-quality check and left out of metrics.
    customerRows.splice(40, 0, [customerRows[39][0], customerRows[39][1], customerRows[39][2], customerRows[39][3], customerRows[39][4], customerRows[39][5], customerRows[39][6]]);
    const late = customerRows[120];
    late[5] = (late[4] as number) - 30; // cancelled before it started
    customerRows[200][6] = "n/a"; // text in the MRR column
    invoiceRows[500][3] = -(invoiceRows[500][3] as number); // a refund typed as a negative amount
    dealRows[300][4] = "31/02/2024"; // a close date that is not a date
    ticketRows[700][4] = (ticketRows[700][3] as number) - 0.5; // resolved before it was opened
    surveyRows[100][3] = 11; // off the 0–10 scale
    surveyRows[400][2] = null; // no answer date
  }

  return [
    {
      sheet: "Customers",
      table: "Customers",
      headers: ["Customer ID", "Company", "Segment", "Region", "Start Date", "Cancel Date", "MRR"],
      rows: customerRows,
      formats: [undefined, undefined, undefined, undefined, DATE, DATE, MONEY],
      widths: [12, 30, 12, 14, 12, 12, 9],
    },
    {
      sheet: "Invoices",
      table: "Invoices",
      headers: ["Invoice ID", "Customer ID", "Invoice Date", "Amount"],
      rows: invoiceRows,
      formats: [undefined, undefined, DATE, MONEY],
      widths: [12, 12, 12, 10],
    },
    {
      sheet: "Deals",
      table: "Deals",
      headers: ["Deal ID", "Company", "Owner", "Created", "Closed", "Outcome", "Amount"],
      rows: dealRows,
      formats: [undefined, undefined, undefined, DATE, DATE, undefined, MONEY],
      widths: [10, 30, 10, 12, 12, 10, 10],
    },
    {
      sheet: "Deal stages",
      table: "DealStages",
      headers: ["Deal ID", "Stage", "Entered"],
      rows: stageRows,
      formats: [undefined, undefined, DATE],
      widths: [10, 14, 12],
    },
    {
      sheet: "Tickets",
      table: "Tickets",
      headers: ["Ticket ID", "Customer ID", "Agent", "Opened", "Resolved"],
      rows: ticketRows,
      formats: [undefined, undefined, undefined, DATETIME, DATETIME],
      widths: [10, 12, 10, 17, 17],
    },
    {
      sheet: "Surveys",
      table: "Surveys",
      headers: ["Response ID", "Customer ID", "Date", "NPS Score", "CSAT Score"],
      rows: surveyRows,
      formats: [undefined, undefined, DATE, "0", "0"],
      widths: [12, 12, 12, 10, 10],
    },
    {
      sheet: "Marketing",
      table: "Marketing",
      headers: ["Month", "Spend", "Leads", "Converted"],
      rows: marketing,
      formats: ["mmm yyyy", MONEY, "#,##0", "#,##0"],
      widths: [10, 10, 8, 10],
    },
  ];
}

/** A one-line summary for the pane: "Customers 512 rows, Invoices 6,903 rows …". */
export function sampleSummary(tables: SampleTable[]): string {
  return tables.map((t) => `${t.sheet} (${t.rows.length.toLocaleString("en-US")} rows)`).join(", ");
}

/** ISO text of the sample's first and last days, for messages. */
export function sampleSpan(asOf: number): string {
  const { first, last } = sampleWindow(asOf);
  return `${isoFromSerial(first)} to ${isoFromSerial(last)}`;
}

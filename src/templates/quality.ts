/**
 * The data-quality check that runs before anything is built (seed 002: bad CRM data costs
 * revenue). One set of rules, stated twice on purpose: here in TypeScript, to tell the user
 * what is wrong and where, and as the workbook formula of each dataset's valid-rows name
 * (CRM_customers_ok), which every template formula multiplies by, so the metrics are built on
 * exactly the rows this check calls valid. A test proves the two agree row for row.
 *
 * Left out of the metrics: blanks in required columns, dates that are not dates (text, even
 * ISO text, since Excel cannot compare it with a date), an end before its start, negative
 * amounts, scores outside their scale, text in number columns. Reported but kept: duplicate ids
 * and outcome words that are neither won nor lost (such deals count as open).
 */
import { serialFromISO } from "../metrics/dates";
import { flagOfText, WON_WORDS } from "../functions/args";
import { blockAddress, cellAddress, parseAddress, qualified, uniqueSheetName } from "../workbook/address";
import type { CellInput, CellValue, RangeData, WriteOp } from "../workbook/types";
import { dataset, roleName, validName, type DatasetId, type Role } from "./roles";
import type { SourceMapping } from "./mapping";

/** End-after-start pairs checked within a row: [later role, earlier role]. */
export const ORDER_PAIRS: [string, string][] = [
  ["end_date", "start_date"],
  ["deal_closed", "deal_created"],
  ["ticket_resolved", "ticket_opened"],
];
/** Roles whose values must be unique. */
const UNIQUE = new Set(["customer_id", "deal_id"]);

export type IssueCode = "blank" | "notDate" | "dateText" | "order" | "negative" | "notNumber" | "scale" | "duplicate" | "outcome";

export interface Issue {
  code: IssueCode;
  /** The role (for an order problem, the later date's role). */
  role: string;
  /** The problem in plain words, e.g. "Cancel Date is before Start Date". */
  text: string;
  count: number;
  /** Up to five cell addresses, "Customers!F122". */
  cells: string[];
  /** Whether those rows are left out of the metrics. */
  excluded: boolean;
}

export interface DatasetQuality {
  dataset: DatasetId;
  label: string;
  sheet: string;
  address: string;
  /** Data rows that are not entirely blank. */
  rows: number;
  /** Rows the metrics use. */
  valid: number;
  /** Rows with data that the metrics leave out. */
  excluded: number;
  issues: Issue[];
}

const FIRST_CELLS = 5;

const isBlank = (v: CellValue | undefined) => v === null || v === undefined || (typeof v === "string" && v.trim() === "");
const isNumber = (v: CellValue | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/** A text that a person would read as a date: ISO, or day/month/year. */
function looksLikeDate(v: string): boolean {
  const t = v.trim();
  return serialFromISO(t) !== undefined || /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/.test(t);
}

const SCALE: Partial<Record<Role["kind"], [number, number]>> = { score10: [0, 10], score5: [1, 5] };

/**
 * An outcome cell as the metric formulas compare it (TRIM of the cell: TRUE and 1 as the text
 * "TRUE" and "1"), or "" for a cell no formula can count (blank, another number, an error).
 * formulaContext counts the words among these that flagOfText reads; the check reports the rest.
 * @example outcomeWord(" Won ") // => "Won"
 */
export function outcomeWord(v: CellValue | undefined): string {
  if (typeof v === "string") return v.trim();
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return v === 1 || v === 0 ? String(v) : "";
}

/** The valid-rows formula of a mapped source: a product of one factor per rule. */
export function validityFormula(source: SourceMapping): string {
  const d = dataset(source.dataset);
  const mapped = (id: string) => !!source.columns[id];
  const factors: string[] = [];
  for (const r of d.roles) {
    if (!mapped(r.id)) continue;
    const n = roleName(r.id);
    const scale = SCALE[r.kind];
    switch (r.kind) {
      case "id":
      case "text":
        if (r.required) factors.push(`(TRIM(${n})<>"")`);
        break;
      case "outcome":
        break;
      case "date":
      case "month":
        factors.push(r.required ? `ISNUMBER(${n})` : `((TRIM(${n})="")+ISNUMBER(${n}))`);
        break;
      case "amount":
      case "number":
        factors.push(r.required ? `ISNUMBER(${n})*(${n}>=0)` : `((TRIM(${n})="")+ISNUMBER(${n})*(${n}>=0))`);
        break;
      case "score10":
      case "score5":
        factors.push(`((TRIM(${n})="")+ISNUMBER(${n})*(${n}>=${scale![0]})*(${n}<=${scale![1]}))`);
        break;
    }
  }
  for (const [later, earlier] of ORDER_PAIRS) {
    // Out of order only when both are dates and the later is before, as the check reads it: one
    // factor that is 0 or 1, whatever else the cells hold (text " " compares above any number).
    if (mapped(later) && mapped(earlier)) {
      const [l, e] = [roleName(later), roleName(earlier)];
      factors.push(`(1-ISNUMBER(${l})*ISNUMBER(${e})*(${l}<${e}))`);
    }
  }
  return factors.join("*");
}

/** Checks the rows of a mapped block (header row first). */
export function checkQuality(source: SourceMapping, block: RangeData): DatasetQuality {
  const d = dataset(source.dataset);
  const headers = (block.values[0] ?? []).map((h) => (h === null ? "" : String(h).trim().toLowerCase()));
  const origin = parseAddress(block.address);
  const columnOf = new Map<string, number>();
  for (const [roleId, header] of Object.entries(source.columns)) {
    const c = headers.indexOf(header.trim().toLowerCase());
    if (c < 0) throw new Error(`The column "${header}" is no longer in ${block.sheet}!${block.address}; map the data again.`);
    columnOf.set(roleId, c);
  }
  const issues = new Map<string, Issue>();
  const note = (code: IssueCode, role: string, text: string, row: number, col: number, excluded: boolean) => {
    const key = `${code}:${role}`;
    let issue = issues.get(key);
    if (!issue) issues.set(key, (issue = { code, role, text, count: 0, cells: [], excluded }));
    issue.count++;
    if (issue.cells.length < FIRST_CELLS) issue.cells.push(`${block.sheet}!${cellAddress(origin.row + 1 + row, origin.col + col)}`);
  };
  const header = (roleId: string) => source.columns[roleId];
  const seen = new Map<string, Map<string, number>>();
  // What the metric formulas count as won or lost (see formulaContext), and the words for open.
  const outcomeKnown = (v: CellValue): boolean => {
    const w = outcomeWord(v);
    return w !== "" && (flagOfText(w, WON_WORDS) !== undefined || ["open", "terbuka"].includes(w.toLowerCase()));
  };
  let rows = 0;
  let valid = 0;
  block.values.slice(1).forEach((row, i) => {
    if (row.every(isBlank)) return;
    rows++;
    let ok = true;
    const fail = (code: IssueCode, role: string, text: string, col: number) => {
      ok = false;
      note(code, role, text, i, col, true);
    };
    for (const r of d.roles) {
      const c = columnOf.get(r.id);
      if (c === undefined) continue;
      const v = row[c];
      const name = header(r.id);
      if (UNIQUE.has(r.id) && !isBlank(v)) {
        const key = String(v).trim().toLowerCase();
        const counts = seen.get(r.id) ?? new Map<string, number>();
        seen.set(r.id, counts);
        const n = (counts.get(key) ?? 0) + 1;
        counts.set(key, n);
        if (n > 1) note("duplicate", r.id, `${name} repeated (kept: check whether they are the same record)`, i, c, false);
      }
      switch (r.kind) {
        case "id":
        case "text":
          if (r.required && isBlank(v)) fail("blank", r.id, `${name} is blank`, c);
          break;
        case "outcome":
          if (!isBlank(v) && !outcomeKnown(v as CellValue)) {
            note("outcome", r.id, `${name} is neither won nor lost (counted as open)`, i, c, false);
          }
          break;
        case "date":
        case "month":
          if (isBlank(v)) {
            if (r.required) fail("blank", r.id, `${name} is blank`, c);
          } else if (!isNumber(v)) {
            if (typeof v === "string" && looksLikeDate(v)) fail("dateText", r.id, `${name} is a date typed as text (retype it as a date)`, c);
            else fail("notDate", r.id, `${name} is not a date`, c);
          }
          break;
        case "amount":
        case "number":
          if (isBlank(v)) {
            if (r.required) fail("blank", r.id, `${name} is blank`, c);
          } else if (!isNumber(v)) fail("notNumber", r.id, `${name} holds text instead of a number`, c);
          else if (v < 0) fail("negative", r.id, `${name} is negative`, c);
          break;
        case "score10":
        case "score5": {
          const [lo, hi] = SCALE[r.kind]!;
          if (isBlank(v)) break;
          if (!isNumber(v)) fail("notNumber", r.id, `${name} holds text instead of a score`, c);
          else if (v < lo || v > hi) fail("scale", r.id, `${name} is outside the ${lo}–${hi} scale`, c);
          break;
        }
      }
    }
    for (const [later, earlier] of ORDER_PAIRS) {
      const cl = columnOf.get(later);
      const ce = columnOf.get(earlier);
      if (cl === undefined || ce === undefined) continue;
      const a = row[cl];
      const b = row[ce];
      if (isNumber(a) && isNumber(b) && a < b) fail("order", later, `${header(later)} is before ${header(earlier)}`, cl);
    }
    if (ok) valid++;
  });
  return {
    dataset: d.id,
    label: d.label,
    sheet: block.sheet,
    address: block.address,
    rows,
    valid,
    excluded: rows - valid,
    issues: [...issues.values()].sort((a, b) => Number(b.excluded) - Number(a.excluded) || b.count - a.count),
  };
}

/** "12 rows left out: 8 Cancel Date is not a date, 4 MRR is negative." */
export function summarise(q: DatasetQuality): string {
  if (!q.issues.length) return `${q.label}: ${q.rows.toLocaleString("en-US")} rows, no problems found.`;
  const left = q.excluded ? `${q.excluded.toLocaleString("en-US")} of ${q.rows.toLocaleString("en-US")} rows left out of the metrics` : `all ${q.rows.toLocaleString("en-US")} rows used`;
  return `${q.label}: ${left}.`;
}

export const QUALITY_SHEET = "Data quality";

/** The "Data quality" sheet: a summary per dataset with a live count of valid rows, then every problem. */
export function qualitySheetWrites(results: DatasetQuality[], sheetsTaken: readonly string[], asOfText: string): { sheet: string; ops: WriteOp[] } {
  const sheet = uniqueSheetName(QUALITY_SHEET, sheetsTaken);
  const cells: CellInput[][] = [
    ["Data quality check"],
    [`Checked ${asOfText}. Rows left out are not used by the metric and goal sheets; fix them in your data and they are used again at once.`],
    [],
    ["Dataset", "Data", "Rows", "Left out", "Used by the metrics (live)"],
  ];
  results.forEach((q) => {
    cells.push([q.label, qualified(q.sheet, q.address), q.rows, q.excluded, `=SUMPRODUCT(${validName(q.dataset)}*1)`]);
  });
  const summaryEnd = cells.length;
  cells.push([]);
  const issueHeader = cells.length;
  cells.push(["Dataset", "Problem", "Rows", "Left out of metrics", "First cells"]);
  let any = false;
  for (const q of results) {
    for (const issue of q.issues) {
      any = true;
      cells.push([q.label, issue.text, issue.count, issue.excluded ? "Yes" : "No (kept)", issue.cells.join(", ") + (issue.count > issue.cells.length ? " …" : "")]);
    }
  }
  if (!any) cells.push(["", "No problems found", 0, "", ""]);
  const ops: WriteOp[] = [
    { kind: "addSheet", sheet },
    { kind: "cells", sheet, address: "A1", cells },
    { kind: "style", sheet, address: "A1", style: { bold: true, size: 16, color: "#0F6CBD" } },
    { kind: "style", sheet, address: "A2", style: { italic: true, color: "#605E5C" } },
    { kind: "style", sheet, address: "A4:E4", style: { bold: true, fill: "#EBF3FC" } },
    { kind: "style", sheet, address: blockAddress({ row: issueHeader, col: 0, rows: 1, cols: 5 }), style: { bold: true, fill: "#EBF3FC" } },
    { kind: "format", sheet, address: blockAddress({ row: 4, col: 2, rows: Math.max(1, summaryEnd - 4), cols: 3 }), numberFormat: "#,##0" },
    { kind: "columnWidths", sheet, column: "A", widths: [28, 52, 10, 18, 60] },
    { kind: "activate", sheet },
  ];
  return { sheet, ops };
}

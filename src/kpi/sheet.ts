/**
 * How the KPI library lives in the workbook, as pure functions the task pane calls: the "KPI
 * library" sheet holds an Excel table with one row per KPI, and each KPI has a workbook name
 * (KPI_WinRate) whose value is its expression, so formulas read
 * `=CRM.KPI(KPI_WinRate, "won", B2, "lost", B3)`.
 *
 * The workbook name looks the expression up by the KPI's name (INDEX/MATCH) rather than pointing
 * at a fixed cell, so sorting the table, inserting rows or editing the expression in the sheet
 * never makes a name point at another KPI's expression, and an edit shows in every formula at
 * once. It looks through whole columns (fast in Excel and in the preview's engine, unlike a
 * bounded range of a million rows); the header of the name column is "KPI name", which has a
 * space and so can never equal a KPI's name.
 */
import { DIRECTIONS, Direction, KpiDefinition, KpiProblem } from "./definition";
import { checkLibrary, KpiLibrary } from "./library";

export const KPI_SHEET = "KPI library";
export const KPI_TABLE = "KpiLibrary";

/** The table's columns, in order; the last two are derived (written for the user, not read back). */
export const KPI_COLUMNS = [
  { key: "name", header: "KPI name", width: 18 },
  { key: "expression", header: "Expression", width: 40 },
  { key: "inputs", header: "Inputs", width: 40 },
  { key: "unit", header: "Unit", width: 10 },
  { key: "direction", header: "Direction", width: 16 },
  { key: "owner", header: "Owner", width: 18 },
  { key: "description", header: "Description", width: 48 },
  { key: "workbookName", header: "Workbook name", width: 22 },
  { key: "example", header: "Use in a cell", width: 48 },
] as const;
export type KpiColumn = (typeof KPI_COLUMNS)[number]["key"];

export const KPI_HEADERS: readonly string[] = KPI_COLUMNS.map((c) => c.header);

/** The table's first cell; the name lookup below depends on Name in A and Expression in B. */
export const KPI_TABLE_ANCHOR = "A1";

const DIRECTION_LABELS: Record<Direction, string> = { higher: "Higher is better", lower: "Lower is better" };

/**
 * The workbook name of a KPI.
 * @example kpiWorkbookName("WinRate") // => "KPI_WinRate"
 */
export function kpiWorkbookName(name: string): string {
  return `KPI_${name}`;
}

const quoteSheet = (sheet: string) => `'${sheet.replace(/'/g, "''")}'`;

/**
 * What the KPI's workbook name refers to: its expression, looked up by name in the library sheet.
 * @example kpiNameFormula("WinRate") // => "=INDEX('KPI library'!$B:$B, MATCH(\"WinRate\", 'KPI library'!$A:$A, 0))"
 */
export function kpiNameFormula(name: string, sheet: string = KPI_SHEET): string {
  const s = quoteSheet(sheet);
  return `=INDEX(${s}!$B:$B, MATCH("${name.replace(/"/g, '""')}", ${s}!$A:$A, 0))`;
}

/** The inputs as one cell's text: one "name: description" line each. */
export function formatInputs(inputs: KpiDefinition["inputs"]): string {
  return inputs.map((i) => `${i.name}: ${i.description}`).join("\n");
}

/**
 * Reads an Inputs cell back: a line per input, "name: description" (a line without ":" is a
 * name without a description, which validation then reports).
 * @example parseInputs("won: Deals won\nlost: Deals lost") // => [{ name: "won", description: "Deals won" }, …]
 */
export function parseInputs(text: string): { name: string; description: string }[] {
  return text
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const colon = line.indexOf(":");
      return colon < 0 ? { name: line, description: "" } : { name: line.slice(0, colon).trim(), description: line.slice(colon + 1).trim() };
    });
}

/** A Direction cell back to its value: "Higher is better", "higher", "Lower is better", "lower". */
function parseDirection(text: string): string {
  const t = text.trim().toLowerCase();
  return DIRECTIONS.find((d) => t === d || t.startsWith(`${d} `)) ?? t;
}

/**
 * How a cell uses the KPI, with its inputs as placeholders (text, not a formula).
 * @example exampleFormula(winRate) // => 'CRM.KPI(KPI_WinRate, "won", <won>, "lost", <lost>)'
 */
export function exampleFormula(kpi: KpiDefinition): string {
  return `CRM.KPI(${kpiWorkbookName(kpi.name)}, ${kpi.inputs.map((i) => `"${i.name}", <${i.name}>`).join(", ")})`;
}

/**
 * The table's cells: the header row, then one row per KPI, in the order of KPI_COLUMNS.
 * @example kpiTable([winRate])[1] // => ["WinRate", "won / (won + lost)", "won: …\nlost: …", "%", "Higher is better", …]
 */
export function kpiTable(library: KpiLibrary): string[][] {
  const rows = library.map((k) => {
    const cells: Record<KpiColumn, string> = {
      name: k.name,
      expression: k.expression,
      inputs: formatInputs(k.inputs),
      unit: k.unit,
      direction: DIRECTION_LABELS[k.direction],
      owner: k.owner,
      description: k.description,
      workbookName: kpiWorkbookName(k.name),
      example: exampleFormula(k),
    };
    return KPI_COLUMNS.map((c) => cells[c.key]);
  });
  return [[...KPI_HEADERS], ...rows];
}

/** The workbook names to create: one per KPI, each with the formula it refers to. */
export function kpiNames(library: KpiLibrary, sheet: string = KPI_SHEET): { name: string; formula: string; comment: string }[] {
  return library.map((k) => ({
    name: kpiWorkbookName(k.name),
    formula: kpiNameFormula(k.name, sheet),
    comment: `Expression of the KPI ${k.name} from the ${sheet} sheet${k.description ? `: ${k.description}` : ""}`.slice(0, 255),
  }));
}

const cellText = (v: unknown): string => (v === null || v === undefined ? "" : typeof v === "string" ? v : String(v));

/**
 * Reads the table back into a library (the sheet is the library's home, and users may edit it by
 * hand): columns are found by their header, blank rows skipped, derived columns ignored, every
 * KPI checked. Problems name the sheet row, e.g. "Row 3 (WinRate): …".
 */
export function libraryFromTable(values: readonly (readonly unknown[])[]): { ok: true; library: KpiLibrary } | { ok: false; problems: KpiProblem[] } {
  if (values.length === 0) return { ok: false, problems: [{ field: "", message: `The ${KPI_SHEET} table has no header row.` }] };
  const header = values[0].map((h) => cellText(h).trim().toLowerCase());
  const at: Partial<Record<KpiColumn, number>> = {};
  for (const c of KPI_COLUMNS) {
    const i = header.indexOf(c.header.toLowerCase());
    if (i >= 0) at[c.key] = i;
  }
  if (at.name === undefined && header.includes("name")) at.name = header.indexOf("name");
  const missing = KPI_COLUMNS.slice(0, 7).filter((c) => at[c.key] === undefined);
  if (missing.length > 0) {
    return { ok: false, problems: [{ field: "", message: `The ${KPI_SHEET} table lacks the column${missing.length === 1 ? "" : "s"} ${missing.map((c) => c.header).join(", ")}.` }] };
  }
  const read = (row: readonly unknown[], key: KpiColumn) => cellText(row[at[key]!]);
  const candidates: unknown[] = [];
  const sheetRows: number[] = [];
  values.slice(1).forEach((row, i) => {
    if (row.every((v) => cellText(v).trim() === "")) return;
    sheetRows.push(i + 2);
    candidates.push({
      name: read(row, "name"),
      expression: read(row, "expression"),
      inputs: parseInputs(read(row, "inputs")),
      unit: read(row, "unit"),
      direction: parseDirection(read(row, "direction")),
      owner: read(row, "owner"),
      description: read(row, "description"),
    });
  });
  return checkLibrary(candidates, (i) => `Row ${sheetRows[i]}`);
}

/**
 * The KPI names a formula refers to through their workbook names (outside text literals), so the
 * pane can say which formulas a deletion would break.
 * @example kpiReferences('=CRM.KPI(KPI_WinRate, "won", B2, "lost", B3)') // => ["WinRate"]
 */
export function kpiReferences(formula: string): string[] {
  const code = formula.replace(/"(?:[^"]|"")*"/g, '""');
  const out: string[] = [];
  for (const m of code.matchAll(/(?<![A-Za-z0-9_.!\\])KPI_([A-Za-z][A-Za-z0-9_]*)(?![A-Za-z0-9_.(!])/gi)) {
    if (!out.some((n) => n.toLowerCase() === m[1].toLowerCase())) out.push(m[1]);
  }
  return out;
}

/**
 * The formula for a cell that computes a KPI, each input bound to a cell, range, table column or
 * name (as a template or a goal's "current value" needs). Every input must be bound.
 * @example kpiFormula(winRate, { won: "Deals[Won]", lost: "Deals[Lost]" })
 * // => '=CRM.KPI(KPI_WinRate, "won", Deals[Won], "lost", Deals[Lost])'
 */
export function kpiFormula(kpi: KpiDefinition, bindings: Readonly<Record<string, string>>): { ok: true; formula: string } | { ok: false; problems: KpiProblem[] } {
  const bound = new Map(Object.entries(bindings).map(([k, v]) => [k.toLowerCase(), v.trim()]));
  const problems: KpiProblem[] = [];
  const parts: string[] = [];
  kpi.inputs.forEach((input, i) => {
    const ref = bound.get(input.name.toLowerCase());
    if (!ref) problems.push({ field: `inputs.${i}`, message: `Choose the cells for ${input.name} (${input.description}).` });
    else parts.push(`"${input.name}", ${ref.replace(/^=/, "")}`);
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, formula: `=CRM.KPI(${kpiWorkbookName(kpi.name)}, ${parts.join(", ")})` };
}

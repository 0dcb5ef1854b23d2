/**
 * Turns a template definition into the writes of a new metric sheet: a period control (month,
 * quarter or year containing a date), the plain measures, each metric as a CRM function beside
 * its native twin with a "same?" check, a 12-month trend and a native chart of it. Every formula
 * reads the user's data through the mapping's workbook names, never through copied values, so
 * the sheet recalculates when the data changes.
 *
 * The writes come in steps (one batch each) so the pane can show progress while it writes.
 */
import { blockAddress, cellAddress, uniqueSheetName } from "../workbook/address";
import type { CellInput, WriteOp } from "../workbook/types";
import { template, type TemplateDefinition } from "./families";
import { INPUTS, metric, missingRoles, type FormulaContext, type MetricDef, type Period } from "./metrics";
import { roleById, roleName, validName } from "./roles";

export const PERIODS = ["Month", "Quarter", "Year"] as const;
export type PeriodKind = (typeof PERIODS)[number];

export interface BuildContext {
  /** Roles the mapping covers. */
  mapped: ReadonlySet<string>;
  formula: Omit<FormulaContext, "inputs">;
  /** A day inside the period to show first (usually the last full month of the data). */
  periodDate: number;
  periodKind?: PeriodKind;
  sheetsTaken: readonly string[];
  /** Custom KPIs from the team's library (see ./custom-kpi), added after the template's own metrics and in the trend. */
  extra?: readonly MetricDef[];
}

export interface BuiltTemplate {
  sheet: string;
  steps: { label: string; ops: WriteOp[] }[];
  /** Metrics left out for want of mapped columns, with the columns to map. */
  skipped: { id: string; label: string; missing: string[] }[];
  /** Where each metric's twins are: for the pane's summary and the tests. */
  twins: { id: string; crm: string; native: string }[];
  measures: { id: string; cell: string }[];
  /** The trend's first data row and its columns, by metric id (CRM and native) or measure id. */
  trend: { firstRow: number; rows: number; columns: Record<string, string> };
}

const BRAND = "#0F6CBD";
const HEADER_FILL = "#EBF3FC";
const MUTED = "#605E5C";

const PERIOD_ROW = 3; // 0-based: row 4
const ref = (row: number, col: number) => cellAddress(row, col, true);

/** The formula of the period's first day, from the kind (B4) and a day inside it (B5). */
function periodStartFormula(kind: string, date: string): string {
  return `=IF(${kind}="Year",DATE(YEAR(${date}),1,1),IF(${kind}="Quarter",DATE(YEAR(${date}),INT((MONTH(${date})-1)/3)*3+1,1),DATE(YEAR(${date}),MONTH(${date}),1)))`;
}
function periodEndFormula(kind: string, date: string): string {
  return `=IF(${kind}="Year",DATE(YEAR(${date}),12,31),IF(${kind}="Quarter",EOMONTH(DATE(YEAR(${date}),INT((MONTH(${date})-1)/3)*3+3,1),0),EOMONTH(${date},0)))`;
}

const sameCheck = (a: string, b: string) => `=${SAME_CHECK}${a}),ISNUMBER(${b})),IF(ABS(${a}-${b})<=0.000000001*MAX(1,ABS(${b})),"same","differs"),"")`;

/** How every Same? check begins: findFormulas(SAME_CHECK) finds them all. */
export const SAME_CHECK = "IF(AND(ISNUMBER(";

/** True for a Same? check (sameCheck) whose CRM side is the cell `crm` ("B17"). */
export const isSameCheckOf = (formula: string, crm: string): boolean => formula.includes(`${SAME_CHECK}${crm}),`);

export function roleLabels(ids: string[]): string[] {
  return ids.map((id) => roleById(id)?.role.label ?? id);
}

/** The writes of one template over the mapped data. */
export function buildTemplate(def: TemplateDefinition | TemplateDefinition["id"], ctx: BuildContext): BuiltTemplate {
  const t = typeof def === "string" ? template(def) : def;
  const sheet = uniqueSheetName(t.sheet, ctx.sheetsTaken);
  const skipped: BuiltTemplate["skipped"] = [];
  const usableDefs = (defs: readonly MetricDef[]) =>
    defs.filter((m) => {
      const missing = missingRoles(m, ctx.mapped);
      if (missing.length && !skipped.some((s) => s.id === m.id)) skipped.push({ id: m.id, label: m.label, missing });
      return missing.length === 0;
    });
  const usable = (ids: string[]) => usableDefs(ids.map(metric));
  const extra = usableDefs(ctx.extra ?? []);
  const measures = usable(t.measures);
  const metrics = [...usable(t.metrics), ...extra];
  const trendMetrics = [...usable(t.trend.metrics), ...extra];
  const trendMeasures = usable(t.trend.measures);
  if (!metrics.length) {
    const needed = [...new Set(skipped.flatMap((s) => s.missing))];
    throw new Error(`The ${t.title} sheet needs these columns mapped first: ${roleLabels(needed).join(", ")}.`);
  }

  const cells: CellInput[][] = [];
  const put = (row: number, col: number, v: CellInput) => {
    while (cells.length <= row) cells.push([]);
    cells[row][col] = v;
  };
  const formats: { address: string; format: string }[] = [];
  const styles: WriteOp[] = [];
  const style = (address: string, s: Extract<WriteOp, { kind: "style" }>["style"]) => styles.push({ kind: "style", sheet, address, style: s });

  put(0, 0, t.title);
  style("A1", { bold: true, size: 16, color: BRAND });
  put(1, 0, `${t.description} The CRM column needs the CRM Metrics add-in; the native column is the same metric in plain Excel formulas.`);
  style("A2", { italic: true, color: MUTED });

  // Period control.
  const kindCell = ref(PERIOD_ROW, 1);
  const dateCell = ref(PERIOD_ROW + 1, 1);
  const startCell = ref(PERIOD_ROW + 2, 1);
  const endCell = ref(PERIOD_ROW + 3, 1);
  put(PERIOD_ROW, 0, "Period");
  put(PERIOD_ROW, 1, ctx.periodKind ?? "Month");
  put(PERIOD_ROW, 2, "Month, Quarter or Year (pick from the list)");
  put(PERIOD_ROW + 1, 0, "Period containing");
  put(PERIOD_ROW + 1, 1, ctx.periodDate);
  put(PERIOD_ROW + 1, 2, "Any day of the period to show; change it to move the whole sheet");
  put(PERIOD_ROW + 2, 0, "Period start");
  put(PERIOD_ROW + 2, 1, periodStartFormula(kindCell, dateCell));
  put(PERIOD_ROW + 3, 0, "Period end");
  put(PERIOD_ROW + 3, 1, periodEndFormula(kindCell, dateCell));
  formats.push({ address: blockAddress({ row: PERIOD_ROW + 1, col: 1, rows: 3, cols: 1 }), format: "yyyy-mm-dd" });
  style(blockAddress({ row: PERIOD_ROW, col: 1, rows: 2, cols: 1 }), { fill: "#FFF4CE", bold: true });
  for (let r = PERIOD_ROW; r < PERIOD_ROW + 4; r++) style(cellAddress(r, 2), { italic: true, color: MUTED });

  // Assumptions some metrics take.
  let row = PERIOD_ROW + 4;
  const inputs: Record<string, string> = {};
  const wanted = [...new Set([...metrics, ...trendMetrics].flatMap((m) => m.inputs ?? []))];
  for (const id of wanted) {
    const spec = INPUTS[id];
    put(row, 0, spec.label);
    put(row, 1, spec.value);
    put(row, 2, spec.note);
    formats.push({ address: cellAddress(row, 1), format: spec.format });
    style(cellAddress(row, 1), { fill: "#FFF4CE", bold: true });
    style(cellAddress(row, 2), { italic: true, color: MUTED });
    inputs[id] = ref(row, 1);
    row++;
  }
  const fctx: FormulaContext = { ...ctx.formula, inputs };
  const period: Period = { s: startCell, e: endCell };

  // Measures: native counts and sums, the building blocks.
  const measureCells: BuiltTemplate["measures"] = [];
  if (measures.length) {
    row++;
    put(row, 0, "Measure");
    put(row, 1, "Value");
    put(row, 2, "How it is counted");
    style(blockAddress({ row, col: 0, rows: 1, cols: 5 }), { bold: true, fill: HEADER_FILL });
    row++;
    for (const m of measures) {
      put(row, 0, m.label);
      put(row, 1, `=${m.native(period, fctx)}`);
      put(row, 2, m.definition);
      formats.push({ address: cellAddress(row, 1), format: m.format });
      measureCells.push({ id: m.id, cell: cellAddress(row, 1) });
      row++;
    }
  }

  // Metrics, twice each.
  row++;
  const metricsHeader = row;
  put(row, 0, "Metric");
  put(row, 1, "CRM function");
  put(row, 2, "Native Excel formula");
  put(row, 3, "Same?");
  put(row, 4, "Definition");
  style(blockAddress({ row, col: 0, rows: 1, cols: 5 }), { bold: true, fill: HEADER_FILL });
  row++;
  const twins: BuiltTemplate["twins"] = [];
  for (const m of metrics) {
    put(row, 0, m.label);
    put(row, 1, `=${m.crm!(period, fctx)}`);
    put(row, 2, `=${m.native(period, fctx)}`);
    put(row, 3, sameCheck(cellAddress(row, 1), cellAddress(row, 2)));
    put(row, 4, m.definition);
    formats.push({ address: blockAddress({ row, col: 1, rows: 1, cols: 2 }), format: m.format });
    style(cellAddress(row, 1), { bold: true });
    twins.push({ id: m.id, crm: cellAddress(row, 1), native: cellAddress(row, 2) });
    row++;
  }

  // Monthly trend: the twelve months that end with the period's last month.
  row++;
  put(row, 0, "Monthly trend: the 12 months to the end of the period");
  style(cellAddress(row, 0), { bold: true, size: 12, color: BRAND });
  row++;
  const trendHeader = row;
  const columns: Record<string, string> = {};
  const header: CellInput[] = ["Month"];
  const plan: { key: string; label: string; m: MetricDef; kind: "crm" | "native" }[] = [];
  for (const m of trendMetrics) plan.push({ key: `${m.id}:crm`, label: `${m.label} (CRM)`, m, kind: "crm" });
  for (const m of trendMetrics) plan.push({ key: `${m.id}:native`, label: `${m.label} (native)`, m, kind: "native" });
  for (const m of trendMeasures) plan.push({ key: m.id, label: m.label, m, kind: "native" });
  plan.forEach((p, i) => {
    header.push(p.label);
    columns[p.key] = cellAddress(0, i + 1).replace(/\d+$/, "");
  });
  cells[trendHeader] = header;
  style(blockAddress({ row: trendHeader, col: 0, rows: 1, cols: header.length }), { bold: true, fill: HEADER_FILL, wrap: true });
  const firstTrendRow = trendHeader + 1;
  const trendRows: CellInput[][] = [];
  for (let k = 0; k < 12; k++) {
    const r = firstTrendRow + k;
    const month = `$A${r + 1}`;
    const p: Period = { s: month, e: `EOMONTH(${month},0)` };
    const line: CellInput[] = [`=EOMONTH(${endCell},${k - 12})+1`];
    for (const x of plan) line.push(`=${x.kind === "crm" ? x.m.crm!(p, fctx) : x.m.native(p, fctx)}`);
    trendRows.push(line);
  }
  formats.push({ address: blockAddress({ row: firstTrendRow, col: 0, rows: 12, cols: 1 }), format: "mmm yyyy" });
  plan.forEach((x, i) => formats.push({ address: blockAddress({ row: firstTrendRow, col: i + 1, rows: 12, cols: 1 }), format: x.m.format }));

  // CRM.STAGEDURATION's table, where stage history is mapped: it has no native twin (it needs
  // each deal's next stage, which plain formulas cannot find without helper columns).
  let stageCell: string | undefined;
  const stageOps: CellInput[][] = [];
  const stagesMapped = ["stage_deal", "stage", "stage_entered"].every((r) => ctx.mapped.has(r));
  if (t.stageTable && stagesMapped) {
    const okName = validName("stages");
    const col = (r: string) => `IF(${okName},${roleName(r)},"")`;
    stageOps.push(["Time in each stage, up to the end of the period (CRM function only: no native twin, as it needs each deal's next stage)"]);
    stageOps.push([`=CRM.STAGEDURATION(${col("stage_deal")},${col("stage")},${col("stage_entered")},${endCell})`]);
  }

  const ops1: WriteOp[] = [
    { kind: "addSheet", sheet },
    { kind: "cells", sheet, address: "A1", cells: cells.map((r) => Array.from(r, (v) => v ?? null)) },
    { kind: "listValidation", sheet, address: kindCell.replace(/\$/g, ""), choices: [...PERIODS] },
  ];
  const trendAddress = cellAddress(firstTrendRow, 0);
  const ops2: WriteOp[] = [{ kind: "cells", sheet, address: trendAddress, cells: trendRows }];
  const stageRow = firstTrendRow + 13;
  if (stageOps.length) {
    ops2.push({ kind: "cells", sheet, address: cellAddress(stageRow, 0), cells: stageOps });
    ops2.push({ kind: "style", sheet, address: cellAddress(stageRow, 0), style: { bold: true, size: 12, color: BRAND } });
    ops2.push({ kind: "format", sheet, address: blockAddress({ row: stageRow + 2, col: 2, rows: 20, cols: 2 }), numberFormat: "0.0" });
    ops2.push({ kind: "format", sheet, address: blockAddress({ row: stageRow + 2, col: 4, rows: 20, cols: 1 }), numberFormat: "0%" });
    stageCell = cellAddress(stageRow + 1, 0);
  }
  const series = t.chart.series <= trendMetrics.length ? t.chart.series : trendMetrics.length;
  const ops3: WriteOp[] = [
    ...formats.map((f): WriteOp => ({ kind: "format", sheet, address: f.address, numberFormat: f.format })),
    ...styles,
    { kind: "columnWidths", sheet, column: "A", widths: [34, 16, 18, 12, 70] },
    {
      kind: "chart",
      sheet,
      chart: {
        type: t.chart.type,
        title: t.chart.title,
        source: blockAddress({ row: trendHeader, col: 0, rows: 13, cols: 1 + series }),
        from: cellAddress(metricsHeader, 6),
        to: cellAddress(metricsHeader + 16, 13),
      },
    },
    { kind: "freezeRows", sheet, rows: 2 },
    { kind: "activate", sheet },
  ];
  void stageCell;
  return {
    sheet,
    steps: [
      { label: "Writing the period control and the metrics", ops: ops1 },
      { label: "Writing the monthly trend", ops: ops2 },
      { label: "Adding formats and the chart", ops: ops3 },
    ],
    skipped,
    twins,
    measures: measureCells,
    trend: { firstRow: firstTrendRow + 1, rows: 12, columns },
  };
}

/**
 * SMART goals (seed 002): Specific, Measurable, Achievable, Relevant, Time-bound. The form is
 * validated with zod, which refuses a goal that is not SMART and says why; an accepted goal
 * becomes one row of the "Goals" table, whose current value is a live formula over the mapped
 * data, with CRM.PROGRESS and CRM.GOALSTATUS beside it and the status coloured. Adding a goal
 * appends a row; nothing already there is overwritten.
 */
import { z } from "zod";
import { isoFromSerial, serialFromISO, todaySerial } from "../metrics/dates";
import { blockAddress, cellAddress, parseAddress, uniqueSheetName } from "../workbook/address";
import type { CellInput, TextColourRule, WorkbookPort, WriteOp } from "../workbook/types";
import { uniqueTableName } from "../sample/insert";
import { formulaContext } from "./actions";
import { mappedRoles, type Mapping } from "./mapping";
import { isRate, metric, missingRoles, TRACKABLE, type FormulaContext, type MetricDef, type Period } from "./metrics";
import { roleLabels } from "./builder";

export const GOALS_SETTING = "crm-metrics.goals";
export const GOALS_SHEET = "Goals";
export const GOALS_TABLE = "CRMGoals";

export const WINDOWS = {
  month: "Last full month",
  to_date: "Goal period to date",
} as const;
export type GoalWindow = keyof typeof WINDOWS;

const TRACKABLE_IDS = TRACKABLE.map((m) => m.id) as [string, ...string[]];

/**
 * The metric a goal tracks: a catalogue metric, or one of `custom` (the team's KPIs connected to
 * the data, see ./custom-kpi), which take the same path through the form, the row and its tracking.
 */
export function goalMetric(id: string, custom: readonly MetricDef[] = []): MetricDef {
  return custom.find((m) => m.id === id) ?? metric(id);
}

const text = (field: string, hint: string, min: number) =>
  z
    .string({ error: `${field}: ${hint}` })
    .trim()
    .min(min, `${field}: ${hint}`);

/** Limits that make a target impossible, in words the user reads. */
function boundProblem(m: MetricDef, value: number, what: string): string | undefined {
  const [lo, hi] = m.bounds;
  const show = (x: number) => (isRate(m) ? `${Math.round(x * 1000) / 10}%` : String(x));
  if (value > hi) return `${what} of ${show(value)} is impossible: ${m.label.toLowerCase()} cannot be above ${show(hi)}.`;
  if (value < lo) return `${what} of ${show(value)} is impossible: ${m.label.toLowerCase()} cannot be below ${show(lo)}.`;
  return undefined;
}

/** A goal as the form gives it, values in the metric's own unit (rates as fractions). */
export function goalSchema(today: number, custom: readonly MetricDef[] = []) {
  const chooseMetric = "Measurable: choose the metric that tracks the goal";
  return z
    .object({
      specific: text("Specific", "say in a sentence what you want to achieve", 10),
      metric: z.string({ error: chooseMetric }).refine((id) => TRACKABLE_IDS.includes(id) || custom.some((m) => m.id === id), { error: chooseMetric, abort: true }),
      measurable: z.string().trim().default(""),
      achievable: text("Achievable", "say why the target is within reach (people, budget, past results)", 5),
      relevant: text("Relevant", "say which business aim the goal serves", 5),
      baseline: z.number({ error: "Baseline: enter the metric's value today (it is computed from your data; you may change it)" }).refine(Number.isFinite, "Baseline must be a number"),
      target: z.number().refine(Number.isFinite).optional(),
      startDate: z.number({ error: "Time-bound: enter the start date" }),
      deadline: z.number({ error: "Time-bound: enter the deadline" }),
      owner: text("Owner", "name the person responsible", 1),
      window: z.enum(["month", "to_date"]).default("month"),
    })
    .superRefine((g, ctx) => {
      const m = goalMetric(g.metric, custom);
      if (g.target === undefined) {
        ctx.addIssue({ code: "custom", path: ["target"], message: "There is no measurable target: enter the value the metric must reach." });
        return;
      }
      if (g.deadline < today) ctx.addIssue({ code: "custom", path: ["deadline"], message: `The deadline ${isoFromSerial(g.deadline)} is in the past; a time-bound goal needs a date still ahead.` });
      if (g.deadline <= g.startDate) ctx.addIssue({ code: "custom", path: ["deadline"], message: "The deadline must come after the start date." });
      if (Math.abs(g.target - g.baseline) <= 1e-9 * Math.max(1, Math.abs(g.baseline))) {
        ctx.addIssue({ code: "custom", path: ["target"], message: "The target equals the baseline, so there is nothing to achieve; set a target beyond it." });
      }
      const impossible = boundProblem(m, g.target, "A target");
      if (impossible) ctx.addIssue({ code: "custom", path: ["target"], message: impossible });
      const badBaseline = boundProblem(m, g.baseline, "A baseline");
      if (badBaseline) ctx.addIssue({ code: "custom", path: ["baseline"], message: badBaseline });
    });
}
export type Goal = z.output<ReturnType<typeof goalSchema>>;

export interface FormProblem {
  field: string;
  message: string;
}

/** "5%", "5", "0,05" → a number; rates typed as percentages ("5" means 5%). */
export function parseFormNumber(raw: string | undefined, rate: boolean): number | undefined {
  if (raw === undefined) return undefined;
  let t = raw.trim().replace(/\s/g, "");
  if (!t) return undefined;
  const percent = t.endsWith("%");
  if (percent) t = t.slice(0, -1);
  // "1,250" groups thousands; "0,5" or "2,75" is a decimal comma (Indonesia and Malaysia use both).
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, "");
  else if (/^-?\d+,\d+$/.test(t)) t = t.replace(",", ".");
  const n = Number(t);
  if (!Number.isFinite(n)) return NaN;
  return rate || percent ? n / 100 : n;
}

/** Validates the raw form (text fields as typed) into a goal, or the problems in plain words. */
export function goalFromForm(fields: Record<string, string | undefined>, today = todaySerial(), custom: readonly MetricDef[] = []): { goal: Goal; warnings: string[] } | { problems: FormProblem[] } {
  const m = TRACKABLE.find((x) => x.id === fields.metric) ?? custom.find((x) => x.id === fields.metric);
  const rate = m ? isRate(m) : false;
  const num = (k: string) => {
    const n = parseFormNumber(fields[k], rate);
    return n === undefined || Number.isNaN(n) ? (fields[k]?.trim() ? fields[k] : undefined) : n;
  };
  const date = (k: string) => (fields[k]?.trim() ? (serialFromISO(fields[k]!.trim()) ?? fields[k]) : undefined);
  const parsed = goalSchema(today, custom).safeParse({
    specific: fields.specific ?? "",
    metric: fields.metric,
    measurable: fields.measurable ?? "",
    achievable: fields.achievable ?? "",
    relevant: fields.relevant ?? "",
    baseline: num("baseline"),
    target: num("target"),
    startDate: date("startDate"),
    deadline: date("deadline"),
    owner: fields.owner ?? "",
    window: fields.window || "month",
  });
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((i) => {
        const field = String(i.path[0] ?? "form");
        let message = i.message;
        if (field === "target" && i.code !== "custom") message = "The target must be a number (for a rate, a percentage such as 5%).";
        if ((field === "startDate" || field === "deadline") && i.code !== "custom") message = `Time-bound: the ${field === "deadline" ? "deadline" : "start date"} must be a date.`;
        if (field === "baseline" && i.code === "invalid_type" && fields.baseline?.trim()) message = "Baseline must be a number.";
        return { field, message };
      }),
    };
  }
  const g = parsed.data;
  const mm = goalMetric(g.metric, custom);
  const warnings: string[] = [];
  const worse = mm.better === "higher" ? g.target! < g.baseline : g.target! > g.baseline;
  if (worse) warnings.push(`The target is worse than the baseline (for ${mm.label.toLowerCase()}, ${mm.better} is better); check that this is what you mean.`);
  return { goal: g, warnings };
}

/** The period over which a goal row measures its metric, as formulas of that row's cells. */
function windowFormulas(window: GoalWindow, r: number, asOf: string): { start: string; end: string } {
  if (window === "to_date") return { start: `=$G${r}`, end: `=MIN($H${r},${asOf})` };
  // The last full month before as_of, and within the goal: a deadline mid-month ends the goal's
  // last full month at the month before it (a deadline of 15 Feb measures January).
  return { start: `=EOMONTH($M${r},-1)+1`, end: `=EOMONTH(MIN($H${r}+1,${asOf}),-1)` };
}

/** The period the baseline is measured over: the full month before the start. */
export function baselinePeriod(startDate: number): Period {
  return { s: `(EOMONTH(${startDate},-2)+1)`, e: `EOMONTH(${startDate},-1)` };
}

export const GOAL_HEADERS = [
  "Goal (Specific)",
  "Metric (Measurable)",
  "How it is measured",
  "Achievable",
  "Relevant",
  "Owner",
  "Start",
  "Deadline (Time-bound)",
  "Baseline",
  "Target",
  "Measured over",
  "Window start",
  "Window end",
  "Current",
  "Progress",
  "Status",
  "Current (native formula)",
];

const STATUS_COLOURS: TextColourRule[] = [
  { text: "Achieved", fill: "#DFF6DD", color: "#0E700E" },
  { text: "On track", fill: "#E7F4E4", color: "#107C10" },
  { text: "At risk", fill: "#FFF4CE", color: "#8A5300" },
  { text: "Behind", fill: "#FDE7E9", color: "#A4262C" },
  { text: "Missed", fill: "#FDE7E9", color: "#A4262C" },
];

const AS_OF = "$B$2";
const FIRST_ROW = 5; // the table's header is row 4

/** One goal's table row (1-based sheet row `r`). */
export function goalRow(g: Goal, r: number, c: Omit<FormulaContext, "inputs">, custom: readonly MetricDef[] = []): CellInput[] {
  const m = goalMetric(g.metric, custom);
  const w = windowFormulas(g.window, r, AS_OF);
  const p: Period = { s: `$L${r}`, e: `$M${r}` };
  return [
    g.specific,
    m.label,
    g.measurable || `${m.definition} Measured over the ${WINDOWS[g.window].toLowerCase()} up to the "as of" date.`,
    g.achievable,
    g.relevant,
    g.owner,
    g.startDate,
    g.deadline,
    g.baseline,
    g.target!,
    WINDOWS[g.window],
    w.start,
    w.end,
    `=${m.crm!(p, c)}`,
    `=CRM.PROGRESS($I${r},$N${r},$J${r})`,
    `=CRM.GOALSTATUS($I${r},$N${r},$J${r},$G${r},$H${r},${AS_OF})`,
    `=${m.native(p, c)}`,
  ];
}

function rowFormats(sheet: string, g: Goal, r: number, custom: readonly MetricDef[] = []): WriteOp[] {
  const m = goalMetric(g.metric, custom);
  const row = r - 1;
  return [
    { kind: "format", sheet, address: blockAddress({ row, col: 6, rows: 1, cols: 2 }), numberFormat: "yyyy-mm-dd" },
    { kind: "format", sheet, address: blockAddress({ row, col: 8, rows: 1, cols: 2 }), numberFormat: m.format },
    { kind: "format", sheet, address: blockAddress({ row, col: 11, rows: 1, cols: 2 }), numberFormat: "yyyy-mm-dd" },
    { kind: "format", sheet, address: cellAddress(row, 13), numberFormat: m.format },
    { kind: "format", sheet, address: cellAddress(row, 14), numberFormat: "0%" },
    { kind: "format", sheet, address: cellAddress(row, 16), numberFormat: m.format },
  ];
}

export interface GoalsPlace {
  sheet: string;
  table: string;
}

/** The writes of a new Goals sheet holding its first goal. */
export function newGoalsSheet(
  g: Goal,
  c: Omit<FormulaContext, "inputs">,
  sheetsTaken: readonly string[],
  tablesTaken: readonly string[],
  custom: readonly MetricDef[] = [],
): { place: GoalsPlace; ops: WriteOp[] } {
  const sheet = uniqueSheetName(GOALS_SHEET, sheetsTaken);
  const table = uniqueTableName(GOALS_TABLE, tablesTaken);
  const width = GOAL_HEADERS.length;
  const ops: WriteOp[] = [
    { kind: "addSheet", sheet },
    {
      kind: "cells",
      sheet,
      address: "A1",
      cells: [
        ["SMART goals"],
        ["As of", "=TODAY()", "Today by default; type a date to see the goals as they stood then."],
        ["Each row is a goal. Current is a live formula over your mapped data; Progress and Status use CRM.PROGRESS and CRM.GOALSTATUS. Add goals from the CRM Metrics pane: rows are only ever appended."],
        GOAL_HEADERS,
        goalRow(g, FIRST_ROW, c, custom),
      ],
    },
    { kind: "table", sheet, address: blockAddress({ row: FIRST_ROW - 2, col: 0, rows: 2, cols: width }), name: table },
    { kind: "style", sheet, address: "A1", style: { bold: true, size: 16, color: "#0F6CBD" } },
    { kind: "style", sheet, address: "B2", style: { bold: true, fill: "#FFF4CE" } },
    { kind: "style", sheet, address: "C2", style: { italic: true, color: "#605E5C" } },
    { kind: "style", sheet, address: "A3", style: { italic: true, color: "#605E5C" } },
    { kind: "format", sheet, address: "B2", numberFormat: "yyyy-mm-dd" },
    ...rowFormats(sheet, g, FIRST_ROW, custom),
    { kind: "textColours", sheet, address: `P${FIRST_ROW}:P1000`, rules: STATUS_COLOURS },
    { kind: "columnWidths", sheet, column: "A", widths: [40, 26, 40, 28, 28, 14, 12, 14, 10, 10, 16, 12, 12, 10, 10, 12, 14] },
    { kind: "freezeRows", sheet, rows: FIRST_ROW - 1 },
    { kind: "activate", sheet },
  ];
  return { place: { sheet, table }, ops };
}

/** Where the Goals table is, if the add-in made one and it is still there. */
export async function findGoals(port: WorkbookPort): Promise<(GoalsPlace & { address: string }) | undefined> {
  const saved = await port.getSetting(GOALS_SETTING);
  if (!saved) return undefined;
  let place: GoalsPlace;
  try {
    place = JSON.parse(saved);
  } catch {
    return undefined;
  }
  const t = (await port.tables()).find((x) => x.name.toLowerCase() === String(place.table).toLowerCase());
  return t ? { sheet: t.sheet, table: t.name, address: t.address } : undefined;
}

/** The goal's metric over the month before its start, for the form's baseline. */
export async function computeBaseline(port: WorkbookPort, mapping: Mapping, metricId: string, startDate: number, today = todaySerial(), custom: readonly MetricDef[] = []): Promise<number | string> {
  const m = goalMetric(metricId, custom);
  const missing = missingRoles(m, mappedRoles(mapping));
  if (missing.length) return `Map these columns first: ${roleLabels(missing).join(", ")}`;
  const { formula } = await formulaContext(port, mapping, today);
  const [v] = await port.evaluate([`=${m.crm!(baselinePeriod(startDate), formula)}`]);
  return typeof v === "number" ? v : `Could not compute it from your data (${String(v)})`;
}

/** Appends a goal to the Goals table, creating the sheet first when there is none. */
export async function addGoal(port: WorkbookPort, mapping: Mapping, g: Goal, today = todaySerial(), custom: readonly MetricDef[] = []): Promise<{ sheet: string; row: number; created: boolean }> {
  const m = goalMetric(g.metric, custom);
  const missing = missingRoles(m, mappedRoles(mapping));
  if (missing.length) throw new Error(`${m.label} needs these columns mapped first: ${roleLabels(missing).join(", ")}.`);
  const { formula } = await formulaContext(port, mapping, today);
  const existing = await findGoals(port);
  if (existing) {
    const b = parseAddress(existing.address);
    const r = b.row + b.rows + 1; // 1-based row after the table's last
    await port.apply([{ kind: "appendRows", table: existing.table, cells: [goalRow(g, r, formula, custom)] }, ...rowFormats(existing.sheet, g, r, custom)]);
    return { sheet: existing.sheet, row: r, created: false };
  }
  const { place, ops } = newGoalsSheet(g, formula, await port.sheetNames(), (await port.tables()).map((t) => t.name), custom);
  await port.apply(ops);
  await port.setSetting(GOALS_SETTING, JSON.stringify(place));
  return { sheet: place.sheet, row: FIRST_ROW, created: true };
}

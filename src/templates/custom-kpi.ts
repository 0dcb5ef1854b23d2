/**
 * Custom KPIs from the team's KPI library, used where the catalogue metrics go: on a metric
 * template's sheet and as a SMART goal's metric. A KPI says how to compute (won / (won + lost));
 * a connection says where each input comes from in this workbook's data:
 *
 * - a measure of the mapped data over the period ("Deals won"), the catalogue's own native count
 *   or sum, so the KPI follows the template's period control, its monthly trend and a goal's
 *   measurement window exactly as the catalogue metrics do;
 * - a mapped column's numbers (valid rows, and those dated in the period where the dataset has a
 *   date: deal amounts of the deals closed in it);
 * - a cell, range, name or number the user types ('Targets'!B2), the same in every period.
 *
 * Connections depend on the workbook's data, so they are kept in its document settings and are
 * not part of an exported library file. A connected KPI becomes a MetricDef: its CRM formula is
 * `CRM.KPI(KPI_WinRate, "won", …, "lost", …)`, reading the expression from the library, and its
 * native twin is the expression translated into plain Excel, so a sheet shows both and checks
 * that they agree, as it does for every catalogue metric.
 */
import { z } from "zod";
import type { KpiDefinition, KpiProblem } from "../kpi/definition";
import { findKpi, type KpiLibrary } from "../kpi/library";
import { kpiWorkbookName } from "../kpi/sheet";
import { isMetricError } from "../metrics/errors";
import { sandbox, type KpiNode } from "../metrics/kpi-sandbox";
import type { WorkbookPort } from "../workbook/types";
import { mappedRoles, type Mapping } from "./mapping";
import { METRICS, missingRoles, type FormulaContext, type MetricDef, type Period } from "./metrics";
import { roleById, roleName, validName, type DatasetId, type RoleKind } from "./roles";

/** The document setting holding each KPI's connections. */
export const CONNECTIONS_SETTING = "crm-metrics.kpi-connections";

/** The prefix of a custom KPI's metric id, so it never collides with a catalogue id. */
export const KPI_METRIC_PREFIX = "kpi:";

/** Catalogue metrics that can feed an input: those that need no assumption cell. */
export const MEASURES = METRICS.filter((m) => !m.inputs);

const NUMERIC_KINDS: readonly RoleKind[] = ["amount", "number", "score10", "score5"];

/**
 * The date that places a dataset's rows in a period, for column inputs. Customers have none
 * that fits every use (start? end?), so a customer column gives every valid customer row.
 */
export const ROW_DATE: Partial<Record<DatasetId, string>> = {
  invoices: "txn_date",
  deals: "deal_closed",
  stages: "stage_entered",
  tickets: "ticket_opened",
  surveys: "survey_date",
  marketing: "mkt_month",
};

// A cell or range with its sheet, a defined name, a table column, or a number. Strict, because
// the text becomes part of a formula: nothing here can close a bracket or start another argument.
const SHEET = String.raw`(?:'(?:[^'\[\]:\\/?*]|'')+'|[A-Za-z_][A-Za-z0-9_.]*)`;
const CELL = String.raw`\$?[A-Za-z]{1,3}\$?[1-9][0-9]{0,6}`;
const A1 = new RegExp(`^${SHEET}!${CELL}(?::${CELL})?$`);
const BARE_A1 = new RegExp(`^${CELL}(?::${CELL})?$`);
const DEFINED_NAME = /^[A-Za-z_\\][A-Za-z0-9_.\\]{0,254}$/;
const TABLE_COLUMN = /^[A-Za-z_\\][A-Za-z0-9_.\\]*\[[A-Za-z0-9 _.\-%/()&]+\]$/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Why a typed reference cannot be an input, or undefined when it can. */
export function referenceProblem(ref: string): string | undefined {
  const r = ref.trim();
  if (!r) return "Type a cell or range with its sheet (Targets!B2), a name, a table column (Deals[Amount]) or a number.";
  if (NUMBER.test(r) || A1.test(r) || TABLE_COLUMN.test(r)) return undefined;
  if (BARE_A1.test(r)) return `Say which sheet ${r} is on, for example Targets!${r.replace(/\$/g, "")}: a goal or template sheet would otherwise read its own cell.`;
  if (DEFINED_NAME.test(r) && !/^(true|false)$/i.test(r)) return undefined;
  return `"${r.slice(0, 40)}" is not a cell, range, name, table column or number. Write a cell with its sheet, as Targets!B2 or 'Sales targets'!B2:B13.`;
}

export const KpiBinding = z.discriminatedUnion(
  "kind",
  [
    z.object({
      kind: z.literal("measure"),
      metric: z.string().refine((id) => MEASURES.some((m) => m.id === id), { error: (i) => `"${String(i.input)}" is not a measure the pane knows.` }),
    }),
    z.object({
      kind: z.literal("column"),
      role: z.string().refine((id) => NUMERIC_KINDS.includes(roleById(id)?.role.kind as RoleKind), { error: (i) => `"${String(i.input)}" is not a column of numbers the pane maps.` }),
    }),
    z.object({
      kind: z.literal("cell"),
      ref: z
        .string()
        .trim()
        .superRefine((ref, ctx) => {
          const problem = referenceProblem(ref);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        }),
    }),
  ],
  { error: "Choose where the input comes from." },
);
export type KpiBinding = z.infer<typeof KpiBinding>;
/** One KPI's inputs, by lower-case input name. */
export type KpiBindings = Record<string, KpiBinding>;

const Connections = z.object({ version: z.literal(1), kpis: z.record(z.string(), z.record(z.string(), KpiBinding)) });
export type Connections = z.infer<typeof Connections>;
export const NO_CONNECTIONS: Connections = { version: 1, kpis: {} };

/** What the input reads, in words: "Deals won over the period". */
export function describeBinding(b: KpiBinding): string {
  if (b.kind === "measure") return `${MEASURES.find((m) => m.id === b.metric)?.label ?? b.metric} over the period`;
  if (b.kind === "column") {
    const found = roleById(b.role);
    if (!found) return b.role;
    const date = ROW_DATE[found.dataset.id];
    return `${found.role.label} of ${found.dataset.label.toLowerCase()}${date ? ` dated in the period (${roleById(date)!.role.label.toLowerCase()})` : ", every valid row"}`;
  }
  return b.ref;
}

/** The columns a binding reads, to tell whether the mapping covers it. */
export function bindingNeeds(b: KpiBinding): string[] {
  if (b.kind === "measure") return MEASURES.find((m) => m.id === b.metric)?.needs ?? [];
  if (b.kind === "column") {
    const found = roleById(b.role);
    const date = found ? ROW_DATE[found.dataset.id] : undefined;
    return date ? [b.role, date] : [b.role];
  }
  return [];
}

/** The choices an input can be connected to with this mapping, for the pane's lists. */
export function bindingChoices(mapping: Mapping): { measures: { id: string; label: string }[]; columns: { role: string; label: string }[] } {
  const mapped = mappedRoles(mapping);
  return {
    measures: MEASURES.filter((m) => missingRoles(m, mapped).length === 0).map((m) => ({ id: m.id, label: m.label })),
    columns: [...mapped]
      .filter((r) => NUMERIC_KINDS.includes(roleById(r)?.role.kind as RoleKind))
      .filter((r) => bindingNeeds({ kind: "column", role: r }).every((n) => mapped.has(n)))
      .map((role) => ({ role, label: describeBinding({ kind: "column", role }) })),
  };
}

/**
 * Checks the connections the user chose for a KPI: every input connected, each to something the
 * pane can read. Problems name the input's field (`inputs.<i>`), as the pane shows them there.
 */
export function checkBindings(kpi: KpiDefinition, raw: Readonly<Record<string, unknown>>): { ok: true; bindings: KpiBindings } | { ok: false; problems: KpiProblem[] } {
  const given = new Map(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
  const bindings: KpiBindings = {};
  const problems: KpiProblem[] = [];
  kpi.inputs.forEach((input, i) => {
    const candidate = given.get(input.name.toLowerCase());
    if (candidate === undefined || candidate === null || candidate === "") {
      problems.push({ field: `inputs.${i}`, message: `Choose where ${input.name} (${input.description}) comes from.` });
      return;
    }
    const parsed = KpiBinding.safeParse(candidate);
    if (parsed.success) bindings[input.name.toLowerCase()] = parsed.data;
    else problems.push({ field: `inputs.${i}`, message: parsed.error.issues[0]?.message ?? `Choose where ${input.name} comes from.` });
  });
  return problems.length ? { ok: false, problems } : { ok: true, bindings };
}

const column = (role: string, p: Period): string => {
  const found = roleById(role)!;
  const col = roleName(role);
  const date = ROW_DATE[found.dataset.id];
  const inPeriod = date ? `*(TRIM(${roleName(date)})<>"")*(${roleName(date)}>=${p.s})*(${roleName(date)}<${p.e}+1)` : "";
  // IF leaves "" for the rows left out, which both CRM.KPI and Excel's SUM, AVERAGE … skip.
  return `IF(${validName(found.dataset.id)}*(TRIM(${col})<>"")${inPeriod},${col},"")`;
};

/** An input as CRM.KPI takes it: a number, or a list (a range or an array). */
function crmArgument(b: KpiBinding, p: Period, c: FormulaContext): string {
  if (b.kind === "measure") return MEASURES.find((m) => m.id === b.metric)!.native(p, c);
  if (b.kind === "column") return column(b.role, p);
  return b.ref;
}

/**
 * An input in a native formula: `list` inside SUM, AVERAGE …, where a range stays a range;
 * otherwise one number, a range's total as CRM.KPI counts it in arithmetic.
 */
function nativeArgument(b: KpiBinding, p: Period, c: FormulaContext, list: boolean): string {
  if (b.kind === "measure") return `(${MEASURES.find((m) => m.id === b.metric)!.native(p, c)})`;
  const ref = b.kind === "column" ? column(b.role, p) : b.ref;
  if (b.kind === "cell" && NUMBER.test(ref)) return `(${ref})`;
  return list ? ref : `SUM(${ref})`;
}

const COMPARE_OPS = { equal: "=", unequal: "<>", smaller: "<", larger: ">", smallerEq: "<=", largerEq: ">=" } as const;
const AGGREGATE_FNS = { sum: "SUM", mean: "AVERAGE", median: "MEDIAN", min: "MIN", max: "MAX", count: "COUNT" } as const;

/**
 * The sandbox's vetted tree as a plain Excel formula, each name replaced by `arg`. Truth values
 * become 1 and 0 (`(a>b)*1`), as CRM.KPI gives them; floor and ceil are INT, which rounds down
 * for negative numbers as Math.floor does; MOD and ROUND follow Excel, as the sandbox does.
 * @example nativeExpression(sandbox("won / (won + lost)").tree, (n) => n) // => "(won/(won+lost))"
 */
export function nativeExpression(node: KpiNode, arg: (name: string, list: boolean) => string): string {
  const go = (n: KpiNode): string => nativeExpression(n, arg);
  switch (node.kind) {
    case "number":
      return node.value < 0 ? `(${node.value})` : String(node.value);
    case "name":
      return arg(node.name, false);
    case "negate":
      return `(-${go(node.arg)})`;
    case "not":
      return `(((${go(node.arg)})=0)*1)`;
    case "logical":
      return `(${node.op.toUpperCase()}(${go(node.left)},${go(node.right)})*1)`;
    case "compare": {
      const args = node.args.map(go);
      const parts = node.ops.map((op, i) => `${args[i]}${COMPARE_OPS[op]}${args[i + 1]}`);
      return parts.length === 1 ? `((${parts[0]})*1)` : `(AND(${parts.join(",")})*1)`;
    }
    case "conditional":
      return `IF(${go(node.test)},${go(node.then)},${go(node.else)})`;
    case "binary": {
      const [a, b] = [go(node.left), go(node.right)];
      switch (node.op) {
        case "add":
          return `(${a}+${b})`;
        case "subtract":
          return `(${a}-${b})`;
        case "multiply":
          return `(${a}*${b})`;
        case "divide":
          return `(${a}/${b})`;
        case "mod":
          return `MOD(${a},${b})`;
        case "pow":
          return `POWER(${a},${b})`;
      }
      break;
    }
    case "aggregate":
      return `${AGGREGATE_FNS[node.fn]}(${node.args.map((a) => (a.kind === "name" ? arg(a.name, true) : go(a))).join(",")})`;
    case "call": {
      const x = node.args.map(go);
      switch (node.fn) {
        case "abs":
          return `ABS(${x[0]})`;
        case "round":
          return `ROUND(${x[0]},${x[1] ?? 0})`;
        case "floor":
          return `INT(${x[0]})`;
        case "ceil":
          return `(-INT(-${x[0]}))`;
        case "sqrt":
          return `SQRT(${x[0]})`;
        case "exp":
          return `EXP(${x[0]})`;
        case "ln":
          return `LN(${x[0]})`;
        case "log10":
          return `LOG10(${x[0]})`;
        case "log":
          return `LOG(${x[0]},${x[1]})`;
        case "pow":
          return `POWER(${x[0]},${x[1]})`;
        case "if":
          return `IF(${x[0]},${x[1]},${x[2]})`;
      }
    }
  }
  throw new Error(`cannot translate ${(node as KpiNode).kind}`);
}

/** Excel's number format for a KPI's unit: "%" means the expression gives a share (0.6 → 60%). */
export function kpiNumberFormat(unit: string): string {
  return unit.trim() === "%" ? "0.0%" : "#,##0.00";
}

/**
 * A connected KPI as a metric: what templates and goals use. Every input must be connected.
 * @example kpiMetric(winRate, { won: { kind: "measure", metric: "deals_won" }, lost: { kind: "measure", metric: "deals_lost" } }).crm(period, ctx)
 * // => 'CRM.KPI(KPI_WinRate,"won",SUMPRODUCT(…),"lost",SUMPRODUCT(…))'
 */
export function kpiMetric(kpi: KpiDefinition, bindings: KpiBindings): MetricDef {
  const checked = sandbox(kpi.expression);
  if (isMetricError(checked)) throw new Error(`The expression of ${kpi.name} is not valid: ${checked.message}`);
  const bound = kpi.inputs.map((input) => {
    const b = bindings[input.name.toLowerCase()];
    if (!b) throw new Error(`${kpi.name}: ${input.name} is not connected to your data.`);
    return { input, b };
  });
  const byName = new Map(bound.map(({ input, b }) => [input.name.toLowerCase(), b]));
  const needs = [...new Set(bound.flatMap(({ b }) => bindingNeeds(b)))];
  const rate = kpi.unit.trim() === "%";
  return {
    id: `${KPI_METRIC_PREFIX}${kpi.name}`,
    label: kpi.name,
    family: "value",
    unit: rate ? "rate" : "count",
    format: kpiNumberFormat(kpi.unit),
    needs,
    better: kpi.direction,
    // A team's own KPI has no known limits: a "%" may well go above 100 (growth) or below 0.
    bounds: [-Infinity, Infinity],
    definition: `${kpi.description ? `${kpi.description.replace(/\.?$/, ".")} ` : ""}Custom KPI: ${kpi.expression}, with ${bound.map(({ input, b }) => `${input.name} = ${describeBinding(b)}`).join("; ")}.`,
    crm: (p, c) => `CRM.KPI(${kpiWorkbookName(kpi.name)},${bound.map(({ input, b }) => `"${input.name}",${crmArgument(b, p, c)}`).join(",")})`,
    native: (p, c) => nativeExpression(checked.tree, (name, list) => nativeArgument(byName.get(name)!, p, c, list)),
  };
}

/** The KPI behind a custom metric id, if it is one. */
export function kpiNameOf(metricId: string): string | undefined {
  return metricId.startsWith(KPI_METRIC_PREFIX) ? metricId.slice(KPI_METRIC_PREFIX.length) : undefined;
}

export interface KpiReadiness {
  kpi: KpiDefinition;
  /** The metric, when every input is connected to something this mapping covers. */
  metric?: MetricDef;
  bindings?: KpiBindings;
  /** Why it cannot be used yet, in words. */
  reason?: string;
}

/** Each KPI of the library with its connection, and whether templates and goals can use it now. */
export function readiness(library: KpiLibrary, connections: Connections, mapping: Mapping): KpiReadiness[] {
  const mapped = mappedRoles(mapping);
  return library.map((kpi) => {
    const saved = connections.kpis[kpi.name.toLowerCase()];
    if (!saved) return { kpi, reason: "Not connected to your data yet." };
    const checked = checkBindings(kpi, saved);
    if (!checked.ok) {
      const missing = kpi.inputs.filter((i) => !saved[i.name.toLowerCase()]).map((i) => i.name);
      return { kpi, reason: missing.length ? `Connect ${missing.join(", ")} (the KPI's inputs changed).` : checked.problems[0].message };
    }
    const metric = kpiMetric(kpi, checked.bindings);
    const missing = missingRoles(metric, mapped);
    if (missing.length) {
      return { kpi, bindings: checked.bindings, reason: `Needs these columns mapped: ${missing.map((r) => roleById(r)?.role.label ?? r).join(", ")}.` };
    }
    return { kpi, bindings: checked.bindings, metric };
  });
}

/** The connections kept in the document (a damaged setting counts as none). */
export async function loadConnections(port: WorkbookPort): Promise<Connections> {
  const text = await port.getSetting(CONNECTIONS_SETTING);
  if (!text) return NO_CONNECTIONS;
  try {
    const parsed = Connections.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : NO_CONNECTIONS;
  } catch {
    return NO_CONNECTIONS;
  }
}

/** Keeps (or, with `bindings` undefined, forgets) one KPI's connections. */
export async function saveConnection(port: WorkbookPort, kpiName: string, bindings: KpiBindings | undefined): Promise<Connections> {
  const current = await loadConnections(port);
  const kpis = { ...current.kpis };
  if (bindings) kpis[kpiName.toLowerCase()] = bindings;
  else delete kpis[kpiName.toLowerCase()];
  const next: Connections = { version: 1, kpis };
  await port.setSetting(CONNECTIONS_SETTING, JSON.stringify(next));
  return next;
}

/** The connected KPI of that name, as a metric, or why there is none. */
export function kpiMetricByName(library: KpiLibrary, connections: Connections, mapping: Mapping, name: string): MetricDef | string {
  const kpi = findKpi(library, name);
  if (!kpi) return `There is no KPI named ${name} in the library.`;
  const r = readiness([kpi], connections, mapping)[0];
  return r.metric ?? `${kpi.name}: ${r.reason}`;
}

/**
 * A KPI definition of the team's KPI library, validated with zod. Pure, no Office: the task pane
 * validates here before it writes anything, and import files go through the same checks.
 *
 * Problems come back as plain sentences tied to a field, so the pane can show each next to the
 * box the user typed in, and a file import can list them per KPI.
 */
import { z } from "zod";
import { sandbox, RESERVED_NAMES, NAME_PATTERN } from "../metrics/kpi-sandbox";
import { isMetricError } from "../metrics/errors";

/** A KPI's name: it becomes the workbook name KPI_<name>, so letters, digits and _ only. */
export const KPI_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,59}$/;

export const DIRECTIONS = ["higher", "lower"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** One problem with what the user entered: which field, and what to do about it. */
export interface KpiProblem {
  /** The field, as a path: "name", "expression", "inputs.2.description" … ("" for the whole KPI). */
  field: string;
  /** A sentence for the user. */
  message: string;
}

const noLineBreaks = (s: string) => !/[\r\n]/.test(s);

/** Free text of at most `max` characters (optional fields default to ""). */
function text(label: string, max: number, required: boolean) {
  const base = z.string({ error: (i) => (i.input === undefined ? `${label} is required.` : `${label} must be text.`) }).trim();
  const bounded = base.max(max, { error: `${label} is too long: at most ${max} characters.` });
  return required ? bounded.min(1, { error: `${label} is required.` }) : bounded;
}

export const KpiInputSchema = z.object({
  name: z
    .string({ error: "Each input needs a name." })
    .trim()
    .min(1, { error: "Each input needs a name.", abort: true })
    .regex(NAME_PATTERN, { error: "An input's name starts with a letter and has only letters, digits and _ (no spaces), at most 64 characters." })
    .refine((n) => !RESERVED_NAMES.has(n.toLowerCase()), { error: (i) => `"${i.input}" is a word the expression language uses itself (a function or operator); choose another input name.` }),
  description: text("The input's description", 200, true).refine(noLineBreaks, { error: "An input's description must fit on one line." }),
});
export type KpiInputDefinition = z.infer<typeof KpiInputSchema>;

const KpiFields = z.object({
  name: z
    .string({ error: "The KPI needs a name." })
    .trim()
    .min(1, { error: "The KPI needs a name.", abort: true })
    .regex(KPI_NAME_PATTERN, {
      error: "A KPI's name becomes the workbook name KPI_<name>, so it starts with a letter and has only letters, digits and _ (no spaces), at most 60 characters; for example WinRate.",
    }),
  // Checked here, on its own, so its problem shows even when other fields have theirs.
  expression: text("The expression", 1000, true).superRefine((expression, ctx) => {
    const checked = sandbox(expression);
    if (isMetricError(checked)) ctx.addIssue({ code: "custom", message: sentence(checked.message) });
  }),
  inputs: z.array(KpiInputSchema, { error: "The inputs must be a list." }).min(1, { error: "Declare at least one input: the names the expression uses." }).max(30, { error: "A KPI may have at most 30 inputs." }),
  unit: text("The unit", 40, false).default(""),
  direction: z.enum(DIRECTIONS, { error: 'The direction is "higher" (higher is better) or "lower" (lower is better).' }),
  owner: text("The owner", 100, false).default(""),
  description: text("The description", 1000, false).default(""),
}, { error: "A KPI is a set of fields: name, expression, inputs, unit, direction, owner, description." });

/**
 * A KPI definition: unique name, an expression the sandbox accepts, every name in it a declared
 * input (and every input used), unit, direction, owner and description.
 */
export const KpiDefinitionSchema = KpiFields.superRefine((kpi, ctx) => {
  const seen = new Map<string, number>();
  kpi.inputs.forEach((input, i) => {
    const key = input.name.toLowerCase();
    if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["inputs", i, "name"], message: "This name is declared twice (names ignore case)." });
    else seen.set(key, i);
  });
  const checked = sandbox(kpi.expression);
  if (isMetricError(checked)) return; // already reported on the field
  const missing = checked.names.filter((n) => !seen.has(n));
  if (missing.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["expression"],
      message: `The expression uses ${listOf(missing)}, which ${missing.length === 1 ? "is not a declared input" : "are not declared inputs"}; add ${missing.length === 1 ? "it" : "them"} to the inputs.`,
    });
  }
  kpi.inputs.forEach((input, i) => {
    if (!checked.names.includes(input.name.toLowerCase())) {
      ctx.addIssue({ code: "custom", path: ["inputs", i, "name"], message: "The expression does not use this input; remove it, or use it in the expression." });
    }
  });
});
export type KpiDefinition = z.output<typeof KpiDefinitionSchema>;
/** What a form or a file may hold before validation (optional fields may be left out). */
export type KpiDraft = z.input<typeof KpiDefinitionSchema>;

function listOf(names: string[]): string {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** Sandbox messages start lower-case for Excel's tooltip; the pane shows sentences. */
function sentence(message: string): string {
  const s = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(s) ? s : s + ".";
}

/**
 * zod's issues as problems, in the order of the form. A problem with one input says which
 * ("Input 2 (lost): …"), so it still reads well in a list of problems from a file.
 */
export function problemsOf(error: z.ZodError, candidate?: unknown): KpiProblem[] {
  const out: KpiProblem[] = [];
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const field = issue.path.map(String).join(".");
    const key = `${field}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let message = issue.message;
    if (issue.path[0] === "inputs" && typeof issue.path[1] === "number") {
      const n = issue.path[1];
      const name = (candidate as { inputs?: { name?: unknown }[] } | null)?.inputs?.[n]?.name;
      message = `Input ${n + 1}${typeof name === "string" && name.trim() ? ` (${name.trim().slice(0, 40)})` : ""}: ${message}`;
    }
    out.push({ field, message });
  }
  return out;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: KpiProblem[] };

/**
 * Validates one KPI on its own (the library adds the uniqueness of names).
 * @example checkKpi({ name: "WinRate", expression: "won / (won + lost)", direction: "higher",
 *   inputs: [{ name: "won", description: "Deals won" }, { name: "lost", description: "Deals lost" }] }) // => { ok: true, … }
 */
export function checkKpi(candidate: unknown): Checked<KpiDefinition> {
  const parsed = KpiDefinitionSchema.safeParse(candidate);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: problemsOf(parsed.error, candidate) };
}

/**
 * The canonical form of a KPI's expression (case, spacing and redundant brackets ignored), to tell
 * whether two definitions compute the same thing. Undefined when it does not pass the sandbox.
 * @example sameExpression("won/(won+lost)", "Won / ((won) + lost)") // => true
 */
export function canonicalExpression(expression: string): string | undefined {
  const checked = sandbox(expression);
  return isMetricError(checked) ? undefined : checked.canonical;
}

/** True when the two expressions are the same computation, written perhaps differently. */
export function sameExpression(a: string, b: string): boolean {
  const ca = canonicalExpression(a);
  return ca !== undefined ? ca === canonicalExpression(b) : a.trim() === b.trim();
}

/**
 * A KPI name from a title the user typed: "Win rate" → "WinRate", "Net new MRR %" → "NetNewMRR".
 * Undefined when nothing usable remains.
 * @example nameFromTitle("win rate") // => "WinRate"
 */
export function nameFromTitle(title: string): string | undefined {
  const words = title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").match(/[A-Za-z0-9]+/g) ?? [];
  let name = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
  name = name.replace(/^[0-9]+/, "").slice(0, 60);
  return KPI_NAME_PATTERN.test(name) ? name : undefined;
}

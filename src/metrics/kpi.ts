/**
 * User-defined KPIs: an expression over named inputs (`won / (won + lost)`), evaluated inside
 * the sandbox of ./kpi-sandbox. Pure math, no Office.
 */
import { badValue, Result, isMetricError } from "./errors";
import { evaluateSandboxed, NAME_PATTERN, RESERVED_NAMES, sandboxCached, type KpiSummary, type KpiValues } from "./kpi-sandbox";

export { sandbox, KPI_LIMITS, KPI_FUNCTIONS, AGGREGATES, RESERVED_NAMES, NAME_PATTERN } from "./kpi-sandbox";
export type { SandboxedExpression, KpiSummary, KpiValues } from "./kpi-sandbox";

/**
 * One named input: a single number, the numbers of a range (blanks already skipped), or their
 * KpiSummary for a name the expression does not list (see SandboxedExpression.listed).
 */
export type KpiInput = readonly [name: string, values: number | KpiValues | KpiSummary];

/**
 * Why a text cannot be an input name, or undefined when it can.
 * @example nameProblem("won") // => undefined
 * @example nameProblem("won rate") // => 'the name "won rate" …'
 */
export function nameProblem(name: string): string | undefined {
  if (!NAME_PATTERN.test(name)) {
    return `the name "${name.length > 40 ? name.slice(0, 37) + "…" : name}" is not valid; a name starts with a letter and has only letters, digits and _ (at most 64)`;
  }
  if (RESERVED_NAMES.has(name.toLowerCase())) return `"${name}" is a word the expression language uses itself; choose another name`;
  return undefined;
}

/**
 * A user-defined KPI: evaluates `expression` with each name bound to its value.
 * In plain arithmetic a range counts as its sum (Σ); inside sum, mean, median, min, max and
 * count it stays the list of its numbers. Names match ignoring case; inputs the expression does
 * not use are ignored, so a formula keeps working when its KPI drops an input.
 * An expression outside the sandbox, a bad or repeated name, or a used name without a value is
 * #VALUE!; division by zero #DIV/0!; a result that is not a finite number #NUM!.
 * @example kpi("won / (won + lost)", [["won", [12, 18]], ["lost", 20]]) // => 0.6
 * @example kpi("median(deal) / mean(deal)", [["deal", [1, 2, 6]]]) // => 0.6666…
 */
export function kpi(expression: string, inputs: readonly KpiInput[]): Result<number> {
  const compiled = sandboxCached(expression);
  if (isMetricError(compiled)) return compiled;
  const values = new Map<string, KpiValues | KpiSummary>();
  for (const [name, v] of inputs) {
    const problem = nameProblem(name);
    if (problem) return badValue(problem);
    const key = name.toLowerCase();
    if (values.has(key)) return badValue(`the name "${name}" is given twice`);
    values.set(key, typeof v === "number" ? [v] : v);
  }
  return evaluateSandboxed(compiled, values);
}

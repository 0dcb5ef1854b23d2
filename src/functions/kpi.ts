/**
 * Custom KPIs: the Excel face of src/metrics/kpi.ts.
 *
 * Excel allows one repeating parameter, and only as the last one, so the pairs after the first
 * arrive together in `more` (name2, value2, name3, value3 …) and are read two by two here.
 */
import { kpi, type KpiInput } from "../metrics/kpi";
import { sandboxCached } from "../metrics/kpi-sandbox";
import { badValue, isMetricError } from "../metrics/errors";
import { isMissing, numbersOf, numbersSummary, textOf } from "./args";
import { run } from "./excel";

/**
 * Evaluates a user-defined KPI: an arithmetic expression over named inputs, such as won / (won + lost).
 * @customfunction KPI
 * @param expression The KPI's expression as text, usually a cell or a KPI_ name from the KPI library.
 * @param name1 The first input's name as text, as the expression uses it, e.g. "won".
 * @param value1 The first input's value: a number or a range (summed in arithmetic; a list inside sum, mean, median, min, max, count). Blanks are skipped.
 * @param [more] Further names and values, alternating: name2, value2, name3, value3 …
 * @returns The KPI's value, in the unit of the expression.
 */
export function KPI(expression: any, name1: any, value1: any[][], more?: any[][][]): number {
  return run(() => {
    const text = textOf(expression, "expression");
    return kpi(text, inputsOf([name1, value1, ...(more ?? [])], listedBy(text)));
  });
}

/**
 * The names the expression needs as lists of numbers (median's); undefined, meaning all of them,
 * when it does not compile, so kpi reports that exactly as before. Every other range is read into
 * a summary (count, Σ, min, max) without a list of its million numbers.
 */
function listedBy(expression: string): ReadonlySet<string> | undefined {
  let compiled;
  try {
    compiled = sandboxCached(expression);
  } catch {
    return undefined;
  }
  return isMetricError(compiled) ? undefined : new Set(compiled.listed);
}

/** Name/value arguments, two by two; trailing omitted arguments are nothing. */
function inputsOf(args: unknown[], listed: ReadonlySet<string> | undefined): KpiInput[] {
  let end = args.length;
  while (end > 0 && isMissing(args[end - 1])) end--;
  const inputs: KpiInput[] = [];
  for (let i = 0; i < end; i += 2) {
    const k = i / 2 + 1;
    if (isMissing(args[i])) throw badValue(`name${k} is empty; give each input's name as text, e.g. "won"`);
    const name = textOf(args[i], `name${k}`);
    if (i + 1 >= end && i + 1 >= args.length) throw badValue(`"${name}" (name${k}) has no value; follow each name with its value`);
    // A blank value is an empty list: an error only if the expression uses the name.
    const value = args[i + 1];
    inputs.push([name, isMissing(value) ? [] : listed === undefined || listed.has(name.toLowerCase()) ? numbersOf(value, name) : numbersSummary(value, name)]);
  }
  return inputs;
}

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
    return kpi(text, inputsOf([name1, value1, ...(more ?? [])], needsOf(text)));
  });
}

/** What an expression needs of its inputs' ranges, lower-cased names. */
interface Needs {
  /** The names it uses: a value of any other name is not read, as kpi ignores it. */
  used: ReadonlySet<string>;
  /** The names it needs as lists of numbers (median's); every other range is read into a summary (count, Σ, min, max) without a list of its million numbers. */
  listed: ReadonlySet<string>;
}

/** The expression's Needs; undefined, meaning every value read whole, when it does not compile, so kpi reports that exactly as before. */
function needsOf(expression: string): Needs | undefined {
  let compiled;
  try {
    compiled = sandboxCached(expression);
  } catch {
    return undefined;
  }
  return isMetricError(compiled) ? undefined : { used: new Set(compiled.names), listed: new Set(compiled.listed) };
}

/** Name/value arguments, two by two; trailing omitted arguments are nothing. */
function inputsOf(args: unknown[], needs: Needs | undefined): KpiInput[] {
  let end = args.length;
  while (end > 0 && isMissing(args[end - 1])) end--;
  const inputs: KpiInput[] = [];
  for (let i = 0; i < end; i += 2) {
    const k = i / 2 + 1;
    if (isMissing(args[i])) throw badValue(`name${k} is empty; give each input's name as text, e.g. "won"`);
    const name = textOf(args[i], `name${k}`);
    if (i + 1 >= end && i + 1 >= args.length) throw badValue(`"${name}" (name${k}) has no value; follow each name with its value`);
    // A blank value is an empty list: an error only if the expression uses the name. A value the
    // expression does not use is not read at all, so text in it is no error (kpi ignores it).
    const value = args[i + 1];
    const key = name.toLowerCase();
    if (isMissing(value) || (needs !== undefined && !needs.used.has(key))) inputs.push([name, []]);
    else inputs.push([name, needs === undefined || needs.listed.has(key) ? numbersOf(value, name) : numbersSummary(value, name)]);
  }
  return inputs;
}

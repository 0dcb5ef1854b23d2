/**
 * Custom KPIs: the Excel face of src/metrics/kpi.ts.
 *
 * Excel allows one repeating parameter, and only as the last one, so the pairs after the first
 * arrive together in `more` (name2, value2, name3, value3 …) and are read two by two here.
 */
import { kpi, type KpiInput } from "../metrics/kpi";
import { badValue } from "../metrics/errors";
import { isMissing, numbersOf, textOf } from "./args";
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
  return run(() => kpi(textOf(expression, "expression"), inputsOf([name1, value1, ...(more ?? [])])));
}

/** Name/value arguments, two by two; trailing omitted arguments are nothing. */
function inputsOf(args: unknown[]): KpiInput[] {
  let end = args.length;
  while (end > 0 && isMissing(args[end - 1])) end--;
  const inputs: KpiInput[] = [];
  for (let i = 0; i < end; i += 2) {
    const k = i / 2 + 1;
    if (isMissing(args[i])) throw badValue(`name${k} is empty; give each input's name as text, e.g. "won"`);
    const name = textOf(args[i], `name${k}`);
    if (i + 1 >= end && i + 1 >= args.length) throw badValue(`"${name}" (name${k}) has no value; follow each name with its value`);
    // A blank value is an empty list: an error only if the expression uses the name.
    inputs.push([name, isMissing(args[i + 1]) ? [] : numbersOf(args[i + 1], name)]);
  }
  return inputs;
}

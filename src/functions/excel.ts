/**
 * The mapping from engine results to cells: a MetricError (returned or thrown) becomes the Excel
 * error it names, with its message where Excel shows one (#VALUE!, #N/A); a non-finite number
 * becomes #NUM!; any other exception becomes #VALUE! with a message rather than a bare failure.
 * `CustomFunctions` is the global of the Excel runtime (stubbed by the test harness).
 */
import { isMetricError, MetricError } from "../metrics/errors";

type ExcelError = CustomFunctions.Error;

const CODES: Record<MetricError["code"], CustomFunctions.ErrorCode> = {
  "#DIV/0!": "#DIV/0!" as CustomFunctions.ErrorCode.divisionByZero,
  "#VALUE!": "#VALUE!" as CustomFunctions.ErrorCode.invalidValue,
  "#NUM!": "#NUM!" as CustomFunctions.ErrorCode.invalidNumber,
  "#N/A": "#N/A" as CustomFunctions.ErrorCode.notAvailable,
  "#NULL!": "#NULL!" as CustomFunctions.ErrorCode.nullReference,
};

/** The Excel error for a failure; only #VALUE! and #N/A carry the message (Excel drops others). */
export function toExcelError(failure: unknown): ExcelError {
  if (isMetricError(failure)) {
    const code = CODES[failure.code];
    const shown = failure.code === "#VALUE!" || failure.code === "#N/A";
    return shown ? new CustomFunctions.Error(code, failure.message) : new CustomFunctions.Error(code);
  }
  if (failure instanceof CustomFunctions.Error) return failure;
  const text = failure instanceof Error ? failure.message : String(failure);
  return new CustomFunctions.Error(CODES["#VALUE!"], `unexpected problem: ${text}`);
}

function cellOf(value: unknown): unknown {
  if (isMetricError(value)) return toExcelError(value);
  if (typeof value === "number" && !Number.isFinite(value)) return new CustomFunctions.Error(CODES["#NUM!"]);
  return value;
}

/**
 * Runs a metric for one cell: returns its value or throws the Excel error.
 * @example run(() => nps([10, 9, 0])) // => 33.33…
 */
export function run<T>(compute: () => T | MetricError): T {
  let result: unknown;
  try {
    result = compute();
  } catch (failure) {
    throw toExcelError(failure);
  }
  const cell = cellOf(result);
  if (cell instanceof CustomFunctions.Error) throw cell;
  return cell as T;
}

/**
 * Runs a metric that spills a table. A failure of the whole computation throws the Excel error;
 * a failure in one cell (a MetricError or a non-finite number inside the table) becomes that
 * cell's error, so the rest of the table still shows.
 */
export function runTable(compute: () => unknown[][] | MetricError): unknown[][] {
  const table = run(compute);
  // The function built this table for us, so its cells are fixed in place: copying a
  // million-row spill just to change a few cells cost as much as computing it.
  for (const row of table) {
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === "number" ? v - v !== 0 : isMetricError(v)) row[c] = cellOf(v);
    }
  }
  return table;
}

/**
 * A cell of a spill as runTable leaves it: a MetricError becomes its Excel error, a non-finite
 * number #NUM!, anything else stays. For functions that build a big spill with runSpill.
 * @example spillCell(Infinity) // => the #NUM! error
 */
export const spillCell: (value: unknown) => unknown = cellOf;

/**
 * runTable for a table whose cells were made with spillCell (or are known to be finite numbers,
 * text or blanks) as the function built it: the same table and errors without a second pass over
 * every row, which on a million-row spill cost as much as building the rows.
 * @example runSpill(() => scores.map((s) => [spillCell(s)])) // same as runTable(() => scores.map((s) => [s]))
 */
export function runSpill(compute: () => unknown[][] | MetricError): unknown[][] {
  return run(compute);
}

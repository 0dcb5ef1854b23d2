/**
 * Failures of a metric, as values. The math layer never throws for bad data: it returns a
 * MetricError, which the Excel layer turns into the matching Excel error (#DIV/0!, #VALUE!,
 * #NUM!, #N/A) and a notebook can inspect. Deep helpers (converters, optimisers) may `throw`
 * one instead; the Excel layer catches those too.
 */
export type ExcelErrorText = "#DIV/0!" | "#VALUE!" | "#NUM!" | "#N/A" | PassedErrorText;

/**
 * Errors the add-in never makes itself, only passes on from an input cell that holds one (#NAME?
 * and #REF! a custom function cannot return: they become #VALUE! naming the cell).
 */
export type PassedErrorText = "#NULL!";

export class MetricError {
  constructor(
    readonly code: ExcelErrorText,
    readonly message: string,
    /**
     * For an error about one entry of parallel lists, its place (1-based), which the message
     * calls "row k" (or "ticket k"): the Excel layer names the cell when the range is not one
     * column (see placedIn).
     */
    readonly entry?: number,
  ) {}
  toString(): string {
    return `${this.code} ${this.message}`;
  }
}

export type Result<T> = T | MetricError;

export const isMetricError = (x: unknown): x is MetricError => x instanceof MetricError;

/** A denominator is zero: no customers at start, no leads, no opportunities … */
export const divZero = (message: string) => new MetricError("#DIV/0!", message);
/** Text where a number or date is needed, or parallel ranges of different size. */
export const badValue = (message: string, entry?: number) => new MetricError("#VALUE!", message, entry);
/** A number outside its allowed range, or an order of dates that cannot be. */
export const badNumber = (message: string) => new MetricError("#NUM!", message);
/** A lookup found nothing. */
export const notFound = (message: string) => new MetricError("#N/A", message);

/** `num / den`, or #DIV/0! naming what was zero. */
export function ratio(num: number, den: number, what: string): Result<number> {
  if (den === 0) return divZero(`${what} is zero`);
  return num / den;
}

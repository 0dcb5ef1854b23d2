/**
 * The last few values made for a key, for objects a function builds from its small arguments
 * (compiled rules, a fitted model's per-customer evaluator) and then uses over a whole table.
 *
 * Why remember them: a sheet recalculates the same formula over and over, and V8's optimised
 * code for the loop over the table is built around the objects that loop met. Once they are
 * collected, that code is thrown away ("weak objects"), so with fresh objects every call every
 * recalculation of a million rows would run unoptimised until V8 caught up again.
 */
export class Remembered<V> {
  private readonly values = new Map<string, V>();
  constructor(private readonly size: number) {}

  /**
   * The value remembered for `key`, or `make()`'s, remembered in place of the least recently used.
   * @example new Remembered<number[]>(4).get("a", () => [1]) // => [1], and the same array for "a" next time
   */
  get(key: string, make: () => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      value = make();
      if (this.values.size >= this.size) this.values.delete(this.values.keys().next().value as string);
    } else this.values.delete(key);
    this.values.set(key, value);
    return value;
  }
}

/**
 * A key for Remembered from plain data (numbers, text, booleans, null, arrays and objects of
 * them): its JSON, except that numbers JSON cannot write (NaN, ±Infinity, −0) are spelled out, as
 * JSON would write them all as null or 0 and so give two different arguments one key.
 * @example keyOf([1, NaN, null, "NaN"]) // => '[1,{"number":"NaN"},null,"NaN"]'
 */
export function keyOf(value: unknown): string {
  return JSON.stringify(value, (_, v) => (typeof v === "number" && (v - v !== 0 || Object.is(v, -0)) ? { number: Object.is(v, -0) ? "-0" : String(v) } : v));
}

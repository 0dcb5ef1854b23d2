/** Seeded data for benchmarks: the same numbers every run, so figures compare across runs. */

export { rng } from "../src/sample/random";

/** A one-column range of n rows, as Excel passes it. */
export function column<T>(n: number, cell: (i: number) => T): T[][] {
  const out: T[][] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = [cell(i)];
  return out;
}

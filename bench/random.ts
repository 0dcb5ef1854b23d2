/** Seeded data for benchmarks: the same numbers every run, so figures compare across runs. */

/** mulberry32: a small, fast, well-mixed 32-bit PRNG. Returns numbers in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A one-column range of n rows, as Excel passes it. */
export function column<T>(n: number, cell: (i: number) => T): T[][] {
  const out: T[][] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = [cell(i)];
  return out;
}

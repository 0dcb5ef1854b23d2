/**
 * mulberry32: a small, fast, well-mixed 32-bit PRNG, so seeded data (the sample dataset, the
 * benchmarks' tables) is the same sequence on every machine. Returns numbers in [0, 1).
 * @example const next = rng(1); next() // => 0.6270739405881613
 */
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

import type { BenchCase } from "./types";
import { column, rng } from "./random";

/**
 * What a spill of one row per input row costs before any metric is computed: read each cell of
 * a one-column range and return a fresh one-cell row for it, as HEALTHSCORE, LEADSCORE, PALIVE and
 * PURCHASES must (Excel takes a spill as an array of row arrays). At a million rows most of this
 * is V8 moving the million young rows through its nursery, so its ratio to the bare loop is the
 * floor under those functions' ratios on the same machine.
 */
export const cases: BenchCase[] = [
  {
    name: "(reference) one-cell spill rows",
    complexity: "linear",
    reference: true,
    make: (n) => {
      const next = rng(97);
      return [column(n, () => Math.round(next() * 10_000) / 100)];
    },
    run: ([values]) => {
      const rows = values as number[][];
      const out: unknown[][] = new Array(rows.length);
      for (let r = 0; r < rows.length; r++) out[r] = [rows[r][0] * 0.5];
      return out;
    },
  },
];

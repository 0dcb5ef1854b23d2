import type { BenchCase } from "./types";
import { column, rng } from "./random";

/**
 * What a spill of one fresh row per input row costs before any metric is computed: read each cell
 * of a one-column range and return a new one-cell row for it (Excel takes a spill as an array of
 * row arrays). At a million rows most of this is V8 moving the million young rows through its
 * nursery. It is why HEALTHSCORE, PALIVE and PURCHASES write their spills into the rows of their
 * own arguments, and LEADSCORE shares one row between leads meeting the same rules.
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

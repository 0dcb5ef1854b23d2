import type { BenchCase } from "./types";
import { column, rng } from "./random";
import { health, leads } from "./experience.bench";

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
  {
    name: "(reference) LEADSCORE by hand",
    complexity: "linear",
    reference: true,
    make: leads,
    run: ([rows]) => leadsByHand(rows as unknown[][]),
  },
  {
    name: "(reference) HEALTHSCORE by hand",
    complexity: "linear",
    reference: true,
    reusesArgs: true,
    make: health,
    run: ([rows]) => healthByHand(rows as unknown[][]),
  },
];

/**
 * The floor under LEADSCORE on its bench table: the same checks of every cell and the same shared
 * spill rows, with the five rules written out for this one table (no rule table read, no condition
 * dispatched), which is what generating code per rule table could reach at best. It scores the
 * bench table as LEADSCORE does (checked in test/unit/bench-references.test.ts).
 */
export function leadsByHand(rows: unknown[][]): unknown[][] | undefined {
  const out: unknown[][] = new Array(rows.length - 1);
  const shared: unknown[][] = new Array(32);
  const saas = /^\s*saas\s*$/i;
  const gmail = /gmail/i;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (!Array.isArray(row) || row.length !== 6) return undefined;
    for (let c = 0; c < 6; c++) {
      const v = row[c];
      if (v !== null && typeof v !== "number" && typeof v !== "string" && typeof v !== "boolean") return undefined;
    }
    const [, industry, employees, email, visit, source] = row;
    let mask = 0;
    if (industry === "SaaS" || (typeof industry === "string" && saas.test(industry))) mask |= 1;
    if (typeof employees === "number" && employees >= 50) mask |= 2;
    if (typeof email === "string" && gmail.test(email)) mask |= 4;
    if (typeof visit === "number" && visit >= 45566) mask |= 8; // 2024-10-01
    if (source !== null && source !== "") mask |= 16;
    out[r - 1] = shared[mask] ??= [(mask & 1 ? 20 : 0) + (mask & 2 ? 15 : 0) + (mask & 4 ? -10 : 0) + (mask & 8 ? 10 : 0) + (mask & 16 ? 5 : 0)];
  }
  return out;
}

/**
 * The floor under HEALTHSCORE on its bench table (weights 3, 2, 2, 2, −1; lower bounds 0; upper
 * bounds own, 12, 1, 10, own): the same two passes, the first checking every cell and finding the
 * two columns' own maxima, the second scoring each row into its first cell, with nothing read
 * from the weights and bounds. It scores the bench table as HEALTHSCORE does (checked in
 * test/unit/bench-references.test.ts).
 */
export function healthByHand(rows: unknown[][]): unknown[][] | undefined {
  let top0 = -Infinity;
  let top4 = -Infinity;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!Array.isArray(row) || row.length !== 5) return undefined;
    for (let j = 0; j < 5; j++) {
      const v = row[j];
      if (typeof v === "number") {
        if (v - v !== 0) return undefined;
      } else if (v !== "" && v !== null) return undefined;
    }
    const [a, , , , e] = row;
    if (typeof a === "number" && a > top0) top0 = a;
    if (typeof e === "number" && e > top4) top4 = e;
  }
  const weight = [1, 2 / 3, 2 / 3, 2 / 3, 1 / 3];
  const top = [top0, 12, 1, 10, top4];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    let num = 0;
    let den = 0;
    for (let j = 0; j < 5; j++) {
      const v = row[j];
      if (typeof v !== "number") continue;
      const s = v <= 0 ? 0 : v >= top[j] ? 1 : v / top[j];
      num += weight[j] * (j === 4 ? 1 - s : s);
      den += weight[j];
    }
    row[0] = den === 0 ? "" : (num / den) * 100;
    while (row.length > 1) row.pop();
  }
  return rows;
}

import type { BenchCase } from "./types";
import { KPI } from "../src/functions/kpi";
import { column, rng } from "./random";

/** Deals per row: won and lost counts with a few blanks, as a CRM export gives them. */
function deals(n: number, seed: number): unknown[][] {
  const next = rng(seed);
  return column(n, () => (next() < 0.02 ? "" : Math.floor(next() * 20)));
}

export const cases: BenchCase[] = [
  {
    name: "CRM.KPI won / (won + lost)",
    complexity: "linear",
    make: (n) => ["won / (won + lost)", "won", deals(n, 11), "lost", deals(n, 12)],
    run: ([e, n1, v1, n2, v2]) => KPI(e, n1, v1 as any[][], [n2, v2] as any),
  },
  {
    name: "CRM.KPI mean, min, max of a range",
    complexity: "linear",
    make: (n) => ["(max(amount) - min(amount)) / mean(amount)", "amount", deals(n, 13)],
    run: ([e, n1, v1]) => KPI(e, n1, v1 as any[][]),
  },
  {
    name: "CRM.KPI median(amount)",
    complexity: "nlogn",
    make: (n) => ["median(amount) / mean(amount)", "amount", deals(n, 14)],
    run: ([e, n1, v1]) => KPI(e, n1, v1 as any[][]),
  },
];

import type { BenchCase } from "./types";
import { NPS } from "../src/functions/experience";
import { column, rng } from "./random";

export const cases: BenchCase[] = [
  {
    name: "CRM.NPS",
    complexity: "linear",
    make: (n) => {
      const next = rng(1);
      return [column(n, () => Math.floor(next() * 11))];
    },
    run: ([scores]) => NPS(scores as any[][]),
  },
];

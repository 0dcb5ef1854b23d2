import type { BenchCase } from "./types";
import { CAC, CLV, PROFITPERCUSTOMER } from "../src/functions/value";
import { column, rng } from "./random";

const money = (next: () => number, lo: number, hi: number) => Math.round((lo + next() * (hi - lo)) * 100) / 100;

/** A spend ledger: campaign costs of 50–5,000, 1% credits (negative), 2% blank rows. */
function spend(n: number) {
  const next = rng(43);
  return [
    column(n, () => {
      const u = next();
      return u < 0.02 ? "" : u < 0.03 ? -money(next, 10, 500) : money(next, 50, 5000);
    }),
    Math.max(1, Math.floor(n / 20)),
  ];
}

/** Per-order revenue and cost of serving it: revenue 5–400, costs 40–90% of it, 1% refunds. */
function ledger(n: number) {
  const next = rng(47);
  const revenue = new Array<number | string>(n);
  const costs = new Array<number | string>(n);
  for (let i = 0; i < n; i++) {
    const r = money(next, 5, 400);
    revenue[i] = next() < 0.01 ? -r : r;
    costs[i] = next() < 0.03 ? "" : Math.round(r * (0.4 + next() * 0.5) * 100) / 100;
  }
  return [column(n, (i) => revenue[i]), column(n, (i) => costs[i]), Math.max(1, Math.floor(n / 4))];
}

export const cases: BenchCase[] = [
  { name: "CRM.CAC (spend range)", complexity: "linear", make: spend, run: ([s, c]) => CAC(s as any[][], c) },
  { name: "CRM.PROFITPERCUSTOMER (ranges)", complexity: "linear", make: ledger, run: ([r, c, n]) => PROFITPERCUSTOMER(r as any[][], c as any[][], n) },
  {
    name: "CRM.CLV (revenue range)",
    complexity: "linear",
    make: (n) => {
      const [revenue, , customers] = ledger(n);
      return [revenue, n, customers, 4, 0.3];
    },
    run: ([r, p, c, l, m]) => CLV(r as any[][], p, c, l, m),
  },
];

import type { BenchCase } from "./types";
import { CHURN, GRR, NRR } from "../src/functions/retention";
import { column, rng } from "./random";

const JAN_2019 = 43466; // 2019-01-01
const JAN_2024 = 45292; // 2024-01-01
const MAR_31_2024 = 45382;

/** A churn column as CRM exports write it: mostly status words, some TRUE/FALSE, a few blanks. */
function flags(n: number) {
  const next = rng(31);
  const words = ["active", "Active", "churned", "cancelled", "renewed", "lost"];
  return [
    column(n, () => {
      const u = next();
      if (u < 0.05) return "";
      if (u < 0.25) return next() < 0.1;
      // ~12% of the words mean churned
      return next() < 0.12 ? words[2 + Math.floor(next() * 2)] : next() < 0.5 ? words[Math.floor(next() * 2)] : words[4];
    }),
  ];
}

/**
 * A subscription list: starts spread over 2019–2024 (date cells, so serials), about 35% of
 * customers cancelled 30–1,500 days after starting (blank end otherwise), one row in 200 empty.
 */
function subscriptions(n: number) {
  const next = rng(37);
  const starts = new Array<number | string>(n);
  const ends = new Array<number | string>(n);
  for (let i = 0; i < n; i++) {
    if (next() < 0.005) {
      starts[i] = ends[i] = "";
      continue;
    }
    const start = JAN_2019 + Math.floor(next() * 1950);
    starts[i] = start;
    ends[i] = next() < 0.35 ? start + 30 + Math.floor(next() * 1470) : "";
  }
  return [column(n, (i) => ends[i]), column(n, (i) => starts[i]), JAN_2024, MAR_31_2024];
}

/**
 * MRR at the start and end of a quarter: 10% of rows are customers acquired in the quarter
 * (blank start), 7% churned (blank end), the rest moved by −20%…+30%; plans of 19–2,000 a month.
 */
function mrr(n: number) {
  const next = rng(41);
  const start = new Array<number | string>(n);
  const end = new Array<number | string>(n);
  for (let i = 0; i < n; i++) {
    const plan = Math.round(19 * Math.exp(next() * 4.66) * 100) / 100;
    const u = next();
    start[i] = u < 0.1 ? "" : plan;
    end[i] = u >= 0.1 && u < 0.17 ? "" : Math.round(plan * (0.8 + next() * 0.5) * 100) / 100;
  }
  return [column(n, (i) => start[i]), column(n, (i) => end[i])];
}

export const cases: BenchCase[] = [
  { name: "CRM.CHURN (flags)", complexity: "linear", make: flags, run: ([c]) => CHURN(c as any[][]) },
  { name: "CRM.CHURN (dates)", complexity: "linear", make: subscriptions, run: ([e, s, from, to]) => CHURN(e as any[][], s as any[][], from, to) },
  { name: "CRM.NRR", complexity: "linear", make: mrr, run: ([s, e]) => NRR(s as any[][], e as any[][]) },
  { name: "CRM.GRR", complexity: "linear", make: mrr, run: ([s, e]) => GRR(s as any[][], e as any[][]) },
];

import type { BenchCase } from "./types";
import { CPL, NETNEWREVENUE, QUOTA, SALESCYCLE, SALESGROWTH, STAGEDURATION } from "../src/functions/sales";
import { column, rng } from "./random";

const JAN_2023 = 44927; // 2023-01-01
const money = (next: () => number, lo: number, hi: number) => Math.round((lo + next() * (hi - lo)) * 100) / 100;

/** A purchase log over two years: about four purchases per customer, in date order. */
function purchases(n: number) {
  const next = rng(7);
  const customers = Math.max(1, Math.floor(n / 4));
  const rows = Array.from({ length: n }, () => [`C${String(Math.floor(next() * customers)).padStart(7, "0")}`, JAN_2023 + Math.floor(next() * 730), money(next, 5, 400)] as const);
  rows.sort((a, b) => a[1] - b[1]);
  return [column(n, (i) => rows[i][0]), column(n, (i) => rows[i][1]), column(n, (i) => rows[i][2]), JAN_2023 + 365, JAN_2023 + 455];
}

/** Deals: created over a year; 70% closed 5–120 days later, of those 35% won; the rest open. */
function deals(n: number) {
  const next = rng(11);
  const created = new Array<number>(n);
  const closed = new Array<number | string>(n);
  const outcome = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    created[i] = JAN_2023 + Math.floor(next() * 365);
    const isClosed = next() < 0.7;
    closed[i] = isClosed ? created[i] + 5 + Math.floor(next() * 115) : "";
    outcome[i] = isClosed ? (next() < 0.35 ? "Won" : "Lost") : "";
  }
  return [column(n, (i) => created[i]), column(n, (i) => closed[i]), column(n, (i) => outcome[i])];
}

const STAGES = ["Lead", "Qualified", "Proposal", "Negotiation", "Closed"];

/**
 * A stage-change log as a CRM exports it, sorted by date: each deal enters Lead, then moves on
 * stage by stage after 1–30 days with a 65% chance each time (the rest stall), so most rows are
 * early stages; about one deal in twenty steps back once.
 */
function stageLog(n: number) {
  const next = rng(23);
  const rows: [string, string, number][] = [];
  for (let d = 0; rows.length < n; d++) {
    const id = `DEAL-${String(d).padStart(7, "0")}`;
    let date = JAN_2023 + Math.floor(next() * 365);
    let stage = 0;
    rows.push([id, STAGES[0], date]);
    while (rows.length < n && stage < STAGES.length - 1 && next() < 0.65) {
      stage = stage > 1 && next() < 0.05 ? stage - 1 : stage + 1;
      date += 1 + Math.floor(next() * 30);
      rows.push([id, STAGES[stage], date]);
    }
  }
  rows.sort((a, b) => a[2] - b[2]);
  return [column(n, (i) => rows[i][0]), column(n, (i) => rows[i][1]), column(n, (i) => rows[i][2]), JAN_2023 + 500];
}

export const cases: BenchCase[] = [
  {
    name: "CRM.CPL (spend range)",
    complexity: "linear",
    make: (n) => {
      const next = rng(3);
      return [column(n, () => money(next, 20, 900)), Math.max(1, Math.floor(n / 3))];
    },
    run: ([spend, leads]) => CPL(spend as any[][], leads),
  },
  {
    name: "CRM.QUOTA (sales, quota ranges)",
    complexity: "linear",
    make: (n) => {
      const next = rng(5);
      return [column(n, () => money(next, 0, 150_000)), column(n, () => 25_000 * (2 + Math.floor(next() * 4)))];
    },
    run: ([sales, quota]) => QUOTA(sales as any[][], quota as any[][]),
  },
  {
    name: "CRM.SALESGROWTH (ranges)",
    complexity: "linear",
    make: (n) => {
      const next = rng(9);
      return [column(n, () => money(next, 0, 2_000)), column(n, () => money(next, 0, 1_800))];
    },
    run: ([current, previous]) => SALESGROWTH(current as any[][], previous as any[][]),
  },
  {
    name: "CRM.NETNEWREVENUE",
    // The issue allows it O(n log n): each purchase looks its customer up (a hash of text ids).
    complexity: "nlogn",
    make: purchases,
    run: ([ids, dates, amounts, from, to]) => NETNEWREVENUE(ids as any[][], dates as any[][], amounts as any[][], from, to),
  },
  {
    name: "CRM.SALESCYCLE (won only)",
    complexity: "linear",
    make: deals,
    run: ([created, closed, outcomes]) => SALESCYCLE(created as any[][], closed as any[][], outcomes),
  },
  {
    name: "CRM.STAGEDURATION (5 stages)",
    complexity: "nlogn",
    make: stageLog,
    run: ([ids, stages, dates, asOf]) => STAGEDURATION(ids as any[][], stages as any[][], dates as any[][], asOf),
  },
];

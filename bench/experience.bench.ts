import type { BenchCase } from "./types";
import { CES, CSAT, HEALTHSCORE, LEADSCORE, NPS, RESOLUTIONTIME } from "../src/functions/experience";
import { column, rng } from "./random";

const JAN_2024 = 45292; // 2024-01-01

/** Survey answers skewed towards the top, as real satisfaction surveys are; 5% left blank. */
function survey(seed: number, scale: number, lowest: number) {
  return (n: number) => {
    const next = rng(seed);
    return [column(n, () => (next() < 0.05 ? "" : Math.min(scale, lowest + Math.floor(Math.sqrt(next()) * (scale - lowest + 1)))))];
  };
}

const AGENTS = ["Sari", "Budi", "Rina", "Andi", "Dewi", "Joko", "Putri", "Agus"];

/** A ticket log over a year: opened during office hours, resolved 10 minutes to 5 days later; 8% still open. */
function tickets(n: number) {
  const next = rng(31);
  const opened = new Array<number>(n);
  const resolved = new Array<number | string>(n);
  const agent = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    opened[i] = JAN_2024 + Math.floor(next() * 365) + (8 + next() * 9) / 24;
    resolved[i] = next() < 0.08 ? "" : opened[i] + (10 + next() * next() * 7200) / 1440;
    agent[i] = AGENTS[Math.floor(next() * AGENTS.length)];
  }
  return [column(n, (i) => opened[i]), column(n, (i) => resolved[i]), column(n, (i) => agent[i]), "Rina", "hours"];
}

/** Seed 004's five signals per customer: logins a month, features adopted, CSAT, NPS answer, tickets a month; 3% blanks. */
export function health(n: number) {
  const next = rng(43);
  const maybe = (v: number) => (next() < 0.03 ? "" : v);
  const rows: unknown[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    rows[i] = [maybe(Math.floor(next() * next() * 60)), maybe(Math.floor(next() * 12)), maybe(Math.round(next() * 100) / 100), maybe(Math.floor(next() * 11)), maybe(Math.floor(next() * next() * 15))];
  }
  return [rows, [[3, 2, 2, 2, -1]], [[0, 0, 0, 0, 0]], [["", 12, 1, 10, ""]]];
}

const INDUSTRIES = ["SaaS", "Retail", "Education", "Manufacturing", "Finance", "Healthcare"];
const SOURCES = ["Webinar", "Referral", "Cold call", "Website", "Event", ""];
const DOMAINS = ["gmail.com", "yahoo.co.id", "acme.co.id", "corp.id", "outlook.com"];

/** A leads export with a header row: name, industry, employees, email, last visit, source. */
export function leads(n: number) {
  const next = rng(53);
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  const rows: unknown[][] = new Array(n + 1);
  rows[0] = ["name", "industry", "employees", "email", "last_visit", "source"];
  for (let i = 1; i <= n; i++) {
    rows[i] = [`Lead ${i}`, pick(INDUSTRIES), Math.floor(5 + next() * next() * 2000), `lead${i}@${pick(DOMAINS)}`, JAN_2024 + Math.floor(next() * 365), pick(SOURCES)];
  }
  const rules = [
    ["industry", "=SaaS", 20],
    ["employees", ">=50", 15],
    ["email", "contains gmail", -10],
    ["last_visit", ">=2024-10-01", 10],
    ["source", "", 5],
  ];
  return [rows, rules];
}

export const cases: BenchCase[] = [
  { name: "CRM.NPS", complexity: "linear", make: survey(1, 10, 0), run: ([s]) => NPS(s as any[][]) },
  { name: "CRM.CSAT", complexity: "linear", make: survey(2, 5, 1), run: ([s]) => CSAT(s as any[][]) },
  { name: "CRM.CES", complexity: "linear", make: survey(3, 7, 1), run: ([s]) => CES(s as any[][]) },
  {
    name: "CRM.RESOLUTIONTIME (agent)",
    complexity: "linear",
    make: tickets,
    run: ([o, r, a, agent, unit]) => RESOLUTIONTIME(o as any[][], r as any[][], a as any[][], agent, unit),
  },
  {
    name: "CRM.HEALTHSCORE (5 columns)",
    complexity: "linear",
    make: health,
    reusesArgs: true,
    run: ([v, w, lo, hi]) => HEALTHSCORE(v as any[][], w as any[][], lo as any[][], hi as any[][]),
  },
  { name: "CRM.LEADSCORE (5 rules)", complexity: "linear", make: leads, run: ([l, r]) => LEADSCORE(l as any[][], r as any[][]) },
];

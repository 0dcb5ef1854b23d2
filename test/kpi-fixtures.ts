/**
 * KPI definitions and a library builder shared by the KPI tests (definition, library, exchange,
 * workbook), so a change to what a valid KPI looks like is made once.
 */
import { checkKpi, type KpiDefinition } from "../src/kpi/definition";
import { addKpi, type KpiLibrary } from "../src/kpi/library";

/** A team's win rate, with every optional field filled in. */
export const WIN_RATE = {
  name: "WinRate",
  expression: "won / (won + lost)",
  inputs: [
    { name: "won", description: "Deals won in the period" },
    { name: "lost", description: "Deals lost in the period" },
  ],
  unit: "%",
  direction: "higher",
  owner: "Sales ops",
  description: "Share of decided deals that were won.",
};

/** A churn rate with only the required fields. */
export const CHURN_RATE = {
  name: "ChurnRate",
  expression: "churned / start",
  inputs: [
    { name: "churned", description: "Customers lost in the period" },
    { name: "start", description: "Customers at the start of the period" },
  ],
  direction: "lower",
};

/** Adds drafts one by one, failing the test on any problem. */
export function libraryOf(...drafts: unknown[]): KpiLibrary {
  let library: KpiLibrary = [];
  for (const d of drafts) {
    const r = addKpi(library, d);
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join("; "));
    library = r.library;
  }
  return library;
}

/** A draft checked into a definition, failing the test on any problem. */
export function definitionOf(draft: unknown): KpiDefinition {
  const r = checkKpi(draft);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join("; "));
  return r.value;
}

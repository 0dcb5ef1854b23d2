import { expect } from "chai";
import type { KpiLibrary } from "../../src/kpi/library";
import { CHURN_RATE as CHURN, libraryOf, WIN_RATE } from "../kpi-fixtures";
import { applyImport, describePlan, exportLibrary, LIBRARY_FORMAT, LIBRARY_VERSION, planImport, readLibraryFile } from "../../src/kpi/exchange";

const AVG_DEAL = { name: "AvgDeal", expression: "mean(amount)", inputs: [{ name: "amount", description: "Each won deal's amount" }], direction: "higher", unit: "IDR" };

function read(text: string): KpiLibrary {
  const r = readLibraryFile(text);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join("; "));
  return r.kpis;
}

const problemsOf = (r: { ok: boolean; problems?: { message: string }[] }) => (r.ok ? [] : r.problems!.map((p) => p.message));
const fileWith = (changes: Record<string, unknown>) => JSON.stringify({ format: LIBRARY_FORMAT, version: 1, kpis: [WIN_RATE], ...changes });

describe("KPI library file: export and read", () => {
  it("round-trips a library through the file unchanged", () => {
    const library = libraryOf(WIN_RATE, CHURN, AVG_DEAL);
    expect(read(exportLibrary(library))).to.deep.equal(library);
  });
  it("writes the format, the version and when it was exported", () => {
    const { description: _, ...undescribed } = WIN_RATE;
    const file = JSON.parse(exportLibrary(libraryOf(undescribed), new Date("2024-05-01T08:00:00Z")));
    expect([file.format, file.version, file.exportedAt]).to.deep.equal([LIBRARY_FORMAT, LIBRARY_VERSION, "2024-05-01T08:00:00.000Z"]);
    // An omitted description is written as "", so every file has every field.
    expect(file.kpis[0]).to.deep.equal({ ...undescribed, description: "" });
  });
  it("refuses a file from a newer version with a clear message", () => {
    expect(problemsOf(readLibraryFile(fileWith({ version: 2 })))).to.deep.equal([
      "The file was made by a newer version of CRM Metrics (file format version 2); this add-in reads version 1. Update the add-in to import it.",
    ]);
  });
  it("refuses a file without a usable version", () => {
    expect(problemsOf(readLibraryFile(fileWith({ version: "1" })))[0]).to.match(/"version" must be a whole number from 1; it is "1"/);
    expect(problemsOf(readLibraryFile(fileWith({ version: undefined })))[0]).to.match(/it is missing/);
    expect(problemsOf(readLibraryFile(fileWith({ version: 0.5 })))[0]).to.match(/whole number/);
  });
  it("refuses text that is not JSON, and JSON that is not a KPI library", () => {
    expect(problemsOf(readLibraryFile("{ not json"))).to.deep.equal(["The file is not a KPI library: it is not valid JSON."]);
    expect(problemsOf(readLibraryFile("[1, 2]"))[0]).to.match(/not a KPI library exported by CRM Metrics/);
    expect(problemsOf(readLibraryFile(JSON.stringify({ format: "other", version: 1, kpis: [] })))[0]).to.match(/"format" is not "crm-metrics-kpi-library"/);
    expect(problemsOf(readLibraryFile(fileWith({ kpis: "WinRate" })))).to.deep.equal(['The file has no list of KPIs ("kpis").']);
  });
  it("checks every KPI in the file with the library's rules, hostile expressions included", () => {
    const hostile = { ...CHURN, expression: 'churned / start + cos.constructor("return process")' };
    const r = readLibraryFile(fileWith({ kpis: [WIN_RATE, hostile, { ...AVG_DEAL, name: "winrate" }] }));
    const problems = problemsOf(r);
    expect(problems).to.have.length(2);
    expect(problems[0]).to.match(/^KPI 2 \(ChurnRate\): Expression: ".*" reads a property/);
    expect(problems[1]).to.equal("KPI 3 (winrate): the name winrate is used twice (names ignore case).");
  });
  it("reads a file saved with a byte-order mark", () => {
    expect(read("\uFEFF" + exportLibrary(libraryOf(CHURN)))[0].name).to.equal("ChurnRate");
  });
});

describe("KPI library import: conflicts", () => {
  const ours = libraryOf(WIN_RATE, CHURN);
  // Theirs: the same ChurnRate (spelled differently), a WinRate with another expression, a new KPI.
  const theirs = libraryOf(
    { ...CHURN, expression: "Churned/(start)" },
    { ...WIN_RATE, expression: "won / max(won + lost, 1)", owner: "RevOps" },
    AVG_DEAL,
  );
  const plan = planImport(ours, theirs);

  it("sorts the file's KPIs into new ones, unchanged ones and conflicts", () => {
    expect(plan.additions.map((k) => k.name)).to.deep.equal(["AvgDeal"]);
    expect(plan.unchanged).to.deep.equal(["ChurnRate"]);
    expect(plan.conflicts.map((c) => [c.name, c.differences, c.suggestedName])).to.deep.equal([["WinRate", ["expression", "owner"], "WinRate_2"]]);
  });
  it("describes the plan in plain sentences, showing both expressions of a conflict", () => {
    expect(describePlan(plan)).to.deep.equal([
      "1 new KPI will be added: AvgDeal.",
      "1 KPI already in the library with the same definition: ChurnRate.",
      "WinRate is already in the library with a different expression (ours: won / (won + lost); the file's: won / max(won + lost, 1)). Keep ours, replace it with the file's, or import the file's as WinRate_2.",
    ]);
  });
  it("calls a difference in description alone a conflict too: nothing is overwritten silently", () => {
    const p = planImport(ours, libraryOf({ ...CHURN, description: "Monthly logo churn" }));
    expect(p.conflicts.map((c) => c.differences)).to.deep.equal([["description"]]);
    expect(describePlan(p)[0]).to.match(/ChurnRate is already in the library with a different description/);
  });
  it("refuses to import while a conflict has no decision, and changes nothing", () => {
    const r = applyImport(ours, plan, {});
    expect(problemsOf(r)).to.deep.equal(["Decide what to do with WinRate: keep ours, replace it, or import it under another name."]);
  });
  it("keeps ours when told to, and still adds the new KPIs", () => {
    const r = applyImport(ours, plan, { WinRate: { action: "keep" } });
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.library.map((k) => [k.name, k.expression])).to.deep.equal([
      ["WinRate", "won / (won + lost)"],
      ["ChurnRate", "churned / start"],
      ["AvgDeal", "mean(amount)"],
    ]);
    expect(r.report).to.deep.equal(["Added AvgDeal.", "Kept our WinRate; the file's version was not imported.", "Already up to date: ChurnRate."]);
  });
  it("replaces ours in place when told to", () => {
    const r = applyImport(ours, plan, { winrate: { action: "replace" } });
    expect(r.ok && r.library.map((k) => [k.name, k.expression, k.owner])).to.deep.equal([
      ["WinRate", "won / max(won + lost, 1)", "RevOps"],
      ["ChurnRate", "churned / start", ""],
      ["AvgDeal", "mean(amount)", ""],
    ]);
    expect(r.ok && r.replaced).to.deep.equal(["WinRate"]);
  });
  it("imports theirs under a new name when told to, leaving ours alone", () => {
    const r = applyImport(ours, plan, { WinRate: { action: "rename", as: "WinRateCapped" } });
    expect(r.ok && r.library.map((k) => [k.name, k.expression])).to.deep.equal([
      ["WinRate", "won / (won + lost)"],
      ["ChurnRate", "churned / start"],
      ["WinRateCapped", "won / max(won + lost, 1)"],
      ["AvgDeal", "mean(amount)"],
    ]);
  });
  it("refuses a rename to a taken or invalid name", () => {
    expect(problemsOf(applyImport(ours, plan, { WinRate: { action: "rename", as: "churnrate" } }))).to.deep.equal(["WinRate: the name churnrate is already taken; choose another."]);
    expect(problemsOf(applyImport(ours, plan, { WinRate: { action: "rename", as: "AvgDeal" } }))).to.deep.equal(["WinRate: the name AvgDeal is already taken; choose another."]);
    expect(problemsOf(applyImport(ours, plan, { WinRate: { action: "rename", as: "Win rate 2" } }))[0]).to.match(/"Win rate 2" cannot be a KPI name/);
  });
  it("warns when a replacement needs an input that existing formulas do not pass", () => {
    const extra = libraryOf({
      ...WIN_RATE,
      expression: "won / (won + lost + stalled)",
      inputs: [...WIN_RATE.inputs, { name: "stalled", description: "Stalled deals" }],
    });
    const r = applyImport(ours, planImport(ours, extra), { WinRate: { action: "replace" } });
    expect(r.ok && r.report).to.include('Formulas that use KPI_WinRate must now also pass "stalled"; until then they show #VALUE!.');
  });
  it("carries a library from one workbook to a fresh one: export, read, plan, apply", () => {
    const fresh = applyImport([], planImport([], read(exportLibrary(ours))), {});
    expect(fresh.ok && fresh.library).to.deep.equal(ours);
  });
});

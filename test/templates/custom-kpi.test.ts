/**
 * Custom KPIs where the catalogue metrics go: connected to the mapped sample data, a KPI is added
 * to a metric template (its CRM.KPI formula beside its native twin, in the headline and the
 * trend) and chosen as a SMART goal's metric (the same Current, CRM.PROGRESS and
 * CRM.GOALSTATUS). "Win rate = won / (won + lost)" must give exactly the catalogue's win rate,
 * and a KPI over a column must give what TypeScript computes from the valid rows.
 */
import { expect } from "chai";
import { addKpiToWorkbook, editKpiInWorkbook, loadLibrary } from "../../src/kpi/workbook";
import { sandbox } from "../../src/metrics/kpi-sandbox";
import { isMetricError } from "../../src/metrics/errors";
import { serialFromYMD } from "../../src/metrics/dates";
import { readSource, writeTemplate } from "../../src/templates/actions";
import {
  bindingChoices,
  checkBindings,
  kpiMetric,
  kpiMetricByName,
  loadConnections,
  nativeExpression,
  readiness,
  referenceProblem,
  saveConnection,
  type KpiBindings,
} from "../../src/templates/custom-kpi";
import { addGoal, computeBaseline, goalFromForm } from "../../src/templates/goals";
import { EMPTY_MAPPING, sourceOf, type Mapping } from "../../src/templates/mapping";
import type { MetricDef } from "../../src/templates/metrics";
import { checkQuality } from "../../src/templates/quality";
import type { MemoryWorkbook } from "../../src/workbook/memory";
import type { CellValue } from "../../src/workbook/types";
import { emptyBook, sampleBook, TODAY } from "./helpers";
import { definitionOf } from "../kpi-fixtures";

const WIN_RATE = {
  name: "WinRate",
  expression: "won / (won + lost)",
  inputs: [
    { name: "won", description: "Deals won" },
    { name: "lost", description: "Deals lost" },
  ],
  unit: "%",
  direction: "higher",
};
const AVG_DEAL = {
  name: "AvgDeal",
  expression: "mean(amount) / 1000",
  inputs: [{ name: "amount", description: "Amounts of the deals closed" }],
  unit: "thousand",
  direction: "higher",
};
const WIN_BINDINGS: KpiBindings = { won: { kind: "measure", metric: "deals_won" }, lost: { kind: "measure", metric: "deals_lost" } };
const PERIOD = { s: "$B$6", e: "$B$7" };
const CONTEXT = { won: ["Won"], lost: ["Lost"] };
const num = (v: CellValue, what = "a number") => {
  expect(v, what).to.be.a("number");
  return v as number;
};

describe("custom KPIs: translating an expression into a native Excel formula", () => {
  // Three inputs typed in cells: won is a range (summed in arithmetic), lost one cell, amount a
  // range with a blank (skipped in aggregates by both CRM.KPI and Excel).
  const EXPRESSIONS = [
    "won / (won + lost)",
    "mean(amount) / max(amount)",
    "median(amount) - min(amount) + count(amount)",
    "sum(amount, won) / 2",
    "won > lost ? won - lost : 0",
    "round(won / lost, 2) + abs(-lost) + sqrt(won) + ln(won) + log(won, 10) + log10(lost) + exp(1) + pow(2, 3) + 2 ^ 3",
    "floor(-won / lost) + ceil(won / lost) + won mod 7 + (-won) mod 7",
    "if(won >= lost and lost > 0, 1, 2) + not (won == lost) + (won != lost or false) + (won < lost xor lost < won)",
    "(1 < lost < 100) + (100 < lost < 1000) * 10",
    "-won ^ 2 + 2e-3 * won + true",
    "median(amount, lost) + mean(lost * 2, won)",
  ];
  let wb: MemoryWorkbook;
  before(async () => {
    wb = await emptyBook();
    await wb.apply([
      { kind: "addSheet", sheet: "Inputs" },
      { kind: "cells", sheet: "Inputs", address: "A1", cells: [[12, 5, 120], [18, null, null], [7, null, 45], [null, null, 300], [null, null, 80]] },
    ]);
    const defs = EXPRESSIONS.map((expression, i) => {
      const checked = sandbox(expression);
      if (isMetricError(checked)) throw new Error(`${expression}: ${checked.message}`);
      const names = checked.names;
      return { name: `K${i}`, expression, inputs: names.map((n) => ({ name: n, description: n })), direction: "higher" };
    });
    for (const d of defs) {
      const r = await addKpiToWorkbook(wb, d);
      if (!r.ok) throw new Error(`${d.expression}: ${r.problems.map((p) => p.message).join(" ")}`);
    }
  });

  const cells: KpiBindings = {
    won: { kind: "cell", ref: "Inputs!$A$1:$A$3" },
    lost: { kind: "cell", ref: "Inputs!B1" },
    amount: { kind: "cell", ref: "Inputs!C1:C5" },
  };

  EXPRESSIONS.forEach((expression, i) => {
    it(`gives what CRM.KPI gives: ${expression}`, async () => {
      const library = (await loadLibrary(wb)).library;
      const k = library[i];
      const used = Object.fromEntries(k.inputs.map((input) => [input.name.toLowerCase(), cells[input.name.toLowerCase()]]));
      const m = kpiMetric(k, used);
      const [crm, native] = await wb.evaluate([`=${m.crm!(PERIOD, CONTEXT)}`, `=${m.native(PERIOD, CONTEXT)}`]);
      expect(native, m.native(PERIOD, CONTEXT)).to.be.closeTo(num(crm, String(crm)), 1e-9 * Math.max(1, Math.abs(crm as number)));
    });
  });

  it("computes the win rate by hand: 37 won and 5 lost give 37 / 42", async () => {
    const m = kpiMetric((await loadLibrary(wb)).library[0], cells);
    const [crm, native] = await wb.evaluate([`=${m.crm!(PERIOD, CONTEXT)}`, `=${m.native(PERIOD, CONTEXT)}`]);
    expect(crm).to.be.closeTo(37 / 42, 1e-9);
    expect(native).to.be.closeTo(37 / 42, 1e-9);
    expect(m.crm!(PERIOD, CONTEXT)).to.equal('CRM.KPI(KPI_K0,"won",Inputs!$A$1:$A$3,"lost",Inputs!B1)');
    expect(m.native(PERIOD, CONTEXT)).to.equal("(SUM(Inputs!$A$1:$A$3)/(SUM(Inputs!$A$1:$A$3)+SUM(Inputs!B1)))");
  });

  it("keeps the translation's operator precedence: 2 - 3 - 4 and 2 ^ 3 ^ 2", () => {
    const tree = (e: string) => {
      const s = sandbox(e);
      if (isMetricError(s)) throw new Error(s.message);
      return s.tree;
    };
    expect(nativeExpression(tree("2 - 3 - 4"), (n) => n)).to.equal("((2-3)-4)");
    expect(nativeExpression(tree("2 ^ 3 ^ 2"), (n) => n)).to.equal("POWER(2,POWER(3,2))");
    expect(nativeExpression(tree("-a ^ 2"), (n) => n)).to.equal("(-POWER(a,2))");
  });
});

describe("custom KPIs: connections", () => {
  it("accepts a cell or range with its sheet, a name, a table column or a number, and nothing that could escape the formula", () => {
    for (const ok of ["Targets!B2", "'Sales targets'!$B$2:$B$13", "'O''Brien'!A1", "MyTarget", "Deals[Amount]", "12.5", "-3", "1e3"]) expect(referenceProblem(ok), ok).to.equal(undefined);
    expect(referenceProblem("B2")).to.match(/^Say which sheet B2 is on, for example Targets!B2/);
    for (const bad of ['Targets!B2,"x",1', "A1)+EVIL(", "SUM(A1:A3)", "'a'b'!A1", "Deals[Amount]]", "TRUE", "", "=A1"]) expect(referenceProblem(bad), bad).to.be.a("string");
  });

  it("names the input that is not connected, or connected to something the pane does not know", () => {
    const k = definitionOf(WIN_RATE);
    const r = checkBindings(k, { won: { kind: "measure", metric: "deals_won" }, LOST: { kind: "measure", metric: "no_such_measure" } });
    expect(!r.ok && r.problems).to.deep.equal([{ field: "inputs.1", message: '"no_such_measure" is not a measure the pane knows.' }]);
    const missing = checkBindings(k, { won: { kind: "cell", ref: "B2" } });
    expect(!missing.ok && missing.problems.map((p) => p.field)).to.deep.equal(["inputs.0", "inputs.1"]);
    expect(!missing.ok && missing.problems[1].message).to.equal("Choose where lost (Deals lost) comes from.");
    const ok = checkBindings(k, { Won: { kind: "measure", metric: "deals_won" }, lost: { kind: "column", role: "deal_amount" } });
    expect(ok.ok && ok.bindings).to.deep.equal({ won: { kind: "measure", metric: "deals_won" }, lost: { kind: "column", role: "deal_amount" } });
  });

  it("offers the measures and number columns the mapping covers", async () => {
    expect(bindingChoices(EMPTY_MAPPING)).to.deep.equal({ measures: [], columns: [] });
    const { mapping } = await sampleBook();
    const choices = bindingChoices(mapping);
    expect(choices.measures.map((m) => m.id)).to.include.members(["deals_won", "deals_lost", "revenue", "win_rate", "nps"]);
    expect(choices.measures.map((m) => m.id)).to.not.include("clv");
    expect(choices.columns.map((c) => c.role).sort()).to.deep.equal(["converted", "csat_score", "deal_amount", "leads", "mrr", "nps_score", "spend", "txn_amount"]);
    expect(choices.columns.find((c) => c.role === "deal_amount")?.label).to.equal("Deal amount of deals (opportunities) dated in the period (closed date)");
  });

  it("says why a KPI cannot be used yet: not connected, its inputs changed, or its columns not mapped", async () => {
    const k = definitionOf(WIN_RATE);
    const wider = definitionOf({ ...WIN_RATE, expression: "won / (won + lost + open)", inputs: [...WIN_RATE.inputs, { name: "open", description: "Open" }] });
    const connections = { version: 1 as const, kpis: { winrate: WIN_BINDINGS } };
    expect(readiness([k], { version: 1, kpis: {} }, EMPTY_MAPPING)[0].reason).to.equal("Not connected to your data yet.");
    expect(readiness([wider], connections, EMPTY_MAPPING)[0].reason).to.equal("Connect open (the KPI's inputs changed).");
    expect(readiness([k], connections, EMPTY_MAPPING)[0].reason).to.equal("Needs these columns mapped: Deal id, Closed date, Outcome (won/lost).");
    expect(kpiMetricByName([k], connections, EMPTY_MAPPING, "Nope")).to.equal("There is no KPI named Nope in the library.");
    const cellsOnly = readiness([k], { version: 1, kpis: { winrate: { won: { kind: "cell", ref: "T!A1" }, lost: { kind: "cell", ref: "3" } } } }, EMPTY_MAPPING)[0];
    expect(cellsOnly.metric?.needs).to.deep.equal([]);
  });
});

/** The valid rows of a mapped source, as objects keyed by role. */
async function validRows(wb: MemoryWorkbook, mapping: Mapping, id: "deals"): Promise<Record<string, CellValue>[]> {
  const source = sourceOf(mapping, id)!;
  const block = await readSource(wb, source);
  const headers = block.values[0].map((h) => String(h));
  const out: Record<string, CellValue>[] = [];
  for (const row of block.values.slice(1)) {
    if (checkQuality(source, { ...block, values: [block.values[0], row] }).valid !== 1) continue;
    out.push(Object.fromEntries(Object.entries(source.columns).map(([role, header]) => [role, row[headers.indexOf(header)]])));
  }
  return out;
}

describe("custom KPIs on a metric template and as a SMART goal (sample data)", function () {
  this.timeout(120000);
  let wb: MemoryWorkbook;
  let mapping: Mapping;
  let custom: MetricDef[];
  let built: Awaited<ReturnType<typeof writeTemplate>>;

  before(async () => {
    ({ wb, mapping } = await sampleBook());
    for (const d of [WIN_RATE, AVG_DEAL]) {
      const r = await addKpiToWorkbook(wb, d);
      if (!r.ok) throw new Error(r.problems.map((p) => p.message).join(" "));
    }
    await saveConnection(wb, "WinRate", WIN_BINDINGS);
    await saveConnection(wb, "avgdeal", { amount: { kind: "column", role: "deal_amount" } });
    const ready = readiness((await loadLibrary(wb)).library, await loadConnections(wb), mapping);
    expect(ready.map((r) => r.reason)).to.deep.equal([undefined, undefined]);
    custom = ready.map((r) => r.metric!);
    built = await writeTemplate(wb, mapping, "sales", { today: TODAY, extra: custom });
  });

  it("adds the KPIs to the sales sheet: WinRate equals the catalogue's win rate, each beside its native twin", async () => {
    expect(built.twins.map((t) => t.id)).to.deep.equal(["win_rate", "sales_cycle", "kpi:WinRate", "kpi:AvgDeal"]);
    const at = (id: string) => built.twins.find((t) => t.id === id)!;
    const catalogue = num(wb.value(built.sheet, at("win_rate").crm));
    expect(num(wb.value(built.sheet, at("kpi:WinRate").crm))).to.be.closeTo(catalogue, 1e-9);
    expect(num(wb.value(built.sheet, at("kpi:WinRate").native))).to.be.closeTo(catalogue, 1e-9);
    const row = at("kpi:WinRate").crm.slice(1);
    expect(wb.value(built.sheet, `A${row}`)).to.equal("WinRate");
    expect(wb.value(built.sheet, `D${row}`)).to.equal("same");
    expect(wb.input(built.sheet, `B${row}`)).to.match(/^=CRM\.KPI\(KPI_WinRate,"won",SUMPRODUCT\(/);
    expect(wb.sheet(built.sheet).formats.find((f) => f.block.row === Number(row) - 1 && f.block.col === 1)?.numberFormat).to.equal("0.0%");
    // Each month of the trend, too.
    const { columns, firstRow } = built.trend;
    for (let r = firstRow; r < firstRow + 12; r++) {
      const expected = wb.value(built.sheet, `${columns["win_rate:crm"]}${r}`);
      if (typeof expected !== "number") continue;
      expect(num(wb.value(built.sheet, `${columns["kpi:WinRate:crm"]}${r}`)), `trend row ${r}`).to.be.closeTo(expected, 1e-9);
      expect(num(wb.value(built.sheet, `${columns["kpi:WinRate:native"]}${r}`)), `trend row ${r}`).to.be.closeTo(expected, 1e-9);
    }
  });

  it("computes a KPI over a mapped column from the rows dated in the period, as TypeScript does", async () => {
    const twin = built.twins.find((t) => t.id === "kpi:AvgDeal")!;
    const [start, end] = [num(wb.value(built.sheet, "B6")), num(wb.value(built.sheet, "B7"))];
    expect(start).to.equal(serialFromYMD(2026, 10, 1));
    const amounts = (await validRows(wb, mapping, "deals"))
      .filter((d) => typeof d.deal_closed === "number" && d.deal_closed >= start && d.deal_closed < end + 1 && typeof d.deal_amount === "number")
      .map((d) => d.deal_amount as number);
    expect(amounts.length).to.be.greaterThan(3);
    const mean = amounts.reduce((a, b) => a + b, 0) / amounts.length / 1000;
    expect(num(wb.value(built.sheet, twin.crm))).to.be.closeTo(mean, 1e-9);
    expect(num(wb.value(built.sheet, twin.native))).to.be.closeTo(mean, 1e-9);
    expect(wb.value(built.sheet, twin.crm.replace("B", "D"))).to.equal("same");
  });

  it("tracks a goal on WinRate exactly as a goal on the catalogue's win rate", async () => {
    const form = {
      specific: "Win more of the deals we decide on",
      achievable: "Better qualification before the proposal",
      relevant: "Revenue growth without more leads",
      baseline: "15",
      target: "30",
      startDate: "2026-11-01",
      deadline: "2027-03-31",
      owner: "Siti",
    };
    expect(goalFromForm({ ...form, metric: "kpi:WinRate" }, TODAY)).to.deep.equal({ problems: [{ field: "metric", message: "Measurable: choose the metric that tracks the goal" }] });
    const ours = goalFromForm({ ...form, metric: "kpi:WinRate" }, TODAY, custom);
    const theirs = goalFromForm({ ...form, metric: "win_rate" }, TODAY, custom);
    if (!("goal" in ours) || !("goal" in theirs)) throw new Error("both goals are SMART");
    // "30" is a percentage: WinRate's unit is %.
    expect([ours.goal.baseline, ours.goal.target]).to.deep.equal([0.15, 0.3]);
    const start = serialFromYMD(2026, 11, 1);
    const baseline = num(await computeBaseline(wb, mapping, "kpi:WinRate", start, TODAY, custom));
    expect(baseline).to.be.closeTo(num(await computeBaseline(wb, mapping, "win_rate", start, TODAY, custom)), 1e-9);

    const a = await addGoal(wb, mapping, theirs.goal, TODAY, custom);
    const b = await addGoal(wb, mapping, ours.goal, TODAY, custom);
    expect([a.row, b.row]).to.deep.equal([5, 6]);
    const cell = (c: string, r: number) => wb.value(a.sheet, `${c}${r}`);
    expect(cell("B", 6)).to.equal("WinRate");
    const current = num(cell("N", 5));
    expect(num(cell("N", 6)), "Current").to.be.closeTo(current, 1e-9);
    expect(num(cell("Q", 6)), "Current (native formula)").to.be.closeTo(current, 1e-9);
    expect(num(cell("O", 6)), "Progress").to.be.closeTo((current - 0.15) / (0.3 - 0.15), 1e-9);
    expect(cell("P", 6), "Status").to.equal(cell("P", 5));
    expect(["Achieved", "On track", "At risk", "Behind"]).to.include(cell("P", 6));
    expect(wb.input(a.sheet, "O6")).to.equal("=CRM.PROGRESS($I6,$N6,$J6)");
    expect(wb.input(a.sheet, "P6")).to.equal("=CRM.GOALSTATUS($I6,$N6,$J6,$G6,$H6,$B$2)");

    // The goal reads the KPI through the library: an edit shows at once.
    const edited = await editKpiInWorkbook(wb, "WinRate", { ...WIN_RATE, expression: "won / (won + lost) * 2" });
    expect(edited.ok).to.equal(true);
    // The native twin on the sales sheet is the old expression translated: it says so, and where.
    const twin = built.twins.find((t) => t.id === "kpi:WinRate")!;
    expect(wb.value(built.sheet, `D${twin.crm.slice(1)}`)).to.equal("differs");
    expect(edited.ok && edited.warnings.join(" ")).to.include(`twins on "${built.sheet}" still compute the old expression`);
    expect(num(cell("N", 6))).to.be.closeTo(2 * current, 1e-9);
    expect(num(cell("N", 5))).to.be.closeTo(current, 1e-9);
  });
});

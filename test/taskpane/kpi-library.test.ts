/**
 * The task pane's KPI library operations (src/kpi/workbook.ts) against the in-memory workbook,
 * with formulas computed by the CRM engine: what is written where, that nothing is written when
 * a KPI is refused, that formulas using a KPI follow its edits and break (visibly) only when it
 * is deleted, and the export/import round trip with its conflicts.
 */
import { expect } from "chai";
import { exportLibrary, LIBRARY_FORMAT } from "../../src/kpi/exchange";
import { KPI_HEADERS, kpiNameFormula } from "../../src/kpi/sheet";
import {
  addKpiToWorkbook,
  asText,
  deleteKpiFromWorkbook,
  editKpiInWorkbook,
  importIntoWorkbook,
  KPI_LIBRARY_SETTING,
  kpiUses,
  libraryWrites,
  loadLibrary,
  previewImport,
} from "../../src/kpi/workbook";
import type { MemoryWorkbook } from "../../src/workbook/memory";
import { emptyBook } from "../templates/helpers";
import { CHURN_RATE, WIN_RATE } from "../kpi-fixtures";

/** The shared churn rate, written with leading minus signs: text Excel would take for a formula. */
const CHURN = { ...CHURN_RATE, expression: "-churned / -start", unit: "%" };

/** A user's sheet: 30 won and 20 lost deals, and formulas using the KPIs as a user types them. */
async function bookWithData(): Promise<MemoryWorkbook> {
  const wb = await emptyBook();
  await wb.apply([
    { kind: "addSheet", sheet: "Pipeline" },
    {
      kind: "cells",
      sheet: "Pipeline",
      address: "A1",
      cells: [
        ["Won", 12, 18],
        ["Lost", 20, null],
        ["Churned", 3, null],
        ["Start", 60, null],
        ["Win rate", '=CRM.KPI(KPI_WinRate, "won", B1:C1, "lost", B2:C2)'],
        ["Churn", '=CRM.KPI(KPI_ChurnRate, "churned", B3, "start", B4)'],
      ],
    },
  ]);
  return wb;
}

async function added(wb: MemoryWorkbook, draft: unknown) {
  const r = await addKpiToWorkbook(wb, draft);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join(" "));
  return r;
}

const libraryValues = async (wb: MemoryWorkbook, sheet = "KPI library") => {
  const t = (await wb.tables()).find((x) => x.sheet === sheet)!;
  return (await wb.read(t.sheet, t.address)).values;
};

describe("KPI library in the workbook (the pane's operations, in-memory workbook)", function () {
  this.timeout(30000);

  describe("adding", () => {
    it("creates the KPI library sheet and table, and a workbook name per KPI that formulas compute with", async () => {
      const wb = await bookWithData();
      expect(wb.value("Pipeline", "B5")).to.equal("#NAME?");
      const batches = wb.batches;
      const r = await added(wb, WIN_RATE);
      expect(wb.batches - batches, "one batch").to.equal(1);
      expect([r.sheet, r.created]).to.deep.equal(["KPI library", true]);
      expect(await wb.tables()).to.deep.include({ name: "KpiLibrary", sheet: "KPI library", address: "A1:I2", headers: [...KPI_HEADERS] });
      expect(wb.names.get("KPI_WinRate")?.formula).to.equal(kpiNameFormula("WinRate"));
      expect(JSON.parse((await wb.getSetting(KPI_LIBRARY_SETTING))!)).to.deep.equal({ sheet: "KPI library", table: "KpiLibrary" });
      // (12 + 18) / (30 + 20): each range summed.
      expect(wb.value("Pipeline", "B5")).to.be.closeTo(0.6, 1e-12);
      expect(wb.value("Pipeline", "B6")).to.equal("#NAME?");

      const second = await added(wb, CHURN);
      expect(second.created).to.equal(false);
      expect((await wb.tables())[0].address).to.equal("A1:I3");
      expect(wb.value("Pipeline", "B6")).to.be.closeTo(0.05, 1e-12);
      expect((await loadLibrary(wb)).library.map((k) => k.name)).to.deep.equal(["WinRate", "ChurnRate"]);
    });

    it("keeps an expression starting with a minus sign as text, so Excel does not read it as a formula", async () => {
      expect(asText("-churned / -start")).to.equal("'-churned / -start");
      expect(asText("(5)")).to.equal("'(5)");
      expect(asText("May 5")).to.equal("'May 5");
      expect(asText("TRUE")).to.equal("'TRUE");
      expect(asText("won / (won + lost)")).to.equal("won / (won + lost)");
      expect(asText("")).to.equal(null);
      const wb = await bookWithData();
      await added(wb, CHURN);
      expect(wb.input("KPI library", "B2")).to.equal("'-churned / -start");
      expect(wb.value("KPI library", "B2")).to.equal("-churned / -start");
      expect((await loadLibrary(wb)).library[0].expression).to.equal("-churned / -start");
    });

    it("refuses a KPI that is not valid, field by field, before writing anything", async () => {
      const wb = await bookWithData();
      const before = wb.batches;
      const r = await addKpiToWorkbook(wb, { ...WIN_RATE, name: "Win rate", expression: "won / (won + lost + pending)" });
      expect(r.ok).to.equal(false);
      if (r.ok) return;
      expect(r.problems.map((p) => p.field)).to.deep.equal(["name", "expression"]);
      expect(r.problems[1].message).to.equal("The expression uses pending, which is not a declared input; add it to the inputs.");
      const hostile = await addKpiToWorkbook(wb, { ...WIN_RATE, expression: 'won + evaluate("1")' });
      expect(!hostile.ok && hostile.problems[0].field).to.equal("expression");
      expect(wb.batches).to.equal(before);
      expect(await wb.sheetNames()).to.deep.equal(["Pipeline"]);
      expect(wb.names.size).to.equal(0);
    });

    it("refuses a name already in the library, ignoring case", async () => {
      const wb = await bookWithData();
      await added(wb, WIN_RATE);
      const before = wb.batches;
      const r = await addKpiToWorkbook(wb, { ...CHURN, name: "winrate" });
      expect(!r.ok && r.problems).to.deep.equal([{ field: "name", message: "There is already a KPI named WinRate; choose another name, or edit WinRate." }]);
      expect(wb.batches).to.equal(before);
    });

    it("leaves a user's own sheet called KPI library alone and uses a new sheet, which the names follow", async () => {
      const wb = await bookWithData();
      await wb.apply([{ kind: "addSheet", sheet: "KPI library" }, { kind: "cells", sheet: "KPI library", address: "A1", cells: [["WinRate", "my notes"]] }]);
      const r = await added(wb, WIN_RATE);
      expect(r.sheet).to.equal("KPI library (2)");
      expect(wb.input("KPI library", "B1")).to.equal("my notes");
      expect(wb.names.get("KPI_WinRate")?.formula).to.equal(kpiNameFormula("WinRate", "KPI library (2)"));
      expect(wb.value("Pipeline", "B5")).to.be.closeTo(0.6, 1e-12);
    });
  });

  describe("editing", () => {
    it("rewrites the KPI's row in place and keeps its name, so formulas follow the new expression", async () => {
      const wb = await bookWithData();
      await added(wb, WIN_RATE);
      await added(wb, CHURN);
      const nameBefore = wb.names.get("KPI_WinRate");
      const r = await editKpiInWorkbook(wb, "WinRate", { ...WIN_RATE, expression: "100 * won / (won + lost)", unit: "points" });
      expect(r.ok && r.warnings).to.deep.equal([]);
      expect(wb.names.get("KPI_WinRate")).to.deep.equal(nameBefore);
      expect(wb.value("Pipeline", "B5")).to.be.closeTo(60, 1e-9);
      expect(wb.value("Pipeline", "B6"), "the other KPI is untouched").to.be.closeTo(0.05, 1e-12);
      const rows = await libraryValues(wb);
      expect(rows.map((row) => [row[0], row[1], row[3]])).to.deep.equal([
        ["KPI name", "Expression", "Unit"],
        ["WinRate", "100 * won / (won + lost)", "points"],
        ["ChurnRate", "-churned / -start", "%"],
      ]);
    });

    it("finds the KPI's row after the user sorted the table by hand", async () => {
      const wb = await bookWithData();
      await added(wb, WIN_RATE);
      await added(wb, CHURN);
      const [, win, churn] = wb.sheet("KPI library").cells.map((row) => row.slice());
      await wb.apply([{ kind: "cells", sheet: "KPI library", address: "A2", cells: [churn, win] }]);
      expect(wb.value("Pipeline", "B5"), "the name looks the KPI up by name").to.be.closeTo(0.6, 1e-12);
      await editKpiInWorkbook(wb, "ChurnRate", { ...CHURN, expression: "churned / start * 100" });
      expect(wb.value("KPI library", "B2")).to.equal("churned / start * 100");
      expect(wb.value("KPI library", "B3")).to.equal("won / (won + lost)");
      expect(wb.value("Pipeline", "B6")).to.be.closeTo(5, 1e-9);
      expect(wb.value("Pipeline", "B5")).to.be.closeTo(0.6, 1e-12);
    });

    it("warns when an edit adds an input, which formulas must then pass (until then #VALUE! says which)", async () => {
      const wb = await bookWithData();
      await added(wb, WIN_RATE);
      const r = await editKpiInWorkbook(wb, "WinRate", {
        ...WIN_RATE,
        expression: "won / (won + lost + open)",
        inputs: [...WIN_RATE.inputs, { name: "open", description: "Deals still open" }],
      });
      expect(r.ok && r.warnings).to.deep.equal(['Formulas that use KPI_WinRate must now also pass "open" and its value; until then they show #VALUE!.']);
      expect(wb.value("Pipeline", "B5")).to.equal("#VALUE!");
      expect(wb.message("Pipeline", "B5")).to.match(/uses open, which has no value/);
    });

    it("refuses to rename a KPI (formulas use its name) and writes nothing", async () => {
      const wb = await bookWithData();
      await added(wb, WIN_RATE);
      const before = wb.batches;
      const r = await editKpiInWorkbook(wb, "WinRate", { ...WIN_RATE, name: "WinShare" });
      expect(!r.ok && r.problems[0].field).to.equal("name");
      expect(!r.ok && r.problems[0].message).to.match(/cannot be changed: formulas use it as KPI_WinRate/);
      expect(wb.batches).to.equal(before);
    });

    it("refuses to change a table that was broken by hand, saying which row, until it is fixed", async () => {
      const wb = await bookWithData();
      await added(wb, WIN_RATE);
      await wb.apply([{ kind: "cells", sheet: "KPI library", address: "B2", cells: [["won / (won + lost + x"]] }]);
      const stored = await loadLibrary(wb);
      expect(stored.problems.map((p) => p.message)[0]).to.match(/^Row 2 \(WinRate\): Expression "won \/ \(won \+ lost \+ x" cannot be read/);
      const before = wb.batches;
      const r = await addKpiToWorkbook(wb, CHURN);
      expect(!r.ok && r.problems[0].message).to.equal("The KPI library sheet needs fixing before the pane can change it:");
      expect(wb.batches).to.equal(before);
    });
  });

  describe("deleting", () => {
    it("lists the formulas that use the KPI through its name, not its text or a longer name", async () => {
      const wb = await bookWithData();
      await added(wb, WIN_RATE);
      await wb.apply([{ kind: "cells", sheet: "Pipeline", address: "D1", cells: [['="KPI_WinRate"'], ["=KPI_WinRate2"], ["=LEN(kpi_winrate)"]] }]);
      expect((await kpiUses(wb, "WinRate")).map((u) => `${u.sheet}!${u.address}`)).to.deep.equal(["Pipeline!D3", "Pipeline!B5"]);
      expect((await kpiUses(wb, "ChurnRate")).map((u) => u.address)).to.deep.equal(["B6"]);
      expect(await kpiUses(wb, "Win")).to.deep.equal([]);
    });

    it("removes the KPI's row and its name; formulas using it show #NAME?, the others keep computing", async () => {
      const wb = await bookWithData();
      await added(wb, WIN_RATE);
      await added(wb, CHURN);
      const r = await deleteKpiFromWorkbook(wb, "winrate");
      expect(r.ok).to.equal(true);
      expect([...wb.names.keys()]).to.deep.equal(["KPI_ChurnRate"]);
      expect(await libraryValues(wb)).to.have.length(2);
      expect(wb.value("KPI library", "A2")).to.equal("ChurnRate");
      expect(wb.value("Pipeline", "B5")).to.equal("#NAME?");
      expect(wb.value("Pipeline", "B6")).to.be.closeTo(0.05, 1e-12);
      const again = await deleteKpiFromWorkbook(wb, "WinRate");
      expect(!again.ok && again.problems[0].message).to.equal("There is no KPI named WinRate in the library.");
    });

    it("clears the last KPI's row (a table keeps one) and fills that row with the next KPI added", async () => {
      const wb = await bookWithData();
      await added(wb, WIN_RATE);
      await deleteKpiFromWorkbook(wb, "WinRate");
      expect((await wb.tables())[0].address).to.equal("A1:I2");
      expect((await loadLibrary(wb)).library).to.deep.equal([]);
      const r = await added(wb, CHURN);
      expect(r.created).to.equal(false);
      expect((await wb.tables())[0].address).to.equal("A1:I2");
      expect(wb.value("KPI library", "A2")).to.equal("ChurnRate");
      expect(wb.value("Pipeline", "B6")).to.be.closeTo(0.05, 1e-12);
    });
  });

  describe("export and import", () => {
    it("carries the library to a fresh workbook, where formulas compute with it", async () => {
      const a = await bookWithData();
      await added(a, WIN_RATE);
      await added(a, CHURN);
      const text = exportLibrary((await loadLibrary(a)).library, new Date("2026-11-23T00:00:00Z"));
      expect(JSON.parse(text)).to.include({ format: LIBRARY_FORMAT, version: 1, exportedAt: "2026-11-23T00:00:00.000Z" });

      const b = await bookWithData();
      const preview = await previewImport(b, text);
      expect(preview.ok && preview.plan.additions.map((k) => k.name)).to.deep.equal(["WinRate", "ChurnRate"]);
      const r = await importIntoWorkbook(b, text, {});
      expect(r.ok && r.report).to.deep.equal(["Added WinRate, ChurnRate."]);
      expect((await loadLibrary(b)).library).to.deep.equal((await loadLibrary(a)).library);
      expect([...b.names.keys()].sort()).to.deep.equal(["KPI_ChurnRate", "KPI_WinRate"]);
      expect(b.value("Pipeline", "B5")).to.be.closeTo(0.6, 1e-12);
      expect(b.value("Pipeline", "B6")).to.be.closeTo(0.05, 1e-12);
    });

    it("reports each conflict and imports nothing until every one is decided", async () => {
      const theirs = exportLibrary([
        { ...WIN_RATE, expression: "won / lost", unit: "%", owner: "Sales ops", description: "Won per lost deal." },
        { ...CHURN, unit: "%", owner: "", description: "" },
      ] as never);
      const wb = await bookWithData();
      await added(wb, WIN_RATE);
      await added(wb, CHURN);
      const preview = await previewImport(wb, theirs);
      if (!preview.ok) throw new Error("the file should be readable");
      expect(preview.plan.unchanged).to.deep.equal(["ChurnRate"]);
      expect(preview.plan.conflicts.map((c) => [c.name, c.differences, c.suggestedName])).to.deep.equal([["WinRate", ["expression", "description"], "WinRate_2"]]);
      const before = wb.batches;
      const undecided = await importIntoWorkbook(wb, theirs, {});
      expect(!undecided.ok && undecided.problems).to.deep.equal([{ field: "WinRate", message: "Decide what to do with WinRate: keep ours, replace it, or import it under another name." }]);
      expect(wb.batches, "nothing written").to.equal(before);

      const kept = await importIntoWorkbook(wb, theirs, { WinRate: { action: "keep" } });
      expect(kept.ok && kept.report).to.deep.equal(["Kept our WinRate; the file's version was not imported.", "Already up to date: ChurnRate."]);
      expect(wb.value("Pipeline", "B5")).to.be.closeTo(0.6, 1e-12);
      expect(wb.batches, "keeping writes nothing").to.equal(before);
    });

    it("replaces a KPI in place (formulas follow) or imports theirs under a new name beside ours", async () => {
      const theirs = exportLibrary([{ ...WIN_RATE, expression: "won / lost", unit: "%", owner: "Sales ops", description: "Won per lost deal." }] as never);
      const replaced = await bookWithData();
      await added(replaced, WIN_RATE);
      await added(replaced, CHURN);
      const r = await importIntoWorkbook(replaced, theirs, { winrate: { action: "replace" } });
      expect(r.ok && r.replaced).to.deep.equal(["WinRate"]);
      expect(replaced.value("KPI library", "A2")).to.equal("WinRate");
      expect(replaced.value("KPI library", "B2")).to.equal("won / lost");
      // 30 / 20
      expect(replaced.value("Pipeline", "B5")).to.be.closeTo(1.5, 1e-12);

      const renamed = await bookWithData();
      await added(renamed, WIN_RATE);
      const bad = await importIntoWorkbook(renamed, theirs, { WinRate: { action: "rename", as: "WinRate" } });
      expect(!bad.ok && bad.problems[0].message).to.equal("WinRate: the name WinRate is already taken; choose another.");
      const ok = await importIntoWorkbook(renamed, theirs, { WinRate: { action: "rename", as: "WinPerLoss" } });
      expect(ok.ok && ok.added).to.deep.equal(["WinPerLoss"]);
      expect((await loadLibrary(renamed)).library.map((k) => [k.name, k.expression])).to.deep.equal([
        ["WinRate", "won / (won + lost)"],
        ["WinPerLoss", "won / lost"],
      ]);
      await renamed.apply([{ kind: "cells", sheet: "Pipeline", address: "B7", cells: [['=CRM.KPI(KPI_WinPerLoss, "won", B1:C1, "lost", B2)']] }]);
      expect(renamed.value("Pipeline", "B5")).to.be.closeTo(0.6, 1e-12);
      expect(renamed.value("Pipeline", "B7")).to.be.closeTo(1.5, 1e-12);
    });

    it("refuses a file from a newer add-in, or one that is not a library, before reading the workbook", async () => {
      const wb = await bookWithData();
      const newer = await previewImport(wb, JSON.stringify({ format: LIBRARY_FORMAT, version: 2, kpis: [] }));
      expect(!newer.ok && newer.problems[0].message).to.match(/newer version of CRM Metrics \(file format version 2\)/);
      const other = await previewImport(wb, '{"hello": 1}');
      expect(!other.ok && other.problems[0].message).to.match(/is not a KPI library exported by CRM Metrics/);
      const hostile = await previewImport(wb, exportLibrary([{ ...WIN_RATE, unit: "", owner: "", description: "" }] as never).replace("won / (won + lost)", 'import({x: 1})'));
      expect(!hostile.ok && hostile.problems[0].message).to.match(/^KPI 1 \(WinRate\): Expression/);
      expect(await wb.sheetNames()).to.deep.equal(["Pipeline"]);
    });
  });

  describe("the writes themselves", () => {
    it("writes nothing when the library did not change, and only the changed row when one did", async () => {
      const wb = await bookWithData();
      await added(wb, WIN_RATE);
      await added(wb, CHURN);
      const stored = await loadLibrary(wb);
      const taken = { sheets: await wb.sheetNames(), tables: ["KpiLibrary"] };
      expect(libraryWrites(stored, stored.library, taken)?.ops).to.deep.equal([]);
      const edited = [stored.library[0], { ...stored.library[1], owner: "Retention team" }];
      const ops = libraryWrites(stored, edited, taken)!.ops;
      expect(ops.map((o) => [o.kind, "address" in o ? o.address : ""])).to.deep.equal([
        ["cells", "A3"],
        ["style", "C3"],
      ]);
    });
  });
});

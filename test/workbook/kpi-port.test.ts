/**
 * What the KPI library added to the workbook port, in both implementations: finding the formulas
 * that use a name, deleting a defined name, and deleting a row of one of the add-in's tables.
 * The Office.js side runs against office-addin-mock: which objects it asks Excel for (formula
 * cells only, never a data sheet's used range), what it deletes, and how many round trips.
 */
import { expect } from "chai";
import { OfficeMockObject } from "office-addin-mock";
import { collection, proxies } from "./office-mock";
import { OfficeWorkbook, SCRATCH_SHEET, type ExcelRun } from "../../src/workbook/excel";
import { MemoryWorkbook } from "../../src/workbook/memory";
import { loadEngine } from "../harness/node";

async function book(): Promise<MemoryWorkbook> {
  const { engine } = await loadEngine();
  return new MemoryWorkbook(engine);
}

describe("workbook port: what the KPI library needs (in memory)", () => {
  it("finds formulas containing a text, ignoring case, and not values that merely look like it", async () => {
    const wb = await book();
    await wb.apply([
      { kind: "addSheet", sheet: "Data" },
      { kind: "cells", sheet: "Data", address: "A1", cells: [[30, 20, '=CRM.KPI(KPI_WinRate, "won", A1, "lost", B1)'], ["KPI_WinRate as text", null, "=kpi_winrate"]] },
      { kind: "addSheet", sheet: "Other" },
      { kind: "cells", sheet: "Other", address: "B3", cells: [["=SUM(Data!A1:B1)"]] },
    ]);
    expect(await wb.findFormulas("KPI_WINRATE")).to.deep.equal([
      { sheet: "Data", address: "C1", formula: '=CRM.KPI(KPI_WinRate, "won", A1, "lost", B1)' },
      { sheet: "Data", address: "C2", formula: "=kpi_winrate" },
    ]);
    expect(await wb.findFormulas("Data!")).to.deep.equal([{ sheet: "Other", address: "B3", formula: "=SUM(Data!A1:B1)" }]);
    expect(await wb.findFormulas("nowhere")).to.deep.equal([]);
  });

  it("deletes a defined name whatever its spelling, so formulas using it show #NAME?", async () => {
    const wb = await book();
    await wb.apply([
      { kind: "name", name: "KPI_WinRate", formula: '="won / (won + lost)"' },
      { kind: "name", name: "KPI_Churn", formula: '="churned / start"' },
      { kind: "addSheet", sheet: "Data" },
      { kind: "cells", sheet: "Data", address: "A1", cells: [['=CRM.KPI(KPI_WinRate, "won", 3, "lost", 1)', '=CRM.KPI(KPI_Churn, "churned", 1, "start", 4)']] },
    ]);
    expect([wb.value("Data", "A1"), wb.value("Data", "B1")]).to.deep.equal([0.75, 0.25]);
    await wb.apply([{ kind: "deleteName", name: "kpi_winrate" }, { kind: "deleteName", name: "NoSuchName" }]);
    expect([...wb.names.keys()]).to.deep.equal(["KPI_Churn"]);
    expect([wb.value("Data", "A1"), wb.value("Data", "B1")]).to.deep.equal(["#NAME?", 0.25]);
  });

  it("replaces a name given in another spelling rather than keeping both", async () => {
    const wb = await book();
    await wb.apply([{ kind: "name", name: "KPI_WinRate", formula: "=1" }, { kind: "name", name: "kpi_winrate", formula: "=2" }]);
    expect([...wb.names.entries()]).to.deep.equal([["kpi_winrate", { formula: "=2", comment: undefined }]]);
  });

  it("deletes a table row: the rows under it move up, the table shrinks, cells beside it stay", async () => {
    const wb = await book();
    await wb.apply([
      { kind: "addSheet", sheet: "T" },
      { kind: "cells", sheet: "T", address: "A1", cells: [["Name", "Value", null, "beside"], ["a", 1], ["b", 2], ["c", 3]] },
      { kind: "table", sheet: "T", address: "A1:B4", name: "Things" },
    ]);
    await wb.apply([{ kind: "deleteTableRow", table: "things", index: 1 }]);
    expect((await wb.read("T", "A1:D4")).values).to.deep.equal([
      ["Name", "Value", null, "beside"],
      ["a", 1, null, null],
      ["c", 3, null, null],
      [null, null, null, null],
    ]);
    expect((await wb.tables())[0].address).to.equal("A1:B3");
    let refused = "";
    await wb.apply([{ kind: "deleteTableRow", table: "Things", index: 2 }]).catch((e) => (refused = e.message));
    expect(refused).to.equal('The table "Things" has no row 3.');
  });

  it("keeps one empty row when the last data row is deleted, as Excel does", async () => {
    const wb = await book();
    await wb.apply([
      { kind: "addSheet", sheet: "T" },
      { kind: "cells", sheet: "T", address: "A1", cells: [["Name", "Value"], ["a", 1]] },
      { kind: "table", sheet: "T", address: "A1:B2", name: "Things" },
      { kind: "deleteTableRow", table: "Things", index: 0 },
    ]);
    expect((await wb.tables())[0].address).to.equal("A1:B2");
    expect((await wb.read("T", "A2:B2")).values).to.deep.equal([[null, null]]);
  });
});

interface SheetSpec {
  name: string;
  /** The blocks of formula cells Go To Special finds; none makes a null object. */
  areas?: { address: string; formulas: unknown[][] }[];
}

function officeMock(sheets: SheetSpec[], names: string[] = []) {
  const { make, sync, syncs } = proxies();
  const asked: string[] = [];
  const namesDeleted: string[] = [];
  const namesAdded: string[] = [];
  const rowsDeleted: [string, number][] = [];
  const worksheets = sheets.map((s) => ({
    name: s.name,
    getRange: (address?: string) => {
      if (address !== undefined) throw new Error(`only the whole sheet is searched, not ${address}`);
      return {
        getSpecialCellsOrNullObject: (type: string) => {
          asked.push(`${s.name}:${type}`);
          // isNullObject is set plainly: Office.js gives it without a load, the mock would not.
          if (!s.areas) return Object.assign(make({ address: "" }), { isNullObject: true });
          const areas = make({
            address: s.areas.map((a) => a.address).join(","),
            areas: collection(s.areas.map((a) => ({ address: a.address, formulas: a.formulas }))),
          });
          return Object.assign(areas, { isNullObject: false });
        },
      };
    },
  }));
  const data = {
    context: {
      workbook: {
        worksheets: collection(worksheets),
        names: collection(
          names.map((name) => ({ name })),
          {
            add: (name: string) => namesAdded.push(name),
            getItem: (name: string) => ({ delete: () => namesDeleted.push(name) }),
          },
        ),
        tables: {
          getItem: (table: string) => ({ rows: { getItemAt: (index: number) => ({ delete: () => rowsDeleted.push([table, index]) }) } }),
        },
      },
      sync,
    },
  };
  const root = new OfficeMockObject(data) as any;
  const run: ExcelRun = (batch) => batch(root.context);
  return { port: new OfficeWorkbook(run, () => ({ get: () => undefined, set: () => undefined, saveAsync: () => undefined })), syncs, asked, namesDeleted, namesAdded, rowsDeleted };
}

describe("workbook port: what the KPI library needs (Office.js, office-addin-mock)", () => {
  it("asks each sheet for its formula cells only, and reports those that contain the text", async () => {
    const mock = officeMock([
      { name: "Customers" },
      {
        name: "Goals",
        areas: [
          { address: "Goals!N5:O6", formulas: [['=CRM.KPI(KPI_WinRate,"won",1,"lost",2)', "=CRM.PROGRESS(I5,N5,J5)"], ["=kpi_winrate*100", "=TODAY()"]] },
          { address: "Goals!B2", formulas: [["=TODAY()"]] },
        ],
      },
      { name: "'Odd' sheet", areas: [{ address: "'''Odd'' sheet'!C3", formulas: [["=KPI_WinRate"]] }] },
      { name: SCRATCH_SHEET, areas: [{ address: `'${SCRATCH_SHEET}'!A1`, formulas: [["=KPI_WinRate"]] }] },
    ]);
    const found = await mock.port.findFormulas("KPI_WinRate");
    expect(found).to.deep.equal([
      { sheet: "Goals", address: "N5", formula: '=CRM.KPI(KPI_WinRate,"won",1,"lost",2)' },
      { sheet: "Goals", address: "N6", formula: "=kpi_winrate*100" },
      { sheet: "'Odd' sheet", address: "C3", formula: "=KPI_WinRate" },
    ]);
    // The scratch sheet is the add-in's own and always cleared: it is never searched.
    expect(mock.asked).to.deep.equal(["Customers:Formulas", "Goals:Formulas", "'Odd' sheet:Formulas"]);
    expect(mock.syncs()).to.equal(3);
  });

  it("stops after two round trips when no sheet has a formula", async () => {
    const mock = officeMock([{ name: "Data" }]);
    expect(await mock.port.findFormulas("KPI_")).to.deep.equal([]);
    expect(mock.syncs()).to.equal(2);
  });

  it("deletes a name only where it exists, and a table row by its index, in one batch", async () => {
    const mock = officeMock([], ["KPI_WinRate"]);
    await mock.port.apply([
      { kind: "deleteName", name: "kpi_winrate" },
      { kind: "deleteName", name: "KPI_Gone" },
      { kind: "deleteTableRow", table: "KpiLibrary", index: 2 },
      { kind: "name", name: "KPI_WinRate", formula: "=1" },
    ]);
    expect(mock.namesDeleted).to.deep.equal(["kpi_winrate"]);
    expect(mock.rowsDeleted).to.deep.equal([["KpiLibrary", 2]]);
    // Deleted in this batch, so adding it again needs no second delete.
    expect(mock.namesAdded).to.deep.equal(["KPI_WinRate"]);
    expect(mock.syncs()).to.equal(2);
  });
});

import { expect } from "chai";
import { MemoryWorkbook, currentRegion } from "../../src/workbook/memory";
import { uniqueSheetName, parseAddress, blockAddress, columnLetters, columnIndex, sheetRef } from "../../src/workbook/address";
import { loadEngine } from "../harness/node";

async function book(): Promise<MemoryWorkbook> {
  const { engine } = await loadEngine();
  return new MemoryWorkbook(engine);
}

describe("workbook addresses", () => {
  it("round-trips column letters", () => {
    for (const [i, l] of [[0, "A"], [25, "Z"], [26, "AA"], [27, "AB"], [701, "ZZ"], [702, "AAA"]] as const) {
      expect(columnLetters(i)).to.equal(l);
      expect(columnIndex(l)).to.equal(i);
    }
  });
  it("parses addresses with sheet and dollars, either corner first", () => {
    expect(parseAddress("'My data'!$C$10:$B$2")).to.deep.equal({ row: 1, col: 1, rows: 9, cols: 2 });
    expect(blockAddress({ row: 1, col: 1, rows: 9, cols: 2 }, true)).to.equal("$B$2:$C$10");
  });
  it("quotes sheet names only when Excel needs it", () => {
    expect(sheetRef("Customers")).to.equal("Customers");
    expect(sheetRef("Deal stages")).to.equal("'Deal stages'");
    expect(sheetRef("O'Brien")).to.equal("'O''Brien'");
    expect(sheetRef("AB12")).to.equal("'AB12'");
  });
  it("adds (2), (3) to a taken sheet name, ignoring case, within 31 characters", () => {
    expect(uniqueSheetName("Goals", ["Data"])).to.equal("Goals");
    expect(uniqueSheetName("Goals", ["goals"])).to.equal("Goals (2)");
    expect(uniqueSheetName("Goals", ["Goals", "Goals (2)"])).to.equal("Goals (3)");
    const long = "Retention and churn metrics of 2024";
    const name = uniqueSheetName(long, [long.slice(0, 31)]);
    expect(name.length).to.be.at.most(31);
    expect(name.endsWith(" (2)")).to.equal(true);
    expect(uniqueSheetName("a/b:c", [])).to.equal("a b c");
  });
});

describe("in-memory workbook", () => {
  it("calculates formulas, CRM functions included, and reads them back", async () => {
    const wb = await book();
    await wb.apply([
      { kind: "addSheet", sheet: "Data" },
      { kind: "cells", sheet: "Data", address: "A1", cells: [["score"], [10], [9], [0], [7]] },
      { kind: "addSheet", sheet: "Calc" },
      { kind: "cells", sheet: "Calc", address: "B2", cells: [["=CRM.NPS(Data!A2:A5)", "=SUM(Data!A2:A5)"]] },
    ]);
    expect(wb.batches).to.equal(1);
    const r = await wb.read("Calc", "B2:C2");
    expect(r.values[0][0]).to.be.closeTo(25, 1e-9);
    expect(r.values[0][1]).to.equal(26);
  });

  it("resolves names over table columns, and tables grow when rows are appended", async () => {
    const wb = await book();
    await wb.apply([
      { kind: "addSheet", sheet: "Survey answers" },
      { kind: "cells", sheet: "Survey answers", address: "B3", cells: [["Id", "NPS score"], [1, 10], [2, 3]] },
      { kind: "table", sheet: "Survey answers", address: "B3:C5", name: "Answers" },
      { kind: "name", name: "CRM_nps", formula: "=Answers[NPS score]" },
      { kind: "addSheet", sheet: "Out" },
      { kind: "cells", sheet: "Out", address: "A1", cells: [["=CRM.NPS(CRM_nps)", "=COUNT(CRM_nps)", '="Answers[Id]"']] },
    ]);
    expect(wb.value("Out", "A1")).to.equal(0);
    expect(wb.value("Out", "C1")).to.equal("Answers[Id]");
    await wb.apply([{ kind: "appendRows", table: "Answers", cells: [[3, 9], [4, 10]] }]);
    expect(wb.value("Out", "A1")).to.equal(50);
    expect(wb.value("Out", "B1")).to.equal(4);
    expect((await wb.tables())[0]).to.deep.include({ name: "Answers", address: "B3:C7", headers: ["Id", "NPS score"] });
  });

  it("moves cells below a table down when rows are appended, as Excel's rows.add does, so nothing is overwritten", async () => {
    const wb = await book();
    await wb.apply([
      { kind: "addSheet", sheet: "Goals" },
      { kind: "cells", sheet: "Goals", address: "A1", cells: [["Goal", "Owner"], ["Cut churn", "Siti"]] },
      { kind: "table", sheet: "Goals", address: "A1:B2", name: "Goals" },
      // A note typed right under the table, and one beside it, outside its columns.
      { kind: "cells", sheet: "Goals", address: "A3", cells: [["my note", null, "beside"]] },
    ]);
    await wb.apply([{ kind: "appendRows", table: "Goals", cells: [["Grow NPS", "Budi"], ["Win more", "Rina"]] }]);
    expect((await wb.read("Goals", "A1:C5")).values).to.deep.equal([
      ["Goal", "Owner", null],
      ["Cut churn", "Siti", null],
      ["Grow NPS", "Budi", "beside"],
      ["Win more", "Rina", null],
      ["my note", null, null],
    ]);
  });

  it("refuses a sheet or table name that exists, so nothing is overwritten", async () => {
    const wb = await book();
    await wb.apply([{ kind: "addSheet", sheet: "Goals" }]);
    let failed = false;
    try {
      await wb.apply([{ kind: "addSheet", sheet: "goals" }]);
    } catch (e) {
      failed = /already exists/.test(String(e));
    }
    expect(failed).to.equal(true);
  });

  it("shows errors as their text with the function's message", async () => {
    const wb = await book();
    await wb.apply([
      { kind: "addSheet", sheet: "S" },
      { kind: "cells", sheet: "S", address: "A1", cells: [[10, "ten", '=CRM.NPS(A1:B1)', "=1/0"]] },
    ]);
    expect(wb.value("S", "C1")).to.equal("#VALUE!");
    expect(wb.message("S", "C1")).to.match(/scores/);
    expect(wb.value("S", "D1")).to.equal("#DIV/0!");
  });

  it("points at the table or the region around a selected cell", async () => {
    const wb = await book();
    await wb.apply([
      { kind: "addSheet", sheet: "D" },
      { kind: "cells", sheet: "D", address: "B2", cells: [["a", "b"], [1, 2], [3, null], [null, 5]] },
      { kind: "cells", sheet: "D", address: "F2", cells: [["x"], [1]] },
    ]);
    wb.select("D", "C3");
    const block = await wb.selectedBlock();
    expect(block.address).to.equal("B2:C5");
    expect(block.values).to.deep.equal([["a", "b"], [1, 2], [3, null], [null, 5]]);
    wb.select("D", "B2:B3");
    expect((await wb.selectedBlock()).address).to.equal("B2:B3");
    await wb.apply([{ kind: "table", sheet: "D", address: "F2:F3", name: "T" }]);
    wb.select("D", "F3");
    expect(await wb.selectedBlock()).to.deep.include({ address: "F2:F3", table: "T" });
  });

  it("finds Excel's current region across a diagonal neighbour", () => {
    const cells = [[1, null, null], [null, 2, null], [null, null, null]];
    expect(currentRegion(cells, { row: 0, col: 0, rows: 1, cols: 1 })).to.deep.equal({ row: 0, col: 0, rows: 2, cols: 2 });
  });

  it("evaluates formulas without adding a sheet", async () => {
    const wb = await book();
    await wb.apply([
      { kind: "addSheet", sheet: "D" },
      { kind: "cells", sheet: "D", address: "A1", cells: [[4], [6]] },
    ]);
    expect(await wb.evaluate(["=SUM(D!A1:A2)", "=CRM.NPS(D!A1:A2)", "=1/0"])).to.deep.equal([10, -100, "#DIV/0!"]);
    expect(await wb.sheetNames()).to.deep.equal(["D"]);
  });

  it("keeps settings", async () => {
    const wb = await book();
    await wb.setSetting("k", "v");
    expect(await wb.getSetting("k")).to.equal("v");
    expect(await wb.getSetting("other")).to.equal(undefined);
  });
});

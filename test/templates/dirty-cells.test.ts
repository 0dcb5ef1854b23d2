/**
 * Cells a real export holds that look blank or spell a flag another way: the quality check and the
 * formulas the pane writes must read them alike, and both twins of a metric must agree on them.
 */
import { expect } from "chai";
import { serialFromYMD as d } from "../../src/metrics/dates";
import { checkAll, writeQualitySheet, writeTemplate } from "../../src/templates/actions";
import { EMPTY_MAPPING, proposeMapping, saveSource, sourceFromChoice } from "../../src/templates/mapping";
import type { CellValue } from "../../src/workbook/types";
import { emptyBook, TODAY } from "./helpers";

/** A book with one table of the user's, mapped as the pane proposes it. */
async function mappedBook(sheet: string, rows: CellValue[][]) {
  const wb = await emptyBook();
  const last = String.fromCharCode(64 + rows[0].length);
  await wb.apply([
    { kind: "addSheet", sheet },
    { kind: "cells", sheet, address: "A1", cells: rows },
    { kind: "table", sheet, address: `A1:${last}${rows.length}`, name: sheet },
  ]);
  wb.select(sheet, "A1");
  const block = await wb.selectedBlock();
  const p = proposeMapping(block);
  const mapping = await saveSource(wb, EMPTY_MAPPING, sourceFromChoice(block, p.dataset, p.columns.map((c) => c.role)), block.values[0].map((v) => String(v ?? "")));
  return { wb, mapping };
}

describe("cells that look blank, and flags spelt another way (task pane)", () => {
  it("a cell of spaces is blank to the check, to the valid-rows formula and to both churn twins alike", async () => {
    // C's cancel date is spaces (still active); the last row's id is spaces (left out). October:
    // A, B, C, D active at its start, B lost → 1 / 4.
    const { wb, mapping } = await mappedBook("Customers", [
      ["Customer ID", "Start Date", "Cancel Date"],
      ["A", d(2025, 1, 1), null],
      ["B", d(2025, 1, 1), d(2026, 10, 15)],
      ["C", d(2025, 1, 1), " "],
      ["D", d(2025, 1, 1), null],
      ["   ", d(2025, 1, 1), d(2026, 10, 20)],
    ]);
    const q = await checkAll(wb, mapping);
    expect([q[0].rows, q[0].valid]).to.deep.equal([5, 4]);
    expect(await wb.evaluate([1, 2, 3, 4, 5].map((i) => `=INDEX(CRM_customers_ok,${i})`))).to.deep.equal([1, 1, 1, 1, 0]);
    const sheet = await writeQualitySheet(wb, q, TODAY);
    expect(wb.value(sheet, "E5"), "used by the metrics (live)").to.equal(4);
    const built = await writeTemplate(wb, mapping, "retention", { today: TODAY });
    const churn = built.twins[0];
    expect([wb.value(built.sheet, churn.crm), wb.value(built.sheet, churn.native)]).to.deep.equal([0.25, 0.25]);
  });

  for (const [label, outcomes] of [
    ["padded words", [" Won ", "Lost ", "Won", "Lost"]],
    ["yes/no", ["Yes", "No", "yes", "no"]],
    ["TRUE/FALSE", [true, false, true, false]],
    ["1/0", [1, 0, 1, 0]],
    ["menang/kalah", ["Menang", "Kalah", "menang", "KALAH"]],
  ] as [string, CellValue[]][]) {
    it(`counts outcomes written as ${label} as won and lost, in both win-rate twins, and the check has nothing to report`, async () => {
      const rows: CellValue[][] = [["ID Kesepakatan", "Tanggal Dibuat", "Tanggal Ditutup", "Status", "Nilai"]];
      outcomes.forEach((o, i) => rows.push([`D${i}`, d(2026, 9, 1), d(2026, 10, 5 + i), o, 1000]));
      const { wb, mapping } = await mappedBook("Peluang", rows);
      const q = await checkAll(wb, mapping);
      expect(q[0].issues, "issues").to.deep.equal([]);
      const built = await writeTemplate(wb, mapping, "sales", { today: TODAY });
      const won = built.measures.find((m) => m.id === "deals_won")!;
      const lost = built.measures.find((m) => m.id === "deals_lost")!;
      const rate = built.twins.find((t) => t.id === "win_rate")!;
      expect([wb.value(built.sheet, won.cell), wb.value(built.sheet, lost.cell)]).to.deep.equal([2, 2]);
      expect([wb.value(built.sheet, rate.crm), wb.value(built.sheet, rate.native)]).to.deep.equal([0.5, 0.5]);
    });
  }

  it("reports an outcome no formula counts (maybe, 2) as counted as open", async () => {
    const rows: CellValue[][] = [["Deal ID", "Created", "Closed", "Outcome", "Amount"]];
    ["Won", "maybe", 2, "Lost"].forEach((o, i) => rows.push([`D${i}`, d(2026, 9, 1), d(2026, 10, 5 + i), o, 1000]));
    const { wb, mapping } = await mappedBook("Deals", rows);
    const q = await checkAll(wb, mapping);
    const outcome = q[0].issues.find((i) => i.code === "outcome");
    expect(outcome?.count).to.equal(2);
  });
});

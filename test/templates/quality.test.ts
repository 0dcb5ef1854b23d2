/**
 * The data-quality check in TypeScript and the valid-rows workbook name must call the same
 * rows valid: the metrics are built on the name, the pane reports from the check.
 */
import { expect } from "chai";
import fc from "fast-check";
import { checkAll, writeQualitySheet } from "../../src/templates/actions";
import { EMPTY_MAPPING, saveSource, sourceFromChoice, type Mapping, type SourceMapping } from "../../src/templates/mapping";
import { checkQuality, validityFormula } from "../../src/templates/quality";
import type { CellInput, CellValue } from "../../src/workbook/types";
import type { MemoryWorkbook } from "../../src/workbook/memory";
import { emptyBook, sampleBook, TODAY } from "./helpers";

const HEADERS = ["Customer ID", "Start Date", "Cancel Date", "MRR"];

async function customersBook(rows: CellInput[][]): Promise<{ wb: MemoryWorkbook; mapping: Mapping }> {
  const wb = await emptyBook();
  const values = [HEADERS, ...rows];
  await wb.apply([
    { kind: "addSheet", sheet: "Clients" },
    { kind: "cells", sheet: "Clients", address: "A1", cells: values },
    // Each row's number in column F, outside the mapped block, to weigh the valid rows by.
    { kind: "cells", sheet: "Clients", address: "F2", cells: rows.map((_, i) => [i + 2]) },
  ]);
  const address = `A1:D${values.length}`;
  const source = sourceFromChoice({ sheet: "Clients", address, values: values as CellValue[][] }, "customers", ["customer_id", "start_date", "end_date", "mrr"]);
  const mapping = await saveSource(wb, EMPTY_MAPPING, source, HEADERS);
  return { wb, mapping };
}

/** Count, Σ row and Σ row² of the rows the workbook name calls valid: the same set, or a test fails. */
async function formulaRows(wb: MemoryWorkbook, n: number): Promise<number[]> {
  const rows = `Clients!$F$2:$F$${n + 1}`;
  const v = await wb.evaluate(["=SUMPRODUCT(CRM_customers_ok*1)", `=SUMPRODUCT(CRM_customers_ok*${rows})`, `=SUMPRODUCT(CRM_customers_ok*${rows}^2)`]);
  return v as number[];
}

describe("data quality", () => {
  it("counts each problem with its first cells, in plain words, and leaves those rows out", async () => {
    const rows: CellInput[][] = [
      ["C1", 45000, null, 100],
      ["C2", 45010, 45000, 100], // ends before it starts
      ["C3", "2024-03-05x", null, 100], // not a date
      ["C4", 45020, null, -5], // negative
      ["C1", 45030, null, "n/a"], // duplicate id (kept) and text in MRR (left out)
      [null, 45040, null, 80], // no id
      [null, null, null, null], // empty row: ignored
      ["C7", 45050, null, null], // MRR is optional
    ];
    const { wb, mapping } = await customersBook(rows);
    const [q] = await checkAll(wb, mapping);
    expect(q).to.deep.include({ rows: 7, valid: 2, excluded: 5 });
    const byCode = Object.fromEntries(q.issues.map((i) => [i.code, i]));
    expect(byCode.order).to.deep.include({ text: "Cancel Date is before Start Date", count: 1, cells: ["Clients!C3"], excluded: true });
    expect(byCode.notDate).to.deep.include({ text: "Start Date is not a date", cells: ["Clients!B4"] });
    expect(byCode.negative).to.deep.include({ text: "MRR is negative", cells: ["Clients!D5"] });
    expect(byCode.notNumber).to.deep.include({ text: "MRR holds text instead of a number", cells: ["Clients!D6"] });
    expect(byCode.blank).to.deep.include({ text: "Customer ID is blank", cells: ["Clients!A7"] });
    expect(byCode.duplicate).to.deep.include({ count: 1, cells: ["Clients!A6"], excluded: false });
    expect(await formulaRows(wb, rows.length)).to.deep.equal([2, 2 + 9, 4 + 81]);
  });

  it("calls ISO dates typed as text 'typed as text' and leaves them out (Excel cannot compare them)", async () => {
    const { wb, mapping } = await customersBook([
      ["C1", "'2024-03-05", null, 10],
      ["C2", 45010, null, 10],
    ]);
    // A leading apostrophe keeps typed text as text in Excel, and in the in-memory workbook.
    const [q] = await checkAll(wb, mapping);
    expect(q.issues.map((i) => i.text)).to.deep.equal(["Start Date is a date typed as text (retype it as a date)"]);
    expect(q.valid).to.equal(1);
    expect((await formulaRows(wb, 2))[0]).to.equal(1);
  });

  it("agrees with the workbook's valid-rows name on random dirty data (property)", async function () {
    this.timeout(120000);
    const cell = fc.oneof(
      fc.constant(null),
      fc.integer({ min: 44000, max: 46000 }),
      fc.constantFrom("n/a", "2024-01-31x", "31/02/2024", "", "  "),
      fc.integer({ min: -50, max: 300 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom("A", "B", null, "C", "   "), cell, cell, cell), { minLength: 1, maxLength: 25 }), async (rows) => {
        const { wb, mapping } = await customersBook(rows.map((r) => [...r]));
        const block = await wb.read("Clients", `A1:D${rows.length + 1}`);
        const q = checkQuality(mapping.sources[0], block);
        const [count, sum1, sum2] = await formulaRows(wb, rows.length);
        expect(count).to.equal(q.valid);
        const tsRows = validRowsOf(mapping.sources[0], block.values);
        expect(tsRows.length).to.equal(q.valid);
        expect([sum1, sum2]).to.deep.equal([tsRows.reduce((s, r) => s + r, 0), tsRows.reduce((s, r) => s + r * r, 0)]);
      }),
      { numRuns: 30, seed: 20240601 },
    );
  });

  it("writes the product of one factor per rule as the valid-rows formula", () => {
    const s = sourceFromChoice({ sheet: "S", address: "A1:D2", values: [HEADERS, ["a", 1, 2, 3]] }, "customers", ["customer_id", "start_date", "end_date", "mrr"]);
    expect(validityFormula(s)).to.equal(
      '(TRIM(CRM_customer_id)<>"")*ISNUMBER(CRM_start_date)*((TRIM(CRM_end_date)="")+ISNUMBER(CRM_end_date))*((TRIM(CRM_mrr)="")+ISNUMBER(CRM_mrr)*(CRM_mrr>=0))*(1-ISNUMBER(CRM_end_date)*ISNUMBER(CRM_start_date)*(CRM_end_date<CRM_start_date))',
    );
  });

  it("finds the sample's deliberate flaws and writes a Data quality sheet whose live counts match", async () => {
    const { wb, mapping } = await sampleBook();
    const results = await checkAll(wb, mapping);
    const excluded = Object.fromEntries(results.map((q) => [q.dataset, q.excluded]));
    expect(excluded).to.deep.equal({ customers: 2, invoices: 1, deals: 1, stages: 0, tickets: 1, surveys: 2, marketing: 0 });
    const before = await wb.sheetNames();
    const sheet = await writeQualitySheet(wb, results, TODAY);
    expect(sheet).to.equal("Data quality");
    expect(await wb.sheetNames()).to.deep.equal([...before, sheet]);
    const summary = (await wb.read(sheet, `A5:E${4 + results.length}`)).values;
    summary.forEach((row, i) => {
      expect(row[2], results[i].label).to.equal(results[i].rows);
      expect(row[3]).to.equal(results[i].excluded);
      expect(row[4], `live count of ${results[i].label}`).to.equal(results[i].valid);
    });
    const again = await writeQualitySheet(wb, results, TODAY);
    expect(again).to.equal("Data quality (2)");
  });
});

/** The 1-based sheet rows the check calls valid (header in row 1), checking each row alone. */
function validRowsOf(source: SourceMapping, values: CellValue[][]): number[] {
  const rows: number[] = [];
  values.slice(1).forEach((row, i) => {
    if (checkQuality(source, { sheet: "Clients", address: "A1:D2", values: [values[0], row] }).valid === 1) rows.push(i + 2);
  });
  return rows;
}

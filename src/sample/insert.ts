/**
 * "Insert sample data": each sample table on a new sheet, as an Excel table, in one batch. Sheet
 * and table names that exist get " (2)", so a user's own "Customers" sheet is never touched.
 */
import { blockAddress, columnLetters, uniqueSheetName } from "../workbook/address";
import type { WorkbookPort, WriteOp } from "../workbook/types";
import { sampleData, type SampleTable } from "./sample";

export interface InsertedTable {
  sheet: string;
  table: string;
  rows: number;
  source: SampleTable;
}

/** A table name not yet taken: letters, digits and underscores only, as Excel requires. */
export function uniqueTableName(wanted: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  const base = wanted.replace(/[^A-Za-z0-9_]/g, "") || "Table";
  if (!lower.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) if (!lower.has(`${base}${n}`.toLowerCase())) return `${base}${n}`;
}

/** The writes that put the sample tables on new sheets. */
export function sampleWrites(tables: SampleTable[], sheetsTaken: readonly string[], tablesTaken: readonly string[]): { ops: WriteOp[]; inserted: InsertedTable[] } {
  const sheets = [...sheetsTaken];
  const names = [...tablesTaken];
  const ops: WriteOp[] = [];
  const inserted: InsertedTable[] = [];
  for (const t of tables) {
    const sheet = uniqueSheetName(t.sheet, sheets);
    const table = uniqueTableName(t.table, names);
    sheets.push(sheet);
    names.push(table);
    const block = { row: 0, col: 0, rows: t.rows.length + 1, cols: t.headers.length };
    ops.push({ kind: "addSheet", sheet });
    ops.push({ kind: "cells", sheet, address: "A1", cells: [t.headers, ...t.rows] });
    t.formats.forEach((f, c) => {
      if (f) ops.push({ kind: "format", sheet, address: blockAddress({ row: 1, col: c, rows: t.rows.length, cols: 1 }), numberFormat: f });
    });
    ops.push({ kind: "table", sheet, address: blockAddress(block), name: table });
    ops.push({ kind: "columnWidths", sheet, column: columnLetters(0), widths: t.widths });
    ops.push({ kind: "freezeRows", sheet, rows: 1 });
    inserted.push({ sheet, table, rows: t.rows.length, source: t });
  }
  if (inserted.length) ops.push({ kind: "activate", sheet: inserted[0].sheet });
  return { ops, inserted };
}

/** Inserts the sample dataset for the two years before `asOf`; returns what was created. */
export async function insertSample(port: WorkbookPort, asOf: number): Promise<InsertedTable[]> {
  const [sheets, tables] = await Promise.all([port.sheetNames(), port.tables()]);
  const { ops, inserted } = sampleWrites(
    sampleData({ asOf }),
    sheets,
    tables.map((t) => t.name),
  );
  await port.apply(ops);
  return inserted;
}

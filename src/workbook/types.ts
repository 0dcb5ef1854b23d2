/**
 * The one narrow port through which the task pane reads and writes a workbook. Two
 * implementations: Office.js (src/workbook/excel.ts) for Excel, and an in-memory workbook
 * (src/workbook/memory.ts) for tests and the preview page. Nothing else touches a workbook.
 *
 * Writes are described as data (`WriteOp`) and applied in batches: Excel's round trips are
 * slow, so a logical step (write a template sheet, append a goal) costs one `sync`, not one
 * per cell, and the same list can be checked in a test before anything is written.
 */

/** A cell as written: number, text (a leading "=" makes a formula), boolean, or null (blank). */
export type CellInput = number | string | boolean | null;
/** A cell as read: its computed value; errors as their text ("#DIV/0!"). */
export type CellValue = number | string | boolean | null;

/** Cell styles the templates use; kept small so both implementations honour all of them. */
export interface CellStyle {
  bold?: boolean;
  italic?: boolean;
  /** Font size in points. */
  size?: number;
  /** Font colour, "#RRGGBB". */
  color?: string;
  /** Fill colour, "#RRGGBB". */
  fill?: string;
  wrap?: boolean;
  horizontalAlignment?: "Left" | "Center" | "Right";
}

/** A chart of columns of a range: the first column holds the categories (months). */
export interface ChartSpec {
  type: "Line" | "ColumnClustered";
  title: string;
  /** The source block, header row included, e.g. "A20:C32". */
  source: string;
  /** Top-left and bottom-right cells the chart covers. */
  from: string;
  to: string;
}

/** Fill a cell by its text: the statuses of the Goals sheet. */
export interface TextColourRule {
  /** The cell's text, compared whole and case-insensitively. */
  text: string;
  fill: string;
  color: string;
}

export type WriteOp =
  /** A new worksheet; the name must not exist (see `uniqueSheetName`). */
  | { kind: "addSheet"; sheet: string; hidden?: boolean }
  /** Cells from `address`'s top-left, row by row; the block's size follows `cells`. */
  | { kind: "cells"; sheet: string; address: string; cells: CellInput[][] }
  /** One number format for every cell of a block, e.g. "0.0%", "yyyy-mm-dd". */
  | { kind: "format"; sheet: string; address: string; numberFormat: string }
  | { kind: "style"; sheet: string; address: string; style: CellStyle }
  /** Column widths in characters, from the given column letter rightwards. */
  | { kind: "columnWidths"; sheet: string; column: string; widths: number[] }
  /** An in-cell list of choices (the period control). */
  | { kind: "listValidation"; sheet: string; address: string; choices: string[] }
  /** An Excel table over a block whose first row holds the headers. */
  | { kind: "table"; sheet: string; address: string; name: string }
  /** Rows appended to an existing table, below its last row. */
  | { kind: "appendRows"; table: string; cells: CellInput[][] }
  /** A workbook-scoped defined name; replaces a name of the same spelling. */
  | { kind: "name"; name: string; formula: string; comment?: string }
  /** Removes a workbook-scoped defined name (ignoring case); nothing happens when there is none. */
  | { kind: "deleteName"; name: string }
  /**
   * Removes one data row of a table (`index` 0-based below the header); the table's rows under it
   * move up. The add-in uses it on its own tables only: a user's table is never changed.
   */
  | { kind: "deleteTableRow"; table: string; index: number }
  | { kind: "chart"; sheet: string; chart: ChartSpec }
  | { kind: "textColours"; sheet: string; address: string; rules: TextColourRule[] }
  | { kind: "freezeRows"; sheet: string; rows: number }
  | { kind: "activate"; sheet: string };

/** A block of cells read back. */
export interface RangeData {
  sheet: string;
  /** A1 address of the block on its sheet, without the sheet name ("A1:F120"). */
  address: string;
  /** The Excel table the block is, when it is one. */
  table?: string;
  values: CellValue[][];
}

/** A cell holding a formula, as `findFormulas` reports it. */
export interface FormulaCell {
  sheet: string;
  /** A1 address of the cell on its sheet ("N5"). */
  address: string;
  /** The formula as typed, with its "=". */
  formula: string;
}

export interface TableInfo {
  name: string;
  sheet: string;
  /** Address of the whole table, header row included. */
  address: string;
  headers: string[];
}

/** What the pane needs from a workbook. */
export interface WorkbookPort {
  /** Names of the worksheets, hidden ones included, in tab order. */
  sheetNames(): Promise<string[]>;
  tables(): Promise<TableInfo[]>;
  /**
   * The data block the user points at: the table holding the selection, else the selection's
   * surrounding region when one cell is selected, else the selection itself.
   */
  selectedBlock(): Promise<RangeData>;
  /** Computed values of a block. */
  read(sheet: string, address: string): Promise<RangeData>;
  /**
   * The formulas of every sheet's cells that contain `text` (ignoring case), so the pane can say
   * which formulas a change would affect before it makes it.
   */
  findFormulas(text: string): Promise<FormulaCell[]>;
  /** Applies writes in order as one batch. */
  apply(ops: WriteOp[]): Promise<void>;
  /**
   * Computes formulas without leaving a trace in the user's sheets (a baseline for a goal form).
   * Each result is what a cell holding the formula would show.
   */
  evaluate(formulas: string[]): Promise<CellValue[]>;
  /** A value kept in the document, so it survives save and reopen and travels with the file. */
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
}

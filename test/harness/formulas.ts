/**
 * Helpers for formula-level tests: put data in columns of Sheet1, type a formula as a user would,
 * read back what Excel would show.
 */
import { CellInput, CellOutput, Evaluated } from "./engine";
import { loadEngine } from "./node";

/** Column letters → cells from row 1 down, e.g. { A: [10, 9, 0], B: ["2024-01-31"] }. */
export type Columns = Record<string, CellInput[]>;

/** Where the formula goes: column AE, row 1, clear of the data and free to spill. */
const FORMULA_COL = 30;

const colIndex = (letters: string): number => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

function sheetOf(columns: Columns, formula: string): CellInput[][] {
  const height = Math.max(1, ...Object.values(columns).map((c) => c.length));
  const rows: CellInput[][] = Array.from({ length: height }, () => Array(FORMULA_COL + 1).fill(null));
  for (const [letters, cells] of Object.entries(columns)) cells.forEach((v, r) => (rows[r][colIndex(letters)] = v));
  rows[0][FORMULA_COL] = formula;
  return rows;
}

export interface FormulaResult {
  /** The formula cell's value (the top-left of a spill). */
  value: CellOutput;
  /** The error message, where the error carries one. */
  message?: string;
  /** The spilled block from the formula cell, up to the first empty row and column. */
  spill: CellOutput[][];
}

/** Evaluates one formula over the given columns of Sheet1. */
export async function formula(text: string, columns: Columns = {}, names: Record<string, string> = {}): Promise<FormulaResult> {
  const { engine } = await loadEngine();
  const { values, messages } = engine.evaluate({ Sheet1: sheetOf(columns, text) }, names);
  const grid = values.Sheet1;
  const spill: CellOutput[][] = [];
  let width = 0;
  while (grid[0]?.[FORMULA_COL + width] !== null && grid[0]?.[FORMULA_COL + width] !== undefined) width++;
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r].slice(FORMULA_COL, FORMULA_COL + Math.max(1, width));
    if (row.every((v) => v === null || v === undefined)) break;
    spill.push(row.map((v) => (v === undefined ? null : v)));
  }
  return { value: grid[0][FORMULA_COL], message: messages[`Sheet1!AE1`], spill };
}

/** The value a formula shows. */
export async function value(text: string, columns: Columns = {}): Promise<CellOutput> {
  return (await formula(text, columns)).value;
}

/** Evaluates whole sheets (for tests that need several sheets or named ranges). */
export async function workbook(sheets: Record<string, CellInput[][]>, names: Record<string, string> = {}): Promise<Evaluated> {
  const { engine } = await loadEngine();
  return engine.evaluate(sheets, names);
}

/**
 * A1 addresses and sheet names, shared by both workbook implementations and the builders.
 * Rows and columns are 0-based inside the code and 1-based / lettered in addresses.
 */

export interface Block {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/** Column letters of a 0-based index. @example columnLetters(27) // => "AB" */
export function columnLetters(col: number): string {
  let s = "";
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** 0-based index of column letters. @example columnIndex("AB") // => 27 */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

/** "B3" for row 2, column 1 (0-based). */
export function cellAddress(row: number, col: number, absolute = false): string {
  return absolute ? `$${columnLetters(col)}$${row + 1}` : `${columnLetters(col)}${row + 1}`;
}

/** The A1 address of a block ("A1" for one cell). */
export function blockAddress(b: Block, absolute = false): string {
  const first = cellAddress(b.row, b.col, absolute);
  if (b.rows === 1 && b.cols === 1) return first;
  return `${first}:${cellAddress(b.row + b.rows - 1, b.col + b.cols - 1, absolute)}`;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

/**
 * The block of an A1 address, with or without `$` and a sheet prefix.
 * @example parseAddress("Data!$B$2:$C$10") // => { row: 1, col: 1, rows: 9, cols: 2 }
 */
export function parseAddress(address: string): Block {
  const bare = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const [a, b = a] = bare.split(":");
  const m1 = CELL.exec(a.trim());
  const m2 = CELL.exec(b.trim());
  if (!m1 || !m2) throw new Error(`not an A1 address: ${address}`);
  const r1 = Number(m1[2]) - 1;
  const r2 = Number(m2[2]) - 1;
  const c1 = columnIndex(m1[1]);
  const c2 = columnIndex(m2[1]);
  return { row: Math.min(r1, r2), col: Math.min(c1, c2), rows: Math.abs(r2 - r1) + 1, cols: Math.abs(c2 - c1) + 1 };
}

/** A sheet name as a formula prefix: quoted when Excel needs quotes. */
export function sheetRef(sheet: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) && !CELL.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

/** "'My data'!$A$2:$A$10". */
export function qualified(sheet: string, address: string): string {
  return `${sheetRef(sheet)}!${address}`;
}

/** Characters Excel does not allow in a sheet name. */
const FORBIDDEN = /[:\\/?*[\]]/g;
const MAX_SHEET_NAME = 31;

/**
 * A sheet name not yet taken (Excel compares names case-insensitively): the wanted name, else
 * "Name (2)", "Name (3)" …, shortened so it stays within Excel's 31 characters.
 * @example uniqueSheetName("Goals", ["Data", "goals"]) // => "Goals (2)"
 */
export function uniqueSheetName(wanted: string, existing: readonly string[]): string {
  const taken = new Set(existing.map((s) => s.toLowerCase()));
  const base = wanted.replace(FORBIDDEN, " ").replace(/^'+|'+$/g, "").trim().slice(0, MAX_SHEET_NAME) || "Sheet";
  if (!taken.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const name = base.slice(0, MAX_SHEET_NAME - suffix.length).trimEnd() + suffix;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/**
 * The one converter from what Excel passes to a custom function into plain arrays for the metric
 * engine. Every CRM function goes through these, so blanks, text, dates, flags and ragged ranges
 * are handled the same way everywhere (functions.md, "Conventions").
 *
 * What arrives from Excel: a range declared `any[][]` comes as rows of cells, each a number,
 * string, boolean, "" or null (blank), or an error object; a scalar argument comes as the value;
 * an omitted optional argument as null (undefined in some hosts). A bad cell throws a MetricError
 * naming the argument and the cell's place in its range, which the Excel layer shows.
 */
import { badNumber, badValue, ExcelErrorText, MetricError } from "../metrics/errors";
import { isDateSerial, serialFromISO } from "../metrics/dates";
import { mayHaveOuterSpace } from "../metrics/text";

export type Arg = unknown;

/** One cell of a flattened range, with where it was. */
interface Located {
  value: unknown;
  row: number;
  col: number;
}

/**
 * Excel error codes that may arrive inside a range. An error in an input cell flows through as the
 * same error where a custom function can return it (RETURNABLE); the others (#NAME?, #REF!,
 * #SPILL!, #CALC!) become #VALUE! naming the cell and its error.
 */
const ERROR_TEXTS = ["#DIV/0!", "#VALUE!", "#NUM!", "#N/A", "#REF!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!"];
/** The input errors a custom function may also return (CustomFunctions.ErrorCode: #NAME? and #REF! are input-only). */
const RETURNABLE: ReadonlySet<string> = new Set(["#DIV/0!", "#VALUE!", "#NUM!", "#N/A", "#NULL!"]);

/** An error value from the host (CustomFunctions.Error, or the harness's equivalent). */
function errorCodeOf(value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const code = (value as { code?: unknown }).code;
  return typeof code === "string" && ERROR_TEXTS.includes(code) ? code : undefined;
}

/**
 * True for an argument left out of the formula (Excel passes null or undefined). A range of blank
 * cells is given all the same: an optional range that changes what a function computes
 * (SALESCYCLE's outcomes, COHORT's amounts) is checked as given, so a column the user meant to
 * fill never quietly turns the function into its other form.
 */
export function isOmitted(arg: Arg): boolean {
  return arg === null || arg === undefined;
}

/** True for an omitted argument, or one of nothing but blank cells (for values that default). */
export function isMissing(arg: Arg): boolean {
  if (arg === null || arg === undefined) return true;
  if (Array.isArray(arg)) return arg.length === 0 || arg.every((r) => Array.isArray(r) && r.every(isBlank));
  return isBlank(arg);
}

/** Blank cells: empty, null, or text of nothing but spaces. */
export function isBlank(value: unknown): boolean {
  // "" first: it is how most blank cells arrive, and it needs no trimming.
  return value === "" || value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

/** Rows of cells, whatever shape arrived (a scalar becomes a 1×1 range). */
export function rowsOf(arg: Arg): unknown[][] {
  if (!Array.isArray(arg)) return [[arg]];
  // Excel hands over rows already; only wrap what is not (a 1-D array from a notebook).
  for (let r = 0; r < arg.length; r++) if (!Array.isArray(arg[r])) return arg.map((x) => (Array.isArray(x) ? x : [x]));
  return arg as unknown[][];
}

/**
 * A metric's error about one entry of its parallel ranges (MetricError.entry, counted cell by cell,
 * row by row) placed in the user's ranges. On columns "row k" is already the k-th cell. On blocks
 * or rows of one shape, "row k" becomes "cell k (row r, column c of the ranges)" and "ticket k"
 * gains the same place; on ranges of different shapes there is no one place, so the message says
 * "cell k of the ranges (counting row by row)". Anything else is returned as it is.
 * @example placedIn(badValue("row 3 has no date", 3), [["a", "b"], ["c", "d"]]).message // => "cell 3 (row 2, column 1 of the ranges) has no date"
 */
export function placedIn<T>(result: T | MetricError, ...ranges: Arg[]): T | MetricError {
  if (!(result instanceof MetricError) || result.entry === undefined) return result;
  const shapes = ranges.map((range) => rowsOf(range).map((row) => row.length));
  if (shapes.every((widths) => widths.every((w) => w <= 1))) return result;
  const same = shapes.every((widths) => widths.length === shapes[0].length && widths.every((w, r) => w === shapes[0][r]));
  let place = "of the ranges (counting row by row)";
  if (same) {
    let left = result.entry;
    for (let r = 0; r < shapes[0].length; r++) {
      if (left <= shapes[0][r]) {
        place = `(row ${r + 1}, column ${left} of the ranges)`;
        break;
      }
      left -= shapes[0][r];
    }
  }
  const entry = result.entry;
  const message = result.message.replace(new RegExp(`\\b(row|ticket) ${entry}\\b`), (word) => (word.startsWith("row") ? `cell ${entry} ${place}` : `${word} ${place}`));
  return new MetricError(result.code, message);
}

/** Number of cells in a range argument. */
export function sizeOf(arg: Arg): number {
  if (!Array.isArray(arg)) return 1;
  // One pass: a row that is not an array (a hole in a sparse array too) is one cell, as the
  // converters read it. Parallel ranges are sized on every call, and each pass over a million
  // rows costs a third of reading them.
  let n = 0;
  for (let r = 0; r < arg.length; r++) {
    const row = arg[r];
    n += Array.isArray(row) ? row.length : 1;
  }
  return n;
}

/**
 * Visits every cell, row by row. Hot path for million-row ranges: no object per cell; the
 * cell's place is built only when a problem is reported.
 */
function eachCell(arg: Arg, visit: (value: unknown, row: number, col: number) => void): void {
  const rows = rowsOf(arg);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < row.length; c++) visit(row[c], r, c);
  }
}

const cellAt = (value: unknown, r: number, c: number): Located => ({ value, row: r + 1, col: c + 1 });

/**
 * Cells in a range, assuming it is rectangular as Excel's ranges are (one read, no pass over the
 * rows); a ragged range only makes the preallocated output grow.
 */
function capacityOf(arg: Arg): number {
  if (!Array.isArray(arg)) return 1;
  const first = arg[0];
  return arg.length * (Array.isArray(first) ? Math.max(1, first.length) : 1);
}

/**
 * A one-cell argument is named without a position in messages. Same answer as sizeOf(arg) === 1,
 * but stops counting at two cells: it is asked for every text cell of a text or ISO-date range,
 * and a full count there made those converters quadratic.
 */
function isSingle(arg: Arg): boolean {
  if (!Array.isArray(arg)) return true;
  let n = 0;
  for (let r = 0; r < arg.length && n < 2; r++) n += Array.isArray(arg[r]) ? (arg[r] as unknown[]).length : 1;
  return n === 1;
}

/** The single cell of a one-value argument, or #VALUE! when a range of several arrived. */
function onlyCell(arg: Arg, name: string, what: string): Located {
  const n = sizeOf(arg);
  if (n !== 1) throw badValue(`${name} takes one ${what}, not a range of ${n} cells`);
  const rows = rowsOf(arg);
  const r = rows.findIndex((row) => row.length > 0);
  return cellAt(rows[r][0], r, 0);
}

function at(name: string, cell: Located, single: boolean): string {
  return single ? name : `${name} (row ${cell.row}, column ${cell.col} of the range)`;
}

function show(value: unknown): string {
  return typeof value === "string" ? `text "${value.length > 40 ? value.slice(0, 37) + "…" : value}"` : String(value);
}

/** Throws the host error held by a cell as the same Excel error. */
function passError(name: string, cell: Located, single: boolean): void {
  const error = cellError(cell.value, name, cell.row - 1, cell.col - 1, single);
  if (error) throw error;
}

/**
 * The error a cell passes on when it holds a host error (row r, column c, 0-based, of the range
 * `name`): the same Excel error, or #VALUE! for one a custom function cannot return; undefined
 * for any other value.
 * @example cellError({ code: "#REF!" }, "leads", 2, 0)?.code // => "#REF!"
 */
export function cellError(value: unknown, name: string, r: number, c: number, single = false): MetricError | undefined {
  const code = errorCodeOf(value);
  if (!code) return undefined;
  const cell = cellAt(value, r, c);
  return new MetricError((RETURNABLE.has(code) ? code : "#VALUE!") as ExcelErrorText, `${at(name, cell, single)} holds the error ${code}`);
}

export interface NumberRules {
  /** Smallest allowed value (inclusive); smaller → #NUM!. */
  min?: number;
  /** Largest allowed value (inclusive); larger → #NUM!. */
  max?: number;
  /** Whole numbers only; a fraction → #NUM!. */
  integer?: boolean;
}

function checkNumber(n: number, name: string, cell: Located, single: boolean, rules: NumberRules): number {
  if (!Number.isFinite(n)) throw badNumber(`${at(name, cell, single)} is not a finite number`);
  if (rules.min !== undefined && n < rules.min) throw badNumber(`${at(name, cell, single)} is ${n}, below the smallest allowed, ${rules.min}`);
  if (rules.max !== undefined && n > rules.max) throw badNumber(`${at(name, cell, single)} is ${n}, above the largest allowed, ${rules.max}`);
  if (rules.integer && !Number.isInteger(n)) throw badNumber(`${at(name, cell, single)} is ${n}; a whole number is needed`);
  return n;
}

/** True when a number satisfies the rules: the allocation-free check of the hot loops. */
function fits(v: number, rules: NumberRules): boolean {
  return v - v === 0 && (rules.min === undefined || v >= rules.min) && (rules.max === undefined || v <= rules.max) && (!rules.integer || Number.isInteger(v));
}

function numberAt(cell: Located, name: string, single: boolean, rules: NumberRules): number {
  passError(name, cell, single);
  if (typeof cell.value === "number") return checkNumber(cell.value, name, cell, single, rules);
  throw badValue(`${at(name, cell, single)} holds ${show(cell.value)}; a number is needed`);
}

/**
 * The numbers of a range, blanks skipped. Text, booleans or errors → #VALUE! naming the cell.
 * @example numbersOf([[10], [""], [9]], "scores") // => [10, 9]
 */
export function numbersOf(arg: Arg, name: string, rules: NumberRules = {}): number[] {
  const plain = rules.min === undefined && rules.max === undefined && !rules.integer;
  // Preallocated: growing a million-element array by push costs more than the metric itself.
  const out: number[] = new Array(capacityOf(arg));
  let k = 0;
  const rows = Array.isArray(arg) ? arg : [[arg]];
  for (let r = 0; r < rows.length; r++) {
    const row = Array.isArray(rows[r]) ? (rows[r] as unknown[]) : [rows[r]];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === "number" && (plain ? v - v === 0 : fits(v, rules))) out[k++] = v;
      else if (!isBlank(v)) out[k++] = numberAt(cellAt(v, r, c), name, isSingle(arg), rules);
    }
  }
  if (k < out.length) out.length = k;
  return out;
}

/** What numbersSummary gives: a range's numbers without the list of them. */
export interface NumbersSummary {
  count: number;
  sum: number;
  min: number;
  max: number;
}

/**
 * The numbers of a range summarised as they are read, blanks skipped: how many, Σ (in cell order,
 * as a sum over numbersOf would add them), min and max, with numbersOf's errors. For aggregates
 * over a million cells that need no list of them.
 * @example numbersSummary([[10], [""], [9]], "deals") // => { count: 2, sum: 19, min: 9, max: 10 }
 */
export function numbersSummary(arg: Arg, name: string, rules: NumberRules = {}): NumbersSummary {
  const plain = rules.min === undefined && rules.max === undefined && !rules.integer;
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  const rows = Array.isArray(arg) ? arg : [[arg]];
  for (let r = 0; r < rows.length; r++) {
    const row = Array.isArray(rows[r]) ? (rows[r] as unknown[]) : [rows[r]];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      let x: number;
      if (typeof v === "number" && (plain ? v - v === 0 : fits(v, rules))) x = v;
      else if (!isBlank(v)) x = numberAt(cellAt(v, r, c), name, isSingle(arg), rules);
      else continue;
      count++;
      sum += x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  return { count, sum, min, max };
}

/**
 * The numbers of a range in place: blanks become null, so parallel ranges stay aligned.
 * @example numbersInPlace([[1], [""], [3]], "mrr") // => [1, null, 3]
 */
export function numbersInPlace(arg: Arg, name: string, rules: NumberRules = {}): (number | null)[] {
  const plain = rules.min === undefined && rules.max === undefined && !rules.integer;
  const out: (number | null)[] = new Array(capacityOf(arg));
  let k = 0;
  const rows = Array.isArray(arg) ? arg : [[arg]];
  for (let r = 0; r < rows.length; r++) {
    const row = Array.isArray(rows[r]) ? (rows[r] as unknown[]) : [rows[r]];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === "number" && (plain ? v - v === 0 : fits(v, rules))) out[k++] = v;
      else out[k++] = isBlank(v) ? null : numberAt(cellAt(v, r, c), name, isSingle(arg), rules);
    }
  }
  if (k < out.length) out.length = k;
  return out;
}

/**
 * The numbers of a range in place as a Float64Array, blanks as NaN: numbersInPlace without a boxed
 * element per cell, for million-cell tables. A cell cannot hold NaN (a non-finite number is the
 * same error as in numbersInPlace), so NaN means blank and nothing else.
 * @example numbersGrid([[1], [""], [3]], "values") // => Float64Array [1, NaN, 3]
 */
export function numbersGrid(arg: Arg, name: string, rules: NumberRules = {}): Float64Array {
  const plain = rules.min === undefined && rules.max === undefined && !rules.integer;
  let out = new Float64Array(capacityOf(arg));
  let k = 0;
  const rows = Array.isArray(arg) ? arg : [[arg]];
  for (let r = 0; r < rows.length; r++) {
    const row = Array.isArray(rows[r]) ? (rows[r] as unknown[]) : [rows[r]];
    if (k + row.length > out.length) {
      // A ragged range: grow as an array would.
      const grown = new Float64Array(Math.max(2 * out.length, k + row.length));
      grown.set(out);
      out = grown;
    }
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === "number" && (plain ? v - v === 0 : fits(v, rules))) out[k++] = v;
      else out[k++] = isBlank(v) ? NaN : numberAt(cellAt(v, r, c), name, isSingle(arg), rules);
    }
  }
  return k < out.length ? out.subarray(0, k) : out;
}

/**
 * Cells in the first row of a range (what rowsOf(arg)[0]?.length gives, 0 for an empty range),
 * without visiting the other rows.
 * @example widthOf([["logins", "csat"], [12, 0.8]]) // => 2
 */
export function widthOf(arg: Arg): number {
  if (!Array.isArray(arg)) return 1;
  if (arg.length === 0) return 0;
  return Array.isArray(arg[0]) ? arg[0].length : 1;
}

/**
 * An amount (spend, revenue, sales, quota): a number, or a range that is summed (blanks skipped).
 * An empty range is #VALUE! ("no data" is not 0).
 * @example amountOf([[100], [250]], "spend") // => 350
 */
export function amountOf(arg: Arg, name: string, rules: NumberRules = {}): number {
  if (isMissing(arg)) throw badValue(`${name} is empty; give a number or a range of numbers`);
  const plain = rules.min === undefined && rules.max === undefined && !rules.integer;
  // Summed as it is read: a million-row amount column needs no intermediate array.
  let sum = 0;
  const rows = Array.isArray(arg) ? arg : [[arg]];
  for (let r = 0; r < rows.length; r++) {
    const row = Array.isArray(rows[r]) ? (rows[r] as unknown[]) : [rows[r]];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === "number" && (plain ? v - v === 0 : fits(v, rules))) sum += v;
      else if (!isBlank(v)) sum += numberAt(cellAt(v, r, c), name, isSingle(arg), rules);
    }
  }
  return sum;
}

/**
 * A count (customers, leads …): one number, not negative. A range of more than one cell, text or
 * a blank → #VALUE!; a negative or fractional count → #NUM!.
 * @example countOf(500, "customers") // => 500
 */
export function countOf(arg: Arg, name: string, rules: NumberRules = {}): number {
  const cell = onlyCell(arg, name, "number");
  if (isBlank(cell.value)) throw badValue(`${name} is empty; a number is needed`);
  return numberAt(cell, name, true, { min: 0, integer: true, ...rules });
}

/**
 * One number (a rate, a baseline, a target …). Blank or omitted → `fallback`, or #VALUE! when
 * there is none.
 * @example numberOf(0.7, "margin") // => 0.7
 */
export function numberOf(arg: Arg, name: string, rules: NumberRules = {}, fallback?: number): number {
  if (arg === null || arg === undefined) {
    if (fallback !== undefined) return fallback;
    throw badValue(`${name} is empty; a number is needed`);
  }
  const cell = onlyCell(arg, name, "number");
  if (isBlank(cell.value)) {
    if (fallback !== undefined) return fallback;
    throw badValue(`${name} is empty; a number is needed`);
  }
  return numberAt(cell, name, true, rules);
}

/** A date cell as a serial: a number, or ISO text. Anything else → #VALUE!. */
function dateAt(cell: Located, name: string, single: boolean): number {
  passError(name, cell, single);
  const v = cell.value;
  if (typeof v === "number") {
    checkNumber(v, name, cell, single, { min: 0 });
    // Excel's calendar ends on 9999-12-31, and its date functions give #NUM! past it.
    if (!isDateSerial(v)) throw badNumber(`${at(name, cell, single)} is ${v}, after 9999-12-31, the last date Excel has`);
    return v;
  }
  if (typeof v === "string") {
    const serial = serialFromISO(v);
    if (serial !== undefined) return serial;
    throw badValue(`${at(name, cell, single)} holds ${show(v)}, not a date; use a date cell or ISO text such as "2024-03-31"`);
  }
  throw badValue(`${at(name, cell, single)} holds ${show(v)}; a date is needed`);
}

/**
 * Dates of a range as serials, in place (blank → null) so parallel ranges stay aligned.
 * @example datesInPlace([["2024-03-31"], [""], [45383]], "end_dates") // => [45382, null, 45383]
 */
export function datesInPlace(arg: Arg, name: string): (number | null)[] {
  // Exports repeat the same date text many times; parse each distinct text once.
  const parsed = new Map<string, number>();
  const out: (number | null)[] = new Array(capacityOf(arg));
  let k = 0;
  const rows = Array.isArray(arg) ? arg : [[arg]];
  for (let r = 0; r < rows.length; r++) {
    const row = Array.isArray(rows[r]) ? (rows[r] as unknown[]) : [rows[r]];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === "number" && isDateSerial(v)) out[k++] = v;
      else if (typeof v === "string" && v !== "") {
        let serial = parsed.get(v);
        if (serial === undefined) {
          if (isBlank(v)) {
            out[k++] = null;
            continue;
          }
          serial = dateAt(cellAt(v, r, c), name, isSingle(arg));
          parsed.set(v, serial);
        }
        out[k++] = serial;
      } else out[k++] = isBlank(v) ? null : dateAt(cellAt(v, r, c), name, isSingle(arg));
    }
  }
  if (k < out.length) out.length = k;
  return out;
}

/**
 * One date as a serial. Blank or omitted → `fallback`, or #VALUE! when there is none.
 * @example dateOf("2024-03-31", "period_end") // => 45382
 */
export function dateOf(arg: Arg, name: string, fallback?: number): number {
  if (arg === null || arg === undefined) {
    if (fallback !== undefined) return fallback;
    throw badValue(`${name} is empty; a date is needed`);
  }
  const cell = onlyCell(arg, name, "date");
  if (isBlank(cell.value)) {
    if (fallback !== undefined) return fallback;
    throw badValue(`${name} is empty; a date is needed`);
  }
  return dateAt(cell, name, true);
}

/** Words a flag cell may hold, by meaning, beyond TRUE/FALSE, 1/0, yes/no. */
export interface FlagWords {
  yes: readonly string[];
  no: readonly string[];
}

const BASE_YES = ["yes", "y", "true", "ya", "benar"];
const BASE_NO = ["no", "n", "false", "tidak", "tak", "bukan", "salah"];

/** Flags for a churn column: TRUE means the customer left. */
export const CHURN_WORDS: FlagWords = {
  yes: ["churned", "churn", "cancelled", "canceled", "lost", "left", "inactive", "berhenti", "batal", "dibatalkan", "hilang", "keluar", "tidak aktif"],
  no: ["active", "renewed", "retained", "aktif", "diperpanjang", "diperbaharui", "diperbarui", "bertahan"],
};

/** Flags for a deal outcome column: TRUE means won. */
export const WON_WORDS: FlagWords = {
  yes: ["won", "win", "closed won", "menang", "berhasil", "deal"],
  no: ["lost", "lose", "closed lost", "kalah", "gagal", "hilang"],
};

const vocabularies = new WeakMap<FlagWords, Map<string, boolean>>();

/** Every word a flag column may hold → its meaning, built once per vocabulary. */
function vocabularyOf(words: FlagWords): Map<string, boolean> {
  let map = vocabularies.get(words);
  if (!map) {
    map = new Map<string, boolean>();
    for (const w of [...BASE_NO, ...words.no, "0"]) map.set(w, false);
    for (const w of [...BASE_YES, ...words.yes, "1"]) map.set(w, true);
    vocabularies.set(words, map);
  }
  return map;
}

function flagAt(cell: Located, name: string, single: boolean, words: FlagWords): boolean {
  passError(name, cell, single);
  const v = cell.value;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") {
    if (v === 1 || v === 0) return v === 1;
    throw badNumber(`${at(name, cell, single)} is ${v}; a flag is 1 or 0`);
  }
  if (typeof v === "string") {
    const meaning = flagOfText(v, words);
    if (typeof meaning === "boolean") return meaning;
  }
  const hint = [...words.yes.slice(0, 2), ...words.no.slice(0, 2)].join(", ");
  throw badValue(`${at(name, cell, single)} holds ${show(v)}; a flag is TRUE/FALSE, 1/0, yes/no or ${hint}`);
}

/**
 * Flags of a range in place (blank → null).
 * @example flagsInPlace([["churned"], ["active"], [""]], "customers", CHURN_WORDS) // => [true, false, null]
 */
export function flagsInPlace(arg: Arg, name: string, words: FlagWords): (boolean | null)[] {
  const spelled = spellingsOf(words);
  const out: (boolean | null)[] = new Array(capacityOf(arg));
  let k = 0;
  const rows = Array.isArray(arg) ? arg : [[arg]];
  for (let r = 0; r < rows.length; r++) {
    const row = Array.isArray(rows[r]) ? (rows[r] as unknown[]) : [rows[r]];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === "boolean") out[k++] = v;
      else if (v === "") out[k++] = null;
      else if (typeof v === "string") {
        let meaning = spelled.get(v);
        if (meaning === undefined) meaning = flagOfText(v, words);
        out[k++] = meaning === undefined ? flagAt(cellAt(v, r, c), name, isSingle(arg), words) : meaning;
      } else out[k++] = isBlank(v) ? null : flagAt(cellAt(v, r, c), name, isSingle(arg), words);
    }
  }
  if (k < out.length) out.length = k;
  return out;
}

const spellings = new WeakMap<FlagWords, Map<string, boolean | null>>();
/**
 * Spellings a vocabulary remembers beyond its own words, and the longest it remembers: they are
 * kept between calls, and a column of free text or padded cells must not grow them without end.
 */
const MAX_SPELLINGS = 4096;
const MAX_SPELLING_LENGTH = 64;

/** A vocabulary's meanings by exact spelling, the words themselves to begin with, grown by flagOfText. */
function spellingsOf(words: FlagWords): Map<string, boolean | null> {
  let spelled = spellings.get(words);
  if (!spelled) {
    spelled = new Map<string, boolean | null>(vocabularyOf(words));
    spellings.set(words, spelled);
  }
  return spelled;
}

/**
 * What a flag cell's text means: true or false for a word of the vocabulary (outer spaces and
 * case aside), null when blank, undefined when it is no flag. Spellings met are remembered as
 * written, across calls: exports write "Won" or "Churned", not the vocabulary's lower case, and
 * folding each of a million cells cost most of reading a flag column.
 * @example flagOfText(" Won", WON_WORDS) // => true
 */
export function flagOfText(text: string, words: FlagWords): boolean | null | undefined {
  const spelled = spellingsOf(words);
  let meaning = spelled.get(text);
  if (meaning === undefined) {
    meaning = isBlank(text) ? null : vocabularyOf(words).get(text.trim().toLowerCase());
    if (meaning !== undefined && spelled.size < MAX_SPELLINGS && text.length <= MAX_SPELLING_LENGTH) spelled.set(text, meaning);
  }
  return meaning;
}

/**
 * A date cell as the fast paths take it: its serial when it is a date serial (isDateSerial), null when it
 * is "", and undefined for anything else (ISO text, spaces, errors, other numbers), which the
 * fast path leaves to datesInPlace and its messages. The same serial as datesInPlace wherever it
 * gives one.
 * @example plainDate(45382) // => 45382
 */
export function plainDate(v: unknown): number | null | undefined {
  if (typeof v === "number") return isDateSerial(v) ? v : undefined;
  return v === "" ? null : undefined;
}

/**
 * Text of a range in place (blank → null); numbers become their text, so ids may be either.
 * @example textsInPlace([["A-1"], [42], [""]], "agents") // => ["A-1", "42", null]
 */
export function textsInPlace(arg: Arg, name: string): (string | null)[] {
  const out: (string | null)[] = new Array(capacityOf(arg));
  let k = 0;
  const rows = Array.isArray(arg) ? arg : [[arg]];
  for (let r = 0; r < rows.length; r++) {
    const row = Array.isArray(rows[r]) ? (rows[r] as unknown[]) : [rows[r]];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === "string") {
        // Text is never an error value, and most ids have no outer space: trimming (twice, as
        // isBlank then the copy did) cost more than the rest of a million-id column.
        const t = mayHaveOuterSpace(v) ? v.trim() : v;
        out[k++] = t === "" ? null : t;
      } else if (typeof v === "number") out[k++] = String(v);
      else if (v === null || v === undefined) out[k++] = null;
      else {
        passError(name, cellAt(v, r, c), isSingle(arg));
        out[k++] = String(v);
      }
    }
  }
  if (k < out.length) out.length = k;
  return out;
}

/**
 * One text (an agent name, a unit …). Blank or omitted → `fallback`, or #VALUE! when there is none.
 */
export function textOf(arg: Arg, name: string, fallback?: string): string {
  if (arg === null || arg === undefined) {
    if (fallback !== undefined) return fallback;
    throw badValue(`${name} is empty`);
  }
  const cell = onlyCell(arg, name, "value");
  passError(name, cell, true);
  const v = cell.value;
  if (isBlank(v)) {
    if (fallback !== undefined) return fallback;
    throw badValue(`${name} is empty`);
  }
  return typeof v === "string" ? v.trim() : String(v);
}

/**
 * One choice among a few words (case-insensitive), e.g. a unit or period. Blank → `fallback`.
 * @example choiceOf("Days", "unit", ["hours", "days", "minutes"], "hours") // => "days"
 */
export function choiceOf<T extends string>(arg: Arg, name: string, choices: readonly T[], fallback: T): T {
  const text = textOf(arg, name, fallback).toLowerCase();
  const hit = choices.find((c) => c === text || c === text.replace(/s$/, "") + "s");
  if (!hit) throw badValue(`${name} is "${text}"; use one of ${choices.map((c) => `"${c}"`).join(", ")}`);
  return hit;
}

/**
 * Parallel ranges must have the same number of cells (ids, dates, amounts …): otherwise #VALUE!
 * naming both. Returns the common size.
 */
export function sameSize(...ranges: [Arg, string][]): number {
  const [first, ...rest] = ranges;
  const n = sizeOf(first[0]);
  for (const [arg, name] of rest) {
    const m = sizeOf(arg);
    if (m !== n) throw badValue(`${first[1]} has ${n} cells but ${name} has ${m}; parallel ranges must be the same size`);
  }
  return n;
}

/**
 * Cells of a range in place, whatever they hold (number, text trimmed, TRUE/FALSE; blank →
 * null), for arguments that mix types, such as a table with a header row. An error cell → that
 * error naming the cell.
 * @example valuesInPlace([["city", "visits"], ["Jakarta", 3], ["", true]], "leads") // => ["city", "visits", "Jakarta", 3, null, true]
 */
export function valuesInPlace(arg: Arg, name: string): (number | string | boolean | null)[] {
  const out: (number | string | boolean | null)[] = new Array(capacityOf(arg));
  let k = 0;
  const rows = rowsOf(arg);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === "number" || typeof v === "boolean") out[k++] = v;
      else if (typeof v === "string") {
        const t = v.trim();
        out[k++] = t === "" ? null : t;
      } else if (v === null || v === undefined) out[k++] = null;
      else {
        const cell = cellAt(v, r, c);
        passError(name, cell, isSingle(arg));
        throw badValue(`${at(name, cell, isSingle(arg))} holds ${show(v)}, which is not a cell value`);
      }
    }
  }
  if (k < out.length) out.length = k;
  return out;
}

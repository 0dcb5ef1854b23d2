/**
 * An in-memory workbook behind the same port as Excel, for tests and the preview page. It keeps
 * what was written (cells, formats, tables, names, charts, conditional colours) and calculates
 * with an injected engine, the CRM-aware HyperFormula of test/harness/engine.ts, so formulas
 * are computed exactly as the formula tests compute them. No Node import: the preview bundles it.
 *
 * Structured references (`Customers[Start Date]`) are what Excel names over tables use; the
 * engine knows no tables, so they are turned into plain ranges just before calculating.
 */
import { serialFromISO } from "../metrics/dates";
import { Block, blockAddress, cellAddress, parseAddress, qualified, sheetRef } from "./address";
import type { CellInput, CellStyle, CellValue, ChartSpec, FormulaCell, RangeData, TableInfo, TextColourRule, WorkbookPort, WriteOp } from "./types";

/** What the workbook needs from a spreadsheet engine (CrmEngine fits). */
export interface Calculator {
  evaluate(
    sheets: Record<string, CellInput[][]>,
    names?: Record<string, string>,
  ): { values: Record<string, CellValue[][]>; messages: Record<string, string> };
}

export interface MemorySheet {
  name: string;
  hidden: boolean;
  cells: CellInput[][];
  formats: { block: Block; numberFormat: string }[];
  styles: { block: Block; style: CellStyle }[];
  widths: Map<number, number>;
  validations: { block: Block; choices: string[] }[];
  charts: ChartSpec[];
  textColours: { block: Block; rules: TextColourRule[] }[];
  frozenRows: number;
  /** Whether a formula was ever written here (a data sheet has none and needs no engine). */
  hasFormulas: boolean;
}

interface MemoryTable {
  name: string;
  sheet: string;
  block: Block;
}

const EVAL_SHEET = "__evaluate__";

export class MemoryWorkbook implements WorkbookPort {
  private readonly sheetList: MemorySheet[] = [];
  private readonly tableList: MemoryTable[] = [];
  readonly names = new Map<string, { formula: string; comment?: string }>();
  readonly settings = new Map<string, string>();
  /** Computed sheets by lower-case name; a write drops what it can have changed. */
  private readonly cache = new Map<string, { values: CellValue[][]; messages: Record<string, string> }>();
  private listeners: (() => void)[] = [];
  /** The sheet shown, and the cells the user selected (the preview sets these). */
  active?: string;
  selection?: { sheet: string; address: string };
  /** How many batches were applied: the tests check a step is one batch. */
  batches = 0;

  constructor(private readonly calculator: Calculator) {}

  /** Called after every change (the preview re-renders). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(touched: Set<string>, everything: boolean): void {
    if (everything || [...touched].some((t) => this.isData(t))) this.cache.clear();
    else {
      for (const t of touched) this.cache.delete(t);
      // Sheets whose formulas read a changed sheet.
      for (const s of this.sheetList) if (!this.isData(s.name.toLowerCase()) && [...touched].some((t) => this.refersTo(s, t))) this.cache.delete(s.name.toLowerCase());
    }
    for (const l of this.listeners) l();
  }

  sheet(name: string): MemorySheet {
    const s = this.sheetList.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!s) throw new Error(`There is no sheet named "${name}".`);
    return s;
  }

  get sheets(): readonly MemorySheet[] {
    return this.sheetList;
  }

  async sheetNames(): Promise<string[]> {
    return this.sheetList.map((s) => s.name);
  }

  async tables(): Promise<TableInfo[]> {
    return this.tableList.map((t) => this.tableInfo(t));
  }

  private tableInfo(t: MemoryTable): TableInfo {
    const cells = this.sheet(t.sheet).cells;
    const headers = [];
    for (let c = 0; c < t.block.cols; c++) headers.push(String(cells[t.block.row]?.[t.block.col + c] ?? ""));
    return { name: t.name, sheet: t.sheet, address: blockAddress(t.block), headers };
  }

  private table(name: string): MemoryTable {
    const t = this.tableList.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!t) throw new Error(`There is no table named "${name}".`);
    return t;
  }

  /** Points the selection at a block (what clicking in the grid does). */
  select(sheet: string, address: string): void {
    this.sheet(sheet);
    this.selection = { sheet, address };
    this.active = sheet;
  }

  async selectedBlock(): Promise<RangeData> {
    if (!this.selection) throw new Error("Nothing is selected. Click a cell of your data first.");
    const { sheet, address } = this.selection;
    const block = parseAddress(address);
    const table = this.tableList.find((t) => t.sheet.toLowerCase() === sheet.toLowerCase() && inside(block, t.block));
    if (table) return { ...(await this.read(table.sheet, blockAddress(table.block))), table: table.name };
    const chosen = block.rows === 1 && block.cols === 1 ? currentRegion(this.sheet(sheet).cells, block) : block;
    return this.read(sheet, blockAddress(chosen));
  }

  async read(sheet: string, address: string): Promise<RangeData> {
    const s = this.sheet(sheet);
    const block = parseAddress(address);
    const grid = this.computedSheet(s.name).values;
    const values: CellValue[][] = [];
    for (let r = 0; r < block.rows; r++) {
      const row: CellValue[] = [];
      for (let c = 0; c < block.cols; c++) {
        const v = grid[block.row + r]?.[block.col + c];
        row.push(v === undefined || v === "" ? null : v);
      }
      values.push(row);
    }
    return { sheet: s.name, address: blockAddress(block), values };
  }

  /** The computed value of one cell ("B4"), for the preview and tests. */
  value(sheet: string, cell: string): CellValue {
    const { row, col } = parseAddress(cell);
    const v = this.computedSheet(sheet).values[row]?.[col];
    return v === undefined || v === "" ? null : v;
  }

  /** The error message behind an error cell, where the function gave one. */
  message(sheet: string, cell: string): string | undefined {
    return this.computedSheet(sheet).messages[`${this.sheet(sheet).name}!${cell.replace(/\$/g, "")}`];
  }

  /** What was typed into a cell (a formula as text). */
  input(sheet: string, cell: string): CellInput {
    const { row, col } = parseAddress(cell);
    return this.sheet(sheet).cells[row]?.[col] ?? null;
  }

  async findFormulas(text: string): Promise<FormulaCell[]> {
    const needle = text.toLowerCase();
    const out: FormulaCell[] = [];
    for (const s of this.sheetList) {
      if (!s.hasFormulas) continue;
      s.cells.forEach((row, r) =>
        row.forEach((v, c) => {
          if (typeof v === "string" && v.startsWith("=") && v.toLowerCase().includes(needle)) out.push({ sheet: s.name, address: cellAddress(r, c), formula: v });
        }),
      );
    }
    return out;
  }

  async apply(ops: WriteOp[]): Promise<void> {
    this.batches++;
    const touched = new Set<string>();
    let everything = false;
    for (const op of ops) {
      this.applyOne(op);
      if (op.kind === "name" || op.kind === "deleteName" || op.kind === "table" || op.kind === "appendRows" || op.kind === "deleteTableRow") everything = true;
      else if ("sheet" in op) touched.add(op.sheet.toLowerCase());
    }
    this.changed(touched, everything);
  }

  private applyOne(op: WriteOp): void {
    switch (op.kind) {
      case "addSheet": {
        if (this.sheetList.some((s) => s.name.toLowerCase() === op.sheet.toLowerCase())) throw new Error(`A sheet named "${op.sheet}" already exists.`);
        this.sheetList.push({
          name: op.sheet,
          hidden: !!op.hidden,
          cells: [],
          formats: [],
          styles: [],
          widths: new Map(),
          validations: [],
          charts: [],
          textColours: [],
          frozenRows: 0,
          hasFormulas: false,
        });
        return;
      }
      case "cells": {
        const s = this.sheet(op.sheet);
        const at = parseAddress(op.address);
        op.cells.forEach((row, r) => row.forEach((v, c) => setCell(s.cells, at.row + r, at.col + c, v)));
        s.hasFormulas ||= op.cells.some((row) => row.some((v) => typeof v === "string" && v.startsWith("=")));
        return;
      }
      case "format":
        this.sheet(op.sheet).formats.push({ block: parseAddress(op.address), numberFormat: op.numberFormat });
        return;
      case "style":
        this.sheet(op.sheet).styles.push({ block: parseAddress(op.address), style: op.style });
        return;
      case "columnWidths": {
        const s = this.sheet(op.sheet);
        const first = parseAddress(`${op.column}1`).col;
        op.widths.forEach((w, i) => s.widths.set(first + i, w));
        return;
      }
      case "listValidation":
        this.sheet(op.sheet).validations.push({ block: parseAddress(op.address), choices: op.choices });
        return;
      case "table": {
        if (this.tableList.some((t) => t.name.toLowerCase() === op.name.toLowerCase())) throw new Error(`A table named "${op.name}" already exists.`);
        this.tableList.push({ name: op.name, sheet: this.sheet(op.sheet).name, block: parseAddress(op.address) });
        return;
      }
      case "appendRows": {
        const t = this.table(op.table);
        const s = this.sheet(t.sheet);
        const first = t.block.row + t.block.rows;
        // As Excel's rows.add does, cells below the table, in its columns, move down to make room
        // (a note typed under the Goals table stays a note, below the new goals).
        const n = op.cells.length;
        for (let r = s.cells.length - 1; r >= first; r--) {
          for (let c = t.block.col; c < t.block.col + t.block.cols; c++) {
            const v = s.cells[r]?.[c];
            if (v === null || v === undefined) continue;
            setCell(s.cells, r + n, c, v);
            setCell(s.cells, r, c, null);
          }
        }
        op.cells.forEach((row, r) => row.forEach((v, c) => setCell(s.cells, first + r, t.block.col + c, v)));
        s.hasFormulas ||= op.cells.some((row) => row.some((v) => typeof v === "string" && v.startsWith("=")));
        t.block = { ...t.block, rows: t.block.rows + op.cells.length };
        return;
      }
      case "name":
        // Excel's names ignore case: a new spelling replaces the old one.
        for (const n of [...this.names.keys()]) if (n.toLowerCase() === op.name.toLowerCase()) this.names.delete(n);
        this.names.set(op.name, { formula: op.formula.startsWith("=") ? op.formula : `=${op.formula}`, comment: op.comment });
        return;
      case "deleteName":
        for (const n of [...this.names.keys()]) if (n.toLowerCase() === op.name.toLowerCase()) this.names.delete(n);
        return;
      case "deleteTableRow": {
        const t = this.table(op.table);
        const s = this.sheet(t.sheet);
        const dataRows = t.block.rows - 1;
        if (!Number.isInteger(op.index) || op.index < 0 || op.index >= dataRows) throw new Error(`The table "${t.name}" has no row ${op.index + 1}.`);
        const last = t.block.row + dataRows;
        for (let r = t.block.row + 1 + op.index; r <= last; r++) {
          for (let c = t.block.col; c < t.block.col + t.block.cols; c++) setCell(s.cells, r, c, r < last ? (s.cells[r + 1]?.[c] ?? null) : null);
        }
        // Like Excel, a table keeps one (now empty) data row.
        if (dataRows > 1) t.block = { ...t.block, rows: t.block.rows - 1 };
        return;
      }
      case "chart":
        this.sheet(op.sheet).charts.push(op.chart);
        return;
      case "textColours":
        this.sheet(op.sheet).textColours.push({ block: parseAddress(op.address), rules: op.rules });
        return;
      case "freezeRows":
        this.sheet(op.sheet).frozenRows = op.rows;
        return;
      case "activate":
        this.active = this.sheet(op.sheet).name;
        return;
    }
  }

  async evaluate(formulas: string[]): Promise<CellValue[]> {
    const result = this.calculate({ [EVAL_SHEET]: formulas.map((f) => [f]) });
    return formulas.map((_, i) => {
      const v = result.values[EVAL_SHEET]?.[i]?.[0];
      return v === undefined || v === "" ? null : v;
    });
  }

  async getSetting(key: string): Promise<string | undefined> {
    return this.settings.get(key);
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.settings.set(key, value);
  }

  /** Every sheet's computed values. */
  values(): Record<string, CellValue[][]> {
    return Object.fromEntries(this.sheetList.map((s) => [s.name, this.computedSheet(s.name).values]));
  }

  /** A sheet without formulas: its values are what was typed, so it needs no engine. */
  private isData(lowerName: string): boolean {
    const s = this.sheetList.find((x) => x.name.toLowerCase() === lowerName);
    return !s || !s.hasFormulas;
  }

  private refersTo(s: MemorySheet, lowerName: string): boolean {
    const target = this.sheetList.find((x) => x.name.toLowerCase() === lowerName);
    if (!target || target === s) return false;
    const needle = `${sheetRef(target.name)}!`.toLowerCase();
    return s.cells.some((r) => r.some((v) => typeof v === "string" && v.startsWith("=") && this.expand(this.structured(v)).toLowerCase().includes(needle)));
  }

  /**
   * One sheet's values, calculated with the data sheets and the formula sheets it reads, and
   * kept until a write changes one of them: building a template then costs that sheet only.
   */
  private computedSheet(name: string): { values: CellValue[][]; messages: Record<string, string> } {
    const s = this.sheet(name);
    const key = s.name.toLowerCase();
    const hit = this.cache.get(key);
    if (hit) return hit;
    if (this.isData(key)) {
      const out = { values: s.cells.map((r) => Array.from(r, (v) => typedValue(v ?? null))), messages: {} };
      this.cache.set(key, out);
      return out;
    }
    const result = this.calculate({}, [s]);
    for (const other of this.sheetList) {
      if (this.isData(other.name.toLowerCase()) || !result.values[other.name]) continue;
      const messages = Object.fromEntries(Object.entries(result.messages).filter(([k]) => k.startsWith(`${other.name}!`)));
      this.cache.set(other.name.toLowerCase(), { values: result.values[other.name], messages });
    }
    return this.cache.get(key)!;
  }

  /** Evaluates `extra` and `seeds` with every data sheet and the formula sheets they read. */
  private calculate(extra: Record<string, CellInput[][]>, seeds: MemorySheet[] = []) {
    const included = new Set<MemorySheet>(seeds);
    const formulas = Object.values(extra).flatMap((rows) => rows.flat()).filter((v): v is string => typeof v === "string" && v.startsWith("="));
    const pending = [...seeds];
    for (const s of this.sheetList) {
      if (this.isData(s.name.toLowerCase())) included.add(s);
      else if (!included.has(s) && formulas.some((f) => this.expand(this.structured(f)).toLowerCase().includes(`${sheetRef(s.name)}!`.toLowerCase()))) {
        included.add(s);
        pending.push(s);
      }
    }
    while (pending.length) {
      const s = pending.pop()!;
      for (const other of this.sheetList) {
        if (!included.has(other) && this.refersTo(s, other.name.toLowerCase())) {
          included.add(other);
          pending.push(other);
        }
      }
    }
    const sheets: Record<string, CellInput[][]> = {};
    for (const s of this.sheetList) if (included.has(s)) sheets[s.name] = s.cells.length ? s.cells.map((r) => this.resolve(r)) : [[null]];
    Object.assign(sheets, Object.fromEntries(Object.entries(extra).map(([k, rows]) => [k, rows.map((r) => this.resolve(r))])));
    return this.calculator.evaluate(sheets, {});
  }

  private resolve(row: CellInput[] | undefined): CellInput[] {
    if (!row) return [];
    return Array.from(row, (v) => (typeof v === "string" && v.startsWith("=") ? this.expand(this.structured(v)) : (v ?? null)));
  }

  /**
   * Defined names replaced by their definitions, as Excel evaluates them. HyperFormula's own
   * named expressions give wrong results when a name holds an array formula (a row mask) and
   * is combined with other arrays, so the engine never sees a name.
   */
  private expand(formula: string, depth = 0): string {
    if (!this.names.size || depth > 8) return formula;
    const lower = new Map([...this.names].map(([n, v]) => [n.toLowerCase(), v.formula]));
    let changed = false;
    const out = formula
      .split(/("(?:[^"]|"")*"|'(?:[^']|'')*')/)
      .map((part, i) =>
        i % 2 === 1
          ? part
          : part.replace(/(^|[^\w.!$\]\\])([A-Za-z_\\][\w.]*)(?![\w.(!\[])/g, (whole, before: string, name: string) => {
              const def = lower.get(name.toLowerCase());
              if (def === undefined) return whole;
              changed = true;
              return `${before}(${this.structured(def.replace(/^=/, ""))})`;
            }),
      )
      .join("");
    return changed ? this.expand(out, depth + 1) : out;
  }

  /** `Table[Column]` → the column's data cells; `Table[]` → all its data cells. Text literals are left alone. */
  private structured(formula: string): string {
    if (!this.tableList.length || !formula.includes("[")) return formula;
    return formula
      .split(/("(?:[^"]|"")*")/)
      .map((part, i) => (i % 2 === 1 ? part : part.replace(/([A-Za-z_\\][\w.]*)\[([^\]]*)\]/g, (whole, name: string, column: string) => this.tableRef(name, column) ?? whole)))
      .join("");
  }

  private tableRef(name: string, column: string): string | undefined {
    const t = this.tableList.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!t) return undefined;
    const body = { ...t.block, row: t.block.row + 1, rows: Math.max(1, t.block.rows - 1) };
    const header = column.replace(/'(.)/g, "$1").trim().toLowerCase();
    if (!header) return qualified(t.sheet, blockAddress(body, true));
    const c = this.tableInfo(t).headers.map((h) => h.trim().toLowerCase()).indexOf(header);
    if (c < 0) return "#REF!";
    return qualified(t.sheet, blockAddress({ ...body, col: t.block.col + c, cols: 1 }, true));
  }
}

/** A typed value as Excel stores it: ISO date text becomes a date serial, as when typed; a leading apostrophe keeps text as text. */
function typedValue(v: CellInput): CellValue {
  if (typeof v === "string" && v.startsWith("'")) return v.slice(1);
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v.trim())) return serialFromISO(v) ?? v;
  return v === "" ? null : v;
}

function setCell(cells: CellInput[][], row: number, col: number, v: CellInput): void {
  while (cells.length <= row) cells.push([]);
  const r = cells[row];
  while (r.length < col) r.push(null);
  r[col] = v === "" ? null : v;
}

function inside(inner: Block, outer: Block): boolean {
  return inner.row >= outer.row && inner.col >= outer.col && inner.row + inner.rows <= outer.row + outer.rows && inner.col + inner.cols <= outer.col + outer.cols;
}

const filled = (cells: CellInput[][], r: number, c: number): boolean => {
  const v = cells[r]?.[c];
  return v !== null && v !== undefined && v !== "";
};

/** The block of non-blank cells around a cell, as Excel's Ctrl+A finds it. */
export function currentRegion(cells: CellInput[][], start: Block): Block {
  let top = start.row;
  let left = start.col;
  let bottom = start.row + start.rows - 1;
  let right = start.col + start.cols - 1;
  for (let grew = true; grew; ) {
    grew = false;
    const rowHas = (r: number) => {
      for (let c = Math.max(0, left - 1); c <= right + 1; c++) if (filled(cells, r, c)) return true;
      return false;
    };
    const colHas = (c: number) => {
      for (let r = Math.max(0, top - 1); r <= bottom + 1; r++) if (filled(cells, r, c)) return true;
      return false;
    };
    if (top > 0 && rowHas(top - 1)) (top--, (grew = true));
    if (rowHas(bottom + 1)) (bottom++, (grew = true));
    if (left > 0 && colHas(left - 1)) (left--, (grew = true));
    if (colHas(right + 1)) (right++, (grew = true));
  }
  return { row: top, col: left, rows: bottom - top + 1, cols: right - left + 1 };
}

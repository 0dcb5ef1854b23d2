/**
 * The workbook port over Office.js. Each call is one `Excel.run`; a batch of writes is queued
 * and sent with one `context.sync()` (plus one beforehand when existing names must be known),
 * because every sync is a round trip to Excel, slow on the web.
 *
 * `run` and the document settings are injected so the adapter can be tested against
 * office-addin-mock; Excel's enums are passed as their string values for the same reason.
 */
import { blockAddress, cellAddress, parseAddress } from "./address";
import type { CellInput, CellValue, FormulaCell, RangeData, TableInfo, WorkbookPort, WriteOp } from "./types";

export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** The part of Office.Settings the port uses. */
export interface DocumentSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  saveAsync(callback?: (result: Office.AsyncResult<void>) => void): void;
}

/** A very hidden sheet the add-in owns, where `evaluate` computes and then clears its formulas. */
export const SCRATCH_SHEET = "CRM Metrics scratch";

const BUSY = new Set(["#BUSY!", "#GETTING_DATA"]);
const BUSY_TRIES = 40;
const BUSY_WAIT_MS = 250;

/** Excel's column width is in points; one character of the default font is about 7 points wide. */
const POINTS_PER_CHAR = 7;

/** Office.js reports a range's address with its sheet: "'My data'!A1:C9". */
export function splitAddress(full: string): { sheet: string; address: string } {
  const bang = full.lastIndexOf("!");
  const sheet = full.slice(0, bang).replace(/^'(.*)'$/, "$1").replace(/''/g, "'");
  return { sheet, address: full.slice(bang + 1) };
}

const cellsOut = (values: unknown[][]): CellValue[][] =>
  values.map((row) => row.map((v) => (v === "" || v === undefined ? null : (v as CellValue))));

const grid = <T>(address: string, value: T): T[][] => {
  const b = parseAddress(address);
  return Array.from({ length: b.rows }, () => Array(b.cols).fill(value));
};

export class OfficeWorkbook implements WorkbookPort {
  constructor(
    private readonly run: ExcelRun = (batch) => Excel.run(batch),
    private readonly settings: () => DocumentSettings = () => Office.context.document.settings,
  ) {}

  async sheetNames(): Promise<string[]> {
    return this.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load("items/name");
      await context.sync();
      return sheets.items.map((s) => s.name);
    });
  }

  async tables(): Promise<TableInfo[]> {
    return this.run(async (context) => {
      const tables = context.workbook.tables;
      tables.load("items/name");
      await context.sync();
      const parts = tables.items.map((t) => {
        const range = t.getRange();
        range.load("address");
        const header = t.getHeaderRowRange();
        header.load("values");
        return { name: t.name, range, header };
      });
      await context.sync();
      return parts.map(({ name, range, header }) => {
        const { sheet, address } = splitAddress(range.address);
        return { name, sheet, address, headers: (header.values[0] ?? []).map((h) => String(h)) };
      });
    });
  }

  async selectedBlock(): Promise<RangeData> {
    return this.run(async (context) => {
      const selected = context.workbook.getSelectedRange();
      selected.load("address,cellCount");
      const tables = selected.getTables(false);
      tables.load("items/name");
      await context.sync();
      let table: string | undefined;
      let block: Excel.Range;
      if (tables.items.length === 1) {
        table = tables.items[0].name;
        block = tables.items[0].getRange();
      } else {
        block = selected.cellCount === 1 ? selected.getSurroundingRegion() : selected;
      }
      block.load("address,values");
      await context.sync();
      const { sheet, address } = splitAddress(block.address);
      return { sheet, address, values: cellsOut(block.values), ...(table ? { table } : {}) };
    });
  }

  async read(sheet: string, address: string): Promise<RangeData> {
    return this.run(async (context) => {
      const range = context.workbook.worksheets.getItem(sheet).getRange(address);
      range.load("values");
      await context.sync();
      return { sheet, address, values: cellsOut(range.values) };
    });
  }

  /**
   * Loads only the cells that hold formulas (Go To Special › Formulas, ExcelApi 1.9), never a
   * sheet's used range: a data sheet of a CRM export can exceed Excel on the web's 5 MB limit.
   */
  async findFormulas(text: string): Promise<FormulaCell[]> {
    const needle = text.toLowerCase();
    return this.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load("items/name");
      await context.sync();
      const found = sheets.items
        .filter((ws) => ws.name !== SCRATCH_SHEET)
        .map((ws) => {
          const areas = ws.getRange().getSpecialCellsOrNullObject("Formulas");
          areas.load("address");
          return { sheet: ws.name, areas };
        });
      await context.sync();
      const withFormulas = found.filter((f) => !f.areas.isNullObject);
      if (!withFormulas.length) return [];
      for (const f of withFormulas) f.areas.areas.load("items/address,items/formulas");
      await context.sync();
      const out: FormulaCell[] = [];
      for (const f of withFormulas) {
        for (const area of f.areas.areas.items) {
          const at = parseAddress(splitAddress(area.address).address);
          area.formulas.forEach((row, r) =>
            row.forEach((v, c) => {
              if (typeof v === "string" && v.startsWith("=") && v.toLowerCase().includes(needle)) out.push({ sheet: f.sheet, address: cellAddress(at.row + r, at.col + c), formula: v });
            }),
          );
        }
      }
      return out;
    });
  }

  async apply(ops: WriteOp[]): Promise<void> {
    if (!ops.length) return;
    await this.run(async (context) => {
      const wb = context.workbook;
      let existingNames = new Set<string>();
      if (ops.some((op) => op.kind === "name" || op.kind === "deleteName")) {
        wb.names.load("items/name");
        await context.sync();
        existingNames = new Set(wb.names.items.map((n) => n.name.toLowerCase()));
      }
      // Sheets added in this batch are used by later ops before any sync: keep their proxies.
      const sheets = new Map<string, Excel.Worksheet>();
      const sheet = (name: string) => sheets.get(name) ?? wb.worksheets.getItem(name);
      for (const op of ops) {
        switch (op.kind) {
          case "addSheet": {
            const ws = wb.worksheets.add(op.sheet);
            if (op.hidden) ws.visibility = "Hidden" as Excel.SheetVisibility;
            sheets.set(op.sheet, ws);
            break;
          }
          case "cells": {
            const at = parseAddress(op.address);
            const width = Math.max(1, ...op.cells.map((r) => r.length));
            const range = sheet(op.sheet).getRange(blockAddress({ ...at, rows: op.cells.length, cols: width }));
            range.formulas = op.cells.map((r) => Array.from({ length: width }, (_, c) => excelInput(r[c])));
            break;
          }
          case "format":
            sheet(op.sheet).getRange(op.address).numberFormat = grid(op.address, op.numberFormat);
            break;
          case "style": {
            const f = sheet(op.sheet).getRange(op.address).format;
            const s = op.style;
            if (s.bold !== undefined) f.font.bold = s.bold;
            if (s.italic !== undefined) f.font.italic = s.italic;
            if (s.size !== undefined) f.font.size = s.size;
            if (s.color !== undefined) f.font.color = s.color;
            if (s.fill !== undefined) f.fill.color = s.fill;
            if (s.wrap !== undefined) f.wrapText = s.wrap;
            if (s.horizontalAlignment !== undefined) f.horizontalAlignment = s.horizontalAlignment as Excel.HorizontalAlignment;
            break;
          }
          case "columnWidths": {
            const first = parseAddress(`${op.column}1`).col;
            op.widths.forEach((w, i) => {
              sheet(op.sheet).getRange(blockAddress({ row: 0, col: first + i, rows: 1, cols: 1 })).format.columnWidth = w * POINTS_PER_CHAR;
            });
            break;
          }
          case "listValidation":
            sheet(op.sheet).getRange(op.address).dataValidation.rule = { list: { inCellDropDown: true, source: op.choices.join(",") } };
            break;
          case "table": {
            const t = sheet(op.sheet).tables.add(op.address, true);
            t.name = op.name;
            t.style = "TableStyleMedium2";
            break;
          }
          case "appendRows":
            wb.tables.getItem(op.table).rows.add(undefined, op.cells.map((r) => r.map(excelInput)));
            break;
          case "name":
            if (existingNames.has(op.name.toLowerCase())) wb.names.getItem(op.name).delete();
            wb.names.add(op.name, op.formula.startsWith("=") ? op.formula : `=${op.formula}`, op.comment);
            existingNames.add(op.name.toLowerCase());
            break;
          case "deleteName":
            if (existingNames.has(op.name.toLowerCase())) wb.names.getItem(op.name).delete();
            existingNames.delete(op.name.toLowerCase());
            break;
          case "deleteTableRow":
            wb.tables.getItem(op.table).rows.getItemAt(op.index).delete();
            break;
          case "chart": {
            const ws = sheet(op.sheet);
            const chart = ws.charts.add(op.chart.type as Excel.ChartType, ws.getRange(op.chart.source), "Columns" as Excel.ChartSeriesBy);
            chart.title.text = op.chart.title;
            chart.setPosition(op.chart.from, op.chart.to);
            break;
          }
          case "textColours": {
            const range = sheet(op.sheet).getRange(op.address);
            for (const rule of op.rules) {
              const cf = range.conditionalFormats.add("ContainsText" as Excel.ConditionalFormatType);
              cf.textComparison.format.fill.color = rule.fill;
              cf.textComparison.format.font.color = rule.color;
              cf.textComparison.rule = { operator: "BeginsWith" as Excel.ConditionalTextOperator, text: rule.text };
            }
            break;
          }
          case "freezeRows":
            sheet(op.sheet).freezePanes.freezeRows(op.rows);
            break;
          case "activate":
            sheet(op.sheet).activate();
            break;
        }
      }
      await context.sync();
    });
  }

  async evaluate(formulas: string[]): Promise<CellValue[]> {
    if (!formulas.length) return [];
    return this.run(async (context) => {
      const wb = context.workbook;
      let scratch = wb.worksheets.getItemOrNullObject(SCRATCH_SHEET);
      await context.sync();
      if (scratch.isNullObject) {
        scratch = wb.worksheets.add(SCRATCH_SHEET);
        scratch.visibility = "VeryHidden" as Excel.SheetVisibility;
      }
      const range = scratch.getRange(`A1:A${formulas.length}`);
      range.formulas = formulas.map((f) => [f]);
      range.load("values");
      await context.sync();
      // Custom functions may still be computing (#BUSY!): read again until they are done.
      for (let tries = 0; tries < BUSY_TRIES && range.values.some((r) => BUSY.has(String(r[0]))); tries++) {
        await new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS));
        range.load("values");
        await context.sync();
      }
      const values = cellsOut(range.values).map((r) => r[0]);
      range.clear();
      await context.sync();
      return values;
    });
  }

  async getSetting(key: string): Promise<string | undefined> {
    const v = this.settings().get(key);
    return typeof v === "string" ? v : undefined;
  }

  async setSetting(key: string, value: string): Promise<void> {
    const settings = this.settings();
    settings.set(key, value);
    await new Promise<void>((resolve, reject) =>
      settings.saveAsync((result) => (result && String(result.status) === "failed" ? reject(new Error(result.error?.message ?? "saving the settings failed")) : resolve())),
    );
  }
}

/** Office.js clears a cell given "", not null. */
function excelInput(v: CellInput | undefined): string | number | boolean {
  return v === null || v === undefined ? "" : v;
}

/**
 * The KPI library kept in the workbook, through the workbook port only (no Office import, no DOM):
 * the task pane, the preview and the tests run the same steps.
 *
 * The library's home is the add-in's own "KPI library" sheet: an Excel table with one row per KPI
 * (see ./sheet), plus a workbook name per KPI (KPI_WinRate) that formulas use. Every operation
 * reads the table afresh (a colleague may have edited the shared workbook, or the user the sheet
 * by hand), validates the change with ./library, and only then writes, in one batch: a refused
 * change writes nothing. Only the rows that change are written, so a KPI's row, its name and the
 * formulas that use it stay put when another KPI is edited.
 */
import { z } from "zod";
import { uniqueTableName } from "../sample/insert";
import { blockAddress, cellAddress, columnLetters, parseAddress, uniqueSheetName } from "../workbook/address";
import type { CellInput, FormulaCell, WorkbookPort, WriteOp } from "../workbook/types";
import type { KpiDefinition, KpiProblem } from "./definition";
import { applyImport, planImport, readLibraryFile, type ConflictDecision, type ImportPlan } from "./exchange";
import { addKpi, deleteKpi, editKpi, findKpi, type KpiLibrary } from "./library";
import { sandboxCached } from "../metrics/kpi-sandbox";
import { isSameCheckOf, SAME_CHECK } from "../templates/builder";
import { KPI_COLUMNS, KPI_HEADERS, KPI_SHEET, KPI_TABLE, kpiNames, kpiReferences, kpiTable, kpiWorkbookName, libraryFromTable } from "./sheet";

/** The document setting that says where the add-in's library table is. */
export const KPI_LIBRARY_SETTING = "crm-metrics.kpi-library";

const Place = z.object({ sheet: z.string().min(1), table: z.string().min(1) });

export interface LibraryPlace {
  sheet: string;
  table: string;
  /** The whole table, header included ("A1:I4"). */
  address: string;
}

/** The library as the workbook holds it now. */
export interface StoredLibrary {
  library: KpiLibrary;
  /** Where the table is; undefined until the first KPI is added. */
  place?: LibraryPlace;
  /** The table's data rows (0-based below the header): each KPI's lower-case name, null for a blank row. */
  rows: (string | null)[];
  /**
   * Why the table cannot be changed by the pane now (a hand edit broke a row, or its columns were
   * moved), in plain words naming the row. Changes are refused until the sheet is fixed.
   */
  problems: KpiProblem[];
}

const EMPTY: StoredLibrary = { library: [], rows: [], problems: [] };

const cellText = (v: unknown) => (v === null || v === undefined ? "" : String(v)).trim();

/**
 * Reads the library from its table. No table yet is an empty library; a table the user broke by
 * hand comes back with its problems (and the KPIs of its valid rows are not offered for use).
 */
export async function loadLibrary(port: WorkbookPort): Promise<StoredLibrary> {
  const saved = await port.getSetting(KPI_LIBRARY_SETTING);
  if (!saved) return EMPTY;
  let wanted: z.infer<typeof Place>;
  try {
    wanted = Place.parse(JSON.parse(saved));
  } catch {
    return EMPTY;
  }
  const t = (await port.tables()).find((x) => x.name.toLowerCase() === wanted.table.toLowerCase());
  // The sheet was deleted: the next KPI added makes a new one.
  if (!t) return EMPTY;
  const place = { sheet: t.sheet, table: t.name, address: t.address };
  const { values } = await port.read(t.sheet, t.address);
  const header = (values[0] ?? []).map((h) => cellText(h).toLowerCase());
  const rows = values.slice(1).map((r) => (r.every((v) => cellText(v) === "") ? null : cellText(r[0]).toLowerCase()));
  if (header.length !== KPI_HEADERS.length || KPI_HEADERS.some((h, i) => h.toLowerCase() !== header[i])) {
    return {
      library: [],
      place,
      rows,
      problems: [{ field: "", message: `The columns of the ${t.sheet} table were changed. Put them back in this order, so the pane can update it: ${KPI_HEADERS.join(", ")}.` }],
    };
  }
  const read = libraryFromTable(values);
  if (!read.ok) return { library: [], place, rows, problems: read.problems };
  return { library: read.library, place, rows, problems: [] };
}

/**
 * Text as Excel keeps it: a leading apostrophe stops Excel from reading an expression such as
 * "-churned / start" as a formula, "(5)" as a number or "May 5" as a date. It is not part of the
 * cell's value, which MATCH and the pane read back unchanged.
 */
export function asText(text: string): CellInput {
  if (text === "") return null;
  const needsQuote = !/^\p{L}/u.test(text) || /^(true|false)$/i.test(text) || /^\p{L}+[\s\-/.,]+\d/u.test(text);
  return needsQuote ? `'${text}` : text;
}

const INPUTS_COLUMN = KPI_COLUMNS.findIndex((c) => c.key === "inputs");
const WIDTH = KPI_COLUMNS.length;

/** One KPI as its table row, each text kept as text. */
function rowCells(kpi: KpiDefinition): CellInput[] {
  return kpiTable([kpi])[1].map(asText);
}

const sameRow = (a: KpiDefinition, b: KpiDefinition) => JSON.stringify(kpiTable([a])[1]) === JSON.stringify(kpiTable([b])[1]);

/** What writing a new version of the library costs, as one batch. */
export interface LibraryWrites {
  ops: WriteOp[];
  place: LibraryPlace;
  /** Whether the sheet and its table are made by this batch. */
  created: boolean;
}

/**
 * The writes that turn the stored library into `next`: rows of changed KPIs rewritten in place,
 * new KPIs in blank rows or appended, removed KPIs' rows deleted (the last remaining row is
 * cleared instead, as a table keeps one row), and the workbook names of new and removed KPIs.
 * The first KPI creates the sheet and its table (under a free sheet name: a user's own sheet
 * called "KPI library" is left alone). Pure: the tests check the writes before anything is written.
 */
export function libraryWrites(stored: StoredLibrary, next: KpiLibrary, taken: { sheets: readonly string[]; tables: readonly string[] }): LibraryWrites | undefined {
  const before = stored.library;
  if (!stored.place) {
    if (!next.length) return undefined;
    const sheet = uniqueSheetName(KPI_SHEET, taken.sheets);
    const table = uniqueTableName(KPI_TABLE, taken.tables);
    const block = { row: 0, col: 0, rows: next.length + 1, cols: WIDTH };
    const ops: WriteOp[] = [
      { kind: "addSheet", sheet },
      { kind: "cells", sheet, address: "A1", cells: [[...KPI_HEADERS], ...next.map(rowCells)] },
      { kind: "table", sheet, address: blockAddress(block), name: table },
      { kind: "columnWidths", sheet, column: "A", widths: KPI_COLUMNS.map((c) => c.width) },
      { kind: "style", sheet, address: blockAddress({ row: 1, col: INPUTS_COLUMN, rows: next.length, cols: 1 }), style: { wrap: true } },
      { kind: "freezeRows", sheet, rows: 1 },
      ...kpiNames(next, sheet).map((n): WriteOp => ({ kind: "name", ...n })),
    ];
    return { ops, place: { sheet, table, address: blockAddress(block) }, created: true };
  }
  const { sheet, table } = stored.place;
  const top = parseAddress(stored.place.address).row + 1; // first data row, 0-based on the sheet
  const rows = stored.rows.slice();
  const ops: WriteOp[] = [];
  const nameOps: WriteOp[] = [];
  const writeRow = (index: number, cells: CellInput[]) => {
    ops.push({ kind: "cells", sheet, address: cellAddress(top + index, 0), cells: [cells] });
    ops.push({ kind: "style", sheet, address: cellAddress(top + index, INPUTS_COLUMN), style: { wrap: true } });
  };

  // Removed KPIs first, bottom-up, so the indices of the rows above stay right.
  const removed = before.filter((k) => !findKpi(next, k.name));
  const removedRows = removed.map((k) => rows.indexOf(k.name.toLowerCase())).filter((i) => i >= 0).sort((a, b) => b - a);
  for (const i of removedRows) {
    if (rows.length > 1) {
      ops.push({ kind: "deleteTableRow", table, index: i });
      rows.splice(i, 1);
    } else {
      ops.push({ kind: "cells", sheet, address: cellAddress(top + i, 0), cells: [Array(WIDTH).fill(null)] });
      rows[i] = null;
    }
  }
  for (const k of removed) nameOps.push({ kind: "deleteName", name: kpiWorkbookName(k.name) });

  const appended: CellInput[][] = [];
  for (const kpi of next) {
    const key = kpi.name.toLowerCase();
    const old = findKpi(before, kpi.name);
    const at = rows.indexOf(key);
    if (old && at >= 0) {
      if (!sameRow(old, kpi)) writeRow(at, rowCells(kpi));
      continue;
    }
    const blank = rows.indexOf(null);
    if (blank >= 0) {
      rows[blank] = key;
      writeRow(blank, rowCells(kpi));
    } else {
      rows.push(key);
      appended.push(rowCells(kpi));
    }
    if (!old) nameOps.push(...kpiNames([kpi], sheet).map((n): WriteOp => ({ kind: "name", ...n })));
  }
  if (appended.length) {
    const first = rows.length - appended.length;
    ops.push({ kind: "appendRows", table, cells: appended });
    ops.push({ kind: "style", sheet, address: blockAddress({ row: top + first, col: INPUTS_COLUMN, rows: appended.length, cols: 1 }), style: { wrap: true } });
  }
  if (!ops.length && !nameOps.length) return { ops: [], place: stored.place, created: false };
  const address = `A${top}:${columnLetters(WIDTH - 1)}${top + Math.max(1, rows.length)}`;
  return { ops: [...ops, ...nameOps], place: { sheet, table, address }, created: false };
}

/** A change refused before anything was written, with the reasons tied to fields. */
export type Refused = { ok: false; problems: KpiProblem[] };

/** Why the library cannot be changed now, or undefined when it can. */
function blocked(stored: StoredLibrary): Refused | undefined {
  if (!stored.problems.length) return undefined;
  return { ok: false, problems: [{ field: "", message: `The ${stored.place?.sheet ?? KPI_SHEET} sheet needs fixing before the pane can change it:` }, ...stored.problems] };
}

/** Writes `next` over `stored` in one batch; remembers where a new table is. */
async function write(port: WorkbookPort, stored: StoredLibrary, next: KpiLibrary): Promise<{ sheet: string; created: boolean }> {
  const [sheets, tables] = await Promise.all([port.sheetNames(), port.tables()]);
  const writes = libraryWrites(stored, next, { sheets, tables: tables.map((t) => t.name) });
  if (!writes || !writes.ops.length) return { sheet: stored.place?.sheet ?? KPI_SHEET, created: false };
  await port.apply(writes.ops);
  if (writes.created) await port.setSetting(KPI_LIBRARY_SETTING, JSON.stringify({ sheet: writes.place.sheet, table: writes.place.table }));
  return { sheet: writes.place.sheet, created: writes.created };
}

export type Saved = { ok: true; kpi: KpiDefinition; library: KpiLibrary; sheet: string; created: boolean; warnings: string[] };

/**
 * Adds a KPI to the workbook's library: validated first (a name already there is refused), then
 * its row and its workbook name KPI_<name>, in one batch.
 */
export async function addKpiToWorkbook(port: WorkbookPort, draft: unknown): Promise<Saved | Refused> {
  const stored = await loadLibrary(port);
  const stop = blocked(stored);
  if (stop) return stop;
  const change = addKpi(stored.library, draft);
  if (!change.ok) return change;
  const { sheet, created } = await write(port, stored, change.library);
  return { ok: true, kpi: change.kpi, library: change.library, sheet, created, warnings: change.warnings };
}

/**
 * Edits the KPI `name`: its row is rewritten in place; its workbook name, which looks the
 * expression up by the KPI's name, is left as it is, so every formula using it follows the edit.
 */
export async function editKpiInWorkbook(port: WorkbookPort, name: string, draft: unknown): Promise<Saved | Refused> {
  const stored = await loadLibrary(port);
  const stop = blocked(stored);
  if (stop) return stop;
  const change = editKpi(stored.library, name, draft);
  if (!change.ok) return change;
  const before = stored.library.find((k) => k.name.toLowerCase() === change.kpi.name.toLowerCase());
  const { sheet, created } = await write(port, stored, change.library);
  const warnings = [...change.warnings];
  // The formulas using KPI_<name> follow the edit; the plain-Excel twins the pane wrote beside
  // them are the old expression translated, and cannot (they do not name the KPI).
  if (before && canonical(before.expression) !== canonical(change.kpi.expression)) {
    // A twin the pane wrote has a Same? check reading the KPI's cell.
    const uses = await kpiUses(port, change.kpi.name);
    const checks = uses.length ? await port.findFormulas(SAME_CHECK) : [];
    const sheets = [...new Set(uses.filter((u) => checks.some((c) => c.sheet === u.sheet && isSameCheckOf(c.formula, u.address))).map((u) => u.sheet))];
    if (sheets.length) {
      warnings.push(
        `Its plain-Excel twins on ${sheets.map((s) => `"${s}"`).join(", ")} still compute the old expression, and their Same? column shows "differs", until the pane builds ${sheets.length === 1 ? "that sheet" : "those sheets"} again.`,
      );
    }
  }
  return { ok: true, kpi: change.kpi, library: change.library, sheet, created, warnings };
}

/**
 * The formulas that use the KPI through its workbook name (KPI_WinRate, not KPI_WinRate2 and not
 * the text "KPI_WinRate"), so the pane can warn before a deletion breaks them.
 */
export async function kpiUses(port: WorkbookPort, name: string): Promise<FormulaCell[]> {
  const cells = await port.findFormulas(kpiWorkbookName(name));
  return cells.filter((c) => kpiReferences(c.formula).some((n) => n.toLowerCase() === name.toLowerCase()));
}

/** Deletes the KPI `name`: its row and its workbook name (formulas still using it then show #NAME?). */
export async function deleteKpiFromWorkbook(port: WorkbookPort, name: string): Promise<{ ok: true; kpi: KpiDefinition; library: KpiLibrary } | Refused> {
  const stored = await loadLibrary(port);
  const stop = blocked(stored);
  if (stop) return stop;
  const change = deleteKpi(stored.library, name);
  if (!change.ok) return change;
  await write(port, stored, change.library);
  return change;
}

/** A library file read and compared with the workbook's library, before any decision. */
export type ImportPreview = { ok: true; plan: ImportPlan; library: KpiLibrary } | Refused;

/** Reads a library file's text and plans its import against the workbook's library. */
export async function previewImport(port: WorkbookPort, text: string): Promise<ImportPreview> {
  const file = readLibraryFile(text);
  if (!file.ok) return file;
  const stored = await loadLibrary(port);
  const stop = blocked(stored);
  if (stop) return stop;
  return { ok: true, plan: planImport(stored.library, file.kpis), library: stored.library };
}

/**
 * Imports a planned file with the user's decision for each conflict. The plan is made again
 * against the library as it is now: if the library changed since the preview (a colleague's
 * edit), a conflict the user did not see is refused, never decided for them.
 */
export async function importIntoWorkbook(
  port: WorkbookPort,
  text: string,
  decisions: Record<string, ConflictDecision>,
): Promise<{ ok: true; library: KpiLibrary; report: string[]; added: string[]; replaced: string[]; kept: string[]; sheet: string } | Refused> {
  const file = readLibraryFile(text);
  if (!file.ok) return file;
  const stored = await loadLibrary(port);
  const stop = blocked(stored);
  if (stop) return stop;
  const result = applyImport(stored.library, planImport(stored.library, file.kpis), decisions);
  if (!result.ok) return result;
  const { sheet } = await write(port, stored, result.library);
  return { ...result, sheet };
}

/** An expression's whitespace- and case-insensitive form (both sides of an edit have passed the sandbox). */
function canonical(expression: string): string {
  const compiled = sandboxCached(expression);
  return "canonical" in compiled ? compiled.canonical : expression;
}

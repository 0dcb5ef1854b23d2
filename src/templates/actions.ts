/**
 * What the pane's buttons do, over the workbook port only, with no DOM: so the same steps run
 * in Excel, in the preview, and in tests against the in-memory workbook.
 */
import { monthStart, todaySerial, isoFromSerial } from "../metrics/dates";
import { flagOfText, WON_WORDS } from "../functions/args";
import type { RangeData, WorkbookPort } from "../workbook/types";
import { buildTemplate, type BuiltTemplate, type PeriodKind } from "./builder";
import type { TemplateDefinition } from "./families";
import { mappedRoles, sourceOf, type Mapping, type SourceMapping } from "./mapping";
import type { FormulaContext, MetricDef } from "./metrics";
import { checkQuality, outcomeWord, qualitySheetWrites, type DatasetQuality } from "./quality";
import { dataset } from "./roles";

/** The current block of a mapped source: a table's range as it is now (it may have grown). */
export async function readSource(port: WorkbookPort, source: SourceMapping): Promise<RangeData> {
  if (source.table) {
    const t = (await port.tables()).find((x) => x.name.toLowerCase() === source.table!.toLowerCase());
    if (!t) throw new Error(`The table "${source.table}" of ${dataset(source.dataset).label} is gone; map the data again.`);
    return { ...(await port.read(t.sheet, t.address)), table: t.name };
  }
  return port.read(source.sheet, source.address);
}

/** The data-quality report of every mapped dataset. */
export async function checkAll(port: WorkbookPort, mapping: Mapping): Promise<DatasetQuality[]> {
  const out: DatasetQuality[] = [];
  for (const s of mapping.sources) out.push(checkQuality(s, await readSource(port, s)));
  return out;
}

/** Writes the "Data quality" sheet; returns its name. */
export async function writeQualitySheet(port: WorkbookPort, results: DatasetQuality[], today = todaySerial()): Promise<string> {
  const { sheet, ops } = qualitySheetWrites(results, await port.sheetNames(), isoFromSerial(today));
  await port.apply(ops);
  return sheet;
}

const columnValues = (block: RangeData, header: string) => {
  const c = (block.values[0] ?? []).findIndex((h) => String(h ?? "").trim().toLowerCase() === header.trim().toLowerCase());
  return c < 0 ? [] : block.values.slice(1).map((r) => r[c]);
};

/** What the formulas need from the data: outcome words, and a sensible period to show first. */
export async function formulaContext(port: WorkbookPort, mapping: Mapping, today = todaySerial()): Promise<{ formula: Omit<FormulaContext, "inputs">; periodDate: number }> {
  const won = new Set<string>();
  const lost = new Set<string>();
  let latest = -Infinity;
  for (const s of mapping.sources) {
    const block = await readSource(port, s);
    const d = dataset(s.dataset);
    for (const r of d.roles) {
      const header = s.columns[r.id];
      if (!header) continue;
      const values = columnValues(block, header);
      if (r.kind === "date" || r.kind === "month") {
        for (const v of values) if (typeof v === "number" && v > latest && v < today + 366) latest = v;
      }
      if (r.kind === "outcome") {
        // Every spelling CRM's flags read (won, menang, yes, TRUE, 1 …), as the formulas see it.
        for (const v of values) {
          const w = outcomeWord(v);
          const meaning = w === "" ? null : flagOfText(w, WON_WORDS);
          if (meaning === true) won.add(w);
          else if (meaning === false) lost.add(w);
        }
      }
    }
  }
  // Excel compares text ignoring case, so one spelling of each word is enough.
  const distinct = (words: Set<string>, fallback: string) => {
    const seen = new Map<string, string>();
    for (const w of words) if (!seen.has(w.toLowerCase())) seen.set(w.toLowerCase(), w);
    return seen.size ? [...seen.values()] : [fallback];
  };
  const lastFullMonth = monthStart(today) - 1;
  // The latest month of the data, unless it is still running.
  let periodDate = lastFullMonth;
  if (Number.isFinite(latest)) periodDate = Math.min(lastFullMonth, monthStart(monthStart(Math.floor(latest)) + 32) - 1);
  return { formula: { won: distinct(won, "Won"), lost: distinct(lost, "Lost") }, periodDate };
}

export interface BuildProgress {
  (done: number, total: number, label: string): void;
}

/** Builds one template sheet, one batch per step, reporting progress. */
export async function writeTemplate(
  port: WorkbookPort,
  mapping: Mapping,
  id: TemplateDefinition["id"],
  options: { today?: number; periodKind?: PeriodKind; progress?: BuildProgress; extra?: readonly MetricDef[] } = {},
): Promise<BuiltTemplate> {
  const today = options.today ?? todaySerial();
  const { formula, periodDate } = await formulaContext(port, mapping, today);
  const built = buildTemplate(id, { mapped: mappedRoles(mapping), formula, periodDate, periodKind: options.periodKind, sheetsTaken: await port.sheetNames(), extra: options.extra });
  const total = built.steps.length;
  for (let i = 0; i < total; i++) {
    options.progress?.(i, total, built.steps[i].label);
    await port.apply(built.steps[i].ops);
  }
  options.progress?.(total, total, "Done");
  return built;
}

export { sourceOf };

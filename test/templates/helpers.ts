/**
 * A sample workbook for the builder tests: the seeded sample data in the in-memory workbook,
 * every table mapped from the pane's own proposals (as "Map every table" does).
 */
import { loadEngine } from "../harness/node";
import { serialFromYMD } from "../../src/metrics/dates";
import { insertSample, type InsertedTable } from "../../src/sample/insert";
import { MemoryWorkbook } from "../../src/workbook/memory";
import { EMPTY_MAPPING, proposeMapping, saveSource, sourceFromChoice, type Mapping } from "../../src/templates/mapping";

/** A fixed "today", so every number is reproducible: the sample spans Nov 2024 – Oct 2026. */
export const TODAY = serialFromYMD(2026, 11, 23);

export async function emptyBook(): Promise<MemoryWorkbook> {
  const { engine } = await loadEngine();
  return new MemoryWorkbook(engine);
}

export async function sampleBook(options: { map?: boolean; before?: (wb: MemoryWorkbook) => Promise<void> } = {}): Promise<{ wb: MemoryWorkbook; mapping: Mapping; inserted: InsertedTable[] }> {
  const wb = await emptyBook();
  await options.before?.(wb);
  const inserted = await insertSample(wb, TODAY);
  let mapping = EMPTY_MAPPING;
  if (options.map !== false) {
    for (const t of inserted) {
      const info = (await wb.tables()).find((x) => x.name === t.table)!;
      const block = { ...(await wb.read(info.sheet, info.address)), table: info.name };
      const p = proposeMapping(block);
      mapping = await saveSource(wb, mapping, sourceFromChoice(block, p.dataset, p.columns.map((c) => c.role)), block.values[0].map((v) => String(v ?? "")));
    }
  }
  return { wb, mapping, inserted };
}

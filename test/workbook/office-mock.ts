/**
 * Pieces both Office.js mock workbooks (excel.test.ts, kpi-port.test.ts) build on:
 * office-addin-mock knows a tree given up front, while the workbook code makes proxies as it goes.
 */
import { OfficeMockObject } from "office-addin-mock";

/** A collection in the mock: Office.js code loads "items/…"; the mock knows only "items". */
export function collection(items: unknown[], extra: Record<string, unknown> = {}) {
  return {
    items,
    load(this: any) {
      OfficeMockObject.prototype.load.call(this, "items");
      return this;
    },
    ...extra,
  };
}

/**
 * Mock objects made after the tree and a context.sync that syncs them too, as Office.js syncs
 * every proxy of a batch, then yields as a real round trip would; syncs() counts the round trips.
 */
export function proxies() {
  let syncs = 0;
  const created: any[] = [];
  const make = (data: Record<string, unknown>) => {
    const m = new OfficeMockObject(data) as any;
    created.push(m);
    return m;
  };
  const sync = async function (this: any) {
    syncs++;
    await OfficeMockObject.prototype.sync.call(this);
    for (const c of created) await c.sync();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { make, sync, syncs: () => syncs };
}

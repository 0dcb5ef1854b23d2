/**
 * The Office.js adapter against office-addin-mock: which objects it asks Excel for, what it
 * writes into them, and how many round trips (syncs) each step costs.
 */
import { expect } from "chai";
import { OfficeMockObject } from "office-addin-mock";
import { collection, proxies } from "./office-mock";
import { OfficeWorkbook, SCRATCH_SHEET, splitAddress, type DocumentSettings, type ExcelRun } from "../../src/workbook/excel";

interface Mock {
  port: OfficeWorkbook;
  context: any;
  syncs: () => number;
  /** Ranges handed out, by "Sheet!A1". */
  ranges: Map<string, any>;
  sheets: Map<string, any>;
  added: string[];
  namesAdded: [string, string, string | undefined][];
  namesDeleted: string[];
  tablesAdded: any[];
  rowsAdded: [string, unknown[][]][];
  charts: any[];
  settings: Map<string, unknown>;
}

interface MockOptions {
  sheets?: string[];
  names?: string[];
  tables?: { name: string; address: string; headers: string[] }[];
  /** Values a range reads back, by "Sheet!A1:B2". */
  values?: Record<string, unknown[][]>;
  selected?: { address: string; cellCount: number; table?: { name: string; address: string }; region?: string };
  saveFails?: boolean;
}

function officeMock(options: MockOptions = {}): Mock {
  const { make, sync, syncs } = proxies();
  const ranges = new Map<string, any>();
  const sheets = new Map<string, any>();
  const m: Omit<Mock, "port" | "context" | "syncs"> = {
    ranges,
    sheets,
    added: [],
    namesAdded: [],
    namesDeleted: [],
    tablesAdded: [],
    rowsAdded: [],
    charts: [],
    settings: new Map(),
  };
  const range = (sheet: string, address: string) => {
    const key = `${sheet}!${address}`;
    if (!ranges.has(key)) {
      const r = make({
        address: key,
        values: options.values?.[key] ?? [[""]],
        format: { font: {}, fill: {} },
        dataValidation: {},
        conditionalFormats: {},
        cleared: false,
      });
      r.conditionalFormats.added = [];
      r.conditionalFormats.add = (type: string) => {
        const cf = { type, textComparison: { format: { fill: {}, font: {} }, rule: undefined } };
        r.conditionalFormats.added.push(cf);
        return cf;
      };
      r.clear = () => (r.cleared = true);
      ranges.set(key, r);
    }
    return ranges.get(key);
  };
  const sheet = (name: string) => {
    if (!sheets.has(name)) {
      const ws: any = make({ name });
      ws.getRange = (address: string) => range(name, address);
      ws.tables = {
        add: (address: string, hasHeaders: boolean) => {
          const t = { address, hasHeaders, name: "", style: "" };
          m.tablesAdded.push(t);
          return t;
        },
      };
      ws.charts = {
        add: (type: string, source: any, seriesBy: string) => {
          const c: any = { type, source, seriesBy, title: {}, position: undefined };
          c.setPosition = (from: string, to: string) => (c.position = [from, to]);
          m.charts.push(c);
          return c;
        },
      };
      ws.freezePanes = { freezeRows: (n: number) => (ws.frozen = n) };
      ws.activate = () => (ws.activated = true);
      sheets.set(name, ws);
    }
    return sheets.get(name);
  };
  for (const s of options.sheets ?? []) sheet(s);

  const tableItems = (options.tables ?? []).map((t) => ({
    name: t.name,
    getRange: () => {
      const r = range(t.address.split("!")[0], t.address.split("!")[1]);
      r.address = t.address;
      return r;
    },
    getHeaderRowRange: () => make({ values: [t.headers] }),
  }));
  const selected = options.selected;
  const data = {
    context: {
      workbook: {
        worksheets: collection([...(options.sheets ?? [])].map((name) => ({ name })), {
          getItem: (name: string) => sheet(name),
          getItemOrNullObject: (name: string) => (sheets.has(name) ? Object.assign(sheet(name), { isNullObject: false }) : make({ isNullObject: true })),
          add: (name: string) => {
            m.added.push(name);
            return sheet(name);
          },
        }),
        names: collection((options.names ?? []).map((name) => ({ name })), {
          add: (name: string, formula: string, comment?: string) => m.namesAdded.push([name, formula, comment]),
          getItem: (name: string) => ({ delete: () => m.namesDeleted.push(name) }),
        }),
        tables: collection(tableItems, {
          getItem: (name: string) => ({ rows: { add: (_index: unknown, values: unknown[][]) => m.rowsAdded.push([name, values]) } }),
        }),
        getSelectedRange: () => {
          const r = make({ address: selected?.address ?? "Sheet1!A1", cellCount: selected?.cellCount ?? 1 });
          r.getTables = () =>
            make(
              collection(
                selected?.table
                  ? [
                      {
                        name: selected.table.name,
                        getRange: () => make({ address: selected.table!.address, values: options.values?.[selected.table!.address] ?? [[""]] }),
                      },
                    ]
                  : [],
              ),
            );
          r.getSurroundingRegion = () => make({ address: selected?.region ?? "", values: options.values?.[selected?.region ?? ""] ?? [[""]] });
          return r;
        },
      },
      sync,
    },
  };
  const root = new OfficeMockObject(data) as any;
  const context = root.context;
  const run: ExcelRun = (batch) => batch(context);
  const settings: DocumentSettings = {
    get: (k) => m.settings.get(k),
    set: (k, v) => m.settings.set(k, v),
    saveAsync: (cb) => cb?.({ status: options.saveFails ? "failed" : "succeeded", error: { message: "the file is read-only" } } as any),
  };
  return { ...m, port: new OfficeWorkbook(run, () => settings), context, syncs };
}

describe("Office.js workbook (office-addin-mock)", () => {
  it("lists sheet names with one sync", async () => {
    const mock = officeMock({ sheets: ["Customers", "Deals"] });
    expect(await mock.port.sheetNames()).to.deep.equal(["Customers", "Deals"]);
    expect(mock.syncs()).to.equal(1);
  });

  it("writes a whole template step in one sync: sheet, cells, formats, styles, table, chart, colours", async () => {
    const mock = officeMock({ sheets: ["Customers"] });
    await mock.port.apply([
      { kind: "addSheet", sheet: "Retention" },
      { kind: "cells", sheet: "Retention", address: "A1", cells: [["Churn", "=CRM.CHURN(CRM_end_date,CRM_start_date,B2,B3)"], [null, 5]] },
      { kind: "format", sheet: "Retention", address: "B1:C2", numberFormat: "0.0%" },
      { kind: "style", sheet: "Retention", address: "A1", style: { bold: true, size: 16, fill: "#DEECF9" } },
      { kind: "columnWidths", sheet: "Retention", column: "B", widths: [10, 20] },
      { kind: "listValidation", sheet: "Retention", address: "B2", choices: ["Month", "Quarter", "Year"] },
      { kind: "table", sheet: "Retention", address: "A5:C9", name: "Trend" },
      { kind: "chart", sheet: "Retention", chart: { type: "Line", title: "Monthly churn", source: "A5:B9", from: "E5", to: "L20" } },
      { kind: "textColours", sheet: "Retention", address: "C6:C9", rules: [{ text: "Behind", fill: "#FDE7E9", color: "#A4262C" }] },
      { kind: "freezeRows", sheet: "Retention", rows: 4 },
      { kind: "activate", sheet: "Retention" },
    ]);
    expect(mock.syncs()).to.equal(1);
    expect(mock.added).to.deep.equal(["Retention"]);
    // A blank becomes "" (Office.js clears a cell with ""), the block is as wide as its widest row.
    expect(mock.ranges.get("Retention!A1:B2").formulas).to.deep.equal([
      ["Churn", "=CRM.CHURN(CRM_end_date,CRM_start_date,B2,B3)"],
      ["", 5],
    ]);
    expect(mock.ranges.get("Retention!B1:C2").numberFormat).to.deep.equal([
      ["0.0%", "0.0%"],
      ["0.0%", "0.0%"],
    ]);
    const title = mock.ranges.get("Retention!A1").format;
    expect([title.font.bold, title.font.size, title.fill.color]).to.deep.equal([true, 16, "#DEECF9"]);
    expect(mock.ranges.get("Retention!C1").format.columnWidth).to.equal(140);
    expect(mock.ranges.get("Retention!B2").dataValidation.rule).to.deep.equal({ list: { inCellDropDown: true, source: "Month,Quarter,Year" } });
    expect(mock.tablesAdded).to.deep.equal([{ address: "A5:C9", hasHeaders: true, name: "Trend", style: "TableStyleMedium2" }]);
    expect(mock.charts[0]).to.deep.include({ type: "Line", seriesBy: "Columns", position: ["E5", "L20"] });
    expect(mock.charts[0].source).to.equal(mock.ranges.get("Retention!A5:B9"));
    expect(mock.charts[0].title.text).to.equal("Monthly churn");
    const cf = mock.ranges.get("Retention!C6:C9").conditionalFormats.added[0];
    expect(cf.type).to.equal("ContainsText");
    expect(cf.textComparison.rule).to.deep.equal({ operator: "BeginsWith", text: "Behind" });
    expect(cf.textComparison.format.fill.color).to.equal("#FDE7E9");
    expect(mock.sheets.get("Retention").frozen).to.equal(4);
    expect(mock.sheets.get("Retention").activated).to.equal(true);
    expect(mock.sheets.get("Customers").activated).to.equal(undefined);
  });

  it("replaces a defined name that exists and adds a new one, loading the names once", async () => {
    const mock = officeMock({ names: ["CRM_start_date"] });
    await mock.port.apply([
      { kind: "name", name: "CRM_start_date", formula: "=Customers[Start Date]" },
      { kind: "name", name: "CRM_mrr", formula: "Customers!$G$2:$G$90", comment: "MRR" },
    ]);
    expect(mock.syncs()).to.equal(2);
    expect(mock.namesDeleted).to.deep.equal(["CRM_start_date"]);
    expect(mock.namesAdded).to.deep.equal([
      ["CRM_start_date", "=Customers[Start Date]", undefined],
      ["CRM_mrr", "=Customers!$G$2:$G$90", "MRR"],
    ]);
  });

  it("appends goal rows to a table, blanks as empty text", async () => {
    const mock = officeMock();
    await mock.port.apply([{ kind: "appendRows", table: "Goals", cells: [["Cut churn", null, "=CRM.PROGRESS(K5,M5,L5)"]] }]);
    expect(mock.rowsAdded).to.deep.equal([["Goals", [["Cut churn", "", "=CRM.PROGRESS(K5,M5,L5)"]]]]);
  });

  it("reads the table around the selection, with its sheet", async () => {
    const mock = officeMock({
      selected: { address: "'Deal stages'!C4", cellCount: 1, table: { name: "Stages", address: "'Deal stages'!A1:C3" } },
      values: { "'Deal stages'!A1:C3": [["Deal", "Stage", "Entered"], ["D1", "Lead", 45300], ["D1", "Won", ""]] },
    });
    const block = await mock.port.selectedBlock();
    expect(block).to.deep.equal({
      sheet: "Deal stages",
      address: "A1:C3",
      table: "Stages",
      values: [["Deal", "Stage", "Entered"], ["D1", "Lead", 45300], ["D1", "Won", null]],
    });
    expect(mock.syncs()).to.equal(2);
  });

  it("reads the region around one selected cell outside any table", async () => {
    const mock = officeMock({
      selected: { address: "Data!B2", cellCount: 1, region: "Data!A1:B3" },
      values: { "Data!A1:B3": [["id", "score"], [1, 9], [2, 10]] },
    });
    const block = await mock.port.selectedBlock();
    expect(block).to.deep.equal({ sheet: "Data", address: "A1:B3", values: [["id", "score"], [1, 9], [2, 10]] });
  });

  it("lists tables with sheet, address and headers", async () => {
    const mock = officeMock({ tables: [{ name: "Customers", address: "Customers!A1:C50", headers: ["Id", "Start", "End"] }] });
    expect(await mock.port.tables()).to.deep.equal([{ name: "Customers", sheet: "Customers", address: "A1:C50", headers: ["Id", "Start", "End"] }]);
  });

  it("evaluates formulas on a very hidden scratch sheet it creates, then clears them", async () => {
    const mock = officeMock({ sheets: ["Data"], values: { [`${SCRATCH_SHEET}!A1:A2`]: [[0.25], ["#DIV/0!"]] } });
    const values = await mock.port.evaluate(["=CRM.CHURN(A1:A3)", "=1/0"]);
    expect(values).to.deep.equal([0.25, "#DIV/0!"]);
    expect(mock.added).to.deep.equal([SCRATCH_SHEET]);
    expect(mock.sheets.get(SCRATCH_SHEET).visibility).to.equal("VeryHidden");
    const range = mock.ranges.get(`${SCRATCH_SHEET}!A1:A2`);
    expect(range.formulas).to.deep.equal([["=CRM.CHURN(A1:A3)"], ["=1/0"]]);
    expect(range.cleared).to.equal(true);
    expect(mock.ranges.has("Data!A1:A2")).to.equal(false);
  });

  it("reads again while custom functions are still busy", async () => {
    let loads = 0;
    let syncs = 0;
    const range: any = {
      load: () => {
        loads++;
        range.values = loads < 3 ? [["#BUSY!"]] : [[0.125]];
      },
      clear: () => (range.cleared = true),
    };
    const scratch: any = { isNullObject: false, getRange: () => range };
    const context: any = { workbook: { worksheets: { getItemOrNullObject: () => scratch } }, sync: async () => void syncs++ };
    const port = new OfficeWorkbook((batch) => batch(context));
    expect(await port.evaluate(["=CRM.CHURN(A1:A8)"])).to.deep.equal([0.125]);
    expect([loads, range.cleared]).to.deep.equal([3, true]);
    expect(syncs).to.equal(5);
  });

  it("keeps settings in the document and reports a failed save", async () => {
    const mock = officeMock();
    await mock.port.setSetting("crm.mapping", '{"v":1}');
    expect(await mock.port.getSetting("crm.mapping")).to.equal('{"v":1}');
    const failing = officeMock({ saveFails: true });
    let message = "";
    await failing.port.setSetting("k", "v").catch((e) => (message = e.message));
    expect(message).to.equal("the file is read-only");
  });

  it("splits Office addresses, quoted sheet names included", () => {
    expect(splitAddress("'O''Brien data'!A1:C9")).to.deep.equal({ sheet: "O'Brien data", address: "A1:C9" });
    expect(splitAddress("Data!B2")).to.deep.equal({ sheet: "Data", address: "B2" });
  });
});

import { expect } from "chai";
import {
  columnFormula,
  EMPTY_MAPPING,
  loadMapping,
  Mapping,
  MAPPING_SETTING,
  nameWrites,
  proposeMapping,
  saveSource,
  sourceFromChoice,
  SourceMapping,
} from "../../src/templates/mapping";
import { normaliseHeader } from "../../src/templates/roles";
import type { CellValue, RangeData } from "../../src/workbook/types";
import { emptyBook, sampleBook } from "./helpers";

const block = (sheet: string, values: CellValue[][], table?: string): RangeData => ({
  sheet,
  address: `A1:${String.fromCharCode(64 + values[0].length)}${values.length}`,
  values,
  ...(table ? { table } : {}),
});
const roles = (p: ReturnType<typeof proposeMapping>) => Object.fromEntries(p.columns.map((c) => [c.header, c.role]));

describe("column mapping: proposals", () => {
  it("recognises every sample table and the role of each column", async () => {
    const { wb, inserted } = await sampleBook({ map: false });
    const found: Record<string, { dataset: string; roles: Record<string, string | null> }> = {};
    for (const t of inserted) {
      const info = (await wb.tables()).find((x) => x.name === t.table)!;
      const p = proposeMapping({ ...(await wb.read(info.sheet, info.address)), table: info.name });
      found[t.sheet] = { dataset: p.dataset, roles: roles(p) };
      expect(p.missing, t.sheet).to.deep.equal([]);
    }
    expect(found.Customers).to.deep.equal({
      dataset: "customers",
      roles: { "Customer ID": "customer_id", Company: null, Segment: null, Region: null, "Start Date": "start_date", "Cancel Date": "end_date", MRR: "mrr" },
    });
    expect(found.Invoices.roles).to.deep.equal({ "Invoice ID": null, "Customer ID": "txn_customer", "Invoice Date": "txn_date", Amount: "txn_amount" });
    expect(found.Deals).to.deep.include({ dataset: "deals" });
    expect(found.Deals.roles).to.include({ "Deal ID": "deal_id", Created: "deal_created", Closed: "deal_closed", Outcome: "deal_outcome", Amount: "deal_amount" });
    expect(found["Deal stages"]).to.deep.equal({ dataset: "stages", roles: { "Deal ID": "stage_deal", Stage: "stage", Entered: "stage_entered" } });
    expect(found.Tickets.roles).to.include({ Opened: "ticket_opened", Resolved: "ticket_resolved", Agent: "agent" });
    expect(found.Surveys.roles).to.include({ Date: "survey_date", "NPS Score": "nps_score", "CSAT Score": "csat_score" });
    expect(found.Marketing).to.deep.equal({ dataset: "marketing", roles: { Month: "mkt_month", Spend: "spend", Leads: "leads", Converted: "converted" } });
  });

  it("reads Indonesian headers: Tanggal Mulai, Tanggal Berakhir, Pendapatan Bulanan, ID Pelanggan", () => {
    const p = proposeMapping(
      block("Pelanggan", [
        ["ID Pelanggan", "Nama", "Tanggal Mulai", "Tanggal Berakhir", "Pendapatan Bulanan"],
        ["P-01", "Toko Maju", 45300, null, 150000],
        ["P-02", "CV Sinar", 45310, 45400, 90000],
      ]),
    );
    expect(p.dataset).to.equal("customers");
    expect(roles(p)).to.deep.equal({ "ID Pelanggan": "customer_id", Nama: null, "Tanggal Mulai": "start_date", "Tanggal Berakhir": "end_date", "Pendapatan Bulanan": "mrr" });
  });

  it("reads headers shortened as exports write them: Tgl. Mulai, Tgl. Berhenti, Tkh. Tamat", () => {
    const p = proposeMapping(
      block("Pelanggan", [
        ["ID Pelanggan", "Nama Pelanggan", "Tgl. Mulai", "Tgl. Berhenti", "Biaya Bulanan"],
        ["P-01", "Toko Maju", 45300, null, 150000],
        ["P-02", "CV Sinar", 45310, 45400, 90000],
      ]),
    );
    expect(roles(p)).to.include({ "Tgl. Mulai": "start_date", "Tgl. Berhenti": "end_date" });
    const malay = proposeMapping(block("Pelanggan", [["ID Pelanggan", "Tkh. Mula", "Tkh. Tamat"], ["P-01", 45300, null], ["P-02", 45310, 45400]]));
    expect(roles(malay)).to.include({ "Tkh. Mula": "start_date", "Tkh. Tamat": "end_date" });
  });

  it("reads Malay headers: Pelanggan, Tarikh, Pendapatan as a sales ledger", () => {
    const p = proposeMapping(
      block("Jualan", [
        ["No Invois", "Pelanggan", "Tarikh", "Pendapatan"],
        ["INV1", "Syarikat A", 45300, 1200],
        ["INV2", "Syarikat B", 45301, 800],
      ]),
    );
    expect(p.dataset).to.equal("invoices");
    expect(roles(p)).to.deep.equal({ "No Invois": null, Pelanggan: "txn_customer", Tarikh: "txn_date", Pendapatan: "txn_amount" });
  });

  it("reads Indonesian survey and marketing headers", () => {
    const survey = proposeMapping(block("Survei", [["Tanggal", "Skor NPS", "Skor Kepuasan"], [45300, 9, 5], [45301, 4, 3]]));
    expect(survey.dataset).to.equal("surveys");
    expect(roles(survey)).to.deep.equal({ Tanggal: "survey_date", "Skor NPS": "nps_score", "Skor Kepuasan": "csat_score" });
    const mkt = proposeMapping(block("Pemasaran", [["Bulan", "Biaya Pemasaran", "Prospek", "Pelanggan Baru"], [45292, 9000, 200, 12], [45323, 9500, 210, 15]]));
    expect(mkt.dataset).to.equal("marketing");
    expect(roles(mkt)).to.deep.equal({ Bulan: "mkt_month", "Biaya Pemasaran": "spend", Prospek: "leads", "Pelanggan Baru": "converted" });
  });

  it("lets the values overrule a header: a 'Date' column of words is not a date", () => {
    const p = proposeMapping(block("Log", [["Date", "Amount"], ["soon", 5], ["later", 6]]), "invoices");
    expect(roles(p).Date).to.equal(null);
    expect(p.missing).to.include("txn_date");
  });

  it("normalises headers: case, accents, punctuation, camelCase", () => {
    expect(normaliseHeader("Tanggal_Mulai (tgl.)")).to.equal("tanggal mulai tgl");
    expect(normaliseHeader("startDate")).to.equal("start date");
    expect(normaliseHeader("Café  NPS")).to.equal("cafe nps");
  });
});

describe("column mapping: validation and persistence", () => {
  const customers = block(
    "Data",
    [
      ["Id", "Start", "End"],
      ["a", 45000, null],
    ],
    "Clients",
  );

  it("rejects a mapping without a required column, naming it", () => {
    expect(() => sourceFromChoice(customers, "customers", ["customer_id", null, "end_date"])).to.throw(/^Customers and subscriptions needs a column for "Start date"\.$/);
  });
  it("rejects one column given two roles, and a role of another dataset", () => {
    const twice = SourceMapping.safeParse({ dataset: "customers", sheet: "Data", address: "A1:C2", columns: { customer_id: "Id", start_date: "Start", end_date: "start" } });
    expect(twice.success).to.equal(false);
    expect(twice.error!.issues.map((i) => i.message).join()).to.match(/two roles/);
    const foreign = SourceMapping.safeParse({ dataset: "customers", sheet: "Data", address: "A1:C2", columns: { customer_id: "Id", start_date: "Start", stage: "End" } });
    expect(foreign.error!.issues.map((i) => i.message).join()).to.match(/"stage" is not a column role of Customers/);
  });
  it("rejects a dataset mapped twice", () => {
    const s = { dataset: "customers", sheet: "Data", address: "A1:C2", columns: { customer_id: "Id", start_date: "Start" } };
    expect(Mapping.safeParse({ version: 1, sources: [s, s] }).success).to.equal(false);
  });

  it("names a table column by structured reference, escaping Excel's special characters", () => {
    const s = sourceFromChoice(block("Data", [["Id", "Start [UTC]", "End"], ["a", 45000, null]], "Clients"), "customers", ["customer_id", "start_date", "end_date"]);
    expect(columnFormula(s, "Start [UTC]", ["Id", "Start [UTC]", "End"])).to.equal("=Clients[Start '[UTC']]");
  });
  it("names a plain range's column by its absolute cells below the header", () => {
    const s = sourceFromChoice({ sheet: "My data", address: "B3:D40", values: [["Id", "Start", "End"], ["a", 45000, null]] }, "customers", ["customer_id", "start_date", "end_date"]);
    expect(columnFormula(s, "End", ["Id", "Start", "End"])).to.equal("='My data'!$D$4:$D$40");
    const names = nameWrites(s, ["Id", "Start", "End"]).map((o) => (o.kind === "name" ? o.name : ""));
    expect(names).to.deep.equal(["CRM_customer_id", "CRM_start_date", "CRM_end_date", "CRM_customers_ok"]);
  });

  it("keeps the mapping in the document and reads it back", async () => {
    const wb = await emptyBook();
    await wb.apply([
      { kind: "addSheet", sheet: "Data" },
      { kind: "cells", sheet: "Data", address: "A1", cells: [["Id", "Start", "End"], ["a", 45000, null]] },
    ]);
    const s = sourceFromChoice({ sheet: "Data", address: "A1:C2", values: [["Id", "Start", "End"], ["a", 45000, null]] }, "customers", ["customer_id", "start_date", "end_date"]);
    const saved = await saveSource(wb, EMPTY_MAPPING, s, ["Id", "Start", "End"]);
    const { mapping, problem } = await loadMapping(wb);
    expect(problem).to.equal(undefined);
    expect(mapping).to.deep.equal(saved);
    expect(wb.names.get("CRM_start_date")!.formula).to.equal("=Data!$B$2");
  });

  it("reports a damaged saved mapping instead of using it", async () => {
    const wb = await emptyBook();
    await wb.setSetting(MAPPING_SETTING, "{not json");
    expect((await loadMapping(wb)).problem).to.match(/damaged/);
    await wb.setSetting(MAPPING_SETTING, JSON.stringify({ version: 1, sources: [{ dataset: "customers", sheet: "D", address: "A1:B9", columns: {} }] }));
    const r = await loadMapping(wb);
    expect(r.mapping.sources).to.deep.equal([]);
    expect(r.problem).to.match(/needs a column for "Customer id"/);
  });
});

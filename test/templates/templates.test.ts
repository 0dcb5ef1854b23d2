/**
 * The metric templates on the sample data, in the in-memory workbook: each native formula
 * equals its CRM function twin (the engine evaluates both), and both equal the metric computed
 * directly in TypeScript from the valid rows, so a spreadsheet-engine quirk cannot hide.
 */
import { expect } from "chai";
import { serialFromYMD } from "../../src/metrics/dates";
import { churnFromDates } from "../../src/metrics/retention";
import { nps } from "../../src/metrics/experience";
import { readSource, writeTemplate } from "../../src/templates/actions";
import { buildTemplate } from "../../src/templates/builder";
import { TemplateDefinition, TEMPLATES } from "../../src/templates/families";
import { mappedRoles, sourceOf, type Mapping, type SourceMapping } from "../../src/templates/mapping";
import { checkQuality } from "../../src/templates/quality";
import type { MemoryWorkbook } from "../../src/workbook/memory";
import type { CellValue, RangeData } from "../../src/workbook/types";
import { sampleBook, TODAY } from "./helpers";

const OCT_START = serialFromYMD(2026, 10, 1);
const OCT_END = serialFromYMD(2026, 10, 31);

/** The valid rows of a mapped source, as objects keyed by role. */
async function validRows(wb: MemoryWorkbook, mapping: Mapping, id: SourceMapping["dataset"]): Promise<Record<string, CellValue>[]> {
  const source = sourceOf(mapping, id)!;
  const block: RangeData = await readSource(wb, source);
  const headers = block.values[0].map((h) => String(h));
  const out: Record<string, CellValue>[] = [];
  for (const row of block.values.slice(1)) {
    if (checkQuality(source, { ...block, values: [block.values[0], row] }).valid !== 1) continue;
    const rec: Record<string, CellValue> = {};
    for (const [role, header] of Object.entries(source.columns)) rec[role] = row[headers.indexOf(header)];
    out.push(rec);
  }
  return out;
}

const num = (v: CellValue) => {
  expect(v, "a number").to.be.a("number");
  return v as number;
};
const close = (a: CellValue, b: number, what: string) => expect(num(a), what).to.be.closeTo(b, 1e-9 * Math.max(1, Math.abs(b)));
const inOct = (d: CellValue) => typeof d === "number" && d >= OCT_START && d < OCT_END + 1;

describe("metric templates on the sample data", function () {
  this.timeout(180000);
  let wb: MemoryWorkbook;
  let mapping: Mapping;
  const built: Record<string, Awaited<ReturnType<typeof writeTemplate>>> = {};

  before(async () => {
    ({ wb, mapping } = await sampleBook());
    for (const t of TEMPLATES) built[t.id] = await writeTemplate(wb, mapping, t.id, { today: TODAY });
  });

  for (const t of TEMPLATES) {
    it(`${t.title}: every native formula equals its CRM twin, in the headline and in each trend month`, () => {
      const b = built[t.id];
      expect(b.skipped, "nothing skipped on the sample").to.deep.equal([]);
      expect(b.twins.map((x) => x.id)).to.deep.equal(t.metrics);
      for (const twin of b.twins) {
        const crm = wb.value(b.sheet, twin.crm);
        close(wb.value(b.sheet, twin.native), num(crm), `${twin.id}: native equals CRM`);
        expect(wb.value(b.sheet, twin.crm.replace(/^B/, "D")), `${twin.id}: the sheet's own check`).to.equal("same");
      }
      for (const m of t.trend.metrics) {
        const crmCol = b.trend.columns[`${m}:crm`];
        const nativeCol = b.trend.columns[`${m}:native`];
        for (let r = b.trend.firstRow; r < b.trend.firstRow + 12; r++) {
          close(wb.value(b.sheet, `${nativeCol}${r}`), num(wb.value(b.sheet, `${crmCol}${r}`)), `${m} in trend row ${r}`);
        }
      }
    });
  }

  it("shows the last full month first (October 2026) and the 12 months to it in the trend", () => {
    const b = built.retention;
    expect(wb.value(b.sheet, "B6")).to.equal(OCT_START);
    expect(wb.value(b.sheet, "B7")).to.equal(OCT_END);
    expect(wb.value(b.sheet, `A${b.trend.firstRow}`)).to.equal(serialFromYMD(2025, 11, 1));
    expect(wb.value(b.sheet, `A${b.trend.firstRow + 11}`)).to.equal(OCT_START);
  });

  it("churn and retention equal the metric computed from the valid customer rows", async () => {
    const rows = await validRows(wb, mapping, "customers");
    const ends = rows.map((r) => (typeof r.end_date === "number" ? r.end_date : null));
    const starts = rows.map((r) => r.start_date as number);
    const churn = churnFromDates(ends, starts, OCT_START, OCT_END) as number;
    const b = built.retention;
    close(wb.value(b.sheet, b.twins.find((x) => x.id === "churn")!.crm), churn, "October churn");
    const atStart = rows.filter((r) => (r.start_date as number) < OCT_START && (r.end_date === null || (r.end_date as number) >= OCT_START)).length;
    const atEnd = rows.filter((r) => (r.start_date as number) <= OCT_END && (r.end_date === null || (r.end_date as number) > OCT_END)).length;
    const fresh = rows.filter((r) => inOct(r.start_date)).length;
    close(wb.value(b.sheet, b.twins.find((x) => x.id === "retention")!.crm), (atEnd - fresh) / atStart, "October retention");
    expect(b.measures.map((m) => wb.value(b.sheet, m.cell))).to.deep.equal([atStart, fresh, Math.round(churn * atStart), atEnd]);
  });

  it("NPS, CSAT, win rate, CPL and CAC equal the metric computed from the valid rows", async () => {
    const answers = (await validRows(wb, mapping, "surveys")).filter((r) => inOct(r.survey_date));
    const scores = answers.filter((r) => typeof r.nps_score === "number").map((r) => r.nps_score as number);
    const e = built.experience;
    close(wb.value(e.sheet, e.twins.find((x) => x.id === "nps")!.crm), nps(scores) as number, "October NPS");
    const csat = answers.filter((r) => typeof r.csat_score === "number").map((r) => r.csat_score as number);
    close(wb.value(e.sheet, e.twins.find((x) => x.id === "csat")!.crm), csat.filter((s) => s >= 4).length / csat.length, "October CSAT");

    const deals = (await validRows(wb, mapping, "deals")).filter((r) => inOct(r.deal_closed));
    const won = deals.filter((r) => r.deal_outcome === "Won").length;
    const lost = deals.filter((r) => r.deal_outcome === "Lost").length;
    const s = built.sales;
    close(wb.value(s.sheet, s.twins.find((x) => x.id === "win_rate")!.crm), won / (won + lost), "October win rate");

    const month = (await validRows(wb, mapping, "marketing")).find((r) => r.mkt_month === OCT_START)!;
    const m = built.marketing;
    close(wb.value(m.sheet, m.twins.find((x) => x.id === "cpl")!.crm), (month.spend as number) / (month.leads as number), "October CPL");
    const fresh = (await validRows(wb, mapping, "customers")).filter((r) => inOct(r.start_date)).length;
    close(wb.value(m.sheet, m.twins.find((x) => x.id === "cac")!.crm), (month.spend as number) / fresh, "October CAC");
  });

  it("puts CRM.STAGEDURATION's table on the sales sheet, spilled from the stage history", () => {
    const b = built.sales;
    const values = wb.values()[b.sheet];
    const at = values.findIndex((r) => r[0] === "Stage" || r[0] === "stage");
    expect(at, "the spilled header row").to.be.greaterThan(0);
    const stages = values.slice(at + 1, at + 7).map((r) => r[0]);
    expect(stages).to.deep.equal(["Lead", "Qualified", "Proposal", "Negotiation", "Won", "Lost"]);
  });

  it("writes only into the sheets it adds, and formulas read the data through the mapping's names", () => {
    for (const b of Object.values(built)) {
      for (const step of b.steps) for (const op of step.ops) if ("sheet" in op) expect(op.sheet).to.equal(b.sheet);
      const twin = b.twins[0];
      const crm = String(wb.input(b.sheet, twin.crm));
      const native = String(wb.input(b.sheet, twin.native));
      expect(crm).to.match(/^=CRM\./);
      expect(native).to.match(/^=/).and.not.match(/CRM\./);
      expect(native).to.match(/CRM_\w+_ok/);
    }
  });

  it("recalculates when the period control or the data change", async () => {
    const b = built.retention;
    await wb.apply([{ kind: "cells", sheet: b.sheet, address: "B4", cells: [["Quarter"]] }]);
    expect(wb.value(b.sheet, "B6")).to.equal(OCT_START);
    expect(wb.value(b.sheet, "B7")).to.equal(serialFromYMD(2026, 12, 31));
    await wb.apply([{ kind: "cells", sheet: b.sheet, address: "B5", cells: [[serialFromYMD(2026, 5, 17)]] }]);
    const q2 = [serialFromYMD(2026, 4, 1), serialFromYMD(2026, 6, 30)];
    expect([wb.value(b.sheet, "B6"), wb.value(b.sheet, "B7")]).to.deep.equal(q2);
    const churnCell = b.twins.find((x) => x.id === "churn")!.crm;
    const expected = async () => {
      const rows = await validRows(wb, mapping, "customers");
      return churnFromDates(
        rows.map((r) => (typeof r.end_date === "number" ? r.end_date : null)),
        rows.map((r) => r.start_date as number),
        q2[0],
        q2[1],
      ) as number;
    };
    close(wb.value(b.sheet, churnCell), await expected(), "Q2 churn");
    const before = num(wb.value(b.sheet, churnCell));
    // A customer from 2020 who left in May: one more active at the start, one more lost.
    await wb.apply([{ kind: "appendRows", table: "Customers", cells: [["C-9999", "Late Entry", "SMB", "Jakarta", serialFromYMD(2020, 1, 1), serialFromYMD(2026, 5, 20), 99]] }]);
    const after = num(wb.value(b.sheet, churnCell));
    expect(after).to.be.greaterThan(before);
    close(after, await expected(), "Q2 churn with the new row");
    close(wb.value(b.sheet, b.twins.find((x) => x.id === "churn")!.native), after, "the native twin follows");
  });

  it("adds (2) to a sheet name the user already has, and leaves their sheet alone", async () => {
    const { wb: other, mapping: m } = await sampleBook({
      before: async (w) => {
        await w.apply([
          { kind: "addSheet", sheet: "Retention and churn" },
          { kind: "cells", sheet: "Retention and churn", address: "A1", cells: [["my notes"]] },
        ]);
      },
    });
    const b = buildTemplate("retention", { mapped: mappedRoles(m), formula: { won: ["Won"], lost: ["Lost"] }, periodDate: OCT_END, sheetsTaken: await other.sheetNames() });
    expect(b.sheet).to.equal("Retention and churn (2)");
    for (const step of b.steps) await other.apply(step.ops);
    expect(other.input("Retention and churn", "A1")).to.equal("my notes");
    expect((await other.read("Retention and churn", "A1:F30")).values.flat().filter((v) => v !== null)).to.deep.equal(["my notes"]);
  });

  it("leaves out a metric whose columns are not mapped and says which to map", () => {
    const roles = new Set([...mappedRoles(mapping)].filter((r) => r !== "mrr"));
    const b = buildTemplate("retention", { mapped: roles, formula: { won: ["Won"], lost: ["Lost"] }, periodDate: OCT_END, sheetsTaken: [] });
    expect(b.skipped).to.deep.equal([{ id: "grr", label: "Gross MRR retention", missing: ["mrr"] }]);
    expect(() => buildTemplate("sales", { mapped: new Set(), formula: { won: ["Won"], lost: ["Lost"] }, periodDate: OCT_END, sheetsTaken: [] })).to.throw(/needs these columns mapped first: .*Closed date/);
  });
});

describe("template definitions (zod)", () => {
  const base = TEMPLATES[0];
  it("accept the shipped templates", () => {
    for (const t of TEMPLATES) expect(TemplateDefinition.safeParse(t).success, t.id).to.equal(true);
  });
  it("reject an unknown metric, a measure among the metrics, and a chart of more series than the trend has", () => {
    const msg = (x: unknown) => (TemplateDefinition.safeParse(x).error?.issues ?? []).map((i) => i.message).join(" | ");
    expect(msg({ ...base, metrics: ["churn", "happiness"] })).to.match(/"happiness" is not in the metric catalogue/);
    expect(msg({ ...base, metrics: ["customers_new"] })).to.match(/"customers_new" has no CRM function twin/);
    expect(msg({ ...base, chart: { ...base.chart, series: 5 } })).to.match(/more series than the trend has/);
    expect(msg({ ...base, metrics: [] })).to.match(/at least one metric/);
  });
});

import { expect } from "chai";
import { serialFromYMD } from "../../src/metrics/dates";
import { sampleData, sampleWindow } from "../../src/sample/sample";
import { sampleWrites, uniqueTableName } from "../../src/sample/insert";

const AS_OF = serialFromYMD(2026, 11, 23);

describe("sample dataset", () => {
  const tables = sampleData({ asOf: AS_OF });
  const byName = Object.fromEntries(tables.map((t) => [t.sheet, t]));

  it("covers the two years before the month of as-of", () => {
    const w = sampleWindow(AS_OF);
    expect([w.first, w.last, w.months.length]).to.deep.equal([serialFromYMD(2024, 11, 1), serialFromYMD(2026, 10, 31), 24]);
    expect(byName.Marketing.rows.map((r) => r[0])).to.deep.equal(w.months);
    const invoiceDates = byName.Invoices.rows.map((r) => r[2] as number);
    expect(Math.min(...invoiceDates)).to.be.at.least(w.first);
    expect(Math.max(...invoiceDates)).to.be.at.most(w.last);
  });

  it("is the same for the same seed and different for another", () => {
    expect(sampleData({ asOf: AS_OF })).to.deep.equal(tables);
    expect(sampleData({ asOf: AS_OF, seed: 7 })[0].rows).to.not.deep.equal(tables[0].rows);
  });

  it("holds every dataset the templates use, with realistic sizes", () => {
    expect(tables.map((t) => t.sheet)).to.deep.equal(["Customers", "Invoices", "Deals", "Deal stages", "Tickets", "Surveys", "Marketing"]);
    expect(byName.Customers.rows.length).to.be.within(300, 800);
    const outcomes = new Set(byName.Deals.rows.map((r) => r[5]));
    expect(outcomes).to.deep.equal(new Set(["Won", "Lost", null]));
    const nps = byName.Surveys.rows.map((r) => r[3]).filter((v) => typeof v === "number") as number[];
    expect(Math.min(...nps)).to.equal(0);
  });

  it("includes the deliberate flaws only when asked", () => {
    const clean = sampleData({ asOf: AS_OF, flaws: false });
    const ids = (t: typeof tables) => t[0].rows.map((r) => r[0]);
    expect(new Set(ids(clean)).size).to.equal(ids(clean).length);
    expect(new Set(ids(tables)).size).to.equal(ids(tables).length - 1);
    expect(tables[0].rows.some((r) => r[6] === "n/a")).to.equal(true);
  });

  it("goes onto new sheets and tables with unique names, never onto the user's", () => {
    const { ops, inserted } = sampleWrites(tables, ["Customers", "Sheet1"], ["Customers", "Deals"]);
    expect(inserted.map((i) => [i.sheet, i.table]).slice(0, 3)).to.deep.equal([
      ["Customers (2)", "Customers2"],
      ["Invoices", "Invoices"],
      ["Deals", "Deals2"],
    ]);
    const added = ops.filter((o) => o.kind === "addSheet").map((o) => ("sheet" in o ? o.sheet : ""));
    for (const op of ops) if ("sheet" in op) expect(added).to.include(op.sheet);
    expect(uniqueTableName("Deal stages", [])).to.equal("Dealstages");
  });
});

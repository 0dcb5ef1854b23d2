import { expect } from "chai";
import { formula, value } from "../harness/formulas";
import { loadEngine } from "../harness/node";

/** Asserts a #VALUE! (or #N/A) whose message matches `pattern`. */
async function expectMessage(text: string, columns: Parameters<typeof formula>[1], code: string, pattern: RegExp) {
  const r = await formula(text, columns);
  expect(r.value).to.equal(code);
  expect(r.message).to.match(pattern);
}

describe("CRM.CLOSERATE (formulas)", () => {
  it("holds seed 002's example: 100 prospects, 30 closed → 30%", async () => {
    expect(await value("=CRM.CLOSERATE(30, 100)")).to.equal(0.3);
    expect(await value("=CRM.CLOSERATE(A1, A2)", { A: [30, 100] })).to.equal(0.3);
  });
  it("gives the win rate when opportunities is won + lost", async () => {
    expect(await value("=CRM.CLOSERATE(A1, A1+A2)", { A: [12, 36] })).to.equal(0.25);
  });
  it("is 0 when nothing was won", async () => {
    expect(await value("=CRM.CLOSERATE(0, 40)")).to.equal(0);
  });
  it("is #NUM! when won exceeds opportunities", async () => {
    expect(await value("=CRM.CLOSERATE(101, 100)")).to.equal("#NUM!");
  });
  it("is #NUM! for a negative or fractional count", async () => {
    expect(await value("=CRM.CLOSERATE(-1, 100)")).to.equal("#NUM!");
    expect(await value("=CRM.CLOSERATE(30, -100)")).to.equal("#NUM!");
    expect(await value("=CRM.CLOSERATE(2.5, 100)")).to.equal("#NUM!");
  });
  it("is #DIV/0! with no opportunities", async () => {
    expect(await value("=CRM.CLOSERATE(0, 0)")).to.equal("#DIV/0!");
  });
  it("is #VALUE! naming the argument for text or a blank cell", async () => {
    await expectMessage("=CRM.CLOSERATE(A1, A2)", { A: ["thirty", 100] }, "#VALUE!", /^won holds text "thirty"/);
    await expectMessage("=CRM.CLOSERATE(A1, A2)", { A: [30, null] }, "#VALUE!", /^opportunities is empty/);
  });
  it("is #VALUE! for a range where a count is needed", async () => {
    await expectMessage("=CRM.CLOSERATE(A1:A2, 100)", { A: [10, 20] }, "#VALUE!", /won takes one (number|value), not a range of 2 cells/);
  });
  it("passes an error in an input cell through", async () => {
    expect(await value("=CRM.CLOSERATE(A1, 100)", { A: ["=NA()"] })).to.equal("#N/A");
  });
});

describe("CRM.LEADCONVERSION (formulas)", () => {
  it("is converted ÷ leads: 45 of 300 → 15%", async () => {
    expect(await value("=CRM.LEADCONVERSION(A1, A2)", { A: [45, 300] })).to.equal(0.15);
  });
  it("is #NUM! when more converted than leads, or a negative count", async () => {
    expect(await value("=CRM.LEADCONVERSION(301, 300)")).to.equal("#NUM!");
    expect(await value("=CRM.LEADCONVERSION(-5, 300)")).to.equal("#NUM!");
  });
  it("is #DIV/0! with no leads", async () => {
    expect(await value("=CRM.LEADCONVERSION(0, 0)")).to.equal("#DIV/0!");
  });
  it("is #VALUE! for text", async () => {
    await expectMessage("=CRM.LEADCONVERSION(A1, A2)", { A: [45, "many"] }, "#VALUE!", /^leads holds text "many"/);
  });
});

describe("CRM.CPL (formulas)", () => {
  it("divides spend by leads: 5,000 for 250 leads → 20", async () => {
    expect(await value("=CRM.CPL(5000, 250)")).to.equal(20);
  });
  it("sums a spend range, skipping blanks", async () => {
    // campaign spends 1,200 + 2,500 + 1,300 = 5,000 over 200 leads
    expect(await value("=CRM.CPL(A1:A4, B1)", { A: [1200, null, 2500, 1300], B: [200] })).to.equal(25);
  });
  it("sums a block of spend (channels × months)", async () => {
    expect(await value("=CRM.CPL(A1:B2, 100)", { A: [100, 200], B: [300, 400] })).to.equal(10);
  });
  it("is #VALUE! naming the cell for text in the spend range", async () => {
    await expectMessage("=CRM.CPL(A1:A3, 10)", { A: [100, "n/a", 300] }, "#VALUE!", /spend \(row 2, column 1 of the range\) holds text "n\/a"/);
  });
  it("is #VALUE! for an empty spend range (no data is not zero cost)", async () => {
    await expectMessage("=CRM.CPL(A1:A3, 10)", { A: [null, null, null] }, "#VALUE!", /spend is empty/);
  });
  it("is #NUM! for negative spend or a negative lead count", async () => {
    expect(await value("=CRM.CPL(A1:A2, 10)", { A: [100, -50] })).to.equal("#NUM!");
    expect(await value("=CRM.CPL(100, -10)")).to.equal("#NUM!");
  });
  it("is #DIV/0! with no leads", async () => {
    expect(await value("=CRM.CPL(5000, 0)")).to.equal("#DIV/0!");
  });
});

describe("CRM.SALESGROWTH (formulas)", () => {
  it("is (current − previous) ÷ previous: 115,000 after 100,000 → 15%", async () => {
    expect(await value("=CRM.SALESGROWTH(115000, 100000)")).to.be.closeTo(0.15, 1e-12);
  });
  it("is negative when sales fell", async () => {
    expect(await value("=CRM.SALESGROWTH(A1, A2)", { A: [80000, 100000] })).to.be.closeTo(-0.2, 1e-12);
  });
  it("sums ranges of monthly sales", async () => {
    // this quarter 30+40+50 = 120 against last quarter 20+30+50 = 100
    expect(await value("=CRM.SALESGROWTH(A1:A3, B1:B3)", { A: [30, 40, 50], B: [20, 30, 50] })).to.be.closeTo(0.2, 1e-12);
  });
  it("is #DIV/0! when previous sales are zero", async () => {
    expect(await value("=CRM.SALESGROWTH(5000, 0)")).to.equal("#DIV/0!");
    expect(await value("=CRM.SALESGROWTH(A1, B1:B2)", { A: [5000], B: [0, 0] })).to.equal("#DIV/0!");
  });
  it("is #NUM! when previous sales are negative", async () => {
    expect(await value("=CRM.SALESGROWTH(5000, -100)")).to.equal("#NUM!");
  });
  it("is #VALUE! naming the cell for text among sales", async () => {
    await expectMessage("=CRM.SALESGROWTH(A1:A3, 100)", { A: [30, 40, "fifty"] }, "#VALUE!", /current \(row 3, column 1 of the range\)/);
  });
});

describe("CRM.QUOTA (formulas)", () => {
  it("divides total sales by total quota across reps", async () => {
    // reps sold 40,000 and 55,000 against quotas of 50,000 each → 95%
    expect(await value("=CRM.QUOTA(A1:A2, B1:B2)", { A: [40000, 55000], B: [50000, 50000] })).to.equal(0.95);
  });
  it("takes single numbers and may exceed 100%", async () => {
    expect(await value("=CRM.QUOTA(120000, 100000)")).to.equal(1.2);
  });
  it("is #DIV/0! for a zero quota", async () => {
    expect(await value("=CRM.QUOTA(1000, 0)")).to.equal("#DIV/0!");
  });
  it("is #NUM! for a negative quota cell", async () => {
    expect(await value("=CRM.QUOTA(1000, A1:A2)", { A: [500, -100] })).to.equal("#NUM!");
  });
  it("is #VALUE! naming the cell for text among quotas", async () => {
    await expectMessage("=CRM.QUOTA(1000, A1:A2)", { A: [500, "TBD"] }, "#VALUE!", /quota \(row 2, column 1 of the range\) holds text "TBD"/);
  });
});

describe("CRM.UPSELLRATE (formulas)", () => {
  it("is upsold ÷ customers: 12 of 80 → 15%", async () => {
    expect(await value("=CRM.UPSELLRATE(12, 80)")).to.equal(0.15);
  });
  it("is #NUM! when more upsold than customers", async () => {
    expect(await value("=CRM.UPSELLRATE(81, 80)")).to.equal("#NUM!");
  });
  it("is #DIV/0! with no customers", async () => {
    expect(await value("=CRM.UPSELLRATE(0, 0)")).to.equal("#DIV/0!");
  });
  it("is #VALUE! for text", async () => {
    await expectMessage("=CRM.UPSELLRATE(A1, 80)", { A: ["twelve"] }, "#VALUE!", /^upsold holds text/);
  });
});

describe("CRM.LISTGROWTH (formulas)", () => {
  it("is (new − unsubscribed) ÷ list at start: 300 joined, 100 left of 5,000 → 4%", async () => {
    expect(await value("=CRM.LISTGROWTH(300, 100, 5000)")).to.equal(0.04);
  });
  it("is negative when more left than joined", async () => {
    expect(await value("=CRM.LISTGROWTH(A1, A2, A3)", { A: [100, 300, 5000] })).to.equal(-0.04);
  });
  it("is #DIV/0! for an empty list at start", async () => {
    expect(await value("=CRM.LISTGROWTH(10, 0, 0)")).to.equal("#DIV/0!");
  });
  it("is #NUM! when more unsubscribed than could have been on the list", async () => {
    expect(await value("=CRM.LISTGROWTH(10, 111, 100)")).to.equal("#NUM!");
    expect(await value("=CRM.LISTGROWTH(10, 110, 100)")).to.equal(-1);
  });
  it("is #NUM! for a negative count", async () => {
    expect(await value("=CRM.LISTGROWTH(-10, 0, 100)")).to.equal("#NUM!");
  });
  it("is #VALUE! for text", async () => {
    await expectMessage("=CRM.LISTGROWTH(10, 0, A1)", { A: ["5k"] }, "#VALUE!", /^list_size_start holds text "5k"/);
  });
});

// Purchases for NETNEWREVENUE over February 2024. New in February: B (first 02-01, the first day)
// and D (written "D" and "d"); A bought in January, C first in March, E first on 01-31 although
// E's February row comes first in the sheet. New revenue: B 150 + 50, D 70 + 30 = 300.
const PURCHASES = {
  A: ["A", "A", "B", "B", "B", "C", "D", "d", "E", "E"],
  B: ["2024-01-15", "2024-02-10", "2024-02-01", "2024-02-29", "2024-03-05", "2024-03-01", "2024-02-20", "2024-02-21", "2024-02-15", "2024-01-31"],
  C: [100, 200, 150, 50, 80, 500, 70, 30, 40, 10],
};
const NNR = '=CRM.NETNEWREVENUE(A1:A10, B1:B10, C1:C10, "2024-02-01", "2024-02-29")';

describe("CRM.NETNEWREVENUE (formulas)", () => {
  it("sums the period's revenue from customers whose first purchase is in the period", async () => {
    expect(await value(NNR, PURCHASES)).to.equal(300);
  });
  it("gives the same with dates typed as ISO text and bounds as DATE()", async () => {
    const iso = { ...PURCHASES, B: PURCHASES.B.map((d) => `'${d}`) };
    expect(await value("=CRM.NETNEWREVENUE(A1:A10, B1:B10, C1:C10, DATE(2024,2,1), DATE(2024,2,29))", iso)).to.equal(300);
  });
  it("includes both ends of the period, whatever the time of day", async () => {
    // B's 02-29 purchase at 18:00 is still inside a period ending 02-29
    const late = { ...PURCHASES, B: PURCHASES.B.map((d, i) => (i === 3 ? "=DATE(2024,2,29)+0.75" : d)) };
    expect(await value(NNR, late)).to.equal(300);
    // moving the start one day later makes B's first purchase fall before the period
    expect(await value('=CRM.NETNEWREVENUE(A1:A10, B1:B10, C1:C10, "2024-02-02", "2024-02-29")', PURCHASES)).to.equal(100);
  });
  it("counts numeric customer ids", async () => {
    const cols = { A: [7, 7, 8], B: ["2024-02-03", "2024-02-04", "2024-01-04"], C: [10, 20, 40] };
    expect(await value('=CRM.NETNEWREVENUE(A1:A3, B1:B3, C1:C3, "2024-02-01", "2024-02-29")', cols)).to.equal(30);
  });
  it("skips blank rows", async () => {
    const gappy = { A: [...PURCHASES.A.slice(0, 5), null, ...PURCHASES.A.slice(5)], B: [...PURCHASES.B.slice(0, 5), null, ...PURCHASES.B.slice(5)], C: [...PURCHASES.C.slice(0, 5), null, ...PURCHASES.C.slice(5)] };
    expect(await value('=CRM.NETNEWREVENUE(A1:A11, B1:B11, C1:C11, "2024-02-01", "2024-02-29")', gappy)).to.equal(300);
  });
  it("is 0 when the period has purchases but no new customer", async () => {
    expect(await value('=CRM.NETNEWREVENUE(A1:A10, B1:B10, C1:C10, "2024-04-01", "2024-04-30")', PURCHASES)).to.equal(0);
  });
  it("is #VALUE! naming the row for an id without a date", async () => {
    const noDate = { ...PURCHASES, B: PURCHASES.B.map((d, i) => (i === 2 ? null : d)) };
    await expectMessage(NNR, noDate, "#VALUE!", /row 3 \(customer "B"\) has no date/);
  });
  it("is #VALUE! naming the row for an amount without a customer", async () => {
    const noId = { ...PURCHASES, A: PURCHASES.A.map((d, i) => (i === 4 ? null : d)) };
    await expectMessage(NNR, noId, "#VALUE!", /row 5 has a purchase but customer_ids is blank/);
  });
  it("is #VALUE! naming the cell for text in dates or amounts", async () => {
    await expectMessage(NNR, { ...PURCHASES, B: PURCHASES.B.map((d, i) => (i === 6 ? "last week" : d)) }, "#VALUE!", /dates \(row 7, column 1 of the range\) holds text "last week", not a date/);
    await expectMessage(NNR, { ...PURCHASES, C: PURCHASES.C.map((d, i) => (i === 1 ? "200 USD" : d)) }, "#VALUE!", /amounts \(row 2, column 1 of the range\) holds text "200 USD"/);
  });
  it("is #VALUE! for ranges of different sizes", async () => {
    await expectMessage('=CRM.NETNEWREVENUE(A1:A10, B1:B9, C1:C10, "2024-02-01", "2024-02-29")', PURCHASES, "#VALUE!", /customer_ids has 10 cells but dates has 9/);
  });
  it("is #VALUE! when there are no purchases at all", async () => {
    await expectMessage('=CRM.NETNEWREVENUE(A1:A3, B1:B3, C1:C3, "2024-02-01", "2024-02-29")', { D: [1] }, "#VALUE!", /no purchases/);
  });
  it("is #VALUE! for a period bound that is not a date", async () => {
    await expectMessage('=CRM.NETNEWREVENUE(A1:A10, B1:B10, C1:C10, "February", "2024-02-29")', PURCHASES, "#VALUE!", /period_start holds text "February"/);
  });
  it("passes an error in an input cell through", async () => {
    expect(await value(NNR, { ...PURCHASES, C: PURCHASES.C.map((d, i) => (i === 4 ? "=1/0" : d)) })).to.equal("#DIV/0!");
  });
  it("is #NUM! when the period starts after it ends", async () => {
    expect(await value('=CRM.NETNEWREVENUE(A1:A10, B1:B10, C1:C10, "2024-03-01", "2024-02-01")', PURCHASES)).to.equal("#NUM!");
  });
});

// Deals for SALESCYCLE: 30 days (won), 60 days (lost, over 2024-02-29), open, 10 days (won).
const DEALS = {
  A: ["2024-01-01", "2024-01-10", "2024-02-01", "2024-02-05"],
  B: ["2024-01-31", "2024-03-10", null, "2024-02-15"],
  C: ["Won", "lost", null, "menang"],
};

describe("CRM.SALESCYCLE (formulas)", () => {
  it("averages days from created to closed over closed deals, skipping open ones", async () => {
    expect(await value("=CRM.SALESCYCLE(A1:A4, B1:B4)", DEALS)).to.be.closeTo(100 / 3, 1e-9);
  });
  it("counts won deals only when outcomes are given", async () => {
    expect(await value("=CRM.SALESCYCLE(A1:A4, B1:B4, C1:C4)", DEALS)).to.equal(20);
  });
  it("reads outcomes as TRUE/FALSE, 1/0 and kalah/menang too", async () => {
    expect(await value("=CRM.SALESCYCLE(A1:A4, B1:B4, C1:C4)", { ...DEALS, C: [true, "kalah", null, 1] })).to.equal(20);
    expect(await value("=CRM.SALESCYCLE(A1:A4, B1:B4, C1:C4)", { ...DEALS, C: [false, "WON", null, 0] })).to.equal(60);
  });
  it("gives the same with dates as ISO text as with date cells", async () => {
    const iso = { A: DEALS.A.map((d) => `'${d}`), B: DEALS.B.map((d) => (d ? `="${d}"` : null)), C: DEALS.C };
    expect(await value("=CRM.SALESCYCLE(A1:A4, B1:B4, C1:C4)", iso)).to.equal(20);
  });
  it("skips blank rows", async () => {
    const gappy = { A: [null, ...DEALS.A], B: [null, ...DEALS.B], C: [null, ...DEALS.C] };
    expect(await value("=CRM.SALESCYCLE(A1:A5, B1:B5, C1:C5)", gappy)).to.equal(20);
  });
  it("is #NUM! when a deal closed before it was created", async () => {
    expect(await value("=CRM.SALESCYCLE(A1:A4, B1:B4)", { ...DEALS, B: ["2023-12-31", ...DEALS.B.slice(1)] })).to.equal("#NUM!");
  });
  it("is #DIV/0! with no closed deals, or no won deals", async () => {
    expect(await value("=CRM.SALESCYCLE(A1:A2, B1:B2)", { A: ["2024-01-01", "2024-01-02"], B: [null, null] })).to.equal("#DIV/0!");
    expect(await value("=CRM.SALESCYCLE(A1:A4, B1:B4, C1:C4)", { ...DEALS, C: ["lost", "lost", null, "lost"] })).to.equal("#DIV/0!");
  });
  it("is #VALUE! naming the cell for text in a date column", async () => {
    await expectMessage("=CRM.SALESCYCLE(A1:A4, B1:B4)", { ...DEALS, A: ["2024-01-01", "soon", ...DEALS.A.slice(2)] }, "#VALUE!", /created_dates \(row 2, column 1 of the range\) holds text "soon"/);
  });
  it("is #VALUE! naming the cell for an outcome it cannot read", async () => {
    await expectMessage("=CRM.SALESCYCLE(A1:A4, B1:B4, C1:C4)", { ...DEALS, C: ["Won", "maybe", null, "won"] }, "#VALUE!", /outcomes \(row 2, column 1 of the range\) holds text "maybe"/);
  });
  it("is #VALUE! for a closed deal without a created date or an outcome, or won without closing", async () => {
    await expectMessage("=CRM.SALESCYCLE(A1:A4, B1:B4)", { ...DEALS, A: [null, ...DEALS.A.slice(1)] }, "#VALUE!", /row 1 has a closed date but created_dates is blank/);
    await expectMessage("=CRM.SALESCYCLE(A1:A4, B1:B4, C1:C4)", { ...DEALS, C: ["won", null, null, "won"] }, "#VALUE!", /row 2 is closed but outcomes is blank/);
    await expectMessage("=CRM.SALESCYCLE(A1:A4, B1:B4, C1:C4)", { ...DEALS, C: ["won", "lost", "won", "won"] }, "#VALUE!", /row 3 is marked won in outcomes but closed_dates is blank/);
  });
  it("is #VALUE! for ranges of different sizes", async () => {
    await expectMessage("=CRM.SALESCYCLE(A1:A4, B1:B3)", DEALS, "#VALUE!", /created_dates has 4 cells but closed_dates has 3/);
    await expectMessage("=CRM.SALESCYCLE(A1:A4, B1:B4, C1:C2)", DEALS, "#VALUE!", /created_dates has 4 cells but outcomes has 2/);
  });
});

// A stage log for STAGEDURATION, rows not in date order within a deal (D4's Proposal row comes
// before its Qualified row) and D4 going back from Qualified to Lead. By deal, sorted by date:
//   D1: Lead 01-01, Qualified 01-11, Proposal 01-21, Won 02-05
//   D2: Lead 01-05, Qualified 01-25
//   D3: Lead 01-10
//   D4: Lead 01-03, Qualified 01-08, Lead 01-12, Proposal 01-20
const LOG = {
  A: ["D1", "D2", "D1", "D3", "D4", "D4", "D1", "D4", "D2", "D4", "D1"],
  B: ["Lead", "Lead", "Qualified", "Lead", "Lead", "Proposal", "Proposal", "lead", "Qualified", "Qualified", "Won"],
  C: ["2024-01-01", "2024-01-05", "2024-01-11", "2024-01-10", "2024-01-03", "2024-01-20", "2024-01-21", "2024-01-12", "2024-01-25", "2024-01-08", "2024-02-05"],
};
const HEADER = ["stage", "deals", "average days", "median days", "moved on share"];

describe("CRM.STAGEDURATION (formulas)", () => {
  it("spills a header row and one row per stage in order of first appearance (no as_of)", async () => {
    const r = await formula("=CRM.STAGEDURATION(A1:A11, B1:B11, C1:C11)", LOG);
    expect(r.spill[0]).to.deep.equal(HEADER);
    // Lead: D1 10, D2 20, D4 5 + 8 = 13 (D3 still there, unmeasured); moved on: D1, D2, D4
    expect(r.spill[1][0]).to.equal("Lead");
    expect(r.spill[1][1]).to.equal(4);
    expect(r.spill[1][2]).to.be.closeTo(43 / 3, 1e-9);
    expect(r.spill[1].slice(3)).to.deep.equal([13, 0.75]);
    // Qualified: D1 10, D4 4 (D2 current); moved on: D1, and D4 (Proposal after going back)
    expect(r.spill[2].slice(0, 4)).to.deep.equal(["Qualified", 3, 7, 7]);
    expect(r.spill[2][4]).to.be.closeTo(2 / 3, 1e-9);
    // Proposal: D1 15 (D4 current); moved on: D1 only
    expect(r.spill[3]).to.deep.equal(["Proposal", 2, 15, 15, 0.5]);
    // Won: only D1, whose time there is not measured without as_of: AVERAGE and MEDIAN of nothing
    expect(r.spill[4]).to.deep.equal(["Won", 1, "#DIV/0!", "#NUM!", 0]);
    expect(r.spill).to.have.length(5);
  });
  it("counts time in the current stage up to as_of", async () => {
    const r = await formula('=CRM.STAGEDURATION(A1:A11, B1:B11, C1:C11, "2024-02-10")', LOG);
    expect(r.spill).to.deep.equal([
      HEADER,
      ["Lead", 4, 18.5, 16.5, 0.75], // D1 10, D2 20, D3 31, D4 13
      ["Qualified", 3, 10, 10, r.spill[2][4]], // D1 10, D2 16, D4 4
      ["Proposal", 2, 18, 18, 0.5], // D1 15, D4 21
      ["Won", 1, 5, 5, 0], // D1 02-05 → 02-10
    ]);
    expect(r.spill[2][4]).to.be.closeTo(2 / 3, 1e-9);
  });
  it("ignores entries after as_of, keeping every stage in the table", async () => {
    const r = await formula("=CRM.STAGEDURATION(A1:A11, B1:B11, C1:C11, DATE(2024,1,15))", LOG);
    expect(r.spill).to.deep.equal([
      HEADER,
      ["Lead", 4, 8.25, 9, 0.5], // D1 10, D2 10, D3 5, D4 5 + 3
      ["Qualified", 2, 4, 4, 0], // D1 4, D4 4; D4 went back to Lead, which is not later
      ["Proposal", 0, "#DIV/0!", "#NUM!", "#DIV/0!"],
      ["Won", 0, "#DIV/0!", "#NUM!", "#DIV/0!"],
    ]);
  });
  it("gives the same with entered dates as ISO text and numeric deal ids", async () => {
    const ids = { D1: 101, D2: 102, D3: 103, D4: 104 } as Record<string, number>;
    const cols = { A: LOG.A.map((d) => ids[d]), B: LOG.B, C: LOG.C.map((d) => `'${d}`) };
    const r = await formula('=CRM.STAGEDURATION(A1:A11, B1:B11, C1:C11, "2024-02-10")', cols);
    expect(r.spill[1]).to.deep.equal(["Lead", 4, 18.5, 16.5, 0.75]);
    expect(r.spill[4]).to.deep.equal(["Won", 1, 5, 5, 0]);
  });
  it("skips blank rows", async () => {
    const gappy = { A: [null, ...LOG.A], B: [null, ...LOG.B], C: [null, ...LOG.C] };
    const r = await formula('=CRM.STAGEDURATION(A1:A12, B1:B12, C1:C12, "2024-02-10")', gappy);
    expect(r.spill[1]).to.deep.equal(["Lead", 4, 18.5, 16.5, 0.75]);
    expect(r.spill).to.have.length(5);
  });
  it("is #VALUE! naming the row for a stage entry without a date", async () => {
    await expectMessage("=CRM.STAGEDURATION(A1:A11, B1:B11, C1:C11)", { ...LOG, C: LOG.C.map((d, i) => (i === 3 ? null : d)) }, "#VALUE!", /row 4 \(deal "D3"\) has no date/);
  });
  it("is #VALUE! naming the cell for text in entered_dates", async () => {
    await expectMessage("=CRM.STAGEDURATION(A1:A11, B1:B11, C1:C11)", { ...LOG, C: LOG.C.map((d, i) => (i === 5 ? "Jan 20" : d)) }, "#VALUE!", /entered_dates \(row 6, column 1 of the range\) holds text "Jan 20"/);
  });
  it("is #VALUE! for a bad as_of", async () => {
    await expectMessage('=CRM.STAGEDURATION(A1:A11, B1:B11, C1:C11, "today")', LOG, "#VALUE!", /as_of holds text "today"/);
  });
  it("is #VALUE! for ranges of different sizes", async () => {
    await expectMessage("=CRM.STAGEDURATION(A1:A11, B1:B10, C1:C11)", LOG, "#VALUE!", /deal_ids has 11 cells but stages has 10/);
  });
  it("passes an error in an input cell through", async () => {
    expect(await value("=CRM.STAGEDURATION(A1:A11, B1:B11, C1:C11)", { ...LOG, B: LOG.B.map((d, i) => (i === 2 ? "=NA()" : d)) })).to.equal("#N/A");
  });
  it("is #VALUE! for an empty log", async () => {
    await expectMessage("=CRM.STAGEDURATION(A1:A3, B1:B3, C1:C3)", { D: [1] }, "#VALUE!", /no stage entries/);
  });
});

describe("README worked examples for sales and marketing", () => {
  it("NETNEWREVENUE: 270", async () => {
    const cols = { A: ["A", "A", "B", "B", "B", "D"], B: ["2024-01-15", "2024-02-10", "2024-02-01", "2024-02-29", "2024-03-05", "2024-02-20"], C: [100, 200, 150, 50, 80, 70] };
    expect(await value('=CRM.NETNEWREVENUE(A1:A6, B1:B6, C1:C6, "2024-02-01", "2024-02-29")', cols)).to.equal(270);
  });
  it("STAGEDURATION: the three-stage table", async () => {
    const cols = { A: ["D1", "D2", "D1", "D3", "D2", "D1"], B: ["Lead", "Lead", "Qualified", "Lead", "Qualified", "Won"], C: ["2024-01-01", "2024-01-05", "2024-01-11", "2024-01-10", "2024-01-25", "2024-02-05"] };
    const { spill } = await formula('=CRM.STAGEDURATION(A1:A6, B1:B6, C1:C6, "2024-02-10")', cols);
    expect(spill.map((r) => r.slice(0, 2))).to.deep.equal([HEADER.slice(0, 2), ["Lead", 3], ["Qualified", 2], ["Won", 1]]);
    expect(spill[1].slice(2).map((x) => Math.round((x as number) * 100) / 100)).to.deep.equal([20.33, 20, 0.67]);
    expect(spill[2].slice(2)).to.deep.equal([20.5, 20.5, 0.5]);
    expect(spill[3].slice(2)).to.deep.equal([5, 5, 0]);
  });
});

describe("sales functions as Excel sees them (generated metadata)", () => {
  // A range given to a scalar parameter makes Excel call the function once per cell instead of
  // passing the range: every argument that may be a range must be declared as a matrix.
  const RANGES: Record<string, string[]> = {
    CPL: ["spend"],
    SALESGROWTH: ["current", "previous"],
    QUOTA: ["sales", "quota"],
    NETNEWREVENUE: ["customer_ids", "dates", "amounts"],
    SALESCYCLE: ["created_dates", "closed_dates", "outcomes"],
    STAGEDURATION: ["deal_ids", "stages", "entered_dates"],
  };
  it("declares range arguments as matrices and only those", async () => {
    const { metadata } = await loadEngine();
    for (const id of ["CLOSERATE", "LEADCONVERSION", "CPL", "SALESGROWTH", "QUOTA", "UPSELLRATE", "NETNEWREVENUE", "SALESCYCLE", "STAGEDURATION", "LISTGROWTH"]) {
      const f = metadata.functions.find((x) => x.id === id);
      expect(f, id).to.not.equal(undefined);
      const matrices = f!.parameters.filter((p) => p.dimensionality === "matrix").map((p) => p.name);
      expect(matrices, id).to.deep.equal(RANGES[id] ?? []);
    }
  });
  it("marks only the optional arguments optional, and only STAGEDURATION spills", async () => {
    const { metadata } = await loadEngine();
    const optional = metadata.functions.filter((f) => ["SALESCYCLE", "STAGEDURATION"].includes(f.id)).map((f) => f.parameters.filter((p) => p.optional).map((p) => p.name));
    expect(optional).to.deep.equal([["outcomes"], ["as_of"]]);
    expect(metadata.functions.find((f) => f.id === "STAGEDURATION")!.result.dimensionality).to.equal("matrix");
    expect(metadata.functions.find((f) => f.id === "SALESCYCLE")!.result.dimensionality).to.not.equal("matrix");
  });
});

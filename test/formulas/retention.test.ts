import { expect } from "chai";
import { formula, value } from "../harness/formulas";

const near = (x: unknown) => x as number;

describe("CRM.CHURN, one flag per customer (formulas)", () => {
  it("is churned ÷ all customers (seed 002), reading TRUE/1/yes/churned/cancelled/lost/berhenti as churned", async () => {
    // churned: TRUE, 1, "yes", "Cancelled", "LOST", "berhenti" → 6 of 12
    const A = [true, false, 1, 0, "yes", "no", "Cancelled", "active", "LOST", "renewed", "berhenti", "aktif"];
    expect(await value("=CRM.CHURN(A1:A12)", { A })).to.equal(0.5);
  });
  it("counts 3 churned of 8 as 0.375", async () => {
    const A = ["churned", "active", "active", "churned", "active", "active", "lost", "active"];
    expect(await value("=CRM.CHURN(A1:A8)", { A })).to.equal(0.375);
  });
  it("skips blank cells: they are no customer", async () => {
    expect(await value("=CRM.CHURN(A1:A6)", { A: ["churned", null, "active", null, "active", "active"] })).to.equal(0.25);
  });
  it("takes a block as well as a column", async () => {
    expect(await value("=CRM.CHURN(A1:B2)", { A: [true, false], B: [false, false] })).to.equal(0.25);
  });
  it("is #DIV/0! when every cell is blank", async () => {
    expect(await value("=CRM.CHURN(A1:A3)", { A: [null, null, null] })).to.equal("#DIV/0!");
  });
  it("is #VALUE! naming the cell for a word that is not a flag", async () => {
    const r = await formula("=CRM.CHURN(A1:A3)", { A: ["churned", "active", "maybe"] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/customers \(row 3, column 1/);
  });
  it("is #NUM! for a number other than 1 or 0 (a date given without the other arguments)", async () => {
    expect(await value("=CRM.CHURN(A1:A3)", { A: [1, 0, "2024-02-01"] })).to.equal("#NUM!");
  });
  it("passes an error in an input cell through", async () => {
    expect(await value("=CRM.CHURN(A1:A3)", { A: [true, "=1/0", false] })).to.equal("#DIV/0!");
  });
});

/**
 * Q1 2024 (2024-01-01 … 2024-03-31). Active at start: rows 1, 2, 3, 4, 8, 9, 11 (7).
 * Lost in the period: rows 2, 3 (on the last day), 4 (on the first day) → 3 / 7.
 */
const END = [null, "2024-02-15", "2024-03-31", "2024-01-01", "2023-12-31", null, "2024-03-01", "2024-04-01", null, null, null];
const START = ["2023-05-10", "2023-02-01", "2023-11-20", "2023-07-01", "2023-03-03", "2024-01-01", "2024-02-01", "2022-09-09", "2023-12-31", null, "2021-01-01"];
const Q1 = `"2024-01-01", "2024-03-31"`;
const isoText = (cells: (string | null)[]) => cells.map((c) => (c === null ? null : `'${c}`));

describe("CRM.CHURN with dates (formulas)", () => {
  it("is lost in the period ÷ active at its start, both ends inclusive, new customers in neither count", async () => {
    expect(near(await value(`=CRM.CHURN(A1:A11, B1:B11, ${Q1})`, { A: END, B: START }))).to.be.closeTo(3 / 7, 1e-9);
  });
  it("agrees with the transparent COUNTIFS formula on the same data", async () => {
    const lost = `COUNTIFS(B1:B11, "<"&D1, A1:A11, ">="&D1, A1:A11, "<="&D2)`;
    const active = `(COUNTIFS(B1:B11, "<"&D1, A1:A11, ">="&D1) + COUNTIFS(B1:B11, "<"&D1, A1:A11, ""))`;
    const cols = { A: END, B: START, D: ["2024-01-01", "2024-03-31"] };
    const native = await value(`=${lost}/${active}`, cols);
    expect(near(native)).to.be.closeTo(3 / 7, 1e-9);
    expect(await value(`=CRM.CHURN(A1:A11, B1:B11, D1, D2)`, cols)).to.equal(native);
  });
  it("reads ISO date text the same as date cells, in the ranges and the period", async () => {
    const serials = await value(`=CRM.CHURN(A1:A11, B1:B11, D1, D2)`, { A: END, B: START, D: ["2024-01-01", "2024-03-31"] });
    const text = await value(`=CRM.CHURN(A1:A11, B1:B11, ${Q1})`, { A: isoText(END), B: isoText(START) });
    const mixed = await value(`=CRM.CHURN(A1:A11, B1:B11, DATE(2024,1,1), DATE(2024,3,31))`, { A: isoText(END), B: START });
    expect(near(text)).to.be.closeTo(3 / 7, 1e-9);
    expect(text).to.equal(serials);
    expect(mixed).to.equal(serials);
  });
  it("treats dates as whole days: a cancellation late on the last day is in the period", async () => {
    const A = ["'2024-03-31T18:30", "=DATE(2024,3,31)+0.75", null];
    const B = ["2023-01-01", "2023-01-01", "2023-01-01"];
    expect(near(await value(`=CRM.CHURN(A1:A3, B1:B3, ${Q1})`, { A, B }))).to.be.closeTo(2 / 3, 1e-9);
  });
  it("counts a one-day period", async () => {
    // Active on 2024-03-01: rows 1 and 2; row 1 ends that day.
    const r = await value(`=CRM.CHURN(A1:A3, B1:B3, "2024-03-01", "2024-03-01")`, { A: ["2024-03-01", null, "2024-02-29"], B: ["2024-01-01", "2024-01-01", "2024-01-01"] });
    expect(r).to.equal(0.5);
  });
  it("takes the end dates as a row and the start dates as a column of the same size", async () => {
    // Active at start: customers 1, 2 and 4 (3 left in 2023); customer 1 leaves in the period.
    const cols = { A: ["2023-01-01", "2023-01-01", "2023-01-01", "2023-01-01"], B: ["2024-02-01"], C: [null], D: ["2023-06-30"], E: [null] };
    expect(near(await value(`=CRM.CHURN(B1:E1, A1:A4, ${Q1})`, cols))).to.be.closeTo(1 / 3, 1e-9);
  });
  it("is #VALUE! naming the row when a customer with an end date has no start date", async () => {
    const r = await formula(`=CRM.CHURN(A1:A3, B1:B3, ${Q1})`, { A: [null, "2024-02-01", null], B: ["2023-01-01", null, "2023-01-01"] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/start_dates row 2 is blank/);
  });
  it("skips a row blank in both ranges", async () => {
    const r = await value(`=CRM.CHURN(A1:A4, B1:B4, ${Q1})`, { A: [null, null, "2024-02-01", null], B: ["2023-01-01", null, "2023-01-01", null] });
    expect(r).to.equal(0.5);
  });
  it("is #NUM! for an end date before its start date, even outside the period", async () => {
    expect(await value(`=CRM.CHURN(A1:A2, B1:B2, ${Q1})`, { A: ["2022-05-01", null], B: ["2022-06-01", "2023-01-01"] })).to.equal("#NUM!");
  });
  it("accepts an end on the start day (a same-day cancellation)", async () => {
    expect(await value(`=CRM.CHURN(A1:A2, B1:B2, ${Q1})`, { A: ["2024-02-01", null], B: ["2024-02-01", "2023-01-01"] })).to.equal(0);
  });
  it("is #NUM! when period_end is before period_start", async () => {
    expect(await value(`=CRM.CHURN(A1:A2, B1:B2, "2024-03-31", "2024-01-01")`, { A: [null, null], B: ["2023-01-01", "2023-01-01"] })).to.equal("#NUM!");
  });
  it("is #DIV/0! when no customer was active at the start", async () => {
    // Everyone started in the period or had left before it.
    const cols = { A: [null, "2024-02-01", "2023-06-30"], B: ["2024-01-01", "2024-01-15", "2023-01-01"] };
    expect(await value(`=CRM.CHURN(A1:A3, B1:B3, ${Q1})`, cols)).to.equal("#DIV/0!");
  });
  it("is #DIV/0! when both ranges are blank", async () => {
    expect(await value(`=CRM.CHURN(A1:A3, B1:B3, ${Q1})`, { A: [null, null, null], B: [null, null, null] })).to.equal("#DIV/0!");
  });
  it("is #VALUE! naming the cell for text that is not a date", async () => {
    const r = await formula(`=CRM.CHURN(A1:A3, B1:B3, ${Q1})`, { A: [null, "active", null], B: ["2023-01-01", "2023-01-01", "2023-01-01"] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/customers \(row 2, column 1 of the range\) holds text "active", not a date/);
    const s = await formula(`=CRM.CHURN(A1:A2, B1:B2, ${Q1})`, { A: [null, null], B: ["2023-01-01", "'2023-02-30"] });
    expect(s.value).to.equal("#VALUE!");
    expect(s.message).to.match(/start_dates \(row 2, column 1/);
  });
  it("is #VALUE! naming both ranges when they differ in size", async () => {
    const r = await formula(`=CRM.CHURN(A1:A3, B1:B2, ${Q1})`, { A: [null, null, null], B: ["2023-01-01", "2023-01-01"] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/customers has 3 cells but start_dates has 2/);
  });
  it("is #VALUE! with a message when start_dates is missing but a period is given", async () => {
    const r = await formula(`=CRM.CHURN(A1:A2, , ${Q1})`, { A: [null, "2024-02-01"] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/start_dates is needed/);
  });
  it("is #VALUE! with a message when the period is incomplete or not a date", async () => {
    const cols = { A: [null], B: ["2023-01-01"] };
    const r = await formula(`=CRM.CHURN(A1:A1, B1:B1, "2024-01-01")`, cols);
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/period_end is empty/);
    const s = await formula(`=CRM.CHURN(A1:A1, B1:B1, "Q1", "2024-03-31")`, cols);
    expect(s.value).to.equal("#VALUE!");
    expect(s.message).to.match(/period_start holds text "Q1"/);
  });
});

describe("CRM.RETENTION (formulas)", () => {
  it("is (E − N) ÷ S: seed 002, E=90, N=10, S=100 → 0.8", async () => {
    expect(await value("=CRM.RETENTION(90, 10, 100)")).to.equal(0.8);
  });
  it("reads the counts from cells", async () => {
    expect(await value("=CRM.RETENTION(A1, A2, A3)", { A: [1150, 250, 1000] })).to.equal(0.9);
  });
  it("is #NUM! for a negative or fractional count", async () => {
    expect(await value("=CRM.RETENTION(90, -10, 100)")).to.equal("#NUM!");
    expect(await value("=CRM.RETENTION(90.5, 10, 100)")).to.equal("#NUM!");
  });
  it("is #NUM! when more customers are new than there are at the end", async () => {
    expect(await value("=CRM.RETENTION(10, 20, 100)")).to.equal("#NUM!");
  });
  it("is #NUM! when more customers are kept than there were at the start", async () => {
    expect(await value("=CRM.RETENTION(150, 10, 100)")).to.equal("#NUM!");
  });
  it("is #DIV/0! with no customers at the start", async () => {
    expect(await value("=CRM.RETENTION(10, 10, 0)")).to.equal("#DIV/0!");
  });
  it("is #VALUE! naming the argument for text, a blank cell or a range", async () => {
    const r = await formula("=CRM.RETENTION(A1, 10, 100)", { A: ["ninety"] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/customers_end holds text "ninety"/);
    const b = await formula("=CRM.RETENTION(90, A1, 100)", { A: [null] });
    expect(b.value).to.equal("#VALUE!");
    expect(b.message).to.match(/new_customers is empty/);
    const g = await formula("=CRM.RETENTION(90, 10, A1:A2)", { A: [50, 50] });
    expect(g.value).to.equal("#VALUE!");
    expect(g.message).to.match(/customers_start takes one (number|value), not a range of 2 cells/);
  });
});

describe("CRM.RENEWAL (formulas)", () => {
  it("is renewed ÷ up for renewal: seed 002, 900 of 1,000 → 0.9, then 600 of 1,000 → 0.6", async () => {
    expect(await value("=CRM.RENEWAL(900, 1000)")).to.equal(0.9);
    expect(await value("=CRM.RENEWAL(A1, A2)", { A: [600, 1000] })).to.equal(0.6);
  });
  it("is #NUM! when more renewed than were up for renewal, or for a negative count", async () => {
    expect(await value("=CRM.RENEWAL(1001, 1000)")).to.equal("#NUM!");
    expect(await value("=CRM.RENEWAL(-1, 1000)")).to.equal("#NUM!");
  });
  it("is #DIV/0! when nobody was up for renewal", async () => {
    expect(await value("=CRM.RENEWAL(0, 0)")).to.equal("#DIV/0!");
  });
  it("is #VALUE! naming the argument for text", async () => {
    const r = await formula("=CRM.RENEWAL(A1, 1000)", { A: ["900 customers"] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/^renewed holds text/);
  });
});

/** Counted rows (start > 0): 1, 2, 4 (blank end: churned), 6. Σ start 650, Σ end 570, kept 550. */
const MRR = { A: [100, 200, null, 50, 0, 300], B: [120, 150, 80, null, 40, 300] };

describe("CRM.NRR and CRM.GRR (formulas)", () => {
  it("NRR is Σ end ÷ Σ start over customers with a start MRR, a blank end counting as churned", async () => {
    expect(near(await value("=CRM.NRR(A1:A6, B1:B6)", MRR))).to.be.closeTo(570 / 650, 1e-9);
  });
  it("GRR is Σ min(end, start) ÷ Σ start over the same rows", async () => {
    expect(near(await value("=CRM.GRR(A1:A6, B1:B6)", MRR))).to.be.closeTo(550 / 650, 1e-9);
  });
  it("agree with the transparent SUMIFS / SUMPRODUCT formulas", async () => {
    const nrrNative = await value(`=SUMIFS(B1:B6, A1:A6, ">0") / SUMIFS(A1:A6, A1:A6, ">0")`, MRR);
    const grrNative = await value(`=SUMPRODUCT((A1:A6>0) * IF(B1:B6<A1:A6, B1:B6, A1:A6)) / SUMIFS(A1:A6, A1:A6, ">0")`, MRR);
    expect(await value("=CRM.NRR(A1:A6, B1:B6)", MRR)).to.equal(nrrNative);
    expect(await value("=CRM.GRR(A1:A6, B1:B6)", MRR)).to.equal(grrNative);
  });
  it("lets expansion lift NRR above 1 but never GRR", async () => {
    const cols = { A: [100, 100, 100], B: [400, 80, 100] };
    expect(near(await value("=CRM.NRR(A1:A3, B1:B3)", cols))).to.be.closeTo(580 / 300, 1e-9);
    expect(near(await value("=CRM.GRR(A1:A3, B1:B3)", cols))).to.be.closeTo(280 / 300, 1e-9);
  });
  it("takes blocks and rows of the same size", async () => {
    const cols = { A: [100, 50], B: [200, 0], C: [110, 0], D: [150, 60] };
    // starts 100, 200, 50, 0 (row by row of A1:B2); ends 110, 150, 0, 60 → (110 + 150 + 0) / 350
    expect(near(await value("=CRM.NRR(A1:B2, C1:D2)", cols))).to.be.closeTo(260 / 350, 1e-9);
  });
  it("is #NUM! for a negative MRR", async () => {
    expect(await value("=CRM.NRR(A1:A2, B1:B2)", { A: [100, 50], B: [-10, 50] })).to.equal("#NUM!");
    expect(await value("=CRM.GRR(A1:A2, B1:B2)", { A: [-100, 50], B: [10, 50] })).to.equal("#NUM!");
  });
  it("is #VALUE! naming the cell for text among MRR", async () => {
    const r = await formula("=CRM.GRR(A1:A3, B1:B3)", { A: [100, 50, 20], B: [100, "n/a", 10] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/mrr_end \(row 2, column 1 of the range\) holds text "n\/a"/);
  });
  it("is #VALUE! naming both ranges when they differ in size", async () => {
    const r = await formula("=CRM.NRR(A1:A3, B1:B2)", { A: [100, 50, 20], B: [100, 50] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/mrr_start has 3 cells but mrr_end has 2/);
  });
  it("is #DIV/0! when no customer has a start MRR above zero", async () => {
    expect(await value("=CRM.NRR(A1:A3, B1:B3)", { A: [0, null, 0], B: [10, 20, null] })).to.equal("#DIV/0!");
    expect(await value("=CRM.GRR(A1:A3, B1:B3)", { A: [null, null, null], B: [null, null, null] })).to.equal("#DIV/0!");
  });
});

describe("README examples for retention and churn hold", () => {
  it("CHURN of eight status words → 0.375", async () => {
    const A = ["active", "churned", "active", "berhenti", "active", "renewed", "lost", "active"];
    expect(await value("=CRM.CHURN(A1:A8)", { A })).to.equal(0.375);
  });
  it("CHURN of six subscriptions over Q1 2024 → 0.5, as the native COUNTIFS formula", async () => {
    const cols = {
      A: [null, "2024-02-15", "2024-03-31", "2023-12-31", null, "2024-04-01"],
      B: ["2023-05-10", "2023-02-01", "2023-11-20", "2023-03-03", "2024-01-01", "2022-09-09"],
      D: ["2024-01-01", "2024-03-31"],
    };
    expect(await value(`=CRM.CHURN(A1:A6, B1:B6, "2024-01-01", "2024-03-31")`, cols)).to.equal(0.5);
    const native = `=COUNTIFS(B1:B6,"<"&D1,A1:A6,">="&D1,A1:A6,"<="&D2)/(COUNTIFS(B1:B6,"<"&D1,A1:A6,">="&D1)+COUNTIFS(B1:B6,"<"&D1,A1:A6,""))`;
    expect(await value(native, cols)).to.equal(0.5);
  });
  it("RETENTION, RENEWAL, NRR and GRR", async () => {
    expect(await value("=CRM.RETENTION(A1, A2, A3)", { A: [90, 10, 100] })).to.equal(0.8);
    expect(await value("=CRM.RENEWAL(A1, A2)", { A: [900, 1000] })).to.equal(0.9);
    const mrr = { A: [100, 200, null, 50, 300], B: [120, 150, 80, null, 300] };
    expect(near(await value("=CRM.NRR(A1:A5, B1:B5)", mrr))).to.be.closeTo(0.8769, 5e-5);
    expect(near(await value("=CRM.GRR(A1:A5, B1:B5)", mrr))).to.be.closeTo(0.8462, 5e-5);
    expect(near(await value(`=SUMIFS(B1:B5,A1:A5,">0")/SUMIFS(A1:A5,A1:A5,">0")`, mrr))).to.be.closeTo(0.8769, 5e-5);
    expect(near(await value(`=SUMPRODUCT((A1:A5>0)*IF(B1:B5<A1:A5,B1:B5,A1:A5))/SUMIFS(A1:A5,A1:A5,">0")`, mrr))).to.be.closeTo(0.8462, 5e-5);
  });
});

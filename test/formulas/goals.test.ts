import { expect } from "chai";
import { serialFromYMD, todaySerial } from "../../src/metrics/dates";
import { formula, value } from "../harness/formulas";

describe("CRM.PROGRESS (formulas)", () => {
  it("is halfway when churn is down from 8% to 6.5% on the way to 5% (lower is better)", async () => {
    expect(await value("=CRM.PROGRESS(8%, 6.5%, 5%)")).to.be.closeTo(0.5, 1e-9);
  });
  it("is 0.75 at 9 of seed 002's 12 new customers", async () => {
    expect(await value("=CRM.PROGRESS(A1, A2, A3)", { A: [0, 9, 12] })).to.equal(0.75);
  });
  it("is not clamped: beyond the target is above 1, worse than the baseline below 0", async () => {
    expect(await value("=CRM.PROGRESS(0, 15, 12)")).to.equal(1.25);
    expect(await value("=CRM.PROGRESS(0.08, 0.09, 0.05)")).to.be.closeTo(-1 / 3, 1e-9);
  });
  it("is #DIV/0! when the target equals the baseline", async () => {
    expect(await value("=CRM.PROGRESS(10, 12, 10)")).to.equal("#DIV/0!");
  });
  it("is #VALUE! naming the argument for text or a blank cell", async () => {
    const r = await formula("=CRM.PROGRESS(A1, A2, A3)", { A: [0, "sembilan", 12] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/current/);
    const b = await formula("=CRM.PROGRESS(A1, A2, A3)", { A: [0, 9, null] });
    expect(b.value).to.equal("#VALUE!");
    expect(b.message).to.match(/target is empty/);
  });
  it("is #VALUE! for a range where one number is needed", async () => {
    expect(await value("=CRM.PROGRESS(A1:A2, 5, 10)", { A: [0, 1] })).to.equal("#VALUE!");
  });
});

// A ten-day goal, 0 → 100: on 2024-01-06 half the time has gone, so the line is at 0.5.
const TEN_DAYS = '"2024-01-01", "2024-01-11"';
const status = (current: number, asOf: string) => value(`=CRM.GOALSTATUS(0, ${current}, 100, ${TEN_DAYS}, "${asOf}")`);

describe("CRM.GOALSTATUS (formulas)", () => {
  it("is On track for seed 002's 6 of 12 new customers by 1 July, Behind at 4", async () => {
    // 182 of 365 days gone → the line is at 0.4986; 6/12 is above it, 4/12 more than 10 points below
    expect(await value('=CRM.GOALSTATUS(0, 6, 12, "2024-01-01", "2024-12-31", "2024-07-01")')).to.equal("On track");
    expect(await value('=CRM.GOALSTATUS(0, 5, 12, "2024-01-01", "2024-12-31", "2024-07-01")')).to.equal("At risk");
    expect(await value('=CRM.GOALSTATUS(0, 4, 12, "2024-01-01", "2024-12-31", "2024-07-01")')).to.equal("Behind");
  });
  it("works for lower-is-better goals (churn 8% → 5%)", async () => {
    const on = (c: string) => value(`=CRM.GOALSTATUS(8%, ${c}, 5%, "2024-01-01", "2024-12-31", "2024-07-01")`);
    expect(await on("6.5%")).to.equal("On track"); // progress 0.5
    expect(await on("6.8%")).to.equal("At risk"); // 0.4, within 10 points of 0.4986
    expect(await on("7%")).to.equal("Behind"); // 0.333
    expect(await on("4.9%")).to.equal("Achieved");
  });
  it("puts each boundary on the better side", async () => {
    expect(await status(50, "2024-01-06")).to.equal("On track"); // exactly on the line
    expect(await status(49.99, "2024-01-06")).to.equal("At risk");
    expect(await status(40, "2024-01-06")).to.equal("At risk"); // exactly 10 points below
    expect(await status(39.99, "2024-01-06")).to.equal("Behind");
    expect(await status(100, "2024-01-06")).to.equal("Achieved"); // exactly the target
    expect(await status(99.99, "2024-01-06")).to.equal("On track");
  });
  it("judges the deadline day against the full goal, and Missed only after it", async () => {
    expect(await status(95, "2024-01-11")).to.equal("At risk");
    expect(await status(89, "2024-01-11")).to.equal("Behind");
    expect(await status(99.99, "2024-01-12")).to.equal("Missed");
    expect(await status(100, "2024-01-12")).to.equal("Achieved");
    expect(await status(130, "2024-03-01")).to.equal("Achieved");
  });
  it("expects nothing on or before the start day", async () => {
    expect(await status(0, "2024-01-01")).to.equal("On track");
    expect(await status(-5, "2023-12-15")).to.equal("At risk");
    expect(await status(-20, "2023-12-15")).to.equal("Behind");
  });
  it("ignores the time of day in dates", async () => {
    const noon = serialFromYMD(2024, 1, 6) + 0.5;
    expect(await value(`=CRM.GOALSTATUS(0, 50, 100, ${TEN_DAYS}, A1)`, { A: [noon] })).to.equal("On track");
    expect(await value(`=CRM.GOALSTATUS(0, 50, 100, ${TEN_DAYS}, A1)`, { A: ["'2024-01-06 23:59"] })).to.equal("On track");
  });
  it("reads dates from date cells and ISO text cells", async () => {
    const cols = { A: ["2024-01-01"], B: ["'2024-01-11"], C: ["2024-01-06"] };
    expect(await value("=CRM.GOALSTATUS(0, 45, 100, A1, B1, C1)", cols)).to.equal("At risk");
  });
  it("judges on today when as_of is omitted", async () => {
    const today = todaySerial();
    const cols = { A: [today - 10], B: [today + 10], C: [today - 400], D: [today - 1] };
    expect(await value("=CRM.GOALSTATUS(0, 50, 100, A1, B1)", cols)).to.equal("On track");
    expect(await value("=CRM.GOALSTATUS(0, 45, 100, A1, B1)", cols)).to.equal("At risk");
    expect(await value("=CRM.GOALSTATUS(0, 30, 100, A1, B1)", cols)).to.equal("Behind");
    expect(await value("=CRM.GOALSTATUS(0, 99, 100, C1, D1)", cols)).to.equal("Missed");
  });
  it("allows a goal due on its start day", async () => {
    expect(await value('=CRM.GOALSTATUS(0, 50, 100, "2024-01-01", "2024-01-01", "2023-12-31")')).to.equal("On track");
    expect(await value('=CRM.GOALSTATUS(0, 95, 100, "2024-01-01", "2024-01-01", "2024-01-01")')).to.equal("At risk");
  });
  it("is #NUM! when the deadline is before the start", async () => {
    expect(await value('=CRM.GOALSTATUS(0, 5, 12, "2024-12-31", "2024-01-01", "2024-07-01")')).to.equal("#NUM!");
  });
  it("is #DIV/0! when the target equals the baseline", async () => {
    expect(await value('=CRM.GOALSTATUS(12, 12, 12, "2024-01-01", "2024-12-31", "2024-07-01")')).to.equal("#DIV/0!");
  });
  it("is #VALUE! naming the argument for a date that is not one, or text in a number", async () => {
    const d = await formula('=CRM.GOALSTATUS(0, 5, 12, "awal tahun", "2024-12-31", "2024-07-01")');
    expect(d.value).to.equal("#VALUE!");
    expect(d.message).to.match(/start_date/);
    const n = await formula('=CRM.GOALSTATUS(0, A1, 12, "2024-01-01", "2024-12-31", "2024-07-01")', { A: ["lima"] });
    expect(n.value).to.equal("#VALUE!");
    expect(n.message).to.match(/current/);
    const blank = await formula('=CRM.GOALSTATUS(0, 5, 12, "2024-01-01", A1, "2024-07-01")', { A: [null] });
    expect(blank.value).to.equal("#VALUE!");
    expect(blank.message).to.match(/deadline is empty/);
  });
});

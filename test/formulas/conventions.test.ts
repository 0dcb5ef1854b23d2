/**
 * The conventions at the top of functions.md that every function shares (dates, errors in input
 * cells, optional ranges, positions in messages, numbers at the edges of what a double holds),
 * checked through formulas as a user types them.
 */
import { expect } from "chai";
import { NPS } from "../../src/functions/experience";
import { formula, value } from "../harness/formulas";

const Q1 = `"2024-01-01", "2024-03-31"`;

describe("Dates (formulas)", () => {
  it("reads ISO date-times as CRM exports write them: seconds, fractions, Z or an offset (read as written, not shifted)", async () => {
    // Opened 10:00, resolved 16:30 the same day: 6.5 hours however the time is spelled.
    for (const resolved of ["2024-04-01T16:30", "2024-04-01T16:30:00.000Z", "2024-04-01 16:30:00+07:00", "2024-04-01T16:30:00-0500"]) {
      expect(await value(`=CRM.RESOLUTIONTIME("2024-04-01T10:00:00Z", "${resolved}")`), resolved).to.be.closeTo(6.5, 1e-6);
    }
  });
  it("is #VALUE! for a time that no clock shows (25:00, 10:60, 10:00:75), not a date moved to a later day", async () => {
    for (const bad of ["2024-03-31T25:00", "2024-03-31T10:60", "2024-03-31 10:00:75", "2024-03-31T99:99"]) {
      const r = await formula(`=CRM.CHURN("${bad}", "2023-01-01", ${Q1})`);
      expect(r.value, bad).to.equal("#VALUE!");
      expect(r.message, bad).to.match(/not a date/);
    }
    // The same customer with a real time on the last day is lost in the period.
    expect(await value(`=CRM.CHURN("2024-03-31T23:00", "2023-01-01", ${Q1})`)).to.equal(1);
  });
  it("is #VALUE! for ISO text before 1900, which Excel has no date for", async () => {
    expect(await value(`=CRM.SALESCYCLE("1850-01-01", "2024-01-01")`)).to.equal("#VALUE!");
    expect(await value(`=CRM.SALESCYCLE("1900-01-01", "1900-01-11")`)).to.equal(10);
  });
  it("is #NUM! for a serial after 9999-12-31, as Excel's date functions are", async () => {
    expect(await value(`=CRM.CHURN(A1:A2, B1:B2, 45292, C1)`, { A: [null, 45300], B: [45000, 45000], C: [1e308] })).to.equal("#NUM!");
    expect(await value(`=CRM.CHURN(A1:A2, B1:B2, 45292, 2958465)`, { A: [null, 45300], B: [45000, 45000] })).to.equal(0.5);
    expect(await value(`=CRM.SALESCYCLE(A1:A2, B1:B2)`, { A: [45000, 45000], B: [45010, 2958466] })).to.equal("#NUM!");
  });
});

describe("Errors in input cells (formulas)", () => {
  it("pass through as the same error where a custom function may return it (#NULL! too)", async () => {
    expect(await value("=CRM.CHURN(A1:A3)", { A: [true, "=1/0", false] })).to.equal("#DIV/0!");
    // HyperFormula has no #NULL!, so as Excel would hand it over, straight to the function.
    const Err = (globalThis as any).CustomFunctions.Error;
    expect(() => NPS([[10], [new Err("#NULL!")], [9]])).to.throw().with.property("code", "#NULL!");
  });
  it("are #VALUE! naming the cell and its error for #NAME? and #REF!, which Excel takes from a custom function only as input", async () => {
    const name = await formula("=CRM.NPS(A1:A3)", { A: [10, "=NOSUCHFUNCTION()", 9] });
    expect([name.value, name.message]).to.deep.equal(["#VALUE!", "scores (row 2, column 1 of the range) holds the error #NAME?"]);
    const ref = await formula("=CRM.QUOTA(A1:A2, 100)", { A: [10, "=#REF!"] });
    expect([ref.value, ref.message]).to.deep.equal(["#VALUE!", "sales (row 2, column 1 of the range) holds the error #REF!"]);
  });
});

describe("Optional ranges given as blank cells (formulas)", () => {
  // Created, closed: three closed deals of 30, 60 and 10 days and one open deal.
  const deals = { A: ["2024-01-01", "2024-01-10", "2024-02-01", "2024-02-01"], B: ["2024-01-31", "2024-03-10", "2024-02-11", null], C: [null, null, null, null] };
  it("SALESCYCLE: a blank outcomes column is checked as given (a closed deal needs won or lost), never read as all deals", async () => {
    expect(await value("=CRM.SALESCYCLE(A1:A4, B1:B4)", deals)).to.be.closeTo(100 / 3, 1e-9);
    const r = await formula("=CRM.SALESCYCLE(A1:A4, B1:B4, C1:C4)", deals);
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.equal("row 1 is closed but outcomes is blank there; give won or lost");
    // And a blank outcomes range of the wrong size is the size error.
    expect((await formula("=CRM.SALESCYCLE(A1:A4, B1:B4, C2:C4)", deals)).message).to.match(/same size|3 cells/);
  });
  it("RESOLUTIONTIME: a blank agents column with an agent is #N/A (no ticket of that agent), not a complaint that agents is missing", async () => {
    const r = await formula(`=CRM.RESOLUTIONTIME(A1:A4, B1:B4, C1:C4, "Rina")`, deals);
    expect(r.value).to.equal("#N/A");
    expect(r.message).to.match(/Rina/);
  });
});

describe("Positions in messages on blocks (formulas)", () => {
  it("name the cell of a block, not a row the block may not have", async () => {
    // A 2×2 block of customer ids with one blank: its third cell, row 2, column 1.
    const r = await formula(`=CRM.NETNEWREVENUE(A1:B2, C1:D2, E1:F2, ${Q1})`, {
      A: ["C1", null],
      B: ["C2", "C3"],
      C: ["2024-01-05", "2024-01-06"],
      D: ["2024-01-07", "2024-01-08"],
      E: [10, 20],
      F: [30, 40],
    });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.equal("cell 3 (row 2, column 1 of the ranges) has a purchase but customer_ids is blank there");
  });
  it("keep 'row k' on one column, where it is the row", async () => {
    const r = await formula(`=CRM.NETNEWREVENUE(A1:A3, B1:B3, C1:C3, ${Q1})`, { A: ["C1", null, "C3"], B: ["2024-01-05", "2024-01-06", "2024-01-07"], C: [1, 2, 3] });
    expect(r.message).to.equal("row 2 has a purchase but customer_ids is blank there");
  });
  it("place a ticket of a block too", async () => {
    const r = await formula(`=CRM.RESOLUTIONTIME(A1:B2, C1:D2)`, { A: [45292, null], B: [45293, 45294], C: [45292.5, 45300], D: [45293.5, 45294.5] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.equal("ticket 3 (row 2, column 1 of the ranges) has a resolved date but no opened date");
  });
  it("count cells row by row when the ranges have different shapes, where no one place fits them all", async () => {
    // Created and closed across a row, outcomes down a column: the third deal's outcome is blank.
    const r = await formula(`=CRM.SALESCYCLE(A1:D1, A2:D2, F1:F4)`, { A: [45292, 45300], B: [45293, 45301], C: [45294, 45302], D: [45295, 45303], F: ["won", "lost", null, "won"] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.equal("cell 3 of the ranges (counting row by row) is closed but outcomes is blank there; give won or lost");
  });
});

describe("Numbers at the edges of a double (formulas)", () => {
  it("PROGRESS halfway between -1E308 and 1E308 is 0.5, and at the target 1, though the distance overflows", async () => {
    const ends = { A: [-1e308], B: [1e308] };
    expect(await value("=CRM.PROGRESS(A1, 0, B1)", ends)).to.equal(0.5);
    expect(await value("=CRM.PROGRESS(A1, B1, B1)", ends)).to.equal(1);
  });
  it("CACPAYBACK with a monthly profit too small to hold is #NUM! (too long to pay back), not #DIV/0! (never)", async () => {
    expect(await value("=CRM.CACPAYBACK(400, A1, 0.5)", { A: [5e-324] })).to.equal("#NUM!");
    expect(await value("=CRM.CACPAYBACK(0, A1, 0.5)", { A: [5e-324] })).to.equal(0);
    expect(await value("=CRM.CACPAYBACK(400, 0, 0.5)")).to.equal("#DIV/0!");
  });
  it("KPI: round of a huge number is the number, as Excel's ROUND; the median of two huge numbers is that number", async () => {
    expect(await value(`=CRM.KPI("round(x, 9)", "x", A1)=A1`, { A: [1e300] })).to.equal(true);
    expect(await value(`=CRM.KPI("round(x, 2)", "x", 1.005)`)).to.equal(1.01);
    expect(await value(`=CRM.KPI("median(x)", "x", A1:A2)`, { A: [1e308, 1e308] })).to.equal(1e308);
  });
  it("KPI: 0 ^ 0 is #NUM!, as Excel's POWER(0, 0), which its native twin uses", async () => {
    expect(await value(`=CRM.KPI("x ^ 0", "x", 0)`)).to.equal("#NUM!");
    expect(await value(`=CRM.KPI("x ^ 0", "x", 2)`)).to.equal(1);
  });
});

describe("STAGEDURATION's as_of day (formulas)", () => {
  it("counts an entry made during the as_of day itself, with 0 days so far in that stage", async () => {
    // D1 enters Lead on 2024-01-01 and Won at 18:00 on 2024-02-05, the as_of day.
    const r = await formula(`=CRM.STAGEDURATION(A1:A2, B1:B2, C1:C2, "2024-02-05")`, { A: ["D1", "D1"], B: ["Lead", "Won"], C: ["2024-01-01", 45327.75] });
    expect(r.spill).to.deep.equal([
      ["stage", "deals", "average days", "median days", "moved on share"],
      ["Lead", 1, 35.75, 35.75, 1],
      ["Won", 1, 0, 0, 0],
    ]);
    // The day before, Won has not happened yet.
    const before = await formula(`=CRM.STAGEDURATION(A1:A2, B1:B2, C1:C2, "2024-02-04")`, { A: ["D1", "D1"], B: ["Lead", "Won"], C: ["2024-01-01", 45327.75] });
    expect(before.spill?.[2]?.[1]).to.equal(0);
  });
});

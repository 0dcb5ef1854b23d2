import { expect } from "chai";
import { serialFromYMD } from "../../src/metrics/dates";
import { formula, value, workbook } from "../harness/formulas";

const TEN = [10, 9, 9, 8, 7, 6, 0, 10, 5, 9];

describe("CRM.NPS (formulas)", () => {
  it("scores ten answers on the 0–10 scale: 5 promoters, 3 detractors → 20", async () => {
    expect(await value("=CRM.NPS(A1:A10)", { A: TEN })).to.equal(20);
  });
  it("uses seed 002's 1–5 scale when scale is 5", async () => {
    // promoters 4–5: 3; detractors 1–2: 2; of 6 → (3 − 2) / 6 × 100
    expect(await value("=CRM.NPS(A1:A6, 5)", { A: [5, 4, 4, 3, 2, 1] })).to.be.closeTo(16.6667, 1e-4);
  });
  it("skips blanks", async () => {
    expect(await value("=CRM.NPS(A1:A12)", { A: [10, null, 9, 9, 8, 7, 6, 0, 10, null, 5, 9] })).to.equal(20);
  });
  it("takes a block as well as a column", async () => {
    expect(await value("=CRM.NPS(A1:B5)", { A: [10, 9, 9, 8, 7], B: [6, 0, 10, 5, 9] })).to.equal(20);
  });
  it("is #NUM! for a score above the scale", async () => {
    expect(await value("=CRM.NPS(A1:A3)", { A: [10, 11, 9] })).to.equal("#NUM!");
    expect(await value("=CRM.NPS(A1:A3, 5)", { A: [5, 0, 4] })).to.equal("#NUM!");
  });
  it("is #VALUE! naming the cell for text among scores", async () => {
    const r = await formula("=CRM.NPS(A1:A3)", { A: [10, "ten", 9] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/scores \(row 2, column 1/);
  });
  it("is #DIV/0! when there are no answers", async () => {
    expect(await value("=CRM.NPS(A1:A3)", { A: [null, null, null] })).to.equal("#DIV/0!");
  });
  it("is #NUM! for a scale other than 5 or 10", async () => {
    expect(await value("=CRM.NPS(A1:A3, 7)", { A: [1, 2, 3] })).to.equal("#NUM!");
  });
  it("passes an error in an input cell through", async () => {
    expect(await value("=CRM.NPS(A1:A3)", { A: [10, "=1/0", 9] })).to.equal("#DIV/0!");
  });
});

describe("CRM.CSAT (formulas)", () => {
  it("is the share of 4s and 5s on seed 002's 1–5 survey", async () => {
    // 5, 4, 4 are top-two box; 3, 2, 1 are not → 3 of 6
    expect(await value("=CRM.CSAT(A1:A6)", { A: [5, 4, 4, 3, 2, 1] })).to.equal(0.5);
  });
  it("counts scale − 1 and above on other scales", async () => {
    expect(await value("=CRM.CSAT(A1:A5, 10)", { A: [10, 9, 8, 7, 10] })).to.equal(0.6);
    expect(await value("=CRM.CSAT(A1:A4, 7)", { A: [7, 6, 5, 1] })).to.equal(0.5);
  });
  it("skips blanks and takes a block", async () => {
    expect(await value("=CRM.CSAT(A1:B3)", { A: [5, null, 3], B: [4, 1, null] })).to.equal(0.5);
  });
  it("is #NUM! for a score outside 1..scale", async () => {
    expect(await value("=CRM.CSAT(A1:A3)", { A: [5, 6, 4] })).to.equal("#NUM!");
    expect(await value("=CRM.CSAT(A1:A3)", { A: [5, 0, 4] })).to.equal("#NUM!");
    expect(await value("=CRM.CSAT(A1:A3, 7)", { A: [7, 8, 4] })).to.equal("#NUM!");
  });
  it("is #NUM! for a scale that is not a whole number of at least 3 points", async () => {
    expect(await value("=CRM.CSAT(A1:A2, 2)", { A: [1, 2] })).to.equal("#NUM!");
    expect(await value("=CRM.CSAT(A1:A2, 5.5)", { A: [1, 2] })).to.equal("#NUM!");
  });
  it("is #VALUE! naming the cell for text among scores, and for a text scale", async () => {
    const r = await formula("=CRM.CSAT(A1:A3)", { A: [5, "puas", 4] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/scores \(row 2, column 1/);
    const s = await formula('=CRM.CSAT(A1:A3, "five")', { A: [5, 4, 4] });
    expect(s.value).to.equal("#VALUE!");
    expect(s.message).to.match(/scale/);
  });
  it("is #DIV/0! when there are no answers", async () => {
    expect(await value("=CRM.CSAT(A1:A2)", { A: [null, null] })).to.equal("#DIV/0!");
  });
});

describe("CRM.CES (formulas)", () => {
  it("is the average effort answer on the default 7-point scale", async () => {
    expect(await value("=CRM.CES(A1:A4)", { A: [2, 3, 5, 6] })).to.equal(4);
  });
  it("accepts 7 by default and rejects 8", async () => {
    expect(await value("=CRM.CES(A1:A2)", { A: [7, 1] })).to.equal(4);
    expect(await value("=CRM.CES(A1:A2)", { A: [8, 1] })).to.equal("#NUM!");
  });
  it("takes another scale", async () => {
    expect(await value("=CRM.CES(A1:A3, 5)", { A: [5, 4, 3] })).to.equal(4);
    expect(await value("=CRM.CES(A1:A3, 5)", { A: [6, 4, 3] })).to.equal("#NUM!");
    expect(await value("=CRM.CES(A1:A3, 1)", { A: [1, 1, 1] })).to.equal("#NUM!");
  });
  it("is #NUM! for 0, below the scale", async () => {
    expect(await value("=CRM.CES(A1:A2)", { A: [0, 3] })).to.equal("#NUM!");
  });
  it("skips blanks", async () => {
    expect(await value("=CRM.CES(A1:A5)", { A: [2, null, 3, null, 7] })).to.equal(4);
  });
  it("is #VALUE! naming the cell for text", async () => {
    const r = await formula("=CRM.CES(A1:A3)", { A: [2, 3, "mudah"] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/scores \(row 3, column 1/);
  });
  it("is #DIV/0! when there are no answers", async () => {
    expect(await value("=CRM.CES(A1:A2)", { A: [null, null] })).to.equal("#DIV/0!");
  });
});

/** A date-time as Excel stores it: day serial plus the fraction of the day. */
const at = (y: number, m: number, d: number, hh = 0, mm = 0) => serialFromYMD(y, m, d) + (hh * 60 + mm) / 1440;

// Seed 002: average resolution time for the company and per service representative.
const TICKETS = {
  A: [at(2024, 3, 1, 9), at(2024, 3, 1, 10), at(2024, 3, 2, 8, 30), at(2024, 3, 3, 9), at(2024, 3, 3, 14)],
  B: [at(2024, 3, 1, 13), at(2024, 3, 2, 10), at(2024, 3, 2, 10, 30), null, at(2024, 3, 4, 8)],
  C: ["Sari", "Budi", "Sari", "Budi", "Sari"],
};
// Resolved tickets take 4 h (Sari), 24 h (Budi), 2 h (Sari), 18 h (Sari); Budi's second is open.

describe("CRM.RESOLUTIONTIME (formulas)", () => {
  it("averages resolved tickets in hours, skipping the open one", async () => {
    expect(await value("=CRM.RESOLUTIONTIME(A1:A5, B1:B5)", TICKETS)).to.be.closeTo((4 + 24 + 2 + 18) / 4, 1e-6);
  });
  it("filters by agent, ignoring case", async () => {
    expect(await value('=CRM.RESOLUTIONTIME(A1:A5, B1:B5, C1:C5, "Sari")', TICKETS)).to.be.closeTo((4 + 2 + 18) / 3, 1e-6);
    expect(await value('=CRM.RESOLUTIONTIME(A1:A5, B1:B5, C1:C5, "budi")', TICKETS)).to.be.closeTo(24, 1e-6);
  });
  it("ignores agents when no agent is named", async () => {
    expect(await value("=CRM.RESOLUTIONTIME(A1:A5, B1:B5, C1:C5)", TICKETS)).to.be.closeTo(12, 1e-6);
  });
  it("converts to days or minutes", async () => {
    expect(await value('=CRM.RESOLUTIONTIME(A1:A5, B1:B5, , , "days")', TICKETS)).to.be.closeTo(0.5, 1e-9);
    expect(await value('=CRM.RESOLUTIONTIME(A1:A5, B1:B5, , , "Minutes")', TICKETS)).to.be.closeTo(720, 1e-4);
    expect(await value('=CRM.RESOLUTIONTIME(A1:A5, B1:B5, C1:C5, "Sari", "day")', TICKETS)).to.be.closeTo(8 / 24, 1e-9);
    expect(await value('=CRM.RESOLUTIONTIME(A1:A5, B1:B5, , , "hours")', TICKETS)).to.be.closeTo(12, 1e-6);
  });
  it("is #VALUE! for an unknown unit", async () => {
    const r = await formula('=CRM.RESOLUTIONTIME(A1:A5, B1:B5, , , "weeks")', TICKETS);
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/unit/);
  });
  it("reads ISO date-time text", async () => {
    const cols = { A: ["'2024-03-01 09:00", "'2024-03-01T10:15"], B: ["'2024-03-01 12:30", "'2024-03-02T10:15:00"] };
    expect(await value("=CRM.RESOLUTIONTIME(A1:A2, B1:B2)", cols)).to.be.closeTo((3.5 + 24) / 2, 1e-6);
  });
  it("treats a date without a time as midnight", async () => {
    expect(await value("=CRM.RESOLUTIONTIME(A1:A1, B1:B1, , , \"days\")", { A: ["2024-03-01"], B: ["2024-03-04"] })).to.be.closeTo(3, 1e-9);
  });
  it("is #N/A with a message when the agent has no ticket", async () => {
    const r = await formula('=CRM.RESOLUTIONTIME(A1:A5, B1:B5, C1:C5, "Rina")', TICKETS);
    expect(r.value).to.equal("#N/A");
    expect(r.message).to.match(/agent "Rina"/);
  });
  it("is #DIV/0! when the agent's only tickets are open", async () => {
    const cols = { ...TICKETS, C: ["Sari", "Budi", "Sari", "Rina", "Sari"] };
    expect(await value('=CRM.RESOLUTIONTIME(A1:A5, B1:B5, C1:C5, "Rina")', cols)).to.equal("#DIV/0!");
  });
  it("is #DIV/0! when no ticket is resolved", async () => {
    expect(await value("=CRM.RESOLUTIONTIME(A1:A2, B1:B2)", { A: [at(2024, 3, 1), at(2024, 3, 2)], B: [null, null] })).to.equal("#DIV/0!");
  });
  it("is #NUM! when a ticket is resolved before it was opened", async () => {
    const cols = { A: [at(2024, 3, 1, 9), at(2024, 3, 2, 9)], B: [at(2024, 3, 1, 12), at(2024, 3, 2, 8)] };
    expect(await value("=CRM.RESOLUTIONTIME(A1:A2, B1:B2)", cols)).to.equal("#NUM!");
  });
  it("is #VALUE! for a resolved ticket without an opened date", async () => {
    const r = await formula("=CRM.RESOLUTIONTIME(A1:A2, B1:B2)", { A: [at(2024, 3, 1, 9), null], B: [at(2024, 3, 1, 12), at(2024, 3, 2, 8)] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/ticket 2/);
  });
  it("is #VALUE! with a message for an agent without agents", async () => {
    const r = await formula('=CRM.RESOLUTIONTIME(A1:A5, B1:B5, , "Sari")', TICKETS);
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/agents/);
  });
  it("is #VALUE! for ranges of different sizes", async () => {
    const r = await formula("=CRM.RESOLUTIONTIME(A1:A5, B1:B4)", TICKETS);
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/same size/);
    const s = await formula('=CRM.RESOLUTIONTIME(A1:A5, B1:B5, C1:C4, "Sari")', TICKETS);
    expect(s.value).to.equal("#VALUE!");
    expect(s.message).to.match(/agents/);
  });
  it("is #VALUE! naming the cell for text that is not a date", async () => {
    const r = await formula("=CRM.RESOLUTIONTIME(A1:A2, B1:B2)", { A: [at(2024, 3, 1), "kemarin"], B: [at(2024, 3, 2), at(2024, 3, 3)] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/opened \(row 2, column 1/);
  });
});

// Seed 004: a composite of product usage, feature adoption, CSAT, NPS and support tickets.
// Columns: logins a month, features adopted, CSAT, NPS, tickets a month (more is worse).
const HEALTH = {
  A: [20, 5, 12, 30],
  B: [8, 2, 5, 6],
  C: [0.9, 0.5, 0.7, 0.8],
  D: [50, -20, 10, 30],
  E: [1, 6, 3, 2],
  G: [3],
  H: [2],
  I: [2],
  J: [2],
  K: [-1],
};

describe("CRM.HEALTHSCORE (formulas)", () => {
  it("scales each column between its own min and max and weights it (seed 004's five signals)", async () => {
    const r = await formula("=CRM.HEALTHSCORE(A1:E4, G1:K1)", HEALTH);
    // Scaled: logins (v − 5)/25, features (v − 2)/6, CSAT (v − 0.5)/0.4, NPS (v + 20)/70,
    // tickets 1 − (v − 1)/5 for the negative weight; weights 3, 2, 2, 2, |−1|, total 10.
    const row = (a: number, b: number, c: number, d: number, e: number) => ((3 * a + 2 * b + 2 * c + 2 * d + 1 * e) / 10) * 100;
    const expected = [row(0.6, 1, 1, 1, 1), row(0, 0, 0, 0, 0), row(0.28, 0.5, 0.5, 30 / 70, 0.6), row(1, 4 / 6, 0.75, 50 / 70, 0.8)];
    expect(r.spill.length).to.equal(4);
    r.spill.forEach((cells, i) => {
      expect(cells).to.have.length(1);
      expect(cells[0]).to.be.closeTo(expected[i], 1e-6);
    });
  });
  it("uses given bounds and clamps values beyond them", async () => {
    // logins on 0..40 (45 clamps to 1), NPS on −100..100; tickets on 0..10, more is worse
    const cols = { A: [10, 45, 20], B: [0, -100, 100], C: [2, 12, 0], E: [1], F: [1], G: [-2], H: [0], I: [-100], J: [0], K: [40], L: [100], M: [10] };
    const r = await formula("=CRM.HEALTHSCORE(A1:C3, E1:G1, H1:J1, K1:M1)", cols);
    const row = (a: number, b: number, c: number) => ((a + b + 2 * (1 - c)) / 4) * 100;
    const expected = [row(0.25, 0.5, 0.2), row(1, 0, 1), row(0.5, 1, 0)];
    r.spill.forEach((cells, i) => expect(cells[0]).to.be.closeTo(expected[i], 1e-6));
  });
  it("takes one bound for every column, and blank bounds as the column's own", async () => {
    const cols = { A: [0, 50, 100], B: [20, 40, 80], D: [1], E: [1], F: [0], G: [] as null[], H: [100] };
    // lower 0 for both; upper blank for A (its max, 100) and 100 for B
    const r = await formula("=CRM.HEALTHSCORE(A1:B3, D1:E1, F1, G1:H1)", cols);
    const expected = [((0 + 0.2) / 2) * 100, ((0.5 + 0.4) / 2) * 100, ((1 + 0.8) / 2) * 100];
    r.spill.forEach((cells, i) => expect(cells[0]).to.be.closeTo(expected[i], 1e-6));
  });
  it("leaves a blank cell's column out of that row only", async () => {
    const cols = { A: [10, 20, 30], B: [1, null, 3], D: [1], E: [3] };
    const r = await formula("=CRM.HEALTHSCORE(A1:B3, D1:E1)", cols);
    // row 2 has only A: (20 − 10)/20 = 0.5 → 50; the others use both columns
    expect(r.spill.map((c) => c[0])).to.deep.equal([0, 50, 100]);
  });
  it("leaves out a column whose values are all equal", async () => {
    const cols = { A: [10, 20, 30], B: [7, 7, 7], D: [1], E: [1] };
    expect((await formula("=CRM.HEALTHSCORE(A1:B3, D1:E1)", cols)).spill.map((c) => c[0])).to.deep.equal([0, 50, 100]);
  });
  it("gives a blank cell for an all-blank row and keeps the rows aligned", async () => {
    const sheet = [
      [10, 1, 1, 1, "=CRM.HEALTHSCORE(A1:B4, C1:D1)"],
      [null, null, null, null, null],
      [30, 3, null, null, null],
      [20, 2, null, null, null],
    ];
    const { values } = await workbook({ Sheet1: sheet });
    expect(values.Sheet1.map((r) => r[4] ?? null)).to.deep.equal([0, null, 100, 50]);
  });
  it("is #DIV/0! for a single customer, whose columns cannot be scaled against others", async () => {
    expect(await value("=CRM.HEALTHSCORE(A1:B1, D1:E1)", { A: [10], B: [3], D: [1], E: [1] })).to.equal("#DIV/0!");
  });
  it("is #DIV/0! when every weight is zero", async () => {
    expect(await value("=CRM.HEALTHSCORE(A1:B2, D1:E1)", { A: [1, 2], B: [3, 4], D: [0], E: [0] })).to.equal("#DIV/0!");
  });
  it("is #VALUE! when weights do not match the columns", async () => {
    const r = await formula("=CRM.HEALTHSCORE(A1:E4, G1:J1)", HEALTH);
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/weights has 4 cells but values has 5 columns/);
  });
  it("is #VALUE! for a blank weight", async () => {
    const r = await formula("=CRM.HEALTHSCORE(A1:B2, D1:E1)", { A: [1, 2], B: [3, 4], D: [1], E: [null] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/weights cell 2 is blank/);
  });
  it("is #VALUE! when bounds do not match the columns", async () => {
    const r = await formula("=CRM.HEALTHSCORE(A1:C2, D1:F1, G1:H1)", { A: [1, 2], B: [3, 4], C: [5, 6], D: [1], E: [1], F: [1], G: [0], H: [0] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/lower has 2 cells/);
  });
  it("is #NUM! when an upper bound is not above its lower bound", async () => {
    expect(await value("=CRM.HEALTHSCORE(A1:A2, B1, C1, D1)", { A: [1, 2], B: [1], C: [5], D: [5] })).to.equal("#NUM!");
  });
  it("is #VALUE! naming the cell for text among values", async () => {
    const r = await formula("=CRM.HEALTHSCORE(A1:E4, G1:K1)", { ...HEALTH, C: [0.9, 0.5, "tinggi", 0.8] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/values \(row 3, column 3/);
  });
  it("passes an error in a value cell through", async () => {
    expect(await value("=CRM.HEALTHSCORE(A1:A2, B1)", { A: [1, "=NA()"], B: [1] })).to.equal("#N/A");
  });
});

// Seed 000: lead scoring picks out high-quality leads. Header, then one lead per row.
const LEADS = {
  A: ["name", "Andi", "Bela", "Citra", "Dodi"],
  B: ["Industry", "SaaS", "Retail", "saas", "Education"],
  C: ["employees", 120, 30, 50, "'80"],
  D: ["email", "andi@acme.co.id", "bela@gmail.com", "citra@GMAIL.com", null],
  E: ["last_visit", "2024-03-15", "2024-01-20", "'2024-03-01", "2024-02-28"],
  F: ["source", "Webinar", null, "Referral", "Cold call"],
  H: ["industry", "employees", "email", "last_visit", "source", "industry"],
  I: ["'=SaaS", ">=50", "contains gmail", ">=2024-03-01", null, "<>Education"],
  J: [20, 15, -10, 10, 5, 3],
};

describe("CRM.LEADSCORE (formulas)", () => {
  it("adds the points of every rule each lead meets, one score per lead", async () => {
    const r = await formula("=CRM.LEADSCORE(A1:F5, H1:J6)", LEADS);
    // Andi 20+15+10+5+3; Bela −10+3; Citra 20+15−10+10+5+3 (case, ISO text date);
    // Dodi 15 (numeric text "80") + 5
    expect(r.spill).to.deep.equal([[53], [-7], [43], [20]]);
  });
  it("skips a header row on the rules table", async () => {
    const cols = { ...LEADS, H: ["field", ...LEADS.H], I: ["condition", ...LEADS.I], J: ["points", ...LEADS.J] };
    expect((await formula("=CRM.LEADSCORE(A1:F5, H1:J7)", cols)).spill).to.deep.equal([[53], [-7], [43], [20]]);
  });
  it("reads a bare value as equality, numbers numerically", async () => {
    const cols = { ...LEADS, H: ["industry", "employees"], I: ["retail", 50], J: [7, 1] };
    expect((await formula("=CRM.LEADSCORE(A1:F5, H1:J2)", cols)).spill).to.deep.equal([[0], [7], [1], [0]]);
  });
  it("compares numbers and dates with <, <=, >", async () => {
    const cols = { ...LEADS, H: ["employees", "employees", "last_visit"], I: ["<50", "<=50", ">2024-02-28"], J: [1, 10, 100] };
    // Andi 120, visit 03-15 → 100; Bela 30, 01-20 → 11; Citra 50, 03-01 → 110; Dodi 80, 02-28 → 0
    expect((await formula("=CRM.LEADSCORE(A1:F5, H1:J3)", cols)).spill).to.deep.equal([[100], [11], [110], [0]]);
  });
  it('treats "=" alone as blank and "<>" alone as non-blank', async () => {
    const cols = { ...LEADS, H: ["source", "email"], I: ["'=", "<>"], J: [1, 10] };
    expect((await formula("=CRM.LEADSCORE(A1:F5, H1:J2)", cols)).spill).to.deep.equal([[10], [11], [10], [0]]);
  });
  it("gives a blank cell for an all-blank lead row and keeps the rows aligned", async () => {
    const sheet = [
      ["city", "visits", null, "city", "Jakarta", 10, "=CRM.LEADSCORE(A1:B4, D1:F2)"],
      ["Jakarta", 2, null, "visits", ">1", 1, null],
      [null, null, null, null, null, null, null],
      ["jakarta ", 0, null, null, null, null, null],
    ];
    const { values } = await workbook({ Sheet1: sheet });
    expect(values.Sheet1.map((r) => r[6] ?? null)).to.deep.equal([11, null, 10, null]);
  });
  it("is #N/A with a message for a field not in the header", async () => {
    const cols = { ...LEADS, H: ["industry", "budget"], I: ["SaaS", ">100"], J: [20, 5] };
    const r = await formula("=CRM.LEADSCORE(A1:F5, H1:J2)", cols);
    expect(r.value).to.equal("#N/A");
    expect(r.message).to.match(/field "budget" is not a column of leads/);
  });
  it("is #VALUE! for a comparison with text, points that are not a number, or rules not three columns wide", async () => {
    const bad = await formula("=CRM.LEADSCORE(A1:F5, H1:J1)", { ...LEADS, H: ["employees"], I: [">many"], J: [5] });
    expect(bad.value).to.equal("#VALUE!");
    expect(bad.message).to.match(/not a number/);
    const points = await formula("=CRM.LEADSCORE(A1:F5, H1:J2)", { ...LEADS, H: ["industry", "email"], I: ["SaaS", null], J: [5, "lima"] });
    expect(points.value).to.equal("#VALUE!");
    expect(points.message).to.match(/rules row 2: points/);
    const narrow = await formula("=CRM.LEADSCORE(A1:F5, H1:I2)", LEADS);
    expect(narrow.value).to.equal("#VALUE!");
    expect(narrow.message).to.match(/three columns/);
  });
  it("is #VALUE! for leads with only a header row", async () => {
    expect(await value("=CRM.LEADSCORE(A1:F1, H1:J6)", LEADS)).to.equal("#VALUE!");
  });
  it("passes an error in a lead's cell through in that lead's place; the other leads are still scored", async () => {
    const r = await formula("=CRM.LEADSCORE(A1:F5, H1:J6)", { ...LEADS, C: ["employees", 120, "=NA()", 50, 80], D: ["email", "andi@acme.co.id", "bela@gmail.com", "citra@GMAIL.com", "=1/0"] });
    expect(r.spill).to.deep.equal([[53], ["#N/A"], [43], ["#DIV/0!"]]);
    // An error in a column no rule reads (name) changes nothing.
    const unread = await formula("=CRM.LEADSCORE(A1:F5, H1:J6)", { ...LEADS, A: ["name", "Andi", "=NA()", "Citra", "Dodi"] });
    expect(unread.spill).to.deep.equal([[53], [-7], [43], [20]]);
  });
  it("passes an error in the header row through for the whole spill, naming it", async () => {
    const r = await formula("=CRM.LEADSCORE(A1:F5, H1:J6)", { ...LEADS, F: ["=NA()", "Webinar", null, "Referral", "Cold call"] });
    expect(r.value).to.equal("#N/A");
    expect(r.message).to.match(/leads \(row 1, column 6/);
  });
});

import { expect } from "chai";
import fc from "fast-check";
import { formula, value, workbook } from "../harness/formulas";
import type { CellInput } from "../harness/engine";
import { KPI } from "../../src/functions/kpi";
import { KPI_SHEET, kpiNames, kpiTable } from "../../src/kpi/sheet";
import { definitionOf, WIN_RATE as WIN_RATE_DRAFT } from "../kpi-fixtures";

// Five reps' deals: won 30 and lost 20 in all, one rep has no lost figure yet (blank).
const DEALS = { A: [10, 5, null, 7, 8], B: [4, 6, 3, 7, null] };

const WIN_RATE = definitionOf(WIN_RATE_DRAFT);
const AVG_DEAL = definitionOf({
  name: "AvgDeal",
  expression: "mean(amount)",
  inputs: [{ name: "amount", description: "Amount of each won deal" }],
  unit: "IDR",
  direction: "higher",
});

describe("CRM.KPI (formulas)", () => {
  it("computes a win rate from two ranges, each summed, blanks skipped: 30 / (30 + 20) = 0.6", async () => {
    expect(await value('=CRM.KPI("won / (won + lost)", "won", A1:A5, "lost", B1:B5)', DEALS)).to.be.closeTo(0.6, 1e-12);
  });
  it("reads the expression from a cell", async () => {
    expect(await value('=CRM.KPI(C1, "won", A1:A5, "lost", B1:B5)', { ...DEALS, C: ["won / (won + lost)"] })).to.be.closeTo(0.6, 1e-12);
  });
  it("reads the expression from a named expression, as =CRM.KPI(KPI_WinRate, …)", async () => {
    const sheet = [[10, 4, '=CRM.KPI(KPI_WinRate, "won", A1:A2, "lost", B1:B2)'], [20, 16, null]];
    const { values } = await workbook({ Sheet1: sheet }, { KPI_WinRate: '="won / (won + lost)"' });
    expect(values.Sheet1[0][2]).to.be.closeTo(0.6, 1e-12);
  });
  it("uses the KPI library sheet and names the task pane writes, whatever the rows' order", async () => {
    // The table as the pane writes it, then sorted by hand so AvgDeal comes first.
    const [header, ...rows] = kpiTable([WIN_RATE, AVG_DEAL]);
    const names = Object.fromEntries(kpiNames([WIN_RATE, AVG_DEAL]).map((n) => [n.name, n.formula]));
    const data = [
      [30, 20, '=CRM.KPI(KPI_WinRate, "won", A1, "lost", B1)', '=CRM.KPI(KPI_AvgDeal, "amount", D2:D4)'],
      [null, null, null, 100],
      [null, null, null, 200],
      [null, null, null, 600],
    ];
    const { values } = await workbook({ [KPI_SHEET]: [header, rows[1], rows[0]], Sheet1: data }, names);
    expect(values.Sheet1[0][2]).to.be.closeTo(0.6, 1e-12);
    expect(values.Sheet1[0][3]).to.be.closeTo(300, 1e-9);
  });
  it("follows an edit of the expression in the library sheet without touching the formulas", async () => {
    const [header, row] = kpiTable([WIN_RATE]);
    const edited = row.slice();
    edited[1] = "won / max(won + lost, 1)";
    const names = Object.fromEntries(kpiNames([WIN_RATE]).map((n) => [n.name, n.formula]));
    const sheet = [[0, 0, '=CRM.KPI(KPI_WinRate, "won", A1, "lost", B1)']];
    const before = await workbook({ [KPI_SHEET]: [header, row], Sheet1: sheet }, names);
    const after = await workbook({ [KPI_SHEET]: [header, edited], Sheet1: sheet }, names);
    expect(before.values.Sheet1[0][2]).to.equal("#DIV/0!");
    expect(after.values.Sheet1[0][2]).to.equal(0);
  });
  it("keeps a range a list inside mean, median, min, max, count and sum", async () => {
    const A = { A: [100, null, 300, 200, 1000] };
    expect(await value('=CRM.KPI("mean(deal)", "deal", A1:A5)', A)).to.equal(400);
    expect(await value('=CRM.KPI("median(deal)", "deal", A1:A5)', A)).to.equal(250);
    expect(await value('=CRM.KPI("max(deal) - min(deal)", "deal", A1:A5)', A)).to.equal(900);
    expect(await value('=CRM.KPI("count(deal)", "deal", A1:A5)', A)).to.equal(4);
    expect(await value('=CRM.KPI("sum(deal) / count(deal) == mean(deal)", "deal", A1:A5)', A)).to.equal(1);
  });
  it("takes numbers typed in the formula and more than two inputs", async () => {
    expect(await value('=CRM.KPI("(new - churned) / start", "start", 200, "new", 30, "churned", 10)')).to.equal(0.1);
  });
  it("agrees with the native formula on the same data", async () => {
    const rows: CellInput[][] = DEALS.A.map((a, i) => [a, DEALS.B[i], null, null]);
    rows[0][2] = '=CRM.KPI("won / (won + lost)", "won", A1:A5, "lost", B1:B5)';
    rows[0][3] = "=SUM(A1:A5)/(SUM(A1:A5)+SUM(B1:B5))";
    const { values } = await workbook({ Sheet1: rows });
    expect(values.Sheet1[0][2]).to.be.a("number");
    expect(values.Sheet1[0][2]).to.be.closeTo(values.Sheet1[0][3] as number, 1e-12);
  });

  it("holds the worked example of the README (Custom KPIs)", async () => {
    const reps = { A: ["Rep", "Ayu", "Budi", "Citra", "Dewi"], B: ["Won", 12, 9, 9, 6], C: ["Lost", 8, 11, null, 4] };
    expect(await value('=CRM.KPI("won / (won + lost)", "won", B2:B5, "lost", C2:C5)', reps)).to.be.closeTo(36 / 59, 1e-10);
    expect((36 / 59).toFixed(4)).to.equal("0.6102");
    expect(await value('=CRM.KPI("median(won) / mean(won)", "won", B2:B5)', reps)).to.equal(1);
    const [header, row] = kpiTable([WIN_RATE]);
    const names = Object.fromEntries(kpiNames([WIN_RATE]).map((n) => [n.name, n.formula]));
    const { values } = await workbook({ [KPI_SHEET]: [header, row], Sheet1: [['=CRM.KPI(KPI_WinRate, "won", 36, "lost", 23)']] }, names);
    expect(values.Sheet1[0][0]).to.be.closeTo(36 / 59, 1e-10);
  });

  it("ignores an input the expression does not use, text in its range included (a KPI may drop an input)", async () => {
    expect(await value('=CRM.KPI("won * 2", "won", 5, "lost", A1:A2)', { A: ["n/a", 3] })).to.equal(10);
    // Used, the same range is the usual error naming its cell.
    expect(await value('=CRM.KPI("won * lost", "won", 5, "lost", A1:A2)', { A: ["n/a", 3] })).to.equal("#VALUE!");
  });

  describe("errors", () => {
    it("is #VALUE! naming the input when the expression uses a name without a value", async () => {
      const r = await formula('=CRM.KPI("won / (won + lost)", "won", A1:A5)', DEALS);
      expect(r.value).to.equal("#VALUE!");
      expect(r.message).to.match(/uses lost, which has no value/);
    });
    it("is #VALUE! when a name is not followed by its value", async () => {
      const r = await formula('=CRM.KPI("won / (won + lost)", "won", A1:A5, "lost")', DEALS);
      expect(r.value).to.equal("#VALUE!");
      expect(r.message).to.match(/"lost" \(name2\) has no value/);
    });
    it("is #VALUE! for an expression outside the sandbox, with the reason", async () => {
      // In a cell, as a shared workbook would hold them (quotes included).
      for (const [expression, reason] of [
        ['cos.constructor("return process")()', /cannot be read|not allowed/],
        ['won.constructor("return process")', /reads a property/],
        ['evaluate("1+1")', /evaluate\(…\) is not a function on the list/],
        ["won = 1", /assigns a variable/],
        ["f(x) = x", /defines a function/],
        ["1:1e9", /builds a range/],
        ['import({ won: 1 }, { override: true })', /import\(…\) is not a function on the list/],
        ['createUnit("foo")', /createUnit\(…\) is not a function on the list/],
        ['won["__proto__"]', /reads a property or an element/],
        ["(".repeat(400) + "won" + ")".repeat(400), /nests brackets/],
      ] as const) {
        const r = await formula(`=CRM.KPI(C1, "won", A1:A5)`, { ...DEALS, C: [`'${expression}`] });
        expect(r.value, expression).to.equal("#VALUE!");
        expect(r.message, expression).to.match(reason);
      }
    });
    it("is #VALUE! naming the cell for text among the values", async () => {
      const r = await formula('=CRM.KPI("won / (won + lost)", "won", A1:A3, "lost", B1:B3)', { A: [1, "two", 3], B: [1, 1, 1] });
      expect(r.value).to.equal("#VALUE!");
      expect(r.message).to.match(/won \(row 2, column 1 of the range\) holds text "two"/);
    });
    it("is #VALUE! for a used input whose range is blank", async () => {
      const r = await formula('=CRM.KPI("won / (won + lost)", "won", A1:A3, "lost", B1:B3)', { A: [1, 2, 3], B: [null, null, null] });
      expect(r.value).to.equal("#VALUE!");
      expect(r.message).to.match(/lost is empty/);
    });
    it("is #VALUE! when the expression cell is empty", async () => {
      const r = await formula('=CRM.KPI(C1, "won", A1:A5)', { ...DEALS, C: [null] });
      expect(r.value).to.equal("#VALUE!");
      expect(r.message).to.match(/expression is empty/);
    });
    it("is #VALUE! for a name that is a range or not a name", async () => {
      expect((await formula('=CRM.KPI("won", C1:C2, A1:A5)', { ...DEALS, C: ["won", "lost"] })).message).to.match(/name1 takes one value/);
      expect((await formula('=CRM.KPI("won", "won rate", A1:A5)', DEALS)).message).to.match(/"won rate" is not valid/);
    });
    it("is #DIV/0! when the denominator is zero", async () => {
      expect(await value('=CRM.KPI("won / (won + lost)", "won", A1:A2, "lost", B1:B2)', { A: [0, 0], B: [0, 0] })).to.equal("#DIV/0!");
    });
    it("is #NUM! when the result is not a finite number", async () => {
      expect(await value('=CRM.KPI("sqrt(won - lost)", "won", 1, "lost", 2)')).to.equal("#NUM!");
      expect(await value('=CRM.KPI("won ^ 1000", "won", 10)')).to.equal("#NUM!");
    });
    it("passes an error in an input cell through", async () => {
      expect(await value('=CRM.KPI("won * 2", "won", A1:A3)', { A: [1, "=1/0", 3] })).to.equal("#DIV/0!");
    });
  });

  describe("never throws", () => {
    const cell = fc.oneof(
      fc.double({ noNaN: false }),
      fc.integer(),
      fc.string({ maxLength: 12 }),
      fc.boolean(),
      fc.constant(null),
      fc.constant(""),
    );
    const range = fc.oneof(cell, fc.array(fc.array(cell, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }));
    const token = fc.constantFrom("won", "lost", "x", "+", "-", "*", "/", "^", "(", ")", "1", "0", "2.5", "sum(", "mean(", "median(", ",", "?", ":", ">", "==", "and", "not ", ".", "[", "]", '"', "=", "!", "%", "constructor", "e");
    const expression = fc.oneof(fc.string({ maxLength: 60 }), fc.array(token, { maxLength: 15 }).map((t) => t.join(" ")));
    const name = fc.oneof(fc.constantFrom("won", "lost", "x", "Won", "sum", "2x", "", null), fc.string({ maxLength: 8 }));

    it("always gives a finite number or an Excel error, for any expression and values", () => {
      const Err = (globalThis as any).CustomFunctions.Error;
      fc.assert(
        fc.property(expression, name, range, fc.array(fc.oneof(name, range), { maxLength: 5 }), (e, n1, v1, more) => {
          try {
            const r = KPI(e, n1, v1 as any, more as any);
            expect(r).to.be.a("number");
            expect(Number.isFinite(r)).to.equal(true);
          } catch (error) {
            expect(error).to.be.instanceOf(Err);
            expect(["#VALUE!", "#DIV/0!", "#NUM!", "#N/A"]).to.include((error as any).code);
            expect((error as Error).message).to.not.match(/unexpected problem/);
          }
        }),
        { numRuns: 2000 },
      );
    });
    it("shows a value or an error in a cell, typed as a formula", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(token, { maxLength: 12 }).map((t) => t.join(" ")), async (e) => {
          const r = await formula(`=CRM.KPI(C1, "won", A1:A5, "lost", B1:B5)`, { ...DEALS, C: [`'${e}`] });
          expect(typeof r.value === "number" || ["#VALUE!", "#DIV/0!", "#NUM!"].includes(r.value as string), String(r.value)).to.equal(true);
        }),
        { numRuns: 40 },
      );
    });
  });
});

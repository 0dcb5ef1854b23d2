import { expect } from "chai";
import { readFileSync } from "node:fs";
import type { CellInput, CellOutput } from "../harness/engine";
import { formula, value, workbook } from "../harness/formulas";
import { expectedSpend } from "../../src/metrics/models/gammagamma";
import { expectedPurchases, pAlive } from "../../src/metrics/models/bgnbd";
import { discountedPurchases } from "../../src/metrics/models/clv";

/** The CDNOW sample as a user pastes it: header row, then customer_id, date (ISO), cds, amount. */
function cdnowSheet(): CellInput[][] {
  const lines = readFileSync(new URL("../../../shared/data/cdnow_sample.csv", import.meta.url), "utf8").trim().split("\n");
  return lines.map((line, i) => {
    const [id, date, cds, amount] = line.split(",");
    return i === 0 ? [id, date, cds, amount] : [Number(id), date, Number(cds), Number(amount)];
  });
}

/** Places formulas in a sheet: { F1: "=…" } on rows × columns of blanks. */
function withFormulas(rows: CellInput[][], formulas: Record<string, string>, width = 12): CellInput[][] {
  const out = rows.map((r) => [...r, ...Array(Math.max(0, width - r.length)).fill(null)]);
  for (const [address, text] of Object.entries(formulas)) {
    const col = address.charCodeAt(0) - 65;
    const row = Number(address.slice(1)) - 1;
    while (out.length <= row) out.push(Array(width).fill(null));
    out[row][col] = text;
  }
  return out;
}

const num = (v: CellOutput): number => {
  if (typeof v !== "number") throw new Error(`expected a number, got ${String(v)}`);
  return v;
};

describe("predictive functions on CDNOW (formulas, as a user types them)", function () {
  this.timeout(180_000);
  let data: CellOutput[][];
  let fit: CellOutput[][];
  let pred: CellOutput[][];

  before(async () => {
    // Sheet Data: the transactions in A:D, CRM.RFM spilling from F1 (id, frequency, recency, T, monetary).
    // Sheet Fit: the two fits over the RFM spill's columns, and native formulas counting it.
    // Sheet Pred: P(alive), expected purchases and predicted CLV per customer.
    const wb = await workbook({
      Data: withFormulas(cdnowSheet(), { F1: '=CRM.RFM(A2:A6920, B2:B6920, D2:D6920, "1997-09-30")' }),
      Fit: withFormulas([], {
        A1: "=CRM.BGNBD(Data!G2:G2358, Data!H2:H2358, Data!I2:I2358)",
        D1: "=CRM.GAMMAGAMMA(Data!G2:G2358, Data!J2:J2358)",
        G1: "=COUNT(Data!G2:G3000)",
        G2: '=COUNTIF(Data!G2:G3000, ">0")',
        G3: "=SUM(Data!G2:G3000)",
        // The same fit over whole spill columns, header row included: the header is skipped.
        A10: "=CRM.BGNBD(Data!G1:G2358, Data!H1:H2358, Data!I1:I2358)",
      }),
      Pred: withFormulas([], {
        A1: "=CRM.PALIVE(Data!G2:G2358, Data!H2:H2358, Data!I2:I2358, Fit!A1:B6)",
        B1: "=CRM.PURCHASES(Data!G2:G2358, Data!H2:H2358, Data!I2:I2358, Fit!B2:B5, 39)",
        D1: '=CRM.CLV.PREDICT(Data!A2:A6920, Data!B2:B6920, Data!D2:D6920, 12, 0.1, "1997-09-30")',
        G1: '=CRM.CLV.PREDICT(Data!A2:A6920, Data!B2:B6920, Data!D2:D6920, 12, 0.1, "1997-09-30", 0.7)',
        J1: '=CRM.CLV.PREDICT(Data!A2:A6920, Data!B2:B6920, Data!D2:D6920, 12, 0.1, "1997-09-30", 70)',
      }),
    });
    data = wb.values.Data;
    fit = wb.values.Fit;
    pred = wb.values.Pred;
  });

  it("CRM.RFM gives FHL 2005's calibration summary: 2,357 customers, 946 repeat, 2,457 repeat purchases", () => {
    expect(data[0].slice(5, 10)).to.deep.equal(["id", "frequency", "recency", "T", "monetary"]);
    expect(fit[0][6]).to.equal(2357);
    expect(fit[1][6]).to.equal(946);
    expect(fit[2][6]).to.equal(2457);
    // The spill ends right after the last customer.
    expect(data[2357][5]).to.equal(2357);
    expect(data[2358]?.[5] ?? null).to.equal(null);
    // Customer 1: two repeat purchase days; t_x = 30.43 and T = 38.86 weeks, as in the paper's data.
    expect(data[1][5]).to.equal(1);
    expect(data[1][6]).to.equal(2);
    expect(num(data[1][7]).toFixed(2)).to.equal("30.43");
    expect(num(data[1][8]).toFixed(2)).to.equal("38.86");
  });

  it("CRM.BGNBD over the RFM columns gives r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4 (FHL 2005)", () => {
    expect(fit.slice(0, 6).map((r) => r[0])).to.deep.equal(["parameter", "r", "alpha", "a", "b", "log-likelihood"]);
    expect(num(fit[1][1]).toFixed(3)).to.equal("0.243");
    expect(num(fit[2][1]).toFixed(3)).to.equal("4.414");
    expect(num(fit[3][1]).toFixed(3)).to.equal("0.793");
    expect(num(fit[4][1]).toFixed(3)).to.equal("2.426");
    expect(num(fit[5][1]).toFixed(1)).to.equal("-9582.4");
  });

  it("skips the spill's header row when whole columns are given", () => {
    for (let r = 1; r <= 5; r++) expect(fit[9 + r][1]).to.equal(fit[r][1]);
  });

  it("CRM.GAMMAGAMMA gives p 6.25, q 3.74, γ 15.44 (Fader, Hardie & Lee 2005; Fader & Hardie 2013)", () => {
    expect(fit.slice(0, 5).map((r) => r[3])).to.deep.equal(["parameter", "p", "q", "gamma", "log-likelihood"]);
    expect(num(fit[1][4]).toFixed(2)).to.equal("6.25");
    expect(num(fit[2][4]).toFixed(2)).to.equal("3.74");
    expect(num(fit[3][4]).toFixed(2)).to.equal("15.44");
  });

  it("CRM.PALIVE spills one probability per customer, from the whole parameters table", () => {
    const column = pred.map((r) => r[0]).filter((v) => v !== null);
    expect(column.length).to.equal(2357);
    const [r, alpha, a, b] = [1, 2, 3, 4].map((k) => num(fit[k][1]));
    // Customer 1 (x 2, t_x 30.43, T 38.86): 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))
    const T = num(data[1][8]);
    const tx = num(data[1][7]);
    expect(num(pred[0][0])).to.be.closeTo(1 / (1 + (a / (b + 1)) * Math.pow((alpha + T) / (alpha + tx), r + 2)), 1e-9);
    // Customer 2357 made no repeat purchase: alive for sure under BG/NBD.
    expect(data[2357][6]).to.equal(0);
    expect(pred[2356][0]).to.equal(1);
    for (const v of column) expect(num(v)).to.be.within(0, 1);
  });

  it("CRM.PURCHASES from the value column alone gives Hardie's 1.226 purchases in 39 weeks for customer 1", () => {
    expect(num(pred[0][1])).to.be.closeTo(1.226, 0.0005);
    expect(pred.map((r) => r[1]).filter((v) => v !== null).length).to.equal(2357);
  });

  it("CRM.CLV.PREDICT spills id and predicted CLV: spend × discounted expected purchases", () => {
    expect(pred[0].slice(3, 5)).to.deep.equal(["id", "clv"]);
    expect(pred[1][3]).to.equal(1);
    expect(pred.filter((r) => typeof r[3] === "number").length).to.equal(2357);
    // Customer 1 from the fitted tables of the Fit sheet: margin 1, 12 months at 10% a year.
    const bg = { r: num(fit[1][1]), alpha: num(fit[2][1]), a: num(fit[3][1]), b: num(fit[4][1]) };
    const gg = { p: num(fit[1][4]), q: num(fit[2][4]), gamma: num(fit[3][4]) };
    const expected = expectedSpend(gg, 2, num(data[1][9])) * discountedPurchases(bg, 2, num(data[1][7]), num(data[1][8]), 12, 0.1);
    expect(num(pred[1][4])).to.be.closeTo(expected, 1e-6 * expected);
  });

  it("CRM.CLV.PREDICT's margin is a fraction: 0.7 keeps 70% of each CLV, 70 (meant as 70%) is #NUM!", () => {
    expect(num(pred[1][7])).to.be.closeTo(0.7 * num(pred[1][4]), 1e-9 * num(pred[1][4]));
    expect(pred[0][9]).to.equal("#NUM!");
  });
});

describe("CRM.RFM (formulas)", () => {
  // Ann buys twice on 2024-01-01 and again on 01-15 and 01-29; Budi once on 01-10.
  const IDS = ["customer", "Ann", "Ann", "Budi", "Ann", "Ann"];
  const DATES = ["date", "2024-01-01", "2024-01-01", "2024-01-10", "2024-01-15", "2024-01-29"];
  const AMOUNTS = ["amount", 10, 5, 8, 20, 40];

  it("spills id, frequency, recency, T, monetary with a header, skipping the input's header row", async () => {
    const r = await formula('=CRM.RFM(A1:A6, B1:B6, C1:C6, "2024-02-05")', { A: IDS, B: DATES, C: AMOUNTS });
    expect(r.spill).to.deep.equal([
      ["id", "frequency", "recency", "T", "monetary"],
      ["Ann", 2, 4, 5, 30],
      ["Budi", 0, 0, num(r.spill[2][3]), 0],
    ]);
    expect(num(r.spill[2][3])).to.be.closeTo(26 / 7, 1e-9);
  });

  it("measures in days or months when asked, and ends at the last purchase by default", async () => {
    const days = await formula('=CRM.RFM(A2:A6, B2:B6, C2:C6, , "days")', { A: IDS, B: DATES, C: AMOUNTS });
    expect(days.spill[1]).to.deep.equal(["Ann", 2, 28, 28, 30]);
    const months = await formula('=CRM.RFM(A2:A6, B2:B6, C2:C6, "2024-01-29", "months")', { A: IDS, B: DATES, C: AMOUNTS });
    expect(num(months.spill[1][2])).to.be.closeTo(28 / (365.25 / 12), 1e-9);
  });

  it("ignores purchases after as_of", async () => {
    const r = await formula('=CRM.RFM(A2:A6, B2:B6, C2:C6, "2024-01-20")', { A: IDS, B: DATES, C: AMOUNTS });
    expect(r.spill[1]).to.deep.equal(["Ann", 1, 2, num(r.spill[1][3]), 20]);
  });

  it("keeps numeric ids as numbers and skips blank rows", async () => {
    const r = await formula("=CRM.RFM(A1:A4, B1:B4, C1:C4)", { A: [1001, null, 1001, 1002], B: ["2024-01-01", null, "2024-01-08", "2024-01-08"], C: [5, null, 6, 7] });
    expect(r.spill.map((row) => row[0])).to.deep.equal(["id", 1001, 1002]);
  });

  it("is #VALUE! naming the cell for a non-numeric amount", async () => {
    const r = await formula("=CRM.RFM(A2:A6, B2:B6, C2:C6)", { A: IDS, B: DATES, C: ["amount", 10, "ten", 8, 20, 40] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/amounts \(row 2, column 1/);
  });

  it("is #VALUE! for ranges of different sizes and for a row with a date but no customer", async () => {
    expect(await value("=CRM.RFM(A2:A6, B2:B5, C2:C6)", { A: IDS, B: DATES, C: AMOUNTS })).to.equal("#VALUE!");
    const r = await formula("=CRM.RFM(A1:A2, B1:B2, C1:C2)", { A: ["Ann", null], B: ["2024-01-01", "2024-01-02"], C: [1, 2] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/customer_ids is blank/);
  });

  it("is #VALUE! for a period it does not know", async () => {
    expect(await value('=CRM.RFM(A2:A6, B2:B6, C2:C6, , "fortnights")', { A: IDS, B: DATES, C: AMOUNTS })).to.equal("#VALUE!");
  });

  it("reports a mistyped date in the first row instead of taking the row for a header", async () => {
    const r = await formula("=CRM.RFM(A1:A2, B1:B2, C1:C2)", { A: ["Ann", "Ann"], B: ["'2024-13-01", "2024-01-05"], C: ["n/a", 5] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/dates \(row 1/);
  });
});

describe("CRM.BGNBD, CRM.PALIVE, CRM.PURCHASES (formulas): bad input", () => {
  // Frequency, recency, T of eight customers, five of them repeat buyers.
  const X = [2, 1, 0, 5, 0, 3, 1, 0];
  const TX = [30, 10, 0, 35, 0, 20, 2, 0];
  const T = [39, 38, 37, 39, 30, 36, 35, 20];

  it("is #NUM! for a negative frequency", async () => {
    expect(await value("=CRM.BGNBD(A1:A8, B1:B8, C1:C8)", { A: [-1, ...X.slice(1)], B: TX, C: T })).to.equal("#NUM!");
  });
  it("is #NUM! for recency above T", async () => {
    expect(await value("=CRM.BGNBD(A1:A8, B1:B8, C1:C8)", { A: X, B: [30, 40, ...TX.slice(2)], C: T })).to.equal("#NUM!");
  });
  it("is #NUM! with fewer than three repeat customers", async () => {
    expect(await value("=CRM.BGNBD(A1:A8, B1:B8, C1:C8)", { A: [2, 1, 0, 0, 0, 0, 0, 0], B: [30, 10, 0, 0, 0, 0, 0, 0], C: T })).to.equal("#NUM!");
  });
  it("is #VALUE! naming the cell for text among the frequencies", async () => {
    const r = await formula("=CRM.BGNBD(A1:A8, B1:B8, C1:C8)", { A: [2, "two", ...X.slice(2)], B: TX, C: T });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/frequency \(row 2/);
  });

  const PARAMS = { E: ["parameter", "r", "alpha", "a", "b", "log-likelihood"], F: ["value", 0.243, 4.414, 0.793, 2.426, -9582.4] };

  it("PALIVE takes the parameters table or its value column (with or without its label)", async () => {
    const table = await formula("=CRM.PALIVE(A1:A3, B1:B3, C1:C3, E1:F6)", { A: [2, 0, 5], B: [30.43, 0, 35], C: [38.86, 30, 39], ...PARAMS });
    const values = await formula("=CRM.PALIVE(A1:A3, B1:B3, C1:C3, F2:F5)", { A: [2, 0, 5], B: [30.43, 0, 35], C: [38.86, 30, 39], ...PARAMS });
    const labelled = await formula("=CRM.PALIVE(A1:A3, B1:B3, C1:C3, F1:F6)", { A: [2, 0, 5], B: [30.43, 0, 35], C: [38.86, 30, 39], ...PARAMS });
    expect(table.spill).to.deep.equal(values.spill);
    expect(labelled.spill).to.deep.equal(values.spill);
    expect(table.spill.length).to.equal(3);
    expect(table.spill[1][0]).to.equal(1);
  });

  it("keeps blank input rows blank so the output lines up with the input", async () => {
    const rows: CellInput[][] = [
      [2, 30.43, 38.86, "=CRM.PALIVE(A1:A3, B1:B3, C1:C3, E1:F6)", "parameter", "value"],
      [null, null, null, null, "r", 0.243],
      [5, 35, 39, null, "alpha", 4.414],
      [null, null, null, null, "a", 0.793],
      [null, null, null, null, "b", 2.426],
    ];
    const out = (await workbook({ Sheet1: rows })).values.Sheet1.map((row) => row[3] ?? null);
    expect(typeof out[0]).to.equal("number");
    expect(out[1]).to.equal(null);
    expect(typeof out[2]).to.equal("number");
    expect(out[3]).to.equal(null);
  });

  it("is #VALUE! for parameters missing from the table, #NUM! for a parameter that is not positive", async () => {
    const missing = await formula("=CRM.PALIVE(A1:A3, B1:B3, C1:C3, E1:F4)", { A: [2, 0, 5], B: [30, 0, 35], C: [38, 30, 39], ...PARAMS });
    expect(missing.value).to.equal("#VALUE!");
    expect(missing.message).to.match(/lacks b/);
    expect(await value("=CRM.PURCHASES(A1:A3, B1:B3, C1:C3, E1:E4, 39)", { A: [2, 0, 5], B: [30, 0, 35], C: [38, 30, 39], E: [0.2, 4, -0.8, 2] })).to.equal("#NUM!");
  });

  it("PALIVE and PURCHASES in one sheet with other parameters or another horizon each give their own values", async () => {
    const other = { r: 0.5, alpha: 2, a: 1.2, b: 3 };
    const rows: CellInput[][] = [
      [2, 30.43, 38.86, 0.243, 0.5, "=CRM.PURCHASES(A1:A2, B1:B2, C1:C2, D1:D4, 39)", "=CRM.PURCHASES(A1:A2, B1:B2, C1:C2, D1:D4, 10)", "=CRM.PURCHASES(A1:A2, B1:B2, C1:C2, E1:E4, 39)", "=CRM.PALIVE(A1:A2, B1:B2, C1:C2, D1:D4)", "=CRM.PALIVE(A1:A2, B1:B2, C1:C2, E1:E4)"],
      [5, 12, 39, 4.414, 2],
      [null, null, null, 0.793, 1.2],
      [null, null, null, 2.426, 3],
    ];
    const out = (await workbook({ Sheet1: rows })).values.Sheet1;
    // The engine shows 10 significant digits; the values below differ from each other far more.
    const at = (r: number, c: number) => num(out[r][c]);
    const fhl = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const customers: [number, number, number][] = [[2, 30.43, 38.86], [5, 12, 39]];
    customers.forEach(([x, tx, T], r) => {
      expect(at(r, 5)).to.be.closeTo(expectedPurchases(fhl, x, tx, T, 39), 1e-9);
      expect(at(r, 6)).to.be.closeTo(expectedPurchases(fhl, x, tx, T, 10), 1e-9);
      expect(at(r, 7)).to.be.closeTo(expectedPurchases(other, x, tx, T, 39), 1e-9);
      expect(at(r, 8)).to.be.closeTo(pAlive(fhl, x, tx, T), 1e-9);
      expect(at(r, 9)).to.be.closeTo(pAlive(other, x, tx, T), 1e-9);
    });
    expect(at(0, 5)).to.be.closeTo(1.226, 0.001);
    expect(at(0, 6)).to.be.below(at(0, 5));
  });

  it("PURCHASES is #NUM! for a negative horizon and 0 for a zero one", async () => {
    expect(await value("=CRM.PURCHASES(A1:A3, B1:B3, C1:C3, F2:F5, -1)", { A: [2, 0, 5], B: [30, 0, 35], C: [38, 30, 39], ...PARAMS })).to.equal("#NUM!");
    expect(await value("=CRM.PURCHASES(A1:A3, B1:B3, C1:C3, F2:F5, 0)", { A: [2, 0, 5], B: [30, 0, 35], C: [38, 30, 39], ...PARAMS })).to.equal(0);
  });
});

describe("CRM.GAMMAGAMMA and CRM.CLV.PREDICT (formulas): bad input", () => {
  it("GAMMAGAMMA is #VALUE! for text among the monetary values, #NUM! with fewer than three repeat customers", async () => {
    const r = await formula("=CRM.GAMMAGAMMA(A1:A4, B1:B4)", { A: [1, 2, 3, 1], B: [20, "n/a", 30, 50] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/monetary_value \(row 2/);
    expect(await value("=CRM.GAMMAGAMMA(A1:A4, B1:B4)", { A: [1, 2, 0, 0], B: [20, 30, 0, 0] })).to.equal("#NUM!");
  });
  it("CLV.PREDICT is #NUM! for a horizon below one month and #VALUE! for a non-numeric amount", async () => {
    const cols = { A: ["a", "a", "b"], B: ["2024-01-01", "2024-02-01", "2024-01-05"], C: [10, 20, 30] };
    expect(await value("=CRM.CLV.PREDICT(A1:A3, B1:B3, C1:C3, 0)", cols)).to.equal("#NUM!");
    const r = await formula("=CRM.CLV.PREDICT(A1:A3, B1:B3, C1:C3, 12)", { ...cols, C: [10, "twenty", 30] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/amounts/);
  });
});

// Fader & Hardie (2007), "How to project customer retention", JIM 21(1): the regular cohort.
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];

describe("CRM.SBG, CRM.SBG.PROJECT, CRM.SBG.DERL (formulas)", () => {
  it("SBG fits FH 2007's regular cohort: α 0.704, β 1.182, LL −1680.3", async () => {
    const r = await formula("=CRM.SBG(A1:A8)", { A: REGULAR });
    expect(r.spill.map((row) => row[0])).to.deep.equal(["parameter", "alpha", "beta", "log-likelihood"]);
    expect(num(r.spill[1][1]).toFixed(3)).to.equal("0.704");
    expect(num(r.spill[2][1]).toFixed(3)).to.equal("1.182");
    expect(num(r.spill[3][1]).toFixed(1)).to.equal("-1680.3");
  });

  it("SBG skips a header cell above the counts", async () => {
    const r = await formula("=CRM.SBG(A1:A9)", { A: ["alive", ...HIGH_END] });
    expect(num(r.spill[1][1]).toFixed(3)).to.equal("0.668");
    expect(num(r.spill[2][1]).toFixed(3)).to.equal("3.806");
  });

  it("SBG.PROJECT spills period, survivors, retention for the next years, close to what the cohort did", async () => {
    const r = await formula("=CRM.SBG.PROJECT(A1:A8, 5)", { A: REGULAR });
    expect(r.spill[0]).to.deep.equal(["period", "survivors", "retention"]);
    expect(r.spill.map((row) => row[0])).to.deep.equal(["period", 8, 9, 10, 11, 12]);
    // FH 2007 Table 1, years 8–12 actual: 223, 207, 194, 183, 173.
    [223, 207, 194, 183, 173].forEach((actual, k) => expect(Math.abs(num(r.spill[k + 1][1]) - actual) / actual).to.be.below(0.03));
    // Retention (β+t−1)/(α+β+t−1) rises with tenure.
    const retention = r.spill.slice(1).map((row) => num(row[2]));
    for (let k = 1; k < retention.length; k++) expect(retention[k]).to.be.above(retention[k - 1]);
    // …and is the ratio of successive projected survivors.
    for (let k = 2; k <= 5; k++) expect(num(r.spill[k][2])).to.be.closeTo(num(r.spill[k][1]) / num(r.spill[k - 1][1]), 1e-9);
  });

  it("SBG.DERL: 7.530 periods for a high-end customer after 7 renewals at 10%", async () => {
    expect(num(await value("=CRM.SBG.DERL(A1:A8, 0.1, 7)", { A: HIGH_END })).toFixed(3)).to.equal("7.530");
    const fresh = num(await value("=CRM.SBG.DERL(A1:A8, 0.1)", { A: HIGH_END }));
    expect(fresh).to.be.below(7.53).and.above(1);
  });

  it("is #VALUE! for a gap in the survivor series (it would shift every later period)", async () => {
    const r = await formula("=CRM.SBG(A1:A5)", { A: [1000, 631, null, 382, 326] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/blank cell \(cell 3\)/);
    // Trailing blanks (a range longer than the data) are fine.
    expect(num((await formula("=CRM.SBG(A1:A10)", { A: [...REGULAR, null, null] })).spill[1][1]).toFixed(3)).to.equal("0.704");
  });

  it("is #DIV/0! for a cohort of nobody (no customers at start), #NUM! for a negative cohort size", async () => {
    for (const f of ["=CRM.SBG(A1:A3)", "=CRM.SBG.PROJECT(A1:A3, 2)", "=CRM.SBG.DERL(A1:A3, 0.1)"]) {
      expect(await value(f, { A: [0, 0, 0] }), f).to.equal("#DIV/0!");
      expect(await value(f, { A: [-5, 0, 0] }), f).to.equal("#NUM!");
    }
  });

  it("is #NUM! for a survivor series that grows", async () => {
    expect(await value("=CRM.SBG(A1:A4)", { A: [1000, 631, 700, 382] })).to.equal("#NUM!");
    expect(await value("=CRM.SBG.PROJECT(A1:A4, 3)", { A: [1000, 631, 700, 382] })).to.equal("#NUM!");
  });

  it("is #VALUE! with a message for a cohort given as its size alone", async () => {
    const r = await formula("=CRM.SBG(A1:A1)", { A: [1000] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/cohort size followed by at least one later survivor count/);
  });

  it("is #NUM! for a cohort of one customer (the data cannot determine α and β)", async () => {
    expect(await value("=CRM.SBG(A1:A2)", { A: [1, 0] })).to.equal("#NUM!");
    expect(await value("=CRM.SBG.DERL(A1:A3, 0.1)", { A: [1, 1, 1] })).to.equal("#NUM!");
  });

  it("DERL stays finite for a discount rate near 0 and tends to its value at 0 (α 2, β 3: 3 periods)", async () => {
    // 1000, 600, 400 is fitted exactly by α = 2, β = 3; 2.998868… at 1e-5 is mpmath's value.
    const cohort = { A: [1000, 600, 400] };
    expect(num(await value("=CRM.SBG.DERL(A1:A3, 0.00001)", cohort))).to.be.closeTo(2.998868, 2e-6);
    expect(num(await value("=CRM.SBG.DERL(A1:A3, 0.000000001)", cohort))).to.be.closeTo(3, 1e-6);
    expect(num(await value("=CRM.SBG.DERL(A1:A3, 0)", cohort))).to.be.closeTo(3, 1e-6);
  });

  it("DERL is #NUM! at a zero discount rate when the expected lifetime is infinite (α ≤ 1)", async () => {
    expect(await value("=CRM.SBG.DERL(A1:A8, 0)", { A: REGULAR })).to.equal("#NUM!");
  });
});

describe("CRM.COHORT (formulas)", () => {
  // a: Jan, Feb, Mar; b: Jan, Mar; c: Feb twice. January cohort {a, b}, February cohort {c}.
  const COLS = {
    A: ["a", "a", "b", "c", "b", "a", "c"],
    B: ["2024-01-05", "2024-02-10", "2024-01-20", "2024-02-03", "2024-03-15", "2024-03-01", "2024-02-28"],
    C: [10, 20, 40, 5, 60, 30, 15],
  };
  const JAN = 45292; // 2024-01-01
  const FEB = 45323; // 2024-02-01

  it("spills cohort, customers, then the share active 0, 1, 2 … months after acquisition", async () => {
    const r = await formula("=CRM.COHORT(A1:A7, B1:B7)", COLS);
    expect(r.spill.slice(0, 2)).to.deep.equal([
      ["cohort", "customers", 0, 1, 2],
      [JAN, 2, 1, 0.5, 1],
    ]);
    // February's cohort has no month 2 yet: the cell is blank, not 0.
    expect(r.spill[2].slice(0, 4)).to.deep.equal([FEB, 1, 1, 0]);
    expect(r.spill[2][4] ?? null).to.equal(null);
  });

  it("with amounts, shows revenue as a share of the cohort's first month", async () => {
    const r = await formula('=CRM.COHORT(A1:A7, B1:B7, "months", C1:C7)', COLS);
    expect(r.spill[1]).to.deep.equal([JAN, 2, 1, 0.4, 1.8]);
  });

  it("skips blank rows, e.g. a range that reaches below the data", async () => {
    const r = await formula("=CRM.COHORT(A1:A9, B1:B9)", { A: [...COLS.A, null, null], B: [...COLS.B, null, null] });
    expect(r.spill[1]).to.deep.equal([JAN, 2, 1, 0.5, 1]);
  });

  it("groups by week (from Monday) when asked", async () => {
    const r = await formula('=CRM.COHORT(A1:A3, B1:B3, "weeks")', { A: ["a", "a", "b"], B: ["2024-01-03", "2024-01-08", "2024-01-07"] });
    expect(r.spill).to.deep.equal([
      ["cohort", "customers", 0, 1],
      [JAN, 2, 1, 0.5],
    ]);
  });

  it("is #VALUE! for a period it does not know and for dates that are not dates", async () => {
    expect(await value('=CRM.COHORT(A1:A7, B1:B7, "fortnights")', COLS)).to.equal("#VALUE!");
    const r = await formula("=CRM.COHORT(A1:A2, B1:B2)", { A: ["a", "b"], B: ["2024-01-05", "soon"] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/dates \(row 2/);
  });
});

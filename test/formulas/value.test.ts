import { expect } from "chai";
import { formula, value } from "../harness/formulas";

const near = (x: unknown) => x as number;

describe("CRM.CLV (formulas)", () => {
  it("is purchase value × frequency × lifespan: seed 002, CLV(100000, 2500, 500, 4) = 800", async () => {
    expect(await value("=CRM.CLV(100000, 2500, 500, 4)")).to.equal(800);
  });
  it("gives seed 002's 1,050 for a purchase value of 35 and a lifespan of 6", async () => {
    // revenue 87,500 over 2,500 purchases is the $35 average purchase
    expect(await value("=CRM.CLV(87500, 2500, 500, 6)")).to.equal(1050);
  });
  it("applies a margin", async () => {
    expect(await value("=CRM.CLV(100000, 2500, 500, 4, 0.25)")).to.equal(200);
  });
  it("uses margin 1 when the margin cell is blank", async () => {
    expect(await value("=CRM.CLV(100000, 2500, 500, 4, A1)", { A: [null] })).to.equal(800);
  });
  it("sums a revenue range, skipping blanks", async () => {
    expect(await value("=CRM.CLV(A1:A5, 2500, 500, 4)", { A: [40000, 30000, null, 20000, 10000] })).to.equal(800);
  });
  it("allows a refund in the revenue range", async () => {
    expect(await value("=CRM.CLV(A1:A3, 2500, 500, 4)", { A: [60000, 45000, -5000] })).to.equal(800);
  });
  it("takes a fractional lifespan", async () => {
    expect(await value("=CRM.CLV(100000, 2500, 500, 2.5)")).to.equal(500);
  });
  it("is #NUM! for a margin outside 0…1 (70 for 70%)", async () => {
    expect(await value("=CRM.CLV(100000, 2500, 500, 4, 70)")).to.equal("#NUM!");
    expect(await value("=CRM.CLV(100000, 2500, 500, 4, -0.1)")).to.equal("#NUM!");
  });
  it("is #NUM! for a negative lifespan, count or revenue total", async () => {
    expect(await value("=CRM.CLV(100000, 2500, 500, -4)")).to.equal("#NUM!");
    expect(await value("=CRM.CLV(100000, -2500, 500, 4)")).to.equal("#NUM!");
    expect(await value("=CRM.CLV(A1:A2, 2500, 500, 4)", { A: [1000, -3000] })).to.equal("#NUM!");
  });
  it("is #DIV/0! with no purchases or no customers", async () => {
    expect(await value("=CRM.CLV(100000, 0, 500, 4)")).to.equal("#DIV/0!");
    expect(await value("=CRM.CLV(100000, 2500, 0, 4)")).to.equal("#DIV/0!");
  });
  it("is #VALUE! naming the cell for text in the revenue range", async () => {
    const r = await formula("=CRM.CLV(A1:A3, 2500, 500, 4)", { A: [40000, "$30,000", 30000] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/revenue \(row 2, column 1 of the range\) holds text "\$30,000"/);
  });
  it("is #VALUE! for an empty revenue range (no data is not 0)", async () => {
    const r = await formula("=CRM.CLV(A1:A3, 2500, 500, 4)", { A: [null, null, null] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/revenue is empty/);
  });
  it("is #VALUE! naming the argument for text in a count or the lifespan", async () => {
    const r = await formula("=CRM.CLV(100000, 2500, A1, 4)", { A: ["five hundred"] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/^customers holds text/);
    const s = await formula(`=CRM.CLV(100000, 2500, 500, "4 years")`);
    expect(s.message).to.match(/^lifespan holds text/);
  });
});

describe("CRM.CAC (formulas)", () => {
  it("is spend ÷ customers acquired", async () => {
    expect(await value("=CRM.CAC(50000, 125)")).to.equal(400);
  });
  it("sums a spend range, skipping blanks and allowing a credit", async () => {
    expect(await value("=CRM.CAC(A1:B3, 125)", { A: [20000, null, 15000], B: [10000, 8000, -3000] })).to.equal(400);
  });
  it("is #DIV/0! when no customer was acquired", async () => {
    expect(await value("=CRM.CAC(50000, 0)")).to.equal("#DIV/0!");
  });
  it("is #NUM! for a negative spend total or customer count", async () => {
    expect(await value("=CRM.CAC(-50000, 125)")).to.equal("#NUM!");
    expect(await value("=CRM.CAC(50000, -125)")).to.equal("#NUM!");
  });
  it("is #VALUE! naming the cell for text in the spend range", async () => {
    const r = await formula("=CRM.CAC(A1:A3, 125)", { A: [20000, 10000, "tbd"] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/spend \(row 3, column 1 of the range\) holds text "tbd"/);
  });
  it("is #VALUE! for a range given as new_customers", async () => {
    const r = await formula("=CRM.CAC(50000, A1:A2)", { A: [100, 25] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/new_customers takes one (number|value), not a range of 2 cells/);
  });
});

describe("CRM.CACPAYBACK (formulas)", () => {
  it("is cac ÷ (monthly revenue × gross margin), in months", async () => {
    expect(await value("=CRM.CACPAYBACK(400, 50, 0.8)")).to.equal(10);
  });
  it("uses a gross margin of 1 by default", async () => {
    expect(await value("=CRM.CACPAYBACK(400, 50)")).to.equal(8);
  });
  it("chains with CRM.CAC", async () => {
    expect(await value("=CRM.CACPAYBACK(CRM.CAC(A1:A2, 125), 50, 0.8)", { A: [30000, 20000] })).to.equal(10);
  });
  it("is #DIV/0! when the monthly gross profit is zero", async () => {
    expect(await value("=CRM.CACPAYBACK(400, 0, 0.8)")).to.equal("#DIV/0!");
    expect(await value("=CRM.CACPAYBACK(400, 50, 0)")).to.equal("#DIV/0!");
  });
  it("is #NUM! for a margin above 1 or a negative cac or revenue", async () => {
    expect(await value("=CRM.CACPAYBACK(400, 50, 80)")).to.equal("#NUM!");
    expect(await value("=CRM.CACPAYBACK(-400, 50)")).to.equal("#NUM!");
    expect(await value("=CRM.CACPAYBACK(400, -50)")).to.equal("#NUM!");
  });
  it("is #VALUE! naming the argument for text", async () => {
    const r = await formula("=CRM.CACPAYBACK(400, A1)", { A: ["fifty"] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/^monthly_revenue_per_customer holds text "fifty"/);
  });
});

describe("CRM.PROFITPERCUSTOMER (formulas)", () => {
  it("is (Σ revenue − Σ costs) ÷ customers (seed 003)", async () => {
    expect(await value("=CRM.PROFITPERCUSTOMER(A1:A2, B1:B3, 350)", { A: [120000, 130000], B: [100000, null, 80000] })).to.equal(200);
  });
  it("takes plain numbers", async () => {
    expect(near(await value("=CRM.PROFITPERCUSTOMER(1000, 400, 3)"))).to.be.closeTo(200, 1e-9);
  });
  it("is negative for a loss", async () => {
    expect(await value("=CRM.PROFITPERCUSTOMER(1000, 1500, 10)")).to.equal(-50);
  });
  it("is #DIV/0! with no customers", async () => {
    expect(await value("=CRM.PROFITPERCUSTOMER(1000, 400, 0)")).to.equal("#DIV/0!");
  });
  it("is #NUM! for a negative revenue or cost total", async () => {
    expect(await value("=CRM.PROFITPERCUSTOMER(-1000, 400, 3)")).to.equal("#NUM!");
    expect(await value("=CRM.PROFITPERCUSTOMER(A1:A2, 400, 3)", { A: [100, -500] })).to.equal("#NUM!");
    expect(await value("=CRM.PROFITPERCUSTOMER(1000, -400, 3)")).to.equal("#NUM!");
  });
  it("is #VALUE! naming the cell for text in the costs range", async () => {
    const r = await formula("=CRM.PROFITPERCUSTOMER(A1:A2, B1:B2, 3)", { A: [1000, 500], B: [100, "rent"] });
    expect(r.value).to.equal("#VALUE!");
    expect(r.message).to.match(/costs \(row 2, column 1 of the range\) holds text "rent"/);
  });
  it("passes an error in an input cell through", async () => {
    expect(await value("=CRM.PROFITPERCUSTOMER(A1:A2, 400, 3)", { A: [1000, "=NA()"] })).to.equal("#N/A");
  });
});

describe("README examples for value and cost hold", () => {
  it("CLV 800, 1,050 and 200", async () => {
    const A = [100000, 2500, 500, 4];
    expect(await value("=CRM.CLV(A1, A2, A3, A4)", { A })).to.equal(800);
    expect(await value("=CRM.CLV(87500, 2500, 500, 6)")).to.equal(1050);
    expect(await value("=CRM.CLV(A1, A2, A3, A4, 0.25)", { A })).to.equal(200);
  });
  it("CAC 400, CACPAYBACK 10 months, PROFITPERCUSTOMER 200", async () => {
    expect(await value("=CRM.CAC(A1:A3, 125)", { A: [20000, 18000, 12000] })).to.equal(400);
    expect(await value("=CRM.CACPAYBACK(A1, A2, A3)", { A: [400, 50, 0.8] })).to.equal(10);
    expect(await value("=CRM.CACPAYBACK(CRM.CAC(A1:A3, 125), 50, 0.8)", { A: [20000, 18000, 12000] })).to.equal(10);
    expect(await value("=CRM.PROFITPERCUSTOMER(A1:A2, B1:B2, 350)", { A: [120000, 130000], B: [100000, 80000] })).to.equal(200);
  });
});

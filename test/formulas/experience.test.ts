import { expect } from "chai";
import { formula, value } from "../harness/formulas";

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

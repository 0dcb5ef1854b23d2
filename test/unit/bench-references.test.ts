/**
 * The bench's hand-written references stand for what LEADSCORE and HEALTHSCORE could cost at
 * best on their bench tables, so they must compute what the functions compute on those tables:
 * a floor that skipped work would say nothing.
 */
import { expect } from "chai";
import { HEALTHSCORE, LEADSCORE } from "../../src/functions/experience";
import { health, leads } from "../../bench/experience.bench";
import { healthByHand, leadsByHand } from "../../bench/reference.bench";

const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe("bench references", () => {
  it("LEADSCORE's rules by hand score the bench's leads as LEADSCORE does", () => {
    const [rows, rules] = leads(3000) as [unknown[][], unknown[][]];
    const expected = LEADSCORE(copy(rows) as any[][], copy(rules) as any[][]);
    const byHand = leadsByHand(copy(rows));
    expect(byHand).to.deep.equal(expected);
    // Every rule is met by some lead and missed by another, so no rule could be left out unseen.
    const scores = new Set((byHand as number[][]).map(([s]) => s));
    expect(scores.size).to.be.greaterThan(12);
  });
  it("HEALTHSCORE's scale by hand scores the bench's table as HEALTHSCORE does", () => {
    const [values, weights, lower, upper] = health(3000) as any[][][];
    const expected = HEALTHSCORE(copy(values), weights, lower, upper) as unknown[][];
    const byHand = healthByHand(copy(values)) as unknown[][];
    expect(byHand).to.have.length(expected.length);
    for (let r = 0; r < expected.length; r++) {
      if (typeof expected[r][0] === "number") expect(byHand[r][0] as number, `row ${r + 1}`).to.be.closeTo(expected[r][0] as number, 1e-9);
      else expect(byHand[r][0], `row ${r + 1}`).to.equal(expected[r][0]);
    }
  });
});

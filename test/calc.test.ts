/**
 * `npm run calc -- workbook.json` as a user (or a script) runs it: only the computed JSON on
 * stdout, spills in place, errors as text, ISO date text entered as a date; a clear message and a
 * non-zero exit for a malformed file.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "crm-calc-"));

function calc(content: string) {
  const file = join(dir, `wb-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, content);
  return spawnSync("npm", ["run", "calc", "--", file], { cwd: ROOT, encoding: "utf8" });
}

describe("npm run calc", function () {
  this.timeout(120_000);

  it("prints every sheet's computed values and nothing else on stdout", () => {
    const workbook = {
      sheets: {
        Data: [[10], [9], [9], [8], [7], [6], [0], [10], [5], [9]],
        Calc: [["=CRM.NPS(Data!A1:A10)", "=CRM.NPS(Data!B1:B3)", "=CRM.RETENTION(90, 10, 100)"]],
      },
    };
    const r = calc(JSON.stringify(workbook));
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal({ Data: workbook.sheets.Data, Calc: [[20, "#DIV/0!", 0.8]] });
  });

  it("evaluates ranges over a spill referenced at several lengths (HyperFormula 3.5 failed to build such a workbook)", () => {
    // Three sheets reading column D of a spill: rows 2-6, rows 2-5, rows 2-6 again. SEQUENCE(8, 5)
    // holds 5(r − 1) + c at row r, column c, so D2:D6 = 9 + 14 + 19 + 24 + 29 and D2:D5 = 66.
    const workbook = { sheets: { Calc: [["=SEQUENCE(8,5)"]], A: [["=SUM(Calc!D2:D6)"]], B: [["=SUM(Calc!D2:D5)"]], C: [["=SUM(Calc!D2:D6)"]] } };
    const r = calc(JSON.stringify(workbook));
    expect(r.status, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout);
    expect([out.A, out.B, out.C]).to.deep.equal([[[95]], [[66]], [[95]]]);
  });

  it("enters ISO date text as a date and spills tables in place", () => {
    const workbook = {
      sheets: {
        Deals: [
          ["D1", "Lead", "2024-01-01"],
          ["D1", "Won", "2024-01-11"],
          ["D2", "Lead", "2024-01-05"],
        ],
        Calc: [["=Deals!C1", "=CRM.STAGEDURATION(Deals!A1:A3, Deals!B1:B3, Deals!C1:C3)"]],
      },
    };
    const r = calc(JSON.stringify(workbook));
    expect(r.status, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout);
    expect(out.Deals[0][2]).to.equal(45292); // 2024-01-01 as Excel's serial
    expect(out.Calc[0][0]).to.equal(45292);
    expect(out.Calc[0][1]).to.equal("stage");
    expect(out.Calc[1][1]).to.equal("Lead");
    expect(out.Calc[1][2]).to.equal(2); // two deals entered Lead
    expect(out.Calc[1][3]).to.equal(10); // D1 spent 10 days in Lead; D2 is still there (no as_of)
  });

  it("exits non-zero with a message for a file that is not a workbook", () => {
    const r = calc(JSON.stringify({ sheets: { Data: "oops" } }));
    expect(r.status).to.not.equal(0);
    expect(r.stdout).to.equal("");
    expect(r.stderr).to.match(/not a workbook: sheets\.Data/);
  });

  it("exits non-zero with a message for text that is not JSON", () => {
    const r = calc("{ sheets: ");
    expect(r.status).to.not.equal(0);
    expect(r.stdout).to.equal("");
    expect(r.stderr).to.match(/is not valid JSON/);
  });
});

/**
 * The engine is the package's library entry: built to build/lib, it loads in a bare Node process
 * (no tsx, no Office, no CustomFunctions global) and computes the same numbers as the functions.
 */
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");

describe("library entry (npm run build:lib)", function () {
  this.timeout(180_000);
  before(() => {
    execFileSync("npm", ["run", "build:lib"], { cwd: ROOT, stdio: "ignore" });
  });

  it("imports in plain Node without Office and computes metrics and models", () => {
    const script = `
      const m = await import(${JSON.stringify(join(ROOT, "build/lib/index.js"))});
      const out = {
        office: typeof globalThis.Office + "/" + typeof globalThis.CustomFunctions,
        nps: m.nps([10, 9, 9, 8, 7, 6, 0, 10, 5, 9]),
        retention: m.retention(90, 10, 100),
        error: m.nps([]).code,
        iso: m.serialFromISO("2024-03-31"),
        kpi: m.kpi("won / (won + lost)", [["won", [3, 4]], ["lost", 13]]),
      };
      console.log(JSON.stringify(out));`;
    const printed = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(JSON.parse(printed)).to.deep.equal({ office: "undefined/undefined", nps: 20, retention: 0.8, error: "#DIV/0!", iso: 45382, kpi: 0.35 });
  });
});

import { expect } from "chai";
import { checkKpi, nameFromTitle, sameExpression } from "../../src/kpi/definition";
import { addKpi, checkLibrary, deleteKpi, editKpi, findKpi, freeName, KpiLibrary } from "../../src/kpi/library";
import {
  KPI_HEADERS,
  kpiFormula,
  kpiNameFormula,
  kpiNames,
  kpiReferences,
  kpiTable,
  kpiWorkbookName,
  libraryFromTable,
  parseInputs,
} from "../../src/kpi/sheet";
import { CHURN_RATE as CHURN, libraryOf, WIN_RATE } from "../kpi-fixtures";



const messages = (r: { ok: boolean; problems?: { message: string }[] }) => (r.ok ? [] : r.problems!.map((p) => p.message));
const fields = (r: { ok: boolean; problems?: { field: string }[] }) => (r.ok ? [] : r.problems!.map((p) => p.field));

describe("KPI definition", () => {
  it("accepts a complete KPI and fills the optional fields with empty text", () => {
    const r = checkKpi(CHURN);
    expect(r.ok).to.equal(true);
    if (r.ok) expect([r.value.unit, r.value.owner, r.value.description]).to.deep.equal(["", "", ""]);
  });
  it("refuses a name that cannot be a workbook name, in plain words", () => {
    const r = checkKpi({ ...WIN_RATE, name: "Win rate" });
    expect(fields(r)).to.deep.equal(["name"]);
    expect(messages(r)[0]).to.match(/becomes the workbook name KPI_<name>.*no spaces/);
  });
  it("refuses an expression outside the sandbox, saying why", () => {
    const r = checkKpi({ ...WIN_RATE, expression: 'won / (won + lost) + evaluate("1")' });
    expect(fields(r)).to.deep.equal(["expression"]);
    expect(messages(r)[0]).to.match(/^Expression: evaluate\(…\) is not a function on the list/);
  });
  it("refuses an expression that uses a name not declared as an input", () => {
    const r = checkKpi({ ...WIN_RATE, expression: "won / (won + lost + pending)" });
    expect(messages(r)).to.deep.equal(["The expression uses pending, which is not a declared input; add it to the inputs."]);
  });
  it("refuses an input the expression does not use, and an input declared twice", () => {
    const r = checkKpi({ ...WIN_RATE, inputs: [...WIN_RATE.inputs, { name: "Won", description: "again" }, { name: "spare", description: "unused" }] });
    expect(fields(r)).to.deep.equal(["inputs.2.name", "inputs.3.name"]);
    expect(messages(r)[0]).to.match(/^Input 3 \(Won\): This name is declared twice/);
    expect(messages(r)[1]).to.match(/^Input 4 \(spare\): The expression does not use this input/);
  });
  it("refuses an input without a description, with a reserved name, or with a line break", () => {
    const r = checkKpi({
      ...WIN_RATE,
      expression: "won / (won + lost) + mean(x)",
      inputs: [{ name: "won" }, { name: "lost", description: "a\nb" }, { name: "mod", description: "x" }],
    });
    expect(fields(r)).to.include.members(["inputs.0.description", "inputs.1.description", "inputs.2.name"]);
    expect(messages(r).join(" ")).to.match(/description is required/).and.match(/fit on one line/).and.match(/"mod" is a word the expression language uses/);
  });
  it("reports every field's problem at once, so the user fixes them in one go", () => {
    const r = checkKpi({ name: "", expression: "a = 1", inputs: [], direction: "up" });
    expect(fields(r)).to.deep.equal(["name", "expression", "inputs", "direction"]);
  });
  it("refuses something that is not a KPI at all", () => {
    expect(messages(checkKpi(null))).to.deep.equal(["A KPI is a set of fields: name, expression, inputs, unit, direction, owner, description."]);
  });
  it("tells the same computation from a different one", () => {
    expect(sameExpression("won/(won+lost)", "Won / ((won) + LOST)")).to.equal(true);
    expect(sameExpression("won/(won+lost)", "won/won+lost")).to.equal(false);
  });
  it("suggests a name from a title", () => {
    expect(nameFromTitle("Win rate")).to.equal("WinRate");
    expect(nameFromTitle("Net new MRR %")).to.equal("NetNewMRR");
    expect(nameFromTitle("2024 churn")).to.equal("Churn");
    expect(nameFromTitle("%%%")).to.equal(undefined);
  });
});

describe("KPI library operations", () => {
  it("adds KPIs in order, without changing the library it was given", () => {
    const one = libraryOf(WIN_RATE);
    const r = addKpi(one, CHURN);
    expect(r.ok && r.library.map((k) => k.name)).to.deep.equal(["WinRate", "ChurnRate"]);
    expect(one.map((k) => k.name)).to.deep.equal(["WinRate"]);
  });
  it("refuses a second KPI with the same name, ignoring case", () => {
    const r = addKpi(libraryOf(WIN_RATE), { ...CHURN, name: "winrate" });
    expect(messages(r)).to.deep.equal(["There is already a KPI named WinRate; choose another name, or edit WinRate."]);
  });
  it("edits a KPI in place", () => {
    const r = editKpi(libraryOf(WIN_RATE, CHURN), "WinRate", { ...WIN_RATE, unit: "ratio", expression: "won / max(won + lost, 1)" });
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.library.map((k) => k.name)).to.deep.equal(["WinRate", "ChurnRate"]);
    expect(findKpi(r.library, "WinRate")!.expression).to.equal("won / max(won + lost, 1)");
    expect(r.warnings).to.deep.equal([]);
  });
  it("refuses to rename a KPI on edit, because formulas use its workbook name", () => {
    const r = editKpi(libraryOf(WIN_RATE), "WinRate", { ...WIN_RATE, name: "CloseRate" });
    expect(messages(r)[0]).to.match(/cannot be changed: formulas use it as KPI_WinRate/);
  });
  it("warns when an edit adds an input existing formulas do not pass yet", () => {
    const r = editKpi(libraryOf(WIN_RATE), "winrate", {
      ...WIN_RATE,
      expression: "won / (won + lost + stalled)",
      inputs: [...WIN_RATE.inputs, { name: "stalled", description: "Deals with no activity for 90 days" }],
    });
    expect(r.ok && r.warnings).to.deep.equal(['Formulas that use KPI_WinRate must now also pass "stalled" and its value; until then they show #VALUE!.']);
    // Only the case differed in the name: the one formulas use is kept.
    expect(r.ok && r.kpi.name).to.equal("WinRate");
  });
  it("refuses to edit or delete a KPI that is not there", () => {
    expect(messages(editKpi([], "WinRate", WIN_RATE))).to.deep.equal(["There is no KPI named WinRate in the library."]);
    expect(messages(deleteKpi([], "WinRate"))).to.deep.equal(["There is no KPI named WinRate in the library."]);
  });
  it("deletes a KPI by name, ignoring case", () => {
    const r = deleteKpi(libraryOf(WIN_RATE, CHURN), "WINRATE");
    expect(r.ok && r.library.map((k) => k.name)).to.deep.equal(["ChurnRate"]);
  });
  it("finds a free name for a copy", () => {
    const library = libraryOf(WIN_RATE, { ...WIN_RATE, name: "WinRate_2" });
    expect(freeName(library, "WinRate")).to.equal("WinRate_3");
    expect(freeName(library, "ChurnRate")).to.equal("ChurnRate");
  });
  it("checks a whole list, naming each problem's KPI", () => {
    const r = checkLibrary([WIN_RATE, { ...CHURN, name: "WINRATE" }, { ...CHURN, expression: "churned / " }]);
    expect(messages(r)[0]).to.equal("KPI 2 (WINRATE): the name WINRATE is used twice (names ignore case).");
    expect(messages(r)[1]).to.match(/^KPI 3 \(ChurnRate\): Expression "churned \/" cannot be read/);
  });
});

describe("KPI library sheet", () => {
  const library = libraryOf(WIN_RATE, CHURN);

  it("lays the table out with a header and one row per KPI", () => {
    const table = kpiTable(library);
    expect(table[0]).to.deep.equal(["KPI name", "Expression", "Inputs", "Unit", "Direction", "Owner", "Description", "Workbook name", "Use in a cell"]);
    expect(table[1]).to.deep.equal([
      "WinRate",
      "won / (won + lost)",
      "won: Deals won in the period\nlost: Deals lost in the period",
      "%",
      "Higher is better",
      "Sales ops",
      "Share of decided deals that were won.",
      "KPI_WinRate",
      'CRM.KPI(KPI_WinRate, "won", <won>, "lost", <lost>)',
    ]);
    expect(table[2][4]).to.equal("Lower is better");
  });
  it("reads the table back to the same library", () => {
    const r = libraryFromTable(kpiTable(library));
    expect(r.ok && r.library).to.deep.equal(library);
  });
  it("reads a table edited by hand: columns reordered, blank rows, short direction words", () => {
    const [header, ...rows] = kpiTable(library);
    const order = [1, 0, 4, 2, 3, 5, 6];
    const edited = [order.map((i) => header[i]), order.map((i) => rows[0][i]), header.map(() => ""), order.map((i) => rows[1][i])];
    edited[3][2] = "lower";
    const r = libraryFromTable(edited);
    expect(r.ok && r.library.map((k) => [k.name, k.direction])).to.deep.equal([
      ["WinRate", "higher"],
      ["ChurnRate", "lower"],
    ]);
  });
  it("names the sheet row of a problem in a hand-edited table", () => {
    const table = kpiTable(library);
    table[2][1] = "churned / begin";
    const r = libraryFromTable(table);
    expect(messages(r)).to.deep.equal([
      "Row 3 (ChurnRate): The expression uses begin, which is not a declared input; add it to the inputs.",
      "Row 3 (ChurnRate): Input 2 (start): The expression does not use this input; remove it, or use it in the expression.",
    ]);
  });
  it("says which columns a table lacks", () => {
    expect(messages(libraryFromTable([["KPI name", "Expression"]]))[0]).to.match(/lacks the columns Inputs, Unit, Direction, Owner, Description/);
  });
  it("parses the Inputs cell, one 'name: description' per line", () => {
    expect(parseInputs("won: Deals won: closed\r\n\n lost :Deals lost")).to.deep.equal([
      { name: "won", description: "Deals won: closed" },
      { name: "lost", description: "Deals lost" },
    ]);
  });
  it("gives each KPI a workbook name that looks its expression up by name", () => {
    expect(kpiWorkbookName("WinRate")).to.equal("KPI_WinRate");
    expect(kpiNameFormula("WinRate")).to.equal(`=INDEX('KPI library'!$B:$B, MATCH("WinRate", 'KPI library'!$A:$A, 0))`);
    expect(kpiNameFormula("X", "Team's KPIs")).to.equal(`=INDEX('Team''s KPIs'!$B:$B, MATCH("X", 'Team''s KPIs'!$A:$A, 0))`);
    expect(kpiNames(library).map((n) => n.name)).to.deep.equal(["KPI_WinRate", "KPI_ChurnRate"]);
    // No KPI name can match the name column's header, which has a space.
    expect(checkKpi({ ...WIN_RATE, name: KPI_HEADERS[0] }).ok).to.equal(false);
  });
  it("finds the KPIs a formula uses, outside text", () => {
    expect(kpiReferences('=CRM.KPI(KPI_WinRate, "won", B2, "lost", B3) + CRM.KPI(kpi_ChurnRate, "x", 1)')).to.deep.equal(["WinRate", "ChurnRate"]);
    expect(kpiReferences('="KPI_WinRate" & MY_KPI_X & Sheet1!KPI_Y')).to.deep.equal([]);
    expect(kpiReferences("=KPI_WinRate*2")).to.deep.equal(["WinRate"]);
  });
  it("writes the formula for a cell with each input bound, and refuses an unbound one", () => {
    const winRate = findKpi(library, "WinRate")!;
    expect(kpiFormula(winRate, { won: "Deals[Won]", LOST: "=Deals[Lost]" })).to.deep.equal({
      ok: true,
      formula: '=CRM.KPI(KPI_WinRate, "won", Deals[Won], "lost", Deals[Lost])',
    });
    expect(messages(kpiFormula(winRate, { won: "B2" }))).to.deep.equal(["Choose the cells for lost (Deals lost in the period)."]);
  });
});

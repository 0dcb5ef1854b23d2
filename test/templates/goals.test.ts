import { expect } from "chai";
import { isoFromSerial, serialFromYMD } from "../../src/metrics/dates";
import { goalStatus, progress } from "../../src/metrics/goals";
import { addGoal, baselinePeriod, computeBaseline, findGoals, goalFromForm, GOAL_HEADERS, parseFormNumber } from "../../src/templates/goals";
import { formulaContext } from "../../src/templates/actions";
import { metric } from "../../src/templates/metrics";
import { EMPTY_MAPPING, proposeMapping, saveSource, sourceFromChoice } from "../../src/templates/mapping";
import { emptyBook, sampleBook, TODAY } from "./helpers";

const FORM = {
  specific: "Cut monthly customer churn among SMB customers",
  metric: "churn",
  achievable: "Onboarding calls for every new SMB customer",
  relevant: "Churn is our largest revenue leak",
  baseline: "4",
  target: "2.5%",
  startDate: "2026-11-01",
  deadline: "2027-03-31",
  owner: "Siti",
};
const problems = (fields: Record<string, string>) => {
  const r = goalFromForm({ ...FORM, ...fields }, TODAY);
  return "problems" in r ? r.problems.map((p) => p.message) : [];
};

describe("SMART goal form", () => {
  it("accepts a SMART goal, reading rates as percentages", () => {
    const r = goalFromForm(FORM, TODAY);
    expect("goal" in r && r.goal).to.deep.include({ metric: "churn", baseline: 0.04, target: 0.025, startDate: serialFromYMD(2026, 11, 1), deadline: serialFromYMD(2027, 3, 31), window: "month" });
  });
  it("rejects a goal without a measurable target", () => {
    expect(problems({ target: "" })).to.deep.equal(["There is no measurable target: enter the value the metric must reach."]);
  });
  it("rejects a deadline in the past", () => {
    expect(problems({ startDate: "2026-01-01", deadline: "2026-06-30" })).to.deep.equal(["The deadline 2026-06-30 is in the past; a time-bound goal needs a date still ahead."]);
  });
  it("rejects a target equal to the baseline", () => {
    expect(problems({ target: "4%" })).to.deep.equal(["The target equals the baseline, so there is nothing to achieve; set a target beyond it."]);
  });
  it("rejects a target the metric cannot reach: churn above 100%, NPS above 100, CSAT below 0", () => {
    expect(problems({ target: "120" })).to.deep.equal(["A target of 120% is impossible: customer churn rate cannot be above 100%."]);
    expect(problems({ metric: "nps", baseline: "30", target: "130" })).to.deep.equal(["A target of 130 is impossible: net promoter score cannot be above 100."]);
    expect(problems({ metric: "csat", baseline: "70", target: "-5" })).to.deep.equal(["A target of -5% is impossible: customer satisfaction (csat) cannot be below 0%."]);
  });
  it("rejects a deadline before the start, and names each missing SMART field", () => {
    expect(problems({ deadline: "2026-12-31", startDate: "2027-01-15" })).to.deep.equal(["The deadline must come after the start date."]);
    const missing = problems({ specific: "", achievable: " ", relevant: "", owner: "" });
    expect(missing).to.deep.equal([
      "Specific: say in a sentence what you want to achieve",
      "Achievable: say why the target is within reach (people, budget, past results)",
      "Relevant: say which business aim the goal serves",
      "Owner: name the person responsible",
    ]);
  });
  it("says a target or a date that is not a number or a date in plain words", () => {
    expect(problems({ target: "soon" })).to.deep.equal(["The target must be a number (for a rate, a percentage such as 5%)."]);
    expect(problems({ deadline: "next spring" })).to.deep.equal(["Time-bound: the deadline must be a date."]);
  });
  it("warns, without refusing, when the target is worse than the baseline", () => {
    const r = goalFromForm({ ...FORM, target: "6" }, TODAY);
    expect("warnings" in r && r.warnings[0]).to.match(/worse than the baseline/);
  });
  it("parses numbers as people type them", () => {
    expect(parseFormNumber("5%", false)).to.equal(0.05);
    expect(parseFormNumber("5", true)).to.equal(0.05);
    expect(parseFormNumber("0,5", true)).to.equal(0.005);
    expect(parseFormNumber("1,250", false)).to.equal(1250);
    expect(parseFormNumber("2,75", false)).to.equal(2.75);
    expect(parseFormNumber(" ", false)).to.equal(undefined);
    expect(parseFormNumber("abc", false)).to.be.NaN;
  });
});

describe("Goals sheet", function () {
  this.timeout(60000);

  it("puts the first goal in a new Goals table with live current value, progress and status, then appends", async () => {
    const { wb, mapping } = await sampleBook({
      before: async (w) => {
        await w.apply([{ kind: "addSheet", sheet: "Goals" }]);
      },
    });
    const start = serialFromYMD(2026, 11, 1);
    const baseline = await computeBaseline(wb, mapping, "churn", start, TODAY);
    // The baseline is churn over October 2026, the month before the start.
    const { formula } = await formulaContext(wb, mapping, TODAY);
    const [october] = await wb.evaluate([`=${metric("churn").native(baselinePeriod(start), formula)}`]);
    expect(baseline).to.be.a("number").and.to.be.closeTo(october as number, 1e-9);

    const first = goalFromForm({ ...FORM, baseline: String((baseline as number) * 100) }, TODAY);
    if (!("goal" in first)) throw new Error("the goal should be valid");
    const added = await addGoal(wb, mapping, first.goal, TODAY);
    expect(added).to.deep.equal({ sheet: "Goals (2)", row: 5, created: true });
    expect(wb.sheet("Goals").cells).to.deep.equal([], "the user's own Goals sheet is untouched");
    const [headers] = (await wb.read("Goals (2)", "A4:Q4")).values;
    expect(headers).to.deep.equal(GOAL_HEADERS);

    const row = (r: number) => Object.fromEntries(GOAL_HEADERS.map((h, i) => [h, wb.value("Goals (2)", `${String.fromCharCode(65 + i)}${r}`)]));
    expect(wb.input("Goals (2)", "B2")).to.equal("=TODAY()");
    // "As of" is today unless the user types a date; pin it so the numbers do not move with the clock.
    await wb.apply([{ kind: "cells", sheet: "Goals (2)", address: "B2", cells: [[TODAY]] }]);
    const g = row(5);
    const asOf = wb.value("Goals (2)", "B2") as number;
    // The last full month before "as of": October 2026, the same month as the baseline.
    expect([g["Window start"], g["Window end"]]).to.deep.equal([serialFromYMD(2026, 10, 1), serialFromYMD(2026, 10, 31)]);
    expect(g.Current).to.be.closeTo(baseline as number, 1e-9);
    expect(g.Current).to.be.a("number");
    expect(g["Current (native formula)"]).to.be.closeTo(g.Current as number, 1e-9);
    expect(g.Progress).to.be.closeTo(progress(g.Baseline as number, g.Current as number, g.Target as number) as number, 1e-9);
    expect(g.Status).to.equal(goalStatus(g.Baseline as number, g.Current as number, g.Target as number, g.Start as number, g["Deadline (Time-bound)"] as number, asOf));

    const second = goalFromForm({ ...FORM, metric: "nps", baseline: "30", target: "45", window: "to_date", startDate: "2026-09-01", specific: "Raise NPS to 45 by spring" }, TODAY);
    if (!("goal" in second)) throw new Error("the second goal should be valid");
    const before = (await wb.read("Goals (2)", "A5:Q5")).values;
    expect(await addGoal(wb, mapping, second.goal, TODAY)).to.deep.equal({ sheet: "Goals (2)", row: 6, created: false });
    expect((await wb.read("Goals (2)", "A5:Q5")).values, "the first goal is not overwritten").to.deep.equal(before);
    const g2 = row(6);
    expect(g2).to.deep.include({ "Goal (Specific)": "Raise NPS to 45 by spring", "Measured over": "Goal period to date", "Window start": serialFromYMD(2026, 9, 1), "Window end": TODAY });
    expect(g2["Current (native formula)"]).to.be.closeTo(g2.Current as number, 1e-9);
    expect((await findGoals(wb))?.address).to.equal("A4:Q6");
    const sheet = wb.sheet("Goals (2)");
    expect(sheet.textColours[0].rules.map((r) => r.text)).to.deep.equal(["Achieved", "On track", "At risk", "Behind", "Missed"]);
    expect(sheet.formats.some((f) => f.numberFormat === "0.0%" && f.block.row === 4 && f.block.col === 13)).to.equal(true);
  });

  it("measures 'Last full month' within the goal: a deadline of 15 February measures January, not half of February", async () => {
    const wb = await emptyBook();
    // Ten customers paying 10 a day from October 2026 to March 2027.
    const customers: (string | number | null)[][] = [["Customer ID", "Start Date", "End Date"]];
    for (let i = 0; i < 10; i++) customers.push([`C${i}`, serialFromYMD(2025, 1, 1), null]);
    const invoices: (string | number)[][] = [["Customer ID", "Invoice Date", "Amount"]];
    for (let day = serialFromYMD(2026, 10, 1); day <= serialFromYMD(2027, 3, 31); day++) for (let i = 0; i < 10; i++) invoices.push([`C${i}`, day, 10]);
    await wb.apply([
      { kind: "addSheet", sheet: "Customers" },
      { kind: "cells", sheet: "Customers", address: "A1", cells: customers },
      { kind: "table", sheet: "Customers", address: `A1:C${customers.length}`, name: "Customers" },
      { kind: "addSheet", sheet: "Invoices" },
      { kind: "cells", sheet: "Invoices", address: "A1", cells: invoices },
      { kind: "table", sheet: "Invoices", address: `A1:C${invoices.length}`, name: "Invoices" },
    ]);
    let mapping = EMPTY_MAPPING;
    for (const t of await wb.tables()) {
      const block = { ...(await wb.read(t.sheet, t.address)), table: t.name };
      const p = proposeMapping(block);
      mapping = await saveSource(wb, mapping, sourceFromChoice(block, p.dataset, p.columns.map((c) => c.role)), block.values[0].map((v) => String(v ?? "")));
    }
    const goal = goalFromForm({ ...FORM, metric: "revenue_per_customer", baseline: "300", target: "315", startDate: "2026-12-01", deadline: "2027-02-15", window: "month" }, TODAY);
    if (!("goal" in goal)) throw new Error(JSON.stringify(goal.problems));
    const added = await addGoal(wb, mapping, goal.goal, TODAY);
    const cell = (c: string) => wb.value(added.sheet, `${c}${added.row}`);
    await wb.apply([{ kind: "cells", sheet: added.sheet, address: "B2", cells: [[serialFromYMD(2027, 3, 10)]] }]);
    // January: 31 days of 10 a day per customer.
    expect([isoFromSerial(cell("L") as number), isoFromSerial(cell("M") as number), cell("N")]).to.deep.equal(["2027-01-01", "2027-01-31", 310]);
    // Before the deadline the window is still the month before as_of.
    await wb.apply([{ kind: "cells", sheet: added.sheet, address: "B2", cells: [[serialFromYMD(2027, 1, 20)]] }]);
    expect([isoFromSerial(cell("L") as number), isoFromSerial(cell("M") as number), cell("N")]).to.deep.equal(["2026-12-01", "2026-12-31", 310]);
  });

  it("starts a new Goals sheet when the old table was deleted, and refuses a metric whose columns are not mapped", async () => {
    const { wb, mapping } = await sampleBook();
    const ok = goalFromForm(FORM, TODAY);
    if (!("goal" in ok)) throw new Error("valid");
    await wb.setSetting("crm-metrics.goals", JSON.stringify({ sheet: "Old", table: "Gone" }));
    expect((await addGoal(wb, mapping, ok.goal, TODAY)).created).to.equal(true);
    const partial = { ...mapping, sources: mapping.sources.filter((s) => s.dataset !== "surveys") };
    const npsGoal = goalFromForm({ ...FORM, metric: "nps", baseline: "30", target: "45" }, TODAY);
    if (!("goal" in npsGoal)) throw new Error("valid");
    let message = "";
    await addGoal(wb, partial, npsGoal.goal, TODAY).catch((e) => (message = e.message));
    expect(message).to.equal("Net Promoter Score needs these columns mapped first: Answer date, NPS score (0–10).");
    expect(isoFromSerial(ok.goal.deadline)).to.equal("2027-03-31");
  });
});

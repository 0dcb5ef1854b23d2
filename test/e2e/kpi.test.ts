/**
 * End to end, as a sales-ops lead on the preview page: define "Win rate = won / (won + lost)" in
 * the KPI library (from the keyboard, with the errors shown next to the fields first), connect it
 * to the sample deals, put it on the Sales pipeline sheet, set a SMART goal on it, export the
 * library, and import it into a fresh workbook (the page reloaded) that already has a different
 * WinRate, deciding the conflict. Computed cells are checked against the win rate counted in
 * this process from the same seeded sample.
 */
import { expect } from "chai";
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { LIBRARY_FORMAT } from "../../src/kpi/exchange";
import { todaySerial } from "../../src/metrics/dates";
import { sampleData } from "../../src/sample/sample";
import { proposeMapping, sourceFromChoice } from "../../src/templates/mapping";
import { checkQuality } from "../../src/templates/quality";
import { blockAddress } from "../../src/workbook/address";
import type { CellValue } from "../../src/workbook/types";
import { launch, openPreview, ROOT, startGoalThisMonth, startServer, unlabelledControls, waitForStatus } from "./setup";

const ARTIFACTS = join(ROOT, "test", "artifacts");

const cell = (page: Page, sheet: string, address: string) => page.evaluate(([s, a]) => window.crmPreview!.workbook.value(s, a), [sheet, address] as const);
const tabs = (page: Page) => page.$$eval(".tabs [role=tab]", (els) => els.map((e) => e.textContent));

/** Won and lost deals closed between two days (inclusive), over the valid rows of the sample deals. */
function winRateOfSample(today: number): (start: number, end: number) => { won: number; lost: number } {
  const deals = sampleData({ asOf: today }).find((t) => t.sheet === "Deals")!;
  const block = { sheet: "Deals", address: blockAddress({ row: 0, col: 0, rows: deals.rows.length + 1, cols: deals.headers.length }), values: [deals.headers, ...deals.rows] as CellValue[][] };
  const p = proposeMapping(block);
  const source = sourceFromChoice(block, p.dataset, p.columns.map((c) => c.role));
  const at = (role: string) => deals.headers.indexOf(source.columns[role]);
  const valid = deals.rows.filter((r) => checkQuality(source, { ...block, values: [deals.headers, r] as CellValue[][] }).valid === 1);
  return (start, end) => {
    const closed = valid.filter((r) => typeof r[at("deal_closed")] === "number" && (r[at("deal_closed")] as number) >= start && (r[at("deal_closed")] as number) < end + 1);
    return { won: closed.filter((r) => r[at("deal_outcome")] === "Won").length, lost: closed.filter((r) => r[at("deal_outcome")] === "Lost").length };
  };
}

describe("KPI library end to end (preview page, headless Chromium)", function () {
  this.timeout(240000);
  let server: { child: ChildProcess; url: string };
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let downloads: string;
  let exported = "";
  const today = todaySerial();
  const sampleWinRate = winRateOfSample(today);

  before(async () => {
    server = await startServer("build/e2e-kpi");
    ({ browser, page, errors } = await launch());
    await openPreview(page, server.url, errors);
    downloads = mkdtempSync(join(tmpdir(), "crm-kpi-e2e-"));
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    if (server?.child.pid) server.child.kill("SIGTERM");
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  it("defines Win rate from the keyboard: problems shown beside their fields, nothing written until it is right", async () => {
    await page.focus("#crm-kpi-add");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal("crm-kpi-name");
    await page.keyboard.type("Win rate");
    await page.keyboard.press("Tab");
    // A workbook name has no spaces: the pane proposes the nearest one and says so.
    expect(await page.inputValue("#crm-kpi-name")).to.equal("WinRate");
    expect(await page.textContent("#crm-kpi-name-hint")).to.contain("named WinRate (used as KPI_WinRate)");
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal("crm-kpi-expression");
    await page.keyboard.type("won / (won + lost");
    await page.keyboard.press("Enter");
    await waitForStatus(page, /not added/);
    expect(await page.textContent("#crm-kpi-expression-error")).to.match(/^Expression "won \/ \(won \+ lost" cannot be read/);
    expect(await page.getAttribute("#crm-kpi-expression", "aria-invalid")).to.equal("true");
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal("crm-kpi-expression");

    await page.keyboard.type(")");
    await page.keyboard.press("Enter");
    await waitForStatus(page, /not added/);
    // The expression named its inputs; each still needs saying what it is.
    expect(await page.inputValue("#crm-kpi-input-0-name")).to.equal("won");
    expect(await page.inputValue("#crm-kpi-input-1-name")).to.equal("lost");
    expect(await page.textContent("#crm-kpi-input-0-error")).to.equal("Input 1 (won): The input's description is required.");
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal("crm-kpi-input-0-description");
    expect(await tabs(page)).to.not.include("KPI library");
    expect(await page.evaluate(() => window.crmPreview!.workbook.names.size), "no name written").to.equal(0);

    await page.keyboard.type("Deals won in the period");
    await page.keyboard.press("Enter");
    await waitForStatus(page, /not added/);
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal("crm-kpi-input-1-description");
    await page.keyboard.type("Deals lost in the period");
    await page.fill("#crm-kpi-unit", "%");
    await page.fill("#crm-kpi-owner", "Sales ops");
    await page.focus("#crm-kpi-unit");
    await page.keyboard.press("Enter");
    const status = await waitForStatus(page, /^Added WinRate/);
    expect(status).to.contain('Use it in a cell as =CRM.KPI(KPI_WinRate, "won", …, "lost", …)');
    expect(await tabs(page)).to.include("KPI library");
    expect([await cell(page, "KPI library", "A2"), await cell(page, "KPI library", "B2"), await cell(page, "KPI library", "H2")]).to.deep.equal(["WinRate", "won / (won + lost)", "KPI_WinRate"]);
    expect(await page.evaluate(() => window.crmPreview!.workbook.evaluate(['=CRM.KPI(KPI_WinRate, "won", 30, "lost", 20)']))).to.deep.equal([0.6]);
    expect(await page.textContent('#crm-kpi-list [data-kpi="WinRate"]')).to.contain("won / (won + lost)");
  });

  it("connects it to the sample deals and puts it on the Sales pipeline sheet, equal to the catalogue's win rate", async () => {
    await page.click("#crm-map-all");
    await waitForStatus(page, /^Checked/);
    await page.click("#crm-kpi-connect-WinRate");
    await page.selectOption("#crm-kpi-bind-WinRate-0", "measure:deals_won");
    await page.click("#crm-kpi-save-connection-WinRate");
    await waitForStatus(page, /was not connected/);
    expect(await page.textContent("#crm-kpi-bind-WinRate-1-error")).to.equal("Choose where lost (Deals lost in the period) comes from.");
    await page.selectOption("#crm-kpi-bind-WinRate-1", "measure:deals_lost");
    await page.click("#crm-kpi-save-connection-WinRate");
    await waitForStatus(page, /^Connected WinRate/);
    expect(await page.getAttribute('#crm-kpi-list [data-kpi="WinRate"] [data-connection]', "data-connection")).to.equal("ready");

    await page.check("#crm-template-kpi-WinRate");
    await page.click("#crm-build-sales");
    await waitForStatus(page, /^Built "Sales pipeline"/);
    const sheet = "Sales pipeline";
    const rows = await page.evaluate((name) => window.crmPreview!.workbook.values()[name].map((r) => r[0]), sheet);
    const ours = rows.indexOf("WinRate") + 1;
    const theirs = rows.indexOf("Win rate") + 1;
    expect(ours).to.be.greaterThan(theirs).and.greaterThan(0);
    const [start, end] = [(await cell(page, sheet, "B6")) as number, (await cell(page, sheet, "B7")) as number];
    const { won, lost } = sampleWinRate(start, end);
    expect(won + lost).to.be.greaterThan(0);
    expect(await cell(page, sheet, `B${ours}`)).to.be.closeTo(won / (won + lost), 1e-9);
    expect(await cell(page, sheet, `C${ours}`)).to.be.closeTo(won / (won + lost), 1e-9);
    expect(await cell(page, sheet, `B${theirs}`)).to.be.closeTo(won / (won + lost), 1e-9);
    expect(await cell(page, sheet, `D${ours}`)).to.equal("same");
    expect(await page.textContent(`td[data-cell="B${ours}"]`)).to.equal(`${((100 * won) / (won + lost)).toFixed(1)}%`);
  });

  it("sets a SMART goal on WinRate, tracked with CRM.PROGRESS and CRM.GOALSTATUS", async () => {
    await page.selectOption("#crm-goal-metric", "kpi:WinRate");
    expect(await page.textContent("#crm-goal-unit")).to.equal("WinRate is a rate: type percentages, such as 5 or 5%.");
    await page.fill("#crm-goal-specific", "Win more of the deals we decide on");
    const baseline = Number(await startGoalThisMonth(page));
    await page.fill("#crm-goal-target", String(Math.min(95, Math.round(baseline + 10))));
    await page.fill("#crm-goal-achievable", "Qualify deals before the proposal");
    await page.fill("#crm-goal-relevant", "Revenue growth without buying more leads");
    await page.fill("#crm-goal-owner", "Siti");
    await page.click("#crm-add-goal");
    await waitForStatus(page, /^Added the goal/);
    expect(await cell(page, "Goals", "B5")).to.equal("WinRate");
    const [from, to] = [(await cell(page, "Goals", "L5")) as number, (await cell(page, "Goals", "M5")) as number];
    const { won, lost } = sampleWinRate(from, to);
    const current = (await cell(page, "Goals", "N5")) as number;
    expect(current).to.be.closeTo(won / (won + lost), 1e-9);
    expect(await cell(page, "Goals", "Q5")).to.be.closeTo(current, 1e-9);
    const [b, t] = [(await cell(page, "Goals", "I5")) as number, (await cell(page, "Goals", "J5")) as number];
    expect(b).to.be.closeTo(baseline / 100, 0.00005);
    expect(await cell(page, "Goals", "O5")).to.be.closeTo((current - b) / (t - b), 1e-9);
    expect(["Achieved", "On track", "At risk", "Behind"]).to.include(await cell(page, "Goals", "P5"));
    await page.screenshot({ path: join(ARTIFACTS, "kpi-goal.png") });
  });

  it("exports the library as a JSON file", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#crm-kpi-export")]);
    expect(download.suggestedFilename()).to.match(/^kpi-library-\d{4}-\d{2}-\d{2}\.json$/);
    exported = join(downloads, download.suggestedFilename());
    await download.saveAs(exported);
    const file = JSON.parse(readFileSync(exported, "utf8"));
    expect([file.format, file.version]).to.deep.equal([LIBRARY_FORMAT, 1]);
    expect(file.kpis.map((k: { name: string; expression: string; unit: string }) => [k.name, k.expression, k.unit])).to.deep.equal([["WinRate", "won / (won + lost)", "%"]]);
  });

  it("imports it into a fresh workbook that has another WinRate: the conflict is reported and decided, never overwritten silently", async () => {
    await page.reload();
    await page.waitForSelector("body[data-ready]", { timeout: 60000 });
    expect(await tabs(page)).to.not.include("KPI library");
    // The fresh workbook's own WinRate: won per lost deal.
    await page.click("#crm-kpi-add");
    await page.fill("#crm-kpi-name", "WinRate");
    await page.fill("#crm-kpi-expression", "won / lost");
    await page.click("#crm-kpi-find-inputs");
    await page.fill("#crm-kpi-input-0-description", "Deals won");
    await page.fill("#crm-kpi-input-1-description", "Deals lost");
    await page.click("#crm-kpi-save");
    await waitForStatus(page, /^Added WinRate/);
    const kpiOf = () => page.evaluate(() => window.crmPreview!.workbook.evaluate(['=CRM.KPI(KPI_WinRate, "won", 30, "lost", 20)']));
    expect(await kpiOf()).to.deep.equal([1.5]);

    await page.setInputFiles("#crm-kpi-import-file", exported);
    await waitForStatus(page, /^Check what/);
    expect(await page.textContent("#crm-kpi-import-report")).to.contain("WinRate is already in the library with a different expression (ours: won / lost; the file's: won / (won + lost)).");
    expect(await unlabelledControls(page)).to.deep.equal([]);
    await page.click("#crm-kpi-import-apply");
    await waitForStatus(page, /^Nothing was imported yet/);
    expect(await page.textContent("#crm-kpi-conflict-0-error")).to.equal("Decide what to do with WinRate: keep ours, replace it, or import it under another name.");
    expect(await kpiOf(), "nothing written").to.deep.equal([1.5]);

    await page.check("#crm-kpi-conflict-0-replace");
    await page.click("#crm-kpi-import-apply");
    const status = await waitForStatus(page, /^Imported/);
    expect(status).to.contain("Replaced WinRate with the file's definition (expression, inputs, unit, owner changed).");
    expect(await kpiOf()).to.deep.equal([0.6]);
    expect(await cell(page, "KPI library", "B2")).to.equal("won / (won + lost)");
    expect(await cell(page, "KPI library", "D2")).to.equal("%");
  });

  it("uses the imported KPI there too: its cell on the Sales pipeline sheet computes the sample's win rate", async () => {
    await page.click('.tabs [data-sheet="Deals"]');
    await page.click('td[data-cell="B3"]');
    await page.click("#crm-map-selection");
    await page.waitForSelector("#crm-save-mapping");
    await page.click("#crm-save-mapping");
    await waitForStatus(page, /^Checked/);
    await page.click("#crm-kpi-connect-WinRate");
    await page.selectOption("#crm-kpi-bind-WinRate-0", "measure:deals_won");
    await page.selectOption("#crm-kpi-bind-WinRate-1", "measure:deals_lost");
    await page.click("#crm-kpi-save-connection-WinRate");
    await waitForStatus(page, /^Connected WinRate/);
    await page.check("#crm-template-kpi-WinRate");
    await page.click("#crm-build-sales");
    await waitForStatus(page, /^Built "Sales pipeline"/);
    const rows = await page.evaluate(() => window.crmPreview!.workbook.values()["Sales pipeline"].map((r) => r[0]));
    const ours = rows.indexOf("WinRate") + 1;
    const [start, end] = [(await cell(page, "Sales pipeline", "B6")) as number, (await cell(page, "Sales pipeline", "B7")) as number];
    const { won, lost } = sampleWinRate(start, end);
    expect(await cell(page, "Sales pipeline", `B${ours}`)).to.be.closeTo(won / (won + lost), 1e-9);
    expect(await cell(page, "Sales pipeline", `D${ours}`)).to.equal("same");
    await page.locator("#crm-kpi-section").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, "kpi-library.png") });
    expect(errors).to.deep.equal([]);
  });
});

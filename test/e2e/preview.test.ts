/**
 * End to end, as a new user on the preview page: `npm start`'s server (built here), headless
 * Chromium (Debian's, driven by playwright-core), map the sample customers, read the
 * data-quality report, build the churn template, add one SMART goal, and check the computed
 * cells against the metrics computed in this process from the same seeded sample.
 */
import { expect } from "chai";
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { todaySerial } from "../../src/metrics/dates";
import { churnFromDates } from "../../src/metrics/retention";
import { sampleData } from "../../src/sample/sample";
import { sourceFromChoice } from "../../src/templates/mapping";
import { checkQuality } from "../../src/templates/quality";
import type { CellValue } from "../../src/workbook/types";
import { CHROMIUM, openPreview, ROOT, startGoalThisMonth, startServer, unlabelledControls, waitForStatus } from "./setup";

const ARTIFACTS = join(ROOT, "test", "artifacts");
const cell = (page: Page, sheet: string, address: string) => page.evaluate(([s, a]) => window.crmPreview!.workbook.value(s, a), [sheet, address] as const);

describe("task pane end to end (preview page, headless Chromium)", function () {
  this.timeout(240000);
  let server: { child: ChildProcess; url: string };
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const today = todaySerial();
  const customers = sampleData({ asOf: today })[0];

  before(async () => {
    server = await startServer("build/e2e");
    profile = mkdtempSync(join(tmpdir(), "crm-e2e-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      ignoreHTTPSErrors: true,
      viewport: { width: 1440, height: 900 },
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await openPreview(page, server.url, errors);
  });

  after(async () => {
    await context?.close();
    if (server?.child.pid) server.child.kill("SIGTERM");
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("serves the preview at a URL with 'preview' in it, with the sample data in the workbook", async () => {
    expect(server.url).to.match(/^https?:\/\/localhost:\d+\/preview\.html$/);
    const tabs = await page.$$eval(".tabs [role=tab]", (els) => els.map((e) => e.textContent));
    expect(tabs).to.deep.equal(["Customers", "Invoices", "Deals", "Deal stages", "Tickets", "Surveys", "Marketing"]);
    expect(await page.textContent('td[data-cell="E1"]')).to.equal("Start Date");
  });

  it("labels every control of the pane", async () => {
    expect(await unlabelledControls(page)).to.deep.equal([]);
  });

  it("maps the customers the user points at, proposing each column's role", async () => {
    await page.click('td[data-cell="B5"]');
    await page.click("#crm-map-selection");
    await page.waitForSelector("#crm-save-mapping");
    const proposed = await page.$$eval("#crm-mapping-editor select[data-column]", (els) => Object.fromEntries(els.map((e) => [e.getAttribute("data-column"), (e as HTMLSelectElement).value])));
    expect(proposed).to.deep.equal({ "Customer ID": "customer_id", Company: "", Segment: "", Region: "", "Start Date": "start_date", "Cancel Date": "end_date", MRR: "mrr" });
    // Saved from the keyboard.
    await page.focus("#crm-save-mapping");
    await page.keyboard.press("Enter");
    await waitForStatus(page, /^Checked/);
  });

  it("shows the data-quality report: rows left out and why, with the first cells", async () => {
    const source = sourceFromChoice({ sheet: "Customers", address: `A1:G${customers.rows.length + 1}`, values: [customers.headers, ...customers.rows] as CellValue[][] }, "customers", ["customer_id", null, null, null, "start_date", "end_date", "mrr"]);
    const q = checkQuality(source, { sheet: "Customers", address: `A1:G${customers.rows.length + 1}`, values: [customers.headers, ...customers.rows] as CellValue[][] });
    const report = (await page.textContent('#crm-quality [data-dataset="customers"]')) ?? "";
    expect(report).to.contain(`${q.excluded} of ${q.rows} rows left out of the metrics, ${q.valid} used.`);
    for (const issue of q.issues) expect(report).to.contain(`${issue.text}. First: ${issue.cells[0]}`);
    expect(q.excluded).to.be.greaterThan(0);
  });

  it("builds the retention and churn sheet, whose CRM and native formulas agree with the metric", async () => {
    await page.click("#crm-build-retention");
    const status = await waitForStatus(page, /^Built/);
    expect(status).to.match(/Built "Retention and churn"\. Built on valid rows only: 2 customers and subscriptions rows left out/);
    const sheet = "Retention and churn";
    expect(await page.getAttribute('.tabs [aria-selected="true"]', "data-sheet")).to.equal(sheet);
    const [start, end] = [await cell(page, sheet, "B6"), await cell(page, sheet, "B7")];
    const valid = customers.rows.filter((r) => {
      const q = checkQuality(
        sourceFromChoice({ sheet: "C", address: "A1:G2", values: [customers.headers, r] as CellValue[][] }, "customers", ["customer_id", null, null, null, "start_date", "end_date", "mrr"]),
        { sheet: "C", address: "A1:G2", values: [customers.headers, r] as CellValue[][] },
      );
      return q.valid === 1;
    });
    const churn = churnFromDates(
      valid.map((r) => (typeof r[5] === "number" ? r[5] : null)),
      valid.map((r) => r[4] as number),
      start as number,
      end as number,
    ) as number;
    const labels = await page.$$eval("table.grid td[data-cell^='A']", (els) => els.map((e) => [e.getAttribute("data-cell"), e.textContent]));
    const churnRow = labels.find(([, text]) => text === "Customer churn rate")![0]!.slice(1);
    const crm = (await cell(page, sheet, `B${churnRow}`)) as number;
    const native = (await cell(page, sheet, `C${churnRow}`)) as number;
    expect(crm).to.be.closeTo(churn, 1e-9);
    expect(native).to.be.closeTo(churn, 1e-9);
    expect(await cell(page, sheet, `D${churnRow}`)).to.equal("same");
    expect(await page.textContent(`td[data-cell="B${churnRow}"]`)).to.equal(`${(churn * 100).toFixed(1)}%`);
    expect(await page.$$eval("svg.chart", (els) => els.map((e) => e.getAttribute("aria-label")))).to.deep.equal(["Chart: Monthly customer churn"]);
    expect(await page.textContent("#crm-created")).to.contain('Sheet "Retention and churn"');
  });

  it("maps every other table in one go and builds each remaining template, every twin the same", async () => {
    await page.click("#crm-map-all");
    const status = await waitForStatus(page, /^Checked/);
    expect(status).to.match(/^Checked 7 datasets/);
    const sheets: Record<string, string> = { value: "Value and cost", sales: "Sales pipeline", experience: "Customer experience", marketing: "Marketing metrics" };
    for (const [id, sheet] of Object.entries(sheets)) {
      await page.click(`#crm-build-${id}`);
      await waitForStatus(page, /^Built/);
      const checks = await page.evaluate((name) => {
        const wb = window.crmPreview!.workbook;
        const grid = wb.values()[name];
        const header = grid.findIndex((r) => r[0] === "Metric");
        const out: [CellValue, CellValue, CellValue, CellValue][] = [];
        for (let r = header + 1; grid[r]?.[0]; r++) out.push([grid[r][0], grid[r][1], grid[r][2], grid[r][3]]);
        return out;
      }, sheet);
      expect(checks.length, sheet).to.be.greaterThan(1);
      for (const [label, crm, native, same] of checks) {
        expect(crm, `${sheet}: ${label}`).to.be.a("number");
        expect(native, `${sheet}: ${label}`).to.be.closeTo(crm as number, 1e-9 * Math.max(1, Math.abs(crm as number)));
        expect(same, `${sheet}: ${label}`).to.equal("same");
      }
    }
  });

  it("refuses a goal that is not SMART, saying why, then adds a SMART goal to a Goals sheet", async () => {
    await page.fill("#crm-goal-specific", "Reduce monthly customer churn among SMB customers");
    await page.selectOption("#crm-goal-metric", "churn");
    const baseline = await startGoalThisMonth(page);
    expect(Number(baseline)).to.be.within(0, 100);
    await page.fill("#crm-goal-target", "120");
    await page.fill("#crm-goal-achievable", "Onboarding calls for every new SMB customer");
    await page.fill("#crm-goal-relevant", "Churn is our largest revenue leak");
    await page.fill("#crm-goal-owner", "Siti");
    await page.click("#crm-add-goal");
    await waitForStatus(page, /not added/);
    expect(await page.textContent("#crm-goal-problems")).to.contain("A target of 120% is impossible: customer churn rate cannot be above 100%.");
    expect(await page.getAttribute("#crm-goal-target", "aria-invalid")).to.equal("true");
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal("crm-goal-target");

    await page.fill("#crm-goal-target", "2");
    await page.click("#crm-add-goal");
    await waitForStatus(page, /^Added the goal/);
    expect(await page.getAttribute('.tabs [aria-selected="true"]', "data-sheet")).to.equal("Goals");
    const current = (await cell(page, "Goals", "N5")) as number;
    const nativeCurrent = (await cell(page, "Goals", "Q5")) as number;
    expect(current).to.be.a("number");
    expect(nativeCurrent).to.be.closeTo(current, 1e-9);
    const [b, t] = [(await cell(page, "Goals", "I5")) as number, (await cell(page, "Goals", "J5")) as number];
    // The form shows the baseline rounded; the goal keeps the computed value exact.
    expect(b).to.be.closeTo(Number(baseline) / 100, 0.00005);
    expect(b).to.be.closeTo(current, 1e-9, "baseline and current both measure the month before the start");
    expect(t).to.equal(0.02);
    expect((await cell(page, "Goals", "O5")) as number).to.be.closeTo((current - b) / (t - b), 1e-9);
    const status = (await cell(page, "Goals", "P5")) as string;
    expect(["Achieved", "On track", "At risk", "Behind"]).to.include(status);
    const colour = await page.$eval('td[data-cell="P5"]', (e) => (e as HTMLElement).style.background);
    expect(colour).to.not.equal("");
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('td[data-cell="P5"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, "preview-goal.png") });
    await page.click('.tabs [data-sheet="Retention and churn"]');
    await page.screenshot({ path: join(ARTIFACTS, "preview-churn.png") });
  });
});

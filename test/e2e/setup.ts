/**
 * What an end-to-end test of the preview needs: `npm start`'s server on a free port, headless
 * Chromium (Debian's, driven by playwright-core), and the pane's status line to wait on.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
// @ts-ignore plain ESM helper
import { root } from "../../scripts/function-files.mjs";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const ROOT: string = root;

/** Starts `node scripts/start.mjs` on a free port, building into `out`; resolves with the preview URL it prints. */
export function startServer(out: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/start.mjs", "--port", "0", "--out", out, "--no-watch", "--no-sideload"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Preview: (\S+preview\.html)/.exec(output);
      if (m) resolve({ child, url: m[1] });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`npm start exited (${code}) before serving:\n${output}`)));
  });
}

/** Headless Chromium with a context that accepts the pane's downloads. */
export async function launch(): Promise<{ browser: Browser; context: BrowserContext; page: Page; errors: string[] }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const context = await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { browser, context, page, errors };
}

/** Opens the preview and waits until its workbook holds the sample data. */
export async function openPreview(page: Page, url: string, errors: string[]): Promise<void> {
  await page.goto(url);
  await page.waitForSelector("body[data-ready]", { timeout: 60000 });
  const ready = await page.getAttribute("body", "data-ready");
  if (ready !== "true") throw new Error(`the preview did not start: ${errors.join("; ")}`);
}

/** Waits until the pane's status says `pattern` (or it reports an error, which fails the test). */
export async function waitForStatus(page: Page, pattern: RegExp, timeout = 60000): Promise<string> {
  await page.waitForFunction((source) => new RegExp(source).test(document.querySelector("#crm-status")?.textContent ?? "") || !!document.querySelector("#crm-error")?.textContent, pattern.source, { timeout });
  const error = await page.textContent("#crm-error");
  if (error) throw new Error(`the pane reported: ${error}`);
  return (await page.textContent("#crm-status")) ?? "";
}

/** Controls of the pane without a label (by `for`, aria-label, or their own text). */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.$$eval("#pane input, #pane select, #pane textarea, #pane button", (els) =>
    els.filter((e) => !(e.id && document.querySelector(`label[for="${e.id}"]`)) && !e.getAttribute("aria-label") && !(e.textContent ?? "").trim()).map((e) => e.outerHTML.slice(0, 80)),
  );
}

/**
 * Types the first of this month (in the browser's time zone) as the goal's start date and waits
 * for the pane to fill in the baseline from the data; returns the baseline as the field shows it.
 */
export async function startGoalThisMonth(page: Page): Promise<string> {
  const firstOfMonth = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-01`;
  });
  await page.fill("#crm-goal-startDate", firstOfMonth);
  await page.dispatchEvent("#crm-goal-startDate", "change");
  await page.waitForFunction(() => (document.querySelector("#crm-goal-baseline") as HTMLInputElement).value !== "", null, { timeout: 60000 });
  return page.inputValue("#crm-goal-baseline");
}

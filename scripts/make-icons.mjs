// Renders assets/icon.svg to the PNG sizes the manifest names (16, 32, 64, 80, 128), with
// Debian's Chromium. Run by hand after changing the SVG: `node scripts/make-icons.mjs`.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./function-files.mjs";

const svg = readFileSync(join(root, "assets", "icon.svg"), "utf8");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage();
for (const size of [16, 32, 64, 80, 128]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: join(root, "assets", `icon-${size}.png`), omitBackground: true });
}
await browser.close();

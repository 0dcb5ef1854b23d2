// The task pane's end-to-end tests drive Debian's Chromium with playwright-core (no browser
// download is possible here). Install it from Debian's packages when it is missing, so a fresh
// machine passes `npm test` with no step by hand.
import { existsSync } from "node:fs";
import { execSync } from "node:child_process";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

if (!existsSync(CHROMIUM)) {
  const sudo = process.getuid && process.getuid() === 0 ? "" : "sudo ";
  console.error(`[ensure-chromium] ${CHROMIUM} is missing; installing Debian's chromium package…`);
  try {
    execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`, { stdio: ["ignore", "inherit", "inherit"] });
  } catch {
    console.error("[ensure-chromium] could not install chromium: the browser tests will fail. Install it with: apt-get install chromium");
    process.exit(1);
  }
}

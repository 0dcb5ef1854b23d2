// `npm run validate`: checks manifest.xml offline (scripts/manifest-checks.mjs), then reads it
// with Microsoft's office-addin-manifest parser. Microsoft's own `validate` command needs its web
// service: pass --online to run it as well where the network allows.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { OfficeAddinManifest } from "office-addin-manifest";
import { manifestProblems } from "./manifest-checks.mjs";
import { root } from "./function-files.mjs";

const path = process.argv.find((a) => a.endsWith(".xml")) ?? join(root, "manifest.xml");
const problems = await manifestProblems(readFileSync(path, "utf8"), { assetsDir: join(root, "assets") });
const info = await OfficeAddinManifest.readManifestFile(path);
console.log(`${path}: ${info.displayName} ${info.version} (${info.id}), permissions ${info.permissions}`);
if (problems.length) {
  for (const p of problems) console.error(`  ✗ ${p}`);
  process.exit(1);
}
console.log("  ✓ offline checks pass: well-formed, resource ids defined and unique, one https host, icons present, shared runtime, namespace CRM");
if (process.argv.includes("--online")) {
  execFileSync("npx", ["office-addin-manifest", "validate", path], { stdio: "inherit" });
} else {
  console.log("  (Microsoft's online validation needs its web service; run `npm run validate -- --online` where it is reachable.)");
}

// The source files that declare custom functions: every module of src/functions/ except the
// shared argument converter and error mapping. Webpack's metadata plugin and the test harness
// both read this list, so they cannot disagree about which functions exist.
import { readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const HELPERS = new Set(["args.ts", "excel.ts", "index.ts"]);

export function functionFiles() {
  return readdirSync(join(root, "src", "functions"))
    .filter((f) => f.endsWith(".ts") && !HELPERS.has(f) && !f.endsWith(".d.ts"))
    .sort()
    .map((f) => join(root, "src", "functions", f));
}

/**
 * `npm run calc -- workbook.json`: evaluates a workbook of CRM formulas in the test engine and
 * prints every sheet's computed values as JSON on stdout (nothing else goes to stdout).
 *
 * Input: {"sheets": {"Data": [[...], ...], "Calc": [["=CRM.NPS(Data!A1:A10)"]]}, "names"?: {...}}
 * Cells are numbers, booleans, null, or text; text starting with "=" is a formula, and ISO date
 * text ("2024-03-31") is entered as a date, as Excel does when one types it.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { loadEngine } from "../test/harness/node";

const Cell = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const Workbook = z.object({
  sheets: z.record(z.string().min(1), z.array(z.array(Cell))),
  names: z.record(z.string(), z.string()).optional(),
});

function fail(message: string): never {
  process.stderr.write(`calc: ${message}\n`);
  process.exit(2);
}

async function main() {
  const path = process.argv[2];
  if (!path) fail("usage: npm run calc -- workbook.json");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    fail(`cannot read ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = Workbook.safeParse(json);
  if (!parsed.success) {
    fail(`${path} is not a workbook: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`).join("; ")}`);
  }
  const { engine } = await loadEngine();
  const { values } = engine.evaluate(parsed.data.sheets, parsed.data.names ?? {});
  process.stdout.write(JSON.stringify(values) + "\n");
}

main().catch((e) => fail(e instanceof Error ? e.message : String(e)));

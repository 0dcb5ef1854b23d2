/**
 * Properties of the whole catalogue, read from the generated metadata so a new function is
 * covered the day it is added: every function has descriptions, is documented in the README, and
 * for any mix of numbers, text, booleans, blanks, errors, huge and tiny values and ragged ranges
 * returns a value or an Excel error, never an unhandled exception, NaN or undefined.
 */
import { expect } from "chai";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadEngine } from "./harness/node";
import type { FunctionMeta } from "./harness/engine";

const ROOT = join(import.meta.dirname, "..");
const CFError = (globalThis as any).CustomFunctions.Error;
const EXCEL_ERRORS = ["#DIV/0!", "#VALUE!", "#NUM!", "#N/A"];

const scalar = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -5, max: 15 }),
  fc.constantFrom(0, 1, -1, 1e308, -1e308, 5e-324, 45382, 0.5, 100),
  fc.string({ maxLength: 12 }),
  fc.constantFrom("", " ", "2024-03-31", "2024-02-30", "yes", "no", "churned", "won", "lost", "abc", "=1", "days", "months", "10", "TRUE"),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...EXCEL_ERRORS).map((code) => new CFError(code, "input error")),
);
/** Ranges as Excel passes them, plus ragged and empty ones that it never should. */
const range = fc.oneof(
  fc.array(fc.array(scalar, { minLength: 1, maxLength: 3 }), { minLength: 0, maxLength: 8 }),
  fc.array(fc.tuple(scalar).map((t) => [...t]), { minLength: 1, maxLength: 12 }),
  fc.array(fc.tuple(fc.integer({ min: 0, max: 10 })).map((t) => [...t]), { minLength: 1, maxLength: 12 }),
);

function argFor(p: FunctionMeta["parameters"][number]) {
  const one = p.dimensionality === "matrix" ? range : scalar;
  return p.repeating ? fc.array(one, { maxLength: 4 }) : p.optional ? fc.oneof(one, fc.constant(null)) : one;
}

function isCellValue(v: unknown): boolean {
  if (v instanceof CFError) return EXCEL_ERRORS.includes((v as any).code);
  if (typeof v === "number") return Number.isFinite(v);
  return typeof v === "string" || typeof v === "boolean" || v === null || v === "";
}

describe("every CRM function (from the generated metadata)", function () {
  this.timeout(240_000);
  let functions: FunctionMeta[] = [];
  let impls: Map<string, (...a: any[]) => unknown>;

  before(async () => {
    const { engine, metadata } = await loadEngine();
    functions = metadata.functions;
    impls = engine.impls;
  });

  it("has a one-sentence description and a description for every parameter", () => {
    expect(functions.length).to.be.greaterThan(0);
    for (const f of functions) {
      expect(f.description, `CRM.${f.name}`).to.be.a("string").and.match(/\S.{10,}/);
      for (const p of f.parameters) expect(p.description, `CRM.${f.name} ${p.name}`).to.be.a("string").and.match(/\S.{5,}/);
    }
  });

  it("is documented in the README with a worked example", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const missing = functions.filter((f) => !readme.includes(`CRM.${f.name}(`)).map((f) => `CRM.${f.name}`);
    expect(missing, "functions missing from README.md").to.deep.equal([]);
  });

  it("returns a value or an Excel error for any input, never an unhandled exception", () => {
    for (const f of functions) {
      const impl = impls.get(f.id.toUpperCase())!;
      fc.assert(
        fc.property(fc.tuple(...f.parameters.map(argFor)), (args) => {
          let out: unknown;
          try {
            out = impl(...args);
          } catch (e) {
            if (!(e instanceof CFError)) throw new Error(`CRM.${f.name} threw ${e}`);
            if (!EXCEL_ERRORS.includes((e as any).code)) throw new Error(`CRM.${f.name} threw an unknown code ${(e as any).code}`);
            if (["#VALUE!", "#N/A"].includes((e as any).code) && !(e as any).message) throw new Error(`CRM.${f.name}: ${(e as any).code} without a message`);
            return;
          }
          if (Array.isArray(out)) {
            if (!out.every((row) => Array.isArray(row) && row.every(isCellValue))) throw new Error(`CRM.${f.name} spilled a bad cell: ${JSON.stringify(out).slice(0, 200)}`);
          } else if (!isCellValue(out) || out === null) {
            throw new Error(`CRM.${f.name} returned ${String(out)}`);
          }
        }),
        { numRuns: 150, seed: 20261123 },
      );
    }
  });
});

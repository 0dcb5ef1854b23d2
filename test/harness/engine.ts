/**
 * A spreadsheet engine that evaluates =CRM.* formulas as Excel would: HyperFormula (GPL-3.0,
 * test and preview only, never in the production bundle) with every CRM function registered from
 * the metadata that Microsoft's generator makes from our JSDoc. Names, argument counts, optional
 * and repeating arguments therefore come from exactly what Excel sees.
 *
 * Excel spills dynamic arrays whose size depends on the data; HyperFormula must know an array's
 * size before it evaluates. So the engine evaluates, records each spill's real size, and
 * evaluates again until the sizes settle (chained spills such as RFM → BGNBD take two rounds).
 *
 * Browser-safe: no Node import, so the preview page uses the same engine.
 */
import {
  ArraySize,
  CellError,
  DetailedCellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  SimpleRangeValue,
} from "hyperformula";
import { serialFromISO } from "../../src/metrics/dates";

/** One function as the generated functions.json describes it. */
export interface FunctionMeta {
  id: string;
  name: string;
  description?: string;
  parameters: { name: string; description?: string; type?: string; dimensionality?: string; optional?: boolean; repeating?: boolean }[];
  result: { type?: string; dimensionality?: string };
}

export type Implementations = Map<string, (...args: any[]) => unknown>;

/** A cell as given: number, boolean, text (a leading "=" makes a formula), or null for blank. */
export type CellInput = number | string | boolean | null;
/** A computed cell: its value, or an Excel error as its text ("#DIV/0!"). */
export type CellOutput = number | string | boolean | null;

export const NAMESPACE = "CRM";

const ERROR_TEXT: Record<string, string> = {
  DIV_BY_ZERO: "#DIV/0!",
  VALUE: "#VALUE!",
  NUM: "#NUM!",
  NA: "#N/A",
  REF: "#REF!",
  NAME: "#NAME?",
  SPILL: "#SPILL!",
  CYCLE: "#CYCLE!",
  ERROR: "#ERROR!",
  LIC: "#LIC!",
};
const ERROR_TYPE: Record<string, ErrorType> = {
  "#DIV/0!": ErrorType.DIV_BY_ZERO,
  "#VALUE!": ErrorType.VALUE,
  "#NUM!": ErrorType.NUM,
  "#N/A": ErrorType.NA,
  "#REF!": ErrorType.REF,
  "#NAME?": ErrorType.NAME,
};

/** Excel's date system, so serials match what Excel passes for date cells. */
const CONFIG = {
  licenseKey: "gpl-v3",
  leapYear1900: true,
  nullDate: { year: 1899, month: 12, day: 31 },
  dateFormats: ["YYYY-MM-DD", "DD/MM/YYYY"],
  timeFormats: ["hh:mm", "hh:mm:ss.sss"],
  useArrayArithmetic: true,
  maxRows: 1_048_576,
  maxColumns: 16_384,
};

/**
 * HyperFormula 3.5 fails to build a workbook ("Edge does not exist") when one range over a spilled
 * array is referenced, then a shorter range inside it, then the first again (=SUM(Calc!D2:D6),
 * =SUM(Calc!D2:D5), =SUM(Calc!D2:D6) beside a spill in Calc, or three CRM.PALIVE over an RFM spill):
 * turning the range from brute force to "smaller range plus rest", it removes each cell's edge to
 * the range, but every cell of a spill shares its array's one edge, which is gone after the first.
 * While a formula's dependencies are wired, a missing edge is therefore skipped, as HyperFormula's
 * own removeEdgeIfExists does; everywhere else removeEdge stays strict. Installed once, on the
 * first engine built.
 */
let rangeEdgesPatched = false;
function patchRangeEdges(): void {
  if (rangeEdgesPatched) return;
  rangeEdgesPatched = true;
  const probe = HyperFormula.buildEmpty({ licenseKey: "gpl-v3" });
  const DependencyGraph = (probe as any).dependencyGraph.constructor;
  probe.destroy();
  const wire = DependencyGraph.prototype.processCellDependencies;
  DependencyGraph.prototype.processCellDependencies = function (this: any, ...args: unknown[]) {
    const graph = this.graph;
    graph.removeEdge = graph.removeEdgeIfExists;
    try {
      return wire.apply(this, args);
    } finally {
      delete graph.removeEdge;
    }
  };
}

/** What Excel hands a custom function for one cell value. */
function toExcelValue(v: unknown, inRange: boolean): unknown {
  if (v === EmptyValue || v === undefined || v === null) return inRange ? "" : null;
  if (v instanceof CellError) {
    const Err = (globalThis as any).CustomFunctions.Error;
    return new Err(ERROR_TEXT[v.type] ?? "#VALUE!", v.message);
  }
  if (typeof v === "object" && v !== null && typeof (v as any).val === "number") return (v as any).val;
  return v;
}

function toExcelArg(v: unknown): unknown {
  if (v instanceof SimpleRangeValue) return v.data.map((row) => row.map((c) => toExcelValue(c, true)));
  return toExcelValue(v, false);
}

/** Error codes Excel takes from a custom function as input only (CustomFunctions.ErrorCode). */
const INPUT_ONLY = new Set(["#NAME?", "#REF!"]);

/** What HyperFormula stores for one returned value. */
function fromExcelValue(v: unknown): unknown {
  if (v !== null && typeof v === "object" && typeof (v as any).code === "string") {
    // Excel would not show these from a custom function: a test expecting one must fail.
    if (INPUT_ONLY.has((v as any).code)) return new CellError(ErrorType.VALUE, `(harness) a custom function cannot return ${(v as any).code}`);
    return new CellError(ERROR_TYPE[(v as any).code] ?? ErrorType.VALUE, (v as any).message || undefined);
  }
  if (v === null || v === undefined || v === "") return EmptyValue;
  if (typeof v === "number" && !Number.isFinite(v)) return new CellError(ErrorType.NUM);
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  return new CellError(ErrorType.VALUE, `a function returned ${typeof v}`);
}

type SizeKey = string;
const keyOf = (address: { sheet: number; row: number; col: number }): SizeKey => `${address.sheet}:${address.row}:${address.col}`;

/** Spill sizes known from earlier rounds, and those seen in this one. */
class SpillSizes {
  known = new Map<SizeKey, [number, number]>();
  seen = new Map<SizeKey, [number, number]>();
  get(key: SizeKey): [number, number] {
    return this.known.get(key) ?? [1, 1];
  }
  settle(): boolean {
    let changed = false;
    for (const [k, v] of this.seen) {
      const old = this.known.get(k);
      if (!old || old[0] !== v[0] || old[1] !== v[1]) changed = true;
      this.known.set(k, v);
    }
    this.seen.clear();
    return !changed;
  }
}

let pluginCounter = 0;

/** Builds a HyperFormula function plugin for the CRM functions of the metadata. */
function makePlugin(functions: FunctionMeta[], impls: Implementations, sizes: SpillSizes) {
  const implemented: Record<string, any> = {};
  const translations: Record<string, string> = {};
  class CrmPlugin extends FunctionPlugin {}
  const suffix = `_${++pluginCounter}`;
  for (const f of functions) {
    const fullName = `${NAMESPACE}.${f.name}`.toUpperCase();
    const impl = impls.get(f.id.toUpperCase());
    if (!impl) throw new Error(`no implementation associated with ${f.id}`);
    const repeating = f.parameters.filter((p) => p.repeating).length;
    const spills = f.result.dimensionality === "matrix";
    const method = `crm_${f.id.replace(/\W/g, "_")}${suffix}`;
    const sizeMethod = `${method}_size`;
    implemented[fullName] = {
      method,
      parameters: f.parameters.map((p) => ({ argumentType: FunctionArgumentType.ANY, optionalArg: !!p.optional || !!p.repeating })),
      vectorizationForbidden: true,
      ...(repeating ? { repeatLastArgs: repeating } : {}),
      ...(spills ? { sizeOfResultArrayMethod: sizeMethod } : {}),
    };
    translations[fullName] = fullName;
    const fixed = f.parameters.length - repeating;
    (CrmPlugin.prototype as any)[method] = function (this: any, ast: any, state: any) {
      const key = keyOf(state.formulaAddress);
      // An argument left empty (=F(A1,,C1)) reaches the function as null, as in Excel; a blank
      // cell given to a range parameter does not (see below), so it must be told apart here.
      const left = (ast.args as { type?: string }[]).map((a) => a?.type === "EMPTY");
      return this.runFunction(ast.args, state, this.metadata(fullName), (...raw: unknown[]) => {
        // A single-value parameter never receives a range in Excel: a one-cell range arrives as
        // its value, and a larger one makes Excel lift the function over each cell. Refusing
        // that here catches a range argument declared as a scalar in the JSDoc.
        for (let i = 0; i < raw.length; i++) {
          const p = f.parameters[Math.min(i, f.parameters.length - 1)];
          const v = raw[i];
          if (p.dimensionality === "matrix" || !(v instanceof SimpleRangeValue)) continue;
          if (v.width() === 1 && v.height() === 1) raw[i] = v.data[0][0];
          else return new CellError(ErrorType.VALUE, `${p.name} takes one value, not a range of ${v.width() * v.height()} cells`);
        }
        // Excel hands a range parameter (any[][]) a 2-D array even for one cell or a literal:
        // =F(C1) with C1 blank gives [[""]], not the null of an omitted argument.
        const args = raw.map((v, i) => {
          const p = f.parameters[Math.min(i, f.parameters.length - 1)];
          if (p.dimensionality !== "matrix" || v === undefined || v instanceof SimpleRangeValue || left[i]) return toExcelArg(v);
          return [[toExcelValue(v, true)]];
        });
        const call = args.slice(0, fixed);
        while (call.length < fixed) call.push(null);
        if (repeating) {
          const rest = args.slice(fixed);
          for (let r = 0; r < repeating; r++) call.push(rest.filter((_, i) => i % repeating === r));
        }
        let out: unknown;
        try {
          out = impl(...call);
        } catch (e) {
          return fromExcelValue(e instanceof Error && !(e as any).code ? { code: "#VALUE!", message: e.message } : e);
        }
        if (!spills) return fromExcelValue(out);
        if (!Array.isArray(out)) {
          sizes.seen.set(key, [1, 1]);
          return fromExcelValue(out);
        }
        const height = out.length;
        const width = Math.max(1, ...out.map((r: unknown[]) => r.length));
        sizes.seen.set(key, [width, height]);
        const [w, h] = sizes.get(key);
        const data = [];
        for (let r = 0; r < h; r++) {
          const row = [];
          for (let c = 0; c < w; c++) row.push(fromExcelValue(out[r]?.[c] ?? null));
          data.push(row);
        }
        return w === 1 && h === 1 ? data[0][0] : SimpleRangeValue.onlyValues(data as any);
      });
    };
    if (spills) {
      (CrmPlugin.prototype as any)[sizeMethod] = function (this: any, _ast: any, state: any) {
        const [w, h] = sizes.get(keyOf(state.formulaAddress));
        return new ArraySize(w, h);
      };
    }
  }
  (CrmPlugin as any).implementedFunctions = implemented;
  return { plugin: CrmPlugin, translations };
}

function inputCell(v: CellInput): unknown {
  if (typeof v === "string" && !v.startsWith("=") && serialFromISO(v) !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(v.trim())) {
    return serialFromISO(v); // Excel turns typed ISO dates into date serials
  }
  return v;
}

function outputCell(v: unknown): CellOutput {
  if (v instanceof DetailedCellError) return v.value;
  if (v === undefined) return null;
  return v as CellOutput;
}

export interface Evaluated {
  /** Every sheet's computed values, spills in place, errors as their text. */
  values: Record<string, CellOutput[][]>;
  /** Messages of error cells, by "Sheet!A1" address, where the function gave one. */
  messages: Record<string, string>;
}

const colName = (c: number): string => (c < 26 ? "" : colName(Math.floor(c / 26) - 1)) + String.fromCharCode(65 + (c % 26));

/**
 * A CRM-aware spreadsheet engine: build it once from the metadata and implementations, then
 * evaluate workbooks.
 */
export class CrmEngine {
  constructor(
    readonly functions: FunctionMeta[],
    readonly impls: Implementations,
  ) {}

  /** Evaluates sheets of raw cells (plus optional named expressions) as Excel would. */
  evaluate(sheets: Record<string, CellInput[][]>, names: Record<string, string> = {}): Evaluated {
    const hf = this.build(sheets, names);
    try {
      const values: Record<string, CellOutput[][]> = {};
      const messages: Record<string, string> = {};
      for (const name of Object.keys(sheets)) {
        const id = hf.getSheetId(name)!;
        const rows = hf.getSheetValues(id);
        values[name] = rows.map((row, r) =>
          row.map((v, c) => {
            if (v instanceof DetailedCellError && v.message) messages[`${name}!${colName(c)}${r + 1}`] = v.message;
            return outputCell(v);
          }),
        );
      }
      return { values, messages };
    } finally {
      hf.destroy();
    }
  }

  /** A live HyperFormula instance with the CRM functions, spills already sized. Caller destroys it. */
  build(sheets: Record<string, CellInput[][]>, names: Record<string, string> = {}): HyperFormula {
    patchRangeEdges();
    const sizes = new SpillSizes();
    const input = Object.fromEntries(Object.entries(sheets).map(([n, rows]) => [n, rows.map((r) => r.map(inputCell))]));
    for (let round = 0; round < 6; round++) {
      const { plugin, translations } = makePlugin(this.functions, this.impls, sizes);
      HyperFormula.registerFunctionPlugin(plugin as any, { enGB: translations, enUS: translations });
      let hf: HyperFormula | undefined;
      try {
        hf = HyperFormula.buildFromSheets(input as any, CONFIG as any);
        for (const [n, expr] of Object.entries(names)) hf.addNamedExpression(n, expr);
        for (const n of Object.keys(sheets)) hf.getSheetValues(hf.getSheetId(n)!);
      } finally {
        HyperFormula.unregisterFunctionPlugin(plugin as any);
      }
      if (sizes.settle() || round === 5) return hf;
      hf.destroy();
    }
    throw new Error("unreachable");
  }
}

/**
 * The sandbox for user-defined KPI expressions. Expressions come from shared workbooks, so they
 * are untrusted input.
 *
 * mathjs's security guidance names the risky parts of its expression parser: `import` and
 * `createUnit` (which change the library), `evaluate`, `parse`, `simplify`, `derivative` (which
 * reach the parser from inside an expression), and functions that build huge matrices or ranges.
 * This module goes further than disabling those: mathjs is used only to PARSE, from an instance
 * that holds nothing but the parser (`mathjs/number` with `parseDependencies`), and mathjs never
 * evaluates anything. The parsed tree is walked once and translated into a small tree of our own
 * that can only express numbers, the caller's names, arithmetic, comparisons, and/or/not, the
 * conditional, and an allow-list of pure functions; anything else is refused with a message.
 * Evaluation is our own interpreter over plain numbers, so no JavaScript object, prototype,
 * constructor or mathjs function is reachable from an expression.
 *
 * Work is bounded: the text's length, its bracket nesting (checked before parsing, since the
 * parser is recursive), the tree's node count and depth; there are no loops, ranges, matrices,
 * factorials or user functions; aggregates run over the given values only, each statistic of a
 * name computed at most once per evaluation.
 */
import { create, parseDependencies, type MathNode } from "mathjs/number";
import { badValue, divZero, badNumber, isMetricError, MetricError, Result } from "./errors";

/** Bounds on an expression (see the module comment for why each exists). */
export const KPI_LIMITS = {
  /** Characters in the expression. */
  length: 1000,
  /** Brackets open at once, checked on the text before the (recursive) parser sees it. */
  nesting: 30,
  /** Nodes in the parsed tree. */
  nodes: 500,
  /** Depth of the parsed tree. */
  depth: 100,
} as const;

/** Functions that take a name's whole list of values (a range stays a list inside them). */
export const AGGREGATES = ["sum", "mean", "median", "min", "max", "count"] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** Pure functions on single numbers, with the number of arguments each takes. */
const SCALAR_FUNCTIONS = {
  abs: [1, 1],
  round: [1, 2],
  floor: [1, 1],
  ceil: [1, 1],
  sqrt: [1, 1],
  exp: [1, 1],
  ln: [1, 1],
  log: [2, 2],
  log10: [1, 1],
  pow: [2, 2],
  if: [3, 3],
} as const satisfies Record<string, readonly [number, number]>;
export type ScalarFunction = keyof typeof SCALAR_FUNCTIONS;

/** Every function an expression may call, for messages and for the library's name check. */
export const KPI_FUNCTIONS: readonly string[] = [...AGGREGATES, ...Object.keys(SCALAR_FUNCTIONS)];

/**
 * Words the parser reads as operators or constants, which therefore cannot be input names
 * (`mod`, `and` …), plus the function names, so a name never shadows a function.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  ...KPI_FUNCTIONS,
  "mod", "to", "in", "and", "or", "xor", "not", "true", "false", "null", "undefined", "nan", "infinity", "end",
]);

/** An input name: a letter, then letters, digits or underscores (matched ignoring case). */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

type Binary = "add" | "subtract" | "multiply" | "divide" | "mod" | "pow";
type Compare = "equal" | "unequal" | "smaller" | "larger" | "smallerEq" | "largerEq";
type Logical = "and" | "or" | "xor";

/** The vetted tree: the only things an expression can mean once it passed the sandbox. */
export type KpiNode =
  | { kind: "number"; value: number }
  | { kind: "name"; name: string }
  | { kind: "negate"; arg: KpiNode }
  | { kind: "not"; arg: KpiNode }
  | { kind: "binary"; op: Binary; left: KpiNode; right: KpiNode; text: string }
  | { kind: "logical"; op: Logical; left: KpiNode; right: KpiNode }
  | { kind: "compare"; ops: Compare[]; args: KpiNode[] }
  | { kind: "conditional"; test: KpiNode; then: KpiNode; else: KpiNode }
  | { kind: "aggregate"; fn: Aggregate; args: KpiNode[]; text: string }
  | { kind: "call"; fn: ScalarFunction; args: KpiNode[]; text: string };

/** An expression that passed the sandbox, ready to evaluate any number of times. */
export interface SandboxedExpression {
  /** The text as given. */
  readonly text: string;
  readonly tree: KpiNode;
  /** The input names it uses, lower-cased, in order of first appearance. */
  readonly names: readonly string[];
  /** A whitespace- and case-insensitive form, for telling two definitions apart. */
  readonly canonical: string;
  /**
   * The names whose numbers an aggregate needs one by one (median's), lower-cased: every other
   * name may be given as a KpiSummary instead of its list.
   */
  readonly listed: readonly string[];
}

/** Only the parser: this instance has no evaluate, no units, no matrices to call into. */
const parser = create({ parseDependencies });

const OPERATORS: Record<string, Binary | Compare | Logical | "unaryMinus" | "unaryPlus" | "not"> = {
  add: "add", subtract: "subtract", multiply: "multiply", divide: "divide", mod: "mod", pow: "pow",
  equal: "equal", unequal: "unequal", smaller: "smaller", larger: "larger", smallerEq: "smallerEq", largerEq: "largerEq",
  and: "and", or: "or", xor: "xor", not: "not", unaryMinus: "unaryMinus", unaryPlus: "unaryPlus",
};
const COMPARES = new Set<string>(["equal", "unequal", "smaller", "larger", "smallerEq", "largerEq"]);
const LOGICALS = new Set<string>(["and", "or", "xor"]);

// Kept short: Excel shows the whole message in a small tooltip; the reference lists the details.
const ALLOWED_SUMMARY = "a KPI may use only numbers, its input names, arithmetic, comparisons, and/or/not, ?: and the listed functions (sum, mean, median, min, max, count, round …)";

const refuse = (what: string): MetricError => badValue(`expression: ${what}; ${ALLOWED_SUMMARY}`);

/** What a refused node is, in words a spreadsheet user recognises. */
function describe(node: MathNode): string {
  const text = clip(node.toString());
  switch (node.type) {
    case "AssignmentNode":
      return `"${text}" assigns a variable, which is not allowed`;
    case "FunctionAssignmentNode":
      return `"${text}" defines a function, which is not allowed`;
    case "AccessorNode":
    case "IndexNode":
      return `"${text}" reads a property or an element (with . or [ ]), which is not allowed`;
    case "ObjectNode":
      return `"${text}" builds an object ({ }), which is not allowed`;
    case "ArrayNode":
      return `"${text}" builds a list or matrix ([ ]), which is not allowed; pass ranges as inputs instead`;
    case "RangeNode":
      return `"${text}" builds a range of numbers (a:b), which is not allowed`;
    case "BlockNode":
      return `"${text}" holds several statements (separated by ; or a line break); a KPI is one expression`;
    default:
      return `"${text}" is not allowed`;
  }
}

function clip(text: string): string {
  return text.length > 60 ? text.slice(0, 57) + "…" : text;
}

/** Bracket nesting of the raw text, so a pathological input never reaches the recursive parser. */
function nestingOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "(" || ch === "[" || ch === "{") deepest = Math.max(deepest, ++depth);
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
  }
  return deepest;
}

/** Node count and depth, walked without recursion so a deep tree cannot overflow the stack. */
function sizeOf(root: MathNode): { nodes: number; depth: number } {
  let nodes = 0;
  let depth = 0;
  const stack: [MathNode, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    nodes++;
    depth = Math.max(depth, d);
    if (nodes > KPI_LIMITS.nodes) break;
    node.forEach((child: MathNode) => stack.push([child, d + 1]));
  }
  return { nodes, depth };
}

/** Translates one mathjs node into the vetted tree, or throws the refusal. */
function vet(node: MathNode, names: string[]): KpiNode {
  const n = node as any;
  switch (node.type) {
    case "ConstantNode": {
      const v = n.value;
      if (typeof v === "boolean") return { kind: "number", value: v ? 1 : 0 };
      if (typeof v !== "number") throw refuse(typeof v === "string" ? `text ("${clip(String(v))}") is not allowed` : `"${clip(node.toString())}" is not a number`);
      if (!Number.isFinite(v)) throw refuse(`"${clip(node.toString())}" is not a finite number`);
      return { kind: "number", value: v };
    }
    case "SymbolNode": {
      const name = String(n.name).toLowerCase();
      if (KPI_FUNCTIONS.includes(name)) throw refuse(`${n.name} is a function; call it with parentheses, as ${name}(…)`);
      if (!NAME_PATTERN.test(n.name)) throw refuse(`"${clip(n.name)}" is not a valid name`);
      if (!names.includes(name)) names.push(name);
      return { kind: "name", name };
    }
    case "ParenthesisNode":
      return vet(n.content, names);
    case "OperatorNode": {
      const fn = OPERATORS[n.fn];
      if (!fn) throw refuse(`the operator ${n.op} (in "${clip(node.toString())}") is not allowed`);
      if (n.implicit) throw refuse(`"${clip(node.toString())}" multiplies without *; write the * (for example 2 * won)`);
      const args = (n.args as MathNode[]).map((a) => vet(a, names));
      if (fn === "unaryMinus") return { kind: "negate", arg: args[0] };
      if (fn === "unaryPlus") return args[0];
      if (fn === "not") return { kind: "not", arg: args[0] };
      if (args.length !== 2) throw refuse(`"${clip(node.toString())}" is not allowed`);
      if (LOGICALS.has(fn)) return { kind: "logical", op: fn as Logical, left: args[0], right: args[1] };
      if (COMPARES.has(fn)) return { kind: "compare", ops: [fn as Compare], args };
      return { kind: "binary", op: fn as Binary, left: args[0], right: args[1], text: clip(n.args[1].toString()) };
    }
    case "RelationalNode": {
      const ops = n.conditionals as string[];
      if (!ops.every((c) => COMPARES.has(c))) throw refuse(`"${clip(node.toString())}" is not allowed`);
      return { kind: "compare", ops: ops as Compare[], args: (n.params as MathNode[]).map((a) => vet(a, names)) };
    }
    case "ConditionalNode":
      return { kind: "conditional", test: vet(n.condition, names), then: vet(n.trueExpr, names), else: vet(n.falseExpr, names) };
    case "FunctionNode": {
      // Only a plain name may be called: `a.b(…)`, `f(…)(…)` and the like never get here as calls.
      if (n.fn?.type !== "SymbolNode") throw refuse(describe(n.fn ?? node));
      const fn = String(n.fn.name).toLowerCase();
      const text = clip(node.toString());
      if ((AGGREGATES as readonly string[]).includes(fn)) {
        if (n.args.length === 0) throw refuse(`${fn}() needs at least one argument`);
        return { kind: "aggregate", fn: fn as Aggregate, args: (n.args as MathNode[]).map((a) => vet(a, names)), text };
      }
      if (fn in SCALAR_FUNCTIONS) {
        const [lo, hi] = SCALAR_FUNCTIONS[fn as ScalarFunction];
        if (n.args.length < lo || n.args.length > hi) {
          if (fn === "log" && n.args.length === 1) throw refuse(`log needs its base, as log(x, 10); use ln(x) for the natural logarithm`);
          throw refuse(`${fn} takes ${lo === hi ? lo : `${lo} or ${hi}`} argument${hi > 1 ? "s" : ""}, not ${n.args.length} (in "${text}")`);
        }
        return { kind: "call", fn: fn as ScalarFunction, args: (n.args as MathNode[]).map((a) => vet(a, names)), text };
      }
      throw refuse(NAME_PATTERN.test(n.fn.name) ? `${n.fn.name}(…) is not a function on the list (to multiply by ${n.fn.name}, write the *)` : `"${text}" is not allowed`);
    }
    default:
      throw refuse(describe(node));
  }
}

/** A stable text for the vetted tree, for comparing two definitions. */
function canonicalOf(node: KpiNode): string {
  switch (node.kind) {
    case "number":
      return String(node.value);
    case "name":
      return node.name;
    case "negate":
      return `(-${canonicalOf(node.arg)})`;
    case "not":
      return `(not ${canonicalOf(node.arg)})`;
    case "binary":
    case "logical":
      return `(${canonicalOf(node.left)} ${node.op} ${canonicalOf(node.right)})`;
    case "compare":
      return `(${node.args.map(canonicalOf).reduce((s, a, i) => `${s} ${node.ops[i - 1]} ${a}`)})`;
    case "conditional":
      return `(${canonicalOf(node.test)} ? ${canonicalOf(node.then)} : ${canonicalOf(node.else)})`;
    case "aggregate":
    case "call":
      return `${node.fn}(${node.args.map(canonicalOf).join(", ")})`;
  }
}

/**
 * Checks an expression against the sandbox and turns it into a tree ready to evaluate.
 * Anything outside the sandbox is #VALUE! with a message saying what was refused.
 * @example sandbox("won / (won + lost)") // => { names: ["won", "lost"], … }
 * @example sandbox('cos.constructor("return process")()') // => #VALUE! …
 */
export function sandbox(expression: string): Result<SandboxedExpression> {
  if (typeof expression !== "string") return badValue("expression must be text");
  const text = expression.trim();
  if (text === "") return badValue("expression is empty");
  if (text.length > KPI_LIMITS.length) return badValue(`expression is ${text.length} characters long; a KPI expression may have at most ${KPI_LIMITS.length}`);
  if (nestingOf(text) > KPI_LIMITS.nesting) return badValue(`expression nests brackets more than ${KPI_LIMITS.nesting} deep; split it into smaller KPIs`);
  let parsed: MathNode;
  try {
    parsed = parser.parse(text);
  } catch (e) {
    const why = e instanceof RangeError ? "it is too deeply nested" : e instanceof Error ? e.message : String(e);
    return badValue(`expression "${clip(text)}" cannot be read: ${why}`);
  }
  const size = sizeOf(parsed);
  if (size.nodes > KPI_LIMITS.nodes) return badValue(`expression has more than ${KPI_LIMITS.nodes} parts; split it into smaller KPIs`);
  if (size.depth > KPI_LIMITS.depth) return badValue(`expression is nested more than ${KPI_LIMITS.depth} levels deep; split it into smaller KPIs`);
  const names: string[] = [];
  try {
    const tree = vet(parsed, names);
    return { text: expression, tree, names, canonical: canonicalOf(tree), listed: listedOf(tree, []) };
  } catch (e) {
    if (isMetricError(e)) return e;
    throw e;
  }
}

/** Names passed directly to median, where a summary is not enough (depth is bounded by KPI_LIMITS). */
function listedOf(node: KpiNode, listed: string[]): string[] {
  switch (node.kind) {
    case "number":
    case "name":
      break;
    case "negate":
    case "not":
      listedOf(node.arg, listed);
      break;
    case "binary":
    case "logical":
      listedOf(node.left, listed);
      listedOf(node.right, listed);
      break;
    case "conditional":
      listedOf(node.test, listed);
      listedOf(node.then, listed);
      listedOf(node.else, listed);
      break;
    case "aggregate":
      for (const arg of node.args) {
        if (node.fn === "median" && arg.kind === "name" && !listed.includes(arg.name)) listed.push(arg.name);
        listedOf(arg, listed);
      }
      break;
    case "compare":
    case "call":
      for (const arg of node.args) listedOf(arg, listed);
      break;
  }
  return listed;
}

const COMPILED = new Map<string, Result<SandboxedExpression>>();
const COMPILED_MAX = 256;

/**
 * `sandbox`, remembered: Excel recalculates the same formula many times with the same text.
 * @example sandboxCached("won / (won + lost)") === sandboxCached("won / (won + lost)") // => true
 */
export function sandboxCached(expression: string): Result<SandboxedExpression> {
  let hit = COMPILED.get(expression);
  if (hit === undefined) {
    hit = sandbox(expression);
    if (COMPILED.size >= COMPILED_MAX) COMPILED.clear();
    COMPILED.set(expression, hit);
  }
  return hit;
}

/** The values of one input: a number, or a range's numbers with blanks already skipped. */
export type KpiValues = readonly number[];

/**
 * A range's numbers summarised (blanks skipped): enough for arithmetic and every aggregate but
 * median, without a list of a million numbers. `sum` must add the numbers in the range's order,
 * and min and max compare them as `<` and `>` do, so the results equal the list's.
 */
export interface KpiSummary {
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
}

const isSummary = (v: KpiValues | KpiSummary): v is KpiSummary => !Array.isArray(v) && typeof (v as KpiSummary).count === "number";

/** Statistics of one input, each computed at most once per evaluation. */
class Input {
  readonly count: number;
  private readonly list: KpiValues | undefined;
  private sumCache?: number;
  private minCache?: number;
  private maxCache?: number;
  private medianCache?: number;
  constructor(
    readonly name: string,
    values: KpiValues | KpiSummary,
  ) {
    if (isSummary(values)) {
      this.count = values.count;
      this.sumCache = values.sum;
      this.minCache = values.min;
      this.maxCache = values.max;
    } else {
      this.list = values;
      this.count = values.length;
    }
  }
  /** The numbers one by one; only names in the expression's `listed` need them. */
  get values(): KpiValues {
    if (this.list === undefined) throw new Error(`${this.name} was given as a summary, but median needs its numbers`);
    return this.list;
  }
  get sum(): number {
    if (this.sumCache === undefined) {
      let s = 0;
      const v = this.values;
      for (let i = 0; i < v.length; i++) s += v[i];
      this.sumCache = s;
    }
    return this.sumCache;
  }
  get min(): number {
    if (this.minCache === undefined) {
      let m = Infinity;
      const v = this.values;
      for (let i = 0; i < v.length; i++) if (v[i] < m) m = v[i];
      this.minCache = m;
    }
    return this.minCache;
  }
  get max(): number {
    if (this.maxCache === undefined) {
      let m = -Infinity;
      const v = this.values;
      for (let i = 0; i < v.length; i++) if (v[i] > m) m = v[i];
      this.maxCache = m;
    }
    return this.maxCache;
  }
  get median(): number {
    if (this.medianCache === undefined) {
      const v = this.values;
      const copy = new Float64Array(v.length);
      for (let i = 0; i < copy.length; i++) copy[i] = v[i];
      this.medianCache = medianInPlace(copy);
    }
    return this.medianCache;
  }
}

/** Relative tolerance for == and friends, as mathjs uses, so 0.1 + 0.2 == 0.3 holds. */
const REL_TOL = 1e-12;
function nearlyEqual(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= REL_TOL * Math.max(Math.abs(a), Math.abs(b));
}

function finite(x: number, what: string): number {
  if (!Number.isFinite(x)) throw badNumber(`${what} is not a finite number`);
  return x;
}

/** Excel's ROUND: half away from zero, after trimming binary noise (1.005 rounds to 1.01). */
function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  const scaled = Math.abs(x) * f;
  // Past 2^53 a double has no fraction left to round; scaling could only overflow it.
  if (!(scaled < 2 ** 53)) return x;
  return (Math.sign(x) * Math.round(Number(scaled.toPrecision(15)))) / f;
}

const truthy = (x: number): boolean => x !== 0;

/** One evaluation: the inputs by name, and where inside an aggregate we are (for messages). */
class Evaluation {
  constructor(readonly inputs: ReadonlyMap<string, Input>) {}

  input(name: string): Input {
    const input = this.inputs.get(name);
    if (!input) throw badValue(`the expression uses ${name}, which has no value; add "${name}" and its value to the formula`);
    if (input.count === 0) throw badValue(`${name} is empty; give it a number or a range with numbers`);
    return input;
  }

  /** A node as one number. `inAggregate` names the aggregate whose argument this is, if any. */
  value(node: KpiNode, inAggregate?: string): number {
    switch (node.kind) {
      case "number":
        return node.value;
      case "name": {
        const input = this.input(node.name);
        // Inside an aggregate, arithmetic on a range would silently use its total (mean(won /
        // lost) is not a per-row mean), so it is refused rather than giving a plausible number.
        if (inAggregate && input.count > 1) {
          throw badValue(`${inAggregate}: ${node.name} is a range of ${input.count} numbers used in arithmetic inside ${inAggregate.split("(")[0]}; pass a range directly, as ${inAggregate.split("(")[0]}(${node.name}), or use sum(${node.name}) for its total`);
        }
        return input.sum;
      }
      case "negate":
        return -this.value(node.arg, inAggregate);
      case "not":
        return truthy(this.value(node.arg, inAggregate)) ? 0 : 1;
      case "logical": {
        const left = truthy(this.value(node.left, inAggregate));
        if (node.op === "and" && !left) return 0;
        if (node.op === "or" && left) return 1;
        const right = truthy(this.value(node.right, inAggregate));
        return (node.op === "xor" ? left !== right : right) ? 1 : 0;
      }
      case "compare": {
        let left = this.value(node.args[0], inAggregate);
        for (let i = 0; i < node.ops.length; i++) {
          const right = this.value(node.args[i + 1], inAggregate);
          if (!compare(node.ops[i], left, right)) return 0;
          left = right;
        }
        return 1;
      }
      case "conditional":
        return truthy(this.value(node.test, inAggregate)) ? this.value(node.then, inAggregate) : this.value(node.else, inAggregate);
      case "binary":
        return this.binary(node.op, this.value(node.left, inAggregate), this.value(node.right, inAggregate), node.text);
      case "aggregate":
        return this.aggregate(node);
      case "call":
        return this.call(node, inAggregate);
    }
  }

  binary(op: Binary, a: number, b: number, divisor: string): number {
    switch (op) {
      case "add":
        return finite(a + b, "a sum in the expression");
      case "subtract":
        return finite(a - b, "a difference in the expression");
      case "multiply":
        return finite(a * b, "a product in the expression");
      case "divide":
        if (b === 0) throw divZero(`division by zero: ${divisor} is 0`);
        return finite(a / b, "a quotient in the expression");
      case "mod":
        if (b === 0) throw divZero(`mod by zero: ${divisor} is 0`);
        // Excel's MOD: the result has the divisor's sign.
        return finite(a - b * Math.floor(a / b), "a mod in the expression");
      case "pow":
        if (a === 0 && b < 0) throw divZero(`0 raised to the negative power ${b}`);
        // Excel's POWER(0, 0), which the KPI's native twin uses, is #NUM!.
        if (a === 0 && b === 0) throw badNumber("0 ^ 0 is not defined (Excel's POWER(0, 0) is #NUM!)");
        return finite(a ** b, `${a} ^ ${b}`);
    }
  }

  aggregate(node: Extract<KpiNode, { kind: "aggregate" }>): number {
    let count = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    const lists: (Input | number)[] = [];
    for (const arg of node.args) {
      if (arg.kind === "name") {
        const input = this.input(arg.name);
        count += input.count;
        if (node.fn === "sum" || node.fn === "mean") sum += input.sum;
        if (node.fn === "min") min = Math.min(min, input.min);
        if (node.fn === "max") max = Math.max(max, input.max);
        lists.push(input);
      } else {
        const x = this.value(arg, node.text);
        count++;
        sum += x;
        min = Math.min(min, x);
        max = Math.max(max, x);
        lists.push(x);
      }
    }
    switch (node.fn) {
      case "sum":
        return finite(sum, node.text);
      case "mean":
        return finite(sum / count, node.text);
      case "min":
        return min;
      case "max":
        return max;
      case "count":
        return count;
      case "median":
        return median(lists, count);
    }
  }

  call(node: Extract<KpiNode, { kind: "call" }>, inAggregate?: string): number {
    if (node.fn === "if") {
      return truthy(this.value(node.args[0], inAggregate)) ? this.value(node.args[1], inAggregate) : this.value(node.args[2], inAggregate);
    }
    const x = node.args.map((a) => this.value(a, inAggregate));
    const [a, b] = x;
    switch (node.fn) {
      case "abs":
        return Math.abs(a);
      case "floor":
        return Math.floor(a);
      case "ceil":
        return Math.ceil(a);
      case "round": {
        const digits = b ?? 0;
        if (!Number.isInteger(digits) || Math.abs(digits) > 15) throw badNumber(`${node.text}: round's digits must be a whole number from -15 to 15`);
        return roundTo(a, digits);
      }
      case "sqrt":
        if (a < 0) throw badNumber(`${node.text}: the square root of a negative number`);
        return Math.sqrt(a);
      case "exp":
        return finite(Math.exp(a), node.text);
      case "ln":
        if (a <= 0) throw badNumber(`${node.text}: the logarithm of a number that is not positive`);
        return Math.log(a);
      case "log10":
        if (a <= 0) throw badNumber(`${node.text}: the logarithm of a number that is not positive`);
        return Math.log10(a);
      case "log":
        if (a <= 0 || b <= 0 || b === 1) throw badNumber(`${node.text}: a logarithm needs a positive number and a positive base other than 1`);
        return Math.log(a) / Math.log(b);
      case "pow":
        return this.binary("pow", a, b, node.text);
    }
  }
}

function compare(op: Compare, a: number, b: number): boolean {
  const eq = nearlyEqual(a, b);
  switch (op) {
    case "equal":
      return eq;
    case "unequal":
      return !eq;
    case "smaller":
      return a < b && !eq;
    case "larger":
      return a > b && !eq;
    case "smallerEq":
      return a < b || eq;
    case "largerEq":
      return a > b || eq;
  }
}

/** Median over several lists (one list's median is computed once and kept). */
function median(lists: (Input | number)[], count: number): number {
  if (lists.length === 1 && typeof lists[0] !== "number") return lists[0].median;
  const pooled = new Float64Array(count);
  let k = 0;
  for (const l of lists) {
    if (typeof l === "number") pooled[k++] = l;
    else {
      const v = l.values;
      for (let i = 0; i < v.length; i++) pooled[k++] = v[i];
    }
  }
  return medianInPlace(pooled);
}

/**
 * The median of `a` (at least one finite number), rearranging it. Selection rather than sorting:
 * a typed-array sort of a million numbers takes a quarter of a second, selection a few ms.
 */
export function medianInPlace(a: Float64Array): number {
  const k = a.length >> 1;
  const upper = select(a, k);
  if (a.length % 2 === 1) return upper;
  // select leaves everything before k at most a[k]: the lower middle is the largest of those.
  let lower = -Infinity;
  for (let i = 0; i < k; i++) if (a[i] > lower) lower = a[i];
  const mid = (lower + upper) / 2;
  // Two middles near the largest double overflow when added; halved first they do not.
  return Number.isFinite(mid) ? mid : lower / 2 + upper / 2;
}

/**
 * The k-th smallest (0-based) of `a`, leaving a[0..k-1] ≤ a[k] ≤ a[k+1..]. Quickselect with a
 * median-of-three pivot and Hoare partitioning (fast with many equal values); if partitioning
 * fails to shrink the range quickly, the rest is sorted, so the worst case stays O(n log n).
 */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  let budget = 2 * Math.ceil(Math.log2(a.length + 1)) + 16;
  while (hi > lo) {
    if (budget-- === 0) {
      a.subarray(lo, hi + 1).sort();
      return a[k];
    }
    const mid = (lo + hi) >>> 1;
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[lo..j] ≤ pivot, a[j+1..i-1] = pivot, a[i..hi] ≥ pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/**
 * Evaluates a sandboxed expression over named values. A name's values are a number or a range's
 * numbers (blanks already skipped), or their KpiSummary when the expression does not list the name
 * (median needs the numbers themselves); in arithmetic a range counts as its sum, inside sum, mean,
 * median, min, max and count it stays a list. Names are matched ignoring case; names the
 * expression does not use are ignored. Division by zero is #DIV/0!, a result that is not a
 * finite number #NUM!, a used name without a value #VALUE!.
 * @example evaluateSandboxed(sandbox("won / (won + lost)"), new Map([["won", [3, 2]], ["lost", [5]]])) // => 0.5
 */
export function evaluateSandboxed(expression: SandboxedExpression, values: ReadonlyMap<string, KpiValues | KpiSummary>): Result<number> {
  const inputs = new Map<string, Input>();
  for (const [name, v] of values) inputs.set(name.toLowerCase(), new Input(name.toLowerCase(), v));
  try {
    const result = new Evaluation(inputs).value(expression.tree);
    return finite(result, "the result");
  } catch (e) {
    if (isMetricError(e)) return e;
    if (e instanceof RangeError) return badValue("expression is too complex to evaluate");
    throw e;
  }
}

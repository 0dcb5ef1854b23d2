import { expect } from "chai";
import fc from "fast-check";
import { evaluateSandboxed, KPI_LIMITS, medianInPlace, sandbox, SandboxedExpression } from "../../src/metrics/kpi-sandbox";
import { isMetricError, MetricError } from "../../src/metrics/errors";

/** The sandbox's verdict on an expression: the refusal, or the vetted expression. */
function refused(expression: string): MetricError {
  const r = sandbox(expression);
  if (!isMetricError(r)) throw new Error(`expected "${expression}" to be refused, but it passed as ${r.canonical}`);
  return r;
}

function passed(expression: string): SandboxedExpression {
  const r = sandbox(expression);
  if (isMetricError(r)) throw new Error(`expected "${expression}" to pass, but: ${r.message}`);
  return r;
}

function evaluate(expression: string, values: Record<string, number[]> = {}) {
  const r = evaluateSandboxed(passed(expression), new Map(Object.entries(values)));
  return r;
}

describe("KPI sandbox: known escape routes are refused with #VALUE! and a message", () => {
  // Each case: the hostile expression, and what the message must say about it.
  const hostile: [string, RegExp][] = [
    // Reaching JavaScript's Function constructor through a function's properties (mathjs CVE-2017).
    ['cos.constructor("return process")()', /cannot be read|not allowed/],
    ['cos.constructor("return process")', /reads a property/],
    ['sum.constructor("return this")', /reads a property/],
    ['[].map.constructor("return process")()', /cannot be read|not allowed/],
    ["[].map", /reads a property|builds a list/],
    // Strings and their prototypes.
    ['"abc".constructor', /reads a property/],
    ['"abc"', /text .* not allowed/],
    ["'abc'", /text .* not allowed/],
    ['won["__proto__"]', /reads a property or an element/],
    ["won.__proto__", /reads a property/],
    ['won["constructor"]["constructor"]("return process")()', /not allowed|cannot be read/],
    ["won.toString()", /reads a property/],
    ["toString()", /not a function on the list/],
    ["__proto__", /not a valid name/],
    // The parser and the library itself, from inside an expression.
    ['evaluate("1 + 1")', /evaluate\(…\) is not a function on the list/],
    ['parse("1 + 1")', /parse\(…\) is not a function on the list/],
    ['compile("1 + 1")', /not a function on the list/],
    ['simplify("x + x")', /not a function on the list/],
    ['derivative("x^2", "x")', /not a function on the list/],
    ['resolve("x")', /not a function on the list/],
    ["import({ sum: 1 }, { override: true })", /import\(…\) is not a function on the list/],
    ['createUnit("foo")', /not a function on the list/],
    ['reviver("x")', /not a function on the list/],
    ["chain(1)", /not a function on the list/],
    ["config({})", /config\(…\) is not a function on the list/],
    ["typeOf(won)", /not a function on the list/],
    ["help(sum)", /not a function on the list|is a function/],
    // Definitions and assignments.
    ["f(x) = x", /defines a function/],
    ["won = 1", /assigns a variable/],
    ["sum = 1", /assigns a variable/],
    ["won[1] = 2", /assigns a variable|reads a property/],
    // Structures built from nothing.
    ["matrix([1, 2])", /not allowed|not a function on the list/],
    ["[1, 2, 3]", /builds a list or matrix/],
    ["{a: 1}", /builds an object/],
    ["1:1e9", /builds a range/],
    ["sum(1:1e9)", /builds a range/],
    ["ones(1e6, 1e6)", /not a function on the list/],
    ["zeros(1e9)", /not a function on the list/],
    ["range(1, 1e9)", /not a function on the list/],
    // Several statements, units, factorials and operators outside arithmetic.
    ["won; lost", /several statements/],
    ["won\nlost", /several statements/],
    ["5 cm to inch", /multiplies without \*|operator to/],
    ["5 to inch", /operator to/],
    ["5!", /operator !/],
    ["factorial(1000000)", /not a function on the list/],
    ["gamma(171)", /not a function on the list/],
    ["won'", /operator '/],
    ["won & 1", /operator &/],
    ["won | 1", /operator \|/],
    ["~won", /operator ~/],
    ["won << 2", /operator <</],
    ["won ^| 1", /operator \^\|/],
    ["2 won", /multiplies without \*/],
    ["(won)(lost)", /multiplies without \*/],
    ["won(2)", /won\(…\) is not a function on the list/],
    ["sum", /is a function; call it with parentheses/],
    ["null", /not a number/],
    ["undefined", /not a number/],
    ["NaN", /not a finite number/],
    ["Infinity", /not a finite number/],
    ["1e400", /not a finite number/],
    ["log(won)", /log needs its base/],
    ["round(1, 2, 3)", /round takes 1 or 2 arguments/],
    ["sum()", /sum\(\) needs at least one argument/],
    ["", /empty/],
    ["   ", /empty/],
  ];
  for (const [expression, message] of hostile) {
    it(`refuses ${JSON.stringify(expression)}`, () => {
      const error = refused(expression);
      expect(error.code).to.equal("#VALUE!");
      expect(error.message).to.match(message);
    });
  }

  it("never hands out anything but a number, however the names are spelled", () => {
    // A name that happens to be a property of every object must be just an unknown input.
    for (const name of ["constructor", "toString", "valueOf", "hasOwnProperty", "prototype"]) {
      const r = evaluate(`${name} + 1`);
      expect(isMetricError(r) && r.message).to.match(new RegExp(`uses ${name.toLowerCase()}, which has no value`));
      expect(evaluate(`${name} + 1`, { [name.toLowerCase()]: [2] })).to.equal(3);
    }
  });
});

describe("KPI sandbox: bounded work", () => {
  it("refuses an expression longer than the limit", () => {
    const long = "1 + ".repeat(KPI_LIMITS.length / 4) + "1";
    expect(long.length).to.be.greaterThan(KPI_LIMITS.length);
    expect(refused(long).message).to.match(new RegExp(`${long.length} characters long; .* at most ${KPI_LIMITS.length}`));
  });
  it("refuses deep bracket nesting before the parser sees it (400 levels would overflow its stack)", () => {
    const deep = "(".repeat(400) + "1" + ")".repeat(400);
    expect(refused(deep).message).to.match(/nests brackets more than 30 deep/);
    expect(refused("(".repeat(31) + "1" + ")".repeat(31)).message).to.match(/nests brackets/);
    expect(sandbox("(".repeat(30) + "1" + ")".repeat(30))).to.not.be.instanceOf(MetricError);
  });
  it("refuses a tree deeper than the limit (a long chain of unary minus)", () => {
    expect(refused("-".repeat(150) + "1").message).to.match(/nested more than 100 levels/);
  });
  it("refuses a tree with too many parts", () => {
    // 333 terms of "1+" fit in 1,000 characters but make over 500 nodes … or nest too deep.
    expect(refused("1+".repeat(333) + "1").message).to.match(/more than 500 parts|nested more than 100/);
  });
  it("turns a huge power into #NUM!, not Infinity, and does no more work for it", () => {
    const started = Date.now();
    const r = evaluate("won ^ 1e308", { won: [10] });
    expect(isMetricError(r) && r.code).to.equal("#NUM!");
    expect(evaluate("2 ^ 2 ^ 2 ^ 2 ^ 2", {})).to.satisfy((x: unknown) => isMetricError(x) && x.code === "#NUM!");
    expect(Date.now() - started).to.be.lessThan(100);
  });
  it("computes each statistic of a range once, however often the expression uses it", () => {
    const values = Array.from({ length: 200_000 }, (_, i) => i % 1000);
    const many = Array.from({ length: 60 }, () => "median(won)").join(" + ");
    const started = Date.now();
    const r = evaluate(many, { won: values });
    expect(r).to.equal(60 * 499.5);
    expect(Date.now() - started).to.be.lessThan(2000);
  });
  it("never throws for any text: always a sandboxed expression or #VALUE!", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = sandbox(text);
        if (isMetricError(r)) expect(r.code).to.equal("#VALUE!");
        else expect(r.tree).to.be.an("object");
      }),
      { numRuns: 500 },
    );
  });
});

describe("KPI sandbox: what it allows", () => {
  it("reads the names used, lower-cased, in order of first use", () => {
    expect(passed("Won / (won + LOST)").names).to.deep.equal(["won", "lost"]);
  });
  it("gives the same canonical form to the same computation written differently", () => {
    expect(passed("won/(won+lost)").canonical).to.equal(passed("Won / ((won) + Lost)").canonical);
    expect(passed("won/(won+lost)").canonical).to.not.equal(passed("won/won+lost").canonical);
  });
  it("follows the usual precedence: powers before products before sums", () => {
    expect(evaluate("1 + 2 * 3 ^ 2", {})).to.equal(19);
    expect(evaluate("-2 ^ 2", {})).to.equal(-4);
    expect(evaluate("(1 + 2) * 3", {})).to.equal(9);
  });
  it("reads a percent sign as Excel does: 50% is 0.5", () => {
    expect(evaluate("won * 50%", { won: [8] })).to.equal(4);
  });
  it("uses Excel's MOD sign rule (the result takes the divisor's sign)", () => {
    expect(evaluate("-7 mod 3", {})).to.equal(2);
    expect(evaluate("7 mod -3", {})).to.equal(-2);
  });
  it("compares with a tolerance, so 0.1 + 0.2 == 0.3", () => {
    expect(evaluate("0.1 + 0.2 == 0.3", {})).to.equal(1);
    expect(evaluate("0.1 + 0.2 > 0.3", {})).to.equal(0);
    expect(evaluate("1 < 2 <= 2", {})).to.equal(1);
    expect(evaluate("1 < 2 < 2", {})).to.equal(0);
  });
  it("evaluates only the branch taken, so a guarded division is not #DIV/0!", () => {
    expect(evaluate("lost == 0 ? 1 : won / lost", { won: [3], lost: [0] })).to.equal(1);
    expect(evaluate("if(lost > 0, won / lost, 0)", { won: [3], lost: [0] })).to.equal(0);
    expect(evaluate("lost != 0 and won / lost > 1", { won: [3], lost: [0] })).to.equal(0);
    expect(evaluate("lost == 0 or won / lost > 1", { won: [3], lost: [0] })).to.equal(1);
  });
  it("rounds half away from zero like Excel's ROUND, also for 1.005", () => {
    expect(evaluate("round(2.5)", {})).to.equal(3);
    expect(evaluate("round(-2.5)", {})).to.equal(-3);
    expect(evaluate("round(1.005, 2)", {})).to.equal(1.01);
    expect(evaluate("round(1234, -2)", {})).to.equal(1200);
  });
  it("has ln, log10 and log with a base", () => {
    expect(evaluate("ln(exp(2))", {})).to.be.closeTo(2, 1e-12);
    expect(evaluate("log10(1000)", {})).to.be.closeTo(3, 1e-12);
    expect(evaluate("log(8, 2)", {})).to.be.closeTo(3, 1e-12);
  });
  it("maps failures to Excel's errors: #DIV/0! for division by zero, #NUM! for impossible math", () => {
    const code = (e: string, v: Record<string, number[]> = {}) => {
      const r = evaluate(e, v);
      return isMetricError(r) ? r.code : r;
    };
    expect(code("won / lost", { won: [1], lost: [0] })).to.equal("#DIV/0!");
    expect(code("won mod 0", { won: [1] })).to.equal("#DIV/0!");
    expect(code("0 ^ -1")).to.equal("#DIV/0!");
    expect(code("sqrt(-1)")).to.equal("#NUM!");
    expect(code("ln(0)")).to.equal("#NUM!");
    expect(code("exp(1000)")).to.equal("#NUM!");
    expect(code("1e308 * 10")).to.equal("#NUM!");
    expect(code("round(1, 0.5)")).to.equal("#NUM!");
  });
});

describe("medianInPlace", () => {
  const bySorting = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const k = s.length >> 1;
    return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
  };
  it("agrees with sorting for any numbers, duplicates included", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })), { minLength: 1, maxLength: 300 }), (xs) => {
        expect(medianInPlace(Float64Array.from(xs))).to.equal(bySorting(xs));
      }),
      { numRuns: 1000 },
    );
  });
  it("agrees with sorting on orders that defeat naive pivots: sorted, reversed, organ pipe, all equal", () => {
    const n = 100_001;
    const shapes: [string, (i: number) => number][] = [
      ["sorted", (i) => i],
      ["reversed", (i) => n - i],
      ["organ pipe", (i) => Math.min(i, n - i)],
      ["all equal", () => 7],
      ["two values", (i) => i % 2],
    ];
    for (const [label, f] of shapes) {
      const xs = Array.from({ length: n }, (_, i) => f(i));
      expect(medianInPlace(Float64Array.from(xs)), label).to.equal(bySorting(xs));
      expect(medianInPlace(Float64Array.from(xs.slice(1))), `${label}, even`).to.equal(bySorting(xs.slice(1)));
    }
  });
});

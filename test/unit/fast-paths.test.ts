/**
 * The fast paths of the range-taking functions (typed-array converters, per-table scorers,
 * one-pass spills) against the general paths they stand in for: same numbers to the last bit,
 * same errors with the same messages. The general paths carry the meaning; these tests fail as
 * soon as a fast path drifts from them.
 */
import { expect } from "chai";
import fc from "fast-check";
import { isMetricError, MetricError } from "../../src/metrics/errors";
import { DURATION_UNITS, healthScores, healthScoresOfGrid, LeadCell, leadScorer, leadScores, resolutionTime } from "../../src/metrics/experience";
import { expectedPurchases, expectedPurchasesFor, pAlive, pAliveFor } from "../../src/metrics/models/bgnbd";
import { evaluateSandboxed, KpiSummary, sandbox, SandboxedExpression } from "../../src/metrics/kpi-sandbox";
import { choiceOf, datesInPlace, flagOfText, flagsInPlace, isMissing, isOmitted, placedIn, textOf, textsInPlace, numbersGrid, numbersInPlace, numbersOf, numbersSummary, sameSize, sizeOf, widthOf, rowsOf, WON_WORDS } from "../../src/functions/args";
import { run } from "../../src/functions/excel";
import { SALESCYCLE } from "../../src/functions/sales";
import { salesCycle } from "../../src/metrics/sales";
import { runSpill, runTable, spillCell } from "../../src/functions/excel";
import { HEALTHSCORE, LEADSCORE, RESOLUTIONTIME } from "../../src/functions/experience";
import { PALIVE, PURCHASES } from "../../src/functions/predictive";

/** What a call gives, errors included, in a form deep.equal compares exactly (−0 and NaN kept apart). */
function outcome(f: () => unknown): unknown {
  const shown = (v: unknown): unknown => {
    if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v as ArrayLike<unknown>, shown);
    if (typeof v === "number") return Object.is(v, -0) ? "-0" : Number.isNaN(v) ? "NaN" : v;
    if (v && typeof v === "object" && "code" in v) return { code: (v as MetricError).code, message: (v as MetricError).message };
    return v;
  };
  try {
    return { value: shown(f()) };
  } catch (e) {
    return { thrown: shown(e) };
  }
}

const cell = fc.oneof(
  { weight: 6, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 5 }) },
  { weight: 2, arbitrary: fc.constantFrom("", null, "  ", -0) },
  { weight: 1, arbitrary: fc.constantFrom("x", true, NaN, Infinity, { code: "#N/A" }) },
);
/** A fresh copy of a range, as Excel hands every call its own. */
const copy = (rows: unknown[][]): any[][] => rows.map((row) => row.slice());

const range = fc.oneof(fc.array(fc.array(cell, { minLength: 1, maxLength: 3 }), { maxLength: 5 }), cell);

describe("fast paths", () => {
  it("numbersGrid holds numbersInPlace's numbers (NaN for null) and throws its errors", () => {
    fc.assert(
      fc.property(range, fc.constantFrom({}, { min: 0 }, { integer: true }), (arg, rules) => {
        const general = outcome(() => numbersInPlace(arg, "values", rules).map((v) => (v === null ? NaN : v)));
        expect(outcome(() => numbersGrid(arg, "values", rules))).to.deep.equal(general);
      }),
      { numRuns: 2000 },
    );
    expect(widthOf([[1, 2, 3], [4]])).to.equal(rowsOf([[1, 2, 3], [4]])[0].length);
    expect(widthOf([])).to.equal(0);
  });

  it("numbersSummary is numbersOf's count, sum in order, min and max, with its errors", () => {
    fc.assert(
      fc.property(range, (arg) => {
        const general = outcome(() => {
          const v = numbersOf(arg, "deals");
          let sum = 0;
          let min = Infinity;
          let max = -Infinity;
          for (const x of v) {
            sum += x;
            if (x < min) min = x;
            if (x > max) max = x;
          }
          return [v.length, sum, min, max];
        });
        expect(outcome(() => Object.values(numbersSummary(arg, "deals")))).to.deep.equal(general);
      }),
      { numRuns: 2000 },
    );
  });

  it("a KPI over summaries equals the KPI over the lists, and median's names are listed", () => {
    const summaryOf = (v: number[]): KpiSummary => numbersSummary([v], "x");
    const expressions = ["(max(a) - min(a)) / mean(a)", "a / (a + b)", "sum(a, b) / count(a)", "if(a > b, min(a, b), max(b, 2))", "mean(a) - mean(b)"];
    fc.assert(
      fc.property(fc.constantFrom(...expressions), fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: -9, max: 9 }), { maxLength: 4 }), (text, a, b) => {
        const expression = sandbox(text) as SandboxedExpression;
        expect(expression.listed).to.deep.equal([]);
        const lists = outcome(() => evaluateSandboxed(expression, new Map([["a", a], ["b", b]])));
        expect(outcome(() => evaluateSandboxed(expression, new Map([["a", summaryOf(a)], ["b", summaryOf(b)]])))).to.deep.equal(lists);
      }),
      { numRuns: 500 },
    );
    expect((sandbox("median(a, b) / mean(c) + median(A)") as SandboxedExpression).listed).to.deep.equal(["a", "b"]);
  });

  it("healthScoresOfGrid scores as healthScores does, −1 marking a row's #DIV/0!", () => {
    const table = fc.integer({ min: 1, max: 4 }).chain((cols) =>
      fc.tuple(
        fc.constant(cols),
        fc.array(fc.option(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 3 })), { nil: null }), { maxLength: cols * 6 }).map((v) => v.slice(0, v.length - (v.length % cols))),
        fc.array(fc.integer({ min: -3, max: 3 }), { minLength: cols, maxLength: cols }),
        fc.option(fc.array(fc.option(fc.integer({ min: -2, max: 5 }), { nil: null }), { minLength: cols, maxLength: cols }), { nil: undefined }),
      ),
    );
    fc.assert(
      fc.property(table, ([cols, values, weights, lower]) => {
        const general = healthScores(values, cols, weights, { lower });
        const grid = healthScoresOfGrid(Float64Array.from(values, (v) => (v === null ? NaN : v)), cols, weights, { lower });
        if (isMetricError(general)) {
          expect(outcome(() => grid)).to.deep.equal(outcome(() => general));
          return;
        }
        const shown = Array.from(grid as Float64Array, (s) => (Number.isNaN(s) ? null : s < 0 ? "#DIV/0!" : s));
        expect(shown).to.deep.equal(general.map((s) => (isMetricError(s) ? s.code : s)));
      }),
      { numRuns: 1000 },
    );
  });

  it("leadScorer scores each row as leadScores does, outer spaces or not", () => {
    const text = fc.constantFrom("SaaS", " saas ", "Retail", "x@GMAIL.com", "  ", "", "2024-10-01", "50", "true");
    const leadCell: fc.Arbitrary<LeadCell> = fc.oneof(text, fc.integer({ min: 0, max: 60 }), fc.constantFrom(null, true, 45600));
    const conditions = fc.constantFrom("=SaaS", "<>saas", "", "=", ">=50", "<=2024-10-01", "contains gmail", "50", "true");
    fc.assert(
      fc.property(fc.array(fc.array(leadCell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }), fc.array(fc.tuple(fc.constantFrom("a", "b"), conditions, fc.integer({ min: -5, max: 5 })), { maxLength: 3 }), (rows, rs) => {
        const rules = rs.map(([field, condition, points]) => ({ field, condition, points }));
        const general = leadScores(["a", "b", ...rows.flat()], 2, rules) as (number | null)[];
        const scorer = leadScorer([" A ", "b"], rules);
        if (isMetricError(scorer)) throw scorer;
        const padded = rows.map((row) => row.map((v) => (typeof v === "string" ? ` ${v}\t` : v)));
        expect(padded.map((row) => scorer.score(row, 0))).to.deep.equal(general);
        // The mask route LEADSCORE takes: the same score to the last bit, blank rows −1.
        expect(padded.map((row) => scorer.rulesMet(row, 0)).map((m) => (m < 0 ? null : scorer.pointsOf(m)))).to.deep.equal(general);
      }),
      { numRuns: 1000 },
    );
  });

  it("LEADSCORE's shared rows (up to 12 rules) and fresh rows (more) hold the general path's scores to the last bit", () => {
    const text = fc.constantFrom("SaaS", " saas ", "Retail", "x@GMAIL.com", "", "50");
    const leadCell = fc.oneof(text, fc.integer({ min: 0, max: 60 }), fc.constantFrom(null, true));
    const conditions = fc.constantFrom("=SaaS", "<>saas", "", ">=50", "contains gmail", "50");
    const points = fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constantFrom(0.1, 0.2, 0.3, 1e308));
    fc.assert(
      fc.property(fc.array(fc.array(leadCell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(fc.constantFrom("a", "b"), conditions, points), { minLength: 1, maxLength: 14 }), (rows, rs) => {
        const leads = [["a", "b"], ...rows];
        const general = leads.map((row) => row.map((v) => (v === null ? undefined : v)));
        expect(outcome(() => LEADSCORE(leads, rs))).to.deep.equal(outcome(() => LEADSCORE(general, rs)));
      }),
      { numRuns: 1000 },
    );
  });

  it("LEADSCORE scores a changed header or rule table afresh, however many it has seen", () => {
    const rules = [["city", "=Jakarta", 10], ["visits", ">5", 5]];
    const byCity = [["city", "visits"], ["Jakarta", 12], ["Bandung", 3]];
    // The same rules over a header with the columns swapped: a remembered scorer for the first
    // header would read visits as the city here.
    const swapped = [["visits", "city"], [12, "Jakarta"], [3, "Bandung"]];
    expect(LEADSCORE(copy(byCity), rules)).to.deep.equal([[15], [0]]);
    expect(LEADSCORE(copy(swapped), rules)).to.deep.equal([[15], [0]]);
    expect(outcome(() => LEADSCORE(copy([["town", "visits"], ["Jakarta", 12]]), rules))).to.have.nested.property("thrown.code", "#N/A");
    // More rule tables than are remembered, then the first again, with its points changed.
    for (let k = 0; k < 12; k++) expect(LEADSCORE(copy(byCity), [["visits", `>${k}`, 1]])).to.deep.equal([[12 > k ? 1 : 0], [3 > k ? 1 : 0]]);
    expect(LEADSCORE(copy(byCity), [["city", "=Jakarta", 10], ["visits", ">5", 7]])).to.deep.equal([[17], [0]]);
    expect(LEADSCORE(copy(byCity), rules)).to.deep.equal([[15], [0]]);
  });

  it("LEADSCORE does not take one remembered rule table for another that JSON would spell alike", () => {
    // A NaN condition means the text "NaN"; a blank one means any value. JSON writes both as null.
    const leads = () => [["city"], ["Jakarta"], ["NaN"], [""]];
    expect(LEADSCORE(leads(), [["city", NaN, 5]])).to.deep.equal([[0], [5], [""]]);
    expect(LEADSCORE(leads(), [["city", null, 5]])).to.deep.equal([[5], [5], [""]]);
    expect(LEADSCORE(leads(), [["city", NaN, 5]])).to.deep.equal([[0], [5], [""]]);
    expect(LEADSCORE([[NaN, "x"], [1, 2], [3, 4]], [["NaN", "", 7]])).to.deep.equal([[7], [7]]);
    expect(outcome(() => LEADSCORE([[null, "x"], [1, 2], [3, 4]], [["NaN", "", 7]]))).to.have.nested.property("thrown.code", "#N/A");
  });

  it("HEALTHSCORE scores one row array met at two places once, as the grid path does", () => {
    // Only a caller outside Excel can hand one row array twice; its score is the same at both.
    const a = [10, 1];
    expect(HEALTHSCORE([a, [20, 3], a], [[1, -1]])).to.deep.equal([[50], [50], [50]]);
    const b = [20];
    expect(HEALTHSCORE([b, [10], b, [30]], [[1]])).to.deep.equal([[50], [0], [50], [100]]);
  });

  it("LEADSCORE gives the same spill whether its table is scored in place or copied first", () => {
    const leads = [["industry", "employees", "email"], ["SaaS", 120, "a@gmail.com"], [null, null, null], [" retail ", 30, "b@corp.id"], ["saas", "", null]];
    const rules = [["industry", "=saas", 20], ["employees", ">=50", 15], ["email", "contains GMAIL", -10], ["email", "", 1]];
    // undefined cells send LEADSCORE down the general path (valuesInPlace), with the same meaning as null.
    const general = leads.map((row) => row.map((v) => (v === null ? undefined : v)));
    expect(LEADSCORE(leads, rules)).to.deep.equal([[26], [""], [1], [20]]);
    expect(LEADSCORE(general, rules)).to.deep.equal(LEADSCORE(leads, rules));
  });

  it("pAliveFor and expectedPurchasesFor give pAlive and expectedPurchases to the last bit, repeated customers included", () => {
    const p = fc.record({ r: fc.double({ min: 0.05, max: 3, noNaN: true }), alpha: fc.double({ min: 0.1, max: 20, noNaN: true }), a: fc.double({ min: 0.1, max: 3, noNaN: true }), b: fc.double({ min: 0.1, max: 5, noNaN: true }) });
    const customer = fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 })).map(([x, a, b]) => [x, x === 0 ? 0 : Math.min(a, b) / 7 + 1 / 7, Math.max(a, b) / 7 + 1 / 7] as const);
    fc.assert(
      fc.property(p, fc.array(customer, { minLength: 1, maxLength: 8 }), fc.constantFrom(0, 13, 52, 39.5), (params, customers, t) => {
        const alive = pAliveFor(params);
        const purchases = expectedPurchasesFor(params, t);
        for (const [x, tx, T] of [...customers, ...customers]) {
          expect(outcome(() => alive.at(x, tx, T))).to.deep.equal(outcome(() => pAlive(params, x, tx, T)));
          expect(outcome(() => purchases.at(x, tx, T))).to.deep.equal(outcome(() => expectedPurchases(params, x, tx, T, t)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("PALIVE and PURCHASES spill the same from columns (one pass) as from any other shape (general path)", () => {
    const params = [["r", 0.25], ["alpha", 4], ["a", 0.8], ["b", 2.5]];
    const x = [["frequency"], [0], [2], [null], [5], [1]];
    const tx = [["recency"], [0], [10.5], [""], [30], [1 / 7]];
    const T = [["T"], [20], [38], [null], [30], [60]];
    const flat = (col: unknown[][]) => col.map((r) => r[0]); // a plain list: rowsOf wraps each cell
    // Every call gets its own arrays, as from Excel: the one-pass spill is written into them.
    const alive = PALIVE(copy(x), copy(tx), copy(T), params);
    expect(alive[0]).to.deep.equal([""]);
    expect(alive[1]).to.deep.equal([1]);
    expect(alive[3]).to.deep.equal([""]);
    expect(alive.map((r) => r.length)).to.deep.equal([1, 1, 1, 1, 1, 1]);
    expect(PALIVE(flat(x) as any, copy(tx), copy(T), params)).to.deep.equal(alive);
    expect(PURCHASES(flat(x) as any, copy(tx), copy(T), params, 52)).to.deep.equal(PURCHASES(copy(x), copy(tx), copy(T), params, 52));
    // A bad cell after a good table is still found, with its place.
    const bad = [...x.slice(0, 5), ["two"]];
    expect(outcome(() => PALIVE(copy(bad), copy(tx), copy(T), params))).to.deep.equal(outcome(() => PALIVE(flat(bad) as any, copy(tx), copy(T), params)));
    // A table turned down after values were written gets its cells back, even a row array met twice.
    const shared = [10.5];
    const turnedDown = [[0], [0], 0]; // a bare 0 is no row: the general path wraps it
    const result = PURCHASES(turnedDown as any, [[0], [0], [0]], [shared, shared, [5]], params, 52);
    expect(shared).to.deep.equal([10.5]);
    expect(result).to.deep.equal(PURCHASES(flat([[0], [0], [0]]) as any, [[0], [0], [0]], [[10.5], [10.5], [5]], params, 52));
  });

  it("PALIVE and PURCHASES: the one-pass spill holds the general path's values, and a table it turns down reaches the general path untouched", () => {
    const params = [[0.25], [4], [0.8], [2.5]];
    // Whole and fractional numbers (rows V8 stores as small integers or as doubles), blanks, and
    // now and then a cell that sends the table down the general path.
    const customer = fc.oneof(
      { weight: 12, arbitrary: fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 200 })).map(([x, a, b]) => (x === 0 ? [0, 0, a / 7] : [x, (1 + a) / 7, (1 + a + b) / 7])) },
      { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 40 })).map(([x, a, b]) => [x, a, a + b]) },
      { weight: 2, arbitrary: fc.constantFrom([null, null, null], ["", " ", null]) },
      { weight: 1, arbitrary: fc.constantFrom([2, 30, 20], [1.5, 3, 4], ["two", 3, 4], [1, null, 4], [1, "3", 4]) },
    );
    fc.assert(
      fc.property(fc.array(customer, { minLength: 1, maxLength: 12 }), fc.boolean(), fc.constantFrom(13, 52), (rows, header, horizon) => {
        const table = header ? [["frequency", "recency", "T"], ...rows] : rows;
        const columns = () => [0, 1, 2].map((k) => table.map((row) => [row[k]]));
        const flat = () => table.map((row) => row[0]); // not rows: the general path
        for (const f of [(a: any[][], b: any[][], c: any[][]) => PALIVE(a, b, c, params), (a: any[][], b: any[][], c: any[][]) => PURCHASES(a, b, c, params, horizon)]) {
          const args = columns();
          const fast = outcome(() => f(args[0], args[1], args[2]));
          const [, tx, T] = columns();
          expect(fast).to.deep.equal(outcome(() => f(flat() as any, tx, T)));
          if ("thrown" in (fast as object)) expect(args).to.deep.equal(columns());
        }
      }),
      { numRuns: 500 },
    );
  });

  it("HEALTHSCORE scores the rows where they lie as the grid path scores them, bad cells and bounds included", () => {
    const value = fc.oneof(
      { weight: 5, arbitrary: fc.integer({ min: 0, max: 50 }) },
      { weight: 5, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(null, "", " ") },
      { weight: 1, arbitrary: fc.constantFrom<unknown>("x", "7", NaN, Infinity, true, { code: "#N/A" }, undefined) },
    );
    const bound = (w: number) => fc.option(fc.oneof(fc.array(fc.option(fc.integer({ min: -5, max: 60 }), { nil: null }), { minLength: w, maxLength: w }), fc.tuple(fc.integer({ min: -5, max: 60 }))), { nil: undefined });
    const table = fc.integer({ min: 1, max: 4 }).chain((w) =>
      fc.tuple(
        fc.array(fc.array(value, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: -3, max: 3 }), { minLength: w, maxLength: w }),
        bound(w),
        bound(w),
        fc.boolean(),
      ),
    );
    fc.assert(
      fc.property(table, ([rows, weights, lower, upper, ragged]) => {
        if (ragged && rows.length > 1) rows[rows.length - 1] = rows[rows.length - 1].slice(1);
        // The general path: the whole table into a grid first, then healthScoresOfGrid.
        const expected = outcome(() => {
          const scores = healthScoresOfGrid(numbersGrid(rows, "values"), widthOf(rows), weights, { lower, upper });
          if (isMetricError(scores)) throw scores;
          return Array.from(scores, (s) => [s !== s ? "" : s < 0 ? { code: "#DIV/0!", message: "" } : s]);
        });
        const args = copy(rows);
        const got = outcome(() => HEALTHSCORE(args, [weights], lower && [lower], upper && [upper]));
        // Excel shows messages with #VALUE! and #N/A only; compare codes for the others.
        const codesOnly = (o: any) => JSON.parse(JSON.stringify(o, (_, v) => (v && typeof v === "object" && (v.code === "#DIV/0!" || v.code === "#NUM!") ? { code: v.code } : v)));
        expect(codesOnly(got)).to.deep.equal(codesOnly(expected));
        // A table turned down is left as it came, for the general path to read.
        if ("thrown" in (got as object)) expect(args).to.deep.equal(rows);
      }),
      { numRuns: 2000 },
    );
  });

  it("datesInPlace and flagsInPlace read every cell of a column as the conventions say, repeats and blanks included", () => {
    // Whole columns remember each text's meaning and take "" as blank without a look-up; what
    // each cell must give, by the catalogue's conventions, is spelled out here.
    const dates = new Map<unknown, number | null | { error: string }>([
      [45382, 45382], [45382.5, 45382.5], [0, 0], [-1, { error: "#NUM!" }], ["2024-03-31", 45382], [" 2024-03-31 ", 45382],
      ["2024-13-01", { error: "#VALUE!" }], ["", null], ["  ", null], [null, null], ["soon", { error: "#VALUE!" }], [true, { error: "#VALUE!" }],
    ]);
    const flags = new Map<unknown, boolean | null | { error: string }>([
      ["Won", true], ["won", true], [" Lost ", false], ["menang", true], ["", null], ["  ", null], [null, null],
      [true, true], [false, false], ["maybe", { error: "#VALUE!" }], [1, true],
    ]);
    const whole = (cells: unknown[], read: (arg: unknown[][]) => unknown[]) => {
      try {
        return read(cells.map((v) => [v]));
      } catch (e) {
        return { error: (e as { code?: string }).code };
      }
    };
    for (const [meaning, read] of [
      [dates, (arg: unknown[][]) => datesInPlace(arg, "dates")],
      [flags, (arg: unknown[][]) => flagsInPlace(arg, "outcomes", WON_WORDS)],
    ] as const) {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...meaning.keys()), { maxLength: 12 }), (cells) => {
          const expected = cells.map((v) => meaning.get(v));
          const firstBad = expected.find((v) => v !== null && typeof v === "object");
          expect(whole(cells, read)).to.deep.equal(firstBad ?? expected);
        }),
        { numRuns: 1000 },
      );
    }
  });

  it("runSpill with spillCell gives runTable's table", () => {
    const cells = [1, Infinity, NaN, -Infinity, "", "x", new MetricError("#DIV/0!", "none"), new MetricError("#N/A", "missing"), 0, -0];
    const table = () => cells.map((v) => [v]);
    expect(outcome(() => runSpill(() => table().map((row) => row.map(spillCell))))).to.deep.equal(outcome(() => runTable(table)));
  });
  it("SALESCYCLE gives the general path's cycle or error, read in one pass or not", () => {
    // Mostly clean deals, so that many tables are taken whole by the one-pass reader, with every
    // kind of cell it must turn down mixed in.
    const date = fc.oneof(
      { weight: 40, arbitrary: fc.integer({ min: 45000, max: 45400 }) },
      { weight: 6, arbitrary: fc.constant("") },
      { weight: 1, arbitrary: fc.constantFrom(45100.5, 0, -0, -3, NaN, Infinity, 2958465.5, 2958466, 1e308, "  ", "2024-03-31", "2024-03-31T10:00:00Z", "2024-03-31T25:00", "soon", true, null, { code: "#N/A" }, { code: "#REF!" }) },
    );
    const won = fc.oneof(
      { weight: 40, arbitrary: fc.constantFrom("Won", "Lost", "won", " LOST ", "menang", "kalah", true, false, 1, 0) },
      { weight: 4, arbitrary: fc.constant("") },
      { weight: 1, arbitrary: fc.constantFrom(-0, 2, "  ", "maybe", null, { code: "#N/A" }) },
    );
    const column = (cell: fc.Arbitrary<unknown>) =>
      fc.oneof({ weight: 9, arbitrary: fc.array(cell.map((v) => [v])) }, { weight: 1, arbitrary: fc.array(fc.array(cell, { minLength: 1, maxLength: 2 })) });
    const general = (created: any[][], closed: any[][], given?: any[][]) =>
      run(() => {
        // Only an omitted outcomes argument is no outcomes; a range of blanks is given, and checked.
        const outcomes = isOmitted(given) ? undefined : given;
        sameSize([created, "created_dates"], [closed, "closed_dates"]);
        if (outcomes) sameSize([created, "created_dates"], [outcomes, "outcomes"]);
        return placedIn(salesCycle(datesInPlace(created, "created_dates"), datesInPlace(closed, "closed_dates"), outcomes ? flagsInPlace(outcomes, "outcomes", WON_WORDS) : null), created, closed, ...(outcomes ? [outcomes] : []));
      });
    let numbers = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 25 }), fc.boolean(), fc.infiniteStream(date), fc.infiniteStream(won), column(date), (n, withOutcomes, dates, wins, odd) => {
        // Same-size columns as a rule, whose closed dates follow their created ones as a rule.
        const created = [...dates.take(n)].map((v) => [v]);
        const closed = created.map(([v], k) => [typeof v === "number" && k % 3 !== 0 ? v + (k % 40) : k % 9 === 0 ? dates.next().value : ""]);
        // Open deals mostly without an outcome, as in a CRM export.
        const outcomes = withOutcomes ? closed.map(([v], k) => [v === "" && k % 5 !== 0 ? "" : wins.next().value]) : undefined;
        const shapes: [any[][], any[][], any[][] | undefined][] = [
          [created, closed, outcomes],
          [created, odd, outcomes],
        ];
        for (const [a, b, c] of shapes) {
          const expected = outcome(() => general(copy(a), copy(b), c && copy(c)));
          if (typeof (expected as { value?: unknown }).value === "number") numbers++;
          expect(outcome(() => SALESCYCLE(copy(a), copy(b), c && copy(c)))).to.deep.equal(expected);
        }
      }),
      { numRuns: 3000 },
    );
    // The tables above must include many the cycle can be worked out for, not only errors
    // (600 to 700 of them in a run; the bound leaves room for the random draw).
    expect(numbers).to.be.greaterThan(300);
  });

  it("SALESCYCLE reads a clean table's cycle (the one-pass path) as the catalogue defines it", () => {
    // created, closed, outcome: won deals of 30 and 40 days count; lost, open and blank rows do not.
    const created = [[45292], [45300], [45310], [45320], [""], [45330]];
    const closed = [[45322], [45340], [45320], [""], [""], [45335]];
    const outcomes = [["Won"], [" won "], ["Lost"], [""], [""], [true]];
    expect(SALESCYCLE(copy(created), copy(closed), copy(outcomes))).to.equal((30 + 40 + 5) / 3);
    expect(SALESCYCLE(copy(created), copy(closed))).to.equal((30 + 40 + 10 + 5) / 4);
    // A closed deal with no outcome, and a won deal not closed, are errors naming their row.
    expect(outcome(() => SALESCYCLE(copy(created), copy(closed), [["Won"], ["Won"], [""], [""], [""], [true]]))).to.deep.equal({
      thrown: { code: "#VALUE!", message: "row 3 is closed but outcomes is blank there; give won or lost" },
    });
    expect(outcome(() => SALESCYCLE(copy(created), copy(closed), [["Won"], ["Won"], ["Lost"], ["Won"], [""], [true]]))).to.deep.equal({
      thrown: { code: "#VALUE!", message: "row 4 is marked won in outcomes but closed_dates is blank there" },
    });
  });

  it("flagOfText reads flag text as flagsInPlace does, however many spellings it has met", () => {
    expect([" Won", "LOST", "  ", "", "maybe", "1", "0"].map((t) => flagOfText(t, WON_WORDS))).to.deep.equal([true, false, null, null, undefined, true, false]);
    // More spellings than it remembers: the rest are still read, not remembered wrongly.
    for (let i = 0; i < 5000; i++) flagOfText(`${" ".repeat(i % 7)}${i % 2 ? "WON" : "lost"}${" ".repeat(Math.floor(i / 7))}`, WON_WORDS);
    expect([" Won", "LOST", "menang ", " Kalah", "nope"].map((t) => flagOfText(t, WON_WORDS))).to.deep.equal([true, false, true, false, undefined]);
  });

  it("a hole in a range from a notebook is read as a blank cell, not a crash", () => {
    // Excel never sends sparse arrays; a Node caller can. Counted and read like [""].
    const holed = [[45000], , [45001]] as any[][];
    const filled = [[45000], [""], [45001]];
    expect(SALESCYCLE(holed, [[45010], [""], [45003]])).to.equal(SALESCYCLE(filled, [[45010], [""], [45003]]));
    expect(sizeOf(holed)).to.equal(3);
  });

  it("sizeOf counts the cells of any shape as rowsOf shapes it", () => {
    fc.assert(
      fc.property(fc.oneof(range, fc.array(fc.oneof(cell, fc.array(cell, { maxLength: 3 })), { maxLength: 5 })), (arg) => {
        expect(sizeOf(arg)).to.equal(rowsOf(arg).reduce((n, row) => n + row.length, 0));
      }),
      { numRuns: 1000 },
    );
  });
  it("RESOLUTIONTIME gives the general path's time or error, read in one pass or not, for one agent or all", () => {
    const time = fc.oneof(
      { weight: 40, arbitrary: fc.integer({ min: 45000 * 24, max: 45060 * 24 }).map((h) => h / 24) },
      { weight: 5, arbitrary: fc.constant("") },
      { weight: 1, arbitrary: fc.constantFrom(0, -0, -3, NaN, Infinity, 2958465.5, 2958466, 1e308, "  ", "2024-03-31", "2024-03-31T10:00:00Z", "2024-03-31T25:00", "soon", true, null, { code: "#N/A" }, { code: "#REF!" }) },
    );
    const name = fc.oneof(
      { weight: 40, arbitrary: fc.constantFrom("Rina", "Budi", "rina", " RINA ", "Sari", "Putri") },
      { weight: 4, arbitrary: fc.constant("") },
      { weight: 1, arbitrary: fc.constantFrom("  ", 42, null, true, { code: "#N/A" }) },
    );
    const general = (opened: any[][], resolved: any[][], agents: any[][] | undefined, agent: unknown, unit: unknown) =>
      run(() => {
        const named = !isOmitted(agents);
        sameSize([opened, "opened"], [resolved, "resolved"], ...(named ? ([[agents, "agents"]] as [any, string][]) : []));
        const time = resolutionTime(datesInPlace(opened, "opened"), datesInPlace(resolved, "resolved"), {
          agents: named ? textsInPlace(agents, "agents") : undefined,
          agent: isMissing(agent) ? undefined : textOf(agent, "agent"),
          unit: choiceOf(unit, "unit", DURATION_UNITS, "hours"),
        });
        return placedIn(time, opened, resolved, ...(named ? [agents] : []));
      });
    let numbers = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 25 }),
        fc.infiniteStream(time),
        fc.infiniteStream(name),
        fc.oneof({ weight: 6, arbitrary: fc.constantFrom(undefined, "Rina", " rina") }, { weight: 1, arbitrary: fc.constantFrom("", "Nobody", 7) }),
        fc.oneof({ weight: 6, arbitrary: fc.constantFrom(undefined, "hours", "days", "minutes") }, { weight: 1, arbitrary: fc.constant("weeks") }),
        fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        fc.array(time.map((v) => [v])),
        (n, times, names, agent, unit, withAgents, odd) => {
          const opened = [...times.take(n)].map((v) => [v]);
          // Resolved after opened as a rule, open now and then, anything at times.
          const resolved = opened.map(([v], k) => [typeof v === "number" && k % 4 !== 0 ? v + (k % 9) / 24 : k % 8 === 0 ? times.next().value : ""]);
          const agents = withAgents ? opened.map(() => [names.next().value]) : undefined;
          for (const [a, b] of [
            [opened, resolved],
            [opened, odd],
          ] as const) {
            const expected = outcome(() => general(copy(a), copy(b), agents && copy(agents), agent, unit));
            if (typeof (expected as { value?: unknown }).value === "number") numbers++;
            expect(outcome(() => RESOLUTIONTIME(copy(a), copy(b), agents && copy(agents), agent, unit))).to.deep.equal(expected);
          }
        },
      ),
      { numRuns: 3000 },
    );
    // 400 to 450 in a run; the bound leaves room for the random draw.
    expect(numbers).to.be.greaterThan(200);
  });

  it("RESOLUTIONTIME reads a clean table's time (the one-pass path) as the catalogue defines it", () => {
    // Rina's tickets took 6 and 12 hours; Budi's 3; the open one and the blank row do not count.
    const opened = [[45383.25], [45383.5], [45384], [45385], [""]];
    const resolved = [[45383.5], [45383.625], [45384.5], [""], [""]];
    const agents = [["Rina"], ["Budi"], [" rina "], ["Rina"], [""]];
    expect(RESOLUTIONTIME(copy(opened), copy(resolved), copy(agents), "RINA")).to.be.closeTo(9, 1e-9);
    expect(RESOLUTIONTIME(copy(opened), copy(resolved), copy(agents), "Budi", "minutes")).to.be.closeTo(180, 1e-9);
    expect(RESOLUTIONTIME(copy(opened), copy(resolved))).to.be.closeTo(7, 1e-9);
    expect(outcome(() => RESOLUTIONTIME(copy(opened), copy(resolved), copy(agents), "Nobody"))).to.deep.equal({
      thrown: { code: "#N/A", message: 'agent "Nobody" has no ticket in agents' },
    });
  });
});

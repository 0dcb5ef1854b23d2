/**
 * Customer experience functions: the Excel face of src/metrics/experience.ts.
 */
import { ces, columnRanges, csat, DURATION_UNITS, DurationUnit, HEALTH_NO_DATA, HealthBounds, healthScale, healthScore, healthScoresOfGrid, LeadCell, widenRange, LeadRule, leadRulesOf, leadScorer, leadScores, nps, addTicket, resolutionOf, resolutionTime, SameText } from "../metrics/experience";
import { badNumber, badValue, divZero, MetricError } from "../metrics/errors";
import { cellError, choiceOf, datesInPlace, placedIn, isBlank, isMissing, isOmitted, numberOf, numbersGrid, numbersInPlace, numbersOf, plainDate, rowsOf, sameSize, textOf, textsInPlace, valuesInPlace, widthOf } from "./args";
import { run, runSpill, runTable, spillCell } from "./excel";
import { keyOf, Remembered } from "./remembered";

/**
 * Net Promoter Score of survey answers: % promoters minus % detractors, from -100 to 100.
 * @customfunction NPS
 * @param scores Survey answers, one per cell (0–10, or 1–5 with scale 5). Blanks are skipped.
 * @param [scale] The survey's scale: 10 (default, answers 0–10) or 5 (answers 1–5).
 * @returns The score, from -100 to 100.
 */
export function NPS(scores: any[][], scale?: any): number {
  return run(() => {
    const s = numberOf(scale, "scale", {}, 10);
    if (s !== 10 && s !== 5) throw badNumber(`scale is ${s}; use 10 or 5`);
    return nps(numbersOf(scores, "scores"), s);
  });
}

/**
 * Customer satisfaction (CSAT): the share of survey answers in the top two boxes of the scale.
 * @customfunction CSAT
 * @param scores Survey answers, one per cell, from 1 to scale (points). Blanks are skipped.
 * @param [scale] Number of points on the survey scale (default 5, where 4 and 5 are the top two boxes).
 * @returns The share of satisfied answers, a fraction from 0 to 1.
 */
export function CSAT(scores: any[][], scale?: any): number {
  return run(() => csat(numbersOf(scores, "scores"), numberOf(scale, "scale", {}, 5)));
}

/**
 * Customer effort score (CES): the average survey answer on the effort scale.
 * @customfunction CES
 * @param scores Survey answers, one per cell, from 1 to scale (points). Blanks are skipped.
 * @param [scale] Number of points on the survey scale (default 7).
 * @returns The average answer, in points from 1 to scale.
 */
export function CES(scores: any[][], scale?: any): number {
  return run(() => ces(numbersOf(scores, "scores"), numberOf(scale, "scale", {}, 7)));
}

/**
 * Average time to resolve the tickets that are resolved, for all agents or one.
 * @customfunction RESOLUTIONTIME
 * @param opened Date and time each ticket was opened (date-time cells or ISO text).
 * @param resolved Date and time each ticket was resolved (date-time cells or ISO text); blank while open.
 * @param [agents] Each ticket's agent (text), parallel to opened.
 * @param [agent] Only this agent's tickets (text, matched ignoring case).
 * @param [unit] Unit of the result: "hours" (default), "days" or "minutes".
 * @returns The average resolution time, in unit.
 */
export function RESOLUTIONTIME(opened: any[][], resolved: any[][], agents?: any[][], agent?: any, unit?: any): number {
  return run(() => {
    const named = !isOmitted(agents);
    // Columns the fast path takes are the same size; otherwise sizes are checked first, as ever.
    const fast = resolutionOfColumns(opened, resolved, named ? agents : undefined, agent, unit);
    if (fast !== undefined) return fast;
    sameSize([opened, "opened"], [resolved, "resolved"], ...(named ? ([[agents, "agents"]] as [any, string][]) : []));
    const time = resolutionTime(datesInPlace(opened, "opened"), datesInPlace(resolved, "resolved"), {
      agents: named ? textsInPlace(agents, "agents") : undefined,
      agent: isMissing(agent) ? undefined : textOf(agent, "agent"),
      unit: choiceOf(unit, "unit", DURATION_UNITS, "hours"),
    });
    return placedIn(time, opened, resolved, ...(named ? [agents] : []));
  });
}

/**
 * RESOLUTIONTIME on the usual columns, read in one pass: one-cell rows of equal count, dates as
 * serial numbers or "", agents as text, and every ticket passing ticketFault (addTicket counts
 * them as resolutionTime does). On a million tickets the general path's arrays, and the
 * passes that fill and read them, cost more than reading the cells. Anything else (ISO text, a bad
 * cell, a bad agent or unit, an agent with no resolved ticket) returns undefined, and the general
 * path reads the columns again and reports what it finds, in its order.
 */
function resolutionOfColumns(opened: unknown, resolved: unknown, agents: unknown, agent: unknown, unit: unknown): number | undefined {
  if (!Array.isArray(opened) || !Array.isArray(resolved)) return undefined;
  const n = opened.length;
  const named = agents !== undefined;
  if (resolved.length !== n || (named && (!Array.isArray(agents) || agents.length !== n))) return undefined;
  let who: string | undefined;
  let per: DurationUnit;
  try {
    who = isMissing(agent) ? undefined : textOf(agent, "agent");
    per = choiceOf(unit, "unit", DURATION_UNITS, "hours");
  } catch {
    return undefined;
  }
  if (who !== undefined && !named) return undefined;
  const names = agents as unknown[];
  const wanted = who === undefined ? undefined : matchers.get(who, () => new SameText(who!));
  const sums = new Float64Array(3);
  for (let k = 0; k < n; k++) {
    const or = opened[k];
    const rr = resolved[k];
    if (!Array.isArray(or) || or.length !== 1 || !Array.isArray(rr) || rr.length !== 1) return undefined;
    const o = plainDate(or[0]);
    const r = plainDate(rr[0]);
    if (o === undefined || r === undefined) return undefined;
    let theirs = true;
    if (named) {
      const ar = names[k];
      if (!Array.isArray(ar) || ar.length !== 1) return undefined;
      const a = ar[0];
      // Text only: numbers, errors and the like are the general path's to read or report.
      if (typeof a !== "string") return undefined;
      if (wanted !== undefined) theirs = a !== "" && wanted.test(a);
    }
    if (addTicket(sums, o, r, theirs) !== 0) return undefined;
  }
  const time = resolutionOf(sums, per, who);
  return typeof time === "number" ? time : undefined;
}

/** RESOLUTIONTIME's agent matchers by agent text (see Remembered): fresh ones lost the loop's optimised code on every call. */
const matchers = new Remembered<SameText>(8);

/**
 * Customer health scores from 0 to 100, one per row of values: columns scaled between bounds and averaged with weights.
 * @customfunction HEALTHSCORE
 * @param values One row per customer, one column per signal (numbers: usage, adoption, CSAT, NPS, tickets …).
 * @param weights One weight per column (any unit; a negative weight means more is worse).
 * @param [lower] Lowest value of each column's scale (same unit as the column); blank: the column's own minimum.
 * @param [upper] Highest value of each column's scale (same unit as the column); blank: the column's own maximum.
 * @returns {any[][]} One score per row of values, from 0 to 100, in one column.
 */
export function HEALTHSCORE(values: any[][], weights: any[][], lower?: any[][], upper?: any[][]): any[][] {
  return runSpill(() => {
    const bounds = { lower: isMissing(lower) ? undefined : numbersInPlace(lower, "lower"), upper: isMissing(upper) ? undefined : numbersInPlace(upper, "upper") };
    const fast = healthInPlace(values, weights, bounds);
    if (fast) return fast;
    const scores = healthScoresOfGrid(numbersGrid(values, "values"), widthOf(values), weightsOf(weights), bounds);
    return scores instanceof MetricError ? scores : healthColumn(scores, values);
  });
}

/**
 * HEALTHSCORE on the usual table, scored where it lies: rows of one width whose cells are finite
 * numbers or blank. One pass finds each column's own range, a second scores each row and writes
 * the score into the row's first cell (see healthColumn), with no grid of millions of cells
 * between them: building and reading one cost more than reading the rows twice. Anything else
 * (text, errors, ragged rows, a bound that does not fit) returns undefined with the table
 * untouched, and the general path runs and reports what it finds; a bad weights range throws
 * the general path's error.
 */
function healthInPlace(values: unknown, weights: unknown, bounds: HealthBounds): unknown[][] | undefined {
  if (!Array.isArray(values) || values.length === 0 || !Array.isArray(values[0])) return undefined;
  const rows = values as unknown[][];
  const width = rows[0].length;
  // One column: a row cut to its score would look like a row still to score (see below).
  if (width < 2) return undefined;
  const own = columnRanges(width);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!Array.isArray(row) || row.length !== width) return undefined;
    for (let j = 0; j < width; j++) {
      const v = row[j];
      if (typeof v === "number") {
        if (v - v !== 0) return undefined;
        widenRange(own, width, j, v);
      } else if (!isBlank(v)) return undefined;
    }
  }
  // Read after the values, as the general path reads them: its error, if any, is the same.
  const scale = healthScale(own, weightsOf(weights), bounds);
  if (scale instanceof MetricError) return undefined;
  const noData = divZero(HEALTH_NO_DATA);
  const cells = new Float64Array(width);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    // Already cut to its score: one row array standing at two places (a caller outside Excel),
    // whose cells, and so whose score, are the same at both.
    if (row.length !== width) continue;
    for (let j = 0; j < width; j++) {
      const v = row[j];
      cells[j] = typeof v === "number" ? v : NaN;
    }
    putScore(row, healthScore(scale, cells, 0), noData);
  }
  return rows;
}

/**
 * The spill of healthScoresOfGrid: a score per row, blank for NaN, the row's #DIV/0! for −1.
 * Each score goes into the first cell of its own row of values, cut to that cell: Excel hands a
 * custom function fresh arrays for every call (it sends them as JSON), so once the scores are
 * computed those rows are the function's to reuse, and a million fresh one-cell rows cost more
 * (V8 moving them through its young generation) than scoring the table.
 */
function healthColumn(scores: Float64Array, values: unknown): unknown[][] {
  const noData = divZero(HEALTH_NO_DATA);
  const reuse = Array.isArray(values) && values.length === scores.length;
  const out: unknown[][] = reuse ? (values as unknown[][]) : new Array(scores.length);
  for (let r = 0; r < scores.length; r++) {
    const s = scores[r];
    const row = reuse ? out[r] : undefined;
    if (Array.isArray(row) && row.length > 0) putScore(row, s, noData);
    // Separate literals, so the common one holds a bare double rather than a boxed one.
    else out[r] = s !== s ? [""] : s < 0 ? [spillCell(noData)] : s - s === 0 ? [s] : [spillCell(s)];
  }
  return out;
}

/** Puts a health score (NaN: blank row, −1: no data) into the first cell of its row of values and cuts the row to that cell. */
function putScore(row: unknown[], s: number, noData: MetricError): void {
  row[0] = s !== s ? "" : s < 0 ? spillCell(noData) : s - s === 0 ? s : spillCell(s);
  // pop() stays in optimised code; setting length calls into the runtime, as dear as a fresh row.
  while (row.length > 1) row.pop();
}

/** Weights in place: a blank weight would shift the others onto the wrong columns. */
function weightsOf(weights: unknown): number[] {
  const w = numbersInPlace(weights, "weights");
  const gap = w.indexOf(null);
  if (gap >= 0) throw badValue(`weights cell ${gap + 1} is blank; give every column a weight (0 leaves it out)`);
  return w as number[];
}

/**
 * Lead scores: for each lead, the sum of the points of the scoring rules it meets.
 * @customfunction LEADSCORE
 * @param leads The leads table with its header row (field names), one lead per row below it.
 * @param rules Three columns: field (a header name), condition (=x, <>x, >n, >=n, <n, <=n, contains x, or blank for any value), points (number).
 * @returns {any[][]} One score per lead, in points, in one column aligned with the leads' rows.
 */
export function LEADSCORE(leads: any[][], rules: any[][]): any[][] {
  return runSpill(() => {
    if ((rowsOf(rules)[0]?.length ?? 0) !== 3) throw badValue("rules needs three columns: field, condition, points");
    const parsed = leadRulesOf(valuesInPlace(rules, "rules"));
    if (parsed instanceof MetricError) return parsed;
    const fast = leadsInPlace(leads, parsed);
    if (fast) return fast;
    const { table, errors } = leadErrors(rowsOf(leads), parsed);
    const scores = leadScores(valuesInPlace(table, "leads"), table[0]?.length ?? 0, parsed);
    if (scores instanceof MetricError) return scores;
    const out: unknown[][] = new Array(scores.length);
    for (let r = 0; r < scores.length; r++) out[r] = errors.has(r + 1) ? [spillCell(errors.get(r + 1))] : scoreRow(scores[r]);
    return out;
  });
}

/**
 * Error cells of the lead rows, taken out: the table with each of them blank, and the first
 * error of each row in a column the rules read (every column when the rules do not fit the
 * header, which leadScores then reports), by row index.
 * A lead with such an error shows it in its place of the spill, as a formula per row reading those
 * cells would, and the other leads are still scored; an error in a column no rule reads changes
 * nothing. An error in the header row is left in, and fails the whole spill (no field can be
 * trusted to be where it was).
 */
function leadErrors(rows: unknown[][], rules: LeadRule[]): { table: unknown[][]; errors: Map<number, MetricError> } {
  const errors = new Map<number, MetricError>();
  let table = rows;
  // Which columns the rules read, worked out only once a lead holds an error.
  let read: ReadonlySet<number> | null | undefined;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < row.length; c++) {
      const error = cellError(row[c], "leads", r, c);
      if (!error) continue;
      if (table === rows) table = rows.slice();
      if (table[r] === row) table[r] = row.slice();
      table[r][c] = null;
      if (read === undefined) {
        const scorer = leadScorer(rows[0] as LeadCell[], rules);
        read = scorer instanceof MetricError ? null : scorer.columns;
      }
      if (!errors.has(r) && (read === null || read.has(c))) errors.set(r, error);
    }
  }
  return { table, errors };
}

/** A score's row in the spill: blank for null, #NUM! for a sum that overflowed. */
const scoreRow = (s: number | null): unknown[] => (s === null ? [""] : s - s === 0 ? [s] : [spillCell(s)]);

/**
 * LEADSCORE on the usual table, scored where it lies: rows of one width holding numbers, text,
 * TRUE/FALSE and blanks (null), with rules that fit its header. valuesInPlace would copy every
 * cell into one array of millions (trimming text, which no condition sees) before a single lead
 * is scored. Anything else returns undefined, and the full path runs and reports what it finds.
 */
function leadsInPlace(leads: unknown, rules: LeadRule[]): unknown[][] | undefined {
  if (!Array.isArray(leads) || leads.length < 2) return undefined;
  const header = leads[0];
  if (!Array.isArray(header) || header.length === 0 || !plainCells(header)) return undefined;
  const scorer = scorers.get(keyOf([header, rules]), () => leadScorer(header as LeadCell[], rules));
  if (scorer instanceof MetricError) return undefined;
  const out: unknown[][] = new Array(leads.length - 1);
  // A lead's score depends only on which rules it meets, so (up to SHARED_ROW_RULES rules) leads
  // meeting the same rules share one spill row: a million fresh one-cell arrays cost more (in
  // garbage collection) than scoring the leads. Excel reads the rows, never changes them.
  const shared: (unknown[] | undefined)[] | undefined = scorer.size <= SHARED_ROW_RULES ? new Array(1 << scorer.size) : undefined;
  const blankRow = [""];
  for (let r = 1; r < leads.length; r++) {
    const row = leads[r];
    if (!Array.isArray(row) || row.length !== header.length || !plainCells(row)) return undefined;
    if (!shared) out[r - 1] = scoreRow(scorer.score(row, 0));
    else {
      const mask = scorer.rulesMet(row, 0);
      out[r - 1] = mask < 0 ? blankRow : (shared[mask] ??= scoreRow(scorer.pointsOf(mask)));
    }
  }
  return out;
}

/**
 * leadScorer by header and rule table (cells are numbers, text, TRUE/FALSE and blanks, which
 * keyOf tells apart): a sheet recalculates the same LEADSCORE over and over (see Remembered).
 */
const scorers = new Remembered<ReturnType<typeof leadScorer>>(8);

/** Up to this many rules, spill rows are shared by rule mask (2^12 rows at most). */
const SHARED_ROW_RULES = 12;

/** True when every cell is a number, text, TRUE/FALSE or null: what valuesInPlace keeps (text trimmed). */
function plainCells(row: unknown[]): boolean {
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (v !== null && typeof v !== "number" && typeof v !== "string" && typeof v !== "boolean") return false;
  }
  return true;
}

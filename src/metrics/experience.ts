/**
 * Customer experience metrics: survey scores, service times, health and lead scores. Pure math,
 * no Office: every function takes plain arrays and returns a value or a MetricError.
 */
import { serialFromISO } from "./dates";
import { badNumber, badValue, divZero, MetricError, notFound, Result } from "./errors";
import { mayHaveOuterSpace } from "./text";

/** Survey scales supported by NPS: the usual 0–10, or seed 002's 1–5 survey. */
export type NpsScale = 5 | 10;

/**
 * Net Promoter Score: % promoters − % detractors, from -100 to 100.
 * On the 0–10 scale promoters answer 9–10 and detractors 0–6; on the 1–5 scale 4–5 and 1–2.
 * A score outside the scale is #NUM!; no answers at all is #DIV/0!.
 * @example nps([10, 9, 9, 8, 7, 6, 0, 10, 5, 9]) // => 20
 */
export function nps(scores: readonly number[], scale: NpsScale = 10): Result<number> {
  const [lo, promoterFrom, detractorTo] = scale === 10 ? [0, 9, 6] : [1, 4, 2];
  let promoters = 0;
  let detractors = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (!(s >= lo && s <= scale)) return badNumber(`score ${s} is outside the ${lo}–${scale} scale`);
    // Counted without branching on the answer: answers come in no order, and a mispredicted branch
    // per answer cost five times the rest of the loop.
    promoters += +(s >= promoterFrom);
    detractors += +(s <= detractorTo);
  }
  if (scores.length === 0) return divZero("there are no survey answers");
  return ((promoters - detractors) / scores.length) * 100;
}

/** A 1..scale survey scale must be a whole number of points, at least `least`. */
function checkScale(scale: number, least: number): MetricError | undefined {
  if (!Number.isInteger(scale) || scale < least) return badNumber(`scale is ${scale}; a whole number of points from ${least} up is needed`);
  return undefined;
}

/**
 * Customer satisfaction (CSAT): the share of top-two-box answers on a 1..scale survey, a
 * fraction from 0 to 1. Top two box = scale − 1 and above (4–5 on the default 5-point scale).
 * A score outside 1..scale is #NUM!; a scale that is not a whole number ≥ 3 is #NUM! (on a
 * 2-point scale every answer would be "top two"); no answers is #DIV/0!.
 * @example csat([5, 4, 3, 5, 2]) // => 0.6
 */
export function csat(scores: readonly number[], scale = 5): Result<number> {
  const bad = checkScale(scale, 3);
  if (bad) return bad;
  const topFrom = scale - 1;
  let top = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (!(s >= 1 && s <= scale)) return badNumber(`score ${s} is outside the 1–${scale} scale`);
    top += +(s >= topFrom); // no branch on the answer: see nps
  }
  if (scores.length === 0) return divZero("there are no survey answers");
  return top / scores.length;
}

/**
 * Customer effort score (CES): the average answer on a 1..scale survey (default 7 points).
 * A score outside 1..scale is #NUM!; a scale that is not a whole number ≥ 2 is #NUM!; no
 * answers is #DIV/0!.
 * @example ces([2, 3, 5, 6]) // => 4
 */
export function ces(scores: readonly number[], scale = 7): Result<number> {
  const bad = checkScale(scale, 2);
  if (bad) return bad;
  let sum = 0;
  for (const s of scores) {
    if (!(s >= 1 && s <= scale)) return badNumber(`score ${s} is outside the 1–${scale} scale`);
    sum += s;
  }
  if (scores.length === 0) return divZero("there are no survey answers");
  return sum / scores.length;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Tests text for equality with `text` ignoring case and outer spaces. Hot path over million-row
 * columns, so no string is made per cell: exact hits first, then a memo (CRM columns such as agent
 * or industry hold few distinct values), then a case-insensitive pattern, which (without the u
 * flag) only matches strings of the same length unless there are outer spaces. A class, not a
 * closure: a loop calling a closure made per call loses its optimised code once that closure is
 * collected, while instances share one shape.
 * @example new SameText("Rina").test(" RINA ") // => true
 */
export class SameText {
  private readonly exact: string;
  private readonly pattern: RegExp;
  private readonly memo = new Map<string, boolean>();

  constructor(text: string) {
    this.exact = text.trim();
    this.pattern = new RegExp(`^\\s*${escapeRegExp(this.exact)}\\s*$`, "i");
  }

  test(s: string): boolean {
    if (s === this.exact) return true;
    if (s.length !== this.exact.length && !mayHaveOuterSpace(s)) return false;
    let hit = this.memo.get(s);
    if (hit === undefined) {
      hit = this.pattern.test(s);
      // Bounded in count and length: a matcher may be kept between calls (see its users).
      if (this.memo.size < 4096 && s.length <= 256) this.memo.set(s, hit);
    }
    return hit;
  }
}

/** SameText's test as a function, for the lead rules' matchers. */
function sameTextAs(text: string): (s: string) => boolean {
  const same = new SameText(text);
  return (s) => same.test(s);
}

/** Units a resolution time can be given in. */
export const DURATION_UNITS = ["hours", "days", "minutes"] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
const PER_DAY: Record<DurationUnit, number> = { days: 1, hours: 24, minutes: 1440 };

export interface ResolutionOptions {
  /** Each ticket's agent, parallel to the dates (blank → null). */
  agents?: readonly (string | null)[];
  /** Only this agent's tickets (compared case-insensitively); needs `agents`. */
  agent?: string;
  /** Unit of the result; default "hours". */
  unit?: DurationUnit;
}

/**
 * Average resolution time: mean of (resolved − opened) over resolved tickets, in `unit`.
 * Dates are Excel serials, fractions being the time of day. A ticket with no resolved date is
 * still open and skipped; a resolved date with no opened date is #VALUE!; resolved before opened
 * is #NUM! (checked on every ticket, not only the chosen agent's: the data is wrong either way).
 * With `agent`, only that agent's tickets count: #N/A when the agent has no ticket at all,
 * #DIV/0! when it has tickets but none resolved.
 * @example resolutionTime([45383.25, 45383.5], [45383.5, 45384], { unit: "hours" }) // => 9
 */
export function resolutionTime(
  opened: readonly (number | null)[],
  resolved: readonly (number | null)[],
  options: ResolutionOptions = {},
): Result<number> {
  const { agents, agent, unit = "hours" } = options;
  const n = opened.length;
  if (resolved.length !== n) return badValue(`opened has ${n} cells but resolved has ${resolved.length}; parallel ranges must be the same size`);
  if (agent !== undefined && agents === undefined) return badValue(`agent "${agent}" is given but agents is not; give each ticket's agent to filter by agent`);
  if (agents !== undefined && agents.length !== n) return badValue(`opened has ${n} cells but agents has ${agents.length}; parallel ranges must be the same size`);
  const wanted = agent === undefined ? undefined : new SameText(agent);
  const sums = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    const a = wanted === undefined ? null : agents![i];
    const fault = addTicket(sums, opened[i], resolved[i], wanted === undefined || (a !== null && wanted.test(a)));
    if (fault !== 0) return ticketProblem(fault, i);
  }
  return resolutionOf(sums, unit, agent);
}

/**
 * resolutionTime ticket by ticket, for callers that read the tickets their own way: adds one
 * ticket to `sums` (days at 0, tickets counted at 1, 1 at 2 once the agent has a ticket; from a
 * fresh Float64Array(3)), counting a resolved ticket that is the agent's (`theirs`, true for every
 * ticket without an agent) and passing over the rest. Returns ticketFault's number (checked on
 * every ticket, whoever's), and then counts nothing. Sums in a typed array, not an object made per
 * call: V8 throws away a loop's optimised code once an object it met is collected.
 * @example const sums = new Float64Array(3); addTicket(sums, 45383.25, 45383.5, true); resolutionOf(sums, "hours") // => 6
 */
export function addTicket(sums: Float64Array, opened: number | null, resolved: number | null, theirs: boolean): number {
  const fault = ticketFault(opened, resolved);
  if (fault !== 0 || !theirs) return fault;
  if (opened !== null || resolved !== null) sums[2] = 1;
  if (resolved === null || opened === null) return 0;
  sums[0] += resolved - opened;
  sums[1]++;
  return 0;
}

/**
 * The average resolution time in `unit` from addTicket's sums, with resolutionTime's errors:
 * #N/A when `agent` was asked for and has no ticket, #DIV/0! when no ticket was counted.
 * @example resolutionOf(Float64Array.of(0.75, 2, 1), "hours") // => 9
 */
export function resolutionOf(sums: Float64Array, unit: DurationUnit, agent?: string): Result<number> {
  if (agent !== undefined && sums[2] === 0) return notFound(`agent "${agent}" has no ticket in agents`);
  if (sums[1] === 0) return divZero(agent !== undefined ? `agent "${agent}" has no resolved ticket` : "there is no resolved ticket");
  return (sums[0] / sums[1]) * PER_DAY[unit];
}

/**
 * What is wrong with one ticket for resolutionTime, as a number for ticketProblem, or 0 when
 * nothing is (a ticket with no resolved date is open, not wrong). A number, not a message, so a
 * loop over a million tickets makes no text.
 * @example ticketFault(45383.5, 45383.25) // => 3 (resolved before opened)
 */
export function ticketFault(opened: number | null, resolved: number | null): number {
  if (resolved !== null && opened === null) return 1;
  if ((opened !== null && !Number.isFinite(opened)) || (resolved !== null && !Number.isFinite(resolved))) return 2;
  if (resolved !== null && opened !== null && resolved < opened) return 3;
  return 0;
}

/**
 * The error for ticketFault's number at ticket i (0-based).
 * @example ticketProblem(3, 0).message // => "ticket 1 was resolved before it was opened"
 */
export function ticketProblem(fault: number, i: number): MetricError {
  if (fault === 1) return badValue(`ticket ${i + 1} has a resolved date but no opened date`, i + 1);
  if (fault === 2) return badNumber(`ticket ${i + 1} has a date that is not a finite number`);
  return badNumber(`ticket ${i + 1} was resolved before it was opened`);
}

/** Optional bounds of HEALTHSCORE's columns: one per column, null for "the column's own". */
export interface HealthBounds {
  lower?: readonly (number | null)[];
  upper?: readonly (number | null)[];
}

/**
 * Customer health scores, 0–100, one per row of a numeric table given row-major (`values`, with
 * `columns` cells per row; blank → null). Each column j is scaled to s = (v − lo) ÷ (hi − lo),
 * clamped to 0..1, where lo and hi are the given bounds or else the column's own min and max.
 * A row's score is 100 × Σ |wⱼ|·tⱼ ÷ Σ |wⱼ| with tⱼ = s for a positive weight and 1 − s for a
 * negative one ("more is worse"), the sums running over the row's non-blank cells only, so a
 * blank cell leaves its column out of that row instead of counting as the worst value.
 *
 * A column whose range is empty (hi ≤ lo: all its values equal, or all beyond the one bound
 * given) cannot tell customers apart and is left out of every row. Given bounds with
 * upper ≤ lower are #NUM!. A row with no value in a usable, weighted column is #DIV/0! in that
 * row; an all-blank row gives null (a blank cell in the spill). Weights count ≠ columns or bounds
 * count ≠ columns (or 1, applying to all) is #VALUE!; all weights zero is #DIV/0!.
 * @example healthScores([10, 1, 20, 3, 30, 2], 2, [1, -1]) // => [50, 25, 75]
 */
export function healthScores(
  values: readonly (number | null)[],
  columns: number,
  weights: readonly number[],
  bounds: HealthBounds = {},
): Result<(number | null | MetricError)[]> {
  const grid = new Float64Array(values.length);
  let invalid: HealthInvalid | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) grid[i] = NaN;
    else if (Number.isFinite(v)) grid[i] = v;
    else if (invalid === undefined) invalid = { at: i, value: v };
  }
  const scores = healthScoresOfGrid(grid, columns, weights, bounds, invalid);
  if (scores instanceof MetricError) return scores;
  const noData = divZero(HEALTH_NO_DATA);
  const out: (number | null | MetricError)[] = new Array(scores.length);
  for (let r = 0; r < scores.length; r++) {
    const s = scores[r];
    out[r] = s !== s ? null : s < 0 ? noData : s;
  }
  return out;
}

/** Why a row of HEALTHSCORE has no score (its #DIV/0! message). */
export const HEALTH_NO_DATA = "a row has no value in a weighted column whose values differ";

/** The first cell of a health table that is not a finite number, reported once the arguments pass. */
export interface HealthInvalid {
  at: number;
  value: number;
}

/**
 * healthScores on a table of finite numbers in a Float64Array, NaN marking a blank cell (the form
 * the Excel converter builds without a boxed number per cell). Returns one score per row with the
 * same NaN for an all-blank row and −1 for a row with no usable value (a score is never below 0).
 * `invalid` is a non-finite cell the caller found while building the grid.
 * @example healthScoresOfGrid(Float64Array.of(10, 1, 20, 3, 30, 2), 2, [1, -1]) // => Float64Array [50, 25, 75]
 */
export function healthScoresOfGrid(
  values: Float64Array,
  columns: number,
  weights: readonly number[],
  bounds: HealthBounds = {},
  invalid?: HealthInvalid,
): Result<Float64Array> {
  if (!(columns >= 1) || values.length % columns !== 0) return badValue(`values has ${values.length} cells, not rows of ${columns} columns`);
  const rows = values.length / columns;
  const own = columnRanges(columns);
  for (let r = 0, i = 0; r < rows; r++) for (let j = 0; j < columns; j++, i++) widenRange(own, columns, j, values[i]);
  const scale = healthScale(own, weights, bounds, invalid);
  if (scale instanceof MetricError) return scale;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = healthScore(scale, values, r * columns);
  return out;
}

// The pieces of healthScoresOfGrid, for callers that read a table their own way. They work on
// typed arrays, not objects: V8 collects the shape of objects no longer in use, and then throws
// away the optimised code of every loop that met it, so a loop over a million rows that used an
// object made by the previous call would start unoptimised on every recalculation.

/**
 * Empty ranges for `columns` columns: the lowest value of column j at j (Infinity so far), the
 * highest at columns + j (−Infinity so far).
 * @example const own = columnRanges(1); widenRange(own, 1, 0, 4); widenRange(own, 1, 0, 2); own // => Float64Array [2, 4]
 */
export function columnRanges(columns: number): Float64Array {
  const ranges = new Float64Array(2 * columns);
  ranges.fill(Infinity, 0, columns);
  ranges.fill(-Infinity, columns);
  return ranges;
}

/** Widens column j's range in `ranges` (from columnRanges) to hold v; NaN, a blank, is passed over. */
export function widenRange(ranges: Float64Array, columns: number, j: number, v: number): void {
  // NaN fails both tests.
  if (v < ranges[j]) ranges[j] = v;
  if (v > ranges[columns + j]) ranges[columns + j] = v;
}

/**
 * healthScores' scale from each column's own range (`own`, from columnRanges, for the bounds not
 * given), the weights and the given bounds, with healthScores' errors for bad weights and bounds.
 * `invalid` is a non-finite cell the caller found while reading the table, reported after the
 * weights and bounds as healthScores reports it. The scale holds, for each of the c columns, its
 * lower bound (at j), upper bound (c + j), weight |w|/max|w| (2c + j, 0 for a column left out)
 * and 1 for a negative weight (3c + j), for healthScore.
 * @example healthScale(Float64Array.of(10, 30), [-2]) // => Float64Array [10, 30, 1, 1]
 */
export function healthScale(own: Float64Array, weights: readonly number[], bounds: HealthBounds = {}, invalid?: HealthInvalid): Result<Float64Array> {
  const columns = own.length / 2;
  if (weights.length !== columns) return badValue(`weights has ${weights.length} cells but values has ${columns} columns; give one weight per column`);
  const lower = boundsOf(bounds.lower, columns, "lower");
  if (lower instanceof MetricError) return lower;
  const upper = boundsOf(bounds.upper, columns, "upper");
  if (upper instanceof MetricError) return upper;
  // Normalised weights: huge weights must not overflow Σ|w| into Infinity.
  let wMax = 0;
  for (const w of weights) {
    if (!Number.isFinite(w)) return badNumber(`weight ${w} is not a finite number`);
    wMax = Math.max(wMax, Math.abs(w));
  }
  if (wMax === 0) return divZero("all weights are zero");
  if (invalid !== undefined) {
    const r = Math.floor(invalid.at / columns);
    return badNumber(`value ${invalid.value} in row ${r + 1}, column ${invalid.at - r * columns + 1} is not a finite number`);
  }
  const scale = new Float64Array(4 * columns);
  scale.set(own);
  for (let j = 0; j < columns; j++) {
    const l = lower[j];
    const u = upper[j];
    if (l !== null && u !== null && u <= l) return badNumber(`column ${j + 1}: upper bound ${u} is not above lower bound ${l}`);
    if (l !== null) scale[j] = l;
    if (u !== null) scale[columns + j] = u;
    scale[2 * columns + j] = scale[columns + j] > scale[j] ? Math.abs(weights[j]) / wMax : 0;
    scale[3 * columns + j] = weights[j] > 0 ? 0 : 1;
  }
  return scale;
}

/**
 * The score of one row under a healthScale: its cells (one per column, NaN for a blank) start
 * at values[at]. 0–100; NaN when they are all blank, −1 when none is in a usable, weighted column.
 * @example healthScore(Float64Array.of(10, 30, 1, 0), [20], 0) // => 50
 */
export function healthScore(scale: Float64Array, values: ArrayLike<number>, at: number): number {
  const columns = scale.length >> 2;
  let num = 0;
  let den = 0;
  let blank = true;
  for (let j = 0; j < columns; j++) {
    const v = values[at + j];
    if (v !== v) continue;
    blank = false;
    const w = scale[2 * columns + j];
    if (w === 0) continue;
    const s = scaled(v, scale[j], scale[columns + j]);
    num += w * (scale[3 * columns + j] === 0 ? s : 1 - s);
    den += w;
  }
  return blank ? NaN : den === 0 ? -1 : (num / den) * 100;
}

/** v placed in [lo, hi] as 0..1, clamped; hi − lo may overflow for extreme bounds, so halve. */
function scaled(v: number, lo: number, hi: number): number {
  const c = v < lo ? lo : v > hi ? hi : v;
  const span = hi - lo;
  const s = Number.isFinite(span) ? (c - lo) / span : (c / 2 - lo / 2) / (hi / 2 - lo / 2);
  return s < 0 ? 0 : s > 1 ? 1 : s;
}

function boundsOf(given: readonly (number | null)[] | undefined, columns: number, name: string): Result<(number | null)[]> {
  if (given === undefined || given.length === 0) return new Array(columns).fill(null);
  if (given.some((b) => b !== null && !Number.isFinite(b))) return badNumber(`${name} holds a bound that is not a finite number`);
  if (given.length === 1) return new Array(columns).fill(given[0]);
  if (given.length !== columns) return badValue(`${name} has ${given.length} cells but values has ${columns} columns; give one bound per column, or one for all`);
  return [...given];
}

/** What a leads or rules cell may hold: number (dates are serials), text, TRUE/FALSE, blank. */
export type LeadCell = number | string | boolean | null;

/** One lead-scoring rule: `points` when the lead's `field` meets `condition`. */
export interface LeadRule {
  field: string;
  condition: LeadCell;
  points: number;
  /** Where the rule sits in its table (1-based), for messages; default its place in the list. */
  row?: number;
}

type Compare = "any" | "blank" | "eq" | "ne" | "gt" | "ge" | "lt" | "le" | "contains";

// Each Compare as a small integer: the switch runs for every cell of a million-row table, and
// one on integers is a jump where one on strings is a chain of comparisons.
const ANY = 0;
const BLANK = 1;
const EQ = 2;
const NE = 3;
const CONTAINS = 4;
const GT = 5;
const GE = 6;
const LT = 7;
const LE = 8;
const CODES: Record<Compare, number> = { any: ANY, blank: BLANK, eq: EQ, ne: NE, contains: CONTAINS, gt: GT, ge: GE, lt: LT, le: LE };

interface CompiledRule {
  col: number;
  op: Compare;
  /** CODES[op]. */
  code: number;
  /** The operand as a number (numbers, numeric text, ISO dates), NaN when it is not one. */
  num: number;
  /** The operand as text, compared ignoring case. */
  text: string;
  /** Tests text against the operand: equality for "eq"/"ne", substring for "contains". */
  match: (s: string) => boolean;
  points: number;
}

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** A cell as a number: numbers, numeric text and ISO date text; NaN for anything else. */
function numberView(v: LeadCell): number {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return NaN;
  const t = v.trim();
  if (NUMERIC.test(t)) return Number(t);
  return serialFromISO(t) ?? NaN;
}

const textView = (v: LeadCell): string => (typeof v === "string" ? v : String(v));

/** Blank: null, or text of nothing but spaces; trims only text that may have spaces at an end. */
const isBlankCell = (v: LeadCell): boolean =>
  v === null || (typeof v === "string" && mayHaveOuterSpace(v) && v.trim() === "");

const NEVER = (): boolean => false;

const OPERATORS: [string, Compare][] = [
  ["<>", "ne"],
  [">=", "ge"],
  ["<=", "le"],
  ["=", "eq"],
  [">", "gt"],
  ["<", "lt"],
];

/** Parses one condition: `=x`, `<>x`, `>n`, `>=n`, `<n`, `<=n`, `contains x`, a bare value, or blank. */
function compileCondition(condition: LeadCell, where: string): Result<Pick<CompiledRule, "op" | "num" | "text" | "match">> {
  if (isBlankCell(condition)) return { op: "any", num: NaN, text: "", match: NEVER };
  if (typeof condition !== "string") return { op: "eq", num: numberView(condition), text: textView(condition), match: sameTextAs(textView(condition)) };
  const c = condition.trim();
  const contains = /^contains(?:\s+(.*))?$/i.exec(c);
  if (contains) {
    const needle = (contains[1] ?? "").trim();
    if (needle === "") return badValue(`${where}: "contains" needs the text to look for, e.g. "contains gmail"`);
    const pattern = new RegExp(escapeRegExp(needle), "i");
    return { op: "contains", num: NaN, text: needle, match: (s) => pattern.test(s) };
  }
  let op: Compare = "eq";
  let operand = c;
  for (const [symbol, name] of OPERATORS) {
    if (c.startsWith(symbol)) {
      op = name;
      operand = c.slice(symbol.length).trim();
      break;
    }
  }
  const num = numberView(operand);
  if (operand === "") {
    // Excel's COUNTIF: "=" matches blank cells, "<>" non-blank ones.
    if (op === "eq") return { op: "blank", num, text: "", match: NEVER };
    if (op === "ne") return { op: "any", num, text: "", match: NEVER };
    return badValue(`${where}: condition "${c}" has no number after its operator`);
  }
  if ((op === "gt" || op === "ge" || op === "lt" || op === "le") && Number.isNaN(num)) {
    return badValue(`${where}: condition "${c}" compares with "${operand}", which is not a number or ISO date`);
  }
  return { op, num, text: operand, match: sameTextAs(operand) };
}

/**
 * Equality as Excel's COUNTIF sees it: numerically when the operand is a number, else as text
 * ignoring case. A blank cell equals nothing: it has no number, and the operand here is never
 * blank text (that is the "blank" condition), so only null needs turning away.
 */
function equals(v: LeadCell, rule: CompiledRule): boolean {
  if (v === null) return false;
  if (rule.num === rule.num) return numberView(v) === rule.num;
  return rule.match(textView(v));
}

function meets(v: LeadCell, rule: CompiledRule): boolean {
  const code = rule.code;
  if (code >= GT) {
    // Comparisons with NaN (text that is no number, blanks) are all false, as they must be.
    const n = numberView(v);
    return code === GT ? n > rule.num : code === GE ? n >= rule.num : code === LT ? n < rule.num : n <= rule.num;
  }
  switch (code) {
    case ANY:
      return !isBlankCell(v);
    case BLANK:
      return isBlankCell(v);
    case EQ:
      return equals(v, rule);
    case NE:
      return !equals(v, rule);
    default:
      // CONTAINS: the needle has a non-space character, so text of spaces cannot hold it.
      return v !== null && rule.match(textView(v));
  }
}

/**
 * Lead-scoring rules from a three-column table (field, condition, points), given row-major.
 * All-blank rows are skipped; a first row whose points cell is non-numeric text is the table's
 * header and skipped too. A rule with no field, or with points that are not a number, is #VALUE!.
 * @example leadRulesOf(["field", "condition", "points", "city", "=Jakarta", 10]) // => [{ field: "city", condition: "=Jakarta", points: 10, row: 2 }]
 */
export function leadRulesOf(cells: readonly LeadCell[]): Result<LeadRule[]> {
  if (cells.length % 3 !== 0) return badValue(`rules has ${cells.length} cells; it needs three columns: field, condition, points`);
  const rules: LeadRule[] = [];
  for (let i = 0; i < cells.length; i += 3) {
    const [field, condition, points] = [cells[i], cells[i + 1], cells[i + 2]];
    const row = i / 3 + 1;
    if (isBlankCell(field) && isBlankCell(condition) && isBlankCell(points)) continue;
    if (row === 1 && typeof points === "string" && Number.isNaN(numberView(points))) continue;
    if (isBlankCell(field)) return badValue(`rules row ${row} has no field; name a column of leads' header`);
    if (typeof points !== "number") return badValue(`rules row ${row}: points holds ${isBlankCell(points) ? "nothing" : `"${points}"`}; a number is needed`);
    rules.push({ field: String(field).trim(), condition, points, row });
  }
  return rules;
}

/**
 * Lead scores: for each lead (row) of a table whose first row is the header, the sum of the
 * points of every rule the lead meets. The table is given row-major with `width` cells per row.
 * Conditions: `=x`, `<>x`, `>n`, `>=n`, `<n`, `<=n`, `contains x`, a bare value (same as `=x`),
 * or blank (any non-empty value); `=` alone matches a blank cell. Text compares ignoring case
 * and surrounding spaces; when the operand is a number (or ISO date text, read as its date
 * serial, so dates compare with date cells) cells are compared as numbers, numeric text and ISO
 * date text included. As in Excel's COUNTIF, `<>x` also matches blank cells. Fields match header
 * names ignoring case; a field not in the header is #N/A. An all-blank lead row gives null.
 * O(rows × rules).
 * @example leadScores(["city", "visits", "Jakarta", 12, "Bandung", 3], 2, [{ field: "city", condition: "Jakarta", points: 10 }, { field: "visits", condition: ">5", points: 5 }]) // => [15, 0]
 */
export function leadScores(cells: readonly LeadCell[], width: number, rules: readonly LeadRule[]): Result<(number | null)[]> {
  if (!(width >= 1) || cells.length % width !== 0) return badValue(`leads has ${cells.length} cells, not rows of ${width} columns`);
  const rows = cells.length / width - 1;
  if (rows < 1) return badValue("leads has no rows below its header row");
  const scorer = leadScorer(cells.slice(0, width), rules);
  if (scorer instanceof MetricError) return scorer;
  const out: (number | null)[] = new Array(rows);
  for (let r = 0; r < rows; r++) out[r] = scorer.score(cells, (r + 1) * width);
  return out;
}

/** leadScores' rules resolved against one header row, ready to score any number of lead rows. */
export interface LeadScorer {
  /** The score of the lead whose cells (as many as the header has) start at cells[base]; null when they are all blank. */
  score(cells: ArrayLike<LeadCell>, base: number): number | null;
  /**
   * Which rules that lead meets, as bits (rule i is bit i), or −1 when its cells are all blank.
   * Only for at most 30 rules (bits of a small integer); score is pointsOf(rulesMet(…)).
   */
  rulesMet(cells: ArrayLike<LeadCell>, base: number): number;
  /** The score of a lead meeting the rules in `mask`: their points summed in rule order, as score sums them. */
  pointsOf(mask: number): number;
  /** How many rules there are. */
  readonly size: number;
  /** The columns (0-based) the rules read: a lead's other cells change neither its score nor whether it meets a rule. */
  readonly columns: ReadonlySet<number>;
}

/**
 * The scoring of leadScores for a table with this header row: fields are found and conditions
 * compiled once, with leadScores' messages (#N/A for a field not in the header). Text cells may
 * keep their outer spaces, which no condition sees. For tables that are not one flat array.
 * @example (leadScorer(["city"], [{ field: "city", condition: "Jakarta", points: 10 }]) as LeadScorer).score([" jakarta "], 0) // => 10
 */
export function leadScorer(header: readonly LeadCell[], rules: readonly LeadRule[]): Result<LeadScorer> {
  const names = header.map((h) => (isBlankCell(h) ? "" : textView(h).trim().toLowerCase()));
  const compiled: CompiledRule[] = [];
  for (let i = 0; i < rules.length; i++) {
    const { field, condition, points, row = i + 1 } = rules[i];
    const col = names.indexOf(field.trim().toLowerCase());
    if (col < 0 || field.trim() === "") {
      const known = names.filter((h) => h !== "").join(", ");
      return notFound(`rules row ${row}: field "${field}" is not a column of leads; its header has ${known || "no names"}`);
    }
    if (!Number.isFinite(points)) return badNumber(`rules row ${row}: points is not a finite number`);
    const parsed = compileCondition(condition, `rules row ${row}`);
    if (parsed instanceof MetricError) return parsed;
    compiled.push({ col, points, code: CODES[parsed.op], ...parsed });
  }
  return new CompiledLeadRules(header.length, compiled);
}

class CompiledLeadRules implements LeadScorer {
  /**
   * Rules that no blank cell meets (all but "blank" and "<>x"), as bits: a lead meeting one of
   * them has a cell that is not blank, so its row need not be checked for being all blank.
   */
  private readonly nonBlank: number;

  constructor(
    private readonly width: number,
    private readonly rules: readonly CompiledRule[],
  ) {
    let bits = 0;
    for (let i = 0; i < rules.length && i < 31; i++) if (rules[i].code !== BLANK && rules[i].code !== NE) bits |= 1 << i;
    this.nonBlank = bits;
  }

  get size(): number {
    return this.rules.length;
  }

  get columns(): ReadonlySet<number> {
    return new Set(this.rules.map((rule) => rule.col));
  }

  score(cells: ArrayLike<LeadCell>, base: number): number | null {
    if (this.blank(cells, base)) return null;
    let score = 0;
    const rules = this.rules;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (meets(cells[base + rule.col], rule)) score += rule.points;
    }
    return score;
  }

  rulesMet(cells: ArrayLike<LeadCell>, base: number): number {
    let mask = 0;
    const rules = this.rules;
    // Or-ed in rather than branched on: whether a lead meets a rule is in no order.
    for (let i = 0; i < rules.length; i++) mask |= +meets(cells[base + rules[i].col], rules[i]) << i;
    return (mask & this.nonBlank) === 0 && this.blank(cells, base) ? -1 : mask;
  }

  pointsOf(mask: number): number {
    // The same additions, in the same order, as score: the last bit of a float sum depends on it.
    let score = 0;
    for (let i = 0; i < this.rules.length; i++) if (mask & (1 << i)) score += this.rules[i].points;
    return score;
  }

  private blank(cells: ArrayLike<LeadCell>, base: number): boolean {
    let blank = true;
    for (let c = 0; c < this.width && blank; c++) blank = isBlankCell(cells[base + c]);
    return blank;
  }
}

/**
 * Column mapping: which column of the user's table plays which role. The pane proposes one from
 * the headers (English, Indonesian, Malay) and the values, the user confirms or changes it, and
 * it is kept in the document's settings so it survives save and reopen and travels with a
 * shared workbook. Each mapped role becomes a workbook name over the column (a structured
 * reference when the data is an Excel table, so the name grows with the table), and each dataset
 * gets a name that is 1 for its valid rows (see quality.ts), which the templates' formulas use.
 */
import { z } from "zod";
import { parseAddress, qualified, blockAddress } from "../workbook/address";
import type { CellValue, RangeData, WorkbookPort, WriteOp } from "../workbook/types";
import { DATASETS, dataset, normaliseHeader, roleName, validName, type Dataset, type DatasetId, type Role } from "./roles";
import { validityFormula } from "./quality";

export const MAPPING_SETTING = "crm-metrics.mapping";

const A1_BLOCK = /^\$?[A-Z]{1,3}\$?\d{1,7}(:\$?[A-Z]{1,3}\$?\d{1,7})?$/;
const DATASET_IDS = DATASETS.map((d) => d.id) as [DatasetId, ...DatasetId[]];

/** One mapped table or range. `columns` maps role id → the column's header text. */
export const SourceMapping = z
  .object({
    dataset: z.enum(DATASET_IDS),
    sheet: z.string().min(1, "the sheet name is missing"),
    address: z.string().regex(A1_BLOCK, "the address must be an A1 block such as A1:G500"),
    table: z.string().min(1).optional(),
    columns: z.record(z.string(), z.string().min(1, "a mapped column needs its header")),
  })
  .superRefine((m, ctx) => {
    const d = dataset(m.dataset);
    const known = new Set(d.roles.map((r) => r.id));
    for (const roleId of Object.keys(m.columns)) {
      if (!known.has(roleId)) ctx.addIssue({ code: "custom", message: `"${roleId}" is not a column role of ${d.label}`, path: ["columns", roleId] });
    }
    for (const r of d.roles) {
      if (r.required && !m.columns[r.id]) ctx.addIssue({ code: "custom", message: `${d.label} needs a column for "${r.label}"`, path: ["columns", r.id] });
    }
    const headers = Object.values(m.columns).map((h) => h.trim().toLowerCase());
    const twice = headers.find((h, i) => headers.indexOf(h) !== i);
    if (twice) ctx.addIssue({ code: "custom", message: `the column "${twice}" is given two roles; give each role its own column`, path: ["columns"] });
    const b = parseAddress(m.address);
    if (b.rows < 2) ctx.addIssue({ code: "custom", message: "the block needs a header row and at least one row of data", path: ["address"] });
  });
export type SourceMapping = z.infer<typeof SourceMapping>;

export const Mapping = z
  .object({
    version: z.literal(1),
    sources: z.array(SourceMapping),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.sources.forEach((s, i) => {
      if (seen.has(s.dataset)) ctx.addIssue({ code: "custom", message: `${dataset(s.dataset).label} is mapped twice; keep one`, path: ["sources", i, "dataset"] });
      seen.add(s.dataset);
    });
  });
export type Mapping = z.infer<typeof Mapping>;

export const EMPTY_MAPPING: Mapping = { version: 1, sources: [] };

/** What one column's values look like. */
export interface ColumnProfile {
  filled: number;
  numbers: number;
  /** Numbers that are plausible dates (1960–2100 as serials). */
  dates: number;
  /** Texts that read as dates (ISO, d/m/y). */
  textDates: number;
  integers: number;
  inTen: number;
  inFive: number;
  negatives: number;
  distinct: number;
  outcomes: number;
  firstOfMonth: number;
}

const OUTCOME_WORDS = new Set(["won", "lost", "win", "lose", "closed won", "closed lost", "menang", "kalah", "gagal", "berhasil", "open", "terbuka", "dibuka", "yes", "no"]);
const DATE_TEXT = /^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})([ T]\d{1,2}:\d{2}(:\d{2})?)?$/;
const MIN_DATE = 21916; // 1960-01-01
const MAX_DATE = 73051; // 2100-01-01

export function profile(values: readonly CellValue[]): ColumnProfile {
  const p: ColumnProfile = { filled: 0, numbers: 0, dates: 0, textDates: 0, integers: 0, inTen: 0, inFive: 0, negatives: 0, distinct: 0, outcomes: 0, firstOfMonth: 0 };
  const seen = new Set<string>();
  for (const v of values) {
    if (v === null || (typeof v === "string" && v.trim() === "")) continue;
    p.filled++;
    seen.add(String(v).trim().toLowerCase());
    if (typeof v === "number") {
      p.numbers++;
      if (Number.isInteger(v)) p.integers++;
      if (v >= 0 && v <= 10) p.inTen++;
      if (v >= 1 && v <= 5) p.inFive++;
      if (v < 0) p.negatives++;
      if (v >= MIN_DATE && v <= MAX_DATE) {
        p.dates++;
        const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(v) * 86400000);
        if (d.getUTCDate() === 1) p.firstOfMonth++;
      }
    } else if (typeof v === "string") {
      if (DATE_TEXT.test(v.trim())) p.textDates++;
      if (OUTCOME_WORDS.has(v.trim().toLowerCase())) p.outcomes++;
    }
  }
  p.distinct = seen.size;
  return p;
}

/** How well a column's header names a role: 1 exact, less for a partial match, 0 none. */
export function headerScore(header: unknown, role: Role): number {
  const h = normaliseHeader(header);
  if (!h) return 0;
  // Exports shorten "tanggal" (Indonesian) and "tarikh" (Malay) to "tgl" and "tkh": "Tgl. Berhenti".
  const long = h.replace(/\btgl\b/g, "tanggal").replace(/\btkh\b/g, "tarikh");
  return long === h ? scoreOf(h, role) : Math.max(scoreOf(h, role), scoreOf(long, role));
}

function scoreOf(h: string, role: Role): number {
  let best = 0;
  for (const word of role.headers) {
    if (h === word) return 1;
    const padded = ` ${h} `;
    if (padded.includes(` ${word} `)) best = Math.max(best, 0.55 + 0.35 * (word.length / h.length));
    else if (` ${word} `.includes(padded)) best = Math.max(best, 0.45 * (h.length / word.length) + 0.1);
  }
  return Math.min(best, 0.95);
}

/** How well a column's values fit a role's kind, from 0 to 1. */
export function valueFit(p: ColumnProfile, role: Role): number {
  if (p.filled === 0) return 0.5;
  const share = (n: number) => n / p.filled;
  switch (role.kind) {
    case "date":
      return share(p.dates + p.textDates);
    case "month":
      return share(p.dates + p.textDates) * (0.7 + 0.3 * share(p.firstOfMonth));
    case "amount":
    case "number":
      return share(p.numbers) * (p.dates === p.numbers && p.numbers > 0 ? 0.6 : 1);
    case "score10":
      return share(p.inTen) * (share(p.integers) > 0.9 ? 1 : 0.7);
    case "score5":
      return share(p.inFive) * (share(p.integers) > 0.9 ? 1 : 0.7);
    case "outcome":
      return Math.max(share(p.outcomes), 0.3);
    case "id":
      return 0.4 + 0.6 * Math.min(1, p.distinct / Math.max(1, p.filled) + 0.3);
    case "text":
      return 1 - share(p.numbers) * 0.8;
  }
}

export interface ColumnProposal {
  index: number;
  header: string;
  /** The proposed role id, or null for "not used". */
  role: string | null;
  confidence: number;
}

export interface Proposal {
  dataset: DatasetId;
  columns: ColumnProposal[];
  /** Required roles no column was found for. */
  missing: string[];
  /** Every dataset's score, best first, so the pane can offer the runner-up. */
  scores: { dataset: DatasetId; score: number }[];
}

const SHEET_HINTS: Record<DatasetId, string[]> = {
  customers: ["customer", "customers", "client", "subscription", "subscriptions", "pelanggan", "langganan", "klien"],
  invoices: ["invoice", "invoices", "transaction", "transactions", "orders", "sales", "payments", "faktur", "transaksi", "penjualan", "invois", "jualan"],
  deals: ["deal", "deals", "opportunities", "pipeline", "peluang", "kesepakatan"],
  stages: ["stage", "stages", "stage history", "dealstages", "tahap", "tahapan", "peringkat"],
  tickets: ["ticket", "tickets", "support", "cases", "tiket", "keluhan", "aduan"],
  surveys: ["survey", "surveys", "nps", "csat", "feedback", "survei", "tinjauan", "ulasan"],
  marketing: ["marketing", "campaigns", "spend", "ads", "pemasaran", "kampanye", "iklan"],
};

/** Assigns roles to columns for one dataset, best matches first. */
function assign(d: Dataset, headers: string[], profiles: ColumnProfile[]): { columns: ColumnProposal[]; score: number; missing: string[] } {
  const pairs: { role: Role; col: number; score: number }[] = [];
  for (const role of d.roles) {
    headers.forEach((h, col) => {
      const hs = headerScore(h, role);
      if (hs < 0.4) return;
      const fit = valueFit(profiles[col], role);
      if (fit < 0.3) return;
      pairs.push({ role, col, score: hs * 0.65 + fit * 0.35 });
    });
  }
  pairs.sort((a, b) => b.score - a.score);
  const byCol = new Map<number, { role: Role; score: number }>();
  const used = new Set<string>();
  for (const p of pairs) {
    if (byCol.has(p.col) || used.has(p.role.id)) continue;
    byCol.set(p.col, p);
    used.add(p.role.id);
  }
  const missing = d.roles.filter((r) => r.required && !used.has(r.id)).map((r) => r.id);
  let score = 0;
  for (const { role, score: s } of byCol.values()) score += s * (role.required ? 1.5 : 1);
  score -= missing.length * 0.9;
  const columns = headers.map((header, index) => {
    const hit = byCol.get(index);
    return { index, header, role: hit ? hit.role.id : null, confidence: hit ? Math.round(hit.score * 100) / 100 : 0 };
  });
  return { columns, score, missing };
}

/**
 * Proposes what a block is and what each of its columns means, from the header row and the
 * values below it. The name of the sheet or table is a hint too ("Pelanggan", "Tickets").
 */
export function proposeMapping(block: RangeData, force?: DatasetId): Proposal {
  const headers = (block.values[0] ?? []).map((h) => (h === null ? "" : String(h)));
  const body = block.values.slice(1);
  const profiles = headers.map((_, c) => profile(body.map((r) => r[c] ?? null)));
  const where = normaliseHeader(`${block.sheet} ${block.table ?? ""}`);
  const results = DATASETS.map((d) => {
    const a = assign(d, headers, profiles);
    const hinted = SHEET_HINTS[d.id].some((w) => ` ${where} `.includes(` ${w} `));
    return { dataset: d.id, ...a, score: a.score + (hinted ? 0.8 : 0) };
  }).sort((x, y) => y.score - x.score);
  const chosen = force ? results.find((r) => r.dataset === force)! : results[0];
  return {
    dataset: chosen.dataset,
    columns: chosen.columns,
    missing: chosen.missing,
    scores: results.map((r) => ({ dataset: r.dataset, score: Math.round(r.score * 100) / 100 })),
  };
}

/** The mapping of a block once the user has confirmed the roles (role id per column index). */
export function sourceFromChoice(block: RangeData, datasetId: DatasetId, roles: (string | null)[]): SourceMapping {
  const headers = (block.values[0] ?? []).map((h) => (h === null ? "" : String(h)));
  const columns: Record<string, string> = {};
  roles.forEach((r, i) => {
    if (r) columns[r] = headers[i];
  });
  const parsed = SourceMapping.safeParse({ dataset: datasetId, sheet: block.sheet, address: block.address, ...(block.table ? { table: block.table } : {}), columns });
  if (!parsed.success) throw new MappingError(parsed.error.issues.map((i) => i.message));
  return parsed.data;
}

/** A mapping the user cannot save yet, with the reasons in plain words. */
export class MappingError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join(". ") + ".");
  }
}

/** Replaces the mapping of the same dataset, keeps the others. */
export function withSource(mapping: Mapping, source: SourceMapping): Mapping {
  return Mapping.parse({ version: 1, sources: [...mapping.sources.filter((s) => s.dataset !== source.dataset), source] });
}

export function sourceOf(mapping: Mapping, id: DatasetId): SourceMapping | undefined {
  return mapping.sources.find((s) => s.dataset === id);
}

/** Roles mapped anywhere, for checking what a template needs. */
export function mappedRoles(mapping: Mapping): Set<string> {
  return new Set(mapping.sources.flatMap((s) => Object.keys(s.columns)));
}

/** A header as Excel wants it inside a structured reference: [ ] # ' escaped with '. */
const structuredHeader = (h: string) => h.replace(/(['#[\]])/g, "'$1");

/** The formula of a mapped column: the table column, or the cells below the header. */
export function columnFormula(source: SourceMapping, header: string, headers: readonly string[]): string {
  if (source.table) return `=${source.table}[${structuredHeader(header)}]`;
  const b = parseAddress(source.address);
  const c = headers.findIndex((h) => h.trim().toLowerCase() === header.trim().toLowerCase());
  if (c < 0) throw new Error(`the column "${header}" is no longer in ${source.sheet}!${source.address}`);
  return `=${qualified(source.sheet, blockAddress({ row: b.row + 1, col: b.col + c, rows: b.rows - 1, cols: 1 }, true))}`;
}

/** The workbook names of a mapped source: one per role, and its valid-rows name. */
export function nameWrites(source: SourceMapping, headers: readonly string[]): WriteOp[] {
  const d = dataset(source.dataset);
  const ops: WriteOp[] = [];
  for (const r of d.roles) {
    const header = source.columns[r.id];
    if (!header) continue;
    ops.push({ kind: "name", name: roleName(r.id), formula: columnFormula(source, header, headers), comment: `${d.label}: ${r.label} (CRM Metrics column mapping)` });
  }
  ops.push({ kind: "name", name: validName(source.dataset), formula: `=${validityFormula(source)}`, comment: `${d.label}: 1 for a row the metrics use, 0 for one left out (CRM Metrics data check)` });
  return ops;
}

/** The mapping kept in the document, or the empty one. A damaged setting is reported, not used. */
export async function loadMapping(port: WorkbookPort): Promise<{ mapping: Mapping; problem?: string }> {
  const text = await port.getSetting(MAPPING_SETTING);
  if (!text) return { mapping: EMPTY_MAPPING };
  try {
    const parsed = Mapping.safeParse(JSON.parse(text));
    if (parsed.success) return { mapping: parsed.data };
    return { mapping: EMPTY_MAPPING, problem: `The saved column mapping could not be used (${parsed.error.issues[0]?.message}); map your data again.` };
  } catch {
    return { mapping: EMPTY_MAPPING, problem: "The saved column mapping is damaged; map your data again." };
  }
}

/** Saves the mapping and (re)defines the workbook names of `source`, in one batch. */
export async function saveSource(port: WorkbookPort, mapping: Mapping, source: SourceMapping, headers: readonly string[]): Promise<Mapping> {
  const next = withSource(mapping, source);
  await port.apply(nameWrites(source, headers));
  await port.setSetting(MAPPING_SETTING, JSON.stringify(next));
  return next;
}

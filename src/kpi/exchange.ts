/**
 * Export and import of the KPI library as a JSON file, so a team can carry its KPIs from one
 * workbook to another.
 *
 * The file says what it is (`format`) and which layout it uses (`version`), so a later add-in can
 * change the layout and still read old files, and this one refuses newer files with a clear
 * message rather than misreading them. Importing never overwrites silently: a KPI whose name is
 * already in the library and whose definition differs is a conflict that needs a decision
 * (keep ours, replace with theirs, or import theirs under another name).
 */
import { z } from "zod";
import { KPI_NAME_PATTERN, KpiDefinition, KpiProblem, sameExpression } from "./definition";
import { checkLibrary, findKpi, freeName, KpiLibrary } from "./library";

/** What the `format` field of a library file says. */
export const LIBRARY_FORMAT = "crm-metrics-kpi-library";
/** The layout this add-in writes and reads. */
export const LIBRARY_VERSION = 1;

/** Version 1 of the file: the envelope; each KPI is checked by the library's own rules. */
const FileV1 = z.object({
  format: z.literal(LIBRARY_FORMAT),
  version: z.literal(1),
  exportedAt: z.string().optional(),
  kpis: z.array(z.unknown(), { error: 'The file has no list of KPIs ("kpis").' }),
});

/**
 * The library as the text of a .json file.
 * @example exportLibrary(library, new Date("2024-05-01T00:00:00Z")) // => '{ "format": "crm-metrics-kpi-library", "version": 1, … }'
 */
export function exportLibrary(library: KpiLibrary, exportedAt: Date = new Date()): string {
  const file = {
    format: LIBRARY_FORMAT,
    version: LIBRARY_VERSION,
    exportedAt: exportedAt.toISOString(),
    kpis: library.map((k) => ({
      name: k.name,
      expression: k.expression,
      inputs: k.inputs.map((i) => ({ name: i.name, description: i.description })),
      unit: k.unit,
      direction: k.direction,
      owner: k.owner,
      description: k.description,
    })),
  };
  return JSON.stringify(file, null, 2) + "\n";
}

/** A file's KPIs, or why it cannot be read. */
export type ReadFile = { ok: true; kpis: KpiLibrary } | { ok: false; problems: KpiProblem[] };

const fileProblem = (message: string): ReadFile => ({ ok: false, problems: [{ field: "", message }] });

/**
 * Reads the text of a library file: checks what it is and its version, then every KPI with the
 * same rules as the task pane (valid names, expression inside the sandbox, inputs declared).
 */
export function readLibraryFile(text: string): ReadFile {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return fileProblem("The file is not a KPI library: it is not valid JSON.");
  }
  if (json === null || typeof json !== "object" || Array.isArray(json) || (json as { format?: unknown }).format !== LIBRARY_FORMAT) {
    return fileProblem(`The file is not a KPI library exported by CRM Metrics (its "format" is not "${LIBRARY_FORMAT}").`);
  }
  const version = (json as { version?: unknown }).version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return fileProblem(`The file's "version" must be a whole number from 1; it is ${JSON.stringify(version) ?? "missing"}.`);
  }
  if (version > LIBRARY_VERSION) {
    return fileProblem(`The file was made by a newer version of CRM Metrics (file format version ${version}); this add-in reads version ${LIBRARY_VERSION}. Update the add-in to import it.`);
  }
  const parsed = FileV1.safeParse(json);
  if (!parsed.success) return fileProblem(parsed.error.issues[0]?.message ?? "The file is not a valid KPI library.");
  const checked = checkLibrary(parsed.data.kpis);
  return checked.ok ? { ok: true, kpis: checked.library } : checked;
}

/** The fields by which two definitions of the same name may differ, in words for the report. */
const FIELDS: { key: keyof KpiDefinition | "inputs"; label: string }[] = [
  { key: "expression", label: "expression" },
  { key: "inputs", label: "inputs" },
  { key: "unit", label: "unit" },
  { key: "direction", label: "direction" },
  { key: "owner", label: "owner" },
  { key: "description", label: "description" },
];

/** How an imported KPI differs from ours ([] when they are the same definition). */
export function differences(ours: KpiDefinition, theirs: KpiDefinition): string[] {
  const out: string[] = [];
  for (const { key, label } of FIELDS) {
    let same: boolean;
    if (key === "expression") same = sameExpression(ours.expression, theirs.expression);
    else if (key === "inputs") {
      const a = ours.inputs.map((i) => `${i.name.toLowerCase()}\u0000${i.description}`).sort();
      const b = theirs.inputs.map((i) => `${i.name.toLowerCase()}\u0000${i.description}`).sort();
      same = a.length === b.length && a.every((x, i) => x === b[i]);
    } else same = ours[key] === theirs[key];
    if (!same) out.push(label);
  }
  return out;
}

export interface ImportConflict {
  /** The name both have. */
  name: string;
  ours: KpiDefinition;
  theirs: KpiDefinition;
  /** Which fields differ: "expression", "inputs", "unit", "direction", "owner", "description". */
  differences: string[];
  /** A free name for "rename": theirs under this name, ours untouched. */
  suggestedName: string;
}

/** What an import would do, before anything is decided or written. */
export interface ImportPlan {
  /** KPIs whose names are new: added as they are. */
  additions: KpiDefinition[];
  /** Names already in the library with the very same definition: nothing to do. */
  unchanged: string[];
  /** Same name, different definition: each needs a decision. */
  conflicts: ImportConflict[];
}

/**
 * Compares a file's KPIs with the library.
 * @example planImport(ours, theirs) // => { additions: [...], unchanged: ["WinRate"], conflicts: [...] }
 */
export function planImport(library: KpiLibrary, incoming: KpiLibrary): ImportPlan {
  const plan: ImportPlan = { additions: [], unchanged: [], conflicts: [] };
  const suggested: string[] = incoming.map((k) => k.name);
  for (const theirs of incoming) {
    const ours = findKpi(library, theirs.name);
    if (!ours) {
      plan.additions.push(theirs);
      continue;
    }
    const diff = differences(ours, theirs);
    if (diff.length === 0) {
      plan.unchanged.push(ours.name);
      continue;
    }
    const suggestedName = freeName(library, theirs.name, suggested);
    suggested.push(suggestedName);
    plan.conflicts.push({ name: ours.name, ours, theirs, differences: diff, suggestedName });
  }
  return plan;
}

/** The plan in plain sentences, for the pane to show before the user decides. */
export function describePlan(plan: ImportPlan): string[] {
  const lines: string[] = [];
  if (plan.additions.length > 0) lines.push(`${count(plan.additions.length, "new KPI")} will be added: ${plan.additions.map((k) => k.name).join(", ")}.`);
  if (plan.unchanged.length > 0) lines.push(`${count(plan.unchanged.length, "KPI")} already in the library with the same definition: ${plan.unchanged.join(", ")}.`);
  for (const c of plan.conflicts) {
    const what = c.differences.includes("expression")
      ? `a different expression (ours: ${c.ours.expression}; the file's: ${c.theirs.expression})`
      : `a different ${c.differences.join(", ")}`;
    lines.push(`${c.name} is already in the library with ${what}. Keep ours, replace it with the file's, or import the file's as ${c.suggestedName}.`);
  }
  if (lines.length === 0) lines.push("The file has no KPIs.");
  return lines;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** The user's decision for one conflict. */
export type ConflictDecision = { action: "keep" } | { action: "replace" } | { action: "rename"; as: string };

export type ImportResult =
  | { ok: true; library: KpiLibrary; report: string[]; added: string[]; replaced: string[]; kept: string[] }
  | { ok: false; problems: KpiProblem[] };

/**
 * Carries out a plan with a decision for every conflict (by name, ignoring case). A conflict
 * without a decision refuses the whole import: nothing is ever overwritten by default. Replacing
 * keeps our KPI's place (and name, so formulas keep working); renaming adds theirs under a new,
 * unused name.
 */
export function applyImport(library: KpiLibrary, plan: ImportPlan, decisions: Record<string, ConflictDecision>): ImportResult {
  const decided = new Map(Object.entries(decisions).map(([k, v]) => [k.toLowerCase(), v]));
  const problems: KpiProblem[] = [];
  const next = library.slice();
  const added: string[] = [];
  const replaced: string[] = [];
  const kept: string[] = [];
  const report: string[] = [];
  const newNames: string[] = plan.additions.map((k) => k.name);
  for (const c of plan.conflicts) {
    const decision = decided.get(c.name.toLowerCase());
    if (!decision) {
      problems.push({ field: c.name, message: `Decide what to do with ${c.name}: keep ours, replace it, or import it under another name.` });
      continue;
    }
    if (decision.action === "keep") {
      kept.push(c.name);
      report.push(`Kept our ${c.name}; the file's version was not imported.`);
    } else if (decision.action === "replace") {
      const index = next.findIndex((k) => k.name.toLowerCase() === c.name.toLowerCase());
      next[index] = { ...c.theirs, name: c.ours.name };
      replaced.push(c.name);
      report.push(`Replaced ${c.name} with the file's definition (${c.differences.join(", ")} changed).`);
      const had = new Set(c.ours.inputs.map((i) => i.name.toLowerCase()));
      const needs = c.theirs.inputs.filter((i) => !had.has(i.name.toLowerCase())).map((i) => `"${i.name}"`);
      if (needs.length > 0) report.push(`Formulas that use KPI_${c.ours.name} must now also pass ${needs.join(", ")}; until then they show #VALUE!.`);
    } else if (decision.action === "rename") {
      const as = typeof decision.as === "string" ? decision.as.trim() : "";
      const taken = findKpi(library, as) || newNames.some((n) => n.toLowerCase() === as.toLowerCase());
      if (!KPI_NAME_PATTERN.test(as)) problems.push({ field: c.name, message: `${c.name}: "${as}" cannot be a KPI name; use letters, digits and _ only, starting with a letter.` });
      else if (taken) problems.push({ field: c.name, message: `${c.name}: the name ${as} is already taken; choose another.` });
      else {
        newNames.push(as);
        next.push({ ...c.theirs, name: as });
        added.push(as);
        report.push(`Imported the file's ${c.name} as ${as}; our ${c.name} is unchanged.`);
      }
    } else {
      problems.push({ field: c.name, message: `${c.name}: the decision must be keep, replace or rename.` });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  for (const k of plan.additions) {
    next.push(k);
    added.push(k.name);
  }
  if (plan.additions.length > 0) report.unshift(`Added ${plan.additions.map((k) => k.name).join(", ")}.`);
  if (plan.unchanged.length > 0) report.push(`Already up to date: ${plan.unchanged.join(", ")}.`);
  return { ok: true, library: next, report, added, replaced, kept };
}

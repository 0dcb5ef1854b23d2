/**
 * The team's KPI library as a plain list, and the operations the task pane offers on it. Every
 * operation returns a new list (or the problems, in plain words) and never changes its input, so
 * the pane can validate first and write to the workbook only when all is well.
 */
import { checkKpi, KpiDefinition, KpiProblem } from "./definition";

/** The library: KPIs in the order the user sees them. */
export type KpiLibrary = readonly KpiDefinition[];

export type LibraryChange =
  | { ok: true; library: KpiLibrary; kpi: KpiDefinition; warnings: string[] }
  | { ok: false; problems: KpiProblem[] };

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The KPI of that name (ignoring case), if any. */
export function findKpi(library: KpiLibrary, name: string): KpiDefinition | undefined {
  return library.find((k) => sameName(k.name, name));
}

/** A name for a copy that does not clash with the library: WinRate → WinRate_2, WinRate_3 … */
export function freeName(library: KpiLibrary, name: string, taken: readonly string[] = []): string {
  const used = (n: string) => findKpi(library, n) !== undefined || taken.some((t) => sameName(t, n));
  if (!used(name)) return name;
  const stem = name.replace(/_\d+$/, "").slice(0, 55);
  for (let i = 2; ; i++) if (!used(`${stem}_${i}`)) return `${stem}_${i}`;
}

/**
 * Adds a KPI after validating it; a name already in the library (ignoring case) is refused.
 * @example addKpi([], { name: "WinRate", expression: "won / (won + lost)", direction: "higher", inputs: […] })
 */
export function addKpi(library: KpiLibrary, candidate: unknown): LibraryChange {
  const checked = checkKpi(candidate);
  if (!checked.ok) return checked;
  const kpi = checked.value;
  const clash = findKpi(library, kpi.name);
  if (clash) {
    return { ok: false, problems: [{ field: "name", message: `There is already a KPI named ${clash.name}; choose another name, or edit ${clash.name}.` }] };
  }
  return { ok: true, library: [...library, kpi], kpi, warnings: [] };
}

/**
 * Replaces the KPI `name` with an edited version. The name cannot change, because formulas refer
 * to the KPI by its workbook name (KPI_<name>); to rename, add a KPI under the new name. An input
 * the expression now needs that it did not before comes back as a warning: existing formulas
 * show #VALUE! until they pass it. Dropping an input never breaks them (unused inputs are ignored).
 */
export function editKpi(library: KpiLibrary, name: string, candidate: unknown): LibraryChange {
  const index = library.findIndex((k) => sameName(k.name, name));
  if (index < 0) return { ok: false, problems: [{ field: "", message: `There is no KPI named ${name} in the library.` }] };
  const checked = checkKpi(candidate);
  if (!checked.ok) return checked;
  const before = library[index];
  const kpi = checked.value;
  if (kpi.name !== before.name) {
    if (!sameName(kpi.name, before.name)) {
      return {
        ok: false,
        problems: [{ field: "name", message: `A KPI's name cannot be changed: formulas use it as KPI_${before.name}. To rename it, add a new KPI named ${kpi.name} and delete ${before.name} once no formula uses it.` }],
      };
    }
    // Only the case differs: Excel names ignore case, so keep the one formulas already use.
    kpi.name = before.name;
  }
  const had = new Set(before.inputs.map((i) => i.name.toLowerCase()));
  const added = kpi.inputs.filter((i) => !had.has(i.name.toLowerCase())).map((i) => i.name);
  const warnings =
    added.length === 0
      ? []
      : [`Formulas that use KPI_${kpi.name} must now also pass ${added.map((a) => `"${a}"`).join(", ")} and ${added.length === 1 ? "its value" : "their values"}; until then they show #VALUE!.`];
  const next = library.slice();
  next[index] = kpi;
  return { ok: true, library: next, kpi, warnings };
}

/**
 * Removes the KPI `name`. The pane should first look for formulas that use it (see
 * kpiReferences in ./sheet) and say which would break.
 */
export function deleteKpi(library: KpiLibrary, name: string): { ok: true; library: KpiLibrary; kpi: KpiDefinition } | { ok: false; problems: KpiProblem[] } {
  const index = library.findIndex((k) => sameName(k.name, name));
  if (index < 0) return { ok: false, problems: [{ field: "", message: `There is no KPI named ${name} in the library.` }] };
  return { ok: true, library: library.filter((_, i) => i !== index), kpi: library[index] };
}

/**
 * Checks a whole list (read back from the sheet or a file): each KPI valid, names unique.
 * Problems name the KPI by its place (`placeOf`, "KPI 3" by default) and name, e.g.
 * "KPI 3 (WinRate): …".
 */
export function checkLibrary(
  candidates: readonly unknown[],
  placeOf: (index: number) => string = (i) => `KPI ${i + 1}`,
): { ok: true; library: KpiLibrary } | { ok: false; problems: KpiProblem[] } {
  const library: KpiDefinition[] = [];
  const problems: KpiProblem[] = [];
  candidates.forEach((candidate, i) => {
    const label = `${placeOf(i)}${nameIn(candidate) ? ` (${nameIn(candidate)})` : ""}`;
    const checked = checkKpi(candidate);
    if (!checked.ok) {
      for (const p of checked.problems) problems.push({ field: `${i}${p.field ? "." + p.field : ""}`, message: `${label}: ${p.message}` });
      return;
    }
    const clash = findKpi(library, checked.value.name);
    if (clash) problems.push({ field: `${i}.name`, message: `${label}: the name ${checked.value.name} is used twice (names ignore case).` });
    else library.push(checked.value);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, library };
}

function nameIn(candidate: unknown): string | undefined {
  const name = (candidate as { name?: unknown } | null)?.name;
  return typeof name === "string" && name.trim() !== "" ? name.trim().slice(0, 60) : undefined;
}

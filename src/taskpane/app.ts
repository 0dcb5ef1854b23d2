/**
 * The task pane: map columns, check data quality, build metric sheets, add SMART goals. It
 * touches the workbook only through the port, so the same pane runs in Excel and in the preview.
 * Every control has a label, everything works from the keyboard, progress is shown while a
 * template is written, and problems are said in plain words.
 */
import css from "./taskpane.css";
import { isoFromSerial, serialFromISO, todaySerial } from "../metrics/dates";
import { insertSample } from "../sample/insert";
import type { RangeData, WorkbookPort } from "../workbook/types";
import { checkAll, writeQualitySheet, writeTemplate, readSource } from "../templates/actions";
import { roleLabels, PERIODS, type PeriodKind } from "../templates/builder";
import { TEMPLATES } from "../templates/families";
import { addGoal, computeBaseline, goalFromForm, goalMetric, WINDOWS } from "../templates/goals";
import { EMPTY_MAPPING, loadMapping, mappedRoles, proposeMapping, saveSource, sourceFromChoice, type Mapping } from "../templates/mapping";
import { isRate, metric, missingRoles, TRACKABLE, type MetricDef } from "../templates/metrics";
import type { KpiReadiness } from "../templates/custom-kpi";
import type { DatasetQuality } from "../templates/quality";
import { DATASETS, dataset, type DatasetId } from "../templates/roles";
import { clear, h, uid } from "./dom";
import { plainError } from "./errors";
import { kpiSection } from "./kpi-section";

export interface PaneOptions {
  /** Today as a serial (tests pin it). */
  today?: () => number;
}

type Tone = "info" | "success" | "error" | "warning";


function injectStyles(): void {
  if (document.getElementById("crm-pane-styles")) return;
  document.head.append(h("style", { id: "crm-pane-styles" }, css));
}

export function mountPane(root: HTMLElement, port: WorkbookPort, options: PaneOptions = {}): void {
  injectStyles();
  const today = options.today ?? todaySerial;
  let mapping: Mapping = EMPTY_MAPPING;
  let quality: DatasetQuality[] | undefined;
  let busy = false;

  clear(root);
  const main = h("main", { className: "crm-pane", "aria-label": "CRM Metrics" });
  root.append(main);

  // Status: progress and outcomes (polite), errors (assertive).
  const status = h("div", { className: "message info", role: "status", "aria-live": "polite", id: "crm-status" });
  const error = h("div", { className: "message error", role: "alert", id: "crm-error" });
  const progress = h("progress", { id: "crm-progress", max: 1, value: 0, hidden: true, "aria-label": "Progress of the current step" });
  const say = (text: string, tone: Tone = "info") => {
    status.className = `message ${tone}`;
    status.textContent = text;
    if (tone !== "error") error.textContent = "";
  };
  const fail = (e: unknown) => {
    error.textContent = plainError(e);
    status.textContent = "";
  };

  const buttons: HTMLButtonElement[] = [];
  const button = (label: string, onClick: () => Promise<void> | void, attrs: Record<string, unknown> = {}) => {
    const b = h("button", { type: "button", ...attrs }, label);
    b.addEventListener("click", () => run(onClick));
    buttons.push(b);
    return b;
  };
  async function run(action: () => Promise<void> | void): Promise<void> {
    if (busy) return;
    busy = true;
    main.setAttribute("aria-busy", "true");
    for (const b of buttons) b.disabled = true;
    error.textContent = "";
    try {
      await action();
    } catch (e) {
      fail(e);
    } finally {
      busy = false;
      main.removeAttribute("aria-busy");
      progress.hidden = true;
      refreshButtons();
    }
  }

  // What the pane created, with a way to go there.
  const createdList = h("ul", { id: "crm-created" });
  const created = (sheet: string, what: string) => {
    const go = h("button", { type: "button", className: "link", "data-sheet": sheet }, `Go to ${sheet}`);
    go.addEventListener("click", () => run(() => port.apply([{ kind: "activate", sheet }])));
    createdList.prepend(h("li", {}, `${what} `, go));
    createdSection.hidden = false;
    return go;
  };

  // 1. Data: sample, mapping.
  const mappedList = h("ul", { id: "crm-mapped" });
  const editor = h("div", { id: "crm-mapping-editor" });
  const dataSection = h(
    "section",
    { "aria-labelledby": "crm-h-data" },
    h("h2", { id: "crm-h-data" }, "1. Your data"),
    h("p", {}, "Click any cell of a table of your CRM export (customers, invoices, deals, tickets, survey answers, marketing spend), then map it. The pane proposes what each column means; you confirm or change it."),
    h(
      "div",
      { className: "row" },
      button("Map the selected data", mapSelection, { className: "primary", id: "crm-map-selection" }),
      button("Map every table", mapAllTables, { id: "crm-map-all" }),
      button("Insert sample data", insertSampleData, { id: "crm-insert-sample" }),
    ),
    editor,
    h("h3", {}, "Mapped data"),
    mappedList,
  );

  function renderMapped(): void {
    // Which KPIs are usable depends on what is mapped.
    kpis.refresh();
    clear(mappedList);
    if (!mapping.sources.length) {
      mappedList.append(h("li", { className: "hint" }, "Nothing mapped yet."));
      return;
    }
    for (const s of mapping.sources) {
      const d = dataset(s.dataset);
      mappedList.append(h("li", { "data-dataset": s.dataset }, h("strong", {}, d.label), `: ${s.table ? `table ${s.table}` : `${s.sheet}!${s.address}`}, ${Object.keys(s.columns).length} columns (${roleLabels(Object.keys(s.columns)).join(", ")})`));
    }
  }

  async function insertSampleData(): Promise<void> {
    say("Writing the sample data…");
    const inserted = await insertSample(port, today());
    for (const t of inserted) created(t.sheet, `Sample sheet "${t.sheet}" (${t.rows.toLocaleString("en-US")} rows, table ${t.table}).`);
    say(`Inserted two years of sample CRM data on ${inserted.length} new sheets. Now map them: "Map every table" does it in one go.`, "success");
  }

  function showEditor(block: RangeData, forced?: DatasetId): void {
    clear(editor);
    const proposal = proposeMapping(block, forced);
    const d = dataset(proposal.dataset);
    const datasetId = uid("crm-dataset");
    const select = h("select", { id: datasetId }, ...DATASETS.map((x) => h("option", { value: x.id, selected: x.id === d.id }, x.label)));
    select.addEventListener("change", () => showEditor(block, select.value as DatasetId));
    const headers = (block.values[0] ?? []).map((v) => (v === null ? "" : String(v)));
    const firstRow = block.values[1] ?? [];
    const roleSelects: HTMLSelectElement[] = [];
    const rows = proposal.columns.map((c, i) => {
      const id = uid("crm-role");
      const s = h(
        "select",
        { id, "data-column": c.header },
        h("option", { value: "" }, "Not used"),
        ...d.roles.map((r) => h("option", { value: r.id, selected: c.role === r.id }, `${r.label}${r.required ? " (required)" : ""}`)),
      );
      roleSelects.push(s);
      const sample = firstRow[i];
      return h(
        "tr",
        {},
        h("td", {}, h("label", { for: id }, c.header || `(column ${i + 1})`)),
        h("td", {}, s),
        h("td", { className: "hint" }, sample === null || sample === undefined ? "" : String(sample).slice(0, 24)),
      );
    });
    const problems = h("div", { className: "message error", role: "alert" });
    const save = h("button", { type: "button", className: "primary", id: "crm-save-mapping" }, "Save the mapping");
    save.addEventListener("click", () =>
      run(async () => {
        problems.textContent = "";
        let source;
        try {
          source = sourceFromChoice(block, select.value as DatasetId, roleSelects.map((s) => s.value || null));
        } catch (e) {
          problems.textContent = plainError(e);
          return;
        }
        mapping = await saveSource(port, mapping, source, headers);
        quality = undefined;
        clear(editor);
        renderMapped();
        say(`Mapped ${dataset(source.dataset).label} (${Object.keys(source.columns).length} columns). Formulas refer to it through names such as CRM_${Object.keys(source.columns)[0]}.`, "success");
        await showQuality(source.dataset);
      }),
    );
    const cancel = h("button", { type: "button" }, "Cancel");
    cancel.addEventListener("click", () => clear(editor));
    editor.append(
      h(
        "div",
        { className: "template", role: "group", "aria-labelledby": `${datasetId}-title` },
        h("h3", { id: `${datasetId}-title` }, `Columns of ${block.table ? `table ${block.table}` : `${block.sheet}!${block.address}`}`),
        h("label", { for: datasetId }, "This data holds"),
        select,
        h("p", { className: "hint" }, `One row is ${d.row}. ${proposal.missing.length ? `No column was recognised for: ${roleLabels(proposal.missing).join(", ")}; choose one below.` : "Check the proposed roles below."}`),
        h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Column"), h("th", { scope: "col" }, "Role"), h("th", { scope: "col" }, "First value"))), h("tbody", {}, ...rows)),
        problems,
        h("div", { className: "row" }, save, cancel),
      ),
    );
    select.focus();
  }

  async function mapSelection(): Promise<void> {
    const block = await port.selectedBlock();
    if (block.values.length < 2) throw new Error("Select a cell inside a table of data with a header row (or the whole block), then try again.");
    showEditor(block);
    say(`Proposed a mapping for ${block.table ? `table ${block.table}` : `${block.sheet}!${block.address}`}. Check it and save.`);
  }

  async function mapAllTables(): Promise<void> {
    const tables = await port.tables();
    if (!tables.length) throw new Error("There is no Excel table in this workbook. Select your data and use \"Map the selected data\", or insert the sample data.");
    const done: string[] = [];
    const skipped: string[] = [];
    for (const [i, t] of tables.entries()) {
      progress.hidden = false;
      progress.max = tables.length;
      progress.value = i;
      say(`Mapping table ${t.name} (${i + 1} of ${tables.length})…`);
      const block = { ...(await port.read(t.sheet, t.address)), table: t.name };
      const p = proposeMapping(block);
      const taken = mapping.sources.some((s) => s.dataset === p.dataset && s.table !== t.name);
      if (p.missing.length || taken || p.scores[0].score < 2) {
        skipped.push(t.name);
        continue;
      }
      mapping = await saveSource(port, mapping, sourceFromChoice(block, p.dataset, p.columns.map((c) => c.role)), block.values[0].map((v) => String(v ?? "")));
      done.push(`${t.name} as ${dataset(p.dataset).label}`);
    }
    quality = undefined;
    renderMapped();
    say(`Mapped ${done.length} table${done.length === 1 ? "" : "s"}: ${done.join("; ") || "none"}.${skipped.length ? ` Not recognised: ${skipped.join(", ")} (select one and use "Map the selected data").` : ""}`, done.length ? "success" : "warning");
    if (done.length) await showQuality();
  }

  // 2. Data quality.
  const qualityReport = h("div", { id: "crm-quality" });
  const qualitySection = h(
    "section",
    { "aria-labelledby": "crm-h-quality" },
    h("h2", { id: "crm-h-quality" }, "2. Data quality"),
    h("p", {}, "Before anything is built, the pane checks the mapped data. Metrics use the valid rows only; the rest are counted here."),
    h("div", { className: "row" }, button("Check the data", () => showQuality(), { id: "crm-check" }), button("Write a Data quality sheet", writeQuality, { id: "crm-write-quality" })),
    qualityReport,
  );

  async function showQuality(only?: DatasetId): Promise<void> {
    if (!mapping.sources.length) throw new Error("Map your data first (section 1).");
    say("Checking the data…");
    quality = await checkAll(port, mapping);
    clear(qualityReport);
    for (const q of quality) {
      const items = q.issues.map((i) =>
        h("li", {}, h("span", { className: "count" }, i.count.toLocaleString("en-US")), ` × ${i.text}${i.excluded ? "" : ""}. First: ${i.cells.join(", ")}${i.count > i.cells.length ? " …" : ""}`),
      );
      const left = q.excluded
        ? `${q.excluded.toLocaleString("en-US")} of ${q.rows.toLocaleString("en-US")} rows left out of the metrics, ${q.valid.toLocaleString("en-US")} used.`
        : `all ${q.rows.toLocaleString("en-US")} rows used.`;
      qualityReport.append(
        h("div", { className: `message ${q.excluded ? "warning" : q.issues.length ? "info" : "success"}`, "data-dataset": q.dataset }, h("strong", {}, q.label), `: ${left}`, items.length ? h("ul", {}, ...items) : h("p", { className: "hint" }, "No problems found.")),
      );
    }
    const total = quality.reduce((n, q) => n + q.excluded, 0);
    say(total ? `Checked ${quality.length} datasets: ${total.toLocaleString("en-US")} rows left out (see why below).` : `Checked ${quality.length} datasets: no rows left out.`, total ? "warning" : "success");
    void only;
  }

  async function writeQuality(): Promise<void> {
    if (!mapping.sources.length) throw new Error("Map your data first (section 1).");
    quality ??= await checkAll(port, mapping);
    const sheet = await writeQualitySheet(port, quality, today());
    created(sheet, `Sheet "${sheet}" with the data-quality report.`);
    say(`Wrote the report to the new sheet "${sheet}".`, "success");
  }

  // 3. Metric sheets.
  const periodId = uid("crm-period");
  const periodSelect = h("select", { id: periodId }, ...PERIODS.map((p) => h("option", { value: p }, p)));
  const templateNeeds = new Map<string, HTMLElement>();
  const templateButtons = new Map<string, HTMLButtonElement>();
  const templateList = h(
    "div",
    {},
    ...TEMPLATES.map((t) => {
      const needs = h("p", { className: "hint", id: `crm-needs-${t.id}` });
      templateNeeds.set(t.id, needs);
      const b = button(`Build "${t.title}"`, () => buildTemplateSheet(t.id), { className: "primary", id: `crm-build-${t.id}`, "aria-describedby": `crm-needs-${t.id}` });
      templateButtons.set(t.id, b);
      return h("div", { className: "template" }, h("p", {}, t.description), b, needs);
    }),
  );
  // Custom KPIs of the team's library, connected to the data, go onto whichever sheet is built.
  const templateKpis = h("div", { id: "crm-template-kpis" });
  const templatesSection = h(
    "section",
    { "aria-labelledby": "crm-h-templates" },
    h("h2", { id: "crm-h-templates" }, "3. Metric sheets"),
    h("p", {}, "Each sheet shows every metric twice, as a CRM function and as a native Excel formula that works without the add-in, with a monthly trend and a chart. Only new sheets are added."),
    h("label", { for: periodId }, "Period to show first"),
    periodSelect,
    h("fieldset", { "aria-describedby": "crm-template-kpis-hint" }, h("legend", {}, "Your own KPIs to add to the sheet"), templateKpis, h("p", { className: "hint", id: "crm-template-kpis-hint" }, "KPIs of your team's library (section 5) that are connected to your data; each is added beside the template's metrics and to its trend.")),
    templateList,
  );
  let customReady: readonly KpiReadiness[] = [];
  const customMetrics = (): MetricDef[] => customReady.flatMap((r) => (r.metric ? [r.metric] : []));
  function renderTemplateKpis(): void {
    const checked = new Set(Array.from(templateKpis.querySelectorAll<HTMLInputElement>("input:checked")).map((c) => c.value));
    clear(templateKpis);
    const usable = customMetrics();
    if (!usable.length) {
      templateKpis.append(h("p", { className: "hint" }, "None connected yet."));
      return;
    }
    for (const m of usable) {
      const id = `crm-template-kpi-${m.label}`;
      templateKpis.append(h("div", { className: "choice" }, h("input", { type: "checkbox", id, value: m.id, checked: checked.has(m.id) }), h("label", { for: id }, m.label)));
    }
  }
  const chosenTemplateKpis = (): MetricDef[] => {
    const ids = new Set(Array.from(templateKpis.querySelectorAll<HTMLInputElement>("input:checked")).map((c) => c.value));
    return customMetrics().filter((m) => ids.has(m.id));
  };

  async function buildTemplateSheet(id: (typeof TEMPLATES)[number]["id"]): Promise<void> {
    if (!mapping.sources.length) throw new Error("Map your data first (section 1).");
    quality ??= await checkAll(port, mapping);
    progress.hidden = false;
    progress.value = 0;
    const built = await writeTemplate(port, mapping, id, {
      today: today(),
      periodKind: periodSelect.value as PeriodKind,
      extra: chosenTemplateKpis(),
      progress: (done, total, label) => {
        progress.max = total;
        progress.value = done;
        say(done < total ? `${label} (step ${done + 1} of ${total})…` : "Finishing…");
      },
    });
    const t = TEMPLATES.find((x) => x.id === id)!;
    const left = quality.filter((q) => q.excluded).map((q) => `${q.excluded} ${q.label.toLowerCase()} rows`);
    created(built.sheet, `Sheet "${built.sheet}": ${built.twins.length} metrics, each as a CRM function and a native formula, a 12-month trend and a chart.`);
    say(
      `Built "${built.sheet}".${built.skipped.length ? ` Left out for want of columns: ${built.skipped.map((s) => `${s.label} (map ${roleLabels(s.missing).join(", ")})`).join("; ")}.` : ""}${left.length ? ` Built on valid rows only: ${left.join(", ")} left out (see Data quality).` : ""}`,
      "success",
    );
    void t;
  }

  // 4. SMART goal.
  const goalProblems = h("div", { className: "message error", role: "alert", id: "crm-goal-problems" });
  const field = (name: string, label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string) => {
    const id = `crm-goal-${name}`;
    control.id = id;
    control.setAttribute("name", name);
    const hintId = hint ? `${id}-hint` : undefined;
    if (hintId) control.setAttribute("aria-describedby", hintId);
    return h("div", { className: "field" }, h("label", { for: id }, label), control, hint ? h("p", { className: "hint", id: hintId }, hint) : null);
  };
  const metricSelect = h("select", {}, ...TRACKABLE.map((m) => h("option", { value: m.id }, m.label)));
  const kpiOptions = h("optgroup", { label: "Your own KPIs (KPI library)" });
  /** The goal's metric: a catalogue metric or a connected KPI of the library. */
  const chosenMetric = () => goalMetric(metricSelect.value, customMetrics());
  function renderGoalKpis(): void {
    const selected = metricSelect.value;
    clear(kpiOptions);
    for (const m of customMetrics()) kpiOptions.append(h("option", { value: m.id }, m.label));
    if (kpiOptions.children.length && !kpiOptions.parentElement) metricSelect.append(kpiOptions);
    if (!kpiOptions.children.length) kpiOptions.remove();
    if (Array.from(metricSelect.options).some((o) => o.value === selected)) metricSelect.value = selected;
    else {
      metricSelect.value = TRACKABLE[0].id;
      updateUnit();
    }
  }
  const windowSelect = h("select", {}, ...Object.entries(WINDOWS).map(([k, v]) => h("option", { value: k }, v)));
  const baselineInput = h("input", { type: "text", inputmode: "decimal", autocomplete: "off" });
  const targetInput = h("input", { type: "text", inputmode: "decimal", autocomplete: "off" });
  const startInput = h("input", { type: "date" });
  const deadlineInput = h("input", { type: "date" });
  const unitHint = h("p", { className: "hint", id: "crm-goal-unit" });
  const form = h(
    "form",
    { id: "crm-goal-form", novalidate: true, "aria-labelledby": "crm-h-goal" },
    field("specific", "Specific: what do you want to achieve?", h("textarea", {}), "For example: reduce monthly customer churn among SMB customers."),
    field("metric", "Measurable: the metric that tracks it", metricSelect),
    field("window", "Measured over", windowSelect),
    field("baseline", "Baseline (computed from your data, editable)", baselineInput, "The metric over the full month before the start date."),
    field("target", "Target", targetInput),
    unitHint,
    field("achievable", "Achievable: why is it within reach?", h("textarea", {}), "People, budget, or past results that make the target realistic."),
    field("relevant", "Relevant: which business aim does it serve?", h("textarea", {})),
    field("startDate", "Time-bound: start date", startInput),
    field("deadline", "Time-bound: deadline", deadlineInput),
    field("owner", "Owner", h("input", { type: "text", autocomplete: "name" })),
    goalProblems,
    h("div", { className: "row" }, h("button", { type: "submit", className: "primary", id: "crm-add-goal" }, "Add the goal")),
  );
  buttons.push(form.querySelector("button[type=submit]") as HTMLButtonElement);
  const goalSection = h(
    "section",
    { "aria-labelledby": "crm-h-goal" },
    h("h2", { id: "crm-h-goal" }, "4. SMART goal"),
    h("p", {}, "A goal becomes a row of the Goals sheet: its current value is a live formula over your data, with progress and status beside it."),
    form,
  );

  let baselineTouched = false;
  // The computed baseline unrounded: the form shows it rounded, the goal keeps it exact.
  let exactBaseline: number | undefined;
  baselineInput.addEventListener("input", () => (baselineTouched = true));
  const updateUnit = () => {
    const m = chosenMetric();
    const kpi = customReady.find((r) => r.metric?.id === m.id)?.kpi;
    if (kpi && !isRate(m)) unitHint.textContent = `${m.label} is your own KPI, in ${kpi.unit || "the unit of its expression"}: ${kpi.expression}.`;
    else unitHint.textContent = isRate(m) ? `${m.label} is a rate: type percentages, such as 5 or 5%.` : `${m.label} is in ${m.unit === "score" ? "points (−100 to 100)" : m.unit}.`;
  };
  async function refreshBaseline(): Promise<void> {
    updateUnit();
    const m = chosenMetric();
    if (baselineTouched || !startInput.value || (!mapping.sources.length && m.needs.length)) return;
    const start = startInput.value;
    const v = await computeBaseline(port, mapping, m.id, serialFromISO(start) ?? today(), today(), customMetrics()).catch((e) => plainError(e));
    if (typeof v === "number") {
      exactBaseline = isRate(m) ? v * 100 : v;
      baselineInput.value = isRate(m) ? String(Math.round(v * 10000) / 100) : String(Math.round(v * 100) / 100);
      say(`Baseline of ${m.label.toLowerCase()} from your data: ${baselineInput.value}${isRate(m) ? "%" : ""}.`);
    } else {
      exactBaseline = undefined;
      baselineInput.value = "";
      say(v, "warning");
    }
  }
  metricSelect.addEventListener("change", () => {
    baselineTouched = false;
    exactBaseline = undefined;
    void refreshBaseline();
  });
  startInput.addEventListener("change", () => void refreshBaseline());

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void run(async () => {
      goalProblems.textContent = "";
      for (const el of Array.from(form.querySelectorAll("[aria-invalid]"))) el.removeAttribute("aria-invalid");
      const custom = customMetrics();
      if (!mapping.sources.length && chosenMetric().needs.length) throw new Error("Map your data first (section 1): the goal's current value is computed from it.");
      const fields: Record<string, string> = {};
      for (const el of Array.from(form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("[name]"))) fields[el.name] = el.value;
      if (!baselineTouched && exactBaseline !== undefined && fields.baseline) fields.baseline = String(exactBaseline);
      const result = goalFromForm(fields, today(), custom);
      if ("problems" in result) {
        goalProblems.append(h("p", {}, "This goal is not SMART yet:"), h("ul", {}, ...result.problems.map((p) => h("li", {}, p.message))));
        const fieldsWithProblems = [...new Set(result.problems.map((p) => p.field))];
        for (const f of fieldsWithProblems) form.querySelector(`[name="${f}"]`)?.setAttribute("aria-invalid", "true");
        (form.querySelector(`[name="${fieldsWithProblems[0]}"]`) as HTMLElement | null)?.focus();
        say("The goal was not added: see the problems in the form.", "warning");
        return;
      }
      const missing = missingRoles(goalMetric(result.goal.metric, custom), mappedRoles(mapping));
      if (missing.length) throw new Error(`${goalMetric(result.goal.metric, custom).label} needs these columns mapped first: ${roleLabels(missing).join(", ")}.`);
      say("Adding the goal…");
      const added = await addGoal(port, mapping, result.goal, today(), custom);
      created(added.sheet, added.created ? `Sheet "${added.sheet}" with your first goal (row ${added.row}).` : `Goal added to "${added.sheet}", row ${added.row}.`);
      say(`Added the goal to "${added.sheet}", row ${added.row}.${result.warnings.length ? ` Note: ${result.warnings.join(" ")}` : ""}`, result.warnings.length ? "warning" : "success");
    });
  });

  // 5. The team's KPI library.
  const kpis = kpiSection({
    port,
    run,
    say,
    created: (sheet, what) => void created(sheet, what),
    mapping: () => mapping,
    today,
    changed: (ready) => {
      customReady = ready;
      renderTemplateKpis();
      renderGoalKpis();
      // A KPI's expression or connection may have changed: its baseline with it.
      if (customReady.some((r) => r.metric?.id === metricSelect.value)) void refreshBaseline();
    },
  });

  // What was created.
  const createdSection = h("section", { "aria-labelledby": "crm-h-created", hidden: true }, h("h2", { id: "crm-h-created" }, "Created by the pane"), h("p", { className: "hint" }, "To undo, delete these sheets: the pane never writes into your own sheets."), createdList);

  function refreshButtons(): void {
    const mapped = mappedRoles(mapping);
    for (const b of buttons) b.disabled = false;
    for (const t of TEMPLATES) {
      const missing = [...new Set(t.metrics.flatMap((id) => missingRoles(metric(id), mapped)))];
      const usable = t.metrics.some((id) => missingRoles(metric(id), mapped).length === 0);
      const needs = templateNeeds.get(t.id)!;
      needs.textContent = usable ? (missing.length ? `Some metrics need more columns: ${roleLabels(missing).join(", ")}.` : "Ready.") : `Needs mapped columns: ${roleLabels(missing).join(", ")}.`;
      templateButtons.get(t.id)!.disabled = !usable;
    }
  }

  main.append(
    h("header", {}, h("h1", {}, "CRM Metrics"), h("p", { className: "hint" }, "Map your CRM data, check it, build metric sheets and SMART goals that recalculate with your data.")),
    status,
    error,
    progress,
    dataSection,
    qualitySection,
    templatesSection,
    goalSection,
    kpis.section,
    createdSection,
  );

  // Defaults: start today, deadline in three months.
  const t0 = today();
  startInput.value = isoFromSerial(t0);
  deadlineInput.value = isoFromSerial(t0 + 91);
  updateUnit();
  renderMapped();
  refreshButtons();
  void run(async () => {
    const loaded = await loadMapping(port);
    mapping = loaded.mapping;
    await kpis.load().catch((e) => say(`The KPI library could not be read: ${plainError(e)}`, "warning"));
    renderMapped();
    if (loaded.problem) say(loaded.problem, "warning");
    else if (mapping.sources.length) {
      say(`Loaded the column mapping saved in this workbook (${mapping.sources.length} datasets).`);
      for (const s of mapping.sources) await readSource(port, s).catch(() => say(`${dataset(s.dataset).label} is no longer where it was mapped; map it again.`, "warning"));
    } else say("Start by mapping your data, or insert the sample data to try the pane.");
  });
}

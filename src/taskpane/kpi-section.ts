/**
 * The task pane's "Team KPI library" section: lists the KPIs kept in the workbook, adds, edits and
 * deletes them, connects their inputs to the mapped data (so templates and goals can use them),
 * and exports or imports the library as a file. Validation happens before anything is written,
 * and each problem is shown next to the field it is about. Every workbook step goes through
 * src/kpi/workbook.ts and src/templates/custom-kpi.ts, which the tests run without a DOM.
 */
import { checkKpi, DIRECTIONS, nameFromTitle, type Direction, type KpiDefinition, type KpiProblem } from "../kpi/definition";
import { describePlan, exportLibrary, type ConflictDecision, type ImportPlan } from "../kpi/exchange";
import type { KpiLibrary } from "../kpi/library";
import { kpiWorkbookName } from "../kpi/sheet";
import { addKpiToWorkbook, deleteKpiFromWorkbook, editKpiInWorkbook, importIntoWorkbook, kpiUses, loadLibrary, previewImport } from "../kpi/workbook";
import { isMetricError } from "../metrics/errors";
import { sandbox } from "../metrics/kpi-sandbox";
import { isoFromSerial } from "../metrics/dates";
import { bindingChoices, checkBindings, describeBinding, loadConnections, NO_CONNECTIONS, readiness, saveConnection, type Connections, type KpiBinding, type KpiReadiness } from "../templates/custom-kpi";
import type { Mapping } from "../templates/mapping";
import type { WorkbookPort } from "../workbook/types";
import { clear, h } from "./dom";

type Tone = "info" | "success" | "error" | "warning";

/** What the section needs from the pane around it. */
export interface KpiHost {
  port: WorkbookPort;
  /** Runs one action at a time; a thrown error is shown in the pane's error area. */
  run(action: () => Promise<void> | void): Promise<void>;
  say(text: string, tone?: Tone): void;
  created(sheet: string, what: string): void;
  mapping(): Mapping;
  today(): number;
  /** The library or its connections changed: templates and goals list the usable KPIs again. */
  changed(ready: readonly KpiReadiness[]): void;
}

export interface KpiSection {
  section: HTMLElement;
  /** Reads the library and the connections from the workbook. */
  load(): Promise<void>;
  /** Recomputes which KPIs are usable (after the mapping changed). */
  refresh(): void;
  /** Each KPI with its connection and, when usable, its metric. */
  ready(): readonly KpiReadiness[];
}

const DIRECTION_LABELS: Record<Direction, string> = { higher: "Higher is better", lower: "Lower is better" };

/** Safe for an id attribute: KPI names are letters, digits and _, but be strict anyway. */
const idPart = (name: string) => name.replace(/[^A-Za-z0-9_]/g, "_");

/** Offers the text as a file download (a Blob link, which Excel's pane and browsers both follow). */
function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = h("a", { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The names an expression uses, spelled as typed ("Won" stays "Won"); [] when it does not parse. */
function namesIn(expression: string): string[] {
  const checked = sandbox(expression);
  if (isMetricError(checked)) return [];
  return checked.names.map((n) => new RegExp(`(?<![A-Za-z0-9_])(${n})(?![A-Za-z0-9_])`, "i").exec(expression)?.[1] ?? n);
}

export function kpiSection(host: KpiHost): KpiSection {
  let library: KpiLibrary = [];
  let sheetProblems: KpiProblem[] = [];
  let connections: Connections = NO_CONNECTIONS;
  let ready: KpiReadiness[] = [];
  let sheetName: string | undefined;

  const list = h("ul", { className: "kpis", id: "crm-kpi-list", "aria-label": "KPIs in this workbook" });
  const sheetNote = h("div", { className: "message warning", id: "crm-kpi-sheet-problems", role: "status" });
  const formHost = h("div", { id: "crm-kpi-form-host" });
  const importArea = h("div", { id: "crm-kpi-import" });
  const exportText = h("textarea", { id: "crm-kpi-export-text", readonly: true, rows: 6, spellcheck: "false" });
  const exportDetails = h(
    "details",
    { id: "crm-kpi-export-details", hidden: true },
    h("summary", {}, "The exported file's text"),
    h("label", { for: "crm-kpi-export-text" }, "If the download does not start (some Excel versions block it), copy this text into a file named kpi-library.json"),
    exportText,
  );
  const fileInput = h("input", { type: "file", id: "crm-kpi-import-file", accept: ".json,application/json", "aria-describedby": "crm-kpi-import-hint" });

  const addButton = h("button", { type: "button", className: "primary", id: "crm-kpi-add" }, "Add a KPI");
  addButton.addEventListener("click", () => openForm());
  const exportButton = h("button", { type: "button", id: "crm-kpi-export" }, "Export the library");
  exportButton.addEventListener("click", () => host.run(exportFile));
  const reloadButton = h("button", { type: "button", id: "crm-kpi-reload" }, "Read the sheet again");
  reloadButton.addEventListener("click", () =>
    host.run(async () => {
      await load();
      host.say(sheetProblems.length ? "Read the KPI library sheet: it needs fixing (see the KPI library section)." : `Read the KPI library: ${library.length} KPI${library.length === 1 ? "" : "s"}.`, sheetProblems.length ? "warning" : "info");
    }),
  );
  fileInput.addEventListener("change", () => host.run(readImportFile));

  const section = h(
    "section",
    { "aria-labelledby": "crm-h-kpi", id: "crm-kpi-section" },
    h("h2", { id: "crm-h-kpi" }, "5. Team KPI library"),
    h(
      "p",
      {},
      "Your team's own KPIs, defined once as a formula over named inputs and kept in this workbook (on the KPI library sheet), so everyone who opens it has them. Use one in any cell as ",
      h("code", {}, '=CRM.KPI(KPI_WinRate, "won", B2, "lost", B3)'),
      ", or connect it to your data to put it on a metric sheet (section 3) or make it a goal (section 4).",
    ),
    h("div", { className: "row" }, addButton, exportButton, reloadButton),
    sheetNote,
    formHost,
    list,
    h("h3", {}, "Import a library file"),
    h("label", { for: "crm-kpi-import-file" }, "Choose a .json file exported from another workbook"),
    fileInput,
    h("p", { className: "hint", id: "crm-kpi-import-hint" }, "You see what the file would add and decide about each KPI that differs from yours before anything is written."),
    importArea,
    exportDetails,
  );

  function refresh(): void {
    ready = readiness(library, connections, host.mapping());
    render();
    host.changed(ready);
  }

  async function load(): Promise<void> {
    const stored = await loadLibrary(host.port);
    library = stored.library;
    sheetProblems = stored.problems;
    sheetName = stored.place?.sheet;
    connections = await loadConnections(host.port);
    refresh();
  }

  function render(): void {
    clear(sheetNote);
    if (sheetProblems.length) {
      sheetNote.append(
        h("p", {}, `The ${sheetName ?? "KPI library"} sheet was edited by hand and the pane cannot read it. Fix these rows there, then press "Read the sheet again":`),
        h("ul", {}, ...sheetProblems.map((p) => h("li", {}, p.message))),
      );
    }
    clear(list);
    if (!library.length && !sheetProblems.length) {
      list.append(h("li", { className: "hint" }, "No KPIs yet. Add one, for example WinRate = won / (won + lost)."));
    }
    for (const r of ready) list.append(card(r));
  }

  function card(r: KpiReadiness): HTMLElement {
    const k = r.kpi;
    const id = idPart(k.name);
    const panel = h("div", { className: "kpi-panel", id: `crm-kpi-panel-${id}` });
    const edit = h("button", { type: "button", id: `crm-kpi-edit-${id}`, "aria-label": `Edit ${k.name}` }, "Edit");
    edit.addEventListener("click", () => openForm(k));
    const connect = h("button", { type: "button", id: `crm-kpi-connect-${id}`, "aria-label": `Connect ${k.name} to your data` }, "Connect to data");
    connect.addEventListener("click", () => openConnect(r, panel));
    const remove = h("button", { type: "button", id: `crm-kpi-delete-${id}`, "aria-label": `Delete ${k.name}` }, "Delete");
    remove.addEventListener("click", () => host.run(() => confirmDelete(k, panel)));
    const facts = [DIRECTION_LABELS[k.direction], k.unit ? `unit ${k.unit}` : "", k.owner ? `owner ${k.owner}` : ""].filter(Boolean).join(" · ");
    const connection = r.bindings
      ? `${r.metric ? "Connected" : "Connected, not usable yet"}: ${k.inputs.map((i) => `${i.name} = ${describeBinding(r.bindings![i.name.toLowerCase()])}`).join("; ")}.${r.reason ? ` ${r.reason}` : ""}`
      : (r.reason ?? "");
    return h(
      "li",
      { className: "template kpi", "data-kpi": k.name },
      h("h3", {}, k.name, " ", h("span", { className: "hint" }, kpiWorkbookName(k.name))),
      h("p", {}, h("code", {}, k.expression)),
      h("p", { className: "hint" }, facts),
      k.description ? h("p", { className: "hint" }, k.description) : null,
      h("p", { className: "hint" }, `Inputs: ${k.inputs.map((i) => `${i.name} (${i.description})`).join(", ")}`),
      h("p", { className: `hint ${r.metric ? "ok" : ""}`, "data-connection": r.metric ? "ready" : "not-ready" }, connection),
      h("div", { className: "row" }, edit, connect, remove),
      panel,
    );
  }

  // Adding and editing.
  function openForm(existing?: KpiDefinition): void {
    clear(formHost);
    const title = existing ? `Edit ${existing.name}` : "New KPI";
    const fieldErrors = new Map<string, HTMLElement>();
    const controls = new Map<string, HTMLElement>();
    const field = (key: string, label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string) => {
      const id = `crm-kpi-${key}`;
      control.id = id;
      control.setAttribute("name", key);
      const error = h("p", { className: "field-error", id: `${id}-error` });
      fieldErrors.set(key, error);
      controls.set(key, control);
      control.setAttribute("aria-describedby", [hint ? `${id}-hint` : "", `${id}-error`].filter(Boolean).join(" "));
      return h("div", { className: "field" }, h("label", { for: id }, label), control, hint ? h("p", { className: "hint", id: `${id}-hint` }, hint) : null, error);
    };
    const name = h("input", { type: "text", autocomplete: "off", spellcheck: "false", value: existing?.name ?? "" });
    if (existing) name.readOnly = true;
    const expression = h("input", { type: "text", autocomplete: "off", spellcheck: "false", className: "mono", value: existing?.expression ?? "" });
    const unit = h("input", { type: "text", autocomplete: "off", value: existing?.unit ?? "" });
    const direction = h("select", {}, ...DIRECTIONS.map((d) => h("option", { value: d, selected: (existing?.direction ?? "higher") === d }, DIRECTION_LABELS[d])));
    const owner = h("input", { type: "text", autocomplete: "name", value: existing?.owner ?? "" });
    const description = h("textarea", {}, existing?.description ?? "");
    const problems = h("div", { className: "message error", role: "alert", id: "crm-kpi-form-problems" });

    // Inputs: one row each, rebuilt whenever one is added or removed.
    const inputsBox = h("div", { id: "crm-kpi-inputs-rows" });
    const inputsError = h("p", { className: "field-error", id: "crm-kpi-inputs-error" });
    fieldErrors.set("inputs", inputsError);
    let rows: { name: HTMLInputElement; description: HTMLInputElement; error: HTMLElement }[] = [];
    const values = () => rows.map((r) => ({ name: r.name.value, description: r.description.value }));
    const renderInputs = (items: { name: string; description: string }[]) => {
      clear(inputsBox);
      rows = items.map((item, i) => {
        const n = h("input", { type: "text", id: `crm-kpi-input-${i}-name`, autocomplete: "off", spellcheck: "false", value: item.name, "aria-describedby": `crm-kpi-input-${i}-error` });
        const d = h("input", { type: "text", id: `crm-kpi-input-${i}-description`, autocomplete: "off", value: item.description, "aria-describedby": `crm-kpi-input-${i}-error` });
        const error = h("p", { className: "field-error", id: `crm-kpi-input-${i}-error` });
        const remove = h("button", { type: "button", className: "link", "aria-label": `Remove input ${i + 1}${item.name ? ` (${item.name})` : ""}` }, "Remove");
        remove.addEventListener("click", () => {
          const next = values();
          next.splice(i, 1);
          renderInputs(next);
          (rows[Math.min(i, rows.length - 1)]?.name ?? addInput).focus();
        });
        inputsBox.append(
          h(
            "div",
            { className: "kpi-input", "data-input": String(i) },
            h("div", {}, h("label", { for: n.id }, `Input ${i + 1}: name`), n),
            h("div", {}, h("label", { for: d.id }, `Input ${i + 1}: what it is`), d),
            remove,
            error,
          ),
        );
        return { name: n, description: d, error };
      });
    };
    renderInputs(existing ? existing.inputs.map((i) => ({ ...i })) : []);
    const addInput = h("button", { type: "button", id: "crm-kpi-add-input" }, "Add an input");
    addInput.addEventListener("click", () => {
      renderInputs([...values(), { name: "", description: "" }]);
      rows[rows.length - 1].name.focus();
    });
    // The expression names its inputs: declare the new ones for the user, who then describes them.
    const takeInputs = () => {
      const have = new Set(values().map((v) => v.name.trim().toLowerCase()));
      const missing = namesIn(expression.value).filter((n) => !have.has(n.toLowerCase()));
      if (!missing.length) return false;
      renderInputs([...values().filter((v) => v.name.trim() || v.description.trim()), ...missing.map((n) => ({ name: n, description: "" }))]);
      return true;
    };
    const findInputs = h("button", { type: "button", id: "crm-kpi-find-inputs" }, "Take the inputs from the expression");
    findInputs.addEventListener("click", () => {
      if (takeInputs()) rows.find((r) => !r.description.value.trim())?.description.focus();
    });
    expression.addEventListener("change", () => void takeInputs());
    name.addEventListener("change", () => {
      // "Win rate" cannot be a workbook name; offer the nearest one that can.
      if (existing || /^[A-Za-z][A-Za-z0-9_]*$/.test(name.value.trim()) || !name.value.trim()) return;
      const suggested = nameFromTitle(name.value);
      if (suggested) {
        fieldErrors.get("name")!.textContent = "";
        name.value = suggested;
        nameHint.textContent = `Workbook names have no spaces, so the KPI is named ${suggested} (used as KPI_${suggested}).`;
      }
    });

    const save = h("button", { type: "submit", className: "primary", id: "crm-kpi-save" }, existing ? "Save the changes" : "Add the KPI");
    const cancel = h("button", { type: "button", id: "crm-kpi-cancel" }, "Cancel");
    const close = () => {
      clear(formHost);
      (existing ? document.getElementById(`crm-kpi-edit-${idPart(existing.name)}`) : addButton)?.focus();
    };
    cancel.addEventListener("click", close);

    const nameField = field(
      "name",
      "Name",
      name,
      existing ? `A KPI's name cannot change: formulas use it as KPI_${existing.name}.` : "Becomes the workbook name KPI_<name>: letters, digits and _, for example WinRate.",
    );
    const nameHint = nameField.querySelector(".hint") as HTMLElement;
    const form = h(
      "form",
      { className: "template", id: "crm-kpi-form", novalidate: true, "aria-labelledby": "crm-kpi-form-title" },
      h("h3", { id: "crm-kpi-form-title" }, title),
      nameField,
      field("expression", "Expression", expression, "Arithmetic over the input names: + − * / ^, comparisons, a ? b : c, and sum, mean, median, min, max, count, round, abs, sqrt, ln, log, exp. For example: won / (won + lost)."),
      h(
        "fieldset",
        { id: "crm-kpi-inputs", "aria-describedby": "crm-kpi-inputs-error" },
        h("legend", {}, "Inputs: each name the expression uses, and what it is"),
        inputsBox,
        inputsError,
        h("div", { className: "row" }, addInput, findInputs),
      ),
      field("unit", "Unit", unit, "%, IDR, days … Type % when the expression gives a share, such as 0.6 for 60%."),
      field("direction", "Direction", direction),
      field("owner", "Owner", owner),
      field("description", "Description", description),
      problems,
      h("div", { className: "row" }, save, cancel),
    );
    form.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") {
        ev.preventDefault();
        close();
      }
    });

    const show = (found: KpiProblem[]) => {
      for (const e of fieldErrors.values()) e.textContent = "";
      for (const r of rows) r.error.textContent = "";
      problems.textContent = "";
      for (const el of Array.from(form.querySelectorAll("[aria-invalid]"))) el.removeAttribute("aria-invalid");
      let first: HTMLElement | undefined;
      const mark = (el: HTMLElement | undefined) => {
        if (!el) return;
        if (el.matches("input, select, textarea")) el.setAttribute("aria-invalid", "true");
        first ??= el;
      };
      const general: string[] = [];
      for (const p of found) {
        const m = /^inputs\.(\d+)(?:\.(name|description))?$/.exec(p.field);
        if (m && rows[Number(m[1])]) {
          const r = rows[Number(m[1])];
          r.error.textContent = [r.error.textContent, p.message].filter(Boolean).join(" ");
          mark(m[2] === "description" ? r.description : r.name);
        } else if (fieldErrors.has(p.field)) {
          const e = fieldErrors.get(p.field)!;
          e.textContent = [e.textContent, p.message].filter(Boolean).join(" ");
          mark(controls.get(p.field) ?? rows[0]?.name ?? addInput);
        } else general.push(p.message);
      }
      if (general.length) problems.append(...general.map((g) => h("p", {}, g)));
      first?.focus();
    };

    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      void host.run(async () => {
        const draft = {
          name: name.value,
          expression: expression.value,
          inputs: values().filter((v) => v.name.trim() || v.description.trim()),
          unit: unit.value,
          direction: direction.value,
          owner: owner.value,
          description: description.value,
        };
        // Checked here first: the problems show at once, and nothing is written.
        const checked = checkKpi(draft);
        if (!checked.ok) {
          show(checked.problems);
          host.say(`The KPI was not ${existing ? "changed" : "added"}: see the problems in the form.`, "warning");
          return;
        }
        const result = existing ? await editKpiInWorkbook(host.port, existing.name, draft) : await addKpiToWorkbook(host.port, draft);
        if (!result.ok) {
          show(result.problems);
          host.say(`The KPI was not ${existing ? "changed" : "added"}: see the problems in the form.`, "warning");
          return;
        }
        clear(formHost);
        await load();
        if (result.created) host.created(result.sheet, `Sheet "${result.sheet}" with your team's KPI library.`);
        const use = `=CRM.KPI(${kpiWorkbookName(result.kpi.name)}, ${result.kpi.inputs.map((i) => `"${i.name}", …`).join(", ")})`;
        host.say(
          `${existing ? "Saved" : "Added"} ${result.kpi.name} to the ${result.sheet} sheet. Use it in a cell as ${use}, or connect it to your data.${result.warnings.length ? ` Note: ${result.warnings.join(" ")}` : ""}`,
          result.warnings.length ? "warning" : "success",
        );
        document.getElementById(`crm-kpi-${existing ? "edit" : "connect"}-${idPart(result.kpi.name)}`)?.focus();
      });
    });
    formHost.append(form);
    (existing ? expression : name).focus();
  }

  // Connecting the inputs to the data.
  function openConnect(r: KpiReadiness, panel: HTMLElement): void {
    clear(panel);
    const k = r.kpi;
    const id = idPart(k.name);
    const choices = bindingChoices(host.mapping());
    const saved = connections.kpis[k.name.toLowerCase()] ?? {};
    const items = k.inputs.map((input, i) => {
      const selectId = `crm-kpi-bind-${id}-${i}`;
      const refId = `crm-kpi-ref-${id}-${i}`;
      const current: KpiBinding | undefined = saved[input.name.toLowerCase()];
      const value = current ? (current.kind === "measure" ? `measure:${current.metric}` : current.kind === "column" ? `column:${current.role}` : "cell") : "";
      const select = h(
        "select",
        { id: selectId, "data-input": input.name, "aria-describedby": `${selectId}-error` },
        h("option", { value: "" }, "Choose…"),
        choices.measures.length ? h("optgroup", { label: "Measured over the period, from your mapped data" }, ...choices.measures.map((m) => h("option", { value: `measure:${m.id}` }, m.label))) : null,
        choices.columns.length ? h("optgroup", { label: "The numbers of a mapped column" }, ...choices.columns.map((c) => h("option", { value: `column:${c.role}` }, c.label))) : null,
        h("optgroup", { label: "Anything else" }, h("option", { value: "cell" }, "A cell, range, name or number…")),
      );
      select.value = value;
      const ref = h("input", { type: "text", id: refId, autocomplete: "off", spellcheck: "false", value: current?.kind === "cell" ? current.ref : "", "aria-describedby": `${selectId}-error` });
      const refBox = h("div", { hidden: select.value !== "cell" }, h("label", { for: refId }, `Cell, range, name or number for ${input.name}`), ref, h("p", { className: "hint" }, "With its sheet, as Targets!B2 or 'Sales targets'!B2:B13; a name; a table column, as Deals[Amount]; or a number."));
      select.addEventListener("change", () => {
        refBox.hidden = select.value !== "cell";
        if (!refBox.hidden) ref.focus();
      });
      const error = h("p", { className: "field-error", id: `${selectId}-error` });
      const box = h("div", { className: "field" }, h("label", { for: selectId }, `${input.name}: ${input.description}`), select, refBox, error);
      return { input, select, ref, error, box };
    });
    const save = h("button", { type: "submit", className: "primary", id: `crm-kpi-save-connection-${id}` }, "Save the connection");
    const cancel = h("button", { type: "button" }, "Cancel");
    cancel.addEventListener("click", () => {
      clear(panel);
      document.getElementById(`crm-kpi-connect-${id}`)?.focus();
    });
    const form = h(
      "form",
      { className: "kpi-connect", novalidate: true, "aria-label": `Connect ${k.name} to your data` },
      h("p", { className: "hint" }, choices.measures.length ? "Where does each input come from? Measures follow the period of a metric sheet and the window of a goal." : "Map your data (section 1) to connect inputs to it; meanwhile an input can read a cell or a number."),
      ...items.map((x) => x.box),
      h("div", { className: "row" }, save, cancel),
    );
    form.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") {
        ev.preventDefault();
        clear(panel);
        document.getElementById(`crm-kpi-connect-${id}`)?.focus();
      }
    });
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      void host.run(async () => {
        const raw: Record<string, unknown> = {};
        for (const x of items) {
          const v = x.select.value;
          if (!v) continue;
          raw[x.input.name] = v === "cell" ? { kind: "cell", ref: x.ref.value } : v.startsWith("measure:") ? { kind: "measure", metric: v.slice(8) } : { kind: "column", role: v.slice(7) };
        }
        const checked = checkBindings(k, raw);
        for (const x of items) {
          x.error.textContent = "";
          x.select.removeAttribute("aria-invalid");
          x.ref.removeAttribute("aria-invalid");
        }
        if (!checked.ok) {
          let first: HTMLElement | undefined;
          for (const p of checked.problems) {
            const x = items[Number(p.field.split(".")[1])];
            if (!x) continue;
            x.error.textContent = p.message;
            const target = x.select.value === "cell" ? x.ref : x.select;
            target.setAttribute("aria-invalid", "true");
            first ??= target;
          }
          first?.focus();
          host.say(`${k.name} was not connected: see the problems below it.`, "warning");
          return;
        }
        connections = await saveConnection(host.port, k.name, checked.bindings);
        clear(panel);
        refresh();
        const now = ready.find((x) => x.kpi.name === k.name);
        host.say(
          now?.metric ? `Connected ${k.name}: add it to a metric sheet (section 3) or choose it as a goal's metric (section 4).` : `Saved the connection of ${k.name}. ${now?.reason ?? ""}`,
          now?.metric ? "success" : "warning",
        );
        document.getElementById(`crm-kpi-connect-${id}`)?.focus();
      });
    });
    panel.append(form);
    items[0]?.select.focus();
  }

  // Deleting, after saying which formulas would break.
  async function confirmDelete(k: KpiDefinition, panel: HTMLElement): Promise<void> {
    clear(panel);
    const uses = await kpiUses(host.port, k.name);
    const id = idPart(k.name);
    const shown = uses.slice(0, 8).map((u) => `${u.sheet}!${u.address}`);
    const text = uses.length
      ? `${k.name} is used by ${uses.length} formula${uses.length === 1 ? "" : "s"}: ${shown.join(", ")}${uses.length > shown.length ? " …" : ""}. If you delete it, ${uses.length === 1 ? "it shows" : "they show"} #NAME? until you change ${uses.length === 1 ? "it" : "them"}.`
      : `No formula uses ${k.name}. Delete it from the library?`;
    const yes = h("button", { type: "button", className: "primary", id: `crm-kpi-confirm-delete-${id}` }, `Delete ${k.name}`);
    const no = h("button", { type: "button", id: `crm-kpi-keep-${id}` }, "Keep it");
    no.addEventListener("click", () => {
      clear(panel);
      document.getElementById(`crm-kpi-delete-${id}`)?.focus();
    });
    yes.addEventListener("click", () =>
      host.run(async () => {
        const result = await deleteKpiFromWorkbook(host.port, k.name);
        if (!result.ok) throw new Error(result.problems.map((p) => p.message).join(" "));
        connections = await saveConnection(host.port, k.name, undefined);
        await load();
        host.say(`Deleted ${k.name} and its workbook name ${kpiWorkbookName(k.name)}.${uses.length ? ` ${uses.length} formula${uses.length === 1 ? "" : "s"} still refer${uses.length === 1 ? "s" : ""} to it.` : ""}`, uses.length ? "warning" : "success");
        addButton.focus();
      }),
    );
    panel.append(h("div", { className: `message ${uses.length ? "warning" : "info"}`, role: "alert", id: `crm-kpi-delete-warning-${id}` }, h("p", {}, text), h("div", { className: "row" }, no, yes)));
    no.focus();
  }

  // Export and import.
  async function exportFile(): Promise<void> {
    const stored = await loadLibrary(host.port);
    if (stored.problems.length) throw new Error("Fix the KPI library sheet first (see the KPI library section): the file would miss the rows that cannot be read.");
    if (!stored.library.length) throw new Error("The library is empty: add a KPI first.");
    const text = exportLibrary(stored.library);
    const filename = `kpi-library-${isoFromSerial(host.today())}.json`;
    exportText.value = text;
    exportDetails.hidden = false;
    download(filename, text);
    host.say(`Exported ${stored.library.length} KPI${stored.library.length === 1 ? "" : "s"} to ${filename}. Import it in another workbook from this section.`, "success");
  }

  async function readImportFile(): Promise<void> {
    clear(importArea);
    const file = fileInput.files?.[0];
    if (!file) return;
    if (file.size > 5_000_000) throw new Error("The file is larger than 5 MB: it is not a KPI library exported by CRM Metrics.");
    const text = await file.text();
    const preview = await previewImport(host.port, text);
    if (!preview.ok) {
      importArea.append(h("div", { className: "message error", role: "alert", id: "crm-kpi-import-problems" }, h("p", {}, `${file.name} cannot be imported:`), h("ul", {}, ...preview.problems.map((p) => h("li", {}, p.message)))));
      host.say("Nothing was imported: see why under Import a library file.", "warning");
      return;
    }
    showPlan(file.name, text, preview.plan);
    host.say(preview.plan.conflicts.length ? `Check what ${file.name} would change: ${preview.plan.conflicts.length} KPI${preview.plan.conflicts.length === 1 ? " differs" : "s differ"} from yours and need${preview.plan.conflicts.length === 1 ? "s" : ""} your decision.` : `Check what ${file.name} would add, then import it.`);
  }

  function showPlan(filename: string, text: string, plan: ImportPlan): void {
    clear(importArea);
    const decisions = plan.conflicts.map((c, i) => {
      const group = `crm-kpi-conflict-${i}`;
      const radio = (action: "keep" | "replace" | "rename", label: string) => {
        const input = h("input", { type: "radio", name: group, id: `${group}-${action}`, value: action });
        return { input, box: h("div", { className: "choice" }, input, h("label", { for: input.id }, label)) };
      };
      const keep = radio("keep", `Keep ours (${c.ours.expression})`);
      const replace = radio("replace", `Replace ours with the file's (${c.theirs.expression})`);
      const rename = radio("rename", "Import the file's under another name:");
      const as = h("input", { type: "text", id: `${group}-as`, value: c.suggestedName, autocomplete: "off", spellcheck: "false" });
      const error = h("p", { className: "field-error", id: `${group}-error` });
      const fieldset = h(
        "fieldset",
        { "data-conflict": c.name, "aria-describedby": `${group}-error` },
        h("legend", {}, `${c.name}: the file's version differs (${c.differences.join(", ")})`),
        keep.box,
        replace.box,
        rename.box,
        h("div", { className: "field indent" }, h("label", { for: as.id }, `New name for the file's ${c.name}`), as),
        error,
      );
      as.addEventListener("focus", () => (rename.input.checked = true));
      return { c, keep: keep.input, replace: replace.input, rename: rename.input, as, error, fieldset };
    });
    const problems = h("div", { className: "message error", role: "alert", id: "crm-kpi-import-problems" });
    const nothing = !plan.additions.length && !plan.conflicts.length;
    const apply = h("button", { type: "button", className: "primary", id: "crm-kpi-import-apply" }, nothing ? "Nothing to import" : "Import");
    apply.disabled = nothing;
    const cancel = h("button", { type: "button", id: "crm-kpi-import-cancel" }, "Cancel");
    cancel.addEventListener("click", () => {
      clear(importArea);
      fileInput.value = "";
      fileInput.focus();
    });
    apply.addEventListener("click", () =>
      host.run(async () => {
        problems.textContent = "";
        const chosen: Record<string, ConflictDecision> = {};
        for (const d of decisions) {
          d.error.textContent = "";
          if (d.keep.checked) chosen[d.c.name] = { action: "keep" };
          else if (d.replace.checked) chosen[d.c.name] = { action: "replace" };
          else if (d.rename.checked) chosen[d.c.name] = { action: "rename", as: d.as.value };
        }
        const result = await importIntoWorkbook(host.port, text, chosen);
        if (!result.ok) {
          let first: HTMLElement | undefined;
          for (const p of result.problems) {
            const d = decisions.find((x) => x.c.name.toLowerCase() === p.field.toLowerCase());
            if (d) {
              d.error.textContent = p.message;
              first ??= d.rename.checked ? d.as : d.keep;
            } else problems.append(h("p", {}, p.message));
          }
          first?.focus();
          host.say("Nothing was imported yet: decide about each KPI that differs (see the import).", "warning");
          return;
        }
        clear(importArea);
        fileInput.value = "";
        const wasNew = !sheetName;
        await load();
        if (wasNew && sheetName) host.created(sheetName, `Sheet "${sheetName}" with the imported KPI library.`);
        host.say(`Imported ${filename}: ${result.report.join(" ")}`, "success");
      }),
    );
    importArea.append(
      h(
        "div",
        { className: "template", role: "group", "aria-labelledby": "crm-kpi-import-title", id: "crm-kpi-import-plan" },
        h("h3", { id: "crm-kpi-import-title" }, `What ${filename} would change`),
        h("ul", { id: "crm-kpi-import-report" }, ...describePlan(plan).map((line) => h("li", {}, line))),
        ...decisions.map((d) => d.fieldset),
        problems,
        h("div", { className: "row" }, apply, cancel),
      ),
    );
    (decisions[0]?.keep ?? apply).focus();
  }

  return { section, load, refresh, ready: () => ready };
}

/**
 * The preview page (npm start without Excel): the task pane beside an in-browser workbook that
 * holds the sample data. The workbook is the in-memory implementation of the port, calculating
 * with the same CRM engine as the formula tests: function metadata from the generated
 * functions.json, implementations collected by the CustomFunctions stub as the function modules
 * call associate(). HyperFormula (GPL-3.0) is bundled into this page only, never into the add-in.
 */
import { associations } from "../../test/harness/custom-functions-stub";
import { CrmEngine, type FunctionMeta } from "../../test/harness/engine";
import { todaySerial } from "../metrics/dates";
import { insertSample } from "../sample/insert";
import { mountPane } from "../taskpane/app";
import { clear, h } from "../taskpane/dom";
import { blockAddress, cellAddress, columnLetters, parseAddress, type Block } from "../workbook/address";
import { MemoryWorkbook, type MemorySheet } from "../workbook/memory";
import type { CellValue, ChartSpec } from "../workbook/types";
import { formatValue } from "./format";

const MAX_ROWS = 300;
const DEFAULT_WIDTH = 9;

declare global {
  interface Window {
    crmPreview?: { workbook: MemoryWorkbook; ready: boolean };
  }
}

const inside = (b: Block, r: number, c: number) => r >= b.row && r < b.row + b.rows && c >= b.col && c < b.col + b.cols;

class PreviewGrid {
  private anchor: { row: number; col: number } = { row: 0, col: 0 };
  private pending = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly wb: MemoryWorkbook,
  ) {
    wb.onChange(() => this.schedule());
  }

  schedule(): void {
    if (this.pending) return;
    this.pending = true;
    setTimeout(() => {
      this.pending = false;
      this.render();
    }, 0);
  }

  private visibleSheets(): MemorySheet[] {
    return this.wb.sheets.filter((s) => !s.hidden);
  }

  private activeSheet(): MemorySheet | undefined {
    const sheets = this.visibleSheets();
    return sheets.find((s) => s.name === this.wb.active) ?? sheets[0];
  }

  private select(sheet: string, block: Block): void {
    this.wb.select(sheet, blockAddress(block));
    this.render();
  }

  render(): void {
    const sheet = this.activeSheet();
    clear(this.root);
    if (!sheet) {
      this.root.append(h("p", { className: "more" }, "The workbook is empty."));
      return;
    }
    const values = this.wb.values()[sheet.name] ?? [];
    const sel = this.wb.selection && this.wb.selection.sheet === sheet.name ? parseAddress(this.wb.selection.address) : { row: 0, col: 0, rows: 1, cols: 1 };
    const rows = Math.max(values.length, sheet.cells.length);
    const shown = Math.min(rows + 2, MAX_ROWS);
    const cols = Math.max(4, ...values.slice(0, shown).map((r) => r.length), ...sheet.cells.slice(0, shown).map((r) => r.length)) + 1;

    // Formats and styles of the visible cells, later writes winning as in Excel.
    const format: (string | undefined)[][] = Array.from({ length: shown }, () => Array(cols));
    for (const f of sheet.formats) for (let r = f.block.row; r < Math.min(shown, f.block.row + f.block.rows); r++) for (let c = f.block.col; c < Math.min(cols, f.block.col + f.block.cols); c++) format[r][c] = f.numberFormat;

    const active = cellAddress(sel.row, sel.col);
    const input = this.wb.input(sheet.name, active);
    const message = this.wb.message(sheet.name, active);
    const bar = h(
      "div",
      { className: "formula-bar" },
      h("span", { className: "name-box", "aria-label": "Selected cell" }, sel.rows * sel.cols > 1 ? blockAddress(sel) : active),
      h("span", { className: "formula", title: String(input ?? ""), "aria-label": "Cell content" }, input === null ? "" : String(input)),
      message ? h("span", { className: "err", role: "note" }, message) : null,
    );

    const table = h("table", { className: "grid", role: "grid", "aria-label": `Sheet ${sheet.name}`, "data-sheet": sheet.name });
    const colgroup = h("colgroup", {}, h("col", { style: "width:44px" }));
    let width = 44;
    for (let c = 0; c < cols; c++) {
      const px = (sheet.widths.get(c) ?? DEFAULT_WIDTH) * 7 + 10;
      width += px;
      colgroup.append(h("col", { style: `width:${px}px` }));
    }
    // A fixed layout needs the table's width; without it long text would widen its column.
    table.style.width = `${width}px`;
    table.append(colgroup);
    const head = h("tr", {}, h("th", { className: "rowhead" }, ""));
    for (let c = 0; c < cols; c++) head.append(h("th", { scope: "col" }, columnLetters(c)));
    table.append(h("thead", {}, head));
    const body = h("tbody");
    for (let r = 0; r < shown; r++) {
      const tr = h("tr", {}, h("th", { className: "rowhead", scope: "row" }, String(r + 1)));
      for (let c = 0; c < cols; c++) {
        const v: CellValue = values[r]?.[c] ?? null;
        const td = h("td", { "data-cell": cellAddress(r, c) }, formatValue(v, format[r][c]));
        if (typeof v === "number") td.className = "num";
        if (typeof v === "string" && /^#[A-Z/0!?]+[!?A]?$/.test(v)) td.className = "err";
        this.decorate(td, sheet, r, c, v);
        if (inside(sel, r, c)) td.classList.add("selected");
        td.addEventListener("click", (ev) => {
          if ((ev as MouseEvent).shiftKey) {
            const top = Math.min(this.anchor.row, r);
            const left = Math.min(this.anchor.col, c);
            this.select(sheet.name, { row: top, col: left, rows: Math.abs(r - this.anchor.row) + 1, cols: Math.abs(c - this.anchor.col) + 1 });
          } else {
            this.anchor = { row: r, col: c };
            this.select(sheet.name, { row: r, col: c, rows: 1, cols: 1 });
          }
        });
        tr.append(td);
      }
      body.append(tr);
    }
    table.append(body);
    const wrap = h("div", { className: "grid-wrap", tabindex: 0, "aria-label": "Cells: arrow keys move the selection" }, table);
    if (rows > shown) wrap.append(h("p", { className: "more" }, `Showing the first ${shown} of ${rows.toLocaleString("en-US")} rows.`));
    wrap.addEventListener("keydown", (ev) => {
      const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      const m = moves[ev.key];
      if (!m) return;
      ev.preventDefault();
      const row = Math.max(0, Math.min(shown - 1, sel.row + m[0]));
      const col = Math.max(0, Math.min(cols - 1, sel.col + m[1]));
      this.anchor = { row, col };
      this.select(sheet.name, { row, col, rows: 1, cols: 1 });
      (this.root.querySelector(".grid-wrap") as HTMLElement | null)?.focus();
    });
    if (sheet.charts.length) {
      const charts = h("div", { className: "charts" });
      for (const spec of sheet.charts) charts.append(this.chart(sheet, spec));
      wrap.prepend(charts);
    }

    const tabs = h("div", { className: "tabs", role: "tablist", "aria-label": "Sheets" });
    for (const s of this.visibleSheets()) {
      const tab = h("button", { type: "button", role: "tab", "aria-selected": s === sheet ? "true" : "false", "data-sheet": s.name }, s.name);
      tab.addEventListener("click", () => {
        this.wb.active = s.name;
        this.render();
      });
      tabs.append(tab);
    }
    this.root.append(bar, wrap, tabs);
  }

  private decorate(td: HTMLElement, sheet: MemorySheet, r: number, c: number, v: CellValue): void {
    for (const { block, style } of sheet.styles) {
      if (!inside(block, r, c)) continue;
      if (style.bold) td.style.fontWeight = "600";
      if (style.italic) td.style.fontStyle = "italic";
      if (style.size) td.style.fontSize = `${style.size}px`;
      if (style.color) td.style.color = style.color;
      if (style.fill) td.style.background = style.fill;
    }
    for (const { block, rules } of sheet.textColours) {
      if (!inside(block, r, c) || typeof v !== "string") continue;
      const rule = rules.find((x) => v.toLowerCase().startsWith(x.text.toLowerCase()));
      if (rule) {
        td.style.background = rule.fill;
        td.style.color = rule.color;
      }
    }
  }

  /** A native chart drawn as SVG from its source block's computed values. */
  private chart(sheet: MemorySheet, spec: ChartSpec): SVGSVGElement {
    const values = this.wb.values()[sheet.name] ?? [];
    const b = parseAddress(spec.source);
    const header = values[b.row]?.slice(b.col, b.col + b.cols) ?? [];
    const rows = values.slice(b.row + 1, b.row + b.rows).map((r) => r.slice(b.col, b.col + b.cols));
    const series = header.slice(1).map((name, i) => ({ name: String(name ?? `Series ${i + 1}`), points: rows.map((r) => (typeof r[i + 1] === "number" ? (r[i + 1] as number) : null)) }));
    const all = series.flatMap((s) => s.points.filter((p): p is number => p !== null));
    const W = 520;
    const H = 240;
    const pad = { l: 56, r: 12, t: 30, b: 42 };
    const lo = Math.min(0, ...all);
    const hi = Math.max(...all, lo + 1e-9);
    const x = (i: number) => pad.l + ((W - pad.l - pad.r) * (i + 0.5)) / Math.max(1, rows.length);
    const y = (v: number) => H - pad.b - ((H - pad.t - pad.b) * (v - lo)) / (hi - lo || 1);
    const colours = ["#0f6cbd", "#c50f1f", "#107c10", "#8764b8"];
    const fmt = sheet.formats.find((f) => inside(f.block, b.row + 1, b.col + 1))?.numberFormat;
    const NS = "http://www.w3.org/2000/svg";
    const el = (tag: string, attrs: Record<string, string | number>, text?: string) => {
      const e = document.createElementNS(NS, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
      if (text !== undefined) e.textContent = text;
      return e;
    };
    const svg = el("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": `Chart: ${spec.title}` }) as SVGSVGElement;
    svg.append(el("text", { x: W / 2, y: 18, "text-anchor": "middle", "font-size": 13, "font-weight": 600 }, spec.title));
    svg.append(el("line", { x1: pad.l, y1: H - pad.b, x2: W - pad.r, y2: H - pad.b, stroke: "#bdbdbd" }));
    for (const v of [lo, (lo + hi) / 2, hi]) {
      svg.append(el("text", { x: pad.l - 6, y: y(v) + 4, "text-anchor": "end", "font-size": 10, fill: "#616161" }, formatValue(v, fmt)));
      svg.append(el("line", { x1: pad.l, y1: y(v), x2: W - pad.r, y2: y(v), stroke: "#eeeeee" }));
    }
    rows.forEach((r, i) => {
      if (i % 2 === 0) svg.append(el("text", { x: x(i), y: H - pad.b + 14, "text-anchor": "middle", "font-size": 10, fill: "#616161" }, formatValue(r[0], "mmm yyyy")));
    });
    series.forEach((s, k) => {
      const colour = colours[k % colours.length];
      if (spec.type === "Line") {
        const pts = s.points.map((p, i) => (p === null ? null : `${x(i)},${y(p)}`)).filter(Boolean);
        svg.append(el("polyline", { points: pts.join(" "), fill: "none", stroke: colour, "stroke-width": 2 }));
      } else {
        const bw = ((W - pad.l - pad.r) / Math.max(1, rows.length) / (series.length + 1)) * 0.9;
        s.points.forEach((p, i) => {
          if (p === null) return;
          svg.append(el("rect", { x: x(i) - (bw * series.length) / 2 + k * bw, y: Math.min(y(p), y(0)), width: bw, height: Math.abs(y(0) - y(p)), fill: colour }));
        });
      }
      svg.append(el("rect", { x: pad.l + k * 170, y: H - 16, width: 10, height: 10, fill: colour }));
      svg.append(el("text", { x: pad.l + k * 170 + 14, y: H - 7, "font-size": 10 }, s.name.slice(0, 28)));
    });
    return svg;
  }
}

async function main(): Promise<void> {
  const workbookEl = document.getElementById("workbook")!;
  const paneEl = document.getElementById("pane")!;
  const response = await fetch("functions.json");
  if (!response.ok) throw new Error(`functions.json could not be loaded (${response.status})`);
  const metadata = (await response.json()) as { functions: FunctionMeta[] };
  const engine = new CrmEngine(metadata.functions, associations);
  const wb = new MemoryWorkbook(engine);
  await insertSample(wb, todaySerial());
  const grid = new PreviewGrid(workbookEl, wb);
  grid.render();
  mountPane(paneEl, wb);
  window.crmPreview = { workbook: wb, ready: true };
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  const el = document.getElementById("workbook");
  if (el) el.textContent = `The preview could not start: ${e instanceof Error ? e.message : String(e)}`;
  document.body.dataset.ready = "error";
});

/**
 * The metric templates, one per family of the function catalogue, as data validated with zod:
 * which plain measures (native counts and sums) and which metrics (CRM function + native twin)
 * the sheet shows, which go into the monthly trend, and what the chart plots.
 */
import { z } from "zod";
import { METRICS } from "./metrics";

const FAMILIES = ["retention", "value", "sales", "experience", "marketing"] as const;
const known = new Set(METRICS.map((m) => m.id));
const twins = new Set(METRICS.filter((m) => m.crm).map((m) => m.id));

const metricIds = z.array(z.string().refine((id) => known.has(id), { error: (issue) => `"${String(issue.input)}" is not in the metric catalogue` }));

export const TemplateDefinition = z
  .object({
    id: z.enum(FAMILIES),
    title: z.string().min(3),
    /** The new sheet's name (" (2)" is added when taken). */
    sheet: z.string().min(1).max(31),
    description: z.string().min(10),
    measures: metricIds,
    metrics: metricIds.min(1, "a template shows at least one metric"),
    trend: z.object({ measures: metricIds, metrics: metricIds.min(1, "the trend needs a metric") }),
    chart: z.object({
      title: z.string().min(3),
      type: z.enum(["Line", "ColumnClustered"]),
      /** How many of the trend's metrics (from the first) the chart plots. */
      series: z.number().int().min(1),
    }),
    /** The sales template adds CRM.STAGEDURATION's table when stage history is mapped. */
    stageTable: z.boolean().default(false),
  })
  .superRefine((t, ctx) => {
    for (const id of [...t.metrics, ...t.trend.metrics]) {
      if (!twins.has(id)) ctx.addIssue({ code: "custom", message: `"${id}" has no CRM function twin, so it belongs in measures`, path: ["metrics"] });
    }
    if (t.chart.series > t.trend.metrics.length) ctx.addIssue({ code: "custom", message: "the chart plots more series than the trend has metrics", path: ["chart", "series"] });
  });
export type TemplateDefinition = z.infer<typeof TemplateDefinition>;

export const TEMPLATES: TemplateDefinition[] = [
  {
    id: "retention",
    title: "Retention and churn",
    sheet: "Retention and churn",
    description: "How many customers stay and how many leave, from the start and cancel dates of your customers.",
    measures: ["customers_start", "customers_new", "customers_lost", "customers_end"],
    metrics: ["churn", "retention", "grr"],
    trend: { measures: ["customers_start", "customers_new", "customers_lost"], metrics: ["churn", "retention"] },
    chart: { title: "Monthly customer churn", type: "Line", series: 1 },
    stageTable: false,
  },
  {
    id: "value",
    title: "Customer value and cost",
    sheet: "Value and cost",
    description: "What a customer brings in and what it costs to win one: revenue per customer, CLV, CAC and its payback.",
    measures: ["revenue", "purchases", "customers_active", "customers_new", "spend", "arpa"],
    metrics: ["revenue_per_customer", "clv", "cac", "cac_payback"],
    trend: { measures: ["revenue", "spend", "customers_new"], metrics: ["cac", "revenue_per_customer"] },
    chart: { title: "Monthly CAC and revenue per customer", type: "Line", series: 2 },
    stageTable: false,
  },
  {
    id: "sales",
    title: "Sales pipeline",
    sheet: "Sales pipeline",
    description: "How many deals you win, how long they take, and how long deals stay in each stage.",
    measures: ["deals_won", "deals_lost", "won_revenue"],
    metrics: ["win_rate", "sales_cycle"],
    trend: { measures: ["deals_won", "deals_lost", "won_revenue"], metrics: ["win_rate", "sales_cycle"] },
    chart: { title: "Monthly win rate", type: "Line", series: 1 },
    stageTable: true,
  },
  {
    id: "experience",
    title: "Customer experience",
    sheet: "Customer experience",
    description: "What customers say (NPS, CSAT) and how fast support resolves their tickets.",
    measures: ["answers", "tickets"],
    metrics: ["nps", "csat", "resolution_hours"],
    trend: { measures: ["answers", "tickets"], metrics: ["nps", "csat", "resolution_hours"] },
    chart: { title: "Monthly Net Promoter Score", type: "Line", series: 1 },
    stageTable: false,
  },
  {
    id: "marketing",
    title: "Marketing",
    sheet: "Marketing metrics",
    description: "What leads cost and how many become customers, from your monthly spend and leads.",
    measures: ["spend", "leads", "converted", "customers_new"],
    metrics: ["cpl", "lead_conversion", "cac"],
    trend: { measures: ["spend", "leads", "converted"], metrics: ["cpl", "lead_conversion"] },
    chart: { title: "Monthly cost per lead", type: "ColumnClustered", series: 1 },
    stageTable: false,
  },
].map((t) => TemplateDefinition.parse(t));

export function template(id: TemplateDefinition["id"]): TemplateDefinition {
  const t = TEMPLATES.find((x) => x.id === id);
  if (!t) throw new Error(`unknown template ${id}`);
  return t;
}

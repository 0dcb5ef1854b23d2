/**
 * Benchmarks of the customer-base models.
 *
 * `cases`: the predictive functions called as Excel calls them, on the runner's 10,000 / 100,000 /
 * 1,000,000-row tables (a seeded BG/NBD purchase process, so the fits have something to find).
 *
 * `runModelBench()`: the end-to-end figures of issue 4: transactions → CRM.RFM → CRM.BGNBD →
 * CRM.GAMMAGAMMA on the CDNOW sample, the CDNOW master file and a seeded synthetic table of
 * 1,000,000 purchases, each in a fresh child process so its peak memory (max RSS) is its own.
 * Targets: CDNOW sample under 50 ms after warm-up; 1,000,000 purchases under 5 s and 1 GiB.
 */
import "../test/harness/custom-functions-stub";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchCase } from "./types";
import { column, rng } from "./random";
import { BGNBD, CLV_PREDICT, COHORT, GAMMAGAMMA, PALIVE, PURCHASES, RFM } from "../src/functions/predictive";
import { fitBgnbd } from "../src/metrics/models/bgnbd";
import { fitGammaGamma } from "../src/metrics/models/gammagamma";
import { rfm } from "../src/metrics/models/rfm";
import { serialFromISO } from "../src/metrics/dates";

const here = dirname(fileURLToPath(import.meta.url));
const JAN_2023 = 44927;

/** Gamma(shape, 1) variate (Marsaglia & Tsang; boosted for shape < 1). */
function gammaVariate(next: () => number, shape: number): number {
  if (shape < 1) return gammaVariate(next, shape + 1) * Math.pow(next() || 1e-300, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      // Standard normal by Box–Muller.
      x = Math.sqrt(-2 * Math.log(next() || 1e-300)) * Math.cos(2 * Math.PI * next());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export interface Purchases {
  ids: string[];
  dates: number[];
  amounts: number[];
}

/**
 * n purchases from the BG/NBD story with Gamma-Gamma spend (r 0.25, α 4 weeks, a 0.8, b 2.5;
 * p 6, q 4, γ 15, as on CDNOW): customers join over the first 13 weeks and are watched for 78,
 * buying at rate λ while alive and dropping out after a repeat purchase with probability p.
 * Rows come sorted by date, as a CRM export would.
 */
export function syntheticPurchases(n: number, seed = 42): Purchases {
  const next = rng(seed);
  const end = 78 * 7;
  const rows: { id: number; day: number; amount: number }[] = [];
  for (let c = 0; rows.length < n; c++) {
    const lambda = gammaVariate(next, 0.25) / 4; // purchases per week
    const g1 = gammaVariate(next, 0.8);
    const drop = g1 / (g1 + gammaVariate(next, 2.5));
    const nu = gammaVariate(next, 4) / 15;
    const spend = () => Math.round((gammaVariate(next, 6) / nu) * 100) / 100;
    let day = Math.floor(next() * 91);
    rows.push({ id: c, day, amount: spend() });
    for (;;) {
      day += Math.ceil((-Math.log(1 - next()) / lambda) * 7);
      if (day > end || rows.length >= n) break;
      rows.push({ id: c, day, amount: spend() });
      if (next() < drop) break;
    }
  }
  rows.sort((a, b) => a.day - b.day);
  return {
    ids: rows.map((r) => `C${String(r.id).padStart(7, "0")}`),
    dates: rows.map((r) => JAN_2023 + r.day),
    amounts: rows.map((r) => r.amount),
  };
}

/** A CDNOW file (customer_id, date, cds, amount) as plain arrays. */
export function cdnow(file: string): Purchases {
  const lines = readFileSync(file, "utf8").trim().split("\n").slice(1);
  const out: Purchases = { ids: [], dates: [], amounts: [] };
  for (const line of lines) {
    const [id, date, , amount] = line.split(",");
    out.ids.push(id);
    out.dates.push(serialFromISO(date)!);
    out.amounts.push(Number(amount));
  }
  return out;
}

const asColumn = <T>(values: T[]): T[][] => column(values.length, (i) => values[i]);

/** Excel-shaped arguments for n synthetic purchases (ids, dates, amounts). */
const transactionArgs = (n: number) => {
  const p = syntheticPurchases(n);
  return [asColumn(p.ids), asColumn(p.dates), asColumn(p.amounts)];
};

/** RFM columns (frequency, recency, T, monetary) of n synthetic purchases, as spill columns. */
function rfmArgs(n: number): unknown[][][] {
  const [ids, dates, amounts] = transactionArgs(n);
  const table = RFM(ids, dates, amounts).slice(1);
  return [1, 2, 3, 4].map((k) => table.map((row) => [row[k]]));
}

const FITTED = [["parameter", "value"], ["r", 0.25], ["alpha", 4], ["a", 0.8], ["b", 2.5], ["log-likelihood", 0]];

/**
 * n customers' (x, t_x, T) columns in weeks, with the FITTED parameters: repeat purchases
 * geometric-like (about 4 in 10 customers have none, so t_x = 0), T up to 72 weeks, t_x ≤ T.
 */
function customerHistories(n: number, seed: number): unknown[] {
  const next = rng(seed);
  const x = column(n, () => Math.floor(-Math.log(1 - next()) * 2));
  const T = column(n, () => 1 + Math.floor(next() * 500) / 7);
  const tx = column(n, (i) => (x[i][0] === 0 ? 0 : Math.min(T[i][0], 1 / 7 + Math.floor(next() * 500) / 7)));
  return [x, tx, T, FITTED];
}

/**
 * The runner sizes are purchase rows. RFM and COHORT sort within customers (n log n); the fits
 * iterate over the distinct (x, t_x, T) groups, so they are checked with the looser growth test
 * too; PALIVE and PURCHASES are one closed form (or short series) per row.
 */
export const cases: BenchCase[] = [
  { name: "CRM.RFM", complexity: "nlogn", make: transactionArgs, run: ([i, d, a]) => RFM(i as any[][], d as any[][], a as any[][]) },
  { name: "CRM.COHORT", complexity: "nlogn", make: transactionArgs, run: ([i, d]) => COHORT(i as any[][], d as any[][]) },
  {
    name: "CRM.BGNBD (rows = purchases)",
    complexity: "nlogn",
    make: rfmArgs,
    run: ([x, tx, T]) => BGNBD(x as any[][], tx as any[][], T as any[][]),
  },
  {
    name: "CRM.GAMMAGAMMA (rows = purchases)",
    complexity: "nlogn",
    make: rfmArgs,
    run: ([x, , , m]) => GAMMAGAMMA(x as any[][], m as any[][]),
  },
  {
    name: "CRM.PALIVE (rows = customers)",
    complexity: "linear",
    make: (n) => customerHistories(n, 5),
    reusesArgs: true,
    run: ([x, tx, T, p]) => PALIVE(x as any[][], tx as any[][], T as any[][], p as any[][]),
  },
  {
    name: "CRM.PURCHASES (rows = customers)",
    complexity: "linear",
    make: (n) => [...customerHistories(n, 6), 52],
    reusesArgs: true,
    run: ([x, tx, T, p, h]) => PURCHASES(x as any[][], tx as any[][], T as any[][], p as any[][], h),
  },
  {
    name: "CRM.CLV.PREDICT (12 months)",
    complexity: "nlogn",
    make: (n) => [...transactionArgs(n), 12, 0.1],
    run: ([i, d, a, h, r]) => CLV_PREDICT(i as any[][], d as any[][], a as any[][], h, r),
  },
];

// ---------------------------------------------------------------------------------------------
// End-to-end model figures, one child process per data set.

interface Figures {
  data: string;
  path: Path;
  purchases: number;
  customers: number;
  /** Median ms after warm-up. */
  ms: number;
  /** Peak resident memory of the whole child process, MiB. */
  peakMiB: number;
  params: string;
}

/** "pure": the model code on arrays; "excel": the CRM functions on ranges of cells, as Excel calls them. */
type Path = "pure" | "excel";

/** Heap cap of the child processes: the computation must fit in it or fail, so RSS stays honest. */
const HEAP_MIB = 1024;

const DATASETS: Record<string, { load: () => Purchases; targetMs?: number; targetMiB?: number; asOf?: string }> = {
  "CDNOW sample": { load: () => cdnow(join(here, "../../shared/data/cdnow_sample.csv")), targetMs: 50, asOf: "1997-09-30" },
  "CDNOW master": { load: () => cdnow(join(here, "../../shared/data/cdnow_master.csv")), asOf: "1997-09-30" },
  "synthetic 1,000,000": { load: () => syntheticPurchases(1_000_000), targetMs: 5000, targetMiB: 1024 },
};

function expectOk<T>(value: T | { code: string; message: string }): T {
  if (value && typeof value === "object" && "code" in value) throw new Error(`${value.code} ${value.message}`);
  return value as T;
}

/**
 * Child side: load one data set in the shape the path takes (arrays, or Excel's rows of cells,
 * not both), warm up, time transactions → fitted parameters, report peak RSS.
 */
function child(name: string, path: Path): Figures {
  const spec = DATASETS[name];
  let data: Purchases | undefined = spec.load();
  const purchases = data.ids.length;
  const asOf = spec.asOf ? serialFromISO(spec.asOf) : undefined;
  const f = (v: number) => v.toFixed(3);
  let params = "";
  let customers = 0;
  let run: () => number;
  if (path === "pure") {
    const { ids, dates, amounts } = data;
    run = () => {
      const t0 = process.hrtime.bigint();
      const s = expectOk(rfm(ids, dates, amounts, { asOf }));
      const bg = expectOk(fitBgnbd(s.frequency, s.recency, s.T));
      const gg = expectOk(fitGammaGamma(s.frequency, s.monetary));
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      customers = s.ids.length;
      params = `r ${f(bg.params.r)} α ${f(bg.params.alpha)} a ${f(bg.params.a)} b ${f(bg.params.b)} LL ${bg.logLikelihood.toFixed(1)}; p ${f(gg.params.p)} q ${f(gg.params.q)} γ ${f(gg.params.gamma)}`;
      return ms;
    };
  } else {
    const ids = asColumn(data.ids);
    const dates = asColumn(data.dates);
    const amounts = asColumn(data.amounts);
    data = undefined; // Excel holds the cells, not our arrays
    const asOfCell = spec.asOf ?? null;
    run = () => {
      const t0 = process.hrtime.bigint();
      const table = RFM(ids, dates, amounts, asOfCell);
      const t1 = process.hrtime.bigint();
      // Excel hands the spill's columns to the next formulas; that marshalling is Excel's, untimed.
      const [x, tx, T, m] = [1, 2, 3, 4].map((k) => table.slice(1).map((row) => [row[k]]));
      const t2 = process.hrtime.bigint();
      const bg = BGNBD(x, tx, T);
      const gg = GAMMAGAMMA(x, m);
      const ms = Number(t1 - t0 + (process.hrtime.bigint() - t2)) / 1e6;
      if (typeof bg[1][1] !== "number" || typeof gg[1][1] !== "number") throw new Error(`a fit failed: ${bg[0][0]} ${gg[0][0]}`);
      customers = table.length - 1;
      params = `r ${f(bg[1][1] as number)} α ${f(bg[2][1] as number)} a ${f(bg[3][1] as number)} b ${f(bg[4][1] as number)} LL ${(bg[5][1] as number).toFixed(1)}; p ${f(gg[1][1] as number)} q ${f(gg[2][1] as number)} γ ${f(gg[3][1] as number)}`;
      return ms;
    };
  }
  const big = purchases > 100_000;
  for (let i = 0; i < (big ? 1 : 5); i++) run();
  const runs: number[] = [];
  for (let i = 0; i < (big ? 3 : 21); i++) runs.push(run());
  const ms = runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  return { data: name, path, purchases, customers, ms, peakMiB: process.resourceUsage().maxRSS / 1024, params };
}

/** Prints the end-to-end table; called by `npm run bench` after the per-function cases. */
export async function runModelBench(): Promise<void> {
  console.log("\nCustomer-base models end to end: transactions → CRM.RFM → CRM.BGNBD → CRM.GAMMAGAMMA");
  console.log(`(median after warm-up; pure = the model code on arrays, excel = the CRM functions on ranges of cells;`);
  console.log(` each run in a fresh process with a ${HEAP_MIB} MiB heap cap; peak = its max RSS)`);
  console.log(`${"data".padEnd(22)}${"path".padEnd(7)}${"purchases".padStart(11)}${"customers".padStart(11)}${"ms".padStart(9)}${"peak MiB".padStart(10)}  ${"target".padEnd(22)} verdict`);
  let failed = 0;
  for (const name of Object.keys(DATASETS)) {
    const spec = DATASETS[name];
    if (name.startsWith("CDNOW") && !existsSync(join(here, "../../shared/data/cdnow_sample.csv"))) {
      console.log(`${name.padEnd(22)} skipped: ../shared/data not found`);
      continue;
    }
    let params = "";
    for (const path of ["pure", "excel"] as Path[]) {
      const out = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MIB}`, "--import", "tsx", fileURLToPath(import.meta.url)], {
        env: { ...process.env, CRM_MODEL_BENCH: `${name}|${path}` },
        encoding: "utf8",
        maxBuffer: 1 << 24,
      });
      const line = out.stdout.trim().split("\n").pop() ?? "";
      if (out.status !== 0 || !line.startsWith("{")) {
        failed++;
        console.log(`${name.padEnd(22)}${path.padEnd(7)} FAILED: ${(out.stderr || line).trim().split("\n").slice(-3).join(" | ")}`);
        continue;
      }
      const fig = JSON.parse(line) as Figures;
      const targets: string[] = [];
      let ok = true;
      if (spec.targetMs !== undefined) {
        targets.push(`< ${spec.targetMs.toLocaleString("en-US")} ms`);
        ok &&= fig.ms < spec.targetMs;
      }
      if (spec.targetMiB !== undefined) {
        targets.push(`< ${spec.targetMiB / 1024} GiB`);
        ok &&= fig.peakMiB < spec.targetMiB;
      }
      if (!ok) failed++;
      const fmt = (x: number) => (x < 100 ? x.toFixed(1) : x.toFixed(0));
      console.log(
        `${name.padEnd(22)}${path.padEnd(7)}${fig.purchases.toLocaleString("en-US").padStart(11)}${fig.customers.toLocaleString("en-US").padStart(11)}${fmt(fig.ms).padStart(9)}${fmt(fig.peakMiB).padStart(10)}  ${(targets.join(", ") || "(figures only)").padEnd(22)} ${targets.length ? (ok ? "ok" : "MISSED") : ""}`,
      );
      params = fig.params;
    }
    if (params) console.log(`${"".padEnd(29)}fitted: ${params}`);
  }
  console.log(failed ? `model targets: ${failed} missed or failed` : "model targets: all met");
}

if (process.env.CRM_MODEL_BENCH) {
  const [name, path] = process.env.CRM_MODEL_BENCH.split("|");
  console.log(JSON.stringify(child(name, (path as Path) || "pure")));
}

/**
 * Predicted customer lifetime value from transactions: BG/NBD for how many purchases each
 * customer will make, Gamma-Gamma for what each will spend, both fitted on the same data
 * (Fader, Hardie & Lee 2005, "RFM and CLV"). Pure math, no Office.
 */
import { z } from "zod";
import { badNumber, isMetricError, Result } from "../errors";
import { BgnbdParams, expectedPurchases, fitBgnbd } from "./bgnbd";
import { expectedSpend, fitGammaGamma, GammaGammaParams } from "./gammagamma";
import { DAYS_PER, rfm } from "./rfm";

export interface ClvOptions {
  /** Months ahead to value. */
  horizonMonths: number;
  /** Yearly discount rate (0.1 = 10 % a year), applied monthly; default 0. */
  discountRate?: number;
  /** End of observation (Excel serial); default: the last purchase. */
  asOf?: number;
  /** Share of revenue kept (gross margin); default 1. */
  margin?: number;
}

export interface ClvResult {
  ids: (string | number)[];
  /** Predicted value per customer; NaN where the spend model has no mean (q ≤ 1, no repeats). */
  clv: Float64Array;
  bgnbd: BgnbdParams;
  gammaGamma: GammaGammaParams;
}

const WEEKS_PER_MONTH = DAYS_PER.months / DAYS_PER.weeks;

/** The options as a notebook may pass them: checked here, since no Excel converter stands in front. */
const OPTIONS = z.object({
  horizonMonths: z.number().int("horizon must be a whole number of months").min(1, "horizon must be at least 1 month").max(1200, "horizon is at most 1200 months"),
  discountRate: z.number().min(0, "discount_rate cannot be negative").max(1e6).optional(),
  asOf: z.number().refine(Number.isFinite, "as_of must be a date serial").optional(),
  margin: z.number().min(0, "margin cannot be negative").max(1e6).optional(),
});

/**
 * Discounted expected purchases over `months` months: Σₖ (E[Y(k)] − E[Y(k−1)]) / (1+m)^k, months
 * in weeks, m the monthly rate equivalent to the yearly `discountRate`.
 * @example discountedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 2, 30.43, 38.86, 12, 0.1) // ≈ 1.490
 */
export function discountedPurchases(p: BgnbdParams, x: number, tx: number, T: number, months: number, discountRate: number): number {
  const monthly = Math.pow(1 + discountRate, 1 / 12);
  let total = 0;
  let before = 0;
  let factor = 1;
  for (let k = 1; k <= months; k++) {
    const now = expectedPurchases(p, x, tx, T, k * WEEKS_PER_MONTH);
    factor /= monthly;
    total += (now - before) * factor;
    before = now;
  }
  return total;
}

/**
 * Predicted CLV per customer over `horizonMonths` months: margin × E[spend | x, m] × discounted
 * expected purchases. RFM is taken in weeks (the models' usual unit), customers with the same
 * (x, t_x, T) share one purchase forecast.
 * @example predictClv(ids, dates, amounts, { horizonMonths: 12, discountRate: 0.1 }) // one value per customer
 */
export function predictClv(
  ids: ArrayLike<string | number>,
  dates: ArrayLike<number>,
  amounts: ArrayLike<number>,
  options: ClvOptions,
): Result<ClvResult> {
  const checked = OPTIONS.safeParse(options);
  if (!checked.success) return badNumber(checked.error.issues.map((i) => i.message).join("; "));
  const { horizonMonths, discountRate = 0, margin = 1 } = options;
  const s = rfm(ids, dates, amounts, { asOf: options.asOf, period: "weeks" });
  if (isMetricError(s)) return s;
  const bg = fitBgnbd(s.frequency, s.recency, s.T);
  if (isMetricError(bg)) return bg;
  const gg = fitGammaGamma(s.frequency, s.monetary);
  if (isMetricError(gg)) return gg;
  const memo = new Map<string, number>();
  const clv = new Float64Array(s.ids.length);
  for (let i = 0; i < clv.length; i++) {
    const key = `${s.frequency[i]}|${s.recency[i]}|${s.T[i]}`;
    let dp = memo.get(key);
    if (dp === undefined) {
      dp = discountedPurchases(bg.params, s.frequency[i], s.recency[i], s.T[i], horizonMonths, discountRate);
      memo.set(key, dp);
    }
    clv[i] = margin * expectedSpend(gg.params, s.frequency[i], s.monetary[i]) * dp;
  }
  return { ids: s.ids, clv, bgnbd: bg.params, gammaGamma: gg.params };
}

/**
 * SMART goal tracking: how far a metric has moved from its baseline towards its target, and
 * whether that is enough for the time elapsed. Pure math, no Office.
 */
import { badNumber, divZero, MetricError, Result } from "./errors";

/**
 * Progress towards a target: (current − baseline) ÷ (target − baseline). Works the same for
 * "lower is better" goals (churn down from 8% to 5%: at 6.5% the goal is half done). Not clamped:
 * above 1 means beyond the target, below 0 means worse than the baseline. target = baseline is
 * #DIV/0!.
 * @example progress(0.08, 0.065, 0.05) // => 0.5
 */
export function progress(baseline: number, current: number, target: number): Result<number> {
  if (![baseline, current, target].every(Number.isFinite)) return badNumber("baseline, current and target must be finite numbers");
  if (target === baseline) return divZero("target equals baseline, so there is no distance to cover");
  const [moved, distance] = [current - baseline, target - baseline];
  // Distances between huge numbers of opposite signs overflow; halved, the same ratio does not.
  if (Number.isFinite(moved) && Number.isFinite(distance)) return moved / distance;
  return (current / 2 - baseline / 2) / (target / 2 - baseline / 2);
}

/**
 * Share of the goal's time elapsed on `asOf`, from 0 on the start day to 1 on the deadline day
 * (whole days; a time of day is ignored). Before the start it is 0, from the deadline on 1.
 * @example expectedProgress(45292, 45657, 45474) // => 0.4986… (1 Jul 2024 of a 2024 goal)
 */
export function expectedProgress(start: number, deadline: number, asOf: number): number {
  const [s, d, a] = [Math.floor(start), Math.floor(deadline), Math.floor(asOf)];
  if (a >= d) return 1;
  if (a <= s) return 0;
  return (a - s) / (d - s);
}

export type GoalStatus = "Achieved" | "On track" | "At risk" | "Behind" | "Missed";

/** How far below the straight line, as a fraction of the goal, still counts as "At risk". */
export const AT_RISK_BAND = 0.1;
/** Ties within floating-point rounding count as meeting the line (0.3 − 0.1 is 0.19999…). */
const EPS = 1e-9;

/**
 * Status of a SMART goal on `asOf`. Progress p = progress(baseline, current, target) and
 * expected e = expectedProgress(start, deadline, asOf).
 * Up to and including the deadline day: "Achieved" when p ≥ 1, else "On track" when p ≥ e,
 * "At risk" when e − 0.10 ≤ p < e, "Behind" when p < e − 0.10.
 * After the deadline day: "Achieved" when p ≥ 1, else "Missed".
 * Boundaries belong to the better status. deadline before start is #NUM!; target = baseline is
 * #DIV/0!.
 * @example goalStatus(0, 6, 12, 45292, 45657, 45474) // => "On track" (6 of 12 new customers by 1 Jul)
 */
export function goalStatus(baseline: number, current: number, target: number, start: number, deadline: number, asOf: number): Result<GoalStatus> {
  if (![start, deadline, asOf].every(Number.isFinite)) return badNumber("start_date, deadline and as_of must be dates");
  if (Math.floor(deadline) < Math.floor(start)) return badNumber("deadline is before start_date");
  const p = progress(baseline, current, target);
  if (p instanceof MetricError) return p;
  if (p >= 1 - EPS) return "Achieved";
  if (Math.floor(asOf) > Math.floor(deadline)) return "Missed";
  const e = expectedProgress(start, deadline, asOf);
  if (p >= e - EPS) return "On track";
  if (p >= e - AT_RISK_BAND - EPS) return "At risk";
  return "Behind";
}

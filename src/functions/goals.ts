/**
 * SMART goal functions: the Excel face of src/metrics/goals.ts.
 */
import { todaySerial } from "../metrics/dates";
import { goalStatus, progress } from "../metrics/goals";
import { dateOf, numberOf } from "./args";
import { run } from "./excel";

/**
 * Progress towards a target: (current - baseline) / (target - baseline), also for lower-is-better goals.
 * @customfunction PROGRESS
 * @param baseline The metric's value when the goal was set (the metric's own unit).
 * @param current The metric's value now (same unit).
 * @param target The value the goal aims for (same unit).
 * @returns The share of the way covered, a fraction (1 = target reached; above 1 = beyond it; below 0 = worse than baseline).
 */
export function PROGRESS(baseline: any, current: any, target: any): number {
  return run(() => progress(numberOf(baseline, "baseline"), numberOf(current, "current"), numberOf(target, "target")));
}

/**
 * Status of a SMART goal: Achieved, On track, At risk or Behind before its deadline; Achieved or Missed after it.
 * @customfunction GOALSTATUS
 * @param baseline The metric's value when the goal was set (the metric's own unit).
 * @param current The metric's value now (same unit).
 * @param target The value the goal aims for (same unit).
 * @param start_date The day the goal started (date).
 * @param deadline The last day to reach the target (date).
 * @param [as_of] The day to judge on (date); default today.
 * @returns "Achieved", "On track", "At risk", "Behind" or "Missed".
 */
export function GOALSTATUS(baseline: any, current: any, target: any, start_date: any, deadline: any, as_of?: any): string {
  return run(() =>
    goalStatus(
      numberOf(baseline, "baseline"),
      numberOf(current, "current"),
      numberOf(target, "target"),
      dateOf(start_date, "start_date"),
      dateOf(deadline, "deadline"),
      dateOf(as_of, "as_of", todaySerial()),
    ),
  );
}

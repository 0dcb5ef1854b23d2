/**
 * Customer experience metrics: survey scores and service times. Pure math, no Office.
 */
import { badNumber, divZero, Result } from "./errors";

/** Survey scales supported by NPS: the usual 0–10, or seed 002's 1–5 survey. */
export type NpsScale = 5 | 10;

/**
 * Net Promoter Score: % promoters − % detractors, from -100 to 100.
 * On the 0–10 scale promoters answer 9–10 and detractors 0–6; on the 1–5 scale 4–5 and 1–2.
 * A score outside the scale is #NUM!; no answers at all is #DIV/0!.
 * @example nps([10, 9, 9, 8, 7, 6, 0, 10, 5, 9]) // => 20
 */
export function nps(scores: readonly number[], scale: NpsScale = 10): Result<number> {
  const [lo, promoterFrom, detractorTo] = scale === 10 ? [0, 9, 6] : [1, 4, 2];
  let promoters = 0;
  let detractors = 0;
  for (const s of scores) {
    if (s < lo || s > scale) return badNumber(`score ${s} is outside the ${lo}–${scale} scale`);
    if (s >= promoterFrom) promoters++;
    else if (s <= detractorTo) detractors++;
  }
  if (scores.length === 0) return divZero("there are no survey answers");
  return ((promoters - detractors) / scores.length) * 100;
}

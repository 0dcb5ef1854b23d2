/**
 * Customer experience functions: the Excel face of src/metrics/experience.ts.
 */
import { nps } from "../metrics/experience";
import { badNumber } from "../metrics/errors";
import { numberOf, numbersOf } from "./args";
import { run } from "./excel";

/**
 * Net Promoter Score of survey answers: % promoters minus % detractors, from -100 to 100.
 * @customfunction NPS
 * @param scores Survey answers, one per cell (0–10, or 1–5 with scale 5). Blanks are skipped.
 * @param [scale] The survey's scale: 10 (default, answers 0–10) or 5 (answers 1–5).
 * @returns The score, from -100 to 100.
 */
export function NPS(scores: any[][], scale?: any): number {
  return run(() => {
    const s = numberOf(scale, "scale", {}, 10);
    if (s !== 10 && s !== 5) throw badNumber(`scale is ${s}; use 10 or 5`);
    return nps(numbersOf(scores, "scores"), s);
  });
}

/**
 * The CRM metric engine as a library, for Node scripts and notebooks: every metric and model as
 * a pure function over plain arrays, with no Office import. Failures come back as MetricError
 * values (code "#DIV/0!", "#VALUE!", "#NUM!" or "#N/A" and a message), never as exceptions.
 *
 * @example
 *   import { nps, churnFromDates, serialFromISO } from "crm-metrics-excel";
 *   nps([10, 9, 9, 8, 7, 6, 0, 10, 5, 9]); // => 20
 */
export * from "./metrics/errors";
export * from "./metrics/dates";
export * from "./metrics/retention";
export * from "./metrics/value";
export * from "./metrics/sales";
export * from "./metrics/experience";
export * from "./metrics/goals";
export * from "./metrics/kpi";
export * from "./metrics/models/special";
export * from "./metrics/models/optimize";
export * from "./metrics/models/summary";
export * from "./metrics/models/rfm";
export * from "./metrics/models/bgnbd";
export * from "./metrics/models/gammagamma";
export * from "./metrics/models/clv";
export * from "./metrics/models/sbg";
export * from "./metrics/models/cohort";
export * as kpiLibrary from "./kpi";

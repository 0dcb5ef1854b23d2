/**
 * Excel number formats as the preview shows them: the handful the pane writes (percent,
 * thousands, decimals, dates and times, month names), enough to read the sheets as Excel would.
 */
import { ymdFromSerial } from "../metrics/dates";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function formatDate(serial: number, format: string): string {
  const { year, month, day } = ymdFromSerial(serial);
  const minutes = Math.round((serial - Math.floor(serial)) * 1440);
  const pad = (n: number) => String(n).padStart(2, "0");
  return format
    .replace(/yyyy/g, String(year))
    .replace(/mmmm/g, MONTHS[month - 1])
    .replace(/mmm/g, MONTHS[month - 1])
    .replace(/hh:mm/g, `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`)
    .replace(/mm/g, pad(month))
    .replace(/dd/g, pad(day));
}

/** A value as Excel would display it with `format` (General when none). */
export function formatValue(value: unknown, format?: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value !== "number") return String(value);
  const f = (format ?? "General").trim();
  if (/[yd]/.test(f) || /mmm/.test(f) || /hh/.test(f)) return formatDate(value, f);
  if (f === "General" || !f) {
    if (Number.isInteger(value)) return String(value);
    return String(Number(value.toPrecision(10)));
  }
  const percent = f.endsWith("%");
  const body = percent ? f.slice(0, -1) : f;
  const decimals = (body.split(".")[1] ?? "").replace(/[^0#]/g, "").length;
  const grouping = body.includes(",");
  const n = percent ? value * 100 : value;
  const text = n.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: grouping });
  return percent ? `${text}%` : text;
}

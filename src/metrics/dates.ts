/**
 * Excel date serials (1900 date system) and ISO text. Serial 1 is 1900-01-01; Excel counts a
 * fictitious 1900-02-29 as serial 60, so from 1900-03-01 on a serial is the number of days since
 * 1899-12-30. Every date the add-in sees or returns is such a serial.
 */
const MS_PER_DAY = 86_400_000;
const EPOCH = Date.UTC(1899, 11, 30);

/** Serial of a calendar day. @example serialFromYMD(2024, 3, 31) // => 45382 */
export function serialFromYMD(year: number, month: number, day: number): number {
  const serial = (Date.UTC(year, month - 1, day) - EPOCH) / MS_PER_DAY;
  return serial <= 60 ? serial - 1 : serial;
}

/** The last day Excel's calendar has, 9999-12-31; serial 0 (1900-01-00) is its first. */
export const LAST_SERIAL = 2958465;

/**
 * True for a number Excel can show as a date: a finite serial from 0 to the end of 9999-12-31.
 * @example isDateSerial(45382.5) // => true
 * @example isDateSerial(-1) // => false
 */
export function isDateSerial(v: number): boolean {
  return v >= 0 && v < LAST_SERIAL + 1;
}

// Date, then optionally a time (seconds and their fraction optional) and a zone: exports from CRMs
// write "2024-03-31T18:00:00.000Z" or "+07:00". The zone is read past, not applied: the day and
// time as written are the ones the analyst sees in the export, and a workbook has no time zone.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/i;

/**
 * Serial of ISO date text ("2024-03-31", optionally with a time "2024-03-31T18:30", seconds and
 * their fraction, and a zone "Z" or "+07:00" that is read past, not applied), or undefined when the
 * text is not a real date and time Excel has (2024-02-30, 25:00, a year before 1900 are not).
 * @example serialFromISO("2024-03-31") // => 45382
 * @example serialFromISO("2024-03-31T18:00:00.000Z") // => 45382.75
 */
export function serialFromISO(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900) return undefined;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
    return undefined;
  }
  if (!m[4]) return serialFromYMD(y, mo, d);
  const [h, mi, sec] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0) + Number(`0.${m[7] ?? 0}`)];
  if (h > 23 || mi > 59 || sec >= 60 || Number(m[8] ?? 0) > 23 || Number(m[9] ?? 0) > 59) return undefined;
  return serialFromYMD(y, mo, d) + (h * 3600 + mi * 60 + sec) / 86400;
}

/** Calendar day of a serial. @example ymdFromSerial(45382) // => { year: 2024, month: 3, day: 31 } */
export function ymdFromSerial(serial: number): { year: number; month: number; day: number } {
  const whole = Math.floor(serial);
  const days = whole < 61 ? whole + 1 : whole;
  const d = new Date(EPOCH + days * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO text of a serial's day. @example isoFromSerial(45382) // => "2024-03-31" */
export function isoFromSerial(serial: number): string {
  const { year, month, day } = ymdFromSerial(serial);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Serial of the first day of the serial's month. */
export function monthStart(serial: number): number {
  const { year, month } = ymdFromSerial(serial);
  return serialFromYMD(year, month, 1);
}

/** Whole months from one serial's month to another's (Jan → Mar is 2). */
export function monthsBetween(from: number, to: number): number {
  const a = ymdFromSerial(from);
  const b = ymdFromSerial(to);
  return (b.year - a.year) * 12 + (b.month - a.month);
}

/** Today as a serial (local calendar day), for `as_of` defaults. */
export function todaySerial(now: Date = new Date()): number {
  return serialFromYMD(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

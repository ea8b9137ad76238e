/*
 * Windows and relative dates count whole calendar days in the business time zone, like the computed fields: "within
 * P30D" is the local days from 30 days before today up to now (today = day 0), so with no new data a segment changes
 * only at local midnight and one daily run keeps time-relative conditions exact. Months and years are calendar
 * months: the arithmetic is PostgreSQL's `date - interval` (months first, the day clamped to the month's end, then
 * days), which compile.ts leaves to the database and evaluate.ts does here.
 */

/** A window or relative date: whole months (years × 12 + months) and days (weeks × 7 + days). */
export interface Duration {
  months: number;
  days: number;
}

const ISO_DURATION = /^P(?:(\d{1,4})Y)?(?:(\d{1,5})M)?(?:(\d{1,5})W)?(?:(\d{1,6})D)?$/;
export const MAX_DURATION_DAYS = 36_600;

/** `P30D`, `P2W`, `P3M`, `P1Y6M`; null when not an ISO 8601 duration of whole days, weeks, months and years. */
export function parseDuration(text: string): Duration | null {
  const m = ISO_DURATION.exec(text);
  if (!m || text === 'P') return null;
  const [y, mo, w, d] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  return { months: y * 12 + mo, days: w * 7 + d };
}

/** Roughly how many days a duration spans (for limits only). */
export const approximateDays = (d: Duration) => d.months * 31 + d.days;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = m.slice(1).map(Number);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `date - duration` as PostgreSQL computes it: subtract the months (clamping the day), then the days. */
export function minusDuration(date: string, d: Duration): string {
  const [y, mo, day] = date.split('-').map(Number);
  const index = y * 12 + (mo - 1) - d.months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const clamped = Math.min(day, daysInMonth(year, month));
  const at = new Date(Date.UTC(year, month - 1, clamped) - d.days * 86_400_000);
  return `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

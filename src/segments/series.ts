import { badInput } from '../graphql/errors';

/*
 * Arguments of the history reads: the steps of sizeHistory and the change feed's cursors. Pure.
 */

export const MAX_SERIES_POINTS = 1000;

const STEP = /^P(?:(\d{1,4})W|(\d{1,5})D|T(\d{1,6})H)$/;

/** A sizeHistory step in milliseconds: `PT1H`, `P1D`, `P7D`, `P2W` (fixed lengths: a day is 24 hours of UTC). */
export function parseSeriesInterval(text: string, field: string): number {
  const m = STEP.exec(text);
  const ms = m ? (Number(m[1] ?? 0) * 7 * 24 + Number(m[2] ?? 0) * 24 + Number(m[3] ?? 0)) * 3_600_000 : 0;
  if (!ms) throw badInput(field, `${field} must be an ISO 8601 duration of hours, days or weeks (PT1H, P1D, P1W), not zero`);
  return ms;
}

/** from, from + step, … up to to (inclusive); refused when to precedes from or there would be too many points. */
export function seriesPoints(from: Date, to: Date, stepMs: number): Date[] {
  if (to.getTime() < from.getTime()) throw badInput('to', 'to must not precede from');
  const n = Math.floor((to.getTime() - from.getTime()) / stepMs) + 1;
  if (n > MAX_SERIES_POINTS) throw badInput('interval', `from…to in steps of interval gives ${n} points; at most ${MAX_SERIES_POINTS}`);
  return Array.from({ length: n }, (_, i) => new Date(from.getTime() + i * stepMs));
}

/** A change-feed cursor: the decimal position of a change in the log. */
export function parseCursor(text: string, field: string): number {
  if (!/^\d{1,15}$/.test(text)) throw badInput(field, `${field} is not a cursor of the membership-change log`);
  return Number(text);
}

import { sql, type SQL } from 'drizzle-orm';

/** A share of the profiles by id: lo <= id < hi, null meaning unbounded. */
export interface IdRange {
  lo: string | null;
  hi: string | null;
}

/**
 * `n` contiguous ranges of ids splitting the uuid space evenly: profile ids are random (v4) uuids, so each holds about
 * the same share of profiles. Uuids compare byte by byte, as their hex text does. What lets a full pass over every
 * profile (re-score, model summaries) run on several connections at once, each sorting only its share.
 */
export function idRanges(n: number): IdRange[] {
  const bound = (k: number) => `${Math.floor((k * 2 ** 32) / n).toString(16).padStart(8, '0')}-0000-0000-0000-000000000000`;
  return Array.from({ length: n }, (_, k) => ({ lo: k === 0 ? null : bound(k), hi: k === n - 1 ? null : bound(k + 1) }));
}

/** SQL: the uuid `expr` within `range` (true when there is no range). */
export function inRange(expr: SQL, range: IdRange | null): SQL {
  const parts: SQL[] = [];
  if (range?.lo) parts.push(sql`${expr} >= ${range.lo}::uuid`);
  if (range?.hi) parts.push(sql`${expr} < ${range.hi}::uuid`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

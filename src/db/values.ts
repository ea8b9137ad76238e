import { sql, type SQL } from 'drizzle-orm';

/**
 * Raw statements return timestamptz as PostgreSQL text ("2026-11-23 05:54:59.568491+00") on both drivers,
 * because drizzle installs pass-through parsers. Cursors keep that text (microseconds intact); values shown to
 * clients become Dates here.
 */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value).replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new Error(`unparseable timestamp ${String(value)}`);
  return date;
}

export const toDateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : toDate(value));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid[] parameter, bound as one array literal (works the same on postgres.js and PGlite). */
export function uuidArray(ids: readonly string[]): SQL {
  for (const id of ids) if (!UUID.test(id)) throw new Error('uuidArray: not a uuid');
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/** A text[] parameter, bound as one array literal with every element quoted. */
export function textArray(values: readonly string[]): SQL {
  const literal = `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
  return sql`${literal}::text[]`;
}

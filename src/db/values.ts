import { fillPlaceholders, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

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
  return sql`${uuidArrayLiteral(ids)}::uuid[]`;
}

/** The array literal uuidArray binds, for a statement whose parameters are filled later (statementTemplate). */
export function uuidArrayLiteral(ids: readonly string[]): string {
  for (const id of ids) if (!UUID.test(id)) throw new Error('uuidArray: not a uuid');
  return `{${ids.join(',')}}`;
}

/** A text[] parameter, bound as one array literal with every element quoted. */
export function textArray(values: readonly string[]): SQL {
  return sql`${textArrayLiteral(values)}::text[]`;
}

/** The array literal textArray binds (statementTemplate). */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/**
 * A statement serialised once, its text cut at every parameter: what a hot path whose SQL text never changes (only
 * its values) keeps instead of building and serialising the statement tree on every call. Parameters built with
 * `sql.placeholder(name)` are filled per call (drizzle's fillPlaceholders); the others are kept as they were.
 */
export interface StatementTemplate {
  /** The serialised text, `$n` for the n-th parameter. */
  text: string;
  fragments: string[];
  params: unknown[];
}

const dialect = new PgDialect();

/**
 * `statement` serialised and cut at its `$n` parameters; null when its text holds a `$` that is not one (dollar
 * quoting, a JSON path), so the caller builds it per call instead.
 */
export function statementTemplate(statement: SQL): StatementTemplate | null {
  const query = dialect.sqlToQuery(statement);
  const fragments: string[] = [];
  let last = 0;
  let n = 0;
  for (const m of query.sql.matchAll(/\$(\d+)/g)) {
    if (Number(m[1]) !== ++n) return null;
    fragments.push(query.sql.slice(last, m.index));
    last = m.index! + m[0].length;
  }
  fragments.push(query.sql.slice(last));
  if (n !== query.params.length || fragments.some((f) => f.includes('$'))) return null;
  return { text: query.sql, fragments, params: query.params };
}

/** The template's statement with its placeholders filled from `values` (a flat statement: cheap to serialise again). */
export function bindStatement(template: StatementTemplate, values: Record<string, unknown>): SQL {
  const chunks: SQL[] = [sql.raw(template.fragments[0])];
  fillPlaceholders(template.params, values).forEach((p, i) => {
    chunks.push(sql`${p}`);
    chunks.push(sql.raw(template.fragments[i + 1]));
  });
  return sql.join(chunks);
}

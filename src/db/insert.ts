import { getTableColumns, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * One set-based INSERT of many rows bound as a single JSON parameter (json_to_recordset): no parameter-count limit,
 * one round trip, and the same statement on PGlite and postgres.js. Row keys are the table's TypeScript column names.
 */
export function insertRows(table: PgTable, rowsOfTable: readonly object[], onConflictDoNothing = false): SQL {
  const columns = getTableColumns(table);
  const keys = Object.keys(rowsOfTable[0]);
  for (const key of keys) if (!columns[key]) throw new Error(`insertRows: "${key}" is not a column of the table`);
  const list = (f: (key: string) => SQLWrapper) => sql.join(keys.map(f), sql`, `);
  return sql`insert into ${table} (${list((k) => sql.identifier(columns[k].name))})
    select ${list((k) => sql.identifier(k))}
    from json_to_recordset(${JSON.stringify(rowsOfTable)}::json)
      as r(${list((k) => sql`${sql.identifier(k)} ${sql.raw(columns[k].getSQLType())}`)})
    ${onConflictDoNothing ? sql`on conflict do nothing` : sql``}`;
}

import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client';

/*
 * Running compiled definitions. They go unprepared: their text is as varied as the definitions people write, and a
 * prepared statement per shape would pile up in every pooled connection's cache.
 */

async function query<T>(database: Database, statement: SQL): Promise<T[]> {
  const result = (await database.db.execute(statement)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** The size of a compiled definition's member set and its `sampleSize` smallest ids, in one statement. */
export async function countAndSample(database: Database, members: SQL, sampleSize: number): Promise<{ count: number; sampleIds: string[] }> {
  // count(*) over () is taken before the limit, so a sample of 20 still counts every member.
  const found = await query<{ id: string; total: number | string }>(
    database,
    sql`select m.id, count(*) over () as total from (${members}) m order by m.id limit ${Math.max(sampleSize, 1)}::int`,
  );
  return { count: found.length ? Number(found[0].total) : 0, sampleIds: found.slice(0, sampleSize).map((r) => r.id) };
}

/** The ids a compiled definition selects (restricted to a page of customers by the compiler). */
export async function memberIds(database: Database, members: SQL): Promise<Set<string>> {
  return new Set((await query<{ id: string }>(database, members)).map((r) => r.id));
}

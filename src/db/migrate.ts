import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { Database } from './client';

/** Arbitrary constant shared by every Strata process: the advisory lock that serialises migrations. */
const MIGRATION_LOCK_KEY = 0x5354_5241; // "STRA"

/**
 * Apply pending drizzle migrations. On PostgreSQL, several servers may start together: the first takes a
 * session-level advisory lock on a reserved connection and migrates, the others wait and then find nothing to do.
 */
export async function migrateDatabase(database: Database, migrationsFolder: string): Promise<void> {
  if (database.raw.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  const lock = await database.raw.sql.reserve();
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(database.db as unknown as PostgresJsDatabase, { migrationsFolder });
  } finally {
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
    lock.release();
  }
}

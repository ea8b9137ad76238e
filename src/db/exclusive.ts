import type { Database } from './client';

/**
 * Run `job` only while holding the session advisory lock `key`, taken with pg_try_advisory_lock on a reserved
 * connection: of several Strata processes on one database, one runs a scheduled job and the others skip it
 * (`{ ran: false }`) instead of queueing behind it. PGlite is one process (its data directory is locked), so there
 * it just runs.
 */
export async function runExclusively<T>(database: Database, key: number, job: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  if (database.raw.kind === 'pglite') return { ran: true, value: await job() };
  const lock = await database.raw.sql.reserve();
  try {
    const [{ locked }] = await lock`select pg_try_advisory_lock(${key}) as locked`;
    if (!locked) return { ran: false };
    try {
      return { ran: true, value: await job() };
    } finally {
      await lock`select pg_advisory_unlock(${key})`;
    }
  } finally {
    lock.release();
  }
}

import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import { fillPlaceholders, is, type SQL } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT, type PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres, PostgresJsSession } from 'drizzle-orm/postgres-js';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import postgres from 'postgres';
import { lockDataDir } from './lockfile';
import * as schema from './schema';
import { bindStatement, type StatementTemplate } from './values';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database or an open transaction. */
export type Queryable = Db | Tx;

/** Counts SQL statements sent through drizzle: the statement-count tests and the benchmarks read it. */
export class StatementCounter implements Logger {
  count = 0;
  logQuery(): void {
    this.count++;
  }
}

export type Unlisten = () => Promise<void>;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Connections the pool may open (PGlite: 1): how many sessions one task may hold at once without starving itself. */
  maxConnections: number;
  statements: StatementCounter;
  /**
   * LISTEN/NOTIFY differ between the drivers; this is the one place that knows. `onListen` runs each time the
   * listening connection is (re)established — after a lost connection, notifications sent meanwhile are gone.
   */
  listen(channel: string, onPayload: (payload: string) => void, onListen?: () => void): Promise<Unlisten>;
  /** The raw driver, for COPY and the few things drizzle does not wrap. */
  raw: { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; sql: postgres.Sql };
  /**
   * Rows of a read outside any transaction, as a prepared statement on PostgreSQL: drizzle sends `execute()` unprepared,
   * and re-planning the per-page LATERAL reads cost more than running them. On PGlite, plain execute.
   */
  read<T>(statement: SQL): Promise<T[]>;
  /**
   * Run `fn` on one connection held for its duration, outside any transaction: what session state (a temporary
   * table) needs. On PostgreSQL a connection reserved from the pool; PGlite has only one.
   */
  session<T>(fn: (q: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
  /** Load a PGlite data-dir dump instead of opening dataDir (tests); no lock is taken. */
  pgliteLoadDataDir?: Blob;
  /** In-memory PGlite (tests); no lock is taken. */
  pgliteInMemory?: boolean;
}

/**
 * On postgres.js, the transaction's own connection. drizzle's execute() sends statements unprepared, and postgres.js
 * then spends two round trips on each (Parse + Describe, wait for the parameter types, then Bind + Execute) and
 * PostgreSQL re-plans every time; the write paths run ~25 statements per batch under locks, so they go prepared.
 */
function preparedClient(q: Queryable): { client: postgres.Sql; logger: Logger } | null {
  const session = (q as unknown as { session?: unknown }).session;
  if (!is(session, PostgresJsSession)) return null;
  const { client, logger } = session as unknown as { client: postgres.Sql; logger: Logger };
  return { client, logger };
}

async function runPrepared<T>(q: Queryable, statement: SQL): Promise<T[] | null> {
  const prepared = preparedClient(q);
  if (!prepared) return null;
  const query = dialect.sqlToQuery(statement);
  prepared.logger.logQuery(query.sql, query.params);
  return (await prepared.client.unsafe(query.sql, query.params as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as T[];
}

/** Rows of a raw statement, whichever driver ran it; prepared on PostgreSQL (see preparedClient). */
export async function rows<T = Record<string, unknown>>(q: Queryable | Database, statement: SQL): Promise<T[]> {
  if ('read' in q) return q.read<T>(statement);
  const prepared = await runPrepared<T>(q, statement);
  if (prepared) return prepared;
  const result = (await q.execute(statement)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/**
 * Rows of a statement template bound with `values`: on postgres.js its text and values go to the driver as they are,
 * prepared, with no statement tree built and serialised again (the point of a template on a hot path); on PGlite as a
 * bound statement.
 */
export async function rowsOfTemplate<T = Record<string, unknown>>(q: Queryable, template: StatementTemplate, values: Record<string, unknown>): Promise<T[]> {
  const prepared = preparedClient(q);
  if (!prepared) return rows<T>(q, bindStatement(template, values));
  const params = fillPlaceholders(template.params, values);
  prepared.logger.logQuery(template.text, params);
  return (await prepared.client.unsafe(template.text, params as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as T[];
}

/** Run a raw statement for its effect, whichever driver; prepared on PostgreSQL (see preparedClient). */
export async function exec(q: Queryable, statement: SQL): Promise<void> {
  if (await runPrepared(q, statement)) return;
  await q.execute(statement);
}

/**
 * Work that needs no answer from the database before the next statement goes, all started at once and awaited
 * together: each `exec` or `rows` call sends its statement in call order (postgres.js pipelines them on the
 * transaction's connection, so PostgreSQL runs them back to back with no round trip between; PGlite runs them one
 * after another). A function in the list must send every statement it runs before its first await, or a later one
 * would overtake it. A failed statement aborts the transaction and fails the ones after it; its error, the first to
 * arrive, is the one thrown.
 */
export function inOrder<T extends readonly unknown[] | []>(work: T): Promise<{ -readonly [P in keyof T]: Awaited<T[P]> }> {
  return Promise.all(work);
}

const dialect = new PgDialect();

/** `fn` with `n` connections of the pool held at once (Database.session, nested), all released when it settles. */
export function withSessions<T>(database: Database, n: number, fn: (qs: Db[]) => Promise<T>, held: Db[] = []): Promise<T> {
  if (held.length === n) return fn(held);
  return database.session((q) => withSessions(database, n, fn, [...held, q]));
}

/**
 * How many connections a task that splits its work (a full re-score, the model summaries) may hold: what it asks
 * for, at most the pool less two (a lock holder and whoever else needs one meanwhile), at least one; PGlite has one.
 */
export function sessionShare(database: Database, wanted: number): number {
  return Math.max(1, Math.min(wanted, database.maxConnections - 2));
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const statements = new StatementCounter();
  if (options.databaseUrl) {
    const maxConnections = options.maxConnections ?? 10;
    const sql = postgres(options.databaseUrl, {
      max: maxConnections,
      onnotice: () => {},
      // Timestamps come back as Date; numeric stays a string so money is never a float.
      types: { numeric: { to: 1700, from: [1700], serialize: (v: string) => v, parse: (v: string) => v } },
      connection: { application_name: 'strata' },
    });
    const db = drizzlePostgres({ client: sql, schema, logger: statements }) as unknown as Db;
    return {
      kind: 'postgres',
      db,
      maxConnections,
      statements,
      raw: { kind: 'postgres', sql },
      async read<T>(statement: SQL) {
        const query = dialect.sqlToQuery(statement);
        statements.logQuery();
        return (await sql.unsafe(query.sql, query.params as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as T[];
      },
      async session(fn) {
        const reserved = await sql.reserve();
        try {
          // A reserved connection shares the pool's options but does not expose them, and drizzle reads (and sets) the
          // parsers there: hand it the pool's, which drizzle has already set up above.
          const client = Object.assign(reserved, { options: sql.options });
          return await fn(drizzlePostgres({ client, schema, logger: statements }) as unknown as Db);
        } finally {
          reserved.release();
        }
      },
      async listen(channel, onPayload, onListen) {
        const sub = await sql.listen(channel, onPayload, onListen);
        return () => sub.unlisten();
      },
      close: () => sql.end({ timeout: 5 }),
    };
  }

  const release = options.pgliteLoadDataDir || options.pgliteInMemory ? () => {} : lockDataDir(options.dataDir);
  let client: PGlite;
  try {
    client = options.pgliteLoadDataDir
      ? await PGlite.create({ loadDataDir: options.pgliteLoadDataDir })
      : await PGlite.create(options.pgliteInMemory ? undefined : options.dataDir);
  } catch (err) {
    release();
    throw err;
  }
  const db = drizzlePglite({ client, schema, logger: statements }) as unknown as Db;
  let closed = false;
  return {
    kind: 'pglite',
    db,
    maxConnections: 1,
    statements,
    raw: { kind: 'pglite', client },
    read: (statement) => rows(db, statement),
    session: (fn) => fn(db),
    async listen(channel, onPayload, onListen) {
      const unlisten = await client.listen(channel, onPayload);
      onListen?.();
      return unlisten;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        // PGlite is fragile under an abrupt stop: flush everything before closing.
        if (!options.pgliteInMemory && !options.pgliteLoadDataDir) await client.exec('CHECKPOINT');
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/** Where reads can run: a transaction, the drizzle database, or the Database (prepared reads on PostgreSQL). */
export type Reader = Queryable | Database;

import { inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { rows, type Database, type Tx } from '../src/db/client';
import { lockOrdersForBulkWrite } from '../src/behaviour/behaviour.repo';
import { insertRows } from '../src/db/insert';
import * as schema from '../src/db/schema';
import { demoSources, generateDemoChunk } from './btyd';
import type { CustomerData } from './rows';

export interface SeedOptions {
  customers: number;
  seed?: number;
  /** End of the observation window (nothing seeded is later); usually today's UTC midnight. */
  asOf: Date;
  /** Add to a database that already has customers; the new ones continue the seed's stream after them. */
  append?: boolean;
  /** Customers per transaction; bounds memory (1,000 customers serialise to about 25 MB of JSON). */
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export type SeedCounts = { sources: number } & { [K in keyof CustomerData]: number };

/** A refusal the caller can show as is (no stack): non-empty database, bad arguments. */
export class SeedError extends Error {}

/** Which table each generated array goes to, in insert order. */
const TABLES: Readonly<Record<keyof CustomerData, PgTable>> = {
  customers: schema.customers,
  identities: schema.identities,
  observations: schema.observations,
  events: schema.events,
  orders: schema.orders,
  refunds: schema.refunds,
  feedback: schema.feedback,
  dedupeKeys: schema.dedupeKeys,
};

/** Compiles only if every generated row type is a valid insert for its table: the schema and the seeds agree. */
type Fits<Row extends Insert, Insert> = [Row, Insert];
export type SeedRowsFitTables = [
  Fits<CustomerData['customers'][number], typeof schema.customers.$inferInsert>,
  Fits<CustomerData['identities'][number], typeof schema.identities.$inferInsert>,
  Fits<CustomerData['observations'][number], typeof schema.observations.$inferInsert>,
  Fits<CustomerData['events'][number], typeof schema.events.$inferInsert>,
  Fits<CustomerData['orders'][number], typeof schema.orders.$inferInsert>,
  Fits<CustomerData['refunds'][number], typeof schema.refunds.$inferInsert>,
  Fits<CustomerData['feedback'][number], typeof schema.feedback.$inferInsert>,
  Fits<CustomerData['dedupeKeys'][number], typeof schema.dedupeKeys.$inferInsert>,
  Fits<ReturnType<typeof demoSources>[number], typeof schema.sources.$inferInsert>,
];


async function insertChunk(tx: Tx, data: CustomerData): Promise<void> {
  for (const name of Object.keys(TABLES) as (keyof CustomerData)[]) {
    // Chunks are written in parallel: their orders and refunds one chunk at a time (see lockOrdersForBulkWrite).
    if (name === 'orders' && data.orders.length + data.refunds.length > 0) await lockOrdersForBulkWrite(tx);
    if (data[name].length > 0) await tx.execute(insertRows(TABLES[name], data[name]));
  }
}

/**
 * Create the five demo sources unless they exist. A source of the same name made earlier (say by
 * `npm run keys -- create --source web`) has another id: the demo rows are then pointed at it.
 */
async function ensureSources(database: Database, asOf: Date): Promise<{ inserted: number; remap: Map<string, string> }> {
  const demo = demoSources(asOf);
  const inserted = await rows(database.db, sql`${insertRows(schema.sources, demo, true)} returning 1`);
  const names = demo.map((s) => s.name);
  const existing = await database.db
    .select({ id: schema.sources.id, name: schema.sources.name })
    .from(schema.sources)
    .where(inArray(schema.sources.name, names));
  const idByName = new Map(existing.map((s) => [s.name, s.id]));
  const remap = new Map<string, string>();
  for (const s of demo) {
    const id = idByName.get(s.name);
    if (id && id !== s.id) remap.set(s.id, id);
  }
  return { inserted: inserted.length, remap };
}

function remapSources(data: CustomerData, remap: ReadonlyMap<string, string>): void {
  for (const name of Object.keys(data) as (keyof CustomerData)[]) {
    for (const row of data[name] as { sourceId?: string }[]) {
      if (row.sourceId) row.sourceId = remap.get(row.sourceId) ?? row.sourceId;
    }
  }
}

function validate(options: SeedOptions): Required<Omit<SeedOptions, 'onProgress'>> {
  const { customers, seed = 42, asOf, append = false, chunkSize = 1000 } = options;
  if (!Number.isInteger(customers) || customers < 0) throw new SeedError(`customers must be a whole number >= 0, got ${customers}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new SeedError(`seed must be an integer in [0, 4294967295], got ${seed}`);
  if (!(asOf instanceof Date) || !Number.isFinite(asOf.getTime())) throw new SeedError('asOf must be a valid Date');
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new SeedError(`chunkSize must be a positive integer, got ${chunkSize}`);
  return { customers, seed, asOf, append, chunkSize };
}

/**
 * Seed deterministic demo data: chunks of customers, each generated, then inserted in one transaction with one
 * statement per table. PostgreSQL gets a few chunks in flight on separate pool connections; PGlite has a single
 * connection, so chunks go one after another and nothing touches `database.db` while a transaction is open.
 * A failure leaves the chunks committed before it.
 */
export async function seedDemoData(database: Database, options: SeedOptions): Promise<SeedCounts> {
  const { customers, seed, asOf, append, chunkSize } = validate(options);
  const [{ n: existing }] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from customers`);
  if (existing > 0 && !append) {
    throw new SeedError(
      `the database already has ${existing} customers; demo data goes into an empty database unless appending (--append)`,
    );
  }
  // Appended customers continue the stream after the rows already there, so their ids, emails and order ids
  // do not collide with an earlier run of the same seed.
  const first = existing;

  const { inserted, remap } = await ensureSources(database, asOf);
  const counts: SeedCounts = {
    sources: inserted,
    customers: 0, identities: 0, observations: 0, events: 0, orders: 0, refunds: 0, feedback: 0, dedupeKeys: 0,
  };

  const parallel = database.kind === 'postgres' ? 3 : 1;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  let done = 0;
  for (let from = first; from < first + customers && failure === null; from += chunkSize) {
    const to = Math.min(from + chunkSize, first + customers);
    const data = generateDemoChunk({ seed, asOf, from, to });
    if (remap.size > 0) remapSources(data, remap);
    const job = database.db
      .transaction((tx) => insertChunk(tx, data))
      .then(() => {
        for (const name of Object.keys(TABLES) as (keyof CustomerData)[]) counts[name] += data[name].length;
        done += to - from;
        options.onProgress?.(done, customers);
      })
      .catch((err: unknown) => {
        failure ??= err;
      })
      .finally(() => inFlight.delete(job));
    inFlight.add(job);
    if (inFlight.size >= parallel) await Promise.race(inFlight);
  }
  // Wait for every transaction, failed or not, so the caller can close the database safely.
  await Promise.all(inFlight);
  if (failure !== null) throw failure;
  return counts;
}

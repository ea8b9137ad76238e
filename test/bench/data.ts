import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import {
  CUSTOMERS, CUSTOMER_COLUMNS, DATA_VERSION, IDENTITY_COLUMNS, ORDERS, ORDER_COLUMNS, SOURCE,
  customerLines, identityLines, orderLines,
} from './generate';

/**
 * Bench data lives in a template database, built once (about a minute) and cloned per run (seconds), so every run
 * starts from the same bytes and no run sees another's writes.
 */
export const TEMPLATE_DB = `strata_bench_tpl_v${DATA_VERSION}`;
export const RUN_DB = 'strata_bench_run';
const MARKER_KEY = 'bench_data';

export const adminUrl = () => process.env.BENCH_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

const connect = (url: string) => postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'strata-bench' } });

export async function withAdmin<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = connect(adminUrl());
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** True when the template exists and its load finished (the marker row is written last). */
async function templateComplete(): Promise<boolean> {
  return (await templateMarker(TEMPLATE_DB))?.version === DATA_VERSION;
}

/** The `bench_data` marker a finished template load leaves in strata_meta; null if there is none (or no database). */
export async function templateMarker(name: string): Promise<Record<string, unknown> | null> {
  const exists = await withAdmin((sql) => sql`select 1 from pg_database where datname = ${name}`);
  if (!exists.length) return null;
  const sql = connect(databaseUrl(name));
  try {
    const [marker] = await sql`select value from strata_meta where key = ${MARKER_KEY}`;
    return marker?.value ?? null;
  } catch {
    return null;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Written last by a template build, so an interrupted build is never reused. */
export async function writeTemplateMarker(sql: postgres.Sql, marker: Record<string, unknown>): Promise<void> {
  // Text plus a cast: drizzle replaces this client's JSON serializers, so sql.json() would not survive.
  await sql`insert into strata_meta (key, value) values (${MARKER_KEY}, ${JSON.stringify(marker)}::jsonb)`;
}

export async function copyInto(sql: postgres.Sql, table: string, columns: string, lines: Iterable<string>): Promise<void> {
  const writable = await sql.unsafe(`copy ${table} (${columns}) from stdin`).writable();
  await pipeline(Readable.from(lines), writable);
}

async function buildTemplate(): Promise<void> {
  await withAdmin(async (sql) => {
    await sql.unsafe(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await sql.unsafe(`create database ${TEMPLATE_DB}`);
  });
  const database = await openDatabase({ databaseUrl: databaseUrl(TEMPLATE_DB), dataDir: '', maxConnections: 3 });
  try {
    await migrateDatabase(database, path.resolve('drizzle'));
    if (database.raw.kind !== 'postgres') throw new Error('bench template needs PostgreSQL');
    const sql = database.raw.sql;
    const started = Date.now();
    await sql`insert into sources (id, name, kind) values (${SOURCE.id}, ${SOURCE.name}, ${SOURCE.kind})`;
    // Orders are the bulk: load them on one connection while the small tables go through another.
    await Promise.all([
      (async () => {
        await copyInto(sql, 'customers', CUSTOMER_COLUMNS, customerLines());
        await copyInto(sql, 'identities', IDENTITY_COLUMNS, identityLines());
      })(),
      copyInto(sql, 'orders', ORDER_COLUMNS, orderLines()),
    ]);
    const loaded = Date.now();
    // Freeze as well as analyze: clones then start with hint bits and the visibility map set, so the first reads
    // of a run do not pay for them (and dirty pages) while being measured.
    await sql.unsafe('vacuum (freeze, analyze)');
    const [counts] = await sql`select (select count(*) from customers)::int as customers,
      (select count(*) from identities)::int as identities, (select count(*) from orders)::int as orders`;
    await writeTemplateMarker(sql, { version: DATA_VERSION, ...counts, loadMs: loaded - started, builtAt: new Date().toISOString() });
    console.log(
      `bench data: loaded ${counts.customers} customers, ${counts.identities} identities, ${counts.orders} orders ` +
        `with COPY in ${((loaded - started) / 1000).toFixed(1)} s, vacuum + analyze ${((Date.now() - loaded) / 1000).toFixed(1)} s`,
    );
  } finally {
    await database.close();
  }
}

/** Build the template if it is missing or incomplete; returns the build time in ms (0 when it was reused). */
export async function ensureTemplate(): Promise<number> {
  if (await templateComplete()) {
    console.log(`bench data: reusing template ${TEMPLATE_DB}`);
    return 0;
  }
  console.log(`bench data: building template ${TEMPLATE_DB} (${CUSTOMERS} customers, ${ORDERS} orders)…`);
  const started = Date.now();
  await buildTemplate();
  const ms = Date.now() - started;
  console.log(`bench data: template built in ${(ms / 1000).toFixed(1)} s`);
  return ms;
}

/** A fresh copy of the template for this run; returns its URL. */
export async function createRunDatabase(): Promise<string> {
  return cloneDatabase(TEMPLATE_DB, RUN_DB);
}

/** `name`, dropped if it exists, as a copy of `template`; returns its URL. */
export async function cloneDatabase(template: string, name: string): Promise<string> {
  const started = Date.now();
  await withAdmin(async (sql) => {
    await sql.unsafe(`drop database if exists ${name} with (force)`);
    // CREATE DATABASE … TEMPLATE fails while anyone is connected to the template (a crashed earlier run, a psql).
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${template} and pid <> pg_backend_pid()`;
    await sql.unsafe(`create database ${name} template ${template}`);
  });
  console.log(`bench data: cloned ${template} → ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return databaseUrl(name);
}

export async function dropRunDatabase(): Promise<void> {
  await dropDatabase(RUN_DB);
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((sql) => sql.unsafe(`drop database if exists ${name} with (force)`));
}

/**
 * A new, empty database with Strata's migrations applied; `setup` runs on it before it is closed (sources, keys).
 * For suites that write: their run starts from nothing, so there is no template to keep.
 */
export async function createMigratedDatabase<T>(name: string, setup: (database: Database) => Promise<T>): Promise<{ url: string; setup: T }> {
  await withAdmin(async (sql) => {
    await sql.unsafe(`drop database if exists ${name} with (force)`);
    await sql.unsafe(`create database ${name}`);
  });
  const url = databaseUrl(name);
  const database = await openDatabase({ databaseUrl: url, dataDir: '', maxConnections: 2 });
  try {
    await migrateDatabase(database, path.resolve('drizzle'));
    return { url, setup: await setup(database) };
  } finally {
    await database.close();
  }
}

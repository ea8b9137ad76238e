import 'reflect-metadata';
import { eq, sql } from 'drizzle-orm';
import { seedDemoData } from '../seeds/load';
import { createStrata } from './app';
import { apiKeys } from './auth/apiKey.table';
import { createApiKey } from './auth/keys';
import { ConfigError, loadConfig } from './config';
import { openDatabase, rows, type Database } from './db/client';
import { DataDirLockedError } from './db/lockfile';
import { strataMeta } from './db/meta.table';
import { migrateDatabase } from './db/migrate';
import type { Readiness } from './http';
import { createLogger, type Logger } from './shared/log';

const DEMO_KEY_NAME = 'demo-admin (embedded database)';

/** An empty embedded database gets demo data once; a database given by DATABASE_URL is never seeded. */
async function firstRunSeed(database: Database, customers: number, log: Logger): Promise<void> {
  const [done] = await database.db.select().from(strataMeta).where(eq(strataMeta.key, 'first_run_seed'));
  if (done || customers === 0) return;
  const [{ n }] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from customers`);
  if (n === 0) {
    const started = Date.now();
    log.info('seeding demo data on first start', { customers });
    const asOf = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
    await seedDemoData(database, { customers, seed: 42, asOf });
    log.info('demo data seeded', { customers, ms: Date.now() - started });
  }
  await database.db.insert(strataMeta).values({ key: 'first_run_seed', value: { at: new Date().toISOString(), customers } }).onConflictDoNothing();
}

/** The embedded demo gets a fresh admin key at every start (only its hash is stored, so it cannot be shown again). */
async function demoAdminKey(database: Database): Promise<string> {
  await database.db.update(apiKeys).set({ revokedAt: sql`now()` }).where(eq(apiKeys.name, DEMO_KEY_NAME));
  return (await createApiKey(database.db, { name: DEMO_KEY_NAME, scopes: ['admin'] })).secret;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const readiness: Readiness = { migrated: false, seeded: false };
  let strata: Awaited<ReturnType<typeof createStrata>> | null = null;

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) {
      process.exit(1);
    }
    shuttingDown = true;
    log.info('shutting down', { signal });
    try {
      await strata?.stop();
    } finally {
      await database.close();
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await migrateDatabase(database, config.migrationsDir);
  readiness.migrated = true;
  strata = await createStrata(config, database, { log, readiness });
  const port = await strata.listen(config.port);
  log.info('listening', { port, database: database.kind });

  if (database.kind === 'pglite') await firstRunSeed(database, config.firstRunSeedCustomers, log);
  readiness.seeded = true;
  // The first sweep runs at once: it scores seeded or imported profiles and refreshes stale cut points.
  strata.startBackgroundJobs();
  const readyMs = Date.now() - startedAt;
  log.info('ready', { ms: readyMs });

  const base = `http://localhost:${port}`;
  const lines = [`Strata is ready in ${(readyMs / 1000).toFixed(1)} s: ${base}/graphql (open it in a browser for GraphiQL)`];
  if (database.kind === 'pglite') {
    const key = await demoAdminKey(database);
    lines.push(
      `Embedded database in ${config.dataDir}. Demo admin key (a new one at each start; this one is shown once):`,
      `  ${key}`,
      'Try:',
      `  curl -s ${base}/graphql -H 'authorization: Bearer ${key}' -H 'content-type: application/json' \\`,
      `    -d '{"query":"{ customers(first: 3) { edges { node { id lastSeenAt traits identities { type value } } } } }"}'`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(`strata: ${err.message}\n`);
  } else {
    process.stderr.write(`strata: failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  }
  process.exit(1);
});

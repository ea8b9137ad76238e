import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { gql, runNode, startStrata, stop, waitReady } from './process';

const COUNT = '{ customers(first: 1000) { edges { node { id } } pageInfo { hasNextPage } } }';

/** Every profile, page by page, as a client would count them. */
async function countCustomers(base: string, key: string): Promise<number> {
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const page = await gql(base, key, 'query($after: String) { customers(first: 1000, after: $after) { edges { cursor } pageInfo { hasNextPage endCursor } } }', { after });
    total += page.body.data.customers.edges.length;
    if (!page.body.data.customers.pageInfo.hasNextPage) return total;
    after = page.body.data.customers.pageInfo.endCursor;
  }
}

describe('npm start on the embedded database', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-e2e-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  let seeded = 0;

  test('first start seeds demo data, prints a working admin key, refuses a second process, and stops cleanly', async () => {
    const server = await startStrata({ STRATA_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    try {
      const readyMs = await waitReady(server);
      process.stdout.write(`start-to-ready (fresh embedded database, first-run seed): ${readyMs} ms\n`);
      const key = /^\s+(sk_[\w-]+)$/m.exec(server.output())?.[1];
      expect(key).toBeDefined();
      const page = await gql(server.base, key!, COUNT);
      expect(page.body.errors).toBeUndefined();
      expect(page.body.data.customers.edges).toHaveLength(1000);
      expect(page.body.data.customers.pageInfo.hasNextPage).toBe(true);
      seeded = await countCustomers(server.base, key!);
      expect(seeded).toBeGreaterThanOrEqual(1900);

      const second = await startStrata({ STRATA_DATA_DIR: dataDir });
      expect(await second.exited).toBe(1);
      expect(second.output()).toMatch(/in use by process \d+/);
      const cli = runNode('cli/keys.js', ['list'], { STRATA_DATA_DIR: dataDir });
      expect(await cli.exited).toBe(1);
      expect(cli.output()).toMatch(/in use by process/);
    } finally {
      expect(await stop(server)).toBe(0);
    }
    expect(fs.existsSync(path.join(dataDir, 'strata.lock'))).toBe(false);
  });

  test('a restart keeps the data, does not seed again, and the CLIs work while the server is down', async () => {
    const created = runNode('cli/keys.js', ['create', '--scopes', 'profiles:read', '--name', 'e2e'], { STRATA_DATA_DIR: dataDir });
    expect(await created.exited).toBe(0);
    const key = /^(sk_[\w-]+)$/m.exec(created.output())![1];
    const server = await startStrata({ STRATA_DATA_DIR: dataDir });
    try {
      const readyMs = await waitReady(server);
      process.stdout.write(`start-to-ready (existing embedded database): ${readyMs} ms\n`);
      expect(await countCustomers(server.base, key)).toBe(seeded);
      const denied = await gql(server.base, 'sk_wrong', COUNT);
      expect(denied.status).toBe(401);
    } finally {
      expect(await stop(server)).toBe(0);
    }
  });

  test('a bad configuration stops the start with a message naming the variable', async () => {
    const run = runNode('main.js', [], { STRATA_DATA_DIR: dataDir, BUSINESS_TIMEZONE: 'Mars/Base' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/BUSINESS_TIMEZONE/);
  });
});

describe('two servers on one PostgreSQL database', () => {
  const admin = postgres(process.env.STRATA_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', { max: 1, onnotice: () => {} });
  const name = `strata_e2e_${process.pid}`;
  afterAll(async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  test('start together on an empty database: migrations run once under the advisory lock, nothing is seeded', async () => {
    await admin.unsafe(`create database ${name}`);
    const url = `postgres://postgres@127.0.0.1:5432/${name}`;
    const adminKey = 'sk_e2e_admin_key_0123456789abcdefghijklmnopqrstuv';
    const a = await startStrata({ DATABASE_URL: url, STRATA_ADMIN_KEY: adminKey });
    const b = await startStrata({ DATABASE_URL: url, STRATA_ADMIN_KEY: adminKey });
    try {
      await Promise.all([waitReady(a), waitReady(b)]);
      const db = postgres(url, { max: 1, onnotice: () => {} });
      const [{ n }] = await db`select count(*)::int as n from drizzle.__drizzle_migrations`;
      const migrations = fs.readdirSync(path.resolve('drizzle')).filter((f) => f.endsWith('.sql')).length;
      expect(n).toBe(migrations);
      const [{ c }] = await db`select count(*)::int as c from customers`;
      expect(c).toBe(0);
      await db.end();
      for (const s of [a, b]) {
        const res = await gql(s.base, adminKey, COUNT);
        expect(res.body.data.customers.edges).toEqual([]);
      }
      expect(a.output()).not.toMatch(/sk_/);
    } finally {
      await Promise.all([stop(a), stop(b)]);
    }
  });
});

import { sql } from 'drizzle-orm';
import { rows, type Database } from '../../src/db/client';
import { generateDemoData, SEED_SOURCES } from '../../seeds/btyd';
import { SeedError, seedDemoData, type SeedCounts } from '../../seeds/load';
import { createTestDatabase } from '../helpers/db';

const asOf = new Date('2026-11-23T00:00:00Z');
const TABLES: Record<keyof SeedCounts, string> = {
  sources: 'sources',
  customers: 'customers',
  identities: 'identities',
  observations: 'observations',
  events: 'events',
  orders: 'orders',
  refunds: 'refunds',
  feedback: 'feedback',
  dedupeKeys: 'dedupe_keys',
};

async function tableCounts(database: Database): Promise<SeedCounts> {
  const union = sql.join(
    Object.entries(TABLES).map(([key, table]) => sql`select ${key}::text as key, count(*)::int as n from ${sql.identifier(table)}`),
    sql` union all `,
  );
  const counted = await rows<{ key: keyof SeedCounts; n: number }>(database.db, union);
  return Object.fromEntries(counted.map((r) => [r.key, r.n])) as SeedCounts;
}

describe('seedDemoData', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('inserts exactly the generated rows, chunk by chunk, and reports their counts', async () => {
    const progress: number[] = [];
    const counts = await seedDemoData(database, { customers: 300, seed: 42, asOf, chunkSize: 128, onProgress: (done) => progress.push(done) });

    expect(await tableCounts(database)).toEqual(counts);
    const generated = generateDemoData({ customers: 300, seed: 42, asOf });
    expect(counts).toEqual(Object.fromEntries(Object.keys(TABLES).map((k) => [k, generated[k as keyof SeedCounts].length])));
    // One report per committed chunk; on PostgreSQL chunks run in parallel and may commit out of order.
    expect(progress).toHaveLength(3);
    expect(progress[2]).toBe(300);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);

    // Money, jsonb and timestamps survive the trip exactly.
    const [db] = await rows<{ total: string; reporting: string; last: Date; traits: unknown }>(
      database.db,
      sql`select (select coalesce(sum(total_reporting), 0.0000)::text from orders) as total,
                 (select coalesce(sum(amount_reporting), 0.0000)::text from refunds) as reporting,
                 (select max(last_seen_at) from customers) as last,
                 (select traits from customers where id = ${generated.customers[0].id}) as traits`,
    );
    // 4-decimal strings as integers of 1e-4 units.
    const sum = (values: string[]) => values.reduce((s, v) => s + BigInt(v.replace('.', '')), 0n).toString();
    expect(db.total.replace('.', '')).toBe(sum(generated.orders.map((o) => o.totalReporting)));
    expect(db.reporting.replace('.', '')).toBe(sum(generated.refunds.map((r) => r.amountReporting)));
    expect(new Date(db.last).getTime()).toBe(Math.max(...generated.customers.map((c) => c.lastSeenAt.getTime())));
    expect(typeof db.traits === 'string' ? JSON.parse(db.traits) : db.traits).toEqual(generated.customers[0].traits);
  });

  it('refuses a database that already has customers', async () => {
    await expect(seedDemoData(database, { customers: 10, asOf })).rejects.toThrow(SeedError);
    await expect(seedDemoData(database, { customers: 10, asOf })).rejects.toThrow(/already has 300 customers/);
  });

  it('appends after the existing customers without colliding with them', async () => {
    const counts = await seedDemoData(database, { customers: 40, seed: 42, asOf, append: true });
    expect(counts.sources).toBe(0);
    expect(counts.customers).toBe(40);
    const [{ n }] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from customers`);
    expect(n).toBe(340);
  });

  it('points demo rows at same-named sources that already exist', async () => {
    const other = await createTestDatabase();
    try {
      const webId = '0b0b0b0b-0000-4000-8000-000000000001';
      await other.db.execute(sql`insert into sources (id, name, kind) values (${webId}, 'web', 'web')`);
      await seedDemoData(other, { customers: 20, asOf });
      const used = await rows<{ source_id: string }>(other.db, sql`select distinct source_id from events where source_id in (${webId}, ${SEED_SOURCES.web.id})`);
      expect(used.map((r) => r.source_id)).toEqual([webId]);
    } finally {
      await other.close();
    }
  });
});

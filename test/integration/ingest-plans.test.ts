import { sql } from 'drizzle-orm';
import { exec, rows } from '../../src/db/client';
import { uuidArray } from '../../src/db/values';
import { ingestPlanSettings, patchTraits, refoldTraits } from '../../src/ingestion/ingest.repo';
import { hoursAgo, identify, newWriter, orderCompleted, page, track, uniq, type Json, type Writer } from '../factories/messages';
import { testDbMode } from '../helpers/db';
import { startListeningServer, type TestServer } from '../helpers/server';

/**
 * An ingest reaches the stored history by key, never by reading a table through: otherwise every write costs more as
 * the data grows. The risk is the plans: the ingest transaction's statements are prepared and planned once per
 * connection (generic plans), with the statistics of that moment. Here they are planned on a young database that
 * then grows with no ANALYZE (autovacuum off or behind), where a scan of a few pages looks cheapest. The probe runs
 * last inside one later ingest transaction and reads that transaction's own counters (pg_stat_xact_user_tables).
 */

let t: TestServer & { base: string };
let w: Writer;
let probed: Map<string, { seqScans: number; indexScans: number; inserted: number }> | null = null;

beforeAll(async () => {
  t = await startListeningServer();
  w = await newWriter(t.database.db, t.base);
});
afterAll(() => t.close());

const person = (i: number) => ({ userId: `plan-u${i}`, anonymousId: `plan-a${i}` });

/** Entries read from an index so far (up to date once the transactions that read it have flushed their statistics). */
async function indexReads(name: string): Promise<number> {
  const [r] = await rows<{ n: string }>(
    t.database.db,
    sql`select coalesce(sum(idx_tup_read), 0)::text as n from pg_stat_user_indexes where indexrelname = ${name}`,
  );
  return Number(r.n);
}

/** A person's day: a page view, an identify with traits, an interest event, every third one an order. */
function day(i: number, hoursBack: number): Json[] {
  const who = person(i);
  const batch = [
    page({ anonymousId: who.anonymousId }, 'Home', { timestamp: hoursAgo(hoursBack + 1) }),
    identify(who, { email: `plan${i}@example.com`, plan: i % 2 ? 'pro' : 'free', visits: hoursBack }, { timestamp: hoursAgo(hoursBack) }),
    track({ userId: who.userId }, 'Product Viewed', { sku: `sku-${i % 7}` }, { timestamp: hoursAgo(hoursBack) }),
  ];
  if (i % 3 === 0) batch.push(orderCompleted({ userId: who.userId }, { order_id: uniq('o'), total: 20 + i, currency: 'USD' }, { timestamp: hoursAgo(hoursBack) }));
  return batch;
}

(testDbMode() === 'postgres' ? test : test.skip)('a write to existing profiles of a grown database scans no history table', async () => {
  // Each write transaction flushes its statistics when it ends (pending counts otherwise add up over a connection's
  // transactions for up to a second): pg_stat_xact_user_tables then shows the probed one's alone, and
  // pg_stat_user_indexes is up to date when a write has been answered.
  t.strata.services.profileChanges.register(async (tx) => {
    await rows(tx, sql`select pg_stat_force_next_flush()`);
  });
  // Young: every connection of the pool plans its statements on near-empty tables.
  for (let round = 0; round < 8; round++) await Promise.all([0, 1, 2].map((k) => w.send(day(round * 3 + k, 200))));
  const pageIndexReads = () => indexReads('customers_page_idx');
  const readBefore = await pageIndexReads();
  // Grown, never analyzed: 1,200 people, some 4,000 rows in each history table.
  for (let from = 0; from < 1200; from += 100) {
    await w.send(Array.from({ length: 100 }, (_, k) => day(from + k, 100)).flat());
  }

  t.strata.services.profileChanges.register(async (tx) => {
    const counted = await rows<{ relname: string; seq_scan: string; idx_scan: string; n_tup_ins: string }>(
      tx,
      sql`select relname, seq_scan::text as seq_scan, coalesce(idx_scan, 0)::text as idx_scan, n_tup_ins::text as n_tup_ins
          from pg_stat_xact_user_tables`,
    );
    probed = new Map(
      counted.map((r) => [r.relname, { seqScans: Number(r.seq_scan), indexScans: Number(r.idx_scan), inserted: Number(r.n_tup_ins) }]),
    );
  });
  const observationReadsBefore = await indexReads('observations_customer_key_idx');
  // Returning people: traits, events and orders of existing profiles, and a new device that links to one of them.
  await w.send([
    ...Array.from({ length: 40 }, (_, k) => day(k * 29, 1)).flat(),
    identify({ userId: person(5).userId, anonymousId: 'plan-new-device' }, { plan: 'team' }, { timestamp: hoursAgo(0.5) }),
  ]);

  expect(probed).not.toBeNull();
  // An index can be read through too: the live profiles' paging index (customers_page_idx, partial on "not merged"),
  // scanned whole and filtered by id, is what the segments' per-write statement did here, once per segment at every
  // write: 182,000 index entries over the growth and the probed write. Writes look profiles up by primary key.
  expect((await pageIndexReads()) - readBefore).toBe(0);
  const scanned = [...probed!].filter(([, c]) => c.seqScans > 0).map(([table]) => table).sort();
  // The segment catalogue is a handful of rows with no key to look them up by: its version is read whole.
  expect(scanned.filter((table) => table !== 'segments')).toEqual([]);
  // The history was read, by index.
  const history = ['customers', 'identities', 'events', 'observations', 'orders', 'customer_metrics'];
  expect(Object.fromEntries(history.map((table) => [table, (probed!.get(table)?.indexScans ?? 0) > 0]))).toEqual(
    Object.fromEntries(history.map((table) => [table, true])),
  );
  // The trait patch re-decides each (profile, key) the write observed from that profile's observations of the key: a
  // few index entries each.
  const observed = probed!.get('observations')?.inserted ?? 0;
  expect(observed).toBeGreaterThan(100);
  expect((await indexReads('observations_customer_key_idx')) - observationReadsBefore).toBeLessThan(10 * observed);
}, 120_000);

(testDbMode() === 'postgres' ? test : test.skip)('trait re-folds and patches probe each profile, whatever join the planner would prefer', async () => {
  // On the ingest bench's statistics the planner hash-joined every observation of a key (read through the (customer,
  // key) index by its second column) to each pair's members: 7,000 entries a pair at the end of a 30,000-message run.
  // With nested loops priced out, a planner that prefers joins has that choice wherever the statement offers it.
  const roots = await rows<{ id: string }>(
    t.database.db,
    sql`select distinct o.customer_id as id from observations o join customers c on c.id = o.customer_id and c.merged_into_id is null
        where o.key = 'plan' limit 20`,
  );
  expect(roots).toHaveLength(20);
  const [{ n: planObservations }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from observations where key = 'plan'`);
  expect(planObservations).toBeGreaterThan(1000);
  const traitsBefore = await rows<{ id: string; traits: unknown }>(
    t.database.db,
    sql`select id, traits from customers where id = any(${uuidArray(roots.map((r) => r.id))}) order by id`,
  );
  const before = await indexReads('observations_customer_key_idx');
  await t.database.db.transaction(async (tx) => {
    await ingestPlanSettings(tx);
    await rows(tx, sql`select set_config('enable_nestloop', 'off', true)`);
    // Plans this connection cached for the statement are dropped, so it is planned under these settings.
    await exec(tx, sql`analyze observations`);
    await patchTraits(tx, roots.map((r) => ({ root: r.id, key: 'plan' })), []);
    await rows(tx, sql`select pg_stat_force_next_flush()`);
  });
  expect((await indexReads('observations_customer_key_idx')) - before).toBeLessThan(10 * roots.length);
  // A re-fold (after a merge or a split) reads every observation of the profiles, and only theirs.
  const [{ n: theirs }] = await rows<{ n: number }>(
    t.database.db,
    sql`select count(*)::int as n from observations where customer_id = any(${uuidArray(roots.map((r) => r.id))})`,
  );
  const beforeRefold = await indexReads('observations_customer_key_idx');
  await t.database.db.transaction(async (tx) => {
    await ingestPlanSettings(tx);
    await rows(tx, sql`select set_config('enable_nestloop', 'off', true)`);
    await exec(tx, sql`analyze observations`);
    await refoldTraits(tx, roots.map((r) => r.id), []);
    await rows(tx, sql`select pg_stat_force_next_flush()`);
  });
  expect((await indexReads('observations_customer_key_idx')) - beforeRefold).toBeLessThanOrEqual(2 * theirs);
  // Re-deciding what was already decided changes nothing.
  expect(
    await rows(t.database.db, sql`select id, traits from customers where id = any(${uuidArray(roots.map((r) => r.id))}) order by id`),
  ).toEqual(traitsBefore);
});

import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { exec, rows, type Database } from '../../src/db/client';
import { createTestDatabase, testDbMode } from '../helpers/db';

/**
 * What its refunds take off an order, kept on the order by triggers (migration 0014) for the passes over every order
 * (a full scoring run, a model fit), whoever writes the orders and refunds and in whichever order they arrive. The
 * amounts follow the rule of NET in src/metrics/scoring.repo.ts; test/integration/metrics-scoring.test.ts and
 * metrics-models.test.ts check the passes that read the column against the per-profile statements that read the
 * refunds.
 */

let database: Database;
let sourceId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  sourceId = randomUUID();
});
afterAll(() => database.close());

const db = () => database.db;

async function addOrder(orderId: string, o: { total?: string; reporting?: string; source?: string | null; customer?: string } = {}) {
  await exec(db(), sql`insert into orders (customer_id, source_id, order_id, total, currency, total_reporting, occurred_at)
    values (${o.customer ?? randomUUID()}::uuid, ${o.source === undefined ? sourceId : o.source}::uuid, ${orderId},
            ${o.total ?? '100'}::numeric, 'EUR', ${o.reporting ?? '108'}::numeric, now())`);
}

async function addRefund(orderId: string, r: { amount?: string | null; currency?: string | null; reporting?: string | null; customer?: string } = {}) {
  const [row] = await rows<{ id: string }>(db(), sql`insert into refunds (customer_id, source_id, order_id, amount, currency, amount_reporting, occurred_at)
    values (${r.customer ?? randomUUID()}::uuid, ${sourceId}::uuid, ${orderId}, ${r.amount ?? null}::numeric, ${r.currency ?? null},
            ${r.reporting ?? null}::numeric, now()) returning id`);
  return row.id;
}

async function refundedOf(orderId: string, source: string | null = sourceId): Promise<string[]> {
  const found = await rows<{ refunded: string }>(db(), sql`select refunded_reporting::text as refunded from orders
    where source_id is not distinct from ${source}::uuid and order_id = ${orderId} order by id`);
  return found.map((r) => String(Number(r.refunded)));
}

test('a refund in part, in full, in another currency and twice: each takes what the net revenue rule says', async () => {
  await addOrder('part');
  await addRefund('part', { amount: '25' }); // a quarter of 100 EUR: a quarter of 108 in the reporting currency
  expect(await refundedOf('part')).toEqual(['27']);
  await addRefund('part', { amount: '10', currency: 'GBP', reporting: '12.7340' }); // converted at ingest
  expect(await refundedOf('part')).toEqual(['39.734']);

  await addOrder('whole');
  await addRefund('whole');
  expect(await refundedOf('whole')).toEqual(['108']);

  await addOrder('thirds', { total: '3', reporting: '3.2' });
  await addRefund('thirds', { amount: '1' });
  await addRefund('thirds', { amount: '1' });
  expect(await refundedOf('thirds')).toEqual(['2.1334']); // each third rounded to 4 places: 1.0667 twice

  await addOrder('free', { total: '0', reporting: '0' });
  await addRefund('free', { amount: '5' });
  expect(await refundedOf('free')).toEqual(['0']);
});

test('a refund that came before its order is taken off when the order arrives, in a batch or one by one', async () => {
  await addRefund('early', { amount: '50' });
  await addOrder('early');
  expect(await refundedOf('early')).toEqual(['54']);

  // One statement of orders, some with refunds waiting, some without.
  await addRefund('batch-2');
  await exec(db(), sql`insert into orders (customer_id, source_id, order_id, total, currency, total_reporting, occurred_at)
    select gen_random_uuid(), ${sourceId}::uuid, 'batch-' || i, 10, 'EUR', 10.8, now() from generate_series(1, 3) i`);
  expect([...(await refundedOf('batch-1')), ...(await refundedOf('batch-2')), ...(await refundedOf('batch-3'))]).toEqual(['0', '10.8', '0']);
});

test('a bulk load past 1,000 orders, then past 1,000 refunds, settles every order', async () => {
  await exec(db(), sql`insert into refunds (customer_id, source_id, order_id, amount, occurred_at)
    select gen_random_uuid(), ${sourceId}::uuid, 'bulk-' || i, 1, now() from generate_series(1, 1500, 3) i`);
  await exec(db(), sql`insert into orders (customer_id, source_id, order_id, total, currency, total_reporting, occurred_at)
    select gen_random_uuid(), ${sourceId}::uuid, 'bulk-' || i, 10, 'EUR', 20, now() from generate_series(1, 1500) i`);
  await exec(db(), sql`insert into refunds (customer_id, source_id, order_id, occurred_at)
    select gen_random_uuid(), ${sourceId}::uuid, 'bulk-' || i, now() from generate_series(1, 1500, 2) i`);
  const totals = await rows<{ refunded: string; orders: number }>(db(), sql`select refunded_reporting::text as refunded, count(*)::int as orders
    from orders where source_id = ${sourceId}::uuid and order_id like 'bulk-%' group by 1 order by 1`);
  // 1 in 3 has a refund of a tenth (2), 1 in 2 is refunded whole (20), 1 in 6 both (22).
  expect(totals.map((r) => [String(Number(r.refunded)), r.orders])).toEqual([['0', 500], ['2', 250], ['20', 500], ['22', 250]]);
});

test('erasing, moving and correcting refunds', async () => {
  const owner = randomUUID();
  await addOrder('erased');
  const refundId = await addRefund('erased', { amount: '50', customer: owner });
  await addRefund('erased', { amount: '10' });
  expect(await refundedOf('erased')).toEqual(['64.8']);

  // A split moves a refund to another profile: the order keeps its amount.
  const moved = randomUUID();
  await exec(db(), sql`update refunds set customer_id = ${moved}::uuid where id = ${refundId}::uuid`);
  expect(await refundedOf('erased')).toEqual(['64.8']);

  // A refund corrected in place, then re-keyed to another order: both orders follow.
  await exec(db(), sql`update refunds set amount = 25 where id = ${refundId}::uuid`);
  expect(await refundedOf('erased')).toEqual(['37.8']);
  await addOrder('other');
  await exec(db(), sql`update refunds set order_id = 'other' where id = ${refundId}::uuid`);
  expect([...(await refundedOf('erased')), ...(await refundedOf('other'))]).toEqual(['10.8', '27']);

  // Erasure deletes the refund's profile with its rows: the order on another profile no longer loses it.
  await exec(db(), sql`delete from refunds where customer_id = ${moved}::uuid`);
  expect(await refundedOf('other')).toEqual(['0']);

  // An order whose reporting total is corrected (a rate fixed) is settled again: the refund's share is of the new total.
  await exec(db(), sql`update orders set total_reporting = 216 where source_id = ${sourceId}::uuid and order_id = 'erased'`);
  expect(await refundedOf('erased')).toEqual(['21.6']);
});

test('orders without a source never match a refund', async () => {
  await addOrder('sourceless', { source: null });
  await exec(db(), sql`insert into refunds (customer_id, source_id, order_id, occurred_at) values (gen_random_uuid(), null, 'sourceless', now())`);
  expect(await refundedOf('sourceless', null)).toEqual(['0']);
});

/** Whether the session with this application name waits for a lock. */
async function waitsForLock(name: string): Promise<boolean> {
  const [r] = await rows<{ waiting: boolean }>(db(), sql`select exists (select from pg_stat_activity
    where application_name = ${name} and wait_event_type = 'Lock') as waiting`);
  return r.waiting;
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition never held');
}

(testDbMode() === 'postgres' ? describe : describe.skip)('written at once by two transactions', () => {
  const insertOrder = (orderId: string) =>
    `insert into orders (customer_id, source_id, order_id, total, currency, total_reporting, occurred_at)
     values (gen_random_uuid(), '${sourceId}', '${orderId}', 100, 'EUR', 108, now())`;
  const insertRefund = (orderId: string) =>
    `insert into refunds (customer_id, source_id, order_id, amount, occurred_at) values (gen_random_uuid(), '${sourceId}', '${orderId}', 50, now())`;

  // Without the key lock each transaction's trigger misses the other's uncommitted row, and the order keeps 0.
  test.each([
    ['the order first, its refund while the order is uncommitted', 'order', 'refund'],
    ['the refund first, its order while the refund is uncommitted', 'refund', 'order'],
  ])('%s', async (_, first, second) => {
    if (database.raw.kind !== 'postgres') throw new Error('unreachable');
    const orderId = `race-${first}`;
    const statementOf = (what: string) => (what === 'order' ? insertOrder(orderId) : insertRefund(orderId));
    const a = await database.raw.sql.reserve();
    const b = await database.raw.sql.reserve();
    try {
      await b.unsafe(`set application_name = 'refunds-race-b'`);
      await a.unsafe('begin');
      await a.unsafe(statementOf(first));
      await b.unsafe('begin');
      const later = b.unsafe(statementOf(second)).then(() => b.unsafe('commit'));
      await until(() => waitsForLock('refunds-race-b'));
      await a.unsafe('commit');
      await later;
    } finally {
      a.release();
      b.release();
    }
    expect(await refundedOf(orderId)).toEqual(['54']);
  });
});

import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import { readCalibration } from '../../src/metrics/model';
import { clock } from '../../src/shared/clock';
import { uniq } from '../factories/messages';
import { IngestDocument, RecordOrderDocument, RecordRefundDocument } from '../generated/graphql';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * Issue 4 §3/§6: before any fit, every write stores its buyers' day summaries (x, t_x, T, repeat spend) with their RFM
 * row, as a full run does, so the first fit on a database filled through the ingest paths reads them from
 * customer_metrics instead of aggregating every order, and they equal what the orders give.
 */

const DAY = 86_400_000;
const TZ = 'Asia/Shanghai';
let t: TestServer;
let writerKey: string;

beforeAll(async () => {
  t = await startTestServer({ BUSINESS_TIMEZONE: TZ });
  writerKey = await t.key('ingest:write');
});
afterEach(() => clock.set(null));
afterAll(() => t.close());

async function order(identities: { type: string; value: string }[], total: string, occurredAt: Date, orderId = uniq('o')) {
  const res = await t.op(RecordOrderDocument, {
    input: { messageId: uniq('m'), identities, orderId, total, occurredAt: occurredAt.toISOString() },
  }, writerKey);
  expect(res.errors).toBeUndefined();
  expect(res.data.recordOrder.status).toBe('ACCEPTED');
  return orderId;
}

const tuples = (d: Awaited<ReturnType<typeof readCalibration>>) =>
  Array.from(d.columns.x, (x, i) => [x, d.columns.tx[i], d.columns.T[i], d.columns.zbar[i]].map((v) => Number(v.toFixed(9))).join(' ')).sort();

test('writes before any fit store every buyer\'s day summary: the first fit\'s summaries come from them, equal to the orders\'', async () => {
  const start = new Date(Date.UTC(2026, 2, 1, 4, 0, 0)); // noon in Shanghai, local day 0
  clock.set(new Date(start.getTime() + 60 * DAY));
  const user = (value: string) => [{ type: 'user_id', value }];
  const [a, b, c, anon] = [uniq('a'), uniq('b'), uniq('c'), uniq('anon')];
  // a (Shanghai is UTC+8): local days 0, 9 (two orders, at 21:00 and 23:00), 10 (01:00: the same UTC day as day 9's), 30.
  await order(user(a), '10.00', start);
  await order(user(a), '5.00', new Date(start.getTime() + 9 * DAY + 11 * 3_600_000));
  await order(user(a), '7.50', new Date(start.getTime() + 9 * DAY + 9 * 3_600_000));
  await order(user(a), '2.00', new Date(start.getTime() + 9 * DAY + 13 * 3_600_000));
  const refunded = await order(user(a), '40.00', new Date(start.getTime() + 30 * DAY));
  const refund = await t.op(RecordRefundDocument, {
    input: { messageId: uniq('m'), identities: user(a), orderId: refunded, amount: '15.00', occurredAt: clock.now().toISOString() },
  }, writerKey);
  expect(refund.data.recordRefund.status).toBe('ACCEPTED');
  // b: one order (x = 0); c: orders on its own profile and on an anonymous one, then merged.
  await order(user(b), '99.00', new Date(start.getTime() + 20 * DAY));
  await order(user(c), '12.00', new Date(start.getTime() + 40 * DAY));
  await order([{ type: 'anonymous_id', value: anon }], '8.00', new Date(start.getTime() + 2 * DAY));
  const merge = await t.op(IngestDocument, { batch: [{ type: 'IDENTIFY', messageId: uniq('m'), userId: c, anonymousId: anon }] }, writerKey);
  expect(merge.data.ingest[0].status).toBe('ACCEPTED');

  expect(await rows(t.database.db, sql`select 1 from model_fits`)).toEqual([]);
  const [stored] = await rows<{ buyers: number; summarised: number }>(t.database.db, sql`select
      count(*) filter (where r is not null)::int as buyers,
      count(*) filter (where summary_x is not null and model_computed_at = computed_at)::int as summarised
    from customer_metrics`);
  expect(stored).toEqual({ buyers: 3, summarised: 3 });

  // Days later, with no write since: T has aged, the stored summaries still serve.
  clock.set(new Date(clock.now().getTime() + 3 * DAY));
  const fromRows = await readCalibration(t.database, TZ, clock.now(), 'DAYS');
  const fromOrders = await readCalibration(t.database, TZ, clock.now(), 'DAYS', undefined, { useStored: false });
  expect([fromRows.fromStored, fromOrders.fromStored]).toEqual([true, false]);
  expect(tuples(fromRows)).toEqual(tuples(fromOrders));
  // a: x 3, t_x 30, T 63, repeat spend (12.50 + 2.00 + 25.00, the refunded order) / 3; b: one order on day 20;
  // c: day 40 and, through the merged profile, day 2.
  expect(tuples(fromRows)).toEqual(['0 0 43 0', '1 38 61 12', '3 30 63 13.166666667']);
});

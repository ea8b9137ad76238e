import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import { clock } from '../../src/shared/clock';
import { newWriter, orderCompleted, page, profileOf, track, uniq } from '../factories/messages';
import {
  CustomerMetricsByIdentityDocument, CustomerMetricsDocument, DeleteCustomerDocument, IngestDocument, RecomputeMetricsDocument,
  RecordFeedbackDocument, RecordOrderDocument, RecordRefundDocument,
} from '../generated/graphql';
import { testDbMode } from '../helpers/db';
import { startListeningServer, type TestServer } from '../helpers/server';

/**
 * Issue 4 §5: computed fields are fresh on write (scored in the ingest transaction, whatever the write path) and over
 * time (the sweep re-scores when a day has passed: DORMANT on day 91), and merged-away or erased profiles lose their row.
 */

const DAY = 86_400_000;
let t: TestServer & { base: string };
let writerKey: string;

beforeAll(async () => {
  t = await startListeningServer();
  writerKey = await t.key('ingest:write');
});
afterEach(() => clock.set(null));
afterAll(() => t.close());

/** A past instant at noon UTC (today's if it is already afternoon): day counts from it are exact. */
function pastNoon(): Date {
  const noon = new Date(new Date().toISOString().slice(0, 10) + 'T12:00:00Z');
  return noon.getTime() + 3_600_000 <= Date.now() ? noon : new Date(noon.getTime() - DAY);
}
const plusDays = (at: Date, days: number) => new Date(at.getTime() + days * DAY);

async function metricsOf(userId: string) {
  const res = await t.op(CustomerMetricsByIdentityDocument, { type: 'user_id', value: userId });
  expect(res.errors).toBeUndefined();
  return res.data.customerByIdentity!;
}

async function recordOrder(userId: string, total: string, occurredAt: Date, orderId = uniq('order')) {
  const res = await t.op(RecordOrderDocument, {
    input: { messageId: uniq('m'), identities: [{ type: 'user_id', value: userId }], orderId, total, occurredAt: occurredAt.toISOString() },
  }, writerKey);
  expect(res.data.recordOrder.status).toBe('ACCEPTED');
  return orderId;
}

async function storedRow(customerId: string) {
  const [r] = await rows<{ customer_id: string }>(t.database.db, sql`select customer_id from customer_metrics where customer_id = ${customerId}::uuid`);
  return r ?? null;
}

test('an order through the tracking API is in rfm at once; with time alone the stage moves: ACTIVE on day 90, DORMANT on day 91, CHURNED on day 181', async () => {
  clock.set(new Date());
  const w = await newWriter(t.database.db, t.base);
  const u = uniq('u');
  await w.send([orderCompleted({ userId: u }, { order_id: uniq('o'), total: '59.90', currency: 'USD' })]);

  const now = await metricsOf(u);
  expect(now.rfm).toMatchObject({ recencyDays: 0, frequency: 1, monetary: '59.90', computedAt: clock.now().toISOString() });
  expect(now.rfm!.score).toMatch(/^[1-5]{3}$/);
  expect(now).toMatchObject({ lifecycleStage: 'NEW', aiplStage: 'PURCHASE', metricsComputedAt: clock.now().toISOString() });
  expect(now.rfmTier).not.toBe('NONE');

  const [{ at }] = await rows<{ at: string }>(t.database.db, sql`select (extract(epoch from o.occurred_at) * 1000)::bigint::text as at
    from orders o join customers c on c.id = o.customer_id where coalesce(c.merged_into_id, c.id) = ${now.id}::uuid`);
  const orderedAt = new Date(Number(at));
  for (const [days, stage] of [[31, 'ACTIVE'], [90, 'ACTIVE'], [91, 'DORMANT'], [180, 'DORMANT'], [181, 'CHURNED']] as const) {
    clock.set(plusDays(orderedAt, days));
    expect(await t.strata.sweepMetrics()).toMatchObject({ ran: true, reason: 'NEW_DAY' });
    const later = await metricsOf(u);
    expect({ days: later.rfm!.recencyDays, stage: later.lifecycleStage }).toEqual({ days, stage });
    expect(later.metricsComputedAt).toBe(clock.now().toISOString());
  }
  // Within the same day nothing can have changed: the sweep does nothing.
  expect(await t.strata.sweepMetrics()).toEqual({ ran: false, reason: 'UP_TO_DATE' });
});

test('recordOrder, a second order and a refund re-score on write; silence past the customer\'s own gap is AT_RISK', async () => {
  const base = pastNoon();
  clock.set(new Date(base.getTime() + 3_600_000));
  const u = uniq('u');
  await recordOrder(u, '100.00', plusDays(base, -40));
  expect(await metricsOf(u)).toMatchObject({ rfm: { recencyDays: 40, frequency: 1, monetary: '100.00' }, lifecycleStage: 'ACTIVE', aiplStage: 'PURCHASE' });

  const second = await recordOrder(u, '20.00', plusDays(base, -10));
  expect(await metricsOf(u)).toMatchObject({ rfm: { recencyDays: 10, frequency: 2, monetary: '120.00' }, lifecycleStage: 'ACTIVE', aiplStage: 'LOYALTY' });

  const refund = await t.op(RecordRefundDocument, {
    input: { messageId: uniq('m'), identities: [{ type: 'user_id', value: u }], orderId: second, occurredAt: base.toISOString() },
  }, writerKey);
  expect(refund.data.recordRefund.status).toBe('ACCEPTED');
  expect((await metricsOf(u)).rfm).toMatchObject({ frequency: 2, monetary: '100.00' });

  // Order days 40 and 10 days ago: the typical gap is 30 days. Day 31 of silence is past it.
  clock.set(plusDays(base, 20));
  await t.strata.sweepMetrics();
  expect(await metricsOf(u)).toMatchObject({ rfm: { recencyDays: 30 }, lifecycleStage: 'ACTIVE' });
  clock.set(plusDays(base, 21));
  await t.strata.sweepMetrics();
  expect(await metricsOf(u)).toMatchObject({ rfm: { recencyDays: 31 }, lifecycleStage: 'AT_RISK' });
});

test('a refund that arrives on another profile re-scores the order\'s profile at once, and erasing that profile gives the revenue back', async () => {
  clock.set(new Date());
  const buyer = uniq('u');
  const desk = uniq('desk'); // the service desk knows the customer by another identifier, never linked to the buyer
  const orderId = await recordOrder(buyer, '80.00', plusDays(clock.now(), -3));
  expect((await metricsOf(buyer)).rfm).toMatchObject({ monetary: '80.00' });

  const refund = await t.op(RecordRefundDocument, {
    input: { messageId: uniq('m'), identities: [{ type: 'user_id', value: desk }], orderId, refundId: 'r1', amount: '30' },
  }, writerKey);
  expect(refund.data.recordRefund.status).toBe('ACCEPTED');
  const buyerNow = await metricsOf(buyer);
  expect(refund.data.recordRefund.customerId).not.toBe(buyerNow.id);
  expect(buyerNow.rfm).toMatchObject({ frequency: 1, monetary: '50.00' });

  const erased = await t.op(DeleteCustomerDocument, { id: refund.data.recordRefund.customerId!, reason: 'test' });
  expect(erased.errors).toBeUndefined();
  const after = await metricsOf(buyer);
  expect(after.rfm).toMatchObject({ frequency: 1, monetary: '80.00' });
});

test('a buyer coming back after more than 90 days is REACTIVATED', async () => {
  const base = pastNoon();
  clock.set(new Date(base.getTime() + 3_600_000));
  const u = uniq('u');
  await recordOrder(u, '10.00', plusDays(base, -150));
  expect((await metricsOf(u)).lifecycleStage).toBe('DORMANT');
  await recordOrder(u, '10.00', base);
  expect((await metricsOf(u)).lifecycleStage).toBe('REACTIVATED');
});

test('events and feedback move the AIPL stage on write; interest fades to awareness after 15 days', async () => {
  const base = pastNoon();
  clock.set(new Date(base.getTime() + 3_600_000));
  const w = await newWriter(t.database.db, t.base);
  const u = uniq('u');
  await w.send([track({ userId: u }, 'Signed Up')]);
  expect(await metricsOf(u)).toMatchObject({ aiplStage: 'NONE', lifecycleStage: 'PROSPECT', rfm: null, rfmTier: 'NONE' });
  await w.send([page({ userId: u }, 'Home')]);
  expect((await metricsOf(u)).aiplStage).toBe('AWARENESS');
  const viewed = await t.op(IngestDocument, {
    batch: [{ type: 'TRACK', messageId: uniq('m'), userId: u, event: 'Product Viewed', timestamp: base.toISOString() }],
  }, writerKey);
  expect(viewed.data.ingest[0].status).toBe('ACCEPTED');
  expect((await metricsOf(u)).aiplStage).toBe('INTEREST');

  clock.set(plusDays(base, 15));
  await t.strata.sweepMetrics();
  expect((await metricsOf(u)).aiplStage).toBe('INTEREST');
  clock.set(plusDays(base, 16));
  await t.strata.sweepMetrics();
  expect((await metricsOf(u)).aiplStage).toBe('AWARENESS');

  await recordOrder(u, '5.00', plusDays(base, 16));
  expect((await metricsOf(u)).aiplStage).toBe('PURCHASE');
  const nps = await t.op(RecordFeedbackDocument, {
    input: { messageId: uniq('m'), identities: [{ type: 'user_id', value: u }], kind: 'NPS', score: 10 },
  }, writerKey);
  expect(nps.data.recordFeedback.status).toBe('ACCEPTED');
  expect((await metricsOf(u)).aiplStage).toBe('LOYALTY');
});

test('a merge re-scores the survivor over both histories and removes the merged-away row; an erased profile loses its row', async () => {
  const base = pastNoon();
  clock.set(new Date(base.getTime() + 3_600_000));
  const [u, anon] = [uniq('u'), uniq('anon')];
  await recordOrder(u, '30.00', plusDays(base, -5));
  const res = await t.op(RecordOrderDocument, {
    input: { messageId: uniq('m'), identities: [{ type: 'anonymous_id', value: anon }], orderId: uniq('o'), total: '12.00', occurredAt: plusDays(base, -50).toISOString() },
  }, writerKey);
  const anonProfile = res.data.recordOrder.customerId!;
  const userProfile = (await profileOf(t.database.db, 'user_id', u))!;
  expect(anonProfile).not.toBe(userProfile);
  expect(await storedRow(anonProfile)).not.toBeNull();

  const merge = await t.op(IngestDocument, { batch: [{ type: 'IDENTIFY', messageId: uniq('m'), userId: u, anonymousId: anon }] }, writerKey);
  expect(merge.data.ingest[0].status).toBe('ACCEPTED');
  const survivor = (await profileOf(t.database.db, 'user_id', u))!;
  const loser = survivor === userProfile ? anonProfile : userProfile;
  expect(await profileOf(t.database.db, 'anonymous_id', anon)).toBe(survivor);
  expect(await storedRow(loser)).toBeNull();
  const merged = await t.op(CustomerMetricsDocument, { id: loser });
  expect(merged.data.customer).toMatchObject({ id: survivor, rfm: { frequency: 2, monetary: '42.00', recencyDays: 5 }, aiplStage: 'LOYALTY' });

  const erased = await t.op(DeleteCustomerDocument, { id: survivor, reason: 'test' });
  expect(erased.errors).toBeUndefined();
  expect(await storedRow(survivor)).toBeNull();
});

test('recomputeMetrics is for admin keys; with the sweep it reports what it did', async () => {
  const denied = await t.op(RecomputeMetricsDocument, {}, await t.key('profiles:read'));
  expect(denied.errors?.[0].extensions.code).toBe('FORBIDDEN');
  const ok = await t.op(RecomputeMetricsDocument, {});
  expect(ok.data.recomputeMetrics).toBe(true);
  expect(await t.strata.sweepMetrics()).toEqual({ ran: false, reason: 'UP_TO_DATE' });
});

(testDbMode() === 'postgres' ? test : test.skip)('of several servers, one sweeps: the sweep skips while another session holds the advisory lock', async () => {
  if (t.database.raw.kind !== 'postgres') throw new Error('unreachable');
  clock.set(plusDays(new Date(), 400)); // a new business day: a sweep is due
  // Another session of the pool stands for a second server in the middle of its sweep.
  const other = await t.database.raw.sql.reserve();
  try {
    const [{ locked }] = await other`select pg_try_advisory_lock(${0x5354_5253}) as locked`;
    expect(locked).toBe(true);
    expect(await t.strata.sweepMetrics()).toEqual({ ran: false, reason: 'LOCKED' });
  } finally {
    await other`select pg_advisory_unlock(${0x5354_5253})`;
    other.release();
  }
  expect(await t.strata.sweepMetrics()).toMatchObject({ ran: true, reason: 'NEW_DAY' });
});

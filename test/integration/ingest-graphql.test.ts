import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import { IngestDocument, RecordFeedbackDocument, RecordOrderDocument, RecordRefundDocument } from '../generated/graphql';
import { startTestServer, type TestServer } from '../helpers/server';
import { uniq } from '../factories/messages';

let t: TestServer;
let writer: string;
beforeAll(async () => {
  t = await startTestServer({ CURRENCY_RATES: 'EUR=1.08' });
  writer = await t.key('ingest:write');
});
afterAll(() => t.close());

test('ingest answers one result per item, in order; good items persist beside rejected ones', async () => {
  const res = await t.op(IngestDocument, {
    batch: [
      { type: 'IDENTIFY', messageId: 'g-1', userId: 'g-user', traits: { plan: 'pro' }, identities: [{ type: 'email', value: ' G@Example.com ' }] },
      { type: 'TRACK', messageId: 'g-2', userId: 'g-user', event: 'Order Completed', properties: { order_id: 'g-o1', total: 'abc' } },
      { type: 'TRACK', messageId: 'g-3', anonymousId: 'g-anon', userId: 'g-user', event: 'Product Viewed' },
      { type: 'TRACK', messageId: 'g-1', userId: 'g-user', event: 'Again' },
    ],
  }, writer);
  expect(res.errors).toBeUndefined();
  const [a, b, c, d] = res.data.ingest;
  expect(a).toMatchObject({ status: 'ACCEPTED', messageId: 'g-1' });
  expect(b).toMatchObject({ status: 'REJECTED', field: 'batch.1.properties.total' });
  expect(c).toMatchObject({ status: 'ACCEPTED', customerId: a.customerId });
  expect(d).toMatchObject({ status: 'DUPLICATE', messageId: 'g-1' });
  const [{ n }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from orders where order_id = 'g-o1'`);
  expect(n).toBe(0);
  const again = await t.op(IngestDocument, { batch: [{ type: 'TRACK', messageId: 'g-3', userId: 'g-user', event: 'Product Viewed' }] }, writer);
  expect(again.data.ingest[0].status).toBe('DUPLICATE');
});

test('recordOrder converts into the reporting currency exactly, dedupes order ids, and refuses unknown currencies', async () => {
  const who = [{ type: 'user_id', value: 'order-user' }];
  const ok = await t.op(RecordOrderDocument, { input: { messageId: 'ro-1', identities: who, orderId: 'EU-1', total: '19.99', currency: 'eur' } }, writer);
  expect(ok.data.recordOrder.status).toBe('ACCEPTED');
  const [order] = await rows<{ total: string; currency: string; total_reporting: string }>(t.database.db, sql`select total::text, currency, total_reporting::text from orders where order_id = 'EU-1'`);
  expect(order).toEqual({ total: '19.9900', currency: 'EUR', total_reporting: '21.5892' });
  const dup = await t.op(RecordOrderDocument, { input: { messageId: 'ro-2', identities: who, orderId: 'EU-1', total: '19.99', currency: 'EUR' } }, writer);
  expect(dup.data.recordOrder).toMatchObject({ status: 'DUPLICATE', field: 'input.orderId' });
  const gbp = await t.op(RecordOrderDocument, { input: { messageId: 'ro-3', identities: who, orderId: 'UK-1', total: '5.00', currency: 'GBP' } }, writer);
  expect(gbp.data.recordOrder).toMatchObject({ status: 'REJECTED', field: 'input.currency' });
  expect(gbp.data.recordOrder.reason).toMatch(/GBP/);
  const refund = await t.op(RecordRefundDocument, { input: { messageId: 'rr-1', identities: who, orderId: 'EU-1', amount: '5.00' } }, writer);
  expect(refund.data.recordRefund.status).toBe('ACCEPTED');
  const noIds = await t.op(RecordOrderDocument, { input: { messageId: 'ro-4', identities: [], orderId: 'X', total: '1.00' } }, writer);
  expect(noIds.data.recordOrder).toMatchObject({ status: 'REJECTED', field: 'input.identities' });
});

test("refusals of recordOrder, recordRefund and recordFeedback name the input's own fields, not the Segment message's", async () => {
  const who = [{ type: 'user_id', value: 'named-user' }];
  const order = (input: Record<string, unknown>) => t.op(RecordOrderDocument, { input: { messageId: uniq('m'), identities: who, orderId: uniq('o'), total: '5', ...input } }, writer);
  const negative = (await order({ total: '-5' })).data.recordOrder;
  expect(negative).toMatchObject({ status: 'REJECTED', field: 'input.total', reason: 'total must not be negative' });
  expect((await order({ currency: 'EURO' })).data.recordOrder).toMatchObject({ status: 'REJECTED', field: 'input.currency' });
  const unusable = (await order({ identities: [{ type: 'email', value: 'not-an-email' }] })).data.recordOrder;
  expect(unusable).toMatchObject({ status: 'REJECTED', field: 'input.identities' });
  expect(unusable.reason).toMatch(/^no usable identity \(userId, anonymousId, .*; 1 dropped as invalid or blocked$/);
  expect((await order({ identities: [who[0], { type: ' ', value: 'x' }] })).data.recordOrder).toMatchObject({ status: 'REJECTED', field: 'input.identities.1.type' });

  const refund = await t.op(RecordRefundDocument, { input: { messageId: uniq('m'), identities: who, orderId: 'any', amount: '0' } }, writer);
  expect(refund.data.recordRefund).toMatchObject({ status: 'REJECTED', field: 'input.amount' });
  expect(refund.data.recordRefund.reason).toMatch(/^amount must be greater than 0/);

  const nps = await t.op(RecordFeedbackDocument, { input: { messageId: uniq('m'), identities: who, kind: 'NPS', score: 11 } }, writer);
  expect(nps.data.recordFeedback).toMatchObject({ status: 'REJECTED', field: 'input.score', reason: 'score must be an integer from 0 to 10' });
  const ticket = await t.op(RecordFeedbackDocument, { input: { messageId: uniq('m'), identities: who, kind: 'SUPPORT_TICKET' } }, writer);
  expect(ticket.data.recordFeedback).toMatchObject({ status: 'REJECTED', field: 'input.ticketId' });
});

test('recordFeedback: tickets are correlated by ticket id; surveys are stored too', async () => {
  const who = [{ type: 'user_id', value: 'fb-user' }];
  await t.op(RecordFeedbackDocument, { input: { messageId: 'f-1', identities: who, kind: 'SUPPORT_TICKET', ticketId: 'T-9', text: 'Broken zip', occurredAt: '2026-10-01T10:00:00Z' } }, writer);
  await t.op(RecordFeedbackDocument, { input: { messageId: 'f-2', identities: who, kind: 'SUPPORT_TICKET', ticketId: 'T-9', status: 'CLOSED', occurredAt: '2026-10-02T10:00:00Z' } }, writer);
  const nps = await t.op(RecordFeedbackDocument, { input: { messageId: 'f-3', identities: who, kind: 'NPS', score: 3 } }, writer);
  expect(nps.data.recordFeedback.status).toBe('ACCEPTED');
  const survey = await t.op(RecordFeedbackDocument, { input: { messageId: 'f-4', identities: who, kind: 'SURVEY', score: 4, text: 'ok' } }, writer);
  expect(survey.data.recordFeedback.status).toBe('ACCEPTED');
  const list = await rows<{ kind: string; status: string | null; text: string | null }>(t.database.db, sql`select kind, status, text from feedback where customer_id = ${nps.data.recordFeedback.customerId}::uuid order by kind`);
  expect(list).toEqual([
    { kind: 'NPS', status: null, text: null },
    { kind: 'SUPPORT_TICKET', status: 'CLOSED', text: 'Broken zip' },
    { kind: 'SURVEY', status: null, text: 'ok' },
  ]);
});

test('ingestion needs ingest:write', async () => {
  const res = await t.op(IngestDocument, { batch: [] }, await t.key('profiles:read'));
  expect(res.errors![0].extensions.code).toBe('FORBIDDEN');
});

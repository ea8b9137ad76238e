import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import {
  countByMessage, HOUR, hoursAgo, identify, newWriter, orderCompleted, orderRefunded, profileOf, statsOf, track, uniq,
  type Json, type Writer,
} from '../factories/messages';
import { startListeningServer, type TestServer } from '../helpers/server';

/**
 * What else arrives through POST /v1/batch (issue 3 §1): feedback and support tickets, clock-skew correction, and
 * batches mixing good and bad items (never half a record), with the ingest_stats counters.
 */

let t: TestServer & { base: string };
beforeAll(async () => {
  t = await startListeningServer({ CURRENCY_RATES: 'EUR=1.08,GBP=1.2734' });
});
afterAll(() => t.close());

const writer = (): Promise<Writer> => newWriter(t.database.db, t.base);
const mid = (m: Json): string => m.messageId as string;

const FEEDBACK = `query($value: String!) { customerByIdentity(type: "user_id", value: $value) {
  feedback(first: 50) { edges { node { kind score text status ticketId } } } } }`;

async function feedbackOf(userId: string) {
  const res = await t.gql(FEEDBACK, { value: userId });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.customerByIdentity.feedback.edges.map((e: { node: Json }) => e.node);
}

describe('feedback', () => {
  test('NPS Submitted and Review Submitted each become one feedback row', async () => {
    const w = await writer();
    const u = uniq('u');
    await w.send([
      track({ userId: u }, 'NPS Submitted', { score: 9, comment: 'love it' }, { timestamp: hoursAgo(2) }),
      track({ userId: u }, 'Review Submitted', { rating: 4, review: 'solid', product_id: 'p1' }, { timestamp: hoursAgo(1) }),
    ]);
    expect(await feedbackOf(u)).toEqual([
      { kind: 'REVIEW', score: 4, text: 'solid', status: null, ticketId: null },
      { kind: 'NPS', score: 9, text: 'love it', status: null, ticketId: null },
    ]);
  });

  test('Ticket Opened then Ticket Closed: one ticket, CLOSED, keeping the subject', async () => {
    const w = await writer();
    const u = uniq('u');
    const ticket = uniq('T');
    await w.send([track({ userId: u }, 'Ticket Opened', { ticket_id: ticket, subject: 'Parcel lost' }, { timestamp: hoursAgo(3) })]);
    expect(await feedbackOf(u)).toEqual([{ kind: 'SUPPORT_TICKET', score: null, text: 'Parcel lost', status: 'OPEN', ticketId: ticket }]);
    await w.send([track({ userId: u }, 'Ticket Closed', { ticket_id: ticket }, { timestamp: hoursAgo(1) })]);
    expect(await feedbackOf(u)).toEqual([{ kind: 'SUPPORT_TICKET', score: null, text: 'Parcel lost', status: 'CLOSED', ticketId: ticket }]);
  });

  test('Ticket Closed arriving before Ticket Opened still ends CLOSED, in separate batches and within one', async () => {
    const w = await writer();
    const u = uniq('u');
    const [late, same] = [uniq('T'), uniq('T')];
    await w.send([track({ userId: u }, 'Ticket Closed', { ticket_id: late }, { timestamp: hoursAgo(1) })]);
    await w.send([track({ userId: u }, 'Ticket Opened', { ticket_id: late, subject: 'Wrong size' }, { timestamp: hoursAgo(3) })]);
    await w.send([
      track({ userId: u }, 'Ticket Closed', { ticket_id: same }, { timestamp: hoursAgo(1) }),
      track({ userId: u }, 'Ticket Opened', { ticket_id: same, subject: 'Refund please' }, { timestamp: hoursAgo(2) }),
    ]);
    const tickets = Object.fromEntries((await feedbackOf(u)).map((f: Json) => [f.ticketId, f]));
    expect(tickets).toEqual({
      [late]: { kind: 'SUPPORT_TICKET', score: null, text: 'Wrong size', status: 'CLOSED', ticketId: late },
      [same]: { kind: 'SUPPORT_TICKET', score: null, text: 'Refund please', status: 'CLOSED', ticketId: same },
    });
  });
});

describe('clock skew', () => {
  async function times(messageId: string) {
    const [r] = await rows<{ skew_ms: number; occurred_ms: string; received_ms: string }>(
      t.database.db,
      sql`select (extract(epoch from received_at - occurred_at) * 1000)::float8 as skew_ms,
            (extract(epoch from occurred_at) * 1000)::bigint::text as occurred_ms, (extract(epoch from received_at) * 1000)::bigint::text as received_ms
          from events where message_id = ${messageId}`,
    );
    return { skewMs: Number(r.skew_ms), occurred: Number(r.occurred_ms), received: Number(r.received_ms) };
  }

  test('a device clock an hour behind (timestamp and sentAt both an hour old) is corrected to the receive time', async () => {
    const w = await writer();
    const u = uniq('u');
    const own = track({ userId: u }, 'Clicked', {}, { timestamp: hoursAgo(1), sentAt: hoursAgo(1) });
    await w.send([own]);
    const batchLevel = track({ userId: u }, 'Clicked Again', {}, { timestamp: hoursAgo(1) });
    await w.send([batchLevel], { sentAt: hoursAgo(1) });
    expect(Math.abs((await times(mid(own))).skewMs)).toBeLessThan(5_000);
    expect(Math.abs((await times(mid(batchLevel))).skewMs)).toBeLessThan(5_000);
  });

  test('the correction keeps the gap between when it happened and when it was sent', async () => {
    const w = await writer();
    const m = track({ userId: uniq('u') }, 'Queued Offline', {}, { timestamp: hoursAgo(3), sentAt: hoursAgo(1) });
    await w.send([m]);
    expect(Math.abs((await times(mid(m))).skewMs - 2 * HOUR)).toBeLessThan(5_000);
  });

  test('a timestamp in the future is clamped to the receive time, and so is the profile\'s last seen', async () => {
    const w = await writer();
    const u = uniq('u');
    const future = track({ userId: u }, 'From The Future', {}, { timestamp: hoursAgo(-24) });
    await w.send([future]);
    const { occurred, received } = await times(mid(future));
    expect(occurred).toBe(received);
    const [c] = await rows<{ ahead: boolean }>(
      t.database.db,
      sql`select last_seen_at > now() as ahead from customers where id = ${(await profileOf(t.database.db, 'user_id', u))!}::uuid`,
    );
    expect(c.ahead).toBe(false);
  });
});

describe('a batch mixing good and bad items', () => {
  test('good items persist, bad ones leave no trace (no event, order, refund, feedback, trait or profile), and are counted', async () => {
    const w = await writer();
    const good = {
      click: track({ userId: uniq('u') }, 'Clicked'),
      order: orderCompleted({ userId: uniq('u') }, { order_id: uniq('o'), total: '12.00', currency: 'EUR' }),
      profile: identify({ userId: uniq('u') }, { plan: 'pro' }),
    };
    const bad = {
      unknownCurrency: orderCompleted({ userId: uniq('u') }, { order_id: uniq('o'), total: '12.00', currency: 'XXX' }, { context: { traits: { plan: 'x' } } }),
      floatTotal: orderCompleted({ userId: uniq('u') }, { order_id: uniq('o'), total: 0.1 + 0.2 }),
      noOrderId: orderCompleted({ userId: uniq('u') }, { total: '3.00' }),
      noEventName: { type: 'track', messageId: uniq('m'), userId: uniq('u') },
      junkOnly: track({ userId: 'undefined' }, 'Nobody'),
      refundNoRate: orderRefunded({ userId: uniq('u') }, { order_id: uniq('o'), amount: '1.00', currency: 'JPY' }),
      npsOutOfRange: track({ userId: uniq('u') }, 'NPS Submitted', { score: 11 }),
      impossibleDate: track({ userId: uniq('u') }, 'Clicked', {}, { timestamp: '2024-02-30T10:00:00Z' }),
      ticketWithoutId: track({ userId: uniq('u') }, 'Ticket Opened', { subject: 'no id' }),
    };
    const items = [good.click, bad.unknownCurrency, bad.floatTotal, good.order, bad.noOrderId, bad.noEventName, bad.junkOnly,
      bad.refundNoRate, good.profile, bad.npsOutOfRange, bad.impossibleDate, bad.ticketWithoutId];
    await w.send(items);

    const goodIds = Object.values(good).map(mid);
    const badIds = Object.values(bad).map(mid);
    expect(await countByMessage(t.database.db, 'events', goodIds)).toBe(3);
    expect(await countByMessage(t.database.db, 'orders', [mid(good.order)])).toBe(1);
    expect(await countByMessage(t.database.db, 'observations', [mid(good.profile)])).toBe(1);
    for (const table of ['events', 'orders', 'refunds', 'feedback', 'observations'] as const) {
      expect([table, await countByMessage(t.database.db, table, badIds)]).toEqual([table, 0]);
    }
    for (const m of Object.values(bad)) {
      if (m.userId !== 'undefined') expect(await profileOf(t.database.db, 'user_id', m.userId as string)).toBeNull();
    }
    expect(await statsOf(t.database.db, w.sourceId)).toMatchObject({ accepted: 3, duplicate: 0, rejected: 9 });

    // A rejected message claimed nothing: resent fixed, under the same messageId, it is accepted.
    await w.send([{ ...bad.unknownCurrency, properties: { ...(bad.unknownCurrency.properties as Json), currency: 'EUR' } }]);
    expect(await countByMessage(t.database.db, 'orders', [mid(bad.unknownCurrency)])).toBe(1);
    expect(await countByMessage(t.database.db, 'events', [mid(bad.unknownCurrency)])).toBe(1);
  });
});

describe('ingest counters for batches with nothing to write', () => {
  test('a batch whose only item is rejected still counts it (a lone bad /v1/track is invisible otherwise)', async () => {
    const w = await writer();
    const yen = orderCompleted({ userId: uniq('u') }, { order_id: uniq('o'), total: '1000', currency: 'JPY' });
    await w.send([yen]);
    expect(await countByMessage(t.database.db, 'events', [mid(yen)])).toBe(0);
    expect(await statsOf(t.database.db, w.sourceId)).toMatchObject({ accepted: 0, rejected: 1 });
  });

  test('a retried batch made only of duplicates counts them', async () => {
    const w = await writer();
    const m = track({ userId: uniq('u') }, 'Clicked');
    await w.send([m]);
    await w.send([m]);
    expect(await statsOf(t.database.db, w.sourceId)).toMatchObject({ accepted: 1, duplicate: 1 });
  });

  test('the counters are queryable over GraphQL by admin keys, per source and UTC day', async () => {
    const w = await writer();
    const other = await writer();
    const dayBefore = new Date().toISOString().slice(0, 10);
    const m = track({ userId: uniq('u'), anonymousId: 'null' }, 'Clicked');
    await w.send([m, m, track({ userId: uniq('u') }, 'Order Completed', { total: 5 }), identify({ userId: 'guest' }, { plan: 'x' })]);
    await other.send([track({ userId: uniq('u') }, 'Clicked')]);
    const today = new Date().toISOString().slice(0, 10);
    if (today !== dayBefore) return; // sent across UTC midnight: the rows are on two days
    const query = `query($from: String, $to: String, $ids: [ID!]) { ingestStats(from: $from, to: $to, sourceIds: $ids) {
      sourceId source day accepted duplicate rejected droppedIdentities erased } }`;

    const mine = await t.gql(query, { ids: [w.sourceId, other.sourceId] });
    expect(mine.body.errors).toBeUndefined();
    const bySource = Object.fromEntries(mine.body.data.ingestStats.map((r: { sourceId: string }) => [r.sourceId, r]));
    // Dropped: the accepted message's `null` anonymousId and the refused identify's `guest` userId.
    expect(bySource[w.sourceId]).toMatchObject({ day: today, accepted: 1, duplicate: 1, rejected: 2, droppedIdentities: 2, erased: 0 });
    expect(bySource[other.sourceId]).toMatchObject({ day: today, accepted: 1, duplicate: 0, rejected: 0 });
    const db = await statsOf(t.database.db, w.sourceId);
    expect({ accepted: bySource[w.sourceId].accepted, rejected: bySource[w.sourceId].rejected }).toEqual({ accepted: db.accepted, rejected: db.rejected });

    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    expect((await t.gql(query, { ids: [w.sourceId], from: daysAgo(365), to: daysAgo(1) })).body.data.ingestStats).toEqual([]);

    const refusals: [Record<string, unknown>, string][] = [
      [{ from: '2026-02-30' }, 'from'],
      [{ to: 'today' }, 'to'],
      [{ from: today, to: '2000-01-01' }, 'to'],
      [{ from: '2000-01-01', to: '2001-12-31' }, 'from'],
      [{ ids: [w.sourceId, 'web'] }, 'sourceIds.1'],
    ];
    for (const [variables, field] of refusals) {
      const res = await t.gql(query, variables);
      expect([variables, res.body.errors?.[0].extensions]).toEqual([variables, { code: 'BAD_USER_INPUT', field }]);
    }
    const denied = await t.gql(query, {}, w.writeKey);
    expect(denied.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

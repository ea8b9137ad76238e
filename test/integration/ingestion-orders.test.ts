import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import {
  countByMessage, customerRow, hoursAgo, identify, newWriter, orderCompleted, orderRefunded, profileOf, statsOf, track, uniq,
  type Json, type Writer,
} from '../factories/messages';
import { startListeningServer, type TestServer } from '../helpers/server';

/**
 * Orders and refunds through POST /v1/batch (issue 3 §1): exact money and conversion into the reporting currency,
 * dedupe by order id, refunds full, partial and early, and the order summary counters through merges.
 */

let t: TestServer & { base: string };
beforeAll(async () => {
  t = await startListeningServer({ CURRENCY_RATES: 'EUR=1.08,GBP=1.2734' });
});
afterAll(() => t.close());

const writer = (): Promise<Writer> => newWriter(t.database.db, t.base);
const mid = (m: Json): string => m.messageId as string;

const ORDERS = `query($value: String!) { customerByIdentity(type: "user_id", value: $value) {
  id orders(first: 50) { edges { node { orderId total currency totalReporting products } } } } }`;
async function ordersOf(userId: string) {
  const res = await t.gql(ORDERS, { value: userId });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.customerByIdentity.orders.edges.map((e: { node: Json }) => e.node);
}

async function ordersById(sourceId: string, orderId: string) {
  return rows<{ message_id: string; total: string; currency: string; total_reporting: string }>(
    t.database.db,
    sql`select message_id, total::text, currency, total_reporting::text from orders where source_id = ${sourceId}::uuid and order_id = ${orderId}`,
  );
}

async function refundsOf(sourceId: string, orderId: string) {
  return rows<{ refund_id: string | null; amount: string | null; currency: string | null; amount_reporting: string | null }>(
    t.database.db,
    sql`select refund_id, amount::text, currency, amount_reporting::text from refunds
        where source_id = ${sourceId}::uuid and order_id = ${orderId} order by refund_id nulls last`,
  );
}

describe('orders', () => {
  test('Order Completed keeps exact decimals; total beats revenue; configured currencies convert exactly', async () => {
    const w = await writer();
    const u = uniq('u');
    const o = (n: number) => `${u}-o${n}`;
    await w.send([
      orderCompleted({ userId: u }, { order_id: o(1), total: '1234.5678', currency: 'USD', products: [{ sku: 'A1', price: 1234.5678 }] }),
      orderCompleted({ userId: u }, { order_id: o(2), total: 59.9, currency: 'usd' }),
      orderCompleted({ userId: u }, { order_id: o(3), revenue: '10.10', currency: 'EUR' }),
      orderCompleted({ userId: u }, { order_id: o(4), total: '19.99', revenue: '15.00', currency: 'eur' }),
      orderCompleted({ userId: u }, { order_id: o(5), total: '0.01', currency: 'GBP' }),
      orderCompleted({ userId: u }, { order_id: o(6), total: 0.1 }),
    ]);
    const byId = Object.fromEntries((await ordersOf(u)).map((n: Json) => [n.orderId, n]));
    expect(byId).toEqual({
      [o(1)]: { orderId: o(1), total: '1234.5678', currency: 'USD', totalReporting: '1234.5678', products: [{ sku: 'A1', price: 1234.5678 }] },
      [o(2)]: { orderId: o(2), total: '59.90', currency: 'USD', totalReporting: '59.90', products: [] },
      [o(3)]: { orderId: o(3), total: '10.10', currency: 'EUR', totalReporting: '10.908', products: [] },
      [o(4)]: { orderId: o(4), total: '19.99', currency: 'EUR', totalReporting: '21.5892', products: [] },
      // 0.012734 rounds half-even to 4 decimals.
      [o(5)]: { orderId: o(5), total: '0.01', currency: 'GBP', totalReporting: '0.0127', products: [] },
      // No currency: the reporting currency.
      [o(6)]: { orderId: o(6), total: '0.10', currency: 'USD', totalReporting: '0.10', products: [] },
    });
    const [{ sum }] = await rows<{ sum: string }>(t.database.db, sql`select sum(total_reporting)::text as sum from orders where source_id = ${w.sourceId}::uuid`);
    expect(sum).toBe('1327.0777');
  });

  test('an unknown currency or a float that is not an exact decimal is rejected and counted; nothing of that message is written', async () => {
    const w = await writer();
    const u = uniq('u');
    const yen = orderCompleted({ userId: uniq('u') }, { order_id: uniq('o'), total: '1000', currency: 'JPY' });
    const float = orderCompleted({ userId: uniq('u') }, { order_id: uniq('o'), total: 0.1 + 0.2 });
    const fine = orderCompleted({ userId: u }, { order_id: uniq('o'), total: '5.00' });
    await w.send([yen, float, fine]);

    const bad = [mid(yen), mid(float)];
    for (const table of ['events', 'orders', 'observations'] as const) expect(await countByMessage(t.database.db, table, bad)).toBe(0);
    expect(await profileOf(t.database.db, 'user_id', yen.userId as string)).toBeNull();
    expect(await profileOf(t.database.db, 'user_id', float.userId as string)).toBeNull();
    expect(await countByMessage(t.database.db, 'orders', [mid(fine)])).toBe(1);
    expect(await statsOf(t.database.db, w.sourceId)).toMatchObject({ accepted: 1, rejected: 2, duplicate: 0 });
  });

  test('the same order id under a new messageId is stored once (a duplicate, not a second order)', async () => {
    const w = await writer();
    const u = uniq('u');
    const orderId = uniq('o');
    const first = orderCompleted({ userId: u }, { order_id: orderId, total: '42.00' }, { timestamp: hoursAgo(2) });
    await w.send([first]);
    const again = orderCompleted({ userId: u }, { order_id: orderId, total: '99.00' }, { timestamp: hoursAgo(1) });
    const other = track({ userId: u }, 'Viewed');
    await w.send([again, other]);

    expect(await ordersById(w.sourceId, orderId)).toEqual([{ message_id: mid(first), total: '42.0000', currency: 'USD', total_reporting: '42.0000' }]);
    expect(await countByMessage(t.database.db, 'events', [mid(again)])).toBe(0);
    expect(await statsOf(t.database.db, w.sourceId)).toMatchObject({ accepted: 2, duplicate: 1 });
    expect((await customerRow(t.database.db, (await profileOf(t.database.db, 'user_id', u))!)).order_count).toBe(1);
  });

  test('the same order id from another source is another order', async () => {
    const [shop, pos] = [await writer(), await writer()];
    const u = uniq('u');
    const orderId = uniq('o');
    await shop.send([orderCompleted({ userId: u }, { order_id: orderId, total: '10.00' })]);
    await pos.send([orderCompleted({ userId: u }, { order_id: orderId, total: '10.00' })]);
    expect(await ordersOf(u)).toHaveLength(2);
  });

  test('Order Refunded: full and partial refunds are stored; a refund arriving before its order is kept', async () => {
    const w = await writer();
    const u = uniq('u');
    const [partial, full, early] = [uniq('o'), uniq('o'), uniq('o')];
    await w.send([
      orderCompleted({ userId: u }, { order_id: partial, total: '100.00', currency: 'EUR' }, { timestamp: hoursAgo(5) }),
      orderCompleted({ userId: u }, { order_id: full, total: '20.00' }, { timestamp: hoursAgo(5) }),
    ]);
    await w.send([
      orderRefunded({ userId: u }, { order_id: partial, amount: '30.50', currency: 'EUR' }, { timestamp: hoursAgo(4) }),
      orderRefunded({ userId: u }, { order_id: partial, amount: '9.50' }, { timestamp: hoursAgo(3) }),
      orderRefunded({ userId: u }, { order_id: full }, { timestamp: hoursAgo(4) }),
      // The refund of an order the order system has not sent yet.
      orderRefunded({ userId: u }, { order_id: early, amount: '5.25' }, { timestamp: hoursAgo(3) }),
    ]);
    expect(await refundsOf(w.sourceId, early)).toEqual([{ refund_id: null, amount: '5.2500', currency: null, amount_reporting: null }]);
    await w.send([orderCompleted({ userId: u }, { order_id: early, total: '15.00' }, { timestamp: hoursAgo(3.5) })]);

    // A refund naming a currency other than the reporting one is converted at ingestion; one without a currency is in
    // the order's and takes its share of the order's reporting total when read (no amount_reporting stored).
    const partials = await refundsOf(w.sourceId, partial);
    expect(partials).toHaveLength(2);
    expect(partials).toEqual(expect.arrayContaining([
      { refund_id: null, amount: '30.5000', currency: 'EUR', amount_reporting: '32.9400' },
      { refund_id: null, amount: '9.5000', currency: null, amount_reporting: null },
    ]));
    expect(await refundsOf(w.sourceId, full)).toEqual([{ refund_id: null, amount: null, currency: null, amount_reporting: null }]);
    const [joined] = await rows<{ total: string; amount: string }>(
      t.database.db,
      sql`select o.total::text, r.amount::text from refunds r join orders o on o.source_id = r.source_id and o.order_id = r.order_id
          where r.source_id = ${w.sourceId}::uuid and r.order_id = ${early}`,
    );
    expect(joined).toEqual({ total: '15.0000', amount: '5.2500' });

    // Refunds leave the order count alone.
    expect((await customerRow(t.database.db, (await profileOf(t.database.db, 'user_id', u))!)).order_count).toBe(3);
  });

  test('a refund in a currency without a rate is rejected and writes nothing', async () => {
    const w = await writer();
    const u = uniq('u');
    const bad = orderRefunded({ userId: u }, { order_id: uniq('o'), amount: '5.00', currency: 'JPY' });
    await w.send([bad, track({ userId: u }, 'Viewed')]);
    expect(await countByMessage(t.database.db, 'refunds', [mid(bad)])).toBe(0);
    expect(await countByMessage(t.database.db, 'events', [mid(bad)])).toBe(0);
    expect(await statsOf(t.database.db, w.sourceId)).toMatchObject({ accepted: 1, rejected: 1 });
  });
});

describe('summary counters', () => {
  test('order_count and last_order_at follow orders in any arrival order, duplicates, and a merge', async () => {
    const w = await writer();
    const [u, a] = [uniq('u'), uniq('a')];
    const [newer, older] = [hoursAgo(24), hoursAgo(72)];
    const firstOrder = uniq('o');
    await w.send([orderCompleted({ userId: u }, { order_id: firstOrder, total: '10.00' }, { timestamp: newer })]);
    await w.send([orderCompleted({ userId: u }, { order_id: uniq('o'), total: '20.00' }, { timestamp: older })]);
    const account = (await profileOf(t.database.db, 'user_id', u))!;
    expect(await customerRow(t.database.db, account)).toMatchObject({ order_count: 2, last_order_ms: Date.parse(newer) });
    // The order system resends the first order under a new messageId, later.
    await w.send([orderCompleted({ userId: u }, { order_id: firstOrder, total: '10.00' }, { timestamp: hoursAgo(2) }), track({ userId: u }, 'Viewed')]);
    expect(await customerRow(t.database.db, account)).toMatchObject({ order_count: 2, last_order_ms: Date.parse(newer) });

    const latest = hoursAgo(12);
    await w.send([orderCompleted({ anonymousId: a }, { order_id: uniq('o'), total: '30.00' }, { timestamp: latest })]);
    const guest = (await profileOf(t.database.db, 'anonymous_id', a))!;
    expect(await customerRow(t.database.db, guest)).toMatchObject({ order_count: 1, last_order_ms: Date.parse(latest) });

    await w.send([identify({ userId: u, anonymousId: a }, {}, { timestamp: hoursAgo(1) })]);
    expect(await profileOf(t.database.db, 'anonymous_id', a)).toBe(account);
    expect(await customerRow(t.database.db, account)).toMatchObject({ order_count: 3, last_order_ms: Date.parse(latest), first_seen_ms: Date.parse(older) });
  });

  test('an order and the merge that moves it, in one batch, are counted once on the survivor', async () => {
    const w = await writer();
    const [u, a] = [uniq('u'), uniq('a')];
    await w.send([orderCompleted({ userId: u }, { order_id: uniq('o'), total: '10.00' }, { timestamp: hoursAgo(10) })]);
    const account = (await profileOf(t.database.db, 'user_id', u))!;
    const guestOrderAt = hoursAgo(3);
    await w.send([
      identify({ userId: u, anonymousId: a }, {}, { timestamp: hoursAgo(1) }),
      orderCompleted({ anonymousId: a }, { order_id: uniq('o'), total: '5.00' }, { timestamp: guestOrderAt }),
    ]);
    expect(await profileOf(t.database.db, 'anonymous_id', a)).toBe(account);
    expect(await customerRow(t.database.db, account)).toMatchObject({ order_count: 2, last_order_ms: Date.parse(guestOrderAt) });
  });
});

describe('order ids and refund ids within and across batches', () => {
  test('the same order id twice within ONE batch (new messageIds) is stored once', async () => {
    const w = await writer();
    const u = uniq('u');
    const orderId = uniq('o');
    await w.send([
      orderCompleted({ userId: u }, { order_id: orderId, total: '42.00' }, { timestamp: hoursAgo(2) }),
      orderCompleted({ userId: u }, { order_id: orderId, total: '42.00' }, { timestamp: hoursAgo(1) }),
    ]);
    expect(await ordersById(w.sourceId, orderId)).toHaveLength(1);
    expect((await customerRow(t.database.db, (await profileOf(t.database.db, 'user_id', u))!)).order_count).toBe(1);
    expect(await statsOf(t.database.db, w.sourceId)).toMatchObject({ accepted: 1, duplicate: 1 });
  });

  test('an Order Refunded with a refund_id is accepted, and resent under a new messageId is stored once', async () => {
    const w = await writer();
    const u = uniq('u');
    const orderId = uniq('o');
    await w.send([orderCompleted({ userId: u }, { order_id: orderId, total: '100.00' }, { timestamp: hoursAgo(3) })]);
    const refund = orderRefunded({ userId: u }, { order_id: orderId, refund_id: 'r1', amount: '30.50' }, { timestamp: hoursAgo(2) });
    await w.send([refund]);
    expect(await refundsOf(w.sourceId, orderId)).toEqual([{ refund_id: 'r1', amount: '30.5000', currency: null, amount_reporting: null }]);
    const resent = orderRefunded({ userId: u }, { order_id: orderId, refund_id: 'r1', amount: '30.50' }, { timestamp: hoursAgo(1) });
    await w.send([resent, track({ userId: u }, 'Viewed')]);
    expect(await refundsOf(w.sourceId, orderId)).toHaveLength(1);
    expect(await countByMessage(t.database.db, 'events', [mid(resent)])).toBe(0);
  });

  test('the same refund id twice within ONE batch is stored once', async () => {

    const w = await writer();
    const u = uniq('u');
    const orderId = uniq('o');
    await w.send([
      orderRefunded({ userId: u }, { order_id: orderId, refund_id: 'r1', amount: '1.00' }),
      orderRefunded({ userId: u }, { order_id: orderId, refund_id: 'r1', amount: '1.00' }),
    ]);
    expect(await refundsOf(w.sourceId, orderId)).toHaveLength(1);
  });
});

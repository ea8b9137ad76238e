import { ConfigError } from '../../../src/config';
import type { IngestMessage, Normalized, Rejection } from '../../../src/ingestion/message';
import {
  DEFAULT_FEEDBACK_EVENTS, normalizeSegmentMessage, parseFeedbackEvents, type IdentityNormalizer, type SegmentContext,
} from '../../../src/ingestion/segment';

const RECEIVED = new Date('2024-06-01T12:00:00.000Z');

/** Stands in for identity/normalize: blocks junk, lower-cases emails, refuses an email without "@". */
const fakeNormalizer: IdentityNormalizer = (type, value) => {
  const text = String(value).trim();
  if (['null', 'anonymous', ''].includes(text.toLowerCase())) return { ok: false, blocked: true, reason: 'blocklisted value' };
  const [base, ...ns] = type.split(':');
  const canonicalType = [base.toLowerCase(), ...ns].join(':');
  if (base === 'email' && !text.includes('@')) return { ok: false, blocked: false, reason: 'not an email address' };
  return { ok: true, identity: { type: canonicalType, value: base === 'email' ? text.toLowerCase() : text } };
};

const ctx: SegmentContext = {
  receivedAt: RECEIVED,
  defaultCurrency: 'USD',
  normalizeIdentity: fakeNormalizer,
  feedbackEvents: DEFAULT_FEEDBACK_EVENTS,
};

function base(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'track', event: 'Viewed', messageId: 'm-1', anonymousId: 'anon-1', ...extra };
}

function accepted(result: Normalized): IngestMessage {
  if (!result.ok) throw new Error(`rejected: ${result.rejection.field}: ${result.rejection.reason}`);
  return result.message;
}

function rejected(result: Normalized): Rejection {
  if (result.ok) throw new Error('accepted');
  return result.rejection;
}

const ok = (raw: Record<string, unknown>, over: Partial<SegmentContext> = {}) => accepted(normalizeSegmentMessage(raw, { ...ctx, ...over }));
const no = (raw: unknown, over: Partial<SegmentContext> = {}) => rejected(normalizeSegmentMessage(raw, { ...ctx, ...over }));
const track = (event: string, properties: Record<string, unknown>) => base({ event, properties });

describe('message types', () => {
  it.each([
    ['identify', { traits: { plan: 'pro' } }, { name: null, properties: {} }],
    ['track', { event: 'Signed Up', properties: { plan: 'pro' } }, { name: 'Signed Up', properties: { plan: 'pro' } }],
    ['track', { event: 'Signed Up' }, { name: 'Signed Up', properties: {} }],
    ['page', { name: 'Pricing', properties: { path: '/pricing' } }, { name: 'Pricing', properties: { path: '/pricing' } }],
    ['page', { properties: { name: 'Home' } }, { name: 'Home', properties: { name: 'Home' } }],
    ['page', { properties: { name: 42 } }, { name: null, properties: { name: 42 } }],
    ['screen', { name: 'Settings' }, { name: 'Settings', properties: {} }],
    ['group', { groupId: 'acme', traits: { employees: 50 } }, { name: null, properties: { groupId: 'acme', traits: { employees: 50 } } }],
    ['group', { groupId: 7 }, { name: null, properties: { groupId: '7', traits: {} } }],
  ])('%s %p → event %p', (type, extra, event) => {
    const m = ok({ messageId: 'm-1', anonymousId: 'anon-1', type, ...extra });
    expect(m).toMatchObject({ type, messageId: 'm-1', event, order: null, refund: null, feedback: null, alias: null, receivedAt: RECEIVED });
  });

  it('identify keeps traits and context.traits, the top-level traits winning', () => {
    const m = ok(base({ type: 'identify', traits: { plan: 'pro', name: 'Ann' }, context: { traits: { plan: 'free', locale: 'de' } } }));
    expect(m.traits).toEqual({ plan: 'pro', name: 'Ann', locale: 'de' });
  });

  it.each(['track', 'page', 'group'])('%s takes only context.traits as person traits', (type) => {
    const m = ok(base({ type, groupId: 'g', traits: { industry: 'retail' }, context: { traits: { plan: 'pro' } } }));
    expect(m.traits).toEqual({ plan: 'pro' });
  });

  it('the endpoint type fills a missing type and must agree with a given one', () => {
    expect(ok(base({ type: undefined }), { defaultType: 'track' }).type).toBe('track');
    expect(no(base({ type: 'identify' }), { defaultType: 'track' })).toMatchObject({ field: 'type', reason: expect.stringMatching(/endpoint/) });
  });

  it.each([undefined, 'Track', 'batch', 3])('type %p is refused', (type) => {
    expect(no(base({ type }))).toMatchObject({ field: 'type', messageId: 'm-1' });
  });
});

describe('messageId', () => {
  it.each([
    [undefined, null],
    ['', null],
    [42, null],
    ['x'.repeat(201), null],
  ])('%p is refused', (messageId, echoed) => {
    expect(no(base({ messageId }))).toEqual({ field: 'messageId', messageId: echoed, reason: expect.any(String) });
  });

  it('a 200-character id is fine', () => {
    expect(ok(base({ messageId: 'x'.repeat(200) })).messageId).toHaveLength(200);
  });
});

describe('identities', () => {
  it.each([
    [{ userId: 'u-1' }, { type: 'user_id', value: 'u-1' }],
    [{ userId: 12345 }, { type: 'user_id', value: '12345' }],
    [{ anonymousId: 'a-1' }, { type: 'anonymous_id', value: 'a-1' }],
    [{ context: { device: { id: 'dev-1' } } }, { type: 'device_id', value: 'dev-1' }],
    [{ type: 'identify', traits: { email: ' Ann@Example.COM ' } }, { type: 'email', value: 'ann@example.com' }],
    [{ context: { traits: { email: 'ann@example.com' } } }, { type: 'email', value: 'ann@example.com' }],
    [{ type: 'identify', traits: { phone: '+4915112345678' } }, { type: 'phone', value: '+4915112345678' }],
    [{ context: { traits: { phone: 4915112345678 } } }, { type: 'phone', value: '4915112345678' }],
    [{ context: { externalIds: [{ type: 'crm_id', id: 'C-9' }] } }, { type: 'crm_id', value: 'C-9' }],
    [{ context: { externalIds: [{ type: 'wechat_openid:wx1234', id: 'oX1' }] } }, { type: 'wechat_openid:wx1234', value: 'oX1' }],
    [{ context: { externalIds: [{ type: 'WeChat_OpenId:wxAB', id: 77 }] } }, { type: 'wechat_openid:wxAB', value: '77' }],
  ])('%p → %p', (fields, identity) => {
    expect(ok(base({ anonymousId: undefined, ...fields })).identities).toEqual([identity]);
  });

  it('maps every field of one message, in priority-neutral source order', () => {
    const m = ok(base({
      type: 'identify',
      userId: 'u-1',
      traits: { email: 'a@x.com' },
      context: { device: { id: 'd-1' }, traits: { phone: '+100' }, externalIds: [{ type: 'crm_id', id: 'c' }, { type: 'wechat_openid:wx1', id: 'o' }] },
    }));
    expect(m.identities.map((i) => i.type)).toEqual(['user_id', 'anonymous_id', 'device_id', 'email', 'phone', 'crm_id', 'wechat_openid:wx1']);
    expect(m.droppedIdentities).toEqual([]);
  });

  it('top-level traits of a track or group are not person identities', () => {
    expect(ok(base({ traits: { email: 'a@x.com' } })).identities).toEqual([{ type: 'anonymous_id', value: 'anon-1' }]);
    expect(ok(base({ type: 'group', groupId: 'g', traits: { email: 'billing@acme.com' } })).identities).toHaveLength(1);
  });

  it('dedupes by (type, value) after normalisation', () => {
    const m = ok(base({ type: 'identify', traits: { email: 'Ann@X.com' }, context: { traits: { email: 'ann@x.com ' }, externalIds: [{ type: 'anonymous_id', id: 'anon-1' }] } }));
    expect(m.identities).toEqual([{ type: 'anonymous_id', value: 'anon-1' }, { type: 'email', value: 'ann@x.com' }]);
  });

  it('drops junk values without rejecting the message, and without keeping the value', () => {
    const m = ok(base({
      userId: 'null',
      type: 'identify',
      traits: { email: 'anonymous' },
      context: { traits: { email: 'anonymous', phone: 'null' }, device: { id: 'not-an-email' }, externalIds: [{ type: 'email', id: 'no-at-sign' }] },
    }));
    expect(m.identities).toEqual([{ type: 'anonymous_id', value: 'anon-1' }, { type: 'device_id', value: 'not-an-email' }]);
    expect(m.droppedIdentities).toEqual([
      { type: 'user_id', reason: 'blocklisted value' },
      { type: 'email', reason: 'blocklisted value' }, // once, though sent in traits and context.traits
      { type: 'phone', reason: 'blocklisted value' },
      { type: 'email', reason: 'not an email address' },
    ]);
  });

  it.each([
    [{ anonymousId: undefined }, /^no usable identity/, {}],
    [{ anonymousId: null, userId: null }, /^no usable identity/, {}],
    // The blocked values are counted even though the message is refused for having no other.
    [{ anonymousId: 'null', userId: 'anonymous' }, /2 dropped as invalid or blocked$/, { droppedIdentities: 2 }],
  ])('%p without any usable identity is refused', (fields, reason, dropped) => {
    expect(no(base(fields))).toEqual({ field: 'userId', messageId: 'm-1', reason: expect.stringMatching(reason), ...dropped });
  });
});

describe('alias', () => {
  const alias = (extra: Record<string, unknown>) => ({ type: 'alias', messageId: 'm-a', previousId: 'anon-1', userId: 'u-1', ...extra });

  it('links previousId (anonymous_id by default) and userId, and nothing else', () => {
    const m = ok(alias({ anonymousId: 'anon-2', context: { device: { id: 'd' }, traits: { email: 'a@x.com', plan: 'pro' } } }));
    expect(m.alias).toEqual({ previous: { type: 'anonymous_id', value: 'anon-1' }, user: { type: 'user_id', value: 'u-1' } });
    expect(m.identities).toEqual([m.alias!.previous, m.alias!.user]);
    expect(m.event).toEqual({ name: null, properties: { previousIdType: 'anonymous_id' } });
    expect(m.traits).toEqual({ email: 'a@x.com', plan: 'pro' });
  });

  it('context.previousIdType names another type (merging two user ids)', () => {
    const m = ok(alias({ previousId: 'old-user', context: { previousIdType: 'user_id' } }));
    expect(m.alias!.previous).toEqual({ type: 'user_id', value: 'old-user' });
    expect(m.event!.properties).toEqual({ previousIdType: 'user_id' });
  });

  it.each([
    [{ previousId: undefined }, 'previousId'],
    [{ previousId: '' }, 'previousId'],
    [{ userId: undefined }, 'userId'],
    [{ userId: {} }, 'userId'],
    [{ previousId: 'null' }, 'previousId'],
    [{ userId: 'anonymous' }, 'userId'],
    [{ context: { previousIdType: 5 } }, 'context.previousIdType'],
  ])('%p is refused at %s', (fields, field) => {
    expect(no(alias(fields))).toMatchObject({ field, messageId: 'm-a' });
  });
});

describe('Order Completed', () => {
  const order = (properties: Record<string, unknown>) => track('Order Completed', { order_id: 'o-1', ...properties });

  it.each([
    [{ total: 59.9 }, '59.9000', 'USD'],
    [{ total: '59.90', currency: 'eur' }, '59.9000', 'EUR'],
    [{ revenue: 40, total: null }, '40.0000', 'USD'],
    [{ total: 12, revenue: 10 }, '12.0000', 'USD'],
    [{ total: 0 }, '0.0000', 'USD'],
    [{ total: 1234.5678 }, '1234.5678', 'USD'],
    [{ total: '1000000000000.01' }, '1000000000000.0100', 'USD'],
  ])('%p → total %s %s', (properties, total, currency) => {
    expect(ok(order(properties)).order).toEqual({ orderId: 'o-1', total, currency, products: [] });
  });

  it('takes the reporting currency when none is given, a numeric order id, and products', () => {
    const products = [{ sku: 'A', price: 10 }, { sku: 'B' }];
    expect(ok(track('Order Completed', { order_id: 1001, total: 20, products }), { defaultCurrency: 'CNY' }).order)
      .toEqual({ orderId: '1001', total: '20.0000', currency: 'CNY', products });
    expect(ok(order({ total: 1 })).event).toEqual({ name: 'Order Completed', properties: { order_id: 'o-1', total: 1 } });
  });

  it.each([
    [{ total: undefined }, 'properties.total'],
    [{ total: 0.1 + 0.2 }, 'properties.total'], // 0.30000000000000004: refused, never rounded
    [{ total: '12,50' }, 'properties.total'],
    [{ total: '$5' }, 'properties.total'],
    [{ total: 1e21 }, 'properties.total'],
    [{ total: -5 }, 'properties.total'],
    [{ total: true }, 'properties.total'],
    [{ revenue: 'abc' }, 'properties.revenue'],
    [{ order_id: undefined, total: 1 }, 'properties.order_id'],
    [{ order_id: ' ', total: 1 }, 'properties.order_id'],
    [{ order_id: ['x'], total: 1 }, 'properties.order_id'],
    [{ total: 1, currency: 'dollars' }, 'properties.currency'],
    [{ total: 1, currency: 840 }, 'properties.currency'],
    [{ total: 1, products: {} }, 'properties.products'],
    [{ total: 1, products: [{}, 'sku'] }, 'properties.products.1'],
  ])('%p is refused at %s', (properties, field) => {
    expect(no(order(properties))).toMatchObject({ field, messageId: 'm-1' });
  });
});

describe('Order Refunded', () => {
  it.each([
    [{ order_id: 'o-1' }, { orderId: 'o-1', refundId: null, amount: null, currency: null }],
    [{ order_id: 'o-1', refund_id: 'r-1', total: 10 }, { orderId: 'o-1', refundId: 'r-1', amount: '10.0000', currency: null }],
    [{ order_id: 7, refund_id: 9, amount: '5.5', currency: 'eur' }, { orderId: '7', refundId: '9', amount: '5.5000', currency: 'EUR' }],
    [{ order_id: 'o-1', revenue: 3 }, { orderId: 'o-1', refundId: null, amount: '3.0000', currency: null }],
  ])('%p → %p', (properties, refund) => {
    expect(ok(track('Order Refunded', properties))).toMatchObject({ refund, order: null });
  });

  it.each([
    [{}, 'properties.order_id'],
    [{ order_id: 'o-1', amount: 0 }, 'properties.amount'],
    [{ order_id: 'o-1', total: -10 }, 'properties.total'],
    [{ order_id: 'o-1', refund_id: {} }, 'properties.refund_id'],
  ])('%p is refused at %s', (properties, field) => {
    expect(no(track('Order Refunded', properties)).field).toBe(field);
  });
});

describe('feedback events', () => {
  const none = { score: null, text: null, status: null, ticketId: null };

  it.each([
    ['NPS Submitted', { score: 9, comment: 'great' }, { kind: 'NPS', score: 9, text: 'great' }],
    ['NPS Submitted', { score: '0' }, { kind: 'NPS', score: 0 }],
    ['Review Submitted', { rating: 4.5, review: 'nice shoes' }, { kind: 'REVIEW', score: 4.5, text: 'nice shoes' }],
    ['Review Submitted', { body: 'no stars' }, { kind: 'REVIEW', text: 'no stars' }],
    ['Rating Submitted', { rating: 3 }, { kind: 'RATING', score: 3 }],
    ['Rating Submitted', { score: 8, text: 'ok' }, { kind: 'RATING', score: 8, text: 'ok' }],
    ['Ticket Opened', { ticket_id: 'T-1', subject: 'Broken zip' }, { kind: 'SUPPORT_TICKET', status: 'OPEN', ticketId: 'T-1', text: 'Broken zip' }],
    ['Ticket Closed', { ticket_id: 4711 }, { kind: 'SUPPORT_TICKET', status: 'CLOSED', ticketId: '4711' }],
  ])('%s %p → %p', (event, properties, feedback) => {
    const m = ok(track(event, properties));
    expect(m.feedback).toEqual({ ...none, ...feedback, properties });
    expect(m.event).toEqual({ name: event, properties });
  });

  it.each([
    ['NPS Submitted', {}, 'properties.score'],
    ['NPS Submitted', { score: 11 }, 'properties.score'],
    ['NPS Submitted', { score: 7.5 }, 'properties.score'],
    ['NPS Submitted', { score: 'nine' }, 'properties.score'],
    ['Review Submitted', { rating: 0 }, 'properties.rating'],
    ['Review Submitted', { rating: 3, text: 5 }, 'properties.text'],
    ['Rating Submitted', {}, 'properties.rating'],
    ['Rating Submitted', { score: -1 }, 'properties.score'],
    ['Ticket Opened', { subject: 'x' }, 'properties.ticket_id'],
    ['Ticket Closed', { ticket_id: '' }, 'properties.ticket_id'],
    ['Ticket Opened', { ticket_id: 'T', subject: ['x'] }, 'properties.subject'],
  ])('%s %p is refused at %s', (event, properties, field) => {
    expect(no(track(event, properties)).field).toBe(field);
  });

  it('other events are not feedback, and configured names replace the defaults', () => {
    expect(ok(track('Viewed', { score: 3 })).feedback).toBeNull();
    const feedbackEvents = parseFeedbackEvents({ FEEDBACK_EVENT_NAMES: 'NPS=Net Promoter|NPS Answered' });
    expect(ok(track('Net Promoter', { score: 10 }), { feedbackEvents }).feedback).toMatchObject({ kind: 'NPS', score: 10 });
    expect(ok(track('NPS Submitted', { score: 10 }), { feedbackEvents }).feedback).toBeNull();
    expect(ok(track('Ticket Opened', { ticket_id: 1 }), { feedbackEvents }).feedback).toMatchObject({ status: 'OPEN' });
  });
});

describe('parseFeedbackEvents', () => {
  it.each([
    [{}, DEFAULT_FEEDBACK_EVENTS],
    [{ FEEDBACK_EVENT_NAMES: ' ' }, DEFAULT_FEEDBACK_EVENTS],
    [
      { FEEDBACK_EVENT_NAMES: 'NPS=NPS Submitted|Net Promoter, rating = Stars Given ,TICKET_CLOSED=' },
      { ...DEFAULT_FEEDBACK_EVENTS, NPS: ['NPS Submitted', 'Net Promoter'], RATING: ['Stars Given'], TICKET_CLOSED: [] },
    ],
  ])('%p → %p', (env, names) => {
    expect(parseFeedbackEvents(env)).toEqual(names);
  });

  it.each([
    'NPS',
    'SURVEY=Survey Answered',
    'NPS=A,NPS=B',
    'NPS=A||B',
    'NPS=Same,RATING=Same',
    'REVIEW=Review Submitted,RATING=Review Submitted',
    'RATING=Order Completed',
  ])('%p is refused with an error naming the variable', (value) => {
    expect(() => parseFeedbackEvents({ FEEDBACK_EVENT_NAMES: value })).toThrow(ConfigError);
    expect(() => parseFeedbackEvents({ FEEDBACK_EVENT_NAMES: value })).toThrow(/^FEEDBACK_EVENT_NAMES: /);
  });
});

describe('time', () => {
  const at = (iso: string) => new Date(iso);

  it.each([
    ['no timestamp: the receive time', {}, {}, '2024-06-01T12:00:00.000Z'],
    ['timestamp, no sentAt: as sent', { timestamp: '2024-06-01T11:00:00Z' }, {}, '2024-06-01T11:00:00.000Z'],
    ['offsets are honoured', { timestamp: '2024-06-01T13:30:00.250+02:00' }, {}, '2024-06-01T11:30:00.250Z'],
    ['originalTimestamp when no timestamp', { originalTimestamp: '2024-06-01T10:00:00Z' }, {}, '2024-06-01T10:00:00.000Z'],
    // The client clock runs an hour behind: it stamped the event at 10:59:55 and sent at 11:00:00 (its time);
    // the server received at 12:00:00, so the event happened 5 s before receipt.
    ['skew corrected from sentAt', { timestamp: '2024-06-01T10:59:55Z', sentAt: '2024-06-01T11:00:00Z' }, {}, '2024-06-01T11:59:55.000Z'],
    ['skew corrected from the batch sentAt', { timestamp: '2024-06-01T10:59:55Z' }, { batchSentAt: '2024-06-01T11:00:00Z' }, '2024-06-01T11:59:55.000Z'],
    ['the message sentAt wins over the batch one', { timestamp: '2024-06-01T10:59:55Z', sentAt: '2024-06-01T11:00:00Z' }, { batchSentAt: '2024-06-01T11:59:00Z' }, '2024-06-01T11:59:55.000Z'],
    ['an unparseable sentAt means no correction', { timestamp: '2024-06-01T10:59:55Z', sentAt: 'yesterday' }, {}, '2024-06-01T10:59:55.000Z'],
    ['a reset device clock is corrected into the present', { timestamp: '1970-01-01T00:00:10Z', sentAt: '1970-01-01T00:00:20Z' }, {}, '2024-06-01T11:59:50.000Z'],
    ['the importer keeps archived timestamps', { timestamp: '2021-03-01T10:00:00Z', sentAt: '2021-03-01T10:00:01Z' }, { correctClockSkew: false }, '2021-03-01T10:00:00.000Z'],
    ['the future is clamped to the receive time', { timestamp: '2024-06-01T12:10:00Z' }, {}, '2024-06-01T12:00:00.000Z'],
    ['the future after correction too', { timestamp: '2024-06-01T12:00:00Z', sentAt: '2024-06-01T11:00:00Z' }, {}, '2024-06-01T12:00:00.000Z'],
  ])('%s', (_, fields, over, expected) => {
    const m = ok(base(fields), over as Partial<SegmentContext>);
    expect(m.occurredAt).toEqual(at(expected));
    expect(m.receivedAt).toEqual(RECEIVED);
  });

  it.each([
    [{ timestamp: 'yesterday' }, 'timestamp'],
    [{ timestamp: '2024-02-30T10:00:00Z' }, 'timestamp'],
    [{ timestamp: '2024-06-01T10:00:00' }, 'timestamp'], // no time zone: whose 10 o'clock?
    [{ timestamp: '2024-06-01' }, 'timestamp'],
    [{ timestamp: 1717236000000 }, 'timestamp'],
    [{ timestamp: '1999-12-31T23:59:59Z' }, 'timestamp'],
    [{ originalTimestamp: 'soon' }, 'originalTimestamp'],
  ])('%p is refused at %s', (fields, field) => {
    expect(no(base(fields)).field).toBe(field);
  });
});

describe('wrong types are refused with the field path, never the value', () => {
  it.each([
    ['', 'a string'],
    ['', ['an', 'array']],
    ['context', base({ context: 'web' })],
    ['context.traits', base({ context: { traits: ['secret'] } })],
    ['context.device', base({ context: { device: 'secret' } })],
    ['context.device.id', base({ context: { device: { id: { secret: 1 } } } })],
    ['context.externalIds', base({ context: { externalIds: { type: 'crm_id' } } })],
    ['context.externalIds.0', base({ context: { externalIds: ['secret'] } })],
    ['context.externalIds.1.id', base({ context: { externalIds: [{ type: 'crm_id', id: 'c' }, { type: 'crm_id', id: true }] } })],
    ['context.externalIds.0.type', base({ context: { externalIds: [{ type: '', id: 'c' }] } })],
    ['context.externalIds.0.type', base({ context: { externalIds: [{ id: 'c' }] } })],
    ['userId', base({ userId: { id: 'secret' } })],
    ['anonymousId', base({ anonymousId: false })],
    ['traits', base({ type: 'identify', traits: 'secret' })],
    ['traits.email', base({ type: 'identify', traits: { email: ['secret@x.com'] } })],
    ['context.traits.phone', base({ context: { traits: { phone: { n: 'secret' } } } })],
    ['properties', base({ properties: ['secret'] })],
    ['event', base({ event: undefined })],
    ['event', base({ event: '' })],
    ['event', base({ event: 'x'.repeat(201) })],
    ['event', base({ event: 7 })],
    ['name', base({ type: 'page', name: 7 })],
    ['groupId', base({ type: 'group' })],
    ['traits', base({ type: 'group', groupId: 'g', traits: 'secret' })],
  ])('at %p', (field, raw) => {
    const r = no(raw);
    expect(r.field).toBe(field);
    expect(r.reason).not.toMatch(/secret/);
  });
});

import { ConfigError } from '../shared/configError';
import type { FeedbackFact, IdentityRef, IngestMessage, MessageType, Normalized, OrderFact, RefundFact } from './message';
import {
  Invalid, isObject, optArray, optCurrency, optId, optMoney, optObject, optScore, optString, parseInstant, reqId, reqObject,
  reqScore, reqString, type JsonObject,
} from './validate';

/**
 * Segment-spec messages (https://segment.com/docs/connections/spec/) → IngestMessage. Pure: the HTTP layer, the
 * bulk importer and the tests all come through here, so the mapping below is the whole contract.
 *
 * Identity mapping (the README copies this block):
 *
 *   | Segment field                                    | identity type                                   |
 *   |--------------------------------------------------|-------------------------------------------------|
 *   | `userId`                                         | `user_id`                                       |
 *   | `anonymousId`                                    | `anonymous_id`                                  |
 *   | `context.device.id`                              | `device_id`                                     |
 *   | `traits.email` (identify), `context.traits.email`| `email`                                         |
 *   | `traits.phone` (identify), `context.traits.phone`| `phone`                                         |
 *   | `context.externalIds[i]` `{ type, id }`          | `type` as given: `crm_id`, `wechat_openid:wx1234` |
 *
 * - A namespace may follow the type after a colon (`wechat_openid:wx1234`): an open id is only unique per app.
 * - Values may be strings or numbers (numbers become their shortest decimal string). Any other type rejects the
 *   message with the field path (`context.externalIds.1.id`): that is a broken sender, not a junk value.
 * - Every value goes through the injected identity normaliser; one it refuses (invalid, blocklisted) is dropped into
 *   `droppedIdentities` and never rejects the message. A message left with no identity at all is rejected.
 * - Top-level `traits` are person traits only on identify; on group they describe the group, so they go into the
 *   event's properties and are not read for email or phone.
 * - alias: `previousId` (type `anonymous_id`, or the type named by the Strata extension `context.previousIdType`)
 *   and `userId` (`user_id`) are both required and are the message's only identities: alias is an instruction
 *   about those two, and a refused value on either side rejects it (an alias that silently lost a side would
 *   vanish as a no-op).
 *
 * Every message type is also an event on the timeline: track `event`, page/screen `name` (or `properties.name`),
 * identify with no name and no properties (its traits are observations; copying them would duplicate PII), group
 * with `{ groupId, traits }`, alias with `{ previousIdType }` (no values).
 */

export const MESSAGE_TYPES: readonly MessageType[] = ['identify', 'track', 'page', 'screen', 'alias', 'group'];
/** Segment's per-message and per-batch limits; the HTTP layer checks them on the raw body before parsing items. */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
const MAX_ID_LENGTH = 200;
const MAX_NAME_LENGTH = 200;
/** Earlier than any plausible event: a device whose clock reset to 1970 and sent no `sentAt` to correct it. */
const EARLIEST_OCCURRED_AT = Date.UTC(2000, 0, 1);

export const ORDER_COMPLETED = 'Order Completed';
export const ORDER_REFUNDED = 'Order Refunded';

export type IdentityNormalizer = (
  type: string,
  value: unknown,
) => { ok: true; identity: IdentityRef } | { ok: false; blocked: boolean; reason: string };

/** Ticket Opened and Ticket Closed are both SUPPORT_TICKET feedback; they differ in the status they set. */
export const FEEDBACK_EVENT_KEYS = ['NPS', 'REVIEW', 'RATING', 'TICKET_OPENED', 'TICKET_CLOSED'] as const;
export type FeedbackEventKey = (typeof FEEDBACK_EVENT_KEYS)[number];
export type FeedbackEventNames = Record<FeedbackEventKey, readonly string[]>;

export const DEFAULT_FEEDBACK_EVENTS: FeedbackEventNames = {
  NPS: ['NPS Submitted'],
  REVIEW: ['Review Submitted'],
  RATING: ['Rating Submitted'],
  TICKET_OPENED: ['Ticket Opened'],
  TICKET_CLOSED: ['Ticket Closed'],
};

export interface SegmentContext {
  /** Server receive time. */
  receivedAt: Date;
  /** The batch-level `sentAt` (analytics-node puts it on the batch body); a message's own `sentAt` wins. */
  batchSentAt?: unknown;
  /** The single-message endpoints (`/v1/track`, `/v1/t`, …) name the type; `type` in the body may then be left out. */
  defaultType?: MessageType;
  /** Currency of an `Order Completed` that names none: the reporting currency. */
  defaultCurrency: string;
  /** Bind the identity rules: `(type, value) => normalizeIdentity(type, value, rules)`. */
  normalizeIdentity: IdentityNormalizer;
  feedbackEvents: FeedbackEventNames;
  /**
   * Segment's skew correction (default on). The bulk importer replays archived messages whose `sentAt` is the
   * original send time, years before this receive time; it turns this off so their timestamps are kept.
   */
  correctClockSkew?: boolean;
}

export function normalizeSegmentMessage(raw: unknown, ctx: SegmentContext): Normalized {
  try {
    return { ok: true, message: mapMessage(raw, ctx) };
  } catch (err) {
    if (!(err instanceof Invalid)) throw err;
    const id = isObject(raw) ? raw.messageId : undefined;
    const messageId = typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH ? id : null;
    return { ok: false, rejection: { messageId, reason: err.message, field: err.field, ...(err.droppedIdentities ? { droppedIdentities: err.droppedIdentities } : {}) } };
  }
}

function mapMessage(raw: unknown, ctx: SegmentContext): IngestMessage {
  if (!isObject(raw)) throw new Invalid('', 'a message must be a JSON object');
  const messageId = reqString(raw.messageId, 'messageId', MAX_ID_LENGTH);
  const type = messageType(raw.type, ctx.defaultType);
  const context = optObject(raw.context, 'context') ?? {};
  const contextTraits = optObject(context.traits, 'context.traits') ?? {};
  const ownTraits = optObject(raw.traits, 'traits') ?? {};
  const personTraits = type === 'identify' ? ownTraits : {};
  const base = {
    messageId,
    type,
    traits: { ...contextTraits, ...personTraits },
    order: null,
    refund: null,
    feedback: null,
    alias: null,
    occurredAt: occurredAt(raw, ctx),
    receivedAt: ctx.receivedAt,
  };
  if (type === 'alias') return { ...base, ...mapAlias(raw, context, ctx.normalizeIdentity) };

  const { identities, droppedIdentities } = mapIdentities(raw, context, contextTraits, personTraits, ctx.normalizeIdentity);
  switch (type) {
    case 'identify':
      return { ...base, identities, droppedIdentities, event: { name: null, properties: {} } };
    case 'group': {
      const groupId = reqId(raw.groupId, 'groupId', MAX_ID_LENGTH);
      return { ...base, identities, droppedIdentities, event: { name: null, properties: { groupId, traits: ownTraits } } };
    }
    case 'page':
    case 'screen': {
      const properties = optObject(raw.properties, 'properties') ?? {};
      // properties.name is free-form event data, so a non-string there is ignored rather than rejected.
      const fallback = typeof properties.name === 'string' && properties.name.length <= MAX_NAME_LENGTH ? properties.name : null;
      const name = optString(raw.name, 'name', MAX_NAME_LENGTH) ?? fallback;
      return { ...base, identities, droppedIdentities, event: { name, properties } };
    }
    case 'track': {
      const name = reqString(raw.event, 'event', MAX_NAME_LENGTH);
      const properties = optObject(raw.properties, 'properties') ?? {};
      return { ...base, identities, droppedIdentities, event: { name, properties }, ...trackFacts(name, properties, ctx) };
    }
  }
}

function messageType(value: unknown, endpointType: MessageType | undefined): MessageType {
  if ((value === undefined || value === null) && endpointType) return endpointType;
  if (typeof value !== 'string' || !MESSAGE_TYPES.includes(value as MessageType)) {
    throw new Invalid('type', `type must be one of ${MESSAGE_TYPES.join(', ')}`);
  }
  if (endpointType && value !== endpointType) throw new Invalid('type', `type does not match the endpoint (${endpointType})`);
  return value as MessageType;
}

/**
 * Segment's rule: the client's `timestamp` is on the device clock, and `sentAt` is the same clock read when the
 * batch left, so `receivedAt - sentAt` is the device's skew (plus network time). A `sentAt` that is missing or
 * unparseable only means no correction; it is a hint, not part of the event.
 */
function occurredAt(raw: JsonObject, ctx: SegmentContext): Date {
  const field = raw.timestamp !== undefined && raw.timestamp !== null ? 'timestamp' : 'originalTimestamp';
  const given = raw[field];
  if (given === undefined || given === null) return new Date(ctx.receivedAt.getTime());
  const client = parseInstant(given);
  if (!client) throw new Invalid(field, `${field} must be an ISO 8601 date-time with a time zone`);
  let at = client.getTime();
  const sentAt = ctx.correctClockSkew === false ? null : parseInstant(raw.sentAt ?? ctx.batchSentAt);
  if (sentAt) at += ctx.receivedAt.getTime() - sentAt.getTime();
  // Checked after correction: a device whose clock reset to 1970 but sent sentAt is corrected into the present.
  if (at < EARLIEST_OCCURRED_AT) throw new Invalid(field, `${field} is before 2000-01-01`);
  return new Date(Math.min(at, ctx.receivedAt.getTime()));
}

type Candidate = { type: string; value: unknown; field: string };

function mapIdentities(
  raw: JsonObject,
  context: JsonObject,
  contextTraits: JsonObject,
  personTraits: JsonObject,
  normalize: IdentityNormalizer,
): Pick<IngestMessage, 'identities' | 'droppedIdentities'> {
  const device = optObject(context.device, 'context.device') ?? {};
  const candidates: Candidate[] = [
    { type: 'user_id', value: raw.userId, field: 'userId' },
    { type: 'anonymous_id', value: raw.anonymousId, field: 'anonymousId' },
    { type: 'device_id', value: device.id, field: 'context.device.id' },
    { type: 'email', value: personTraits.email, field: 'traits.email' },
    { type: 'email', value: contextTraits.email, field: 'context.traits.email' },
    { type: 'phone', value: personTraits.phone, field: 'traits.phone' },
    { type: 'phone', value: contextTraits.phone, field: 'context.traits.phone' },
    ...externalIds(context.externalIds),
  ];
  const seen = new Set<string>();
  const identities: IdentityRef[] = [];
  const droppedIdentities: IngestMessage['droppedIdentities'] = [];
  for (const { type, value, field } of candidates) {
    const text = optId(value, field);
    // The same raw value in two places (traits.email and context.traits.email) is one observation, one drop.
    if (text === undefined || !once(seen, `raw\u0000${type}\u0000${text}`)) continue;
    const result = normalize(type, text);
    if (!result.ok) droppedIdentities.push({ type, reason: result.reason });
    else if (once(seen, `id\u0000${result.identity.type}\u0000${result.identity.value}`)) identities.push(result.identity);
  }
  if (identities.length === 0) {
    const dropped = droppedIdentities.length ? `; ${droppedIdentities.length} dropped as invalid or blocked` : '';
    throw new Invalid('userId', `no usable identity (userId, anonymousId, context.device.id, email, phone or context.externalIds)${dropped}`, droppedIdentities.length);
  }
  return { identities, droppedIdentities };
}

function externalIds(value: unknown): Candidate[] {
  return (optArray(value, 'context.externalIds') ?? []).map((item, i) => {
    const path = `context.externalIds.${i}`;
    const entry = reqObject(item, path);
    return { type: reqString(entry.type, `${path}.type`, MAX_NAME_LENGTH).trim(), value: entry.id, field: `${path}.id` };
  });
}

function once(seen: Set<string>, key: string): boolean {
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

function mapAlias(
  raw: JsonObject,
  context: JsonObject,
  normalize: IdentityNormalizer,
): Pick<IngestMessage, 'identities' | 'droppedIdentities' | 'alias' | 'event'> {
  const previousIdType = optString(context.previousIdType, 'context.previousIdType', MAX_NAME_LENGTH)?.trim() || 'anonymous_id';
  const previous = aliasSide(normalize, previousIdType, reqId(raw.previousId, 'previousId'), 'previousId');
  const user = aliasSide(normalize, 'user_id', reqId(raw.userId, 'userId'), 'userId');
  const same = previous.type === user.type && previous.value === user.value;
  return {
    identities: same ? [previous] : [previous, user],
    droppedIdentities: [],
    alias: { previous, user },
    event: { name: null, properties: { previousIdType } },
  };
}

function aliasSide(normalize: IdentityNormalizer, type: string, value: string, field: string): IdentityRef {
  const result = normalize(type, value);
  if (!result.ok) throw new Invalid(field, `${field} is not a usable identity: ${result.reason}`);
  return result.identity;
}

function trackFacts(name: string, p: JsonObject, ctx: SegmentContext): Pick<IngestMessage, 'order' | 'refund' | 'feedback'> {
  if (name === ORDER_COMPLETED) return { order: orderFact(p, ctx.defaultCurrency), refund: null, feedback: null };
  if (name === ORDER_REFUNDED) return { order: null, refund: refundFact(p), feedback: null };
  const key = FEEDBACK_EVENT_KEYS.find((k) => ctx.feedbackEvents[k].includes(name));
  return { order: null, refund: null, feedback: key ? feedbackFact(key, p) : null };
}

/** The first of `keys` present in `p`, with its path, so a rejection points at the field actually used. */
function firstOf(p: JsonObject, keys: string[]): { value: unknown; field: string } {
  const key = keys.find((k) => p[k] !== undefined && p[k] !== null) ?? keys[0];
  return { value: p[key], field: `properties.${key}` };
}

/** Segment ecommerce spec v2: `total` includes shipping and tax; `revenue` (without them) is the fallback. */
function orderFact(p: JsonObject, defaultCurrency: string): OrderFact {
  const orderId = reqId(p.order_id, 'properties.order_id', MAX_ID_LENGTH);
  const amount = firstOf(p, ['total', 'revenue']);
  const total = optMoney(amount.value, amount.field);
  if (total === undefined) throw new Invalid('properties.total', 'properties.total (or properties.revenue) is required');
  const products = (optArray(p.products, 'properties.products') ?? []).map((item, i) => reqObject(item, `properties.products.${i}`));
  return { orderId, total, currency: optCurrency(p.currency, 'properties.currency') ?? defaultCurrency, products };
}

/** No amount means a full refund; no currency means the order's (which the ingest layer knows, this does not). */
function refundFact(p: JsonObject): RefundFact {
  const orderId = reqId(p.order_id, 'properties.order_id', MAX_ID_LENGTH);
  const given = firstOf(p, ['total', 'amount', 'revenue']);
  const amount = optMoney(given.value, given.field) ?? null;
  if (amount !== null && Number(amount) === 0) throw new Invalid(given.field, `${given.field} must be greater than 0 (leave it out for a full refund)`);
  return {
    orderId,
    refundId: optId(p.refund_id, 'properties.refund_id', MAX_ID_LENGTH) ?? null,
    amount,
    currency: optCurrency(p.currency, 'properties.currency') ?? null,
  };
}

// The feedback.score column is numeric(6,2).
const RATING_RANGE = { min: 0, max: 9999.99 };

function feedbackFact(key: FeedbackEventKey, p: JsonObject): FeedbackFact {
  const fact = { score: null, text: null, status: null, ticketId: null, properties: p };
  const comment = firstOf(p, ['text', 'review', 'body', 'comment']);
  const text = optString(comment.value, comment.field) ?? null;
  switch (key) {
    case 'NPS':
      return { ...fact, kind: 'NPS', text, score: reqScore(p.score, 'properties.score', { min: 0, max: 10, integer: true }) };
    case 'REVIEW':
      return { ...fact, kind: 'REVIEW', text, score: optScore(p.rating, 'properties.rating', { min: 1, max: 5 }) ?? null };
    case 'RATING': {
      const given = firstOf(p, ['rating', 'score']);
      return { ...fact, kind: 'RATING', text, score: reqScore(given.value, given.field, RATING_RANGE) };
    }
    case 'TICKET_OPENED':
    case 'TICKET_CLOSED':
      // Opened and closed are correlated by ticket_id in the ingest layer, so both require it.
      return {
        ...fact,
        kind: 'SUPPORT_TICKET',
        status: key === 'TICKET_OPENED' ? 'OPEN' : 'CLOSED',
        ticketId: reqId(p.ticket_id, 'properties.ticket_id', MAX_ID_LENGTH),
        text: optString(p.subject, 'properties.subject') ?? null,
      };
  }
}

/**
 * `FEEDBACK_EVENT_NAMES` overrides which track events become feedback, per key:
 *
 *   FEEDBACK_EVENT_NAMES="NPS=NPS Submitted|Net Promoter,TICKET_OPENED=Ticket Opened|Case Created"
 *
 * Keys are NPS, REVIEW, RATING, TICKET_OPENED, TICKET_CLOSED. A key listed replaces that key's default names, a key
 * left out keeps them, and `KEY=` with nothing after it turns the key off. Names match exactly and case-sensitively
 * (as Segment event names do), so they cannot contain `,` or `|`; a name may belong to one key only, and the order
 * events (`Order Completed`, `Order Refunded`) cannot be feedback.
 */
export function parseFeedbackEvents(env: NodeJS.ProcessEnv): FeedbackEventNames {
  const raw = env.FEEDBACK_EVENT_NAMES?.trim();
  const names: Record<FeedbackEventKey, readonly string[]> = { ...DEFAULT_FEEDBACK_EVENTS };
  if (!raw) return names;
  const fail = (why: string) => new ConfigError(`FEEDBACK_EVENT_NAMES: ${why} (format: NPS=NPS Submitted|Net Promoter,RATING=…)`);
  const given = new Set<string>();
  for (const entry of raw.split(',')) {
    const m = /^\s*([A-Za-z_]+)\s*=(.*)$/.exec(entry);
    if (!m) throw fail(`entry "${entry.trim()}" is not KEY=Name|Name`);
    const key = m[1].toUpperCase() as FeedbackEventKey;
    if (!FEEDBACK_EVENT_KEYS.includes(key)) throw fail(`unknown key ${m[1]}; keys are ${FEEDBACK_EVENT_KEYS.join(', ')}`);
    if (!once(given, key)) throw fail(`key ${key} is given twice`);
    const list = m[2].split('|').map((s) => s.trim());
    if (list.some((s) => s === '') && m[2].trim() !== '') throw fail(`key ${key} has an empty name`);
    names[key] = m[2].trim() === '' ? [] : list;
  }
  const owner = new Map<string, FeedbackEventKey>();
  for (const key of FEEDBACK_EVENT_KEYS) {
    for (const name of names[key]) {
      if (name === ORDER_COMPLETED || name === ORDER_REFUNDED) throw fail(`"${name}" is an order event`);
      const other = owner.get(name);
      if (other) throw fail(`"${name}" is given for both ${other} and ${key}`);
      owner.set(name, key);
    }
  }
  return names;
}

import { SEED_SOURCES, type SeedSourceName } from './params';
import { exponential, uuid, type Rng } from './random';
import type { CustomerData, EventRow } from './rows';

/**
 * The state of one customer while its rows are generated. Every message goes through `message()`, which is what
 * keeps the invariants in one place: a dedupe key for every message id, received_at never after asOf, and the
 * activity span that becomes first_seen_at / last_seen_at.
 */
export interface CustomerContext {
  rng: Rng;
  /** Global position of the customer in the seed's stream; makes contact values and order ids unique. */
  index: number;
  customerId: string;
  asOf: number;
  out: CustomerData;
  firstActivity: number;
  lastActivity: number;
  identities: Map<string, IdentitySighting>;
  /** Support tickets opened so far; numbers the ticket ids. */
  tickets: number;
}

export interface IdentitySighting {
  type: string;
  value: string;
  source: SeedSourceName;
  messageId: string;
  first: number;
  last: number;
}

export interface Message {
  messageId: string;
  sourceId: string;
  occurredAt: Date;
  receivedAt: Date;
}

/** Mean delivery delay per source: apps upload in batches, servers and browsers send at once. */
const MEAN_LAG_MS: Readonly<Record<SeedSourceName, number>> = { web: 800, app: 45_000, crm: 2_000, shop: 300, service: 1_500 };

export function newContext(rng: Rng, index: number, asOf: number, out: CustomerData): CustomerContext {
  return {
    rng,
    index,
    customerId: uuid(rng),
    asOf,
    out,
    firstActivity: Infinity,
    lastActivity: -Infinity,
    identities: new Map(),
    tickets: 0,
  };
}

/** Zero-padded global customer number, the stable part of ids that must be unique (order ids, phones). */
export function customerNumber(ctx: CustomerContext, width = 7): string {
  return String(ctx.index + 1).padStart(width, '0');
}

/** Register a message: a new message id, its dedupe key and the customer's activity span. */
export function message(ctx: CustomerContext, source: SeedSourceName, at: number): Message {
  if (at > ctx.asOf) throw new Error(`seed generator bug: message at ${new Date(at).toISOString()} after asOf`);
  const messageId = uuid(ctx.rng);
  const sourceId = SEED_SOURCES[source].id;
  const lag = Math.floor(exponential(ctx.rng, 1 / MEAN_LAG_MS[source]));
  const receivedAt = new Date(Math.min(at + lag, ctx.asOf));
  ctx.out.dedupeKeys.push({ sourceId, kind: 'message', key: messageId, customerId: ctx.customerId, receivedAt });
  if (at < ctx.firstActivity) ctx.firstActivity = at;
  if (at > ctx.lastActivity) ctx.lastActivity = at;
  return { messageId, sourceId, occurredAt: new Date(at), receivedAt };
}

/** A track/page/identify event carried by its own message. */
export function event(
  ctx: CustomerContext,
  source: SeedSourceName,
  at: number,
  type: EventRow['type'],
  name: string | null,
  properties: Record<string, unknown>,
): Message {
  const m = message(ctx, source, at);
  ctx.out.events.push({
    customerId: ctx.customerId,
    occurredAt: m.occurredAt,
    id: uuid(ctx.rng),
    sourceId: m.sourceId,
    messageId: m.messageId,
    type,
    name,
    properties,
    receivedAt: m.receivedAt,
  });
  return m;
}

/**
 * Record that an identifier was seen on a message. The identity row keeps the earliest sighting's message and
 * source (the one that linked it) and the span of sightings.
 */
export function sighting(ctx: CustomerContext, type: string, value: string, source: SeedSourceName, m: Message): void {
  const at = m.occurredAt.getTime();
  const key = `${type}\u0000${value}`;
  const seen = ctx.identities.get(key);
  if (!seen) {
    ctx.identities.set(key, { type, value, source, messageId: m.messageId, first: at, last: at });
    return;
  }
  if (at < seen.first) {
    seen.first = at;
    seen.source = source;
    seen.messageId = m.messageId;
  }
  if (at > seen.last) seen.last = at;
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Flush the identity sightings into rows (in first-sighting order, for stable output). */
export function flushIdentities(ctx: CustomerContext): void {
  const sightings = [...ctx.identities.values()].sort(
    (x, y) => x.first - y.first || compare(x.type, y.type) || compare(x.value, y.value),
  );
  for (const s of sightings) {
    const first = new Date(s.first);
    ctx.out.identities.push({
      customerId: ctx.customerId,
      id: uuid(ctx.rng),
      type: s.type,
      value: s.value,
      sourceId: SEED_SOURCES[s.source].id,
      messageId: s.messageId,
      firstSeenAt: first,
      lastSeenAt: new Date(s.last),
      createdAt: first,
    });
  }
}

import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createApiKey } from '../../src/auth/keys';
import { rows, type Db } from '../../src/db/client';
import { ensureSource } from '../../src/ingestion/sources';

/**
 * Segment-spec messages for the tracking API, a write key bound to a source of its own, and the few reads the
 * ingestion tests assert on. Every identifier and message id is unique per call, so tests sharing one server never
 * see each other's data; a source per test keeps its ingest_stats row its own.
 */

export type Json = Record<string, unknown>;

/** Who a message is about: Segment's top-level ids, plus `context` for device ids, external ids, context traits. */
export interface Who {
  userId?: string;
  anonymousId?: string;
  context?: Json;
}

/** A value no other test uses. */
export const uniq = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

export const HOUR = 3_600_000;

/** ISO instant `hours` before `from` (default now); negative hours are in the future. */
export const hoursAgo = (hours: number, from = Date.now()): string => new Date(from - hours * HOUR).toISOString();

/** `more` overrides anything, e.g. `{ messageId, timestamp, sentAt }`. */
export const identify = (who: Who, traits: Json, more: Json = {}): Json => ({ type: 'identify', messageId: uniq('msg'), ...who, traits, ...more });

export const track = (who: Who, event: string, properties: Json = {}, more: Json = {}): Json => ({
  type: 'track', messageId: uniq('msg'), ...who, event, properties, ...more,
});

export const page = (who: Who, name: string, more: Json = {}): Json => ({ type: 'page', messageId: uniq('msg'), ...who, name, ...more });

/** alias(previousId, userId); `previousIdType` is Strata's extension for a previous id that is not an anonymous id. */
export const alias = (previousId: string, userId: string, more: Json & { previousIdType?: string } = {}): Json => {
  const { previousIdType, ...rest } = more;
  return {
    type: 'alias', messageId: uniq('msg'), previousId, userId,
    ...(previousIdType ? { context: { previousIdType } } : {}),
    ...rest,
  };
};

export const orderCompleted = (who: Who, properties: Json, more: Json = {}): Json => track(who, 'Order Completed', properties, more);

export const orderRefunded = (who: Who, properties: Json, more: Json = {}): Json => track(who, 'Order Refunded', properties, more);

export interface Writer {
  sourceId: string;
  writeKey: string;
  /** POST /v1/batch with HTTP Basic auth, as analytics-node does; fails unless the answer is 200. */
  send(batch: Json[], body?: Json): Promise<void>;
}

/** A source of its own (optionally with a trait priority) and an ingest:write key bound to it. */
export async function newWriter(db: Db, baseUrl: string, opts: { name?: string; priority?: number } = {}): Promise<Writer> {
  const sourceId = await ensureSource(db, opts.name ?? uniq('source'));
  if (opts.priority !== undefined) await db.execute(sql`update sources set priority = ${opts.priority} where id = ${sourceId}::uuid`);
  const writeKey = (await createApiKey(db, { name: `writer ${sourceId}`, scopes: ['ingest:write'], sourceId })).secret;
  const authorization = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
  return {
    sourceId,
    writeKey,
    async send(batch, body = {}) {
      const res = await fetch(`${baseUrl}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ batch, ...body }),
      });
      if (res.status !== 200) throw new Error(`POST /v1/batch answered ${res.status}: ${await res.text()}`);
    },
  };
}

/** The live profile (after merges) an identity belongs to, or null when nobody holds it. */
export async function profileOf(db: Db, type: string, value: string): Promise<string | null> {
  const [hit] = await rows<{ root: string }>(
    db,
    sql`select coalesce(c.merged_into_id, c.id)::text as root from identities i join customers c on c.id = i.customer_id
        where i.type = ${type} and i.value = ${value}`,
  );
  return hit?.root ?? null;
}

/** The live profile each stored event went to, by message id (events of one source). */
export async function eventOwners(db: Db, sourceId: string): Promise<Map<string, string>> {
  const found = await rows<{ message_id: string; root: string }>(
    db,
    sql`select e.message_id, coalesce(c.merged_into_id, c.id)::text as root from events e join customers c on c.id = e.customer_id
        where e.source_id = ${sourceId}::uuid`,
  );
  return new Map(found.map((r) => [r.message_id, r.root]));
}

export interface IngestStats {
  accepted: number;
  duplicate: number;
  rejected: number;
  dropped_identities: number;
}

/** The source's ingest counters, summed over days (zeros when it has none). */
export async function statsOf(db: Db, sourceId: string): Promise<IngestStats> {
  const [s] = await rows<IngestStats>(
    db,
    sql`select coalesce(sum(accepted), 0)::int as accepted, coalesce(sum(duplicate), 0)::int as duplicate,
          coalesce(sum(rejected), 0)::int as rejected, coalesce(sum(dropped_identities), 0)::int as dropped_identities
        from ingest_stats where source_id = ${sourceId}::uuid`,
  );
  return s;
}

/** A live profile's stored row: traits and summary counters, times as epoch milliseconds. */
export async function customerRow(db: Db, id: string): Promise<{
  merged_into_id: string | null; traits: Json; order_count: number; first_seen_ms: number | null; last_order_ms: number | null;
}> {
  const [c] = await rows<{ merged_into_id: string | null; traits: Json | string; order_count: number; first_seen_ms: string | null; last_order_ms: string | null }>(
    db,
    sql`select merged_into_id::text as merged_into_id, traits, order_count,
          (extract(epoch from first_seen_at) * 1000)::bigint::text as first_seen_ms,
          (extract(epoch from last_order_at) * 1000)::bigint::text as last_order_ms
        from customers where id = ${id}::uuid`,
  );
  if (!c) throw new Error(`no customer ${id}`);
  return {
    merged_into_id: c.merged_into_id,
    traits: typeof c.traits === 'string' ? JSON.parse(c.traits) : c.traits,
    order_count: c.order_count,
    first_seen_ms: c.first_seen_ms === null ? null : Number(c.first_seen_ms),
    last_order_ms: c.last_order_ms === null ? null : Number(c.last_order_ms),
  };
}

/** Count rows of `table` whose message_id is one of these (table names are the tests' own literals). */
export async function countByMessage(db: Db, table: 'events' | 'orders' | 'refunds' | 'feedback' | 'observations' | 'profile_merges' | 'identity_conflicts', messageIds: string[]): Promise<number> {
  const [{ n }] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${sql.identifier(table)} where message_id = any(${`{${messageIds.map((m) => `"${m}"`).join(',')}}`}::text[])`,
  );
  return n;
}

/** A deterministic permutation (mulberry32 + Fisher-Yates), so a failing shuffle can be replayed from its seed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

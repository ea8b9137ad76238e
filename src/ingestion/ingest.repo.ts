import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { exec, inOrder, rows, type Reader, type Tx } from '../db/client';
import { insertRows } from '../db/insert';
import { textArray, toDateOrNull, uuidArray } from '../db/values';
import { winningObservationOrder } from '../identity/explain.repo';
import { keyOf, type ProfileView, type Separation } from '../identity/match';
import type { IdentityRef } from './message';

/** Hashes already computed: an ingest hashes every identifier of every profile it touches, and they recur. */
const hashCache = new Map<string, string>();
const HASH_CACHE_SIZE = 50_000;

/** Hash of an identity (SHA-256, hex) for tombstones and split records: never the value itself. */
export function identityHash(identity: IdentityRef): string {
  const key = `${identity.type}\u0000${identity.value}`;
  let hash = hashCache.get(key);
  if (hash === undefined) {
    // Emptied when full rather than kept in recency order: refilling costs less than the bookkeeping would.
    if (hashCache.size >= HASH_CACHE_SIZE) hashCache.clear();
    hash = createHash('sha256').update(key).digest('hex');
    hashCache.set(key, hash);
  }
  return hash;
}

/** Insert rows in chunks (bounded statement size), every chunk sent at once (see inOrder); no-op for none. */
export async function insertAll(tx: Tx, table: PgTable, list: readonly object[], chunk = 2000): Promise<void> {
  const sent: Promise<void>[] = [];
  for (let i = 0; i < list.length; i += chunk) sent.push(exec(tx, insertRows(table, list.slice(i, i + chunk))));
  await Promise.all(sent);
}

/**
 * Settings of an ingest transaction (local to it). Every statement of an ingest reaches rows by key, given as arrays.
 * - Generic plans, made once per connection (the tail already had them: segments/membership.repo.ts lockChangeLog).
 *   A custom plan is made again at every call, and that planning was about a tenth of PostgreSQL's time per message
 *   in the ingest benchmark.
 * - No sequential scans where an index serves. A generic plan believes an array holds ten elements and keeps
 *   whatever the statistics said when it was made. Planned on a young database (autovacuum off or behind), a
 *   per-profile lookup became a scan of the table, repeated for every profile of every later batch: 90 ms for one
 *   statement of 111 profiles on 9,400 events, and growing with the table.
 * - No JIT. A statement with no index to use (the segment catalogue's version, over a handful of rows) still scans,
 *   and the penalty that keeps scans out of the others put its estimated cost over JIT's thresholds: 190 ms of
 *   compiling for a 0.1 ms read, at every write.
 */
export async function ingestPlanSettings(tx: Tx): Promise<void> {
  await exec(
    tx,
    sql`select set_config('plan_cache_mode', 'force_generic_plan', true), set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`,
  );
}

/** Which of these identity hashes belong to erased people. */
export async function erasedAmong(tx: Tx, hex: string[]): Promise<Set<string>> {
  if (!hex.length) return new Set();
  const found = await rows<{ h: string }>(
    tx,
    sql`select encode(hash, 'hex') as h from erased_identities where hash = any(array(select decode(x, 'hex') from unnest(${textArray(hex)}) x))`,
  );
  return new Set(found.map((r) => r.h));
}

export interface ClaimedKeys {
  messages: Set<string>;
  order: Set<string>;
  refund: Set<string>;
}

/**
 * Claim the dedupe keys of these messages, and the order / refund keys of those whose message id was new, in one
 * statement; returns the keys that were new (the others were seen before).
 */
export async function claimKeys(
  tx: Tx,
  sourceId: string,
  messageIds: string[],
  keyed: { messageId: string; kind: 'order' | 'refund'; key: string }[],
): Promise<ClaimedKeys> {
  const claimed: ClaimedKeys = { messages: new Set(), order: new Set(), refund: new Set() };
  if (!messageIds.length) return claimed;
  const found = await rows<{ kind: 'message' | 'order' | 'refund'; key: string }>(
    tx,
    sql`with messages as (
        insert into dedupe_keys (source_id, kind, key) select ${sourceId}::uuid, 'message', k from unnest(${textArray(messageIds)}) k
        on conflict do nothing returning key),
      keyed as (
        insert into dedupe_keys (source_id, kind, key)
        select distinct ${sourceId}::uuid, q.kind, q.key
        from unnest(${textArray(keyed.map((k) => k.messageId))}, ${textArray(keyed.map((k) => k.kind))}, ${textArray(keyed.map((k) => k.key))}) as q(message_id, kind, key)
        where q.message_id in (select key from messages)
        on conflict do nothing returning kind, key)
      select 'message' as kind, key from messages union all select kind, key from keyed`,
  );
  for (const r of found) (r.kind === 'message' ? claimed.messages : claimed[r.kind]).add(r.key);
  return claimed;
}

/**
 * Serialise concurrent writers that touch the same identities or profiles (any process), for the rest of the
 * transaction. Locks are taken in hash order, so two writers can never wait on each other in a cycle.
 */
export async function lockKeys(tx: Tx, keys: string[]): Promise<void> {
  if (!keys.length) return;
  await exec(tx, sql`select count(pg_advisory_xact_lock(h)) from (
    select distinct hashtextextended(k, 7) as h from unnest(${textArray(keys)}) k order by h) s`);
}

export interface OwnerRow {
  id: string;
  type: string;
  value: string;
  root: string;
  /** Earliest sighting of the identity (occurred-at), as stored before this batch. */
  first_seen_at: string;
}

/**
 * The identity rows for these (type, value) pairs, with the live profile each belongs to. With `lockRoots`, the same
 * statement also takes the lock of every profile found (`profile:<root>`, as lockKeys, in hash order) that is not in
 * the set given: what was read was read before those locks, so the caller reads again (see resolveIdentities).
 */
export async function identityOwners(tx: Tx, identities: IdentityRef[], lockRoots?: { except: ReadonlySet<string> }): Promise<OwnerRow[]> {
  if (!identities.length) return [];
  const found = sql`select i.id, i.type, i.value, coalesce(c.merged_into_id, c.id) as root, i.first_seen_at::text as first_seen_at
        from unnest(${textArray(identities.map((i) => i.type))}, ${textArray(identities.map((i) => i.value))}) as q(type, value)
        join identities i on i.type = q.type and i.value = q.value
        join customers c on c.id = i.customer_id`;
  if (!lockRoots) return rows<OwnerRow>(tx, found);
  // The aggregate is one row, so the cross join returns every row found, and only after every lock is held.
  return rows<OwnerRow>(
    tx,
    sql`with found as (${found}),
      locked as (select count(pg_advisory_xact_lock(h)) as n from (
        select distinct hashtextextended('profile:' || root::text, 7) as h from found
        where not (root = any(${uuidArray([...lockRoots.except])})) order by h) s)
      select found.* from found cross join locked`,
  );
}

/** Live profiles with every identity of theirs (incl. merged-in profiles), for the limit checks. */
export async function profileViews(tx: Tx, roots: string[]): Promise<Map<string, ProfileView>> {
  const views = new Map<string, ProfileView>();
  if (!roots.length) return views;
  const found = await rows<{ root: string; first_seen_at: string | null; type: string | null; value: string | null; merged: boolean }>(
    tx,
    sql`select c.id as root, c.first_seen_at::text as first_seen_at, i.type, i.value, c.merged_into_id is not null as merged
        from customers c
        left join lateral (select c.id as member union all select m.id from customers m where m.merged_into_id = c.id) m on true
        left join identities i on i.customer_id = m.member
        where c.id = any(${uuidArray(roots)})`,
  );
  for (const r of found) {
    if (r.merged) continue;
    let view = views.get(r.root);
    if (!view) {
      view = { id: r.root, firstSeenAt: toDateOrNull(r.first_seen_at), identities: [] };
      views.set(r.root, view);
    }
    if (r.type !== null && r.value !== null) view.identities.push({ type: r.type, value: r.value });
  }
  return views;
}

/** Point every profile merged away (and everything already merged into it) at its final survivor. */
export async function applyMerges(tx: Tx, finalRoot: Map<string, string>): Promise<void> {
  if (!finalRoot.size) return;
  const merged = [...finalRoot.keys()];
  const survivors = merged.map((m) => finalRoot.get(m)!);
  await inOrder([
    exec(tx, sql`update customers c set merged_into_id = m.survivor, updated_at = now()
      from unnest(${uuidArray(merged)}, ${uuidArray(survivors)}) as m(merged, survivor)
      where c.id = m.merged or c.merged_into_id = m.merged`),
    // The survivor's seen-at span covers the merged profiles'.
    exec(tx, sql`update customers s set first_seen_at = least(s.first_seen_at, x.first), last_seen_at = greatest(s.last_seen_at, x.last)
      from (select merged_into_id as id, min(first_seen_at) as first, max(last_seen_at) as last from customers
            where id = any(${uuidArray(merged)}) group by merged_into_id) x
      where s.id = x.id`),
  ]);
}

/** Refresh identity last-seen times for identities seen again. */
export async function touchIdentities(tx: Tx, ids: string[], seenAt: Date[]): Promise<void> {
  if (!ids.length) return;
  await exec(tx, sql`update identities i set last_seen_at = greatest(i.last_seen_at, s.at), first_seen_at = least(i.first_seen_at, s.at)
    from (select id, max(at) as at from unnest(${uuidArray(ids)}, ${textArray(seenAt.map((d) => d.toISOString()))}::timestamptz[]) as x(id, at) group by id) s
    where i.id = s.id`);
}

/** Seen-at bounds of profiles from this batch (least/greatest, so late data never moves them the wrong way). */
export async function touchProfiles(tx: Tx, ids: string[], first: Date[], last: Date[]): Promise<void> {
  if (!ids.length) return;
  const iso = (d: Date[]) => textArray(d.map((x) => x.toISOString()));
  await exec(tx, sql`update customers c set
      first_seen_at = least(coalesce(c.first_seen_at, s.first), s.first),
      last_seen_at = greatest(coalesce(c.last_seen_at, s.last), s.last),
      updated_at = now()
    from unnest(${uuidArray(ids)}, ${iso(first)}::timestamptz[], ${iso(last)}::timestamptz[]) as s(id, first, last)
    where c.id = s.id`);
}

/**
 * Re-derive traits of these live profiles from all their observations (their own and their merged-in profiles'):
 * per key the latest occurred-at wins, ties by source priority then message id; first-touch keys keep the earliest.
 * A fold, so the result does not depend on arrival order.
 */
export async function refoldTraits(tx: Tx, roots: string[], firstTouchKeys: string[]): Promise<void> {
  if (!roots.length) return;
  await exec(tx, sql`update customers c set traits = coalesce(t.traits, '{}'::jsonb), updated_at = now()
    from (select r.root, (
        select jsonb_object_agg(w.key, w.value) from (
          select distinct on (o.key) o.key, o.value
          from observations o
          left join sources s on s.id = o.source_id
          -- The members' observations in one probe of the customer index: no join for a planner to choose (patchTraits).
          where o.customer_id = any(array[r.root] || array(select m.id from customers m where m.merged_into_id = r.root))
          order by o.key, ${winningObservationOrder(firstTouchKeys)}
        ) w) as traits
      from unnest(${uuidArray(roots)}) as r(root)) t
    where c.id = t.root`);
}

/**
 * The cheap path for profiles that only gained observations: re-decide just the (profile, key) pairs the batch
 * observed, with the same winner order as refoldTraits, and patch them into the stored traits. One sort of every
 * pair's candidates (distinct on), not a sort per pair: each of those cost about 75 µs to set up, most of the
 * statement (4.2 of 4.8 ms for 55 pairs).
 *
 * Each pair's candidates are one probe of the (customer, key) index with both columns, planned apart from the rest
 * (offset 0) so that no statistics can make it a join: the write path's generic plan, made on a bench database's
 * warm-up statistics, hash-joined every observation of the key (found through that index by its second column) to the
 * pair's members, once per pair: at the end of a 30,000-message run 7,000 entries a pair, 33 ms for 421 pairs, and
 * growing with the table.
 */
export async function patchTraits(tx: Tx, pairs: { root: string; key: string }[], firstTouchKeys: string[]): Promise<void> {
  if (!pairs.length) return;
  await exec(tx, sql`update customers c set traits = c.traits || t.patch, updated_at = now()
    from (select w.root, jsonb_object_agg(w.key, w.value) as patch
          from (select distinct on (r.root, r.key) r.root, r.key, o.value
                from unnest(${uuidArray(pairs.map((p) => p.root))}, ${textArray(pairs.map((p) => p.key))}) as r(root, key)
                cross join lateral (
                  select o.key, o.value, o.occurred_at, o.source_id, o.message_id from observations o
                  where o.customer_id = any(array[r.root] || array(select m.id from customers m where m.merged_into_id = r.root))
                    and o.key = r.key
                  offset 0) o
                left join sources s on s.id = o.source_id
                order by r.root, r.key, ${winningObservationOrder(firstTouchKeys)}) w
          group by w.root) t
    where c.id = t.root`);
}

/** Add to today's per-source counters. */
export async function countIngest(
  tx: Tx,
  sourceId: string,
  day: string,
  n: { accepted: number; duplicate: number; rejected: number; droppedIdentities: number; erased: number },
): Promise<void> {
  await exec(tx, sql`insert into ingest_stats (source_id, day, accepted, duplicate, rejected, dropped_identities, erased)
    values (${sourceId}::uuid, ${day}::date, ${n.accepted}, ${n.duplicate}, ${n.rejected}, ${n.droppedIdentities}, ${n.erased})
    on conflict (source_id, day) do update set
      accepted = ingest_stats.accepted + excluded.accepted, duplicate = ingest_stats.duplicate + excluded.duplicate,
      rejected = ingest_stats.rejected + excluded.rejected, dropped_identities = ingest_stats.dropped_identities + excluded.dropped_identities,
      erased = ingest_stats.erased + excluded.erased`);
}

/**
 * Splits that concern any of these identities, as Separations over keyOf(identity) of the identities given (the
 * stored sides are hashes; identities not given cannot matter to the decision at hand).
 */
export async function separationsAmong(tx: Tx, identities: IdentityRef[]): Promise<Separation[]> {
  if (!identities.length) return [];
  const byHash = new Map(identities.map((i) => [identityHash(i), keyOf(i)]));
  const hashes = textArray([...byHash.keys()]);
  const found = await rows<{ separated_a: string[]; separated_b: string[]; created_at: string }>(
    tx,
    sql`select separated_a, separated_b, created_at::text as created_at from profile_splits where separated_a && ${hashes} or separated_b && ${hashes}`,
  );
  const toKeys = (list: string[]) => new Set(list.map((h) => byHash.get(h)).filter((k): k is string => !!k));
  return found.map((r) => ({ a: toKeys(r.separated_a), b: toKeys(r.separated_b), since: toDateOrNull(r.created_at)! }));
}

export interface IngestDayRow {
  source_id: string;
  source: string;
  day: string;
  accepted: number;
  duplicate: number;
  rejected: number;
  dropped_identities: number;
  erased: number;
}

/** The ingest counters of each source and UTC day in [from, to] (YYYY-MM-DD), of these sources or all; by day, then source name. */
export async function ingestDays(q: Reader, o: { from: string; to: string; sourceIds: string[] | null }): Promise<IngestDayRow[]> {
  return rows<IngestDayRow>(
    q,
    sql`select st.source_id, s.name as source, st.day::text as day, st.accepted, st.duplicate, st.rejected, st.dropped_identities, st.erased
      from ingest_stats st join sources s on s.id = st.source_id
      where st.day between ${o.from}::date and ${o.to}::date
        ${o.sourceIds ? sql`and st.source_id = any(${uuidArray(o.sourceIds)})` : sql``}
      order by st.day, s.name`,
  );
}

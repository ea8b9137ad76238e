import { sql } from 'drizzle-orm';
import { exec, rows, type Tx } from '../db/client';
import { textArray, toDateOrNull, uuidArray } from '../db/values';
import { HISTORY_TABLES } from './admin.repo';

export interface LinkRow {
  id: string;
  customer_id: string;
  occurred_at: string;
  source_id: string;
  message_id: string;
  identity_ids: string[];
  unlinked: { type: string; value: string }[];
  alias: boolean;
  received_at: string;
}

export interface IdentityRow {
  id: string;
  type: string;
  value: string;
  customer_id: string;
  root: string;
}

/** Every profile id (live and merged-away) of these live profiles. */
export async function componentMembers(tx: Tx, roots: string[]): Promise<{ id: string; root: string; first_seen_at: string | null }[]> {
  return rows(tx, sql`select id, coalesce(merged_into_id, id) as root, first_seen_at::text as first_seen_at from customers
    where id = any(${uuidArray(roots)}) or merged_into_id = any(${uuidArray(roots)})`);
}

/**
 * Newest identity evidence already stored per live profile (over its members), in fold order (occurred-at, then
 * message id): one index probe per member.
 */
export async function newestLinks(tx: Tx, roots: string[]): Promise<Map<string, { at: Date; messageId: string }>> {
  const newest = new Map<string, { at: Date; messageId: string }>();
  if (!roots.length) return newest;
  const found = await rows<{ root: string; at: string; message_id: string }>(
    tx,
    sql`select coalesce(c.merged_into_id, c.id) as root, l.occurred_at::text as at, l.message_id
        from customers c
        cross join lateral (select occurred_at, message_id from message_links where customer_id = c.id
                            order by occurred_at desc, message_id desc limit 1) l
        where c.id = any(${uuidArray(roots)}) or c.merged_into_id = any(${uuidArray(roots)})`,
  );
  for (const r of found) {
    const at = toDateOrNull(r.at)!;
    const prev = newest.get(r.root);
    if (!prev || at > prev.at || (at.getTime() === prev.at.getTime() && r.message_id > prev.messageId)) newest.set(r.root, { at, messageId: r.message_id });
  }
  return newest;
}

/** Stored messages of the component: on its profiles, or carrying one of its identities (linked or not). */
export async function linksTouching(tx: Tx, members: string[], identityIds: string[], unlinkedKeys: string[]): Promise<LinkRow[]> {
  // A UNION of index lookups (primary key, two GIN indexes): with OR the planner scanned the whole table. Empty sets
  // are left out rather than sent as '{}', which a GIN index cannot answer without scanning. The unlinked-keys index
  // leaves out rows with none (nearly all), so the lookup repeats its predicate.
  const parts = [sql`select ctid from message_links where customer_id = any(${uuidArray(members)})`];
  if (identityIds.length) parts.push(sql`select ctid from message_links where identity_ids && ${uuidArray(identityIds)}`);
  if (unlinkedKeys.length) parts.push(sql`select ctid from message_links where unlinked_keys && ${textArray(unlinkedKeys)} and unlinked_keys <> '{}'::text[]`);
  // The rows by physical address (a TID scan): the table has no index on its id alone, since every write would pay
  // for it and only these rare reads would use it. `= any(array(...))`: `in (union)` let the planner hash-join a scan.
  return rows(tx, sql`select id, customer_id, occurred_at::text as occurred_at, source_id, message_id, identity_ids, unlinked, alias,
      received_at::text as received_at
    from message_links where ctid = any(array(${sql.join(parts, sql` union `)}))`);
}

/** Identity rows by id, with the live profile each belongs to now. */
export async function identitiesById(tx: Tx, ids: string[]): Promise<IdentityRow[]> {
  if (!ids.length) return [];
  return rows(tx, sql`select i.id, i.type, i.value, i.customer_id, coalesce(c.merged_into_id, c.id) as root
    from identities i join customers c on c.id = i.customer_id where i.id = any(${uuidArray(ids)})`);
}

/** Move stored messages (and their rows in every history table) to the profiles a re-fold assigned them to. */
export async function moveLinkedMessages(tx: Tx, moves: { customer_id: string; source_id: string; message_id: string; target: string }[]): Promise<void> {
  if (!moves.length) return;
  const json = JSON.stringify(moves);
  const from = uuidArray([...new Set(moves.map((m) => m.customer_id))]);
  for (const table of HISTORY_TABLES) {
    // The `= any` keeps it index probes: the planner guesses 100 rows for json_to_recordset and, on a large table,
    // hash-joins a scan of all of it otherwise (here and below).
    await exec(tx, sql`update ${sql.identifier(table)} t set customer_id = m.target
      from json_to_recordset(${json}::json) as m(customer_id uuid, source_id uuid, message_id text, target uuid)
      where t.customer_id = any(${from}) and t.customer_id = m.customer_id and t.source_id = m.source_id and t.message_id = m.message_id`);
  }
}

/**
 * The identities a re-fold keeps, re-derived from the folded messages: the profile each now belongs to, the message
 * that linked it (and its source) and its first and last sighting by messages that went to that profile.
 */
export async function refoldKeptIdentities(
  tx: Tx,
  kept: { id: string; target: string; message_id: string; source_id: string; first: Date; last: Date }[],
): Promise<void> {
  if (!kept.length) return;
  await exec(tx, sql`update identities i set customer_id = m.target, message_id = m.message_id, source_id = m.source_id,
      first_seen_at = m.first, last_seen_at = m.last
    from json_to_recordset(${JSON.stringify(kept)}::json) as m(id uuid, target uuid, message_id text, source_id uuid, first timestamptz, last timestamptz)
    where i.id = any(${uuidArray(kept.map((k) => k.id))}) and i.id = m.id`);
}

/** Point each profile id of the component at its new live profile (null for the live ones themselves). */
export async function repointProfiles(tx: Tx, pointers: { id: string; merged_into: string | null }[]): Promise<void> {
  if (!pointers.length) return;
  await exec(tx, sql`update customers c set merged_into_id = m.merged_into, updated_at = now()
    from json_to_recordset(${JSON.stringify(pointers)}::json) as m(id uuid, merged_into uuid)
    where c.id = any(${uuidArray(pointers.map((p) => p.id))}) and c.id = m.id`);
}

/** Merge and conflict records of the component are re-derived by the re-fold. */
export async function clearResolutionRecords(tx: Tx, members: string[]): Promise<void> {
  await exec(tx, sql`delete from profile_merges where customer_id = any(${uuidArray(members)})`);
  await exec(tx, sql`delete from identity_conflicts where customer_id = any(${uuidArray(members)})`);
}

export async function identityIdsOf(tx: Tx, members: string[]): Promise<string[]> {
  const found = await rows<{ id: string }>(tx, sql`select id from identities where customer_id = any(${uuidArray(members)})`);
  return found.map((r) => r.id);
}

/** Rewrite the identity evidence of stored messages to what the re-fold linked (and did not link). */
export async function rewriteLinks(
  tx: Tx,
  links: { id: string; target: string; identity_ids: string[]; unlinked: { type: string; value: string }[]; unlinked_keys: string[] }[],
): Promise<void> {
  if (!links.length) return;
  // Called after moveLinkedMessages: every link is on its target profile already, so the primary key finds it.
  await exec(tx, sql`update message_links l set identity_ids = m.identity_ids, unlinked = m.unlinked, unlinked_keys = m.unlinked_keys
    from json_to_recordset(${JSON.stringify(links)}::json) as m(id uuid, target uuid, identity_ids uuid[], unlinked jsonb, unlinked_keys text[])
    where l.customer_id = any(${uuidArray([...new Set(links.map((l) => l.target))])}) and l.customer_id = m.target and l.id = m.id`);
}

/** Identities the re-fold did not link to anyone any more (a limit now refuses them). */
export async function deleteIdentities(tx: Tx, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await exec(tx, sql`delete from identities where id = any(${uuidArray(ids)})`);
}

/** The live profiles these profile ids (live or merged-away) belong to. */
export async function componentRoots(tx: Tx, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const found = await rows<{ root: string }>(tx, sql`select distinct coalesce(merged_into_id, id) as root from customers where id = any(${uuidArray(ids)})`);
  return found.map((r) => r.root);
}

import { sql } from 'drizzle-orm';
import { exec, rows, type Tx } from '../db/client';
import { uuidArray } from '../db/values';

/** Per-customer tables whose rows belong to whoever they arrived on (customer_id); erasure and splits walk them. */
export const HISTORY_TABLES = ['events', 'orders', 'refunds', 'feedback', 'observations', 'message_links'] as const;
const OTHER_PER_CUSTOMER = ['identities', 'profile_merges', 'profile_splits', 'identity_conflicts'] as const;

/** The live profile an id resolves to, and every profile merged into it. */
export async function membersOf(tx: Tx, id: string): Promise<{ root: string; members: string[] } | null> {
  const found = await rows<{ root: string; id: string }>(
    tx,
    sql`select r.root, c.id from (select coalesce(merged_into_id, id) as root from customers where id = ${id}::uuid) r
        join customers c on c.id = r.root or c.merged_into_id = r.root`,
  );
  return found.length ? { root: found[0].root, members: found.map((r) => r.id) } : null;
}

/** Delete every row about these profiles; returns how many rows each table lost. */
export async function deleteProfiles(tx: Tx, members: string[]): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const table of [...HISTORY_TABLES, ...OTHER_PER_CUSTOMER]) {
    const gone = await rows<{ n: number }>(
      tx,
      sql`with d as (delete from ${sql.identifier(table)} where customer_id = any(${uuidArray(members)}) returning 1) select count(*)::int as n from d`,
    );
    deleted[table] = gone[0].n;
  }
  const gone = await rows<{ n: number }>(tx, sql`with d as (delete from customers where id = any(${uuidArray(members)}) returning 1) select count(*)::int as n from d`);
  deleted.customers = gone[0].n;
  return deleted;
}

/**
 * Move the history of these messages (message_links ids, on the members' profiles) from the members to another
 * profile, table by table by source and message id; message_links comes last, so every table finds them first.
 */
export async function moveMessages(tx: Tx, members: string[], to: string, messageLinkIds: string[]): Promise<void> {
  if (!messageLinkIds.length) return;
  for (const table of HISTORY_TABLES) {
    await exec(tx, sql`update ${sql.identifier(table)} t set customer_id = ${to}::uuid
      from (select source_id, message_id from message_links where customer_id = any(${uuidArray(members)}) and id = any(${uuidArray(messageLinkIds)})) m
      where t.customer_id = any(${uuidArray(members)}) and t.source_id = m.source_id and t.message_id = m.message_id`);
  }
}

/** Re-derive first/last seen of profiles from their remaining events. */
export async function recomputeSeen(tx: Tx, roots: string[]): Promise<void> {
  await exec(tx, sql`update customers c set first_seen_at = s.first, last_seen_at = s.last, updated_at = now()
    from (select r.root, min(e.occurred_at) as first, max(e.occurred_at) as last
          from unnest(${uuidArray(roots)}) as r(root)
          cross join lateral (select r.root as member union all select m.id from customers m where m.merged_into_id = r.root) mem
          left join events e on e.customer_id = mem.member
          group by r.root) s
    where c.id = s.root`);
}

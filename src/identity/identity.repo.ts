import { and, eq, sql } from 'drizzle-orm';
import type { Db, Reader } from '../db/client';
import { rows } from '../db/client';
import { toDate, uuidArray } from '../db/values';
import { identities } from './identity.table';

export interface IdentityRecord {
  root: string;
  id: string;
  type: string;
  value: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** The profile it was first linked to (differs from root after a merge). */
  linkedTo: string;
  sourceId: string | null;
  sourceName: string | null;
  messageId: string | null;
}

/** Identities of many profiles (each with the profiles merged into it), in one statement. */
export async function identitiesOfProfiles(q: Reader, roots: readonly string[]): Promise<Map<string, IdentityRecord[]>> {
  const byRoot = new Map<string, IdentityRecord[]>(roots.map((r) => [r, []]));
  if (!roots.length) return byRoot;
  const result = await rows<{
    root: string; id: string; type: string; value: string; first_seen_at: string; last_seen_at: string;
    customer_id: string; source_id: string | null; source_name: string | null; message_id: string | null;
  }>(
    q,
    sql`select r.root, i.id, i.type, i.value, i.first_seen_at::text as first_seen_at, i.last_seen_at::text as last_seen_at,
               i.customer_id, i.source_id, s.name as source_name, i.message_id
        from unnest(${uuidArray(roots)}) as r(root)
        cross join lateral (select r.root as member union all select c.id from customers c where c.merged_into_id = r.root) m
        join identities i on i.customer_id = m.member
        left join sources s on s.id = i.source_id
        order by r.root, i.type, i.first_seen_at, i.value`,
  );
  for (const r of result) {
    byRoot.get(r.root)?.push({
      root: r.root, id: r.id, type: r.type, value: r.value, firstSeenAt: toDate(r.first_seen_at), lastSeenAt: toDate(r.last_seen_at),
      linkedTo: r.customer_id, sourceId: r.source_id, sourceName: r.source_name, messageId: r.message_id,
    });
  }
  return byRoot;
}

/** The profile id an identity was linked to (possibly merged away since: resolve it through the customer loader). */
export function prepareCustomerIdByIdentity(db: Db) {
  return db
    .select({ customerId: identities.customerId })
    .from(identities)
    .where(and(eq(identities.type, sql.placeholder('type')), eq(identities.value, sql.placeholder('value'))))
    .limit(1)
    .prepare('customer_id_by_identity');
}

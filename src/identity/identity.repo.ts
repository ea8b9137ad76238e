import { and, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/client';
import { rows } from '../db/client';
import { toDate, uuidArray } from '../db/values';
import { identities } from './identity.table';

export interface IdentityRecord {
  root: string;
  type: string;
  value: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** Identities of many profiles (each with the profiles merged into it), in one statement. */
export async function identitiesOfProfiles(q: Queryable, roots: readonly string[]): Promise<Map<string, IdentityRecord[]>> {
  const byRoot = new Map<string, IdentityRecord[]>(roots.map((r) => [r, []]));
  if (!roots.length) return byRoot;
  const result = await rows<{ root: string; type: string; value: string; first_seen_at: string; last_seen_at: string }>(
    q,
    sql`select r.root, i.type, i.value, i.first_seen_at::text as first_seen_at, i.last_seen_at::text as last_seen_at
        from unnest(${uuidArray(roots)}) as r(root)
        cross join lateral (select r.root as member union all select c.id from customers c where c.merged_into_id = r.root) m
        join identities i on i.customer_id = m.member
        order by r.root, i.type, i.first_seen_at, i.value`,
  );
  for (const r of result) {
    byRoot.get(r.root)?.push({ root: r.root, type: r.type, value: r.value, firstSeenAt: toDate(r.first_seen_at), lastSeenAt: toDate(r.last_seen_at) });
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

import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Reader } from '../db/client';
import { rows } from '../db/client';
import { toDate, toDateOrNull } from '../db/values';
import { encodeCursor, type PageArgs } from '../graphql/connection';
import { normalizeIdentityType } from '../identity/normalize';
import { customers } from './customer.table';
import type { Customer, CustomerFilter } from './customer.type';

const asked = alias(customers, 'asked');

/**
 * Profiles by id, each followed to its survivor: `customer(id: mergedAwayId)` answers the profile it was merged
 * into. Prepared: this is the hottest statement of the read API.
 */
export function prepareCustomersByIds(db: Db) {
  return db
    .select({
      askedId: asked.id,
      id: customers.id,
      createdAt: customers.createdAt,
      firstSeenAt: customers.firstSeenAt,
      lastSeenAt: customers.lastSeenAt,
      orderCount: customers.orderCount,
      lastOrderAt: customers.lastOrderAt,
      traits: customers.traits,
    })
    .from(asked)
    .innerJoin(customers, sql`${customers.id} = coalesce(${asked.mergedIntoId}, ${asked.id})`)
    .where(sql`${asked.id} = any(${sql.placeholder('ids')}::uuid[])`)
    .prepare('customers_by_ids');
}

interface CustomerRow {
  id: string;
  created_at: string;
  first_seen_at: string | null;
  last_seen_at: string | null;
  order_count: number;
  last_order_at: string | null;
  traits: Record<string, unknown>;
}

export const toCustomer = (r: {
  id: string;
  createdAt: Date;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
  orderCount: number;
  lastOrderAt: Date | null;
  traits: Record<string, unknown>;
}): Customer => ({
  id: r.id,
  createdAt: r.createdAt,
  firstSeenAt: r.firstSeenAt,
  lastSeenAt: r.lastSeenAt,
  orderCount: r.orderCount,
  lastOrderAt: r.lastOrderAt,
  rawTraits: r.traits,
});

/** Surviving profiles in creation order (keyset on created_at, id), page size + 1 rows. */
export async function customersPage(
  q: Reader,
  args: PageArgs & { afterKey: { at: string; id: string } | null },
  filter: CustomerFilter | null | undefined,
) {
  const conditions = [sql`c.merged_into_id is null`];
  if (args.afterKey) conditions.push(sql`(c.created_at, c.id) > (${args.afterKey.at}::timestamptz, ${args.afterKey.id}::uuid)`);
  if (filter?.lastSeenAfter) conditions.push(sql`c.last_seen_at >= ${filter.lastSeenAfter.toISOString()}::timestamptz`);
  if (filter?.lastSeenBefore) conditions.push(sql`c.last_seen_at < ${filter.lastSeenBefore.toISOString()}::timestamptz`);
  if (filter?.hasIdentityType) {
    conditions.push(sql`exists (select 1 from identities i
      where i.type = ${normalizeIdentityType(filter.hasIdentityType)}
        and i.customer_id in (select c.id union all select m.id from customers m where m.merged_into_id = c.id))`);
  }
  const result = await rows<CustomerRow>(
    q,
    sql`select c.id, c.created_at::text as created_at, c.first_seen_at::text as first_seen_at,
               c.last_seen_at::text as last_seen_at, c.order_count, c.last_order_at::text as last_order_at, c.traits
        from customers c where ${sql.join(conditions, sql` and `)}
        order by c.created_at, c.id limit ${args.first + 1}`,
  );
  return result.map((r) => ({
    cursor: encodeCursor([r.created_at, r.id]),
    customer: toCustomer({
      id: r.id,
      createdAt: toDate(r.created_at),
      firstSeenAt: toDateOrNull(r.first_seen_at),
      lastSeenAt: toDateOrNull(r.last_seen_at),
      orderCount: r.order_count,
      lastOrderAt: toDateOrNull(r.last_order_at),
      traits: r.traits,
    }),
  }));
}

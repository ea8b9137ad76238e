import { sql } from 'drizzle-orm';
import { exec, rows, type Reader, type Tx } from '../db/client';
import { pagesByProfile } from '../db/pages';
import { textArray, toDate, uuidArray } from '../db/values';
import type { TimePageArgs } from '../graphql/connection';
import type { TimeRow } from '../graphql/pageLoader';
import type { Event, EventKind, Order } from './behaviour.type';

interface EventRow extends TimeRow {
  type: string;
  name: string | null;
  properties: Record<string, unknown>;
  received_at: string;
  source_id: string | null;
}

interface OrderRow extends TimeRow {
  order_id: string;
  total: string;
  currency: string;
  total_reporting: string;
  products: Record<string, unknown>[];
  received_at: string;
  source_id: string | null;
}

export interface EventFilter {
  name?: string | null;
  since?: Date | null;
  until?: Date | null;
}

export const eventPages = (q: Reader, roots: string[], args: TimePageArgs, filter?: EventFilter) => {
  const where = [
    filter?.name ? sql`t.name = ${filter.name}` : null,
    filter?.since ? sql`t.occurred_at >= ${filter.since.toISOString()}::timestamptz` : null,
    filter?.until ? sql`t.occurred_at < ${filter.until.toISOString()}::timestamptz` : null,
  ].filter((c) => c !== null);
  return pagesByProfile<EventRow>(q, {
    roots,
    args,
    table: 'events',
    columns: sql`t.id, t.type, t.name, t.properties, t.received_at::text as received_at, t.source_id`,
    where: where.length ? sql.join(where, sql` and `) : undefined,
  });
};

export const orderPages = (q: Reader, roots: string[], args: TimePageArgs) =>
  pagesByProfile<OrderRow>(q, {
    roots,
    args,
    table: 'orders',
    columns: sql`t.id, t.order_id, t.total::text as total, t.currency, t.total_reporting::text as total_reporting, t.products,
                 t.received_at::text as received_at, t.source_id`,
  });

export const toEvent = (r: EventRow): Event => ({
  id: r.id,
  type: r.type as EventKind,
  name: r.name,
  properties: r.properties,
  occurredAt: toDate(r.cursor_at),
  receivedAt: toDate(r.received_at),
  sourceId: r.source_id,
});

export const toOrder = (r: OrderRow): Order => ({
  id: r.id,
  orderId: r.order_id,
  total: r.total,
  currency: r.currency,
  totalReporting: r.total_reporting,
  products: r.products,
  occurredAt: toDate(r.cursor_at),
  receivedAt: toDate(r.received_at),
  sourceId: r.source_id,
});

/**
 * For a bulk writer of orders or refunds running beside others (the seed loader's parallel chunks): hold both tables
 * against every other writer until commit, before writing either. Past 1,000 rows in one statement the triggers that
 * settle an order's refunds (migration 0014) take this lock themselves; two transactions that had each inserted
 * orders first would then wait on each other.
 */
export async function lockOrdersForBulkWrite(tx: Tx): Promise<void> {
  await exec(tx, sql`lock table orders, refunds in share row exclusive mode`);
}

/**
 * The live profiles that own the orders with these ids in this source. A refund counts where its order is, and it may
 * arrive on another profile (a service desk knowing the customer by another identifier): that profile's metrics and
 * segments move too.
 */
export async function ownersOfOrders(tx: Tx, sourceId: string, orderIds: string[]): Promise<string[]> {
  if (!orderIds.length) return [];
  const found = await rows<{ root: string }>(tx, sql`select distinct coalesce(c.merged_into_id, c.id) as root
    from orders o join customers c on c.id = o.customer_id
    where o.source_id = ${sourceId}::uuid and o.order_id = any(${textArray(orderIds)})`);
  return found.map((r) => r.root);
}

/** The live profiles, other than these, that own orders refunded by refunds on these profiles (before erasing them). */
export async function ownersOfOrdersRefundedBy(tx: Tx, members: string[]): Promise<string[]> {
  const found = await rows<{ root: string }>(tx, sql`select distinct coalesce(c.merged_into_id, c.id) as root
    from refunds r join orders o on o.source_id = r.source_id and o.order_id = r.order_id join customers c on c.id = o.customer_id
    where r.customer_id = any(${uuidArray(members)}) and not (o.customer_id = any(${uuidArray(members)}))`);
  return found.map((r) => r.root).filter((id) => !members.includes(id));
}

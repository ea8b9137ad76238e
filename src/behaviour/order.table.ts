import { sql } from 'drizzle-orm';
import { char, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { instant, money, uuidPk } from '../db/columns';

/** A completed order. `total` is in the order's currency; `total_reporting` in the configured reporting currency. */
export const orders = pgTable(
  'orders',
  {
    customerId: uuid('customer_id').notNull(),
    id: uuidPk(),
    sourceId: uuid('source_id'),
    /** The order id in its source system; unique per source (enforced through dedupe_keys). */
    orderId: text('order_id').notNull(),
    messageId: text('message_id'),
    total: money('total').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    totalReporting: money('total_reporting').notNull(),
    /**
     * What its refunds take off `total_reporting` (reporting currency), kept by triggers on both tables (migration
     * 0014) whoever writes them, so a pass over every order needs no join to the refunds. The net revenue is
     * `greatest(total_reporting - refunded_reporting, 0)`.
     */
    refundedReporting: money('refunded_reporting').notNull().default('0'),
    products: jsonb('products').$type<unknown[]>().notNull().default(sql`'[]'::jsonb`),
    occurredAt: instant('occurred_at').notNull(),
    receivedAt: instant('received_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.id] }),
    index('orders_customer_time_idx').on(t.customerId, t.occurredAt, t.id),
    index('orders_source_order_idx').on(t.sourceId, t.orderId),
  ],
);

/**
 * Full or partial refunds of an order. `amount` null = the whole order; `currency` null = the order's currency, in
 * which case the reporting amount is the same share of the order's reporting total (exact, no second rate). A refund
 * may arrive before its order: it is kept and counts once the order is there (joined by source and order id).
 */
export const refunds = pgTable(
  'refunds',
  {
    customerId: uuid('customer_id').notNull(),
    id: uuidPk(),
    sourceId: uuid('source_id'),
    orderId: text('order_id').notNull(),
    refundId: text('refund_id'),
    messageId: text('message_id'),
    amount: money('amount'),
    currency: char('currency', { length: 3 }),
    /** Set at ingestion only for a refund in another currency than its order's (converted by the configured rate). */
    amountReporting: money('amount_reporting'),
    occurredAt: instant('occurred_at').notNull(),
    receivedAt: instant('received_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.id] }),
    index('refunds_customer_order_idx').on(t.customerId, t.orderId),
    index('refunds_source_order_idx').on(t.sourceId, t.orderId),
  ],
);

import { sql } from 'drizzle-orm';
import { check, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { instant } from '../db/columns';

/**
 * Exactly-once keys, apart from the events table so events can be partitioned by month without a global
 * unique index: (source, 'message', messageId) for every message, (source, 'order', orderId) for orders and
 * (source, 'refund', refundId) for refunds. Holds no PII.
 */
export const dedupeKeys = pgTable(
  'dedupe_keys',
  {
    sourceId: uuid('source_id').notNull(),
    kind: text('kind').$type<'message' | 'order' | 'refund'>().notNull(),
    key: text('key').notNull(),
    customerId: uuid('customer_id'),
    receivedAt: instant('received_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.kind, t.key] }),
    check('dedupe_keys_kind_check', sql`${t.kind} in ('message','order','refund')`),
  ],
);

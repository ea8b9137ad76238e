import { index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { instant, uuidPk } from '../db/columns';

/**
 * What a source said about a profile, and when it was true (occurred_at). Traits are a fold over these rows:
 * per key the latest occurred_at wins, ties by source priority then message id.
 */
export const observations = pgTable(
  'observations',
  {
    customerId: uuid('customer_id').notNull(),
    id: uuidPk(),
    sourceId: uuid('source_id'),
    messageId: text('message_id'),
    key: text('key').notNull(),
    /** SQL NULL = the trait was cleared (Segment sends `null` to unset a trait). */
    value: jsonb('value'),
    occurredAt: instant('occurred_at').notNull(),
    receivedAt: instant('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] }), index('observations_customer_key_idx').on(t.customerId, t.key, t.occurredAt)],
);

import { index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { instant, uuidPk } from '../db/columns';

/**
 * Identifiers known for a profile: (type, normalised value), unique across the workspace. The row stays on the
 * profile it was first linked to; reads resolve through `customers.merged_into_id`. The value is PII for some
 * types and lives only here (logs and change records reference the row id).
 */
export const identities = pgTable(
  'identities',
  {
    customerId: uuid('customer_id').notNull(),
    id: uuidPk(),
    type: text('type').notNull(),
    value: text('value').notNull(),
    sourceId: uuid('source_id'),
    messageId: text('message_id'),
    firstSeenAt: instant('first_seen_at').notNull().defaultNow(),
    lastSeenAt: instant('last_seen_at').notNull().defaultNow(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.id] }),
    uniqueIndex('identities_type_value_key').on(t.type, t.value),
    // No (customer id, type) index (migration 0013 dropped it): the primary key answers every read by profile, and a
    // profile has a handful of identities to filter by type. One index fewer for every identity written.
    // Re-folds and splits address identity rows by id (evidence stores ids); the key leads with the customer id.
    index('identities_id_idx').on(t.id),
  ],
);

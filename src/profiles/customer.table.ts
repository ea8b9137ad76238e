import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, uuid } from 'drizzle-orm/pg-core';
import { instant, uuidPk } from '../db/columns';

/**
 * One row per profile. A merged-away profile keeps its row with `merged_into_id` pointing at the final survivor
 * (kept flat on every merge), so history stays keyed by the profile it arrived on and a merge costs
 * O(merged profiles), never O(events).
 */
export const customers = pgTable(
  'customers',
  {
    id: uuidPk().primaryKey(),
    mergedIntoId: uuid('merged_into_id'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
    firstSeenAt: instant('first_seen_at'),
    lastSeenAt: instant('last_seen_at'),
    /** Derived from observations; PII trait values live here and in observations only. */
    /** Summary counters, kept by the profileChanged hook (orders of the profile and of profiles merged into it). */
    orderCount: integer('order_count').notNull().default(0),
    lastOrderAt: instant('last_order_at'),
    traits: jsonb('traits').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [
    index('customers_merged_into_idx').on(t.mergedIntoId).where(sql`${t.mergedIntoId} is not null`),
    index('customers_page_idx').on(t.createdAt, t.id).where(sql`${t.mergedIntoId} is null`),
  ],
);

import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { instant, uuidPk } from '../db/columns';

export const EVENT_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Behaviour as it happened. The key leads with the customer id (distributable) and includes occurred_at so the
 * table can be range-partitioned by month; dedupe lives in dedupe_keys for the same reason.
 */
export const events = pgTable(
  'events',
  {
    customerId: uuid('customer_id').notNull(),
    occurredAt: instant('occurred_at').notNull(),
    id: uuidPk(),
    sourceId: uuid('source_id'),
    messageId: text('message_id'),
    type: text('type').$type<EventType>().notNull(),
    name: text('name'),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    receivedAt: instant('received_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.occurredAt, t.id] }),
    index('events_customer_name_idx').on(t.customerId, t.name, t.occurredAt),
    check('events_type_check', sql`${t.type} in ('track','page','screen','identify','group','alias')`),
  ],
);

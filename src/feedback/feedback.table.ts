import { sql } from 'drizzle-orm';
import { check, index, jsonb, numeric, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { instant, uuidPk } from '../db/columns';

export const FEEDBACK_KINDS = ['RATING', 'NPS', 'REVIEW', 'SUPPORT_TICKET', 'SURVEY'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export const FEEDBACK_STATUSES = ['OPEN', 'PENDING', 'CLOSED'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** Ratings, NPS answers, reviews, support tickets and survey answers. `text` is free text and may hold PII. */
export const feedback = pgTable(
  'feedback',
  {
    customerId: uuid('customer_id').notNull(),
    id: uuidPk(),
    sourceId: uuid('source_id'),
    messageId: text('message_id'),
    kind: text('kind').$type<FeedbackKind>().notNull(),
    score: numeric('score', { precision: 6, scale: 2 }),
    text: text('text'),
    status: text('status').$type<FeedbackStatus>(),
    ticketId: text('ticket_id'),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    occurredAt: instant('occurred_at').notNull(),
    receivedAt: instant('received_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.id] }),
    index('feedback_customer_time_idx').on(t.customerId, t.occurredAt, t.id),
    index('feedback_ticket_idx').on(t.sourceId, t.ticketId).where(sql`${t.ticketId} is not null`),
    check('feedback_kind_check', sql`${t.kind} in ('RATING','NPS','REVIEW','SUPPORT_TICKET','SURVEY')`),
    check('feedback_status_check', sql`${t.status} is null or ${t.status} in ('OPEN','PENDING','CLOSED')`),
  ],
);

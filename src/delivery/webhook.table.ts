import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { apiKeys } from '../auth/apiKey.table';
import { instant, uuidPk } from '../db/columns';

export type WebhookDeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'DEAD';

/**
 * A webhook endpoint and where its delivery stands in the membership-change log. The log itself is the queue:
 * `planned_cursor` is how far its changes have been put into deliveries, so nothing pending is lost on a crash.
 */
export const webhooks = pgTable('webhooks', {
  id: uuidPk().primaryKey(),
  url: text('url').notNull(),
  segmentIds: uuid('segment_ids').array().notNull(),
  /** Kept in clear: the HMAC needs it. Shown once, on create and rotate. */
  secret: text('secret').notNull(),
  /** The secret before the last rotation: it signs too (a second `v1`) until `previous_secret_expires_at`, then is cleared. */
  previousSecret: text('previous_secret'),
  previousSecretExpiresAt: instant('previous_secret_expires_at'),
  /**
   * The API key whose scopes decide what a delivery may carry: with `pii:read` (and `profiles:read`) each change also
   * carries the profile's PII, read at each attempt with the key as it is then (a revoked key stops it at once).
   * Null: ids only. PII is never stored in a delivery row, so an erasure leaves none behind.
   */
  keyId: uuid('key_id').references(() => apiKeys.id, { onDelete: 'set null' }),
  /** Every change of its segments up to this cursor is in a delivery (or was passed over by a redeliver from a cursor). */
  plannedCursor: bigint('planned_cursor', { mode: 'number' }).notNull().default(0),
  /** Every change of its segments up to this cursor was delivered (or skipped by an operator). */
  deliveredCursor: bigint('delivered_cursor', { mode: 'number' }).notNull().default(0),
  /** Set when a delivery went DEAD: ordering is blocking, so nothing more goes out until an operator redelivers or skips. */
  pausedAt: instant('paused_at'),
  createdAt: instant('created_at').notNull().defaultNow(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

/**
 * One POST: a run of consecutive changes of the webhook's segments, with its body kept as sent so every retry sends
 * the same bytes under the same idempotency key. Per webhook, deliveries go out strictly in id order.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    webhookId: uuid('webhook_id').notNull().references(() => webhooks.id, { onDelete: 'cascade' }),
    firstCursor: bigint('first_cursor', { mode: 'number' }).notNull(),
    lastCursor: bigint('last_cursor', { mode: 'number' }).notNull(),
    /** How far the log was read to plan this delivery (>= last_cursor): the webhook's delivered cursor once it is delivered. */
    throughCursor: bigint('through_cursor', { mode: 'number' }).notNull(),
    changeCount: integer('change_count').notNull(),
    body: text('body').notNull(),
    status: text('status').$type<WebhookDeliveryStatus>().notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at'),
    lastAttemptAt: instant('last_attempt_at'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: instant('created_at').notNull().defaultNow(),
    deliveredAt: instant('delivered_at'),
    /** An operator skipped this DEAD delivery: it stays DEAD in the history and no longer blocks the endpoint. */
    skippedAt: instant('skipped_at'),
  },
  (t) => [
    index('webhook_deliveries_webhook_idx').on(t.webhookId, t.id),
    // The worker's probe: a webhook's oldest delivery still open.
    index('webhook_deliveries_open_idx').on(t.webhookId, t.id).where(sql`${t.status} <> 'DELIVERED' and ${t.skippedAt} is null`),
    check('webhook_deliveries_status_check', sql`${t.status} in ('PENDING', 'DELIVERED', 'FAILED', 'DEAD')`),
  ],
);

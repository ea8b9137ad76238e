import { and, asc, eq, gt, inArray, isNull, ne, sql } from 'drizzle-orm';
import { exec, rows, type Db, type Queryable } from '../db/client';
import { uuidArray } from '../db/values';
import { identitiesOfProfiles } from '../identity/identity.repo';
import { changesAfter, maxChangeCursor, type ChangeRow } from '../segments/membership.repo';
import { segments } from '../segments/segment.table';
import { webhookDeliveries, webhooks, type WebhookDeliveryStatus } from './webhook.table';

/*
 * Webhooks' SQL: the operators' writes (each in its own transaction, announcing itself on WEBHOOK_CHANNEL so the
 * workers of every process look again at once) and the worker's reads and writes.
 */

/** NOTIFY channel of webhook changes made by operators (payload empty): workers re-check. */
export const WEBHOOK_CHANNEL = 'strata_webhooks';

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

const announce = (tx: Queryable) => exec(tx, sql`select pg_notify(${WEBHOOK_CHANNEL}, '')`);

/** The ids among `ids` that are not segments. */
export async function unknownSegments(db: Db, ids: readonly string[]): Promise<string[]> {
  const found = new Set((await db.select({ id: segments.id }).from(segments).where(inArray(segments.id, [...ids]))).map((r) => r.id));
  return ids.filter((id) => !found.has(id));
}

export async function listWebhooks(db: Db): Promise<WebhookRow[]> {
  return db.select().from(webhooks).orderBy(asc(webhooks.createdAt), asc(webhooks.id));
}

export async function findWebhook(q: Queryable, id: string): Promise<WebhookRow | null> {
  const [row] = await q.select().from(webhooks).where(eq(webhooks.id, id));
  return row ?? null;
}

/** A new webhook starts at the end of the log: it receives the changes committed after it. */
export async function insertWebhook(db: Db, input: { url: string; segmentIds: string[]; secret: string; keyId: string | null }): Promise<WebhookRow> {
  return db.transaction(async (tx) => {
    const now = await maxChangeCursor(tx);
    const [row] = await tx.insert(webhooks).values({ ...input, plannedCursor: now, deliveredCursor: now }).returning();
    await announce(tx);
    return row;
  });
}

/** Changed segments apply from the next delivery planned; changes already in deliveries go out as planned. */
export async function updateWebhook(db: Db, id: string, set: { url?: string; segmentIds?: string[]; keyId?: string | null }): Promise<WebhookRow | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(webhooks).set({ ...set, updatedAt: new Date() }).where(eq(webhooks.id, id)).returning();
    if (row) await announce(tx);
    return row ?? null;
  });
}

/**
 * A new secret. With a grace period the secret it replaces keeps signing (a second `v1`) until `graceUntil`; a second
 * rotation within the period drops the oldest. Without one, the old secret stops at once.
 */
export async function rotateSecret(db: Db, id: string, secret: string, graceUntil: Date | null): Promise<WebhookRow | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhooks)
      .set({ secret, previousSecret: graceUntil ? sql`${webhooks.secret}` : null, previousSecretExpiresAt: graceUntil, updatedAt: new Date() })
      .where(eq(webhooks.id, id))
      .returning();
    if (row) await announce(tx);
    return row ?? null;
  });
}

/** An expired previous secret is not kept in clear any longer than it signs. */
export async function clearExpiredSecret(db: Db, id: string, now: Date): Promise<void> {
  await db
    .update(webhooks)
    .set({ previousSecret: null, previousSecretExpiresAt: null })
    .where(and(eq(webhooks.id, id), sql`${webhooks.previousSecretExpiresAt} <= ${now.toISOString()}::timestamptz`));
}

export async function deleteWebhook(db: Db, id: string): Promise<boolean> {
  const deleted = await db.delete(webhooks).where(eq(webhooks.id, id)).returning({ id: webhooks.id });
  return deleted.length > 0;
}

/**
 * Resume a paused endpoint. Without a cursor, its DEAD deliveries go out again (same body, same idempotency key) with
 * a fresh retry budget. With one, every open delivery is dropped and the log is replayed from just after the cursor:
 * deliveries are planned anew from there (those with the same first and last change carry the same key as before).
 */
export async function redeliver(db: Db, id: string, fromCursor: number | null): Promise<WebhookRow | null> {
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(webhooks).where(eq(webhooks.id, id)).for('update');
    if (!locked) return null;
    if (fromCursor === null) {
      await tx
        .update(webhookDeliveries)
        .set({ status: 'PENDING', attempts: 0, nextAttemptAt: new Date(), lastError: null })
        .where(and(eq(webhookDeliveries.webhookId, id), eq(webhookDeliveries.status, 'DEAD'), isNull(webhookDeliveries.skippedAt)));
    } else {
      await tx
        .delete(webhookDeliveries)
        .where(and(eq(webhookDeliveries.webhookId, id), ne(webhookDeliveries.status, 'DELIVERED'), isNull(webhookDeliveries.skippedAt)));
    }
    const [row] = await tx
      .update(webhooks)
      .set({
        pausedAt: null,
        updatedAt: new Date(),
        ...(fromCursor === null ? {} : { plannedCursor: fromCursor, deliveredCursor: fromCursor }),
      })
      .where(eq(webhooks.id, id))
      .returning();
    await announce(tx);
    return row;
  });
}

/** Give up on the DEAD deliveries (they stay in the history, marked skipped) and resume with the next changes. */
export async function skipDead(db: Db, id: string): Promise<WebhookRow | null> {
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(webhooks).where(eq(webhooks.id, id)).for('update');
    if (!locked) return null;
    const skipped = await tx
      .update(webhookDeliveries)
      .set({ skippedAt: new Date(), nextAttemptAt: null })
      .where(and(eq(webhookDeliveries.webhookId, id), eq(webhookDeliveries.status, 'DEAD'), isNull(webhookDeliveries.skippedAt)))
      .returning({ through: webhookDeliveries.throughCursor });
    const through = Math.max(locked.deliveredCursor, ...skipped.map((s) => s.through));
    const [row] = await tx.update(webhooks).set({ pausedAt: null, deliveredCursor: through, updatedAt: new Date() }).where(eq(webhooks.id, id)).returning();
    await announce(tx);
    return row;
  });
}

/** A page of a webhook's deliveries in delivery order (oldest first), after a delivery id. */
export async function deliveryPage(
  db: Db,
  options: { webhookId: string; status: WebhookDeliveryStatus | null; after: number; limit: number },
): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.webhookId, options.webhookId),
        gt(webhookDeliveries.id, options.after),
        options.status ? eq(webhookDeliveries.status, options.status) : undefined,
      ),
    )
    .orderBy(asc(webhookDeliveries.id))
    .limit(options.limit);
}

// ---- the worker -----------------------------------------------------------------------------------------------------

/**
 * Webhooks with something to do at `now`: not paused, and either the log has moved past their planned cursor or
 * their open delivery is due. Webhooks whose segments did not change fall out after one pass moves their cursor.
 */
export async function webhooksWithWork(db: Db, now: Date): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    sql`select w.id from webhooks w
        where w.paused_at is null
          and (w.planned_cursor < (select coalesce(max(cursor), 0) from segment_membership_changes)
               or exists (select 1 from webhook_deliveries d
                          where d.webhook_id = w.id and d.status <> 'DELIVERED' and d.skipped_at is null
                            and (d.next_attempt_at is null or d.next_attempt_at <= ${now.toISOString()}::timestamptz)))
        order by w.id`,
  );
  return found.map((r) => r.id);
}

/** The oldest delivery not yet delivered nor skipped: with blocking order, the only one that may go out. */
export async function openHead(db: Db, webhookId: string): Promise<DeliveryRow | null> {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.webhookId, webhookId), ne(webhookDeliveries.status, 'DELIVERED'), isNull(webhookDeliveries.skippedAt)))
    .orderBy(asc(webhookDeliveries.id))
    .limit(1);
  return row ?? null;
}

/**
 * Plan the next delivery: the next run (at most `maxBatch`) of the webhook's changes after its planned cursor.
 * The newest cursor is read first: appends to the log are serialised and commit in cursor order, so every change up
 * to it is visible, and when fewer than a batch follow, the planned cursor can move to it (past other segments'
 * changes) without skipping one of ours. Null when there is nothing to deliver.
 */
export async function planDelivery(
  db: Db,
  webhook: WebhookRow,
  maxBatch: number,
  body: (changes: ChangeRow[]) => string,
): Promise<DeliveryRow | null> {
  return db.transaction(async (tx) => {
    const newest = await maxChangeCursor(tx);
    if (newest <= webhook.plannedCursor) return null;
    const changes = await changesAfter(tx, { segmentIds: webhook.segmentIds, after: webhook.plannedCursor, through: newest, limit: maxBatch });
    const through = changes.length === maxBatch ? Number(changes[changes.length - 1].cursor) : newest;
    // Guarded by the cursor read: an operator's redeliver in between wins, and this plan is dropped.
    const moved = await tx
      .update(webhooks)
      .set({ plannedCursor: through, ...(changes.length ? {} : { deliveredCursor: through }) })
      .where(and(eq(webhooks.id, webhook.id), eq(webhooks.plannedCursor, webhook.plannedCursor)))
      .returning({ id: webhooks.id });
    if (!moved.length || !changes.length) return null;
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({
        webhookId: webhook.id,
        firstCursor: Number(changes[0].cursor),
        lastCursor: Number(changes[changes.length - 1].cursor),
        throughCursor: through,
        changeCount: changes.length,
        body: body(changes),
        nextAttemptAt: new Date(),
      })
      .returning();
    return row;
  });
}

/**
 * The profiles of some customers (each followed to its survivor), raw: traits and identities as stored, for a
 * payload the caller masks with the key's rights. An erased customer is absent.
 */
export async function payloadProfiles(
  db: Db,
  customerIds: readonly string[],
): Promise<Map<string, { id: string; traits: Record<string, unknown>; identities: { type: string; value: string }[] }>> {
  const found = await rows<{ asked_id: string; id: string; traits: Record<string, unknown> }>(
    db,
    sql`select a.id as asked_id, c.id, c.traits from customers a join customers c on c.id = coalesce(a.merged_into_id, a.id)
        where a.id = any(${uuidArray(customerIds)})`,
  );
  const identities = await identitiesOfProfiles(db, [...new Set(found.map((r) => r.id))]);
  return new Map(
    found.map((r) => [r.asked_id, { id: r.id, traits: r.traits, identities: (identities.get(r.id) ?? []).map((i) => ({ type: i.type, value: i.value })) }]),
  );
}

export interface AttemptRecord {
  at: Date;
  statusCode: number | null;
  error: string | null;
  outcome: { status: 'DELIVERED' } | { status: 'FAILED'; nextAttemptAt: Date } | { status: 'DEAD' };
}

/**
 * Record an attempt of `delivery` (as it was read before the attempt: if an operator changed it meanwhile, the record
 * is dropped). DELIVERED moves the webhook's delivered cursor; DEAD pauses the webhook.
 *
 * The webhook row is locked first, as every operator write does (deleteWebhook's cascade, redeliver, skipDead lock the
 * webhook, then its deliveries). Updating the delivery first, then the webhook, took the two locks in the opposite
 * order: on PostgreSQL an operator's write landing between the two statements deadlocked, and one side failed.
 */
export async function recordAttempt(db: Db, delivery: DeliveryRow, attempt: AttemptRecord): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [live] = await tx.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.id, delivery.webhookId)).for('update');
    if (!live) return false;
    const o = attempt.outcome;
    const updated = await tx
      .update(webhookDeliveries)
      .set({
        status: o.status,
        attempts: delivery.attempts + 1,
        lastAttemptAt: attempt.at,
        lastStatusCode: attempt.statusCode,
        lastError: attempt.error,
        nextAttemptAt: o.status === 'FAILED' ? o.nextAttemptAt : null,
        ...(o.status === 'DELIVERED' ? { deliveredAt: attempt.at } : {}),
      })
      .where(
        and(
          eq(webhookDeliveries.id, delivery.id),
          eq(webhookDeliveries.attempts, delivery.attempts),
          eq(webhookDeliveries.status, delivery.status),
          isNull(webhookDeliveries.skippedAt),
        ),
      )
      .returning({ id: webhookDeliveries.id });
    if (!updated.length) return false;
    if (o.status === 'DELIVERED') {
      await tx
        .update(webhooks)
        .set({ deliveredCursor: sql`greatest(${webhooks.deliveredCursor}, ${delivery.throughCursor}::bigint)` })
        .where(eq(webhooks.id, delivery.webhookId));
    } else if (o.status === 'DEAD') {
      await tx.update(webhooks).set({ pausedAt: attempt.at }).where(eq(webhooks.id, delivery.webhookId));
    }
    return true;
  });
}

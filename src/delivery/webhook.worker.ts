import type postgres from 'postgres';
import { activeKeyById } from '../auth/keys';
import type { PiiPolicy } from '../auth/pii';
import type { Database, Unlisten } from '../db/client';
import { MEMBERSHIP_CHANNEL, type ChangeRow } from '../segments/membership.repo';
import { toChange } from '../segments/segment.resolver';
import { describeError, type Logger } from '../shared/log';
import {
  afterFailure, bodyCustomerIds, idempotencyKey, payloadCarriesProfiles, signatureHeader, signingSecrets, withProfiles, type PayloadProfile,
} from './webhook';
import { postJson } from './webhook.http';
import {
  clearExpiredSecret, findWebhook, openHead, payloadProfiles, planDelivery, recordAttempt, webhooksWithWork, WEBHOOK_CHANNEL, type DeliveryRow,
  type WebhookRow,
} from './webhook.repo';
import type { WebhookSettings } from './webhook.settings';

/** Arbitrary constant shared by every Strata process: the class of the per-webhook advisory locks. */
const WEBHOOK_LOCK_CLASS = 0x3eb_0001;

/** Deliveries one webhook task sends before yielding, so a long backlog does not hold a concurrency slot forever. */
const BATCHES_PER_TASK = 50;

/** The body a delivery row keeps: the changes as the GraphQL type `SegmentMembershipChange` (ids only, no profile data). */
export const deliveryBody = (changes: ChangeRow[]): string => JSON.stringify({ changes: changes.map(toChange) });

type TaskResult = { retryAt: Date | null; more: boolean };

/**
 * Delivers webhooks from this process. Woken by a NOTIFY of the change log (a commit appended changes), of an
 * operator's webhook change, by a retry coming due, and by a slow poll behind NOTIFY. Each webhook is one task at a
 * time; across processes, a session advisory lock per webhook (held on one reserved connection, released if the
 * process dies) makes sure one process delivers a given webhook. State is in the tables: a restart, or another
 * process, carries on where the last one stopped.
 *
 * Delivery is at least once: a crash between the receiver's 2xx and recording it resends the delivery, with the same
 * idempotency key.
 */
export class WebhookWorker {
  private stopped = false;
  private started: Promise<void> | null = null;
  private unlisten: Unlisten[] = [];
  private poll: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryAt = Infinity;
  private scanning: Promise<void> | null = null;
  private rescan = false;
  /** Running tasks by webhook id, with whether a wake-up came while they ran. */
  private readonly tasks = new Map<string, { promise: Promise<void>; dirty: boolean }>();
  private readonly abort = new AbortController();
  private lockConnection: postgres.ReservedSql | null = null;
  /** Webhooks another process is delivering, left alone until the next poll (when it may have died). */
  private readonly lockedElsewhere = new Map<string, number>();

  constructor(
    private readonly database: Database,
    private readonly settings: WebhookSettings,
    private readonly log: Logger,
    private readonly pii: PiiPolicy,
  ) {}

  start(): Promise<void> {
    this.started ??= (async () => {
      if (this.database.raw.kind === 'postgres') this.lockConnection = await this.database.raw.sql.reserve();
      for (const channel of [MEMBERSHIP_CHANNEL, WEBHOOK_CHANNEL]) {
        this.unlisten.push(await this.database.listen(channel, () => this.wake(), () => this.wake()));
      }
      this.poll = setInterval(() => this.wake(), this.settings.pollMs);
      this.poll.unref();
      this.wake();
    })();
    return this.started;
  }

  /** Look for work now (coalesced: a wake-up during a scan makes one more scan after it). */
  wake(news = true): void {
    if (this.stopped) return;
    if (news) for (const task of this.tasks.values()) task.dirty = true;
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    this.scanning = this.scan()
      .catch((err) => this.log.error('webhook scan failed', { error: describeError(err) }))
      .finally(() => {
        this.scanning = null;
        if (this.rescan) {
          this.rescan = false;
          this.wake(false);
        }
      });
  }

  private async scan(): Promise<void> {
    const now = Date.now();
    for (const [id, until] of this.lockedElsewhere) if (until <= now) this.lockedElsewhere.delete(id);
    const ids = await webhooksWithWork(this.database.db, new Date(now));
    for (const id of ids) {
      if (this.stopped || this.tasks.size >= this.settings.concurrency) break;
      if (!this.tasks.has(id) && !this.lockedElsewhere.has(id)) this.startTask(id);
    }
  }

  private startTask(id: string): void {
    const entry = { promise: Promise.resolve(), dirty: false };
    entry.promise = this.runTask(id)
      .then((r) => {
        if (r.retryAt) this.scheduleRetry(r.retryAt);
        return r.more;
      })
      .catch((err) => {
        this.log.error('webhook delivery failed', { webhookId: id, error: describeError(err) });
        return false;
      })
      .then((more) => {
        const slotsWereFull = this.tasks.size >= this.settings.concurrency;
        this.tasks.delete(id);
        // More to send, news for this webhook while it ran, or another webhook waiting for this slot: look again.
        if (!this.stopped && (more || entry.dirty || slotsWereFull)) this.wake(false);
      });
    this.tasks.set(id, entry);
  }

  private scheduleRetry(at: Date): void {
    if (this.stopped || at.getTime() >= this.retryAt) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryAt = at.getTime();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retryAt = Infinity;
      this.wake();
    }, Math.max(0, at.getTime() - Date.now()));
    this.retryTimer.unref();
  }

  private async runTask(webhookId: string): Promise<TaskResult> {
    if (!(await this.tryLock(webhookId))) {
      this.lockedElsewhere.set(webhookId, Date.now() + this.settings.pollMs);
      return { retryAt: null, more: false };
    }
    try {
      for (let i = 0; i < BATCHES_PER_TASK; i++) {
        if (this.stopped) return { retryAt: null, more: false };
        const webhook = await findWebhook(this.database.db, webhookId);
        if (!webhook || webhook.pausedAt) return { retryAt: null, more: false };
        const head = (await openHead(this.database.db, webhookId)) ?? (await planDelivery(this.database.db, webhook, this.settings.maxBatch, deliveryBody));
        if (!head) return { retryAt: null, more: false };
        if (head.status === 'DEAD') return { retryAt: null, more: false };
        // Retry times are wall-clock (not the settable business clock): they are about the receiver's recovery.
        if (head.nextAttemptAt && head.nextAttemptAt.getTime() > Date.now()) return { retryAt: head.nextAttemptAt, more: false };
        const ok = await this.attempt(webhook, head);
        if (!ok) {
          const next = await openHead(this.database.db, webhookId);
          return { retryAt: next?.status === 'FAILED' ? next.nextAttemptAt : null, more: false };
        }
      }
      return { retryAt: null, more: true };
    } finally {
      await this.unlock(webhookId);
    }
  }

  /** One POST of a delivery and its record; true when delivered. */
  private async attempt(webhook: WebhookRow, delivery: DeliveryRow): Promise<boolean> {
    const at = new Date();
    const secrets = signingSecrets(webhook, at);
    if (webhook.previousSecret && secrets.length === 1) await clearExpiredSecret(this.database.db, webhook.id, at);
    const body = await this.payload(webhook, delivery, at);
    const headers = {
      'strata-signature': signatureHeader(secrets, body, Math.floor(at.getTime() / 1000)),
      'strata-idempotency-key': idempotencyKey(delivery.webhookId, delivery.firstCursor, delivery.lastCursor),
    };
    const result = await postJson(webhook.url, headers, body, { timeoutMs: this.settings.timeoutMs, policy: this.settings.urlPolicy, signal: this.abort.signal });
    // Cut short by stop(): not the receiver's failure, and not recorded.
    if (this.stopped && result.error) return false;
    const delivered = result.error === null;
    const outcome = delivered ? { status: 'DELIVERED' as const } : afterFailure(delivery.attempts + 1, this.settings, new Date());
    await recordAttempt(this.database.db, delivery, { at, statusCode: result.statusCode, error: result.error?.slice(0, 500) ?? null, outcome });
    if (outcome.status === 'DEAD') {
      this.log.error('webhook delivery dead: endpoint paused', { webhookId: delivery.webhookId, deliveryId: delivery.id, attempts: delivery.attempts + 1 });
    }
    return delivered;
  }

  /**
   * The bytes to send: the stored ids-only body, or — when the webhook's key, read now and uncached, is active with
   * `pii:read` — the same with each change's profile as that key would read it. Checked at every attempt, so a revoked
   * key stops PII on the next one, retries included (a retry may then differ from the first try in its `customer`
   * fields; the changes and the idempotency key stay the same).
   */
  private async payload(webhook: WebhookRow, delivery: DeliveryRow, now: Date): Promise<string> {
    if (!webhook.keyId) return delivery.body;
    const key = await activeKeyById(this.database.db, webhook.keyId, now);
    if (!payloadCarriesProfiles(key)) return delivery.body;
    const raw = await payloadProfiles(this.database.db, bodyCustomerIds(delivery.body));
    const profiles = new Map<string, PayloadProfile>();
    for (const [asked, p] of raw) {
      profiles.set(asked, {
        id: p.id,
        traits: this.pii.traits(key, p.traits),
        identities: p.identities.map((i) => ({ type: i.type, value: this.pii.identityValue(key, i.type, i.value) })),
      });
    }
    return withProfiles(delivery.body, profiles);
  }

  private async tryLock(webhookId: string): Promise<boolean> {
    if (!this.lockConnection) return true;
    const [r] = await this.lockConnection`select pg_try_advisory_lock(${WEBHOOK_LOCK_CLASS}::int, hashtext(${webhookId})) as ok`;
    return r.ok === true;
  }

  private async unlock(webhookId: string): Promise<void> {
    if (!this.lockConnection) return;
    await this.lockConnection`select pg_advisory_unlock(${WEBHOOK_LOCK_CLASS}::int, hashtext(${webhookId}))`;
  }

  /** Stop: in-flight requests are cut (and retried by whoever runs next), locks released. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    if (this.poll) clearInterval(this.poll);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.started?.catch(() => {});
    await this.scanning;
    await Promise.all([...this.tasks.values()].map((t) => t.promise));
    await Promise.all(this.unlisten.map((u) => u().catch(() => {})));
    if (this.lockConnection) {
      await this.lockConnection`select pg_advisory_unlock_all()`.catch(() => {});
      this.lockConnection.release();
      this.lockConnection = null;
    }
  }
}

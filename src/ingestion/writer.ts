import type { IngestOutcome, IngestRequest } from './ingest';
import type { Normalized } from './message';

/** A transaction takes whole requests until it holds this many messages (a larger single request still goes alone). */
export const DEFAULT_GROUP_MESSAGES = 1000;

/** Transactions of one source in flight at once in one process (INGEST_WRITERS). */
export const DEFAULT_WRITERS = 2;

/** One caller's request while some of its items are still to be written. */
interface Waiting {
  items: readonly Normalized[];
  receivedAt: Date;
  /** Indexes of the items no transaction has taken yet, ascending. */
  pending: number[];
  /** Items taken by a transaction still running. */
  running: number;
  outcomes: (IngestOutcome | undefined)[];
  failed: boolean;
  resolve(outcomes: IngestOutcome[]): void;
  reject(err: unknown): void;
}

/** The part of a request one transaction writes. */
interface Part {
  request: Waiting;
  indexes: number[];
}

/**
 * What must not be in two transactions at once: the identity keys (the transaction locks them first thing, so a
 * second writer holding one would wait for the first to commit) and the order / ticket ids (an order and its refund,
 * a ticket's opening and closing are correlated by them).
 */
export function conflictKeys(item: Normalized): string[] {
  if (!item.ok) return [];
  const m = item.message;
  const keys = m.identities.map((i) => `${i.type}\u0000${i.value}`);
  if (m.alias) keys.push(`${m.alias.previous.type}\u0000${m.alias.previous.value}`, `${m.alias.user.type}\u0000${m.alias.user.value}`);
  if (m.order) keys.push(`order\u0000${m.order.orderId}`);
  if (m.refund) keys.push(`order\u0000${m.refund.orderId}`);
  if (m.feedback?.ticketId) keys.push(`ticket\u0000${m.feedback.ticketId}`);
  return keys;
}

/**
 * Group commit for one process. Concurrent ingest requests carry many messages each, so in separate transactions
 * they would each pay their own ~25 statements and commit flush. Instead, a writer takes everything that queued while
 * it was busy and ingests it in ONE transaction; every caller is answered only after the commits that hold all its
 * messages, so "2xx means committed" still holds.
 *
 * Several writers per source run at once (`writers`, default 2): a transaction alternates between Node work and waiting
 * on PostgreSQL, so with one writer one of the two cores idles. A writer never takes a message that shares an
 * identifier (or an order or ticket id) with one another writer of this process is writing, nor any later message that
 * does: such a transaction would only wait on the first one's identity locks, holding its own meanwhile. Those
 * messages wait in the queue for the next transaction, keeping their order; a request may so be written by several
 * transactions, and is answered when the last commits. Writers in other processes, and profiles met through different
 * identifiers, are still serialised by the advisory locks in the database.
 */
export class IngestWriter {
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly running = new Map<string, number>();
  /** Conflict keys of the messages in transactions still running, per source, with how many hold each. */
  private readonly held = new Map<string, Map<string, number>>();

  /** `run` ingests requests of one source in one transaction: ingestRequests with the process's deps. */
  constructor(
    private readonly run: (sourceId: string, requests: readonly IngestRequest[]) => Promise<IngestOutcome[][]>,
    private readonly groupMessages = DEFAULT_GROUP_MESSAGES,
    private readonly writers = 1,
  ) {}

  ingest(sourceId: string, items: readonly Normalized[], receivedAt: Date): Promise<IngestOutcome[]> {
    return new Promise((resolve, reject) => {
      if (!items.length) return resolve([]);
      let queue = this.waiting.get(sourceId);
      if (!queue) this.waiting.set(sourceId, (queue = []));
      queue.push({ items, receivedAt, pending: items.map((_, i) => i), running: 0, outcomes: [], failed: false, resolve, reject });
      void this.drain(sourceId);
    });
  }

  private async drain(sourceId: string): Promise<void> {
    const busy = this.running.get(sourceId) ?? 0;
    if (busy >= this.writers) return;
    this.running.set(sourceId, busy + 1);
    try {
      for (;;) {
        const taken = this.take(sourceId);
        if (!taken) break;
        const { group, keys } = taken;
        this.hold(sourceId, keys, +1);
        try {
          await this.write(sourceId, group);
        } finally {
          this.hold(sourceId, keys, -1);
        }
      }
    } finally {
      const left = this.running.get(sourceId)! - 1;
      if (left) this.running.set(sourceId, left);
      else this.running.delete(sourceId);
    }
    // Messages left behind because another writer held their keys are taken by that writer when it loops: it is
    // still running, since only a running transaction holds keys.
  }

  /**
   * The next transaction's parts, in arrival order, up to the group size: whole requests as long as nothing collides;
   * a message colliding with a running transaction (or with one left behind before it) stays queued. Null when nothing
   * can be taken now.
   */
  private take(sourceId: string): { group: Part[]; keys: string[] } | null {
    // A request that failed is answered already: what it still had queued is not written.
    const queue = this.waiting.get(sourceId)?.filter((r) => !r.failed);
    if (!queue?.length) {
      this.waiting.delete(sourceId);
      return null;
    }
    const held = this.held.get(sourceId);
    const blocked = new Set<string>();
    const group: Part[] = [];
    const takenKeys: string[] = [];
    let size = 0;
    for (const request of queue) {
      if (size && size + request.pending.length > this.groupMessages) break;
      const taken: number[] = [];
      const left: number[] = [];
      for (const i of request.pending) {
        const keys = conflictKeys(request.items[i]);
        if (held && keys.some((k) => held.has(k) || blocked.has(k))) {
          for (const k of keys) blocked.add(k);
          left.push(i);
        } else {
          taken.push(i);
          takenKeys.push(...keys);
        }
      }
      request.pending = left;
      if (taken.length) {
        request.running++;
        group.push({ request, indexes: taken });
        size += taken.length;
      }
    }
    this.waiting.set(sourceId, queue.filter((r) => r.pending.length));
    if (!this.waiting.get(sourceId)!.length) this.waiting.delete(sourceId);
    return group.length ? { group, keys: takenKeys } : null;
  }

  private hold(sourceId: string, keys: string[], delta: 1 | -1): void {
    let held = this.held.get(sourceId);
    if (!held) this.held.set(sourceId, (held = new Map()));
    for (const k of keys) {
      const n = (held.get(k) ?? 0) + delta;
      if (n) held.set(k, n);
      else held.delete(k);
    }
    if (!held.size) this.held.delete(sourceId);
  }

  private async write(sourceId: string, group: Part[]): Promise<void> {
    const asked = (parts: Part[]) => parts.map((p) => ({ items: p.indexes.map((i) => p.request.items[i]), receivedAt: p.request.receivedAt }));
    try {
      const answers = await this.run(sourceId, asked(group));
      group.forEach((p, n) => this.settle(p, answers[n]));
      return;
    } catch (err) {
      if (group.length === 1) return this.fail(group[0], err);
    }
    // The shared transaction failed (and rolled back): each part alone, so only the one at fault fails.
    for (const part of group) {
      try {
        this.settle(part, (await this.run(sourceId, asked([part])))[0]);
      } catch (err) {
        this.fail(part, err);
      }
    }
  }

  private settle(part: Part, outcomes: IngestOutcome[]): void {
    const r = part.request;
    part.indexes.forEach((i, n) => (r.outcomes[i] = outcomes[n]));
    r.running--;
    if (!r.failed && !r.running && !r.pending.length) r.resolve(r.outcomes as IngestOutcome[]);
  }

  private fail(part: Part, err: unknown): void {
    const r = part.request;
    r.running--;
    if (r.failed) return;
    r.failed = true;
    r.reject(err);
  }
}

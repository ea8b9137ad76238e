import type { IngestOutcome, IngestRequest } from './ingest';
import type { Normalized } from './message';

interface Waiting extends IngestRequest {
  resolve(outcomes: IngestOutcome[]): void;
  reject(err: unknown): void;
}

/** A transaction takes whole requests until it holds this many messages (a larger single request still goes alone). */
export const DEFAULT_GROUP_MESSAGES = 1000;

/**
 * Group commit for one process. Concurrent ingest requests mostly carry the same busy people (a few send hundreds of
 * messages), so in separate transactions they queue on the same identity locks anyway, each paying its own ~25
 * statements and commit flush. Instead, one writer per source takes everything that queued while the previous
 * transaction ran and ingests it in ONE transaction; every caller is answered only after the commit that holds its
 * messages, so "2xx means committed" still holds. Writers in other processes are serialised by the same advisory
 * locks as before.
 */
export class IngestWriter {
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly running = new Set<string>();

  /** `run` ingests requests of one source in one transaction: ingestRequests with the process's deps. */
  constructor(
    private readonly run: (sourceId: string, requests: readonly IngestRequest[]) => Promise<IngestOutcome[][]>,
    private readonly groupMessages = DEFAULT_GROUP_MESSAGES,
  ) {}

  ingest(sourceId: string, items: readonly Normalized[], receivedAt: Date): Promise<IngestOutcome[]> {
    return new Promise((resolve, reject) => {
      let queue = this.waiting.get(sourceId);
      if (!queue) this.waiting.set(sourceId, (queue = []));
      queue.push({ items, receivedAt, resolve, reject });
      void this.drain(sourceId);
    });
  }

  private async drain(sourceId: string): Promise<void> {
    if (this.running.has(sourceId)) return;
    this.running.add(sourceId);
    try {
      for (let queue = this.waiting.get(sourceId); queue?.length; queue = this.waiting.get(sourceId)) {
        const group: Waiting[] = [queue.shift()!];
        let size = group[0].items.length;
        while (queue.length && size + queue[0].items.length <= this.groupMessages) {
          size += queue[0].items.length;
          group.push(queue.shift()!);
        }
        if (!queue.length) this.waiting.delete(sourceId);
        await this.write(sourceId, group);
      }
    } finally {
      this.running.delete(sourceId);
    }
  }

  private async write(sourceId: string, group: Waiting[]): Promise<void> {
    try {
      const answers = await this.run(sourceId, group);
      group.forEach((w, i) => w.resolve(answers[i]));
      return;
    } catch (err) {
      if (group.length === 1) return group[0].reject(err);
    }
    // The shared transaction failed (and rolled back): each request alone, so only the one at fault fails.
    for (const w of group) {
      try {
        w.resolve((await this.run(sourceId, [w]))[0]);
      } catch (err) {
        w.reject(err);
      }
    }
  }
}

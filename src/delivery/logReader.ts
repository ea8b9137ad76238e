import type { Logger } from '../shared/log';
import { describeError } from '../shared/log';
import { LogFanout, type LogEntry, type LogSubscription, type SubscribeOptions } from './fanout';

/** How the reader reaches the log; the database version is in realtime.ts, tests pass fakes. */
export interface LogSource<T extends LogEntry> {
  /** The newest cursor committed now (0: empty log). */
  maxCursor(): Promise<number>;
  /** Every entry after a cursor, in cursor order, at most `limit`. */
  readAfter(after: number, limit: number): Promise<T[]>;
  /** LISTEN: `onWake` on every notification, `onListen` each time the listening connection is (re)established. */
  listen(onWake: () => void, onListen: () => void): Promise<() => Promise<void>>;
}

export interface LogReaderOptions {
  /** Entries per read. */
  pageSize: number;
  /** Milliseconds between two polls that back NOTIFY up (a lost notification costs at most this much latency). */
  pollMs: number;
  log: Logger;
}

/**
 * The one reader of the membership-change log in a process. A wake-up (NOTIFY at a writer's commit, the poll, a
 * re-established LISTEN connection) makes ONE read of the entries after the reader's cursor, whatever the number of
 * subscribers; the fan-out hands them out in memory. Reads never overlap: a wake-up during a read makes one more read
 * after it. Started by the first subscriber, so a server nobody subscribes to holds no LISTEN connection.
 */
export class LogReader<T extends LogEntry> {
  private started: Promise<void> | null = null;
  private ready = false;
  private stopped = false;
  private reading: Promise<void> | null = null;
  private again = false;
  private unlisten: (() => Promise<void>) | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Reads done (tests and the benchmark check one read per wake-up, not one per subscriber). */
  reads = 0;

  constructor(
    private readonly source: LogSource<T>,
    readonly fanout: LogFanout<T>,
    private readonly options: LogReaderOptions,
  ) {}

  async subscribe(options: SubscribeOptions): Promise<LogSubscription<T>> {
    await this.start();
    return this.fanout.subscribe(options);
  }

  start(): Promise<void> {
    this.started ??= (async () => {
      // LISTEN before reading the newest cursor: a commit after that read is announced to us.
      this.unlisten = await this.source.listen(
        () => this.wake(),
        () => this.wake(),
      );
      this.fanout.cursor = Math.max(this.fanout.cursor, await this.source.maxCursor());
      // Wake-ups before this point are covered by the newest cursor just read; reading from 0 would scan the whole log.
      this.ready = true;
      this.timer = setInterval(() => this.wake(), this.options.pollMs);
      this.timer.unref();
    })().catch((err) => {
      this.started = null;
      throw err;
    });
    return this.started;
  }

  /** Read what is new; safe to call any time and often. */
  wake(): void {
    if (this.stopped || !this.ready) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.drain().finally(() => (this.reading = null));
  }

  /** Resolves when no read is running (tests). */
  async idle(): Promise<void> {
    while (this.reading) await this.reading;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      try {
        for (;;) {
          this.reads++;
          const entries = await this.source.readAfter(this.fanout.cursor, this.options.pageSize);
          if (this.stopped) return;
          this.fanout.publish(entries);
          if (entries.length < this.options.pageSize) break;
        }
      } catch (err) {
        // The cursor did not move: the next wake-up or poll reads the same entries again.
        this.options.log.error('change log read failed', { error: describeError(err) });
        return;
      }
    } while (this.again && !this.stopped);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.fanout.closeAll();
    await this.started?.catch(() => {});
    await this.reading;
    await this.unlisten?.().catch(() => {});
  }
}

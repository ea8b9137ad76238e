/*
 * In-memory fan-out of the membership-change log to the subscribers of one process, and the seam between replaying
 * the log and following it live. Pure: the log is reached only through the ReplaySource a caller passes in, so the
 * ordering and buffering rules are unit-tested without a database (test/unit/delivery/fanout.test.ts).
 */

/** What the fan-out needs of a log entry: its position and its segment. */
export interface LogEntry {
  cursor: string;
  segmentId: string;
}

export interface ReplaySource<T extends LogEntry> {
  /** Entries with `after < cursor <= through` of these segments (null: every segment), in cursor order, at most `limit`. */
  read(after: number, through: number, segmentIds: readonly string[] | null, limit: number): Promise<T[]>;
}

export interface FanoutOptions<T extends LogEntry> {
  /** Entries a live subscriber may have waiting; one more and it is closed (it resumes by cursor). */
  bufferLimit: number;
  /** Entries per replay read. */
  replayPage: number;
  replay: ReplaySource<T>;
}

export interface SubscribeOptions {
  /** Only these segments; null: every segment. */
  segmentIds: readonly string[] | null;
  /** Replay every entry after this cursor first; null: start live from now. */
  after: number | null;
  /** Called once when the subscriber falls more than `bufferLimit` entries behind; the iterator then ends. */
  onOverflow: (lastCursor: number) => void;
}

/**
 * The process's view of the log: `cursor` is the last entry published, and every live subscription has been offered
 * every entry up to it. Only the one log reader publishes, always the next entries after `cursor`, in order.
 */
export class LogFanout<T extends LogEntry> {
  cursor = 0;
  private readonly subscriptions = new Set<LogSubscription<T>>();

  constructor(readonly options: FanoutOptions<T>) {}

  get subscriberCount(): number {
    return this.subscriptions.size;
  }

  /** Hand the next entries (cursor order, all after `cursor`) to every live subscription. Synchronous on purpose: see LogSubscription. */
  publish(entries: readonly T[]): void {
    if (!entries.length) return;
    for (const s of this.subscriptions) s.offer(entries);
    this.cursor = Number(entries[entries.length - 1].cursor);
  }

  subscribe(options: SubscribeOptions): LogSubscription<T> {
    const s = new LogSubscription(this, options, () => this.subscriptions.delete(s));
    // Registered before any replay read, so nothing published from now on can fall between replay and live.
    this.subscriptions.add(s);
    return s;
  }

  /** End every subscription (server stop). */
  closeAll(): void {
    for (const s of [...this.subscriptions]) void s.return();
  }
}

/**
 * One subscriber's stream. With `after` it starts REPLAYING: it pulls pages of the log from the database, bounded by
 * the fan-out's cursor, ignoring what the fan-out publishes meanwhile (those entries are in the log and the replay
 * reaches them). The moment its replay position reaches the fan-out's cursor it turns LIVE — a synchronous check, and
 * publish is synchronous, so no entry can be published between the check and the switch: no gap. Entries at or below
 * the last cursor it handed out are dropped: no duplicate. Replay is pulled at the consumer's pace, so it needs no
 * buffer; live entries wait in a queue of at most `bufferLimit`.
 */
export class LogSubscription<T extends LogEntry> implements AsyncIterableIterator<T> {
  private state: 'replaying' | 'live' | 'done';
  /** Highest cursor queued or handed out. */
  private last: number;
  /** Cursor of the last entry the consumer took (where it resumes after an overflow). */
  private handedOut: number;
  /** Replay position: every entry of the log up to it has been queued or skipped by the filter. */
  private scanned: number;
  private readonly filter: ReadonlySet<string> | null;
  private queue: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | null = null;

  constructor(
    private readonly fanout: LogFanout<T>,
    private readonly options: SubscribeOptions,
    private readonly detach: () => void,
  ) {
    this.filter = options.segmentIds ? new Set(options.segmentIds) : null;
    const start = options.after ?? fanout.cursor;
    this.last = this.scanned = this.handedOut = start;
    this.state = start >= fanout.cursor ? 'live' : 'replaying';
  }

  get phase(): 'replaying' | 'live' | 'done' {
    return this.state;
  }

  get buffered(): number {
    return this.queue.length;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<T>> {
    if (this.queue.length) return this.handOut(this.queue.shift()!);
    if (this.state === 'done') return { value: undefined, done: true };
    if (this.state === 'replaying') return this.replay();
    return new Promise((resolve) => (this.waiting = resolve));
  }

  async return(): Promise<IteratorResult<T>> {
    this.end();
    return { value: undefined, done: true };
  }

  /** From the fan-out: the next published entries. Ignored while replaying (the replay reads them from the log). */
  offer(entries: readonly T[]): void {
    if (this.state !== 'live') return;
    for (const e of entries) {
      const cursor = Number(e.cursor);
      if (cursor <= this.last || (this.filter && !this.filter.has(e.segmentId))) continue;
      this.last = cursor;
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = null;
        resolve(this.handOut(e));
      } else if (this.queue.push(e) > this.fanout.options.bufferLimit) {
        this.end();
        this.options.onOverflow(this.handedOut);
        return;
      }
    }
  }

  private handOut(entry: T): IteratorResult<T> {
    this.handedOut = Number(entry.cursor);
    return { value: entry, done: false };
  }

  private async replay(): Promise<IteratorResult<T>> {
    const { replay, replayPage } = this.fanout.options;
    while (this.state === 'replaying') {
      const through = this.fanout.cursor;
      if (this.scanned >= through) {
        this.state = 'live';
        break;
      }
      const page = await replay.read(this.scanned, through, this.options.segmentIds, replayPage);
      if (this.state !== 'replaying') break;
      this.scanned = page.length < replayPage ? through : Number(page[page.length - 1].cursor);
      for (const e of page) {
        const cursor = Number(e.cursor);
        if (cursor <= this.last) continue;
        this.last = cursor;
        this.queue.push(e);
      }
      if (this.queue.length) break;
    }
    return this.next();
  }

  private end(): void {
    if (this.state === 'done') return;
    this.state = 'done';
    this.queue = [];
    this.detach();
    const resolve = this.waiting;
    this.waiting = null;
    resolve?.({ value: undefined, done: true });
  }
}

/*
 * customerUpdated: which subscribers of this process to wake when profiles change. Writers NOTIFY the changed ids at
 * commit (customerUpdates.repo.ts); one LISTEN per process hands them to the watches here. Pure apart from the
 * injected `listen`.
 */

/** The NOTIFY channel: payload = comma-separated profile ids (see customerUpdates.repo.ts for the size limit). */
export const CUSTOMER_CHANNEL = 'strata_customer_updated';

/** One wake-up of a customerUpdated subscription: re-read `id` (which follows merges) and follow where it leads. */
export interface CustomerUpdate {
  id: string;
  watch: CustomerWatch;
}

export type Listen = (onPayload: (payload: string) => void) => Promise<() => Promise<void>>;

export class CustomerUpdateHub {
  private readonly watches = new Map<string, Set<CustomerWatch>>();
  private started: Promise<() => Promise<void>> | null = null;

  constructor(private readonly listen: Listen) {}

  /** A watch on a profile id; it wakes when that id or any id it is made to follow changes. */
  async watch(id: string): Promise<CustomerWatch> {
    this.started ??= this.listen((payload) => this.deliver(payload)).catch((err) => {
      this.started = null;
      throw err;
    });
    await this.started;
    const watch = new CustomerWatch(this, id);
    watch.follow(id);
    return watch;
  }

  deliver(payload: string): void {
    for (const id of payload.split(',')) for (const w of this.watches.get(id) ?? []) w.poke();
  }

  /** @internal */
  add(id: string, watch: CustomerWatch): void {
    let set = this.watches.get(id);
    if (!set) this.watches.set(id, (set = new Set()));
    set.add(watch);
  }

  /** @internal */
  remove(id: string, watch: CustomerWatch): void {
    const set = this.watches.get(id);
    if (set?.delete(watch) && set.size === 0) this.watches.delete(id);
  }

  get watchCount(): number {
    let n = 0;
    for (const set of this.watches.values()) n += set.size;
    return n;
  }

  async stop(): Promise<void> {
    for (const set of [...this.watches.values()]) for (const w of [...set]) void w.return();
    const unlisten = await this.started?.catch(() => null);
    await unlisten?.().catch(() => {});
  }
}

/**
 * A customerUpdated subscription's stream. Wake-ups coalesce: each event re-reads the profile as it is now, so at most
 * one waits, whatever the write rate — the buffer is one flag.
 */
export class CustomerWatch implements AsyncIterableIterator<CustomerUpdate> {
  private readonly ids = new Set<string>();
  private pending = false;
  private done = false;
  private waiting: ((result: IteratorResult<CustomerUpdate>) => void) | null = null;

  constructor(
    private readonly hub: CustomerUpdateHub,
    readonly requestedId: string,
  ) {}

  /** Also wake on this id (the survivor a merge led to). */
  follow(id: string): void {
    if (this.done || this.ids.has(id)) return;
    this.ids.add(id);
    this.hub.add(id, this);
  }

  poke(): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: { id: this.requestedId, watch: this }, done: false });
    } else {
      this.pending = true;
    }
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<CustomerUpdate>> {
    if (this.done) return { value: undefined, done: true };
    if (this.pending) {
      this.pending = false;
      return { value: { id: this.requestedId, watch: this }, done: false };
    }
    return new Promise((resolve) => (this.waiting = resolve));
  }

  async return(): Promise<IteratorResult<CustomerUpdate>> {
    if (!this.done) {
      this.done = true;
      for (const id of this.ids) this.hub.remove(id, this);
      const resolve = this.waiting;
      this.waiting = null;
      resolve?.({ value: undefined, done: true });
    }
    return { value: undefined, done: true };
  }
}

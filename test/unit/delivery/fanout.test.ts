import { LogFanout, type LogEntry, type ReplaySource } from '../../../src/delivery/fanout';
import { LogReader, type LogSource } from '../../../src/delivery/logReader';

/** An in-memory log: entries 1..n, segment `s<k>`; `read` can be held to interleave publishes with a replay. */
class MemoryLog implements ReplaySource<LogEntry> {
  entries: LogEntry[] = [];
  reads = 0;
  hold: (() => Promise<void>) | null = null;

  append(...segments: string[]): LogEntry[] {
    const added = segments.map((segmentId, i) => ({ cursor: String(this.entries.length + i + 1), segmentId }));
    this.entries.push(...added);
    return added;
  }

  async read(after: number, through: number, segmentIds: readonly string[] | null, limit: number): Promise<LogEntry[]> {
    this.reads++;
    const found = this.entries
      .filter((e) => Number(e.cursor) > after && Number(e.cursor) <= through && (!segmentIds || segmentIds.includes(e.segmentId)))
      .slice(0, limit);
    if (this.hold) await this.hold();
    return found;
  }
}

const cursors = (entries: LogEntry[]) => entries.map((e) => Number(e.cursor));

async function take(it: AsyncIterator<LogEntry>, n: number): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  while (out.length < n) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

function setup(bufferLimit = 100, replayPage = 2) {
  const log = new MemoryLog();
  const fanout = new LogFanout<LogEntry>({ bufferLimit, replayPage, replay: log });
  /** What the one reader does: publish everything after the fan-out's cursor. */
  const publishNew = () => fanout.publish(log.entries.filter((e) => Number(e.cursor) > fanout.cursor));
  return { log, fanout, publishNew };
}

describe('LogFanout', () => {
  test('without after: live from the fan-out cursor, filtered by segment', async () => {
    const { log, fanout, publishNew } = setup();
    log.append('a', 'b');
    publishNew();
    const sub = fanout.subscribe({ segmentIds: ['a'], after: null, onOverflow: jest.fn() });
    expect(sub.phase).toBe('live');
    log.append('a', 'b', 'a');
    publishNew();
    expect(cursors(await take(sub, 2))).toEqual([3, 5]);
    expect(log.reads).toBe(0);
  });

  test.each([
    ['before the replay starts', 0],
    ['during the first replay page', 1],
    ['during a later replay page', 2],
  ])('with after, entries published %s: replay then live, no gap, no duplicate', async (_label, holdAtRead) => {
    const { log, fanout, publishNew } = setup(100, 2);
    log.append('a', 'a', 'b', 'a', 'a');
    publishNew();
    const sub = fanout.subscribe({ segmentIds: ['a'], after: 1, onOverflow: jest.fn() });
    expect(sub.phase).toBe('replaying');
    // New entries commit and are published while the replay is between reads.
    log.hold = async () => {
      if (log.reads === holdAtRead) {
        log.append('a', 'b', 'a');
        publishNew();
      }
    };
    if (holdAtRead === 0) {
      log.append('a', 'b', 'a');
      publishNew();
    }
    const got = await take(sub, 5);
    expect(cursors(got)).toEqual([2, 4, 5, 6, 8]);
    log.hold = null;
    const next = take(sub, 1);
    await new Promise((r) => setImmediate(r));
    expect(sub.phase).toBe('live');
    log.append('a');
    publishNew();
    expect(cursors(await next)).toEqual([9]);
  });

  test('an after beyond the fan-out cursor starts live and drops what it already has', async () => {
    const { log, fanout, publishNew } = setup();
    log.append('a', 'a', 'a');
    const sub = fanout.subscribe({ segmentIds: null, after: 2, onOverflow: jest.fn() });
    expect(sub.phase).toBe('live');
    publishNew();
    expect(cursors(await take(sub, 1))).toEqual([3]);
  });

  test('a live subscriber more than bufferLimit behind is closed and told its last cursor; the others are not', async () => {
    const { log, fanout, publishNew } = setup(3);
    const slowOverflow = jest.fn();
    const slow = fanout.subscribe({ segmentIds: null, after: null, onOverflow: slowOverflow });
    const fast = fanout.subscribe({ segmentIds: null, after: null, onOverflow: jest.fn() });
    const fastGot: LogEntry[] = [];
    for (let i = 0; i < 4; i++) {
      log.append('a', 'a');
      publishNew();
      fastGot.push(...(await take(fast, 2)));
      if (i === 0) expect(cursors(await take(slow, 1))).toEqual([1]);
    }
    expect(slowOverflow).toHaveBeenCalledWith(1);
    expect(await slow.next()).toEqual({ value: undefined, done: true });
    expect(cursors(fastGot)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(fanout.subscriberCount).toBe(1);
  });

  test('return() detaches and ends a waiting next()', async () => {
    const { fanout } = setup();
    const sub = fanout.subscribe({ segmentIds: null, after: null, onOverflow: jest.fn() });
    const pending = sub.next();
    await sub.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(fanout.subscriberCount).toBe(0);
  });
});

describe('LogReader', () => {
  function fakeSource(log: MemoryLog) {
    let wake: () => void = () => {};
    let relisten: () => void = () => {};
    const reads: number[] = [];
    const source: LogSource<LogEntry> = {
      maxCursor: async () => log.entries.length,
      readAfter: async (after, limit) => {
        reads.push(after);
        return log.entries.filter((e) => Number(e.cursor) > after).slice(0, limit);
      },
      listen: async (onWake, onListen) => {
        wake = onWake;
        relisten = onListen;
        onListen();
        return async () => {};
      },
    };
    return { source, reads, notify: () => wake(), reconnect: () => relisten() };
  }

  test('starts at the newest cursor; a wake-up makes one read for every subscriber; a reconnect re-reads from the cursor', async () => {
    const log = new MemoryLog();
    log.append('a', 'a');
    const fanout = new LogFanout<LogEntry>({ bufferLimit: 100, replayPage: 10, replay: log });
    const { source, reads, notify, reconnect } = fakeSource(log);
    const reader = new LogReader(source, fanout, { pageSize: 2, pollMs: 60_000, log: { info() {}, error() {} } });
    const subs = await Promise.all(Array.from({ length: 5 }, () => reader.subscribe({ segmentIds: null, after: null, onOverflow: jest.fn() })));
    expect(fanout.cursor).toBe(2);
    await reader.idle();
    reads.length = 0;

    log.append('a', 'a', 'a');
    notify();
    notify();
    await reader.idle();
    // Pages of 2: 3 entries take two reads, and the second notify one more after them, whatever the subscriber count.
    expect(reads).toEqual([2, 4, 5]);
    for (const s of subs) expect(cursors(await take(s, 3))).toEqual([3, 4, 5]);

    // A lost notification (LISTEN connection down): the re-established listen re-reads from the cursor.
    log.append('a');
    reconnect();
    await reader.idle();
    for (const s of subs) expect(cursors(await take(s, 1))).toEqual([6]);
    await reader.stop();
    expect(fanout.subscriberCount).toBe(0);
  });
});

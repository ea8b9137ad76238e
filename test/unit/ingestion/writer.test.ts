import type { IngestOutcome, IngestRequest } from '../../../src/ingestion/ingest';
import type { Normalized } from '../../../src/ingestion/message';
import { IngestWriter } from '../../../src/ingestion/writer';

/** Items are only counted and echoed by the fake runner: a message id is all they need. */
const items = (...ids: string[]) => ids.map((id) => ({ ok: false, rejection: { messageId: id, reason: 'fake', field: 'x' } }) as Normalized);
const idOf = (item: Normalized) => (item.ok ? item.message.messageId : item.rejection.messageId);
const echo = (requests: readonly IngestRequest[]): IngestOutcome[][] =>
  requests.map((r) => r.items.map((item) => ({ status: 'ACCEPTED', messageId: idOf(item), customerId: null, reason: null, field: null })));

/** A runner that holds each transaction until released, recording what every transaction carried. */
function fakeRunner(fail: (ids: string[]) => boolean = () => false) {
  const transactions: { sourceId: string; ids: string[][] }[] = [];
  let release: () => void = () => {};
  let gate = new Promise<void>((r) => (release = r));
  const run = async (sourceId: string, requests: readonly IngestRequest[]) => {
    transactions.push({ sourceId, ids: requests.map((r) => r.items.map(idOf) as string[]) });
    await gate;
    if (fail(requests.flatMap((r) => r.items.map(idOf) as string[]))) throw new Error('constraint violated');
    return echo(requests);
  };
  return { transactions, run, open: () => { release(); gate = Promise.resolve(); } };
}

describe('IngestWriter (group commit)', () => {
  it('ingests what queued during a transaction in one transaction and answers each caller with its own outcomes', async () => {
    const fake = fakeRunner();
    const writer = new IngestWriter(fake.run);
    const first = writer.ingest('s1', items('a'), new Date());
    const second = writer.ingest('s1', items('b', 'c'), new Date());
    const third = writer.ingest('s1', items('d'), new Date());
    fake.open();
    const answers = await Promise.all([first, second, third]);
    expect(answers.map((a) => a.map((o) => o.messageId))).toEqual([['a'], ['b', 'c'], ['d']]);
    expect(fake.transactions.map((t) => t.ids)).toEqual([[['a']], [['b', 'c'], ['d']]]);
  });

  it('keeps sources apart and caps a transaction at the group size', async () => {
    const fake = fakeRunner();
    const writer = new IngestWriter(fake.run, 3);
    const pending = [
      writer.ingest('s1', items('a'), new Date()),
      writer.ingest('s1', items('b', 'c'), new Date()),
      writer.ingest('s2', items('x'), new Date()),
      writer.ingest('s1', items('d', 'e'), new Date()),
      writer.ingest('s1', items('f'), new Date()),
    ];
    fake.open();
    await Promise.all(pending);
    expect(fake.transactions).toEqual([
      { sourceId: 's1', ids: [['a']] },
      { sourceId: 's2', ids: [['x']] },
      { sourceId: 's1', ids: [['b', 'c']] },
      { sourceId: 's1', ids: [['d', 'e'], ['f']] },
    ]);
  });

  it('when a shared transaction fails, retries each request alone so only the one at fault fails', async () => {
    const fake = fakeRunner((ids) => ids.includes('bad'));
    const writer = new IngestWriter(fake.run);
    const first = writer.ingest('s1', items('a'), new Date());
    const good = writer.ingest('s1', items('b'), new Date());
    const bad = writer.ingest('s1', items('bad'), new Date());
    const alsoGood = writer.ingest('s1', items('c'), new Date());
    fake.open();
    await expect(first).resolves.toHaveLength(1);
    await expect(good).resolves.toEqual([expect.objectContaining({ messageId: 'b' })]);
    await expect(bad).rejects.toThrow('constraint violated');
    await expect(alsoGood).resolves.toEqual([expect.objectContaining({ messageId: 'c' })]);
    expect(fake.transactions.map((t) => t.ids)).toEqual([[['a']], [['b'], ['bad'], ['c']], [['b']], [['bad']], [['c']]]);
  });
});

describe('IngestWriter with two writers per source', () => {
  it('runs a second transaction while the first is held, each taking what queued, and answers every caller', async () => {
    const fake = fakeRunner();
    const writer = new IngestWriter(fake.run, 1000, 2);
    const pending = [
      writer.ingest('s1', items('a'), new Date()),
      writer.ingest('s1', items('b'), new Date()),
      writer.ingest('s1', items('c'), new Date()),
      writer.ingest('s1', items('d'), new Date()),
    ];
    // Both writers are held in their first transaction: a third must not start, the rest wait for one of them.
    await Promise.resolve();
    expect(fake.transactions.map((t) => t.ids)).toEqual([[['a']], [['b']]]);
    fake.open();
    const answers = await Promise.all(pending);
    expect(answers.map((a) => a.map((o) => o.messageId))).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(fake.transactions.map((t) => t.ids)).toEqual([[['a']], [['b']], [['c'], ['d']]]);
  });
});

/** Accepted-shaped items carrying identities: `id@person` is message `id` of user id `person`. */
const people = (...specs: string[]) =>
  specs.map((spec) => {
    const [id, person] = spec.split('@');
    return { ok: true, message: { messageId: id, identities: [{ type: 'user_id', value: person }], alias: null, order: null, refund: null, feedback: null } } as unknown as Normalized;
  });

describe('IngestWriter: writers never share an identifier', () => {
  it('leaves queued a message whose person another writer is writing, and any later one linked to it; answers the request when all its parts committed', async () => {
    const fake = fakeRunner();
    const writer = new IngestWriter(fake.run, 1000, 2);
    const first = writer.ingest('s1', people('a@ann'), new Date());
    // b and e are ann's, whom the running transaction holds: they wait; bob's c goes at once in the second writer.
    const second = writer.ingest('s1', people('b@ann', 'c@bob', 'e@ann'), new Date());
    await Promise.resolve();
    expect(fake.transactions.map((t) => t.ids)).toEqual([[['a']], [['c']]]);
    let answered = false;
    void second.then(() => (answered = true));
    fake.open();
    await first;
    const outcomes = await second;
    expect(answered).toBe(true);
    expect(outcomes.map((o) => o.messageId)).toEqual(['b', 'c', 'e']);
    expect(fake.transactions.map((t) => t.ids)).toEqual([[['a']], [['c']], [['b', 'e']]]);
  });

  it('keeps a chain together: a later message sharing any identifier with one left behind waits too', async () => {
    const fake = fakeRunner();
    const writer = new IngestWriter(fake.run, 1000, 2);
    const two = (id: string, a: string, b: string) =>
      ({ ok: true, message: { messageId: id, identities: [{ type: 'user_id', value: a }, { type: 'anonymous_id', value: b }], alias: null, order: null, refund: null, feedback: null } }) as unknown as Normalized;
    const first = writer.ingest('s1', people('a@ann'), new Date());
    // m links ann to device d1 (waits for a); n uses d1 with carl: it must not overtake m.
    const second = writer.ingest('s1', [two('m', 'ann', 'd1'), two('n', 'carl', 'd1'), ...people('o@dora')], new Date());
    await Promise.resolve();
    expect(fake.transactions.map((t) => t.ids)).toEqual([[['a']], [['o']]]);
    fake.open();
    await Promise.all([first, second]);
    expect(fake.transactions.map((t) => t.ids)).toEqual([[['a']], [['o']], [['m', 'n']]]);
  });

  it('rejects a request when one of its parts fails, and does not write what it still had queued', async () => {
    const fake = fakeRunner((ids) => ids.includes('bad'));
    const writer = new IngestWriter(fake.run, 1000, 2);
    const first = writer.ingest('s1', people('a@ann'), new Date());
    const second = writer.ingest('s1', people('w@ann', 'bad@bob'), new Date());
    const failed = expect(second).rejects.toThrow('constraint violated');
    fake.open();
    await first;
    await failed;
    expect(fake.transactions.flatMap((t) => t.ids.flat())).not.toContain('w');
  });
});

import fs from 'node:fs';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createStrata } from '../../src/app';
import { loadConfig } from '../../src/config';
import { openDatabase, rows } from '../../src/db/client';
import { sql } from 'drizzle-orm';
import { CLOSE_FELL_BEHIND } from '../../src/delivery/realtime';
import { alias, identify, newWriter, profileOf, uniq, type Writer } from '../factories/messages';
import { CreateSegmentDocument, MembershipChangesDocument, type SegmentCondition } from '../generated/graphql';
import { testDbMode } from '../helpers/db';
import { startListeningServer, type TestServer } from '../helpers/server';

/**
 * Issue 6 §1 and §3: GraphQL subscriptions over WebSocket. Replay then live with no gap or duplicate at the seam,
 * resume by cursor after a disconnect, a slow subscriber closed with 4429 while the others keep up, delivery across
 * server processes (PostgreSQL), customerUpdated on ingest and across a merge.
 */

type Server = TestServer & { base: string };
let t: Server;
/** A second server with a tiny subscriber buffer (10): replays page by 10 and slow subscribers overflow fast. */
let tiny: Server;
let w: Writer;
let wTiny: Writer;

beforeAll(async () => {
  t = await startListeningServer();
  tiny = await startListeningServer({ SUBSCRIPTION_BUFFER: '10' });
  w = await newWriter(t.database.db, t.base);
  wTiny = await newWriter(tiny.database.db, tiny.base);
}, 60_000);
// Every test closes its connections; the next one counts server-side subscriptions from zero.
afterEach(() =>
  until('the previous connections to close', () =>
    [t, tiny].every((s) => s.strata.services.realtime.membership.fanout.subscriberCount === 0 && s.strata.services.realtime.customers.watchCount === 0),
  ),
);
afterAll(async () => {
  await t?.close();
  await tiny?.close();
});

const CHANGES = `subscription ($segmentIds: [ID!], $after: String) {
  segmentMembershipChanged(segmentIds: $segmentIds, after: $after) { cursor segmentId customerId change reason }
}`;

interface Change {
  cursor: string;
  segmentId: string;
  customerId: string;
  change: string;
  reason: string;
}

const wsUrl = (base: string) => `${base.replace(/^http/, 'ws')}/graphql`;

function client(base: string, key: string | null): Client {
  return createClient({
    url: wsUrl(base),
    webSocketImpl: WebSocket,
    connectionParams: key === null ? {} : { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    lazy: true,
  });
}

/** A subscription's events, errors and end as they arrive. */
class Stream<T> {
  items: T[] = [];
  errors: unknown[] = [];
  ended = false;
  readonly stop: () => void;

  constructor(c: Client, query: string, variables: Record<string, unknown>, field: string) {
    this.stop = c.subscribe<Record<string, T>>(
      { query, variables },
      {
        next: (r) => (r.errors ? this.errors.push(r.errors) : this.items.push(r.data![field])),
        error: (e) => {
          this.errors.push(e);
          this.ended = true;
        },
        complete: () => (this.ended = true),
      },
    );
  }

  closeCode(): number | undefined {
    return (this.errors.find((e) => typeof (e as { code?: unknown })?.code === 'number') as { code: number } | undefined)?.code;
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const subscribers = (s: Server) => s.strata.services.realtime.membership.fanout.subscriberCount;

const planIs = (tag: string, plan: string): SegmentCondition => ({
  and: [{ trait: { key: 'tag', operator: 'EQ', value: tag } }, { trait: { key: 'plan', operator: 'EQ', value: plan } }],
});

async function createSegment(s: Server, definition: SegmentCondition): Promise<string> {
  const res = await s.op(CreateSegmentDocument, { input: { name: uniq('seg'), definition } });
  expect(res.errors).toBeUndefined();
  return res.data.createSegment.id;
}

/** Every change of a segment, through the BI feed. */
async function feed(s: Server, segmentId: string): Promise<Change[]> {
  const res = await s.op(MembershipChangesDocument, { segmentIds: [segmentId], after: null, first: 10_000 });
  expect(res.errors).toBeUndefined();
  return res.data.segmentMembershipChanges.nodes.map(({ cursor, segmentId, customerId, change, reason }) => ({ cursor, segmentId, customerId, change, reason }));
}

async function latestCursor(s: Server): Promise<string> {
  const [r] = await rows<{ c: string }>(s.database.db, sql`select coalesce(max(cursor), 0)::text as c from segment_membership_changes`);
  return r.c;
}

/** Flip customers of a tag between plans, one batch (one commit) per call: one change per customer in a `pro` segment. */
const flip = (writer: Writer, users: string[], plan: string) => writer.send(users.map((u) => identify({ userId: u }, { plan })));

const strictlyIncreasing = (items: { cursor: string }[]) => items.every((c, i) => i === 0 || Number(c.cursor) > Number(items[i - 1].cursor));

describe('connecting', () => {
  test.each([
    ['no key', null],
    ['an unknown key', 'sk_not-a-key'],
  ])('%s: the socket is closed with 4403', async (_label, key) => {
    const s = new Stream(client(t.base, key), CHANGES, {}, 'segmentMembershipChanged');
    await until('the close', () => s.ended);
    expect(s.closeCode()).toBe(4403);
  });

  test('a key without the subscribe scope: 4403', async () => {
    const s = new Stream(client(t.base, await t.key('segments:read', 'profiles:read')), CHANGES, {}, 'segmentMembershipChanged');
    await until('the close', () => s.ended);
    expect(s.closeCode()).toBe(4403);
  });

  test('subscribe without segments:read: a FORBIDDEN error, the connection stays', async () => {
    const c = client(t.base, await t.key('subscribe'));
    const s = new Stream(c, CHANGES, {}, 'segmentMembershipChanged');
    await until('the refusal', () => s.errors.length > 0);
    expect(JSON.stringify(s.errors)).toContain('FORBIDDEN');
    expect(s.closeCode()).toBeUndefined();
    await c.dispose();
  });

  test('bad arguments are refused as bad input', async () => {
    const c = client(t.base, t.adminKey);
    const s = new Stream(c, CHANGES, { segmentIds: ['nope'] }, 'segmentMembershipChanged');
    const s2 = new Stream(c, CHANGES, { after: 'x' }, 'segmentMembershipChanged');
    // A variable of the wrong type: refused by graphql-js, naming it (it used to fail as an internal error).
    const s3 = new Stream(c, CHANGES, { after: 5 }, 'segmentMembershipChanged');
    await until('the refusals', () => s.errors.length > 0 && s2.errors.length > 0 && s3.errors.length > 0);
    expect(JSON.stringify(s.errors)).toContain('BAD_USER_INPUT');
    expect(JSON.stringify(s2.errors)).toContain('BAD_USER_INPUT');
    expect(JSON.stringify(s3.errors)).toMatch(/"code":"BAD_USER_INPUT","field":"after"/);
    expect(s3.closeCode()).toBeUndefined();
    await c.dispose();
  });
});

describe('segmentMembershipChanged', () => {
  test('with after: replays the log in order, then continues live', async () => {
    const tag = uniq('t');
    const users = [uniq('a'), uniq('b'), uniq('c')];
    await w.send(users.map((u) => identify({ userId: u }, { tag, plan: 'pro' })));
    const seg = await createSegment(t, planIs(tag, 'pro'));
    const c = client(t.base, await t.key('subscribe', 'segments:read'));
    const s = new Stream<Change>(c, CHANGES, { segmentIds: [seg], after: '0' }, 'segmentMembershipChanged');
    await until('the replay', () => s.items.length === 3);
    expect(s.items.every((i) => i.change === 'ENTERED' && i.reason === 'DEFINITION_CHANGE')).toBe(true);

    await flip(w, users.slice(0, 2), 'free');
    await until('the live changes', () => s.items.length === 5);
    expect(s.items).toEqual(await feed(t, seg));
    expect(s.items.slice(3).map((i) => [i.change, i.reason])).toEqual([['EXITED', 'DATA_CHANGE'], ['EXITED', 'DATA_CHANGE']]);
    await c.dispose();
  });

  test('without after: live from now, every segment', async () => {
    const tag = uniq('t');
    const user = uniq('u');
    await w.send([identify({ userId: user }, { tag, plan: 'free' })]);
    const seg = await createSegment(t, planIs(tag, 'pro'));
    const before = subscribers(t);
    const c = client(t.base, t.adminKey);
    const s = new Stream<Change>(c, CHANGES, {}, 'segmentMembershipChanged');
    await until('the subscription', () => subscribers(t) === before + 1);
    await flip(w, [user], 'pro');
    await until('the change', () => s.items.some((i) => i.segmentId === seg));
    const mine = s.items.filter((i) => i.segmentId === seg);
    expect(mine).toEqual(await feed(t, seg));
    // Nothing from before the subscription.
    const from = Number((await feed(t, seg))[0].cursor);
    expect(s.items.every((i) => Number(i.cursor) >= from || i.segmentId !== seg)).toBe(true);
    await c.dispose();
  });

  test('changes committed during the replay: no gap and no duplicate at the seam', async () => {
    // Replays page by 10 here, so the replay takes several reads while the writes go on.
    const tag = uniq('t');
    const users = Array.from({ length: 30 }, () => uniq('u'));
    await wTiny.send(users.map((u) => identify({ userId: u }, { tag, plan: 'pro' })));
    const seg = await createSegment(tiny, planIs(tag, 'pro'));
    const c = client(tiny.base, tiny.adminKey);
    const s = new Stream<Change>(c, CHANGES, { segmentIds: [seg], after: '0' }, 'segmentMembershipChanged');
    for (let round = 0; round < 12; round++) await flip(wTiny, [users[Math.floor(round / 2)]], round % 2 ? 'pro' : 'free');
    const expected = await feed(tiny, seg);
    expect(expected).toHaveLength(30 + 12);
    await until('every change', () => s.items.length >= expected.length);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.items).toEqual(expected);
    expect(s.errors).toEqual([]);
    await c.dispose();
  });

  test('a subscriber that disconnects mid-stream resumes with its last cursor and gets exactly the missed changes', async () => {
    const tag = uniq('t');
    const users = Array.from({ length: 4 }, () => uniq('u'));
    await w.send(users.map((u) => identify({ userId: u }, { tag, plan: 'free' })));
    const seg = await createSegment(t, planIs(tag, 'pro'));
    const start = await latestCursor(t);
    const key = await t.key('subscribe', 'segments:read');

    let c = client(t.base, key);
    const first = new Stream<Change>(c, CHANGES, { segmentIds: [seg], after: start }, 'segmentMembershipChanged');
    const writes = (async () => {
      for (let round = 0; round < 20; round++) {
        await flip(w, [users[round % users.length]], Math.floor(round / users.length) % 2 ? 'free' : 'pro');
      }
    })();
    await until('some changes', () => first.items.length >= 5);
    await c.dispose();
    const received = [...first.items];
    await new Promise((r) => setTimeout(r, 50));

    c = client(t.base, key);
    const second = new Stream<Change>(c, CHANGES, { segmentIds: [seg], after: received.at(-1)!.cursor }, 'segmentMembershipChanged');
    await writes;
    const expected = await feed(t, seg);
    expect(expected).toHaveLength(20);
    await until('the rest', () => received.length + second.items.length >= expected.length);
    await new Promise((r) => setTimeout(r, 100));
    expect([...received, ...second.items]).toEqual(expected);
    await c.dispose();
  });

  test('one read of the log per wake-up, whatever the number of subscribers', async () => {
    const tag = uniq('t');
    const user = uniq('u');
    await w.send([identify({ userId: user }, { tag, plan: 'free' })]);
    const seg = await createSegment(t, planIs(tag, 'pro'));
    const reader = t.strata.services.realtime.membership;
    const before = subscribers(t);
    const c = client(t.base, t.adminKey);
    const streams = Array.from({ length: 20 }, () => new Stream<Change>(c, CHANGES, { segmentIds: [seg] }, 'segmentMembershipChanged'));
    await until('the subscriptions', () => subscribers(t) === before + 20);
    await reader.idle();
    const reads = reader.reads;
    await flip(w, [user], 'pro');
    await until('the change everywhere', () => streams.every((s) => s.items.length === 1));
    // The commit's NOTIFY (and perhaps the poll): one read each, not one per subscriber.
    expect(reader.reads - reads).toBeLessThanOrEqual(3);
    await c.dispose();
  });

  test('a change is executed once per selection and permission class, shared by the subscribers; PII and scopes as on queries', async () => {
    const tag = uniq('t');
    const user = uniq('u');
    await w.send([identify({ userId: user }, { tag, plan: 'free', email: `${user}@example.com` })]);
    const id = (await profileOf(t.database.db, 'user_id', user))!;
    const seg = await createSegment(t, planIs(tag, 'pro'));
    const other = await createSegment(t, planIs(uniq('t'), 'pro'));
    const QUERY = 'subscription ($s: [ID!]) { segmentMembershipChanged(segmentIds: $s) { cursor customerId customer { id traits } } }';
    type Event = { cursor: string; customerId: string; customer: { id: string; traits: Record<string, unknown> } | null };
    const [plain, pii, noProfiles] = await Promise.all([
      t.key('subscribe', 'segments:read', 'profiles:read'),
      t.key('subscribe', 'segments:read', 'profiles:read', 'pii:read'),
      t.key('subscribe', 'segments:read'),
    ]);
    const before = subscribers(t);
    const clients = [client(t.base, plain), client(t.base, plain), client(t.base, pii), client(t.base, noProfiles)];
    // Two keys with the same scopes share; so do subscriptions to different segments (the arguments only filter).
    const streams = [
      ...Array.from({ length: 5 }, () => new Stream<Event>(clients[0], QUERY, { s: [seg] }, 'segmentMembershipChanged')),
      ...Array.from({ length: 5 }, () => new Stream<Event>(clients[1], QUERY, { s: [seg, other] }, 'segmentMembershipChanged')),
      new Stream<Event>(clients[2], QUERY, { s: [seg] }, 'segmentMembershipChanged'),
      new Stream<Event>(clients[3], QUERY, { s: [seg] }, 'segmentMembershipChanged'),
    ];
    await until('the subscriptions', () => subscribers(t) === before + streams.length);
    const share = t.strata.services.realtime.events;
    await t.strata.services.realtime.membership.idle();
    const computed = share.computed;
    await flip(w, [user], 'pro');
    await until('the change everywhere', () => streams.every((s) => s.items.length + s.errors.length > 0));
    // Three permission classes, one selection: three executions for twelve deliveries.
    expect(share.computed - computed).toBe(3);
    const [logged] = await feed(t, seg);
    for (const s of streams.slice(0, 10)) {
      expect(s.items).toEqual([{ cursor: logged.cursor, customerId: id, customer: { id, traits: expect.objectContaining({ plan: 'pro', email: null }) } }]);
    }
    expect(streams[10].items).toEqual([{ cursor: logged.cursor, customerId: id, customer: { id, traits: expect.objectContaining({ plan: 'pro', email: `${user}@example.com` }) } }]);
    expect(JSON.stringify(streams[11].errors)).toContain('FORBIDDEN');
    expect(JSON.stringify(streams[11].errors)).not.toContain('example.com');
    await Promise.all(clients.map((c) => c.dispose()));
  });

  test('a slow subscriber is closed with 4429 while another on the same changes keeps receiving', async () => {
    const tag = uniq('t');
    const users = Array.from({ length: 10 }, () => uniq('u'));
    // Fat profiles: the slow subscriber asks for their traits, so a few hundred changes fill the socket buffers.
    const bio = 'x'.repeat(24_000);
    for (let i = 0; i < users.length; i += 5) {
      await wTiny.send(users.slice(i, i + 5).map((u) => identify({ userId: u }, { tag, plan: 'free', bio })));
    }
    const seg = await createSegment(tiny, planIs(tag, 'pro'));
    const before = subscribers(tiny);

    // The slow one speaks graphql-ws by hand and stops reading its socket once subscribed.
    const slow = new WebSocket(wsUrl(tiny.base), 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => slow.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => slow.on('open', () => resolve()));
    slow.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${tiny.adminKey}` } }));
    await new Promise<void>((resolve) => slow.once('message', () => resolve()));
    slow.send(JSON.stringify({
      id: '1', type: 'subscribe',
      payload: { query: 'subscription ($s: [ID!]) { segmentMembershipChanged(segmentIds: $s) { cursor customer { traits } } }', variables: { s: [seg] } },
    }));
    const fast = new Stream<Change>(client(tiny.base, tiny.adminKey), CHANGES, { segmentIds: [seg] }, 'segmentMembershipChanged');
    await until('both subscriptions', () => subscribers(tiny) === before + 2);
    (slow as unknown as { _socket: { pause(): void } })._socket.pause();

    let code: number | null = null;
    void closed.then((c) => (code = c));
    let rounds = 0;
    // Five changes per commit (under the buffer of 10): only a consumer that stops reading falls behind.
    while (code === null && rounds < 200) {
      await flip(wTiny, users.slice((rounds % 2) * 5, (rounds % 2) * 5 + 5), Math.floor(rounds / 2) % 2 ? 'free' : 'pro');
      rounds++;
      // The closing handshake cannot reach a paused socket: watch the server's side.
      if (subscribers(tiny) === before + 1) break;
    }
    expect(subscribers(tiny)).toBe(before + 1);
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await closed).toBe(CLOSE_FELL_BEHIND);

    // The fast one got every change, in order, and keeps getting them.
    await flip(wTiny, users.slice(0, 5), 'free');
    const expected = await feed(tiny, seg);
    await until('every change on the fast subscriber', () => fast.items.length >= expected.length);
    expect(fast.items).toEqual(expected);
    expect(fast.errors).toEqual([]);
    fast.stop();
  }, 120_000);

  (testDbMode() === 'postgres' ? test : test.skip)('a lost LISTEN connection: the reader re-reads from its cursor and nothing is missed', async () => {
    const tag = uniq('t');
    const user = uniq('u');
    await w.send([identify({ userId: user }, { tag, plan: 'free' })]);
    const seg = await createSegment(t, planIs(tag, 'pro'));
    const c = client(t.base, t.adminKey);
    const s = new Stream<Change>(c, CHANGES, { segmentIds: [seg] }, 'segmentMembershipChanged');
    await until('the subscription', () => subscribers(t) === 1);
    const killed = await rows<{ ok: boolean }>(
      t.database.db,
      sql`select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database() and query ilike 'listen%'`,
    );
    expect(killed.length).toBeGreaterThan(0);
    await flip(w, [user], 'pro');
    await flip(w, [user], 'free');
    await until('both changes', () => s.items.length === 2);
    expect(s.items).toEqual(await feed(t, seg));
    await c.dispose();
  });

  (testDbMode() === 'postgres' ? test : test.skip)('two server processes: a change through one reaches a subscriber of the other', async () => {
    const state = JSON.parse(fs.readFileSync(process.env.STRATA_TEST_STATE!, 'utf8')) as { adminUrl: string };
    const [{ db }] = await rows<{ db: string }>(t.database.db, sql`select current_database() as db`);
    const url = new URL(state.adminUrl);
    url.pathname = `/${db}`;
    const database2 = await openDatabase({ databaseUrl: url.toString(), dataDir: '', maxConnections: 3 });
    const other = await createStrata(loadConfig({ LOG_LEVEL: 'silent' }), database2);
    const port = await other.listen(0, '127.0.0.1');
    try {
      const tag = uniq('t');
      const user = uniq('u');
      await w.send([identify({ userId: user }, { tag, plan: 'free' })]);
      const seg = await createSegment(t, planIs(tag, 'pro'));
      const c = client(`http://127.0.0.1:${port}`, t.adminKey);
      const s = new Stream<Change>(c, CHANGES, { segmentIds: [seg] }, 'segmentMembershipChanged');
      await until('the subscription', () => other.services.realtime.membership.fanout.subscriberCount === 1);
      const sent = Date.now();
      await flip(w, [user], 'pro');
      await until('the change on the other process', () => s.items.length === 1);
      // NOTIFY, not the 5 s poll.
      expect(Date.now() - sent).toBeLessThan(2_000);
      expect(s.items).toEqual(await feed(t, seg));
      await c.dispose();
    } finally {
      await other.stop();
      await database2.close();
    }
  });
});

describe('customerUpdated', () => {
  const CUSTOMER = 'subscription ($id: ID!) { customerUpdated(id: $id) { id traits } }';
  const watches = () => t.strata.services.realtime.customers.watchCount;

  test('fires on an ingest that changes the profile, with the profile as it is then', async () => {
    const user = uniq('u');
    await w.send([identify({ userId: user }, { plan: 'free' })]);
    const id = (await profileOf(t.database.db, 'user_id', user))!;
    const before = watches();
    const c = client(t.base, await t.key('subscribe', 'profiles:read'));
    const s = new Stream<{ id: string; traits: Record<string, unknown> }>(c, CUSTOMER, { id }, 'customerUpdated');
    await until('the watch', () => watches() > before);
    await w.send([identify({ userId: user }, { plan: 'pro' })]);
    await until('the update', () => s.items.length > 0);
    expect(s.items[0]).toMatchObject({ id, traits: { plan: 'pro' } });
    await w.send([identify({ userId: user }, { plan: 'team' })]);
    await until('the second update', () => s.items.some((i) => i.traits.plan === 'team'));
    await c.dispose();
  });

  test('PII is masked as on queries, and an unknown id is NOT_FOUND', async () => {
    const user = uniq('u');
    await w.send([identify({ userId: user }, { email: `${user}@example.com`, plan: 'free' })]);
    const id = (await profileOf(t.database.db, 'user_id', user))!;
    const before = watches();
    const c = client(t.base, await t.key('subscribe', 'profiles:read'));
    const s = new Stream<{ id: string; traits: Record<string, unknown> }>(c, CUSTOMER, { id }, 'customerUpdated');
    const missing = new Stream(c, CUSTOMER, { id: '00000000-0000-4000-8000-000000000000' }, 'customerUpdated');
    await until('the watch', () => watches() > before);
    await w.send([identify({ userId: user }, { plan: 'pro' })]);
    await until('the update', () => s.items.length > 0);
    expect(s.items[0].traits).toMatchObject({ plan: 'pro', email: null });
    await until('the refusal', () => missing.errors.length > 0);
    expect(JSON.stringify(missing.errors)).toContain('NOT_FOUND');
    await c.dispose();
  });

  test('a merged-away id follows its survivor', async () => {
    const anon = uniq('anon');
    const user = uniq('u');
    await w.send([identify({ anonymousId: anon }, { plan: 'free' }), identify({ userId: user }, { plan: 'pro' })]);
    const anonId = (await profileOf(t.database.db, 'anonymous_id', anon))!;
    const before = watches();
    const c = client(t.base, t.adminKey);
    const s = new Stream<{ id: string; traits: Record<string, unknown> }>(c, CUSTOMER, { id: anonId }, 'customerUpdated');
    await until('the watch', () => watches() > before);
    await w.send([alias(anon, user)]);
    const survivor = (await profileOf(t.database.db, 'user_id', user))!;
    expect(await profileOf(t.database.db, 'anonymous_id', anon)).toBe(survivor);
    await until('the merge', () => s.items.some((i) => i.id === survivor));
    const seen = s.items.length;
    // From now on, a change of the survivor reaches the subscriber of the merged-away id.
    await w.send([identify({ userId: user }, { plan: 'team' })]);
    await until('the survivor update', () => s.items.length > seen && s.items.at(-1)!.traits.plan === 'team');
    await c.dispose();
  });
});

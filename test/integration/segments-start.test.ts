import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import { clock } from '../../src/shared/clock';
import { addChange, type ProfileChanges } from '../../src/profiles/profileChanged';
import type { BuiltinSegment } from '../../src/segments/builtins';
import type { SegmentCondition as Definition } from '../../src/segments/definition';
import { compileDefinition } from '../../src/segments/compile';
import { lockChangeLog } from '../../src/segments/membership.repo';
import { memberIds } from '../../src/segments/segment.repo';
import { createBuiltinSegments, evaluatePendingSegments, readCatalog, segmentListener, startSegments } from '../../src/segments/segments';
import { identify, newWriter, profileOf, uniq, type Writer } from '../factories/messages';
import { CreateSegmentDocument, CustomerSegmentsDocument, MembershipChangesDocument, SegmentMembersDocument, UpdateSegmentDocument, type SegmentCondition } from '../generated/graphql';
import { testDbMode } from '../helpers/db';
import { startListeningServer, type TestServer } from '../helpers/server';

/**
 * Issue 5 §3–4, what a server does at start and what each process keeps: built-in segments are created at once and
 * first evaluated in the background (empty and never evaluated until then, writes leaving them alone), and the write
 * path's cached catalogue follows segments created and changed elsewhere — as another server process would.
 */

const TZ = 'UTC';
let t: TestServer & { base: string };
let w: Writer;
const planIs = (tag: string, plan: string): SegmentCondition => ({ and: [{ trait: { key: 'tag', operator: 'EQ', value: tag } }, { trait: { key: 'plan', operator: 'EQ', value: plan } }] });

beforeAll(async () => {
  t = await startListeningServer({ BUSINESS_TIMEZONE: TZ });
  w = await newWriter(t.database.db, t.base);
});
afterAll(() => t.close());

async function feed(segmentId: string) {
  const res = await t.op(MembershipChangesDocument, { segmentIds: [segmentId], first: 1000 });
  expect(res.errors).toBeUndefined();
  return res.data.segmentMembershipChanges.nodes.map((n) => [n.customerId, n.change, n.reason]);
}

const evaluatedAt = async (id: string) =>
  (await rows<{ at: string | null }>(t.database.db, sql`select evaluated_at::text as at from segments where id = ${id}::uuid`))[0].at;

const builtin = (tag: string, plan: string): BuiltinSegment => ({ key: uniq('TEST'), name: uniq('Test built-in'), description: '', definition: planIs(tag, plan) as Definition });

/** A write of `id`'s traits run through `listener` in one transaction, as ingestion would. */
async function setPlan(listener: ReturnType<typeof segmentListener>, id: string, plan: string) {
  await t.database.db.transaction(async (tx) => {
    await tx.execute(sql`update customers set traits = traits || jsonb_build_object('plan', ${plan}::text) where id = ${id}::uuid`);
    const changes: ProfileChanges = new Map();
    addChange(changes, id, 'TRAIT');
    await listener(tx, changes);
  });
}

test('a new database evaluates its built-ins before serving: there is nothing to read yet', async () => {
  const found = await rows<{ n: number; pending: number }>(
    t.database.db,
    sql`select count(*)::int as n, count(*) filter (where evaluated_at is null)::int as pending from segments where builtin_key is not null`,
  );
  expect(found).toEqual([{ n: 6, pending: 0 }]);
});

test('a built-in created on a database with data stays empty and untouched by writes until its first evaluation fills it whole', async () => {
  const tag = uniq('t');
  const [ann, bob] = [uniq('ann'), uniq('bob')];
  await w.send([identify({ userId: ann }, { tag, plan: 'pro' }), identify({ userId: bob }, { tag, plan: 'free' })]);
  const annId = (await profileOf(t.database.db, 'user_id', ann))!;
  const bobId = (await profileOf(t.database.db, 'user_id', bob))!;

  const b = builtin(tag, 'pro');
  expect(await createBuiltinSegments(t.database, [b])).toBe(1);
  expect(await createBuiltinSegments(t.database, [b])).toBe(0);
  const [{ id }] = await rows<{ id: string }>(t.database.db, sql`select id::text as id from segments where builtin_key = ${b.key}`);
  expect(await evaluatedAt(id)).toBeNull();

  // A write that would move bob in is not applied to a segment never evaluated: no partial membership.
  await w.send([identify({ userId: bob }, { plan: 'pro' })]);
  const before = await t.op(SegmentMembersDocument, { id });
  expect(before.data.segment).toMatchObject({ size: 0, members: [] });
  expect((await t.op(CustomerSegmentsDocument, { id: bobId })).data.customer!.segments.map((s) => s.id)).not.toContain(id);
  expect(await feed(id)).toEqual([]);

  expect(await evaluatePendingSegments(t.database, { timeZone: TZ })).toMatchObject({ segments: 1, entered: 2, exited: 0 });
  expect(await evaluatedAt(id)).not.toBeNull();
  expect((await feed(id)).sort()).toEqual([[annId, 'ENTERED', 'DEFINITION_CHANGE'], [bobId, 'ENTERED', 'DEFINITION_CHANGE']].sort());

  // From then on, writes keep it exact.
  await w.send([identify({ userId: ann }, { plan: 'free' })]);
  expect((await feed(id)).slice(2)).toEqual([[annId, 'EXITED', 'DATA_CHANGE']]);
});

test('startSegments on a database with data returns at once and evaluates in the background', async () => {
  const tag = uniq('t');
  const u = uniq('u');
  await w.send([identify({ userId: u }, { tag, plan: 'pro' })]);
  const uid = (await profileOf(t.database.db, 'user_id', u))!;
  const b = builtin(tag, 'pro');
  const errors: unknown[] = [];
  const start = await startSegments(t.database, { timeZone: TZ }, [b], (err) => errors.push(err));
  await start.done;
  expect(errors).toEqual([]);
  const [{ id }] = await rows<{ id: string }>(t.database.db, sql`select id::text as id from segments where builtin_key = ${b.key}`);
  expect(await feed(id)).toEqual([[uid, 'ENTERED', 'DEFINITION_CHANGE']]);
  await start.stop();
});

test('the time sweep also evaluates a segment never evaluated, as its definition taking effect; a stopped start evaluates nothing more', async () => {
  const tag = uniq('t');
  const u = uniq('u');
  await w.send([identify({ userId: u }, { tag, plan: 'pro' })]);
  const uid = (await profileOf(t.database.db, 'user_id', u))!;
  const b = builtin(tag, 'pro');
  await createBuiltinSegments(t.database, [b]);
  const [{ id }] = await rows<{ id: string }>(t.database.db, sql`select id::text as id from segments where builtin_key = ${b.key}`);

  expect(await evaluatePendingSegments(t.database, { timeZone: TZ }, () => true)).toEqual({ segments: 0, entered: 0, exited: 0 });
  expect(await evaluatedAt(id)).toBeNull();

  await t.strata.sweepSegments();
  expect(await feed(id)).toEqual([[uid, 'ENTERED', 'DEFINITION_CHANGE']]);
});

const postgresOnly = testDbMode() === 'postgres' ? test : test.skip;

postgresOnly('start-up does not wait for the first evaluation: it runs once the change log is free', async () => {
  const tag = uniq('t');
  await w.send([identify({ userId: uniq('u') }, { tag, plan: 'pro' })]);
  const b = builtin(tag, 'pro');
  await createBuiltinSegments(t.database, [b]);
  const [{ id }] = await rows<{ id: string }>(t.database.db, sql`select id::text as id from segments where builtin_key = ${b.key}`);

  // Another process holds the change-log lock (a long evaluation, say).
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const holder = t.database.db.transaction(async (tx) => {
    await lockChangeLog(tx);
    locked();
    await held;
  });
  await isLocked;
  const start = await startSegments(t.database, { timeZone: TZ }, [b], (err) => {
    throw err;
  });
  let finished = false;
  void start.done.then(() => (finished = true));
  await new Promise((r) => setTimeout(r, 200));
  expect(finished).toBe(false);
  expect((await t.op(SegmentMembersDocument, { id })).data.segment).toMatchObject({ size: 0, members: [] });
  release();
  await holder;
  await start.done;
  expect((await t.op(SegmentMembersDocument, { id })).data.segment!.size).toBe(1);
});

test("another process's cached catalogue follows segments created and changed here", async () => {
  const tag = uniq('t');
  const u = uniq('u');
  await w.send([identify({ userId: u }, { tag, plan: 'free' })]);
  const uid = (await profileOf(t.database.db, 'user_id', u))!;
  // The listener of another server process: its own cache of the catalogue, warmed before the segment exists.
  const other = segmentListener({ timeZone: TZ });
  await setPlan(other, uid, 'free');

  const created = await t.op(CreateSegmentDocument, { input: { name: uniq('Pro'), definition: planIs(tag, 'pro') } });
  expect(created.errors).toBeUndefined();
  const seg = created.data.createSegment;
  expect(seg.size).toBe(0);

  // A segment it has not seen: read at once.
  await setPlan(other, uid, 'pro');
  expect(await feed(seg.id)).toEqual([[uid, 'ENTERED', 'DATA_CHANGE']]);

  // A definition it has cached, changed here: it evaluates the new one.
  const updated = await t.op(UpdateSegmentDocument, { id: seg.id, input: { name: seg.name, definition: planIs(tag, 'gold') } });
  expect(updated.errors).toBeUndefined();
  await setPlan(other, uid, 'gold');
  expect(await feed(seg.id)).toEqual([
    [uid, 'ENTERED', 'DATA_CHANGE'],
    [uid, 'EXITED', 'DEFINITION_CHANGE'],
    [uid, 'ENTERED', 'DATA_CHANGE'],
  ]);

  // And what it keeps equals a fresh evaluation.
  const catalog = await readCatalog(t.database);
  const entry = catalog.active.find((e) => e.segment.id === seg.id)!;
  const fresh = await memberIds(t.database, compileDefinition(entry.definition, { now: new Date(), timeZone: TZ, segments: catalog.lookup }));
  const [{ n }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from segment_memberships where segment_id = ${seg.id}::uuid and exited_at is null`);
  expect([...fresh]).toEqual([uid]);
  expect(n).toBe(1);
});

/** A new profile on the free plan and a new segment of the pro plan, both of a tag of their own. */
async function freeProfileAndProSegment() {
  const tag = uniq('t');
  const u = uniq('u');
  await w.send([identify({ userId: u }, { tag, plan: 'free' })]);
  const uid = (await profileOf(t.database.db, 'user_id', u))!;
  const created = await t.op(CreateSegmentDocument, { input: { name: uniq('Pro'), definition: planIs(tag, 'pro') } });
  expect(created.errors).toBeUndefined();
  return { uid, seg: created.data.createSegment };
}

test('a write that moves cached segments sends two statements, the lock and a reconcile that checks the catalogue itself', async () => {
  const { uid, seg } = await freeProfileAndProSegment();
  const listener = segmentListener({ timeZone: TZ });
  await setPlan(listener, uid, 'free');

  // Warm: the listener's own statements only (the trait update and the transaction's BEGIN/COMMIT are not its).
  let sent = -1;
  await t.database.db.transaction(async (tx) => {
    await tx.execute(sql`update customers set traits = traits || '{"plan": "pro"}'::jsonb where id = ${uid}::uuid`);
    const changes: ProfileChanges = new Map();
    addChange(changes, uid, 'TRAIT');
    const before = t.database.statements.count;
    await listener(tx, changes);
    sent = t.database.statements.count - before;
  });
  expect(sent).toBe(2);
  expect(await feed(seg.id)).toEqual([[uid, 'ENTERED', 'DATA_CHANGE']]);
});

test('times logged by a write never precede the last logged change, even from a process whose clock is behind', async () => {
  const { uid, seg } = await freeProfileAndProSegment();
  const ahead = segmentListener({ timeZone: TZ });
  const behind = segmentListener({ timeZone: TZ });
  await setPlan(ahead, uid, 'free');
  await setPlan(behind, uid, 'free');

  const later = new Date(Date.now() + 3_600_000);
  try {
    clock.set(later);
    await setPlan(ahead, uid, 'pro');
    clock.set(new Date(later.getTime() - 7_200_000));
    await setPlan(behind, uid, 'free');
  } finally {
    clock.set(null);
  }
  const res = await t.op(MembershipChangesDocument, { segmentIds: [seg.id], first: 10 });
  const times = res.data.segmentMembershipChanges.nodes.map((n) => [n.change, new Date(n.occurredAt).getTime()]);
  expect(times).toEqual([
    ['ENTERED', later.getTime()],
    ['EXITED', later.getTime()],
  ]);
  const [interval] = await rows<{ ordered: boolean }>(
    t.database.db,
    sql`select exited_at >= entered_at as ordered from segment_memberships where segment_id = ${seg.id}::uuid and customer_id = ${uid}::uuid`,
  );
  expect(interval).toEqual({ ordered: true });
});

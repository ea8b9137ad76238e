import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import { addChange, type ProfileChanges } from '../../src/profiles/profileChanged';
import { clock } from '../../src/shared/clock';
import { alias, identify, newWriter, orderCompleted, profileOf, uniq, type Writer } from '../factories/messages';
import {
  ArchiveSegmentDocument, CreateSegmentDocument, RefitModelsDocument, CustomerSegmentsDocument, MembershipChangesDocument, SegmentMembersDocument, SegmentsDocument,
  SegmentSizeHistoryDocument, UpdateSegmentDocument, type SegmentCondition,
} from '../generated/graphql';
import { testDbMode } from '../helpers/db';
import { startListeningServer, type TestServer } from '../helpers/server';

/**
 * Issue 5 §2–3: stored segments keep an exact, remembered membership. Writes move customers in and out in the
 * writer's transaction (once per batch), merges exit the merged-away profile, definition changes and archives log
 * their changes, and the change feed pages in commit order.
 */

let t: TestServer & { base: string };
let w: Writer;
/** Every test's segments select on a trait of its own, so the tests do not see each other's customers. */
const planIs = (tag: string, plan: string): SegmentCondition => ({ and: [{ trait: { key: 'tag', operator: 'EQ', value: tag } }, { trait: { key: 'plan', operator: 'EQ', value: plan } }] });

beforeAll(async () => {
  t = await startListeningServer();
  w = await newWriter(t.database.db, t.base);
});
afterEach(() => clock.set(null));
afterAll(() => t.close());

async function create(name: string, definition: SegmentCondition) {
  const res = await t.op(CreateSegmentDocument, { input: { name, definition } });
  expect(res.errors).toBeUndefined();
  return res.data.createSegment;
}

async function feed(segmentIds: string[], after?: string | null) {
  const res = await t.op(MembershipChangesDocument, { segmentIds, after, first: 1000 });
  expect(res.errors).toBeUndefined();
  return res.data.segmentMembershipChanges;
}

test('every database starts with the built-in segments, defined by conditions', async () => {
  const res = await t.op(SegmentsDocument, {});
  const keys = res.data.segments.map((s) => s.builtinKey).filter(Boolean).sort();
  expect(keys).toEqual(['ABOUT_TO_CHURN', 'DETRACTORS_OPEN_TICKET', 'NEW_CUSTOMERS', 'REPURCHASE_DUE', 'SLEEPING', 'VIP']);
});

test('createSegment evaluates at once; writes move customers in and out with the message that caused it', async () => {
  const tag = uniq('t');
  const [ann, bob] = [uniq('ann'), uniq('bob')];
  await w.send([identify({ userId: ann }, { tag, plan: 'pro' }), identify({ userId: bob }, { tag, plan: 'free' })]);
  const annId = (await profileOf(t.database.db, 'user_id', ann))!;
  const bobId = (await profileOf(t.database.db, 'user_id', bob))!;

  const seg = await create(uniq('Pro'), planIs(tag, 'pro'));
  expect(seg).toMatchObject({ size: 1, version: 1, builtinKey: null });
  const first = await feed([seg.id]);
  expect(first.nodes).toMatchObject([{ customerId: annId, change: 'ENTERED', reason: 'DEFINITION_CHANGE', causedBy: null }]);

  const upgrade = identify({ userId: bob }, { plan: 'pro' });
  const downgrade = identify({ userId: ann }, { plan: 'free' });
  await w.send([upgrade, downgrade]);
  const next = await feed([seg.id], first.endCursor);
  expect(next.nodes.map((n) => [n.customerId, n.change, n.reason, n.causedBy?.messageId])).toEqual(
    [[annId, 'EXITED', 'DATA_CHANGE', downgrade.messageId], [bobId, 'ENTERED', 'DATA_CHANGE', upgrade.messageId]].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );
  expect(Number(next.nodes[0].cursor)).toBeGreaterThan(Number(first.endCursor));
  expect(next.hasNextPage).toBe(false);

  const mine = await t.op(CustomerSegmentsDocument, { id: bobId });
  expect(mine.data.customer!.segments.map((s) => s.id)).toContain(seg.id);
  expect(mine.data.customer!.segmentHistory.filter((h) => h.segmentId === seg.id)).toEqual([{ segmentId: seg.id, change: 'ENTERED', reason: 'DATA_CHANGE' }]);
});

test('a customer who enters and leaves within one batch logs nothing', async () => {
  const tag = uniq('t');
  const u = uniq('u');
  await w.send([identify({ userId: u }, { tag, plan: 'free' })]);
  const seg = await create(uniq('Pro'), planIs(tag, 'pro'));
  const at = Date.now();
  await w.send([
    identify({ userId: u }, { plan: 'pro' }, { timestamp: new Date(at - 2000).toISOString() }),
    identify({ userId: u }, { plan: 'free' }, { timestamp: new Date(at - 1000).toISOString() }),
  ]);
  expect((await feed([seg.id])).nodes).toEqual([]);
});

test('a merge exits the merged-away profile (reason MERGE) and the survivor enters where needed', async () => {
  const tag = uniq('t');
  const [anon, user] = [uniq('anon'), uniq('user')];
  await w.send([identify({ anonymousId: anon }, { tag }), identify({ userId: user }, { tag })]);
  const anonId = (await profileOf(t.database.db, 'anonymous_id', anon))!;
  const seg = await create(uniq('Anonymous visitors'), { and: [{ trait: { key: 'tag', operator: 'EQ', value: tag } }, { identity: { type: 'anonymous_id' } }] });
  expect(seg.size).toBe(1);
  const before = await feed([seg.id]);

  await w.send([alias(anon, user)]);
  const survivor = (await profileOf(t.database.db, 'user_id', user))!;
  expect(await profileOf(t.database.db, 'anonymous_id', anon)).toBe(survivor);
  const changes = (await feed([seg.id], before.endCursor)).nodes;
  if (survivor === anonId) {
    expect(changes).toEqual([]);
  } else {
    expect(changes.map((c) => [c.customerId, c.change, c.reason, c.mergedIntoId, c.customer?.id])).toEqual(
      [[anonId, 'EXITED', 'MERGE', survivor, survivor], [survivor, 'ENTERED', 'MERGE', null, survivor]].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  }
  const members = await t.op(SegmentMembersDocument, { id: seg.id });
  expect(members.data.segment!.members.map((m) => m.customerId)).toEqual([survivor]);
});

test('updateSegment keeps every version and logs DEFINITION_CHANGE; members(asOf) and sizeHistory answer for the past', async () => {
  const tag = uniq('t');
  const users = [uniq('a'), uniq('b'), uniq('c')];
  await w.send(users.map((u, i) => identify({ userId: u }, { tag, plan: i < 2 ? 'pro' : 'free' })));
  const ids = await Promise.all(users.map(async (u) => (await profileOf(t.database.db, 'user_id', u))!));
  const t0 = new Date('2030-01-01T00:00:00Z');
  clock.set(t0);
  const seg = await create(uniq('Plan'), planIs(tag, 'pro'));
  clock.set(new Date(t0.getTime() + 86_400_000));
  const updated = await t.op(UpdateSegmentDocument, { id: seg.id, input: { name: seg.name, definition: planIs(tag, 'free') } });
  expect(updated.errors).toBeUndefined();
  expect(updated.data.updateSegment).toMatchObject({ version: 2, size: 1 });
  expect(updated.data.updateSegment.definitionVersions.map((v) => v.version)).toEqual([1, 2]);
  expect(updated.data.updateSegment.definitionVersions[0].definition).toEqual(planIs(tag, 'pro'));

  const changes = (await feed([seg.id])).nodes;
  expect(changes.filter((c) => c.reason === 'DEFINITION_CHANGE')).toHaveLength(5);

  const asOf = async (at: Date | null) =>
    (await t.op(SegmentMembersDocument, { id: seg.id, asOf: at?.toISOString() })).data.segment!.members.map((m) => m.customerId);
  expect(await asOf(new Date(t0.getTime() + 3_600_000))).toEqual([ids[0], ids[1]].sort());
  expect(await asOf(null)).toEqual([ids[2]]);
  expect(await asOf(new Date(t0.getTime() - 1))).toEqual([]);

  const page = await t.op(SegmentMembersDocument, { id: seg.id, asOf: new Date(t0.getTime() + 1).toISOString(), first: 1 });
  const rest = await t.op(SegmentMembersDocument, { id: seg.id, asOf: new Date(t0.getTime() + 1).toISOString(), first: 1, after: page.data.segment!.members[0].customerId });
  expect([...page.data.segment!.members, ...rest.data.segment!.members].map((m) => m.customerId)).toEqual([ids[0], ids[1]].sort());

  const history = await t.op(SegmentSizeHistoryDocument, {
    id: seg.id, from: new Date(t0.getTime() - 43_200_000).toISOString(), to: new Date(t0.getTime() + 2 * 86_400_000).toISOString(), interval: 'PT12H',
  });
  expect(history.data.segment!.sizeHistory.map((p) => p.size)).toEqual([0, 2, 2, 1, 1, 1]);
});

test('updating a segment re-evaluates the segments that reference it', async () => {
  const tag = uniq('t');
  const [pro, free] = [uniq('pro'), uniq('free')];
  await w.send([identify({ userId: pro }, { tag, plan: 'pro' }), identify({ userId: free }, { tag, plan: 'free' })]);
  const base = await create(uniq('Base'), planIs(tag, 'pro'));
  const user = await create(uniq('User'), { and: [{ inSegment: base.id }, { trait: { key: 'tag', operator: 'EQ', value: tag } }] });
  const before = await feed([user.id]);
  expect(before.nodes.map((n) => n.customerId)).toEqual([await profileOf(t.database.db, 'user_id', pro)]);
  const res = await t.op(UpdateSegmentDocument, { id: base.id, input: { name: base.name, definition: planIs(tag, 'free') } });
  expect(res.errors).toBeUndefined();
  const after = await feed([user.id], before.endCursor);
  expect(after.nodes.map((n) => [n.customerId, n.change, n.reason])).toEqual(
    [
      [await profileOf(t.database.db, 'user_id', pro), 'EXITED', 'DEFINITION_CHANGE'],
      [await profileOf(t.database.db, 'user_id', free), 'ENTERED', 'DEFINITION_CHANGE'],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );
});

test('with no new data, the time sweep moves window segments (reason TIME); a refit moves segments on model fields (MODEL_REFIT)', async () => {
  const tag = uniq('t');
  const u = uniq('u');
  const now = Date.now();
  const daysAgo = (d: number) => new Date(now - d * 86_400_000).toISOString();
  await w.send([
    identify({ userId: u }, { tag }, { timestamp: daysAgo(9) }),
    orderCompleted({ userId: u }, { order_id: uniq('o'), total: '20.00', currency: 'USD' }, { timestamp: daysAgo(9) }),
    orderCompleted({ userId: u }, { order_id: uniq('o'), total: '30.00', currency: 'USD' }, { timestamp: daysAgo(1) }),
  ]);
  const id = (await profileOf(t.database.db, 'user_id', u))!;
  const recent = await create(uniq('Recent'), { and: [{ trait: { key: 'tag', operator: 'EQ', value: tag } }, { order: { within: 'P7D' } }] });
  const scored = await create(uniq('Scored'), { and: [{ trait: { key: 'tag', operator: 'EQ', value: tag } }, { metric: { field: 'P_ALIVE', operator: 'EXISTS' } }] });
  expect(recent.size).toBe(1);

  clock.set(new Date(now + 8 * 86_400_000));
  expect(await t.strata.sweepSegments()).toMatchObject({ exited: expect.any(Number) });
  expect((await feed([recent.id])).nodes.map((n) => [n.customerId, n.change, n.reason])).toEqual([[id, 'ENTERED', 'DEFINITION_CHANGE'], [id, 'EXITED', 'TIME']]);

  const wasScored = (await feed([scored.id])).nodes.length > 0;
  const refit = await t.op(RefitModelsDocument, {});
  expect(refit.errors).toBeUndefined();
  const changes = (await feed([scored.id])).nodes;
  if (!wasScored) expect(changes.map((n) => [n.customerId, n.change, n.reason])).toEqual([[id, 'ENTERED', 'MODEL_REFIT']]);
  expect((await t.op(SegmentMembersDocument, { id: scored.id })).data.segment!.members.map((m) => m.customerId)).toEqual([id]);
});

test('archiveSegment exits everyone; a segment still referenced cannot be archived', async () => {
  const tag = uniq('t');
  await w.send([identify({ userId: uniq('u') }, { tag, plan: 'pro' })]);
  const base = await create(uniq('Base'), planIs(tag, 'pro'));
  const user = await create(uniq('User'), { inSegment: base.id });
  expect(user.size).toBe(1);

  const refused = await t.op(ArchiveSegmentDocument, { id: base.id });
  expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'id' });

  const archived = await t.op(ArchiveSegmentDocument, { id: user.id });
  expect(archived.data.archiveSegment).toMatchObject({ size: 0 });
  expect(archived.data.archiveSegment.archivedAt).not.toBeNull();
  expect((await feed([user.id])).nodes.map((n) => [n.change, n.reason])).toEqual([['ENTERED', 'DEFINITION_CHANGE'], ['EXITED', 'ARCHIVE']]);
  const listed = await t.op(SegmentsDocument, {});
  expect(listed.data.segments.map((s) => s.id)).not.toContain(user.id);
  expect((await t.op(SegmentsDocument, { includeArchived: true })).data.segments.map((s) => s.id)).toContain(user.id);
});

test('bad input is refused with a stable code and the field at fault', async () => {
  const bad = await t.op(CreateSegmentDocument, { input: { name: 'x', definition: { and: [{ event: { name: 'x', within: '30d' } }] } } });
  expect(bad.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.definition.and.0.event.within' });
  const name = uniq('Same');
  await create(name, { identity: { type: 'email' } });
  const dup = await t.op(CreateSegmentDocument, { input: { name, definition: { identity: { type: 'email' } } } });
  expect(dup.errors?.[0].extensions).toEqual({ code: 'CONFLICT', field: 'input.name' });
  const cursor = await t.op(MembershipChangesDocument, { after: 'abc' });
  expect(cursor.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  const big = await t.op(MembershipChangesDocument, { first: 10_001 });
  expect(big.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  // An id of no segment is not a segment without changes; an archived one still has its history.
  const known = (await create(uniq('Known'), { identity: { type: 'phone' } })).id;
  const archived = (await create(uniq('Archived'), { identity: { type: 'email' } })).id;
  expect((await t.op(ArchiveSegmentDocument, { id: archived })).errors).toBeUndefined();
  const unknown = await t.op(MembershipChangesDocument, { segmentIds: [known, '00000000-0000-4000-8000-000000000000'] });
  expect(unknown.errors?.[0].extensions).toEqual({ code: 'NOT_FOUND', field: 'segmentIds.1' });
  const history = await t.op(MembershipChangesDocument, { segmentIds: [archived, known] });
  expect(history.errors).toBeUndefined();
  const reader = await t.key('profiles:read');
  const denied = await t.op(MembershipChangesDocument, {}, reader);
  expect(denied.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
});

const postgresOnly = testDbMode() === 'postgres' ? test : test.skip;

postgresOnly('the feed never skips: a change committed after a later one is still read, in cursor (commit) order', async () => {
  const tag = uniq('t');
  const [slow, fast] = [uniq('slow'), uniq('fast')];
  await w.send([identify({ userId: slow }, { tag, plan: 'free' }), identify({ userId: fast }, { tag, plan: 'free' })]);
  const seg = await create(uniq('Pro'), planIs(tag, 'pro'));
  const slowId = (await profileOf(t.database.db, 'user_id', slow))!;
  const start = (await feed([seg.id])).endCursor;

  // A writer that has appended its change and not committed yet.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let appended!: () => void;
  const didAppend = new Promise<void>((r) => (appended = r));
  const slowTx = t.database.db.transaction(async (tx) => {
    await tx.execute(sql`update customers set traits = traits || '{"plan":"pro"}'::jsonb where id = ${slowId}::uuid`);
    const changes: ProfileChanges = new Map();
    addChange(changes, slowId, 'TRAIT');
    await t.strata.services.profileChanges.profileChanged(tx, changes);
    appended();
    await held;
  });
  await didAppend;
  // A later write: it cannot take a cursor until the first commits.
  const fastWrite = w.send([identify({ userId: fast }, { plan: 'pro' })]);
  await new Promise((r) => setTimeout(r, 300));
  expect((await feed([seg.id], start)).nodes).toEqual([]);
  release();
  await slowTx;
  await fastWrite;
  const after = (await feed([seg.id], start)).nodes;
  expect(after.map((n) => n.customerId)).toEqual([slowId, (await profileOf(t.database.db, 'user_id', fast))!]);
  expect(Number(after[0].cursor)).toBeLessThan(Number(after[1].cursor));
  const [{ n }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from segment_memberships where segment_id = ${seg.id}::uuid and exited_at is null`);
  expect(n).toBe(2);
});

import { ConflictsDocument, ExplainProfileDocument, IngestDocument } from '../generated/graphql';
import { startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const at = (iso: string) => new Date(iso).toISOString();

test('a merge is explained: identity evidence, merge history with rule and message, and trait provenance', async () => {
  const res = await t.op(IngestDocument, {
    batch: [
      { type: 'IDENTIFY', messageId: 'e-1', anonymousId: 'anon-e', traits: { plan: 'free', email: 'x@example.com' }, timestamp: at('2026-01-01T00:00:00Z') },
      { type: 'TRACK', messageId: 'e-2', userId: 'user-e', event: 'Order Completed', properties: { order_id: 'e-o1', total: '5.00' }, timestamp: at('2026-02-01T00:00:00Z') },
      { type: 'IDENTIFY', messageId: 'e-3', anonymousId: 'anon-e', userId: 'user-e', traits: { plan: 'pro' }, timestamp: at('2026-03-01T00:00:00Z') },
    ],
  });
  const ids = res.data.ingest.map((r) => r.customerId);
  expect(new Set(ids).size).toBe(1);
  const survivor = ids[0]!;
  const c = (await t.op(ExplainProfileDocument, { id: survivor, eventName: 'Order Completed' })).data.customer!;
  expect(c.orderCount).toBe(1);
  expect(c.lastOrderAt).toBe('2026-02-01T00:00:00.000Z');
  expect(c.identityGraph.map((i) => [i.type, i.value, i.messageId, i.source?.name])).toEqual([
    ['anonymous_id', 'anon-e', 'e-1', 'api'],
    ['email', 'x@example.com', 'e-1', 'api'],
    ['user_id', 'user-e', 'e-2', 'api'],
  ]);
  expect(c.mergeHistory).toHaveLength(1);
  expect(c.mergeHistory[0]).toMatchObject({ rule: 'SHARED_IDENTITY', messageId: 'e-3', identityType: 'user_id' });
  expect(c.mergeHistory[0].mergedId).not.toBe(survivor);
  expect(c.traitValues.find((v) => v.key === 'plan')).toMatchObject({ value: 'pro', messageId: 'e-3', observedAt: '2026-03-01T00:00:00.000Z' });
  expect(c.events.edges.map((e) => e.node.name)).toEqual(['Order Completed']);

  const masked = (await t.op(ExplainProfileDocument, { id: c.mergeHistory[0].mergedId }, await t.key('profiles:read'))).data.customer!;
  expect(masked.id).toBe(survivor);
  expect(masked.traitValues.find((v) => v.key === 'email')!.value).toBeNull();
});

test('a shared device is a conflict, listed newest first with the profiles involved', async () => {
  const res = await t.op(IngestDocument, {
    batch: [
      { type: 'IDENTIFY', messageId: 's-1', anonymousId: 'kiosk', userId: 'alice', timestamp: at('2026-04-01T00:00:00Z') },
      { type: 'IDENTIFY', messageId: 's-2', anonymousId: 'kiosk', userId: 'bob', timestamp: at('2026-04-02T00:00:00Z') },
    ],
  });
  const [alice, bob] = res.data.ingest.map((r) => r.customerId);
  expect(alice).not.toBe(bob);
  const conflicts = (await t.op(ConflictsDocument, { first: 10 })).data.identityConflicts;
  expect(conflicts.edges[0].node).toMatchObject({ customerId: bob, identityType: 'user_id', rule: 'LIMIT_EXCEEDED', messageId: 's-2', profileIds: [alice] });
  const bad = await t.op(ConflictsDocument, { after: 'nope' });
  expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
});

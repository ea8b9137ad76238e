import { clock } from '../../src/shared/clock';
import { makeCustomer } from '../factories/profiles';
import { CustomerMatchesDocument, PreviewSegmentDocument, type SegmentCondition } from '../generated/graphql';
import { startTestServer, type TestServer } from '../helpers/server';

/** previewSegment and Customer.matches through the HTTP endpoint: results, refusals with their paths, scopes, PII. */

let t: TestServer;
const ids: Record<string, string> = {};
const EVIL = `'); drop table customers; --`;

beforeAll(async () => {
  t = await startTestServer();
  const db = t.database.db;
  ids.pro = await makeCustomer(db, { traits: { plan: 'pro', email: 'ann@example.com' }, identities: [['email', 'ann@example.com']], orders: 3 });
  ids.free = await makeCustomer(db, { traits: { plan: 'free' }, identities: [['user_id', 'u-2']], events: 2 });
  ids.evil = await makeCustomer(db, { traits: { plan: EVIL } });
  ids.merged = await makeCustomer(db, { traits: { plan: 'pro' }, identities: [['phone', '+14155550100']], mergedIntoId: ids.free });
});
afterAll(() => t.close());

const preview = (definition: unknown, key?: string, sampleSize?: number) => t.op(PreviewSegmentDocument, { definition: definition as SegmentCondition, sampleSize }, key);

test('previewSegment counts the live profiles a definition selects and samples their ids', async () => {
  const res = await preview({ or: [{ trait: { key: 'plan', operator: 'EQ', value: 'pro' } }, { identity: { type: 'phone' } }] });
  expect(res.errors).toBeUndefined();
  // The merged-away profile is not counted; its phone makes its survivor (free) a member.
  expect(res.data.previewSegment.count).toBe(2);
  expect(res.data.previewSegment.sampleIds).toEqual([ids.pro, ids.free].sort());
  expect(new Date(res.data.previewSegment.evaluatedAt).getTime()).toBeLessThanOrEqual(Date.now());
});

test('the sample is capped by sampleSize while the count is not', async () => {
  const res = await preview({ trait: { key: 'plan', operator: 'EXISTS' } }, undefined, 1);
  expect(res.data.previewSegment).toMatchObject({ count: 3, sampleIds: [[ids.pro, ids.free, ids.evil].sort()[0]] });
  const bad = await preview({ trait: { key: 'plan', operator: 'EXISTS' } }, undefined, 101);
  expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sampleSize' });
});

test('values are data, not SQL', async () => {
  const res = await preview({ trait: { key: 'plan', operator: 'IN', values: [EVIL, 'x'] } });
  expect(res.data.previewSegment).toMatchObject({ count: 1, sampleIds: [ids.evil] });
});

test.each<[string, unknown, string, string]>([
  ['a bad window deep in the tree', { and: [{ identity: { type: 'email' } }, { event: { name: 'x', within: '30d' } }] }, 'BAD_USER_INPUT', 'definition.and.1.event.within'],
  ['two conditions in one node', { trait: { key: 'a', operator: 'EXISTS' }, identity: { type: 'email' } }, 'BAD_USER_INPUT', 'definition'],
  ['a missing operand', { or: [{ trait: { key: 'plan', operator: 'IN' } }] }, 'BAD_USER_INPUT', 'definition.or.0.trait.values'],
  ['an operand of the wrong type', { metric: { field: 'RFM_CELL', operator: 'EQ', value: 5 } }, 'BAD_USER_INPUT', 'definition.metric.value'],
  ['an unknown segment', { not: { inSegment: '00000000-0000-4000-8000-000000000001' } }, 'NOT_FOUND', 'definition.not.inSegment'],
])('%s is refused with the path of the node at fault', async (_name, definition, code, field) => {
  const res = await preview(definition);
  expect(res.data).toBeNull();
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0].extensions).toEqual({ code, field });
});

test('previewSegment needs segments:write; matches needs segments:read', async () => {
  const reader = await t.key('profiles:read', 'segments:read');
  const profilesOnly = await t.key('profiles:read');
  const writer = await t.key('segments:write');
  const definition = { identity: { type: 'email' } };
  expect((await preview(definition, reader)).errors?.[0].extensions.code).toBe('FORBIDDEN');
  expect((await preview(definition, writer)).data.previewSegment.count).toBe(1);

  const asked = await t.op(CustomerMatchesDocument, { id: ids.pro, definition }, reader);
  expect(asked.errors).toBeUndefined();
  expect(asked.data.customer).toEqual({ id: ids.pro, matches: true });
  const refused = await t.op(CustomerMatchesDocument, { id: ids.pro, definition }, profilesOnly);
  expect(refused.errors?.[0]).toMatchObject({ path: ['customer', 'matches'], extensions: { code: 'FORBIDDEN' } });
});

test('a condition on a PII trait value needs pii:read; testing its presence does not', async () => {
  const writer = await t.key('segments:write');
  const piiWriter = await t.key('segments:write', 'pii:read');
  const onValue = { and: [{ identity: { type: 'email' } }, { trait: { key: 'email', operator: 'EQ', value: 'ann@example.com' } }] };
  const refused = await preview(onValue, writer);
  expect(refused.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', field: 'definition.and.1.trait.key' });
  expect((await preview(onValue, piiWriter)).data.previewSegment.count).toBe(1);
  expect((await preview({ trait: { key: 'email', operator: 'EXISTS' } }, writer)).data.previewSegment.count).toBe(1);
});

test('Customer.matches on a merged-away id answers for the survivor, members included', async () => {
  const res = await t.op(CustomerMatchesDocument, { id: ids.merged, definition: { identity: { type: 'phone' } } });
  expect(res.data.customer).toEqual({ id: ids.free, matches: true });
  const bad = await t.op(CustomerMatchesDocument, { id: ids.free, definition: { event: { atLeast: 2, atMost: 1 } } });
  expect(bad.errors?.[0]).toMatchObject({ path: ['customer', 'matches'], extensions: { code: 'BAD_USER_INPUT', field: 'definition.event.atMost' } });
});

test('a definition written inline in the query (JSON literals, enum names) works like one sent as a variable', async () => {
  const res = await t.gql(`{ previewSegment(definition: { and: [
    { order: { atLeast: 1 } },
    { not: { order: { within: "P90D" } } },
    { trait: { key: "plan", operator: IN, values: ["pro", 3, true] } }
  ] }) { count sampleIds } }`);
  // Mixed JSON types in one IN list are refused wherever they come from.
  expect(res.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'definition.and.2.trait.values' });
  const sleeping = `{ previewSegment(definition: { and: [
    { order: { atLeast: 1 } },
    { not: { order: { within: "P90D" } } },
    { trait: { key: "plan", operator: IN, values: ["pro", "team"] } }
  ] }) { count sampleIds } }`;
  // The pro customer's last order is on 2026-06-03 (makeCustomer): 90 days later it is still recent, 91 days later not.
  try {
    clock.set(new Date('2026-09-01T12:00:00Z'));
    expect((await t.gql(sleeping)).body.data.previewSegment.count).toBe(0);
    clock.set(new Date('2026-09-02T12:00:00Z'));
    expect((await t.gql(sleeping)).body.data.previewSegment).toEqual({ count: 1, sampleIds: [ids.pro] });
  } finally {
    clock.set(null);
  }
});

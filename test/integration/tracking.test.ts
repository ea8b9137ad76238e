import { Analytics } from '@segment/analytics-node';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import { createApiKey } from '../../src/auth/keys';
import { ensureSource } from '../../src/ingestion/sources';
import { startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
let base: string;
let writeKey: string;
beforeAll(async () => {
  t = await startTestServer({ LOG_LEVEL: process.env.DEBUG_LOG ? 'error' : 'silent' });
  base = `http://127.0.0.1:${await t.strata.listen(0, '127.0.0.1')}`;
  const sourceId = await ensureSource(t.database.db, 'web');
  writeKey = (await createApiKey(t.database.db, { name: 'web writer', scopes: ['ingest:write'], sourceId })).secret;
});
afterAll(() => t.close());

const PROFILE = `query($type: String!, $value: String!) { customerByIdentity(type: $type, value: $value) {
  id traits identities { type value } orders { edges { node { orderId total currency } } } events(first: 50) { edges { node { type name } } } } }`;

test('the official Segment SDK (analytics-node) ingests into one profile, unchanged', async () => {
  const analytics = new Analytics({ writeKey, host: base, flushAt: 20, maxRetries: 3 });
  analytics.identify({ anonymousId: 'anon-sdk-1', userId: 'sdk-user-1', traits: { email: 'SDK.User@Example.com', plan: 'pro' } });
  analytics.page({ anonymousId: 'anon-sdk-1', name: 'Home' });
  analytics.track({ userId: 'sdk-user-1', event: 'Product Viewed', properties: { sku: 'A1' } });
  analytics.track({ userId: 'sdk-user-1', event: 'Order Completed', properties: { order_id: 'sdk-o-1', total: 59.9, currency: 'usd' } });
  await analytics.closeAndFlush({ timeout: 10_000 });

  const res = await t.gql(PROFILE, { type: 'anonymous_id', value: 'anon-sdk-1' });
  const c = res.body.data.customerByIdentity;
  expect(c.identities).toEqual(expect.arrayContaining([
    { type: 'anonymous_id', value: 'anon-sdk-1' }, { type: 'user_id', value: 'sdk-user-1' }, { type: 'email', value: 'sdk.user@example.com' },
  ]));
  expect(c.traits).toMatchObject({ plan: 'pro', email: 'SDK.User@Example.com' });
  expect(c.orders.edges).toEqual([{ node: { orderId: 'sdk-o-1', total: '59.90', currency: 'USD' } }]);
  expect(c.events.edges.map((e: any) => `${e.node.type}:${e.node.name}`).sort()).toEqual(
    ['IDENTIFY:null', 'PAGE:Home', 'TRACK:Order Completed', 'TRACK:Product Viewed'].sort(),
  );
});

test('analytics-node alias: an anonymous id by default, a previous user id with context.previousIdType, merged across two user ids', async () => {
  const analytics = new Analytics({ writeKey, host: base, flushAt: 20, maxRetries: 3 });
  analytics.track({ userId: 'sdk-old-user', event: 'Signed Up', timestamp: new Date('2026-01-01T00:00:00Z') });
  analytics.track({ userId: 'sdk-new-user', event: 'Logged In', timestamp: new Date('2026-01-02T00:00:00Z') });
  analytics.track({ anonymousId: 'sdk-anon-9', event: 'Browsed', timestamp: new Date('2026-01-03T00:00:00Z') });
  await analytics.closeAndFlush({ timeout: 10_000 });
  const aliases = new Analytics({ writeKey, host: base, flushAt: 20, maxRetries: 3 });
  aliases.alias({ previousId: 'sdk-old-user', userId: 'sdk-new-user', context: { previousIdType: 'user_id' }, timestamp: new Date('2026-01-04T00:00:00Z') });
  aliases.alias({ previousId: 'sdk-anon-9', userId: 'sdk-new-user', timestamp: new Date('2026-01-05T00:00:00Z') });
  await aliases.closeAndFlush({ timeout: 10_000 });

  const c = (await t.gql(`query($type: String!, $value: String!) { customerByIdentity(type: $type, value: $value) {
    id identities { type value } mergeHistory { rule } } }`, { type: 'user_id', value: 'sdk-old-user' })).body.data.customerByIdentity;
  expect(c.identities).toEqual(expect.arrayContaining([
    { type: 'user_id', value: 'sdk-old-user' }, { type: 'user_id', value: 'sdk-new-user' }, { type: 'anonymous_id', value: 'sdk-anon-9' },
  ]));
  expect(c.mergeHistory).toEqual([{ rule: 'ALIAS' }, { rule: 'ALIAS' }]);
  const viaAnon = (await t.gql(PROFILE, { type: 'anonymous_id', value: 'sdk-anon-9' })).body.data.customerByIdentity;
  expect(viaAnon.id).toBe(c.id);
});

test('retries with the same messageIds are stored once', async () => {
  const batch = [
    { type: 'track', messageId: 'retry-1', userId: 'retry-user', event: 'Clicked', timestamp: new Date().toISOString() },
    { type: 'track', messageId: 'retry-2', userId: 'retry-user', event: 'Order Completed', properties: { order_id: 'r-o-1', total: '10.00' }, timestamp: new Date().toISOString() },
  ];
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${base}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`, 'x-retry-count': String(i) },
      body: JSON.stringify({ batch, sentAt: new Date().toISOString() }),
    });
    expect(res.status).toBe(200);
  }
  const [{ n }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from events where message_id in ('retry-1', 'retry-2')`);
  expect(n).toBe(2);
  const [{ o }] = await rows<{ o: number }>(t.database.db, sql`select count(*)::int as o from orders where order_id = 'r-o-1'`);
  expect(o).toBe(1);
});

test('the browser SDK paths: text/plain bodies with writeKey, short paths, settings and CORS', async () => {
  const pre = await fetch(`${base}/v1/t`, { method: 'OPTIONS', headers: { origin: 'https://shop.example.com' } });
  expect(pre.status).toBe(204);
  expect(pre.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
  const res = await fetch(`${base}/v1/t`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ writeKey, messageId: 'browser-1', anonymousId: 'anon-browser', event: 'Product Added', timestamp: new Date().toISOString() }),
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ success: true });
  const settings = await fetch(`${base}/v1/projects/${writeKey}/settings`);
  expect(settings.status).toBe(200);
  expect(((await settings.json()) as any).integrations['Segment.io'].apiKey).toBe(writeKey);
  const profile = await t.gql(PROFILE, { type: 'anonymous_id', value: 'anon-browser' });
  expect(profile.body.data.customerByIdentity.events.edges[0].node).toEqual({ type: 'TRACK', name: 'Product Added' });
});

test('a parseable batch answers 200 and drops invalid items, which are counted; oversize gets 4xx; bad keys 401', async () => {
  const auth = { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` };
  const counters = async () =>
    (await rows<{ accepted: number; rejected: number; dropped: number }>(
      t.database.db,
      sql`select coalesce(sum(accepted), 0)::int as accepted, coalesce(sum(rejected), 0)::int as rejected, coalesce(sum(dropped_identities), 0)::int as dropped from ingest_stats`,
    ))[0];
  const before = await counters();
  const res = await fetch(`${base}/v1/batch`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ batch: [
      { type: 'track', messageId: 'ok-1', userId: 'mixed-user', event: 'Fine' },
      { type: 'track', messageId: 'bad-1', userId: 'mixed-user' },
      { type: 'track', messageId: 'bad-2', userId: 'null', event: 'Junk id only' },
    ] }),
  });
  expect(res.status).toBe(200);
  // The junk userId of the third item counts as a dropped identifier even though its message is refused for it.
  const after = await counters();
  expect({ accepted: after.accepted - before.accepted, rejected: after.rejected - before.rejected, dropped: after.dropped - before.dropped })
    .toEqual({ accepted: 1, rejected: 2, dropped: 1 });
  const [{ n }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from events where message_id in ('ok-1','bad-1','bad-2')`);
  expect(n).toBe(1);

  const huge = await fetch(`${base}/v1/batch`, { method: 'POST', headers: auth, body: JSON.stringify({ batch: [{ type: 'track', messageId: 'big', userId: 'u', event: 'x', properties: { blob: 'x'.repeat(40_000) } }] }) });
  expect(huge.status).toBe(400);
  const tooBig = await fetch(`${base}/v1/batch`, { method: 'POST', headers: auth, body: JSON.stringify({ batch: [], pad: 'x'.repeat(600_000) }) });
  expect(tooBig.status).toBe(413);
  const noKey = await fetch(`${base}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messageId: 'x', userId: 'u', event: 'e' }) });
  expect(noKey.status).toBe(401);
  const readOnly = await t.key('profiles:read');
  const wrongScope = await fetch(`${base}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ writeKey: readOnly, messageId: 'x', userId: 'u', event: 'e' }) });
  expect(wrongScope.status).toBe(403);
});

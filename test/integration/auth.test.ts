import { eq } from 'drizzle-orm';
import { apiKeys } from '../../src/db/schema';
import { createApiKey } from '../../src/auth/keys';
import { makeCustomer } from '../factories/profiles';
import { startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
const ENV_ADMIN = 'sk_env_admin_key_for_tests_0123456789abcdefghijklmnop';
beforeAll(async () => {
  t = await startTestServer({ STRATA_ADMIN_KEY: ENV_ADMIN });
});
afterAll(() => t.close());

const Q = '{ customers(first: 1) { edges { cursor } } }';

test('POST /graphql without a key, or with an unknown one, is 401 UNAUTHENTICATED', async () => {
  const none = await t.http.post('/graphql').send({ query: Q });
  expect(none.status).toBe(401);
  expect(none.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  const wrong = await t.gql(Q, {}, 'sk_not_a_real_key');
  expect(wrong.status).toBe(401);
});

test('a key without the needed scope gets FORBIDDEN', async () => {
  const key = await t.key('segments:read');
  const res = await t.gql(Q, {}, key);
  expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
  expect(res.body.data).toBeNull();
});

test('revoked and expired keys stop working; STRATA_ADMIN_KEY works', async () => {
  const key = await t.key('profiles:read');
  expect((await t.gql(Q, {}, key)).status).toBe(200);
  await t.database.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.name, 'test profiles:read'));
  t.strata.services.keys.invalidate();
  expect((await t.gql(Q, {}, key)).status).toBe(401);

  const expired = await createApiKey(t.database.db, { name: 'old', scopes: ['admin'], expiresAt: new Date(Date.now() - 1000) });
  expect((await t.gql(Q, {}, expired.secret)).status).toBe(401);

  const env = await t.gql(Q, {}, ENV_ADMIN);
  expect(env.status).toBe(200);
  expect(env.body.errors).toBeUndefined();
});

test('keys are stored as SHA-256 only, never the secret', async () => {
  const created = await createApiKey(t.database.db, { name: 'hash-check', scopes: ['profiles:read'] });
  const [row] = await t.database.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
  expect(row.keyHash).toHaveLength(32);
  expect(JSON.stringify(row)).not.toContain(created.secret.slice(3));
});

describe('PII policy', () => {
  let id: string;
  beforeAll(async () => {
    id = await makeCustomer(t.database.db, {
      identities: [['email', 'ann@example.com'], ['phone', '+15550001111'], ['user_id', 'ann-1']],
      traits: { email: 'ann@example.com', first_name: 'Ann', plan: 'gold' },
      feedback: 1,
    });
  });
  const PROFILE = `query($id: ID!) { customer(id: $id) { traits identities { type value } feedback { edges { node { text score } } } } }`;

  test('without pii:read, PII identity values, traits and free text are null', async () => {
    const res = await t.gql(PROFILE, { id }, await t.key('profiles:read'));
    const c = res.body.data.customer;
    expect(c.traits).toEqual({ email: null, first_name: null, plan: 'gold' });
    expect(c.identities).toEqual(expect.arrayContaining([
      { type: 'email', value: null }, { type: 'phone', value: null }, { type: 'user_id', value: 'ann-1' },
    ]));
    expect(c.feedback.edges[0].node.text).toBeNull();
  });

  test('with pii:read, everything is visible', async () => {
    const res = await t.gql(PROFILE, { id }, await t.key('profiles:read', 'pii:read'));
    const c = res.body.data.customer;
    expect(c.traits.email).toBe('ann@example.com');
    expect(c.identities).toEqual(expect.arrayContaining([{ type: 'email', value: 'ann@example.com' }]));
    expect(c.feedback.edges[0].node.text).toBe('comment 0');
  });

  test('customerByIdentity with a PII type needs pii:read (no existence oracle) and normalises the value', async () => {
    const q = `query($t: String!, $v: String!) { customerByIdentity(type: $t, value: $v) { id } }`;
    const denied = await t.gql(q, { t: 'email', v: 'ann@example.com' }, await t.key('profiles:read'));
    expect(denied.body.errors[0].extensions).toEqual({ code: 'FORBIDDEN', field: 'type' });
    const allowed = await t.gql(q, { t: 'EMAIL', v: '  Ann@Example.COM ' }, await t.key('profiles:read', 'pii:read'));
    expect(allowed.body.data.customerByIdentity).toEqual({ id });
    const byUser = await t.gql(q, { t: 'user_id', v: 'ann-1' }, await t.key('profiles:read'));
    expect(byUser.body.data.customerByIdentity).toEqual({ id });
    const missing = await t.gql(q, { t: 'user_id', v: 'nobody' }, await t.key('profiles:read'));
    expect(missing.body.data.customerByIdentity).toBeNull();
  });
});

import { sql } from 'drizzle-orm';
import { makeCustomer } from '../factories/profiles';
import { startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

test('a query asking for too many nested items is refused before execution with BAD_USER_INPUT', async () => {
  await t.gql('{ __typename }');
  const before = t.database.statements.count;
  const res = await t.gql(`{ customers(first: 1000) { edges { node { id orders(first: 1000) { edges { node { id total } } } } } } }`);
  expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  expect(res.body.errors[0].message).toMatch(/complexity/);
  expect(res.status).toBe(400);
  expect(res.body.errors[0].extensions.http).toBeUndefined();
  expect(t.database.statements.count).toBe(before);
});

test('a query nested deeper than the limit is refused with BAD_USER_INPUT', async () => {
  const deep = `{ customers { edges { node { orders { edges { node { id } pageInfo { hasNextPage } } } } } } }`;
  const tight = await startTestServer({ MAX_QUERY_DEPTH: '4' });
  try {
    const refused = await tight.gql(deep);
    expect(refused.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.body.errors[0].message).toMatch(/depth/i);
  } finally {
    await tight.close();
  }
});

test('unexpected failures are masked as INTERNAL_SERVER_ERROR and never leak query parameters', async () => {
  const id = await makeCustomer(t.database.db, { identities: [['email', 'secret.person@example.com']] });
  await t.database.db.execute(sql`alter table identities rename column value to value_gone`);
  const logged: string[] = [];
  const original = t.strata.services.log.error;
  t.strata.services.log.error = (m, d) => void logged.push(JSON.stringify({ m, d }));
  try {
    const res = await t.gql(`query($id: ID!) { customer(id: $id) { id identities { type value } } }`, { id });
    const [error] = res.body.errors;
    expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.extensions.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(res.body)).not.toMatch(/value_gone|select|example\.com/i);
    expect(logged.join('\n')).toContain(error.extensions.errorId);
  } finally {
    t.strata.services.log.error = original;
    await t.database.db.execute(sql`alter table identities rename column value_gone to value`);
  }
});

test('variables that do not fit their types are refused as bad input naming the variable, not as an internal error', async () => {
  const before = t.database.statements.count;
  const res = await t.gql(`query($first: Int) { customers(first: $first) { edges { node { id } } } }`, { first: 'ten' });
  const [error] = res.body.errors;
  expect(error.extensions.code).toBe('BAD_USER_INPUT');
  expect(error.message).toMatch(/\$first/);
  expect(error.extensions.field).toBe('first');
  expect(t.database.statements.count).toBe(before);

  const nested = await t.gql(`mutation($i: SegmentInput!) { createSegment(input: $i) { id } }`, {
    i: { name: 'x', definition: { order: { operator: 'GTE', value: '100', measure: 'NET_REVENUE' } } },
  });
  expect(nested.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  expect(nested.body.errors[0].extensions.field).toBe('i.definition.order');
  expect(nested.status).toBe(400);
});

test('literals written in the document that do not fit their types name the argument path at fault', async () => {
  const key = await t.key('ingest:write');
  const res = await t.gql(`mutation { recordOrder(input: { messageId: "m", identities: [{ type: "user_id", value: "u" }, { type: "email" }],
    orderId: "o", total: "10.123456" }) { status } }`, {}, key);
  expect(res.status).toBe(400);
  expect(res.body.errors.map((e: { extensions: { code: string; field?: string } }) => e.extensions)).toEqual([
    { code: 'GRAPHQL_VALIDATION_FAILED', field: 'input.identities.1.value' },
    { code: 'GRAPHQL_VALIDATION_FAILED', field: 'input.total' },
  ]);
  const count = await t.gql(`{ customers(first: "ten") { edges { node { id } } } }`);
  expect(count.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', field: 'first' });
});

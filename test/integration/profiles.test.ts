import { eq } from 'drizzle-orm';
import { customers } from '../../src/db/schema';
import { makeCustomer } from '../factories/profiles';
import { CustomerProfileDocument } from '../generated/graphql';
import { startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const PROFILE = `query($id: ID!) { customer(id: $id) { id traits identities { type value }
  orders(first: 2) { edges { cursor node { orderId total currency } } pageInfo { hasNextPage endCursor } } } }`;

test('customer(id) returns the profile with identities and a page of orders, newest first', async () => {
  const id = await makeCustomer(t.database.db, { identities: [['user_id', 'u-1'], ['email', 'a@example.com']], orders: 3, traits: { plan: 'gold', email: 'a@example.com' } });
  const res = await t.op(CustomerProfileDocument, { id, ordersFirst: 2 });
  expect(res.status).toBe(200);
  expect(res.errors).toBeUndefined();
  const c = res.data.customer!;
  expect(c.id).toBe(id);
  expect(c.traits).toEqual({ plan: 'gold', email: 'a@example.com' });
  expect(c.identities.map(({ type, value }) => ({ type, value }))).toEqual([{ type: 'email', value: 'a@example.com' }, { type: 'user_id', value: 'u-1' }]);
  expect(c.orders.edges.map((e) => e.node.orderId)).toEqual([`o-${id.slice(0, 8)}-2`, `o-${id.slice(0, 8)}-1`]);
  expect(c.orders.edges[0].node.total).toBe('12.50');
  expect(c.orders.pageInfo.hasNextPage).toBe(true);
  const next = await t.op(CustomerProfileDocument, { id, ordersFirst: 2, ordersAfter: c.orders.pageInfo.endCursor });
  expect(next.data.customer!.orders.edges.map((e) => e.node.orderId)).toEqual([`o-${id.slice(0, 8)}-0`]);
  expect(next.data.customer!.orders.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
});

test('a merged-away id resolves to its survivor, whose history includes the merged profile', async () => {
  const survivor = await makeCustomer(t.database.db, { orders: 1, identities: [['user_id', 'surv']] });
  const loser = await makeCustomer(t.database.db, { orders: 2, identities: [['anonymous_id', 'anon-x']] });
  await t.database.db.update(customers).set({ mergedIntoId: survivor }).where(eq(customers.id, loser));
  const res = await t.gql(PROFILE, { id: loser });
  expect(res.body.data.customer.id).toBe(survivor);
  expect(res.body.data.customer.identities).toHaveLength(2);
  const all = await t.gql(`query($id: ID!) { customer(id: $id) { orders(first: 10) { edges { node { id } } } } }`, { id: survivor });
  expect(all.body.data.customer.orders.edges).toHaveLength(3);
});

test('a missing id is null; a malformed id or cursor is BAD_USER_INPUT naming the argument', async () => {
  const missing = await t.gql(PROFILE, { id: '00000000-0000-4000-8000-000000000000' });
  expect(missing.body.data.customer).toBeNull();
  const bad = await t.gql(PROFILE, { id: 'nope' });
  expect(bad.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
  const id = await makeCustomer(t.database.db, { orders: 1 });
  const badCursor = await t.gql(`query($id: ID!) { customer(id: $id) { orders(after: "zzz") { edges { cursor } } } }`, { id });
  expect(badCursor.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  const tooMany = await t.gql(`{ customers(first: 1001) { edges { cursor } } }`);
  expect(tooMany.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
});

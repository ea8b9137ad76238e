import { makeCustomer } from '../factories/profiles';
import { CustomersExplainedDocument, CustomersMetricsDocument, CustomersPageDocument, RecomputeMetricsDocument } from '../generated/graphql';
import { startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  const base = new Date('2026-01-01T00:00:00Z');
  for (let i = 0; i < 110; i++) {
    await makeCustomer(t.database.db, { identities: [['user_id', `u${i}`], ['anonymous_id', `a${i}`]], orders: 12, events: 12, feedback: 2, base });
  }
});
afterAll(() => t.close());

/** Statements issued by one request: the number the pinned-SQL tests of PostGraphile guard against N+1. */
async function statementsFor(first: number) {
  const before = t.database.statements.count;
  const res = await t.op(CustomersPageDocument, { first });
  expect(res.errors).toBeUndefined();
  return { count: t.database.statements.count - before, edges: res.data.customers.edges };
}

test('customers(first: 10) and customers(first: 100) with identities, orders, events and feedback cost the same 5 statements', async () => {
  await t.gql('{ __typename }'); // the key lookup is cached after the first request
  const ten = await statementsFor(10);
  const hundred = await statementsFor(100);
  expect(ten.edges).toHaveLength(10);
  expect(hundred.edges).toHaveLength(100);
  expect(hundred.edges.every((e) => e.node.orders.edges.length === 10 && e.node.events.edges.length === 10 && e.node.identities.length === 2)).toBe(true);
  // customers page + identities + orders + events + feedback
  expect(ten.count).toBe(5);
  expect(hundred.count).toBe(ten.count);
});

test('customer(id) for several ids in one request is one statement for the profiles', async () => {
  const { body } = await t.gql('{ customers(first: 3) { edges { node { id } } } }');
  const ids = body.data.customers.edges.map((e: any) => e.node.id);
  const before = t.database.statements.count;
  const res = await t.gql(`query($a: ID!, $b: ID!, $c: ID!) { a: customer(id: $a) { id } b: customer(id: $b) { id } c: customer(id: $c) { id } }`, { a: ids[0], b: ids[1], c: ids[2] });
  expect(res.body.data.c.id).toBe(ids[2]);
  expect(t.database.statements.count - before).toBe(1);
});

test('the explanation fields (identityGraph, mergeHistory, traitValues, counters, filtered events) also cost the same for 10 and 100', async () => {
  await t.gql('{ __typename }');
  const count = async (first: number) => {
    const before = t.database.statements.count;
    const res = await t.op(CustomersExplainedDocument, { first });
    expect(res.errors).toBeUndefined();
    expect(res.data.customers.edges).toHaveLength(first);
    return t.database.statements.count - before;
  };
  const ten = await count(10);
  // customers page + identities (identityGraph) + merges + trait values + filtered events
  expect(ten).toBe(5);
  expect(await count(100)).toBe(ten);
});

test('the computed fields (rfm, rfmTier, lifecycleStage, aiplStage, metricsComputedAt) cost one statement for 10 or 100 customers', async () => {
  expect((await t.op(RecomputeMetricsDocument, {})).data.recomputeMetrics).toBe(true);
  await t.gql('{ __typename }');
  const count = async (first: number) => {
    const before = t.database.statements.count;
    const res = await t.op(CustomersMetricsDocument, { first });
    expect(res.errors).toBeUndefined();
    expect(res.data.customers.edges).toHaveLength(first);
    expect(res.data.customers.edges.every((e) => e.node.rfm !== null && e.node.aiplStage === 'LOYALTY')).toBe(true);
    return t.database.statements.count - before;
  };
  const ten = await count(10);
  // customers page + stored metrics
  expect(ten).toBe(2);
  expect(await count(100)).toBe(ten);
});

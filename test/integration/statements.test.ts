import { makeCustomer } from '../factories/profiles';
import {
  CustomersExplainedDocument, CustomersMatchesDocument, CustomersMetricsDocument, CustomersModelDocument, CustomersPageDocument, PreviewSegmentDocument,
  RecomputeMetricsDocument, RefitModelsDocument, type SegmentCondition,
} from '../generated/graphql';
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

test('ltv (with predictions) and churnRisk (with drivers) cost the same statements for 10 or 100 customers', async () => {
  const refit = await t.op(RefitModelsDocument, {});
  expect(refit.errors).toBeUndefined();
  await t.gql('{ __typename }');
  const count = async (first: number) => {
    const before = t.database.statements.count;
    const res = await t.op(CustomersModelDocument, { first });
    expect(res.errors).toBeUndefined();
    expect(res.data.customers.edges).toHaveLength(first);
    expect(res.data.customers.edges.every((e) => e.node.churnRisk !== null && e.node.ltv.predicted !== null && e.node.churnRisk.drivers.length >= 2)).toBe(true);
    return t.database.statements.count - before;
  };
  const ten = await count(10);
  // customers page + stored model rows + the current fit (once per request) + NPS / open tickets for the drivers
  expect(ten).toBe(4);
  expect(await count(100)).toBe(ten);
});

test('Customer.matches costs one statement per distinct definition for 10 or 100 customers; previewSegment one, plus the segment catalogue', async () => {
  await t.gql('{ __typename }');
  const definition: SegmentCondition = { and: [{ identity: { type: 'user_id' } }, { order: { within: 'P3650D', atLeast: 12 } }, { not: { feedback: { nps: 'PROMOTER' } } }] };
  const other: SegmentCondition = { event: { name: 'Event 3', where: [{ key: 'i', operator: 'EQ', value: 3 }] } };
  const count = async (first: number) => {
    const before = t.database.statements.count;
    const res = await t.op(CustomersMatchesDocument, { first, definition, other });
    expect(res.errors).toBeUndefined();
    expect(res.data.customers.edges).toHaveLength(first);
    expect(res.data.customers.edges.every((e) => e.node.matches && e.node.other)).toBe(true);
    return t.database.statements.count - before;
  };
  const ten = await count(10);
  // customers page + the stored segments (for inSegment) once + one statement per definition
  expect(ten).toBe(4);
  expect(await count(100)).toBe(ten);

  const before = t.database.statements.count;
  const res = await t.op(PreviewSegmentDocument, { definition, sampleSize: 5 });
  expect(res.data.previewSegment.count).toBe(110);
  expect(t.database.statements.count - before).toBe(2);
});

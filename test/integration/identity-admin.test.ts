import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import { DeleteCustomerDocument, IngestDocument, PreviewMergeDocument, SplitCustomerDocument } from '../generated/graphql';
import { startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const at = (iso: string) => new Date(iso).toISOString();
async function ingest(batch: Parameters<typeof t.op<any, any>>[1]['batch']) {
  const res = await t.op(IngestDocument, { batch });
  expect(res.errors).toBeUndefined();
  return res.data.ingest;
}

test('deleteCustomer erases the person and their merged profiles, returns a receipt, and keeps late events out', async () => {
  const [a, , c] = await ingest([
    { type: 'IDENTIFY', messageId: 'd-1', anonymousId: 'd-anon', traits: { email: 'gone@example.com' }, timestamp: at('2026-01-01T00:00:00Z') },
    { type: 'TRACK', messageId: 'd-2', userId: 'd-user', event: 'Order Completed', properties: { order_id: 'd-o', total: '9.00' }, timestamp: at('2026-01-02T00:00:00Z') },
    { type: 'IDENTIFY', messageId: 'd-3', anonymousId: 'd-anon', userId: 'd-user', timestamp: at('2026-01-03T00:00:00Z') },
  ]);
  const survivor = c.customerId!;
  const receipt = (await t.op(DeleteCustomerDocument, { id: a.customerId!, reason: 'GDPR request 42' })).data.deleteCustomer;
  expect(receipt.customerId).toBe(survivor);
  expect(receipt.mergedIds).toHaveLength(1);
  expect(receipt.erasedIdentities).toBe(3);
  expect(receipt.deleted).toMatchObject({ customers: 2, identities: 3, orders: 1, events: 3 });
  expect(JSON.stringify(receipt)).not.toContain('gone@example.com');
  const gone = await t.gql('query($id: ID!) { customer(id: $id) { id } }', { id: survivor });
  expect(gone.body.data.customer).toBeNull();
  const [{ n }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from identities where value in ('gone@example.com', 'd-user', 'd-anon')`);
  expect(n).toBe(0);

  const [late] = await ingest([{ type: 'TRACK', messageId: 'd-4', userId: 'd-user', event: 'Came back' }]);
  expect(late).toMatchObject({ status: 'REJECTED', customerId: null });
  const [{ erased }] = await rows<{ erased: number }>(t.database.db, sql`select sum(erased)::int as erased from ingest_stats`);
  expect(erased).toBe(1);

  const again = await t.op(DeleteCustomerDocument, { id: survivor, reason: 'again' });
  expect(again.errors![0].extensions.code).toBe('NOT_FOUND');
  const forbidden = await t.op(DeleteCustomerDocument, { id: survivor, reason: 'x' }, await t.key('profiles:read'));
  expect(forbidden.errors![0].extensions.code).toBe('FORBIDDEN');
});

test('splitCustomer moves the chosen identities and what arrived only through them to a new profile', async () => {
  const [, , merged] = await ingest([
    { type: 'TRACK', messageId: 'p-1', anonymousId: 'p-anon', event: 'Order Completed', properties: { order_id: 'p-o1', total: '5.00' }, traits: {}, timestamp: at('2026-02-01T00:00:00Z') },
    { type: 'IDENTIFY', messageId: 'p-2', userId: 'p-user', traits: { plan: 'gold' }, timestamp: at('2026-02-02T00:00:00Z') },
    { type: 'IDENTIFY', messageId: 'p-3', anonymousId: 'p-anon', userId: 'p-user', timestamp: at('2026-02-03T00:00:00Z') },
  ]);
  const res = await t.op(SplitCustomerDocument, { customerId: merged.customerId!, identities: [{ type: 'anonymous_id', value: 'p-anon' }] });
  expect(res.errors).toBeUndefined();
  const s = res.data.splitCustomer;
  expect(s.customer.identities).toEqual([{ type: 'user_id', value: 'p-user' }]);
  expect(s.newCustomer.identities).toEqual([{ type: 'anonymous_id', value: 'p-anon' }]);
  expect(s.newCustomer.orderCount).toBe(1);
  expect(s.customer.orderCount).toBe(0);
  expect(s.movedMessages).toBe(1);

  // The split is remembered: a later message carrying both sides does not merge them again; an alias still can.
  const [again] = await ingest([{ type: 'TRACK', messageId: 'p-4', anonymousId: 'p-anon', userId: 'p-user', event: 'Both', timestamp: at('2026-02-04T00:00:00Z') }]);
  expect(again.customerId).toBe(s.customer.id);
  const [{ n }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from identity_conflicts where message_id = 'p-4' and rule = 'SEPARATED'`);
  expect(n).toBe(1);
  const anonProfile = await t.gql('query { customerByIdentity(type: "anonymous_id", value: "p-anon") { id } }');
  expect(anonProfile.body.data.customerByIdentity.id).toBe(s.newCustomer.id);
  const [aliased] = await ingest([{ type: 'ALIAS', messageId: 'p-5', previousId: 'p-anon', userId: 'p-user', timestamp: at('2026-02-05T00:00:00Z') }]);
  const joined = await t.gql('query { customerByIdentity(type: "anonymous_id", value: "p-anon") { id } }');
  expect(joined.body.data.customerByIdentity.id).toBe(aliased.customerId);
  expect(aliased.customerId).toBe((await t.gql('query { customerByIdentity(type: "user_id", value: "p-user") { id } }')).body.data.customerByIdentity.id);

  const bad = await t.op(SplitCustomerDocument, { customerId: merged.customerId!, identities: [{ type: 'user_id', value: 'someone-else' }] });
  expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'identities.0' });
});

test('previewMerge answers what a message would do, without writing', async () => {
  await ingest([
    { type: 'IDENTIFY', messageId: 'v-1', userId: 'v-a', anonymousId: 'v-anon-a' },
    { type: 'IDENTIFY', messageId: 'v-2', userId: 'v-b' },
    { type: 'IDENTIFY', messageId: 'v-3', anonymousId: 'v-anon-c' },
  ]);
  const before = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from customers`);
  const preview = async (identities: { type: string; value: string }[]) => (await t.op(PreviewMergeDocument, { identities })).data.previewMerge;
  expect((await preview([{ type: 'user_id', value: 'nobody' }])).outcome).toBe('CREATE');
  expect(await preview([{ type: 'user_id', value: 'v-a' }, { type: 'device_id', value: 'dev-1' }])).toMatchObject({ outcome: 'ATTACH', linkedIdentityTypes: ['device_id'] });
  expect(await preview([{ type: 'user_id', value: 'v-a' }, { type: 'anonymous_id', value: 'v-anon-c' }])).toMatchObject({ outcome: 'MERGE', mergedProfileIds: expect.any(Array) });
  expect(await preview([{ type: 'user_id', value: 'v-a' }, { type: 'user_id', value: 'v-b' }])).toMatchObject({ outcome: 'CONFLICT', conflictType: 'user_id' });
  const after = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from customers`);
  expect(after).toEqual(before);
  const pii = await t.op(PreviewMergeDocument, { identities: [{ type: 'email', value: 'a@example.com' }] }, await t.key('profiles:read'));
  expect(pii.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'identities.0' });
});

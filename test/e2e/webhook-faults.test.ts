import postgres from 'postgres';
import { startReceiver, waitFor } from '../helpers/receiver';
import { freePort, gql, startStrata, stop, waitReady, type StrataProcess } from './process';

/**
 * Issue 6 §3, PostgreSQL only (a SIGKILL needs a server process of its own; PGlite is one process by design): the
 * server is killed with webhook deliveries pending, and after a restart they are delivered, in order.
 */
const admin = postgres(process.env.STRATA_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', { max: 1, onnotice: () => {} });
const ADMIN_KEY = 'sk_e2e_webhooks_admin_0123456789abcdefghijklmnopqrs';
const dbName = `strata_e2e_webhooks_${process.pid}`;

afterAll(async () => {
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
});

const ENV = {
  STRATA_ADMIN_KEY: ADMIN_KEY,
  WEBHOOK_ALLOW_PRIVATE: '1',
  WEBHOOK_MAX_ATTEMPTS: '1000',
  WEBHOOK_BACKOFF_BASE_MS: '50',
  WEBHOOK_BACKOFF_MAX_MS: '200',
  WEBHOOK_POLL_MS: '200',
  WEBHOOK_MAX_BATCH: '4',
};

async function ok(base: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await gql(base, ADMIN_KEY, query, variables);
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data;
}

test('SIGKILL with webhook deliveries pending: after restart every change is delivered, in order', async () => {
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.unsafe(`create database ${dbName}`);
  const env = { ...ENV, DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${dbName}` };
  const port = await freePort();
  let server: StrataProcess = await startStrata(env);
  try {
    await waitReady(server);
    const segment = (await ok(server.base, 'mutation($i: SegmentInput!) { createSegment(input: $i) { id } }', {
      i: { name: 'Killed', definition: { trait: { key: 'tag', operator: 'EQ', value: 'kill' } } },
    })).createSegment;
    const webhook = (await ok(server.base, 'mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } secret } }', {
      i: { url: `http://127.0.0.1:${port}/hook`, segmentIds: [segment.id] },
    })).createWebhook.webhook;

    // The receiver is down: deliveries fail and wait for their retry.
    const auth = { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${ADMIN_KEY}:`).toString('base64')}` };
    for (let b = 0; b < 5; b++) {
      const batch = Array.from({ length: 3 }, (_, i) => ({ type: 'identify', messageId: `k-${b}-${i}`, userId: `kill-${b}-${i}`, traits: { tag: 'kill' } }));
      const res = await fetch(`${server.base}/v1/batch`, { method: 'POST', headers: auth, body: JSON.stringify({ batch }) });
      expect(res.status).toBe(200);
    }
    await waitFor('a failed attempt', async () => {
      const d = await ok(server.base, 'query($w: ID!) { webhookDeliveries(webhookId: $w, status: FAILED) { nodes { attempts } } }', { w: webhook.id });
      return d.webhookDeliveries.nodes.length > 0;
    }, 30_000);

    server.child.kill('SIGKILL');
    await server.exited;

    const receiver = await startReceiver(() => 200, port);
    try {
      server = await startStrata(env);
      await waitReady(server);
      const changes = (await ok(server.base, 'query($s: [ID!]) { segmentMembershipChanges(segmentIds: $s, first: 1000) { nodes { cursor } } }', { s: [segment.id] }))
        .segmentMembershipChanges.nodes.map((n: { cursor: string }) => n.cursor);
      expect(changes).toHaveLength(15);
      const received = () => receiver.accepted().flatMap((r) => (JSON.parse(r.body).changes as { cursor: string }[]).map((c) => c.cursor));
      await waitFor('every change', () => received().length >= 15, 60_000);
      expect(received()).toEqual(changes);
      const keys = receiver.accepted().map((r) => r.idempotencyKey);
      expect(new Set(keys).size).toBe(keys.length);
    } finally {
      await receiver.close();
    }
  } finally {
    await stop(server);
  }
});

import {
  CreateSegmentDocument, CreateWebhookDocument, DeleteWebhookDocument, MembershipChangesDocument, RedeliverWebhookDeliveriesDocument,
  RotateWebhookSecretDocument, SkipDeadDeliveriesDocument, UpdateWebhookDocument, WebhookDeliveriesDocument, WebhooksDocument,
  type SegmentCondition, type WebhookDeliveryStatus,
} from '../generated/graphql';
import { verifySignature } from '../../src/delivery/webhook';
import { identify, newWriter, profileOf, uniq, type Writer } from '../factories/messages';
import { startReceiver, waitFor, type Receiver } from '../helpers/receiver';
import { startListeningServer, startTestServer, type TestServer } from '../helpers/server';

/**
 * Issue 6 §2–3: segment membership changes POSTed to webhooks — signed, batched, in order, retried with backoff,
 * DEAD after the retry budget (the endpoint then pauses until redeliver or skip), behind a URL policy.
 */

let t: TestServer & { base: string };
let w: Writer;
const receivers: Receiver[] = [];
const MAX_ATTEMPTS = 4;

beforeAll(async () => {
  t = await startListeningServer({
    WEBHOOK_ALLOW_PRIVATE: '1',
    WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    WEBHOOK_BACKOFF_BASE_MS: '20',
    WEBHOOK_BACKOFF_MAX_MS: '80',
    WEBHOOK_POLL_MS: '250',
    WEBHOOK_TIMEOUT_MS: '3000',
    WEBHOOK_MAX_BATCH: '3',
  });
  await t.strata.startWebhookWorker();
  w = await newWriter(t.database.db, t.base);
});
afterAll(async () => {
  await t.close();
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(answer?: (n: number) => number): Promise<Receiver> {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

const planIs = (tag: string, plan: string): SegmentCondition => ({ and: [{ trait: { key: 'tag', operator: 'EQ', value: tag } }, { trait: { key: 'plan', operator: 'EQ', value: plan } }] });

/** A segment of its own (empty when created) and a webhook on it. */
async function setup(url: string, secret?: string) {
  const tag = uniq('t');
  const seg = await t.op(CreateSegmentDocument, { input: { name: uniq('Pro'), definition: planIs(tag, 'pro') } });
  expect(seg.errors).toBeUndefined();
  const hook = await t.op(CreateWebhookDocument, { input: { url, segmentIds: [seg.data.createSegment.id], secret } });
  expect(hook.errors).toBeUndefined();
  return { tag, segmentId: seg.data.createSegment.id, webhook: hook.data.createWebhook.webhook, secret: hook.data.createWebhook.secret };
}

/** `n` new customers enter the segment, one batch (one commit) per call. */
async function enter(tag: string, n: number): Promise<string[]> {
  const users = Array.from({ length: n }, () => uniq('u'));
  await w.send(users.map((u) => identify({ userId: u }, { tag, plan: 'pro' })));
  return users;
}

async function feed(segmentId: string) {
  const res = await t.op(MembershipChangesDocument, { segmentIds: [segmentId], first: 1000 });
  return res.data.segmentMembershipChanges.nodes;
}

async function deliveries(webhookId: string, status?: WebhookDeliveryStatus) {
  const res = await t.op(WebhookDeliveriesDocument, { webhookId, status, first: 1000 });
  expect(res.errors).toBeUndefined();
  return res.data.webhookDeliveries.nodes;
}

const changesOf = (requests: { body: string }[]) =>
  requests.flatMap((r) => (JSON.parse(r.body) as { changes: { cursor: string; customerId: string; change: string }[] }).changes);

test('a segment change is POSTed with a valid signature and an idempotency key from its first and last cursor', async () => {
  const r = await receiver();
  const { tag, segmentId, webhook, secret } = await setup(r.url);
  expect(secret).toMatch(/^whsec_/);
  expect(webhook).toMatchObject({ url: r.url, segmentIds: [segmentId], paused: false });
  const [user] = await enter(tag, 1);
  const customerId = (await profileOf(t.database.db, 'user_id', user))!;
  await waitFor('the delivery', () => r.accepted().length === 1);

  const [got] = r.requests;
  expect(verifySignature(secret, got.body, got.signature, Math.floor(Date.now() / 1000))).toBe(true);
  expect(verifySignature('whsec_someone_else_entirely', got.body, got.signature, Math.floor(Date.now() / 1000))).toBe(false);
  const body = JSON.parse(got.body);
  const [logged] = await feed(segmentId);
  expect(body).toEqual({
    changes: [{
      cursor: logged.cursor, segmentId, customerId, mergedIntoId: null, change: 'ENTERED', reason: 'DATA_CHANGE', occurredAt: logged.occurredAt,
      causedBy: { messageId: logged.causedBy!.messageId, occurredAt: logged.causedBy!.occurredAt },
    }],
  });
  expect(got.idempotencyKey).toBe(`${webhook.id}:${logged.cursor}-${logged.cursor}`);
  await waitFor('the record', async () => (await deliveries(webhook.id))[0]?.status === 'DELIVERED');
  const [d] = await deliveries(webhook.id);
  expect(d).toMatchObject({ status: 'DELIVERED', idempotencyKey: got.idempotencyKey, attempts: 1, changeCount: 1, lastStatusCode: 200, nextAttemptAt: null });
  const listed = (await t.op(WebhooksDocument, {})).data.webhooks.find((x) => x.id === webhook.id)!;
  expect(Number(listed.deliveredCursor)).toBeGreaterThanOrEqual(Number(logged.cursor));

  // A rotated secret signs the next delivery; the old one no longer verifies.
  const rotated = await t.op(RotateWebhookSecretDocument, { id: webhook.id });
  const fresh = rotated.data.rotateWebhookSecret.secret;
  expect(fresh).not.toBe(secret);
  await enter(tag, 1);
  await waitFor('the second delivery', () => r.accepted().length === 2);
  const second = r.requests[1];
  expect(verifySignature(fresh, second.body, second.signature, Math.floor(Date.now() / 1000))).toBe(true);
  expect(verifySignature(secret, second.body, second.signature, Math.floor(Date.now() / 1000))).toBe(false);
});

test('a receiver answering 500 for a while (within the retry budget): every change arrives, in order, once per idempotency key', async () => {
  // The first MAX_ATTEMPTS - 1 requests fail: the first delivery uses up all but one attempt of its budget.
  const r = await receiver((n) => (n < MAX_ATTEMPTS - 1 ? 500 : 200));
  const { tag, segmentId, webhook } = await setup(r.url);
  for (let i = 0; i < 5; i++) await enter(tag, 2);
  const logged = await feed(segmentId);
  expect(logged).toHaveLength(10);
  await waitFor('every change', () => changesOf(r.accepted()).length >= 10);

  const accepted = r.accepted();
  expect(changesOf(accepted).map((c) => c.cursor)).toEqual(logged.map((c) => c.cursor));
  const keys = accepted.map((a) => a.idempotencyKey);
  expect(new Set(keys).size).toBe(keys.length);
  // Failed attempts were retried under the same key, with the same body.
  const failed = r.requests.filter((x) => x.status === 500);
  expect(failed).toHaveLength(MAX_ATTEMPTS - 1);
  for (const f of failed) expect(accepted.find((a) => a.idempotencyKey === f.idempotencyKey)?.body).toBe(f.body);
  // Batches of consecutive changes, at most WEBHOOK_MAX_BATCH (3) each.
  expect(accepted.every((a) => changesOf([a]).length <= 3)).toBe(true);
  await waitFor('the records', async () => (await deliveries(webhook.id)).every((d) => d.status === 'DELIVERED'));
  const ds = await deliveries(webhook.id);
  expect(ds[0].attempts).toBe(MAX_ATTEMPTS);
  expect(ds.reduce((n, d) => n + d.changeCount, 0)).toBe(10);
});

test('a receiver that always fails: DEAD after the budget, the endpoint pauses; redeliver and skip resume it', async () => {
  const r = await receiver(() => 503);
  const { tag, segmentId, webhook } = await setup(r.url);
  await enter(tag, 1);
  await waitFor('DEAD', async () => (await deliveries(webhook.id, 'DEAD')).length === 1);
  expect(r.requests).toHaveLength(MAX_ATTEMPTS);
  const [dead] = await deliveries(webhook.id, 'DEAD');
  expect(dead).toMatchObject({ attempts: MAX_ATTEMPTS, lastStatusCode: 503, lastError: 'HTTP 503', nextAttemptAt: null, skippedAt: null });
  expect((await t.op(WebhooksDocument, {})).data.webhooks.find((x) => x.id === webhook.id)).toMatchObject({ paused: true });

  // Ordering is blocking: while paused, later changes wait.
  await enter(tag, 1);
  await new Promise((res) => setTimeout(res, 600));
  expect(r.requests).toHaveLength(MAX_ATTEMPTS);

  // The receiver recovers; redeliver sends the DEAD delivery again (same key), then what waited, in order.
  r.answer = () => 200;
  const resumed = await t.op(RedeliverWebhookDeliveriesDocument, { webhookId: webhook.id });
  expect(resumed.data.redeliverWebhookDeliveries.paused).toBe(false);
  await waitFor('both changes', () => changesOf(r.accepted()).length === 2);
  expect(r.accepted()[0].idempotencyKey).toBe(dead.idempotencyKey);
  const logged = await feed(segmentId);
  expect(changesOf(r.accepted()).map((c) => c.cursor)).toEqual(logged.map((c) => c.cursor));

  // It fails for good again: skip gives up on the DEAD delivery and goes on with the next changes.
  r.answer = () => 500;
  await enter(tag, 1);
  await waitFor('DEAD again', async () => (await deliveries(webhook.id, 'DEAD')).some((d) => !d.skippedAt));
  r.answer = () => 200;
  const skipped = await t.op(SkipDeadDeliveriesDocument, { webhookId: webhook.id });
  expect(skipped.data.skipDeadDeliveries.paused).toBe(false);
  const [lost] = (await deliveries(webhook.id, 'DEAD')).filter((d) => d.skippedAt);
  expect(lost).toBeDefined();
  const [later] = await enter(tag, 1);
  const laterId = (await profileOf(t.database.db, 'user_id', later))!;
  await waitFor('the change after the skipped one', () => changesOf(r.accepted()).some((c) => c.customerId === laterId));
  expect(r.accepted().some((a) => a.idempotencyKey === lost.idempotencyKey)).toBe(false);

  // Redeliver from a cursor replays every change after it.
  const before = r.accepted().length;
  const all = await feed(segmentId);
  await t.op(RedeliverWebhookDeliveriesDocument, { webhookId: webhook.id, fromCursor: String(Number(all[0].cursor) - 1) });
  await waitFor('the replay', () => changesOf(r.accepted().slice(before)).length === all.length);
  expect(changesOf(r.accepted().slice(before)).map((c) => c.cursor)).toEqual(all.map((c) => c.cursor));
});

test('update and delete: a deleted webhook receives nothing more', async () => {
  const r = await receiver();
  const other = await receiver();
  const { tag, webhook } = await setup(r.url);
  const moved = await t.op(UpdateWebhookDocument, { id: webhook.id, input: { url: other.url } });
  expect(moved.data.updateWebhook.url).toBe(other.url);
  await enter(tag, 1);
  await waitFor('delivery to the new URL', () => other.accepted().length === 1);
  expect(r.requests).toHaveLength(0);
  const deleted = await t.op(DeleteWebhookDocument, { id: webhook.id });
  expect(deleted.errors).toBeUndefined();
  expect(deleted.data.deleteWebhook).toBe(true);
  await enter(tag, 1);
  await new Promise((res) => setTimeout(res, 500));
  expect(other.requests).toHaveLength(1);
  const again = await t.op(DeleteWebhookDocument, { id: webhook.id });
  expect(again.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
});

test('bad input is BAD_USER_INPUT naming the field', async () => {
  const seg = await t.op(CreateSegmentDocument, { input: { name: uniq('S'), definition: planIs(uniq('t'), 'pro') } });
  const segmentId = seg.data.createSegment.id;
  const cases: [Record<string, unknown>, string][] = [
    [{ url: 'ftp://127.0.0.1/x', segmentIds: [segmentId] }, 'input.url'],
    [{ url: 'http://u:p@127.0.0.1/x', segmentIds: [segmentId] }, 'input.url'],
    [{ url: 'http://127.0.0.1/x', segmentIds: [] }, 'input.segmentIds'],
    [{ url: 'http://127.0.0.1/x', segmentIds: ['00000000-0000-4000-8000-000000000000'] }, 'input.segmentIds.0'],
    [{ url: 'http://127.0.0.1/x', segmentIds: [segmentId, 'nope'] }, 'input.segmentIds.1'],
    [{ url: 'http://127.0.0.1/x', segmentIds: [segmentId], secret: 'short' }, 'input.secret'],
  ];
  for (const [input, field] of cases) {
    const res = await t.op(CreateWebhookDocument, { input: input as never });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  }
  const bad = await t.op(RedeliverWebhookDeliveriesDocument, { webhookId: '00000000-0000-4000-8000-000000000000', fromCursor: 'x' });
  expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromCursor' });
});

test('the URL policy refuses private, loopback and link-local addresses unless configured, and hosts off the allowlist', async () => {
  const strict = await startTestServer({ WEBHOOK_ALLOWED_HOSTS: '', WEBHOOK_ALLOW_PRIVATE: '0' });
  const listed = await startTestServer({ WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com', WEBHOOK_ALLOW_PRIVATE: '1' });
  try {
    const seg = await strict.op(CreateSegmentDocument, { input: { name: uniq('S'), definition: planIs(uniq('t'), 'pro') } });
    const segmentIds = [seg.data.createSegment.id];
    for (const url of ['http://127.0.0.1:9/hook', 'http://localhost:9/hook', 'http://10.0.0.8/', 'http://169.254.169.254/latest', 'http://[::1]/']) {
      const res = await strict.op(CreateWebhookDocument, { input: { url, segmentIds } });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
      expect(res.errors?.[0].message).toMatch(/private, loopback or reserved/);
    }
    const seg2 = await listed.op(CreateSegmentDocument, { input: { name: uniq('S'), definition: planIs(uniq('t'), 'pro') } });
    const off = await listed.op(CreateWebhookDocument, { input: { url: 'http://127.0.0.1:9/hook', segmentIds: [seg2.data.createSegment.id] } });
    expect(off.errors?.[0]).toMatchObject({ message: expect.stringMatching(/WEBHOOK_ALLOWED_HOSTS/), extensions: { code: 'BAD_USER_INPUT', field: 'input.url' } });
  } finally {
    await strict.close();
    await listed.close();
  }
});

test('webhooks need the admin scope', async () => {
  const reader = await t.key('segments:read', 'profiles:read', 'pii:read', 'subscribe');
  const list = await t.op(WebhooksDocument, {}, reader);
  expect(list.errors?.[0].extensions.code).toBe('FORBIDDEN');
  const create = await t.op(CreateWebhookDocument, { input: { url: 'http://127.0.0.1:9/', segmentIds: [] } }, reader);
  expect(create.errors?.[0].extensions.code).toBe('FORBIDDEN');
  const anon = await t.http.post('/graphql').send({ query: '{ webhooks { id } }' });
  expect(anon.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
});

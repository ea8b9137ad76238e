import {
  CreateSegmentDocument, CreateWebhookDocument, DeleteWebhookDocument, MembershipChangesDocument, RedeliverWebhookDeliveriesDocument,
  RotateWebhookSecretDocument, SkipDeadDeliveriesDocument, UpdateWebhookDocument, WebhookDeliveriesDocument, WebhooksDocument,
  type SegmentCondition, type WebhookDeliveryStatus,
} from '../generated/graphql';
import { createApiKey, revokeApiKey } from '../../src/auth/keys';
import { verifySignature } from '../../src/delivery/webhook';
import { openHead, recordAttempt } from '../../src/delivery/webhook.repo';
import { testDbMode } from '../helpers/db';
import { identify, newWriter, profileOf, uniq, type Writer } from '../factories/messages';
import { startReceiver, waitFor, type Receiver } from '../helpers/receiver';
import { startListeningServer, startTestServer, type TestServer } from '../helpers/server';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';

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

  // Rotated without a grace period: the new secret signs the next delivery; the old one no longer verifies.
  const rotated = await t.op(RotateWebhookSecretDocument, { id: webhook.id, graceSeconds: 0 });
  const fresh = rotated.data.rotateWebhookSecret.secret;
  expect(fresh).not.toBe(secret);
  expect(rotated.data.rotateWebhookSecret.webhook.previousSecretExpiresAt).toBeNull();
  await enter(tag, 1);
  await waitFor('the second delivery', () => r.accepted().length === 2);
  const second = r.requests[1];
  expect(verifySignature(fresh, second.body, second.signature, Math.floor(Date.now() / 1000))).toBe(true);
  expect(verifySignature(secret, second.body, second.signature, Math.floor(Date.now() / 1000))).toBe(false);
});

const now = () => Math.floor(Date.now() / 1000);
const v1Count = (header: string) => header.split(',').filter((p) => p.startsWith('v1=')).length;

test('rotating with a grace period: both secrets sign (two v1) until it ends, then only the new one', async () => {
  const r = await receiver();
  const { tag, webhook, secret: first } = await setup(r.url);

  // A long grace period: the next delivery verifies with either secret.
  const before = Date.now();
  const rotated = await t.op(RotateWebhookSecretDocument, { id: webhook.id, graceSeconds: 3600 });
  expect(rotated.errors).toBeUndefined();
  const second = rotated.data.rotateWebhookSecret.secret;
  const until = Date.parse(rotated.data.rotateWebhookSecret.webhook.previousSecretExpiresAt!);
  expect(until).toBeGreaterThanOrEqual(before + 3600_000);
  expect(until).toBeLessThanOrEqual(Date.now() + 3600_000);
  await enter(tag, 1);
  await waitFor('the delivery', () => r.accepted().length === 1);
  const [a] = r.accepted();
  expect(v1Count(a.signature)).toBe(2);
  expect(verifySignature(second, a.body, a.signature, now())).toBe(true);
  expect(verifySignature(first, a.body, a.signature, now())).toBe(true);

  // Rotated again within the period, with 1 s: the oldest secret drops at once, the second signs for one more second.
  const again = await t.op(RotateWebhookSecretDocument, { id: webhook.id, graceSeconds: 1 });
  const third = again.data.rotateWebhookSecret.secret;
  const ends = Date.parse(again.data.rotateWebhookSecret.webhook.previousSecretExpiresAt!);
  await new Promise((res) => setTimeout(res, Math.max(0, ends - Date.now()) + 100));
  await enter(tag, 1);
  await waitFor('the delivery after the grace period', () => r.accepted().length === 2);
  const b = r.accepted()[1];
  expect(v1Count(b.signature)).toBe(1);
  expect(verifySignature(third, b.body, b.signature, now())).toBe(true);
  expect(verifySignature(second, b.body, b.signature, now())).toBe(false);
  expect(verifySignature(first, b.body, b.signature, now())).toBe(false);
  expect((await t.op(WebhooksDocument, {})).data.webhooks.find((x) => x.id === webhook.id)?.previousSecretExpiresAt).toBeNull();
  // Once it no longer signs, the old secret is not kept in clear either.
  const [kept] = await rows<{ previous_secret: string | null }>(t.database.db, sql`select previous_secret from webhooks where id = ${webhook.id}::uuid`);
  expect(kept.previous_secret).toBeNull();

  // Without graceSeconds: WEBHOOK_SECRET_GRACE_SECONDS (one day by default).
  const byDefault = await t.op(RotateWebhookSecretDocument, { id: webhook.id });
  expect(Date.parse(byDefault.data.rotateWebhookSecret.webhook.previousSecretExpiresAt!)).toBeGreaterThan(Date.now() + 86_000_000);
  for (const graceSeconds of [-1, 604_801]) {
    const bad = await t.op(RotateWebhookSecretDocument, { id: webhook.id, graceSeconds });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'graceSeconds' });
  }
});

type Delivered = { cursor: string; customerId: string; customer?: { id: string; traits: Record<string, unknown>; identities: { type: string; value: string | null }[] } | null };
const bodyOf = (req: { body: string }) => (JSON.parse(req.body) as { changes: Delivered[] }).changes;

test('a webhook with a pii:read key carries the profile with its PII; other keys and no key: ids only; a revoked key stops it at once', async () => {
  const [rPii, rPlain, rNone] = await Promise.all([receiver(), receiver(), receiver()]);
  const piiKey = await createApiKey(t.database.db, { name: uniq('pii payload'), scopes: ['profiles:read', 'pii:read'] });
  const plainKey = await createApiKey(t.database.db, { name: uniq('plain payload'), scopes: ['profiles:read', 'segments:read'] });
  const tag = uniq('t');
  const seg = await t.op(CreateSegmentDocument, { input: { name: uniq('Pro'), definition: planIs(tag, 'pro') } });
  const segmentIds = [seg.data.createSegment.id];
  const hooks = await Promise.all([
    t.op(CreateWebhookDocument, { input: { url: rPii.url, segmentIds, keyId: piiKey.id } }),
    t.op(CreateWebhookDocument, { input: { url: rPlain.url, segmentIds, keyId: plainKey.id } }),
    t.op(CreateWebhookDocument, { input: { url: rNone.url, segmentIds } }),
  ]);
  for (const h of hooks) expect(h.errors).toBeUndefined();
  const [piiHook, plainHook] = hooks.map((h) => h.data.createWebhook);
  expect(piiHook.webhook.keyId).toBe(piiKey.id);
  expect(plainHook.webhook.keyId).toBe(plainKey.id);

  const user = uniq('u');
  const email = `${user}@example.com`;
  await w.send([identify({ userId: user }, { tag, plan: 'pro', email, first_name: 'Ann' })]);
  const customerId = (await profileOf(t.database.db, 'user_id', user))!;
  await waitFor('the three deliveries', () => [rPii, rPlain, rNone].every((r) => r.accepted().length === 1));

  const [withPii] = rPii.accepted();
  expect(verifySignature(piiHook.secret, withPii.body, withPii.signature, now())).toBe(true);
  const [change] = bodyOf(withPii);
  expect(change.customer).toEqual({
    id: customerId,
    traits: expect.objectContaining({ email, first_name: 'Ann', plan: 'pro' }),
    identities: expect.arrayContaining([{ type: 'email', value: email }, { type: 'user_id', value: user }]),
  });
  // The others: the ids-only body, byte for byte the same, no profile, no PII.
  expect(rPlain.accepted()[0].body).toBe(rNone.accepted()[0].body);
  expect(bodyOf(rNone.accepted()[0])[0]).not.toHaveProperty('customer');
  expect(rNone.accepted()[0].body).not.toContain(email);
  // What the database keeps of the delivery is ids only (an erasure leaves no copy behind).
  const stored = await rows<{ body: string }>(t.database.db, sql`select body from webhook_deliveries where webhook_id = ${piiHook.webhook.id}::uuid`);
  expect(stored).toHaveLength(1);
  expect(stored[0].body).not.toContain(email);

  // The receiver fails for good; the delivery goes DEAD while the key still reads PII.
  rPii.answer = () => 500;
  const other = uniq('u');
  await w.send([identify({ userId: other }, { tag, plan: 'pro', email: `${other}@example.com` })]);
  await waitFor('DEAD', async () => (await deliveries(piiHook.webhook.id, 'DEAD')).length === 1);
  const failed = rPii.requests.filter((q) => q.status === 500);
  expect(failed.every((q) => q.body.includes(`${other}@example.com`))).toBe(true);

  // Revoked (as `npm run keys -- revoke` does): the same delivery, redelivered, goes out without PII.
  expect(await revokeApiKey(t.database.db, piiKey.id)).toBe(1);
  rPii.answer = () => 200;
  await t.op(RedeliverWebhookDeliveriesDocument, { webhookId: piiHook.webhook.id });
  await waitFor('the redelivery', () => rPii.accepted().length === 2);
  const resent = rPii.accepted()[1];
  expect(resent.idempotencyKey).toBe(failed[0].idempotencyKey);
  expect(resent.body).not.toContain('@example.com');
  expect(bodyOf(resent)[0]).not.toHaveProperty('customer');
});

test('a payload key must exist and be active; updateWebhook sets, keeps or removes it', async () => {
  const r = await receiver();
  const { webhook, segmentId } = await setup(r.url);
  const revoked = await createApiKey(t.database.db, { name: uniq('revoked'), scopes: ['pii:read', 'profiles:read'] });
  await revokeApiKey(t.database.db, revoked.id);
  const expired = await createApiKey(t.database.db, { name: uniq('expired'), scopes: ['pii:read'], expiresAt: new Date(Date.now() - 1000) });
  const good = await createApiKey(t.database.db, { name: uniq('good'), scopes: ['pii:read', 'profiles:read'] });
  for (const keyId of ['nope', '00000000-0000-4000-8000-000000000000', revoked.id, expired.id]) {
    const created = await t.op(CreateWebhookDocument, { input: { url: r.url, segmentIds: [segmentId], keyId } });
    expect(created.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.keyId' });
    const updated = await t.op(UpdateWebhookDocument, { id: webhook.id, input: { keyId } });
    expect(updated.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.keyId' });
  }
  const set = await t.op(UpdateWebhookDocument, { id: webhook.id, input: { keyId: good.id } });
  expect(set.data.updateWebhook.keyId).toBe(good.id);
  const kept = await t.op(UpdateWebhookDocument, { id: webhook.id, input: { url: r.url } });
  expect(kept.data.updateWebhook.keyId).toBe(good.id);
  const removed = await t.op(UpdateWebhookDocument, { id: webhook.id, input: { keyId: null } });
  expect(removed.data.updateWebhook.keyId).toBeNull();
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

(testDbMode() === 'postgres' ? test : test.skip)('recording an attempt while an operator deletes the webhook: no deadlock, the record is dropped', async () => {
  // A webhook whose delivery went DEAD: paused, so the worker leaves it alone and the test plays the worker's part.
  const r = await receiver(() => 500);
  const { tag, webhook } = await setup(r.url);
  await enter(tag, 1);
  await waitFor('DEAD', async () => (await deliveries(webhook.id, 'DEAD')).length === 1);
  const head = (await openHead(t.database.db, webhook.id))!;
  expect(head.status).toBe('DEAD');
  if (t.database.raw.kind !== 'postgres') throw new Error('postgres only');

  // Another session does what deleteWebhook's DELETE does: lock the webhook row, then (its cascade) the deliveries.
  const operator = await t.database.raw.sql.reserve();
  try {
    await operator`begin`;
    await operator`select id from webhooks where id = ${webhook.id} for update`;
    const recording = recordAttempt(t.database.db, head, { at: new Date(), statusCode: 200, error: null, outcome: { status: 'DELIVERED' } });
    // Time for the record to take whatever lock it takes first (it used to be the delivery's, then wait for the webhook).
    await new Promise((res) => setTimeout(res, 300));
    await operator`delete from webhooks where id = ${webhook.id}`;
    await operator`commit`;
    expect(await recording).toBe(false);
  } finally {
    operator.release();
  }
  expect((await t.op(WebhooksDocument, {})).data.webhooks.some((x) => x.id === webhook.id)).toBe(false);
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

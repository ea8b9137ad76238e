import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { activeKeyById } from '../auth/keys';
import { isUuid } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { badInput, notFound } from '../graphql/errors';
import { parseCursor } from '../segments/series';
import { generateWebhookSecret, graceProblem, idempotencyKey, MAX_SECRET_GRACE_SECONDS, secretProblem, signingSecrets } from './webhook';
import { urlProblem } from './webhook.http';
import {
  deleteWebhook, deliveryPage, insertWebhook, listWebhooks, redeliver, rotateSecret, skipDead, unknownSegments, updateWebhook, type DeliveryRow,
  type WebhookRow,
} from './webhook.repo';
import {
  CreateWebhookInput, UpdateWebhookInput, Webhook, WebhookDelivery, WebhookDeliveryConnection, WebhookDeliveryStatusEnum, WebhookWithSecret,
} from './webhook.type';

const MAX_SEGMENTS = 100;
const MAX_DELIVERIES_PAGE = 1000;

const toWebhook = (r: WebhookRow): Webhook => ({
  id: r.id,
  url: r.url,
  segmentIds: r.segmentIds,
  deliveredCursor: String(r.deliveredCursor),
  paused: r.pausedAt !== null,
  pausedAt: r.pausedAt,
  keyId: r.keyId,
  previousSecretExpiresAt: signingSecrets(r, new Date()).length > 1 ? r.previousSecretExpiresAt : null,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: String(r.id),
  webhookId: r.webhookId,
  status: r.status as WebhookDeliveryStatusEnum,
  idempotencyKey: idempotencyKey(r.webhookId, r.firstCursor, r.lastCursor),
  firstCursor: String(r.firstCursor),
  lastCursor: String(r.lastCursor),
  changeCount: r.changeCount,
  attempts: r.attempts,
  nextAttemptAt: r.nextAttemptAt,
  lastAttemptAt: r.lastAttemptAt,
  lastStatusCode: r.lastStatusCode,
  lastError: r.lastError,
  createdAt: r.createdAt,
  deliveredAt: r.deliveredAt,
  skippedAt: r.skippedAt,
});

function checkId(id: string, field: string): string {
  if (!isUuid(id)) throw badInput(field, `${field} must be a UUID`);
  return id.toLowerCase();
}

async function checkUrl(ctx: Context, url: string, field: string): Promise<string> {
  const problem = await urlProblem(url, ctx.services.config.webhooks.urlPolicy);
  if (problem) throw badInput(field, problem);
  return url;
}

async function checkSegments(ctx: Context, ids: string[], field: string): Promise<string[]> {
  if (ids.length < 1 || ids.length > MAX_SEGMENTS) throw badInput(field, `${field} must list 1 to ${MAX_SEGMENTS} segments`);
  const checked = [...new Set(ids.map((id, i) => checkId(id, `${field}.${i}`)))];
  const unknown = await unknownSegments(ctx.services.database.db, checked);
  if (unknown.length) throw badInput(`${field}.${ids.map((id) => id.toLowerCase()).indexOf(unknown[0])}`, `segment ${unknown[0]} not found`);
  return checked;
}

/** A payload key must exist and be active now (not revoked, not expired); what it may see is decided at each attempt. */
async function checkKey(ctx: Context, id: string, field: string): Promise<string> {
  const keyId = checkId(id, field);
  if (!(await activeKeyById(ctx.services.database.db, keyId, new Date()))) throw badInput(field, `API key ${keyId} not found, revoked or expired`);
  return keyId;
}

const found = (row: WebhookRow | null, field = 'id'): WebhookRow => {
  if (!row) throw notFound('webhook', field);
  return row;
};

@Authorized('admin')
@Resolver()
export class WebhookResolver {
  @Query(() => [Webhook], { description: 'Every webhook, oldest first (scope `admin`).' })
  async webhooks(@Ctx() ctx: Context): Promise<Webhook[]> {
    return (await listWebhooks(ctx.services.database.db)).map(toWebhook);
  }

  @Query(() => WebhookDeliveryConnection, { description: 'A webhook\'s deliveries in delivery order, optionally of one status (scope `admin`).' })
  async webhookDeliveries(
    @Arg('webhookId', () => ID, { description: 'The webhook.' }) webhookId: string,
    @Arg('status', () => WebhookDeliveryStatusEnum, { nullable: true, description: 'Only deliveries in this status; null: all.' }) status: WebhookDeliveryStatusEnum | null,
    @Arg('first', () => Int, { defaultValue: 100, description: `Deliveries per page, 1 to ${MAX_DELIVERIES_PAGE}.` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page (a delivery id); null: from the first.' }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<WebhookDeliveryConnection> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_DELIVERIES_PAGE) throw badInput('first', `first must be from 1 to ${MAX_DELIVERIES_PAGE}`);
    if (after != null && !/^\d{1,15}$/.test(after)) throw badInput('after', 'after must be a delivery id');
    const rows = await deliveryPage(ctx.services.database.db, {
      webhookId: checkId(webhookId, 'webhookId'), status: status ?? null, after: after == null ? 0 : Number(after), limit: first + 1,
    });
    const page = rows.slice(0, first).map(toDelivery);
    return { nodes: page, endCursor: page.at(-1)?.id ?? after ?? null, hasNextPage: rows.length > first };
  }

  @Mutation(() => WebhookWithSecret, {
    description:
      'Register an endpoint for the membership changes of some segments, from now on (scope `admin`). The URL is checked against the URL ' +
      'policy, its host name resolved. The secret, given or generated, is returned this once.',
  })
  async createWebhook(@Arg('input', () => CreateWebhookInput, { description: 'The webhook.' }) input: CreateWebhookInput, @Ctx() ctx: Context): Promise<WebhookWithSecret> {
    const url = await checkUrl(ctx, input.url, 'input.url');
    const segmentIds = await checkSegments(ctx, input.segmentIds, 'input.segmentIds');
    if (input.secret != null) {
      const problem = secretProblem(input.secret);
      if (problem) throw badInput('input.secret', problem);
    }
    const keyId = input.keyId == null ? null : await checkKey(ctx, input.keyId, 'input.keyId');
    const secret = input.secret ?? generateWebhookSecret();
    return { webhook: toWebhook(await insertWebhook(ctx.services.database.db, { url, segmentIds, secret, keyId })), secret };
  }

  @Mutation(() => Webhook, { description: 'Change a webhook\'s URL, segments or payload key (scope `admin`).' })
  async updateWebhook(
    @Arg('id', () => ID, { description: 'The webhook.' }) id: string,
    @Arg('input', () => UpdateWebhookInput, { description: 'What changes.' }) input: UpdateWebhookInput,
    @Ctx() ctx: Context,
  ): Promise<Webhook> {
    const webhookId = checkId(id, 'id');
    const url = input.url == null ? undefined : await checkUrl(ctx, input.url, 'input.url');
    const segmentIds = input.segmentIds == null ? undefined : await checkSegments(ctx, input.segmentIds, 'input.segmentIds');
    // Absent leaves the key as it is; an explicit null removes it.
    const keyId = input.keyId === undefined ? undefined : input.keyId === null ? null : await checkKey(ctx, input.keyId, 'input.keyId');
    return toWebhook(found(await updateWebhook(ctx.services.database.db, webhookId, { url, segmentIds, keyId })));
  }

  @Mutation(() => Boolean, { description: 'Delete a webhook and its delivery history; pending deliveries are dropped (scope `admin`). True when deleted.' })
  async deleteWebhook(@Arg('id', () => ID, { description: 'The webhook.' }) id: string, @Ctx() ctx: Context): Promise<boolean> {
    if (!(await deleteWebhook(ctx.services.database.db, checkId(id, 'id')))) throw notFound('webhook');
    return true;
  }

  @Mutation(() => WebhookWithSecret, {
    description:
      'Replace the signing secret with a generated one, returned this once (scope `admin`). For `graceSeconds` the previous secret keeps ' +
      'signing too — `Strata-Signature: t=…,v1=<new>,v1=<previous>` — so receivers can switch to the new one at their pace; then only the ' +
      'new one signs. A second rotation within the period drops the oldest secret.',
  })
  async rotateWebhookSecret(
    @Arg('id', () => ID, { description: 'The webhook.' }) id: string,
    @Arg('graceSeconds', () => Int, {
      nullable: true,
      description: `Seconds the previous secret keeps signing, 0 (stops at once) to ${MAX_SECRET_GRACE_SECONDS} (7 days); null: WEBHOOK_SECRET_GRACE_SECONDS (default 86400).`,
    })
    graceSeconds: number | null,
    @Ctx() ctx: Context,
  ): Promise<WebhookWithSecret> {
    const webhookId = checkId(id, 'id');
    const grace = graceSeconds ?? ctx.services.config.webhooks.secretGraceSeconds;
    const problem = graceProblem(grace);
    if (problem) throw badInput('graceSeconds', problem);
    const secret = generateWebhookSecret();
    const until = grace > 0 ? new Date(Date.now() + grace * 1000) : null;
    return { webhook: toWebhook(found(await rotateSecret(ctx.services.database.db, webhookId, secret, until))), secret };
  }

  @Mutation(() => Webhook, {
    description:
      'Resume a paused webhook (scope `admin`). Without `fromCursor`, its DEAD deliveries are sent again, same body and idempotency key, with ' +
      'a fresh retry budget. With it, open deliveries are dropped and every change of its segments after that cursor is delivered again ' +
      '(a delivery with the same first and last change keeps its idempotency key, so receivers that dedupe drop what they already have).',
  })
  async redeliverWebhookDeliveries(
    @Arg('webhookId', () => ID, { description: 'The webhook.' }) webhookId: string,
    @Arg('fromCursor', () => String, { nullable: true, description: 'A cursor of the membership-change log: replay the changes after it.' }) fromCursor: string | null,
    @Ctx() ctx: Context,
  ): Promise<Webhook> {
    const id = checkId(webhookId, 'webhookId');
    const from = fromCursor == null ? null : parseCursor(fromCursor, 'fromCursor');
    return toWebhook(found(await redeliver(ctx.services.database.db, id, from), 'webhookId'));
  }

  @Mutation(() => Webhook, {
    description:
      'Give up on a paused webhook\'s DEAD deliveries (they stay DEAD in the history, with `skippedAt`) and resume with the changes after ' +
      'them (scope `admin`).',
  })
  async skipDeadDeliveries(@Arg('webhookId', () => ID, { description: 'The webhook.' }) webhookId: string, @Ctx() ctx: Context): Promise<Webhook> {
    return toWebhook(found(await skipDead(ctx.services.database.db, checkId(webhookId, 'webhookId')), 'webhookId'));
  }
}

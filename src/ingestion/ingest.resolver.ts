import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context';
import { badInput } from '../graphql/errors';
import { normalizeIdentity } from '../identity/normalize';
import {
  feedbackField,
  feedbackToSegment,
  itemField,
  itemToSegment,
  orderField,
  orderToSegment,
  refundField,
  refundToSegment,
  type InputField,
} from './graphqlMessages';
import type { IngestOutcome } from './ingest';
import { IngestItem, IngestResult, RecordFeedbackInput, RecordOrderInput, RecordRefundInput, type IngestStatusEnum } from './ingest.type';
import type { Normalized } from './message';
import { normalizeSegmentMessage } from './segment';
import { ensureSource } from './sources';

const MAX_BATCH = 1000;

/**
 * Map GraphQL messages through the Segment mapping and ingest them. A rejection names the input's own field (`field`
 * maps the message's), prefixed with the input's path, in `field` and in its reason.
 */
async function ingestRaw(
  ctx: Context,
  raws: Record<string, unknown>[],
  prefix: (i: number) => string,
  field: InputField,
  adjust?: (n: Normalized) => Normalized,
) {
  const { services, principal } = ctx;
  const { config } = services;
  const sourceId = principal?.sourceId ?? (await ensureSource(services.database.db, 'api'));
  const receivedAt = new Date();
  const items = raws.map((raw) => {
    const n = normalizeSegmentMessage(raw, {
      receivedAt,
      // Server-to-server calls: the caller's clock is the one that counts, there is no device skew to correct.
      correctClockSkew: false,
      defaultCurrency: config.reportingCurrency,
      normalizeIdentity: (type, value) => normalizeIdentity(type, value, config.identityRules),
      feedbackEvents: config.feedbackEvents,
    });
    return adjust ? adjust(n) : n;
  });
  const outcomes = await services.writer.ingest(sourceId, items, receivedAt);
  // Refused when mapped, or when written (a duplicate order id, a currency without a rate): the same naming.
  return outcomes.map((o, i) => {
    if (o.field === null) return toResult(o);
    const named = field(o.field);
    // Paths (`properties.total`) are renamed in the reason too; a bare word such as `userId` may be one of a list there.
    const reason = o.reason === null || named === o.field || !o.field.includes('.') ? o.reason : o.reason.split(o.field).join(named);
    return toResult({ ...o, reason, field: prefix(i) + named });
  });
}

const toResult = (o: IngestOutcome): IngestResult => ({ ...o, status: o.status as IngestStatusEnum });

@Authorized('ingest:write')
@Resolver()
export class IngestResolver {
  @Mutation(() => [IngestResult], {
    description:
      'Ingest Segment-spec messages in one transaction: one result per item, in order. Good items persist even when ' +
      `others are rejected. At most ${MAX_BATCH} items. The key's source is the messages' source.`,
  })
  ingest(@Arg('batch', () => [IngestItem], { description: 'The messages.' }) batch: IngestItem[], @Ctx() ctx: Context) {
    if (batch.length > MAX_BATCH) throw badInput('batch', `at most ${MAX_BATCH} items per call`);
    return ingestRaw(ctx, batch.map(itemToSegment), (i) => `batch.${i}.`, itemField);
  }

  @Mutation(() => IngestResult, { description: 'Record an identify (who the customer is, with traits).' })
  async identify(@Arg('input', () => IngestItem, { description: 'The message; its type must be IDENTIFY.' }) input: IngestItem, @Ctx() ctx: Context) {
    if (input.type !== 'identify') throw badInput('input.type', 'identify takes a message of type IDENTIFY');
    return (await ingestRaw(ctx, [itemToSegment(input)], () => 'input.', itemField))[0];
  }

  @Mutation(() => IngestResult, { description: 'Record an event (TRACK, PAGE or SCREEN).' })
  async track(@Arg('input', () => IngestItem, { description: 'The message; type TRACK, PAGE or SCREEN.' }) input: IngestItem, @Ctx() ctx: Context) {
    if (!['track', 'page', 'screen'].includes(input.type)) throw badInput('input.type', 'track takes a message of type TRACK, PAGE or SCREEN');
    return (await ingestRaw(ctx, [itemToSegment(input)], () => 'input.', itemField))[0];
  }

  @Mutation(() => IngestResult, { description: 'Record a completed order (same as a TRACK `Order Completed`).' })
  async recordOrder(@Arg('input', () => RecordOrderInput, { description: 'The order.' }) input: RecordOrderInput, @Ctx() ctx: Context) {
    return (await ingestRaw(ctx, [orderToSegment(input)], () => 'input.', orderField))[0];
  }

  @Mutation(() => IngestResult, { description: 'Record a full or partial refund (same as a TRACK `Order Refunded`).' })
  async recordRefund(@Arg('input', () => RecordRefundInput, { description: 'The refund.' }) input: RecordRefundInput, @Ctx() ctx: Context) {
    return (await ingestRaw(ctx, [refundToSegment(input)], () => 'input.', refundField))[0];
  }

  @Mutation(() => IngestResult, { description: 'Record feedback: a rating, NPS answer, review, support ticket (correlated by ticketId) or survey answer.' })
  async recordFeedback(@Arg('input', () => RecordFeedbackInput, { description: 'The feedback.' }) input: RecordFeedbackInput, @Ctx() ctx: Context) {
    const raw = feedbackToSegment(input, ctx.services.config.feedbackEvents);
    // Surveys have no event name of their own in the Segment e-commerce spec: attach the fact directly.
    const survey = (n: Normalized): Normalized =>
      input.kind === 'SURVEY' && n.ok
        ? { ok: true, message: { ...n.message, feedback: { kind: 'SURVEY', score: input.score ?? null, text: input.text ?? null, status: null, ticketId: null, properties: input.properties ?? {} } } }
        : n;
    return (await ingestRaw(ctx, [raw], () => 'input.', feedbackField, survey))[0];
  }
}

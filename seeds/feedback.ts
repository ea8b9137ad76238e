import { NPS_COMMENTS, REVIEW_TEXTS, TICKET_SUBJECTS } from './catalog';
import { customerNumber, message, type CustomerContext } from './context';
import type { SeedSourceName } from './params';
import { DAY_MS } from './purchases';
import { chance, pick, uuid, weighted } from './random';
import type { FeedbackRow } from './rows';

/** Star ratings lean positive, as they do in real shops; a refunded order leans the other way. */
const STARS: readonly (readonly [number, number])[] = [[1, 5], [2, 7], [3, 13], [4, 30], [5, 45]];
const STARS_AFTER_REFUND: readonly (readonly [number, number])[] = [[1, 35], [2, 25], [3, 20], [4, 12], [5, 8]];
/** NPS answers: about 45 % promoters (9-10), 30 % passives (7-8), 25 % detractors (0-6). */
const NPS_SCORES: readonly (readonly [number, number])[] = [
  [0, 2], [1, 1], [2, 1], [3, 2], [4, 3], [5, 6], [6, 10], [7, 13], [8, 17], [9, 22], [10, 23],
];

function push(
  ctx: CustomerContext,
  source: SeedSourceName,
  at: number,
  row: Pick<FeedbackRow, 'kind' | 'score' | 'text' | 'status' | 'ticketId' | 'properties'>,
): void {
  const m = message(ctx, source, at);
  ctx.out.feedback.push({
    customerId: ctx.customerId,
    id: uuid(ctx.rng),
    sourceId: m.sourceId,
    messageId: m.messageId,
    ...row,
    occurredAt: m.occurredAt,
    receivedAt: m.receivedAt,
  });
}

export function review(ctx: CustomerContext, at: number, orderId: string, productId: string, refunded: boolean): void {
  const stars = weighted(ctx.rng, refunded ? STARS_AFTER_REFUND : STARS);
  push(ctx, 'shop', at, {
    kind: 'REVIEW',
    score: String(stars),
    text: pick(ctx.rng, REVIEW_TEXTS[stars - 1]),
    status: null,
    ticketId: null,
    properties: { order_id: orderId, product_id: productId },
  });
}

export function nps(ctx: CustomerContext, at: number): void {
  push(ctx, 'crm', at, {
    kind: 'NPS',
    score: String(weighted(ctx.rng, NPS_SCORES)),
    text: chance(ctx.rng, 0.3) ? pick(ctx.rng, NPS_COMMENTS) : null,
    status: null,
    ticketId: null,
    properties: { survey: 'post_purchase_nps' },
  });
}

export function appRating(ctx: CustomerContext, at: number, appVersion: string): void {
  push(ctx, 'app', at, {
    kind: 'RATING',
    score: String(weighted(ctx.rng, STARS)),
    text: null,
    status: null,
    ticketId: null,
    properties: { subject: 'app', app_version: appVersion },
  });
}

/**
 * A support ticket as last reported: old tickets are nearly all closed, recent ones often still open. A ticket
 * about a refund that happened is closed.
 */
export function supportTicket(ctx: CustomerContext, at: number, subject?: string, resolved = false): void {
  ctx.tickets++;
  const ageDays = (ctx.asOf - at) / DAY_MS;
  const status: FeedbackRow['status'] = resolved
    ? 'CLOSED'
    : ageDays > 14
      ? weighted(ctx.rng, [['CLOSED', 95], ['PENDING', 5]] as const)
      : weighted(ctx.rng, [['OPEN', 50], ['PENDING', 25], ['CLOSED', 25]] as const);
  const text = subject ?? pick(ctx.rng, TICKET_SUBJECTS);
  push(ctx, 'service', at, {
    kind: 'SUPPORT_TICKET',
    score: null,
    text,
    status,
    ticketId: `TCK${customerNumber(ctx)}-${ctx.tickets}`,
    properties: { subject: text, channel: weighted(ctx.rng, [['email', 50], ['chat', 35], ['phone', 15]] as const) },
  });
}

import type { FeedbackKind } from '../feedback/feedback.table';
import type { FeedbackEventNames } from './segment';
import type { IdentityInput, IngestItem, RecordFeedbackInput, RecordOrderInput, RecordRefundInput } from './ingest.type';

/**
 * GraphQL inputs → Segment-spec messages, so every path goes through the one mapping in segment.ts and behaves the
 * same (normalisation, validation, field paths). Identities beyond userId / anonymousId travel as externalIds.
 */
type Raw = Record<string, unknown>;

const externalIds = (identities: IdentityInput[] | null | undefined) =>
  (identities ?? []).map((i) => ({ type: i.type, id: i.value, collection: 'users', encoding: 'none' }));

const clean = (raw: Raw): Raw => Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== null));

export function itemToSegment(item: IngestItem): Raw {
  return clean({
    type: item.type,
    messageId: item.messageId,
    userId: item.userId,
    anonymousId: item.anonymousId,
    event: item.event,
    name: item.name,
    properties: item.properties,
    traits: item.traits,
    previousId: item.previousId,
    groupId: item.groupId,
    timestamp: item.timestamp?.toISOString(),
    context: { externalIds: externalIds(item.identities) },
  });
}

function track(input: { messageId: string; identities: IdentityInput[]; occurredAt?: Date | null }, event: string, properties: Raw): Raw {
  return clean({
    type: 'track',
    messageId: input.messageId,
    event,
    properties: clean(properties),
    timestamp: input.occurredAt?.toISOString(),
    context: { externalIds: externalIds(input.identities) },
  });
}

export const orderToSegment = (input: RecordOrderInput): Raw =>
  track(input, 'Order Completed', { order_id: input.orderId, total: input.total, currency: input.currency, products: input.products });

export const refundToSegment = (input: RecordRefundInput): Raw =>
  track(input, 'Order Refunded', { order_id: input.orderId, refund_id: input.refundId, total: input.amount, currency: input.currency });

/** A rejected message's field, as the caller named it in the GraphQL input: a rejection points at what was sent. */
export type InputField = (messageField: string) => string;

/** Where a message with no usable identity is refused: an input that has only `identities` names that instead. */
const IDENTITY_FIELDS = new Set(['userId', 'anonymousId', 'context.device.id', 'traits.email', 'context.traits.email', 'traits.phone', 'context.traits.phone']);

/** Message paths renamed by their longest matching prefix (the rest of the path kept); identities are `identities.N`. */
function inputField(renames: Record<string, string>, onlyIdentities: boolean): InputField {
  const keys = Object.keys(renames).sort((a, b) => b.length - a.length);
  return (field) => {
    const external = /^context\.externalIds\.(\d+)(?:\.(id|type))?$/.exec(field);
    if (external) return `identities.${external[1]}${external[2] === 'id' ? '.value' : external[2] === 'type' ? '.type' : ''}`;
    if (onlyIdentities && IDENTITY_FIELDS.has(field)) return 'identities';
    const key = keys.find((k) => field === k || field.startsWith(`${k}.`));
    return key ? renames[key] + field.slice(key.length) : field;
  };
}

export const itemField = inputField({}, false);
export const orderField = inputField(
  { 'properties.order_id': 'orderId', 'properties.total': 'total', 'properties.revenue': 'total', 'properties.currency': 'currency', 'properties.products': 'products', timestamp: 'occurredAt' },
  true,
);
export const refundField = inputField(
  {
    'properties.order_id': 'orderId',
    'properties.refund_id': 'refundId',
    'properties.total': 'amount',
    'properties.amount': 'amount',
    'properties.revenue': 'amount',
    'properties.currency': 'currency',
    timestamp: 'occurredAt',
  },
  true,
);
/** Other properties keep their names: they are the input's own `properties`. */
export const feedbackField = inputField(
  { 'properties.score': 'score', 'properties.rating': 'score', 'properties.text': 'text', 'properties.subject': 'text', 'properties.ticket_id': 'ticketId', timestamp: 'occurredAt' },
  true,
);

/** The configured event name for a feedback kind, so recordFeedback and SDK events are one and the same thing. */
export function feedbackToSegment(input: RecordFeedbackInput, names: FeedbackEventNames): Raw {
  const key = feedbackEventKey(input.kind, input.status ?? null);
  const event = key && names[key][0] ? names[key][0] : `${input.kind} Recorded`;
  return track(input, event, {
    ...(input.properties ?? {}),
    score: input.score,
    rating: input.kind === 'RATING' || input.kind === 'REVIEW' ? input.score : undefined,
    text: input.text,
    subject: input.kind === 'SUPPORT_TICKET' ? input.text : undefined,
    ticket_id: input.ticketId,
  });
}

function feedbackEventKey(kind: FeedbackKind, status: string | null): keyof FeedbackEventNames | null {
  switch (kind) {
    case 'NPS':
      return 'NPS';
    case 'RATING':
      return 'RATING';
    case 'REVIEW':
      return 'REVIEW';
    case 'SUPPORT_TICKET':
      return status === 'CLOSED' ? 'TICKET_CLOSED' : 'TICKET_OPENED';
    default:
      return null;
  }
}

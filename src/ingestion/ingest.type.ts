import { Field, Float, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { FeedbackKindEnum, FeedbackStatusEnum } from '../feedback/feedback.type';
import { DateTimeScalar, DecimalScalar, JSONObjectScalar } from '../graphql/scalars';

export enum IngestStatusEnum {
  ACCEPTED = 'ACCEPTED',
  DUPLICATE = 'DUPLICATE',
  REJECTED = 'REJECTED',
}
registerEnumType(IngestStatusEnum, {
  name: 'IngestStatus',
  description: 'What happened to one ingested item.',
  valuesConfig: {
    ACCEPTED: { description: 'Stored and committed.' },
    DUPLICATE: { description: 'Already received (same source and messageId, or order id): stored once, not again.' },
    REJECTED: { description: 'Not stored; `reason` and `field` say why.' },
  },
});

export enum MessageTypeEnum {
  IDENTIFY = 'identify',
  TRACK = 'track',
  PAGE = 'page',
  SCREEN = 'screen',
  ALIAS = 'alias',
  GROUP = 'group',
}
registerEnumType(MessageTypeEnum, {
  name: 'MessageType',
  description: 'Segment-spec message types.',
  valuesConfig: {
    IDENTIFY: { description: 'Who the customer is, with traits.' },
    TRACK: { description: 'An action (`event` names it); `Order Completed`, `Order Refunded` and the feedback event names record orders, refunds and feedback.' },
    PAGE: { description: 'A web page view.' },
    SCREEN: { description: 'An app screen view.' },
    ALIAS: { description: 'previousId and userId are the same person: the one explicit merge instruction.' },
    GROUP: { description: 'The customer belongs to a group (`groupId`).' },
  },
});

@ObjectType({ description: 'The outcome of one ingested item, in the order the items were sent.' })
export class IngestResult {
  @Field(() => IngestStatusEnum, { description: 'Accepted, duplicate or rejected.' })
  status!: IngestStatusEnum;

  @Field(() => String, { nullable: true, description: 'The item\'s messageId, when it had a readable one.' })
  messageId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The profile the item was stored on (ACCEPTED only).' })
  customerId!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the item was rejected or is a duplicate.' })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: 'The input path at fault, e.g. `batch.2.properties.total`.' })
  field!: string | null;
}

@InputType({ description: 'An identifier of the customer.' })
export class IdentityInput {
  @Field(() => String, { description: 'Identity type: `user_id`, `email`, `phone`, `device_id`, `anonymous_id`, `crm_id`, `wechat_openid:wx1234`, …' })
  type!: string;

  @Field(() => String, { description: 'The value as the source knows it; normalised on ingest (emails lower-cased, phones to E.164).' })
  value!: string;
}

@InputType({ description: 'One message in the Segment spec, typed. Identifiers come from userId, anonymousId and identities.' })
export class IngestItem {
  @Field(() => MessageTypeEnum, { description: 'The message type.' })
  type!: MessageTypeEnum;

  @Field(() => String, { description: 'Unique per source: a repeat is stored once (DUPLICATE).' })
  messageId!: string;

  @Field(() => String, { nullable: true, description: 'The customer\'s user id (`user_id`).' })
  userId?: string | null;

  @Field(() => String, { nullable: true, description: 'An anonymous (cookie) id (`anonymous_id`).' })
  anonymousId?: string | null;

  @Field(() => [IdentityInput], { nullable: true, description: 'Further identifiers (email, phone, device_id, external ids).' })
  identities?: IdentityInput[] | null;

  @Field(() => String, { nullable: true, description: 'Event name, for TRACK.' })
  event?: string | null;

  @Field(() => String, { nullable: true, description: 'Page or screen name, for PAGE and SCREEN.' })
  name?: string | null;

  @Field(() => JSONObjectScalar, { nullable: true, description: 'Event properties (TRACK, PAGE, SCREEN).' })
  properties?: Record<string, unknown> | null;

  @Field(() => JSONObjectScalar, { nullable: true, description: 'Traits (IDENTIFY; for GROUP the group\'s traits).' })
  traits?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'For ALIAS: the earlier id (an anonymous id) now known to be userId.' })
  previousId?: string | null;

  @Field(() => String, { nullable: true, description: 'For GROUP: the group id.' })
  groupId?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it happened (default: now). Future times are clamped to now.' })
  timestamp?: Date | null;
}

@InputType({ description: 'Fields every record* input shares.' })
abstract class RecordBase {
  @Field(() => String, { description: 'Unique per source: a repeat is stored once (DUPLICATE).' })
  messageId!: string;

  @Field(() => [IdentityInput], { description: 'Identifiers of the customer (at least one).' })
  identities!: IdentityInput[];

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it happened (default: now).' })
  occurredAt?: Date | null;
}

@InputType({ description: 'A completed order.' })
export class RecordOrderInput extends RecordBase {
  @Field(() => String, { description: 'The order id in the source system; unique per source.' })
  orderId!: string;

  @Field(() => DecimalScalar, { description: 'Order total in `currency`, exact ("59.90").' })
  total!: string;

  @Field(() => String, { nullable: true, description: 'ISO 4217 currency (default: the reporting currency).' })
  currency?: string | null;

  @Field(() => [JSONObjectScalar], { nullable: true, description: 'The products (Segment e-commerce `products`).' })
  products?: Record<string, unknown>[] | null;
}

@InputType({ description: 'A full or partial refund of an order (it may arrive before the order).' })
export class RecordRefundInput extends RecordBase {
  @Field(() => String, { description: 'The refunded order\'s id in the source system.' })
  orderId!: string;

  @Field(() => String, { nullable: true, description: 'The refund id, if the source has one (dedupes repeats).' })
  refundId?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Amount refunded; null = the whole order.' })
  amount?: string | null;

  @Field(() => String, { nullable: true, description: 'Currency of `amount` (default: the order\'s).' })
  currency?: string | null;
}

@InputType({ description: 'A rating, NPS answer, review, support ticket or survey answer.' })
export class RecordFeedbackInput extends RecordBase {
  @Field(() => FeedbackKindEnum, { description: 'What kind of feedback.' })
  kind!: FeedbackKindEnum;

  @Field(() => Float, { nullable: true, description: 'Score: NPS 0–10 (whole numbers), rating 0–5 stars or any 0–9999.99.' })
  score?: number | null;

  @Field(() => String, { nullable: true, description: 'Free text (review body, ticket subject).' })
  text?: string | null;

  @Field(() => FeedbackStatusEnum, { nullable: true, description: 'Ticket state, for SUPPORT_TICKET (default OPEN).' })
  status?: FeedbackStatusEnum | null;

  @Field(() => String, { nullable: true, description: 'Ticket id in the service desk, for SUPPORT_TICKET (required there).' })
  ticketId?: string | null;

  @Field(() => JSONObjectScalar, { nullable: true, description: 'Further properties.' })
  properties?: Record<string, unknown> | null;
}

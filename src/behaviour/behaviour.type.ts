import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionOf } from '../graphql/connection';
import { DateTimeScalar, DecimalScalar, JSONObjectScalar } from '../graphql/scalars';

export enum EventKind {
  TRACK = 'track',
  PAGE = 'page',
  SCREEN = 'screen',
  IDENTIFY = 'identify',
  GROUP = 'group',
  ALIAS = 'alias',
}
registerEnumType(EventKind, {
  name: 'EventType',
  description: 'The kind of a behavioural event, as in the Segment spec.',
  valuesConfig: {
    TRACK: { description: 'An action the customer took (`track`).' },
    PAGE: { description: 'A web page view (`page`).' },
    SCREEN: { description: 'An app screen view (`screen`).' },
    IDENTIFY: { description: 'The customer was identified or their traits changed (`identify`).' },
    GROUP: { description: 'The customer was associated with a group or account (`group`).' },
    ALIAS: { description: 'Two identities were declared the same person (`alias`).' },
  },
});

@ObjectType({ description: 'Something a customer did, as reported by a source.' })
export class Event {
  @Field(() => ID, { description: 'Strata id of the event (UUID).' })
  id!: string;

  @Field(() => EventKind, { description: 'The kind of event.' })
  type!: EventKind;

  @Field(() => String, { nullable: true, description: 'Event name for `track` (e.g. "Product Viewed"), page or screen name otherwise; null when none was sent.' })
  name!: string | null;

  @Field(() => JSONObjectScalar, { description: 'The properties sent with the event.' })
  properties!: Record<string, unknown>;

  @Field(() => DateTimeScalar, { description: 'When it happened (the source\'s timestamp, clock-skew corrected), UTC.' })
  occurredAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When Strata received it, UTC.' })
  receivedAt!: Date;

  @Field(() => ID, { nullable: true, description: 'The source that sent it.' })
  sourceId!: string | null;
}

@ObjectType({ description: 'A completed order.' })
export class Order {
  @Field(() => ID, { description: 'Strata id of the order (UUID).' })
  id!: string;

  @Field(() => String, { description: 'The order id in the source system that sent it (unique per source).' })
  orderId!: string;

  @Field(() => DecimalScalar, { description: 'Order total in the order\'s own currency, exact.' })
  total!: string;

  @Field(() => String, { description: 'ISO 4217 currency of `total`.' })
  currency!: string;

  @Field(() => DecimalScalar, { description: 'Order total converted into the workspace reporting currency (REPORTING_CURRENCY) at ingestion, exact.' })
  totalReporting!: string;

  @Field(() => [JSONObjectScalar], { description: 'The products of the order as sent (Segment e-commerce `products`).' })
  products!: Record<string, unknown>[];

  @Field(() => DateTimeScalar, { description: 'When the order was placed, UTC.' })
  occurredAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When Strata received it, UTC.' })
  receivedAt!: Date;

  @Field(() => ID, { nullable: true, description: 'The source that sent it.' })
  sourceId!: string | null;
}

export const EventConnection = ConnectionOf(Event, 'Event', 'event');
export const OrderConnection = ConnectionOf(Order, 'Order', 'order');

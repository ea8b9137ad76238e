import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionOf } from '../graphql/connection';
import { DateTimeScalar, JSONObjectScalar } from '../graphql/scalars';

export enum FeedbackKindEnum {
  RATING = 'RATING',
  NPS = 'NPS',
  REVIEW = 'REVIEW',
  SUPPORT_TICKET = 'SUPPORT_TICKET',
  SURVEY = 'SURVEY',
}
registerEnumType(FeedbackKindEnum, {
  name: 'FeedbackKind',
  description: 'What kind of feedback a customer gave.',
  valuesConfig: {
    RATING: { description: 'A star or numeric rating (score usually 1–5).' },
    NPS: { description: 'A Net Promoter Score answer (score 0–10).' },
    REVIEW: { description: 'A written review, usually with a rating.' },
    SUPPORT_TICKET: { description: 'A support ticket; `status` tells whether it is open.' },
    SURVEY: { description: 'A survey answer.' },
  },
});

export enum FeedbackStatusEnum {
  OPEN = 'OPEN',
  PENDING = 'PENDING',
  CLOSED = 'CLOSED',
}
registerEnumType(FeedbackStatusEnum, {
  name: 'FeedbackStatus',
  description: 'State of a support ticket.',
  valuesConfig: {
    OPEN: { description: 'Opened and not yet handled.' },
    PENDING: { description: 'Waiting on the customer or a third party.' },
    CLOSED: { description: 'Resolved or closed.' },
  },
});

@ObjectType({ description: 'A rating, NPS answer, review, support ticket or survey answer.' })
export class Feedback {
  @Field(() => ID, { description: 'Strata id of the feedback (UUID).' })
  id!: string;

  @Field(() => FeedbackKindEnum, { description: 'What kind of feedback this is.' })
  kind!: FeedbackKindEnum;

  @Field(() => Float, { nullable: true, description: 'The score given (NPS 0–10, rating 1–5), when there is one.' })
  score!: number | null;

  /** Exposed through FeedbackResolver.text, which masks it. */
  text!: string | null;

  @Field(() => FeedbackStatusEnum, { nullable: true, description: 'Ticket state, for support tickets.' })
  status!: FeedbackStatusEnum | null;

  @Field(() => String, { nullable: true, description: 'The ticket id in the service desk, for support tickets.' })
  ticketId!: string | null;

  @Field(() => JSONObjectScalar, { description: 'Further properties sent with the feedback.' })
  properties!: Record<string, unknown>;

  @Field(() => DateTimeScalar, { description: 'When the feedback was given, UTC.' })
  occurredAt!: Date;

  @Field(() => ID, { nullable: true, description: 'The source that sent it.' })
  sourceId!: string | null;
}

export const FeedbackConnection = ConnectionOf(Feedback, 'Feedback', 'feedback item');

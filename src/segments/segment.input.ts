import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { JSONScalar } from '../graphql/scalars';
import type { Json, MetricField, NpsCategory, Operator, SegmentEventType } from './definition';

/*
 * The definition language as GraphQL input types. Field names and enum values are exactly those of the stored JSON
 * (definition.ts): enums here map each name to itself, so the coerced input is already the JSON that is stored and
 * returned (`Segment.definition`). Shape rules GraphQL cannot express ("exactly one of", operand types, windows) are
 * checked by validate.ts, which reports the path of the node at fault.
 */

const enumOf = <T extends string>(names: readonly T[]) => Object.fromEntries(names.map((n) => [n, n])) as { [K in T]: K };

export const ConditionOperatorEnum = enumOf<Operator>(['EQ', 'NEQ', 'IN', 'NOT_IN', 'CONTAINS', 'STARTS_WITH', 'GT', 'GTE', 'LT', 'LTE', 'BETWEEN', 'EXISTS']);
registerEnumType(ConditionOperatorEnum, {
  name: 'ConditionOperator',
  description:
    'How a value is compared. EQ NEQ CONTAINS STARTS_WITH GT GTE LT LTE take `value`; IN and NOT_IN take `values` (1 to ' +
    '1000); BETWEEN takes `values: [low, high]`, both inclusive; EXISTS takes neither. A missing value (an absent ' +
    'trait, a metric not computed yet) fails every operator except EXISTS — NEQ and NOT_IN included; wrap EXISTS in ' +
    '`not` to find it.',
  valuesConfig: {
    EQ: { description: 'Equal to `value`.' },
    NEQ: { description: 'Present and not equal to `value`.' },
    IN: { description: 'Equal to one of `values`.' },
    NOT_IN: { description: 'Present and equal to none of `values`.' },
    CONTAINS: { description: 'Traits and properties: a string containing `value` (case-sensitive), or a JSON array with `value` as an element.' },
    STARTS_WITH: { description: 'Traits and properties: a string starting with `value` (case-sensitive).' },
    GT: { description: 'Greater than `value` (numbers; for traits and properties also dates, i.e. later than).' },
    GTE: { description: 'Greater than or equal to `value`.' },
    LT: { description: 'Less than `value` (for dates: earlier than).' },
    LTE: { description: 'Less than or equal to `value`.' },
    BETWEEN: { description: 'Between `values[0]` and `values[1]`, both inclusive.' },
    EXISTS: { description: 'Present (not null). No operand.' },
  },
});

export const SegmentMetricEnum = enumOf<MetricField>([
  'RFM_R', 'RFM_F', 'RFM_M', 'RFM_CELL', 'RFM_TIER', 'RECENCY_DAYS', 'FREQUENCY', 'MONETARY', 'LIFECYCLE_STAGE', 'AIPL_STAGE',
  'HISTORICAL_LTV', 'PREDICTED_LTV_12M', 'LTV_DECILE', 'CHURN_SCORE', 'CHURN_BAND', 'P_ALIVE', 'DAYS_PAST_TYPICAL_GAP', 'DAYS_SINCE_FIRST_ORDER',
]);
registerEnumType(SegmentMetricEnum, {
  name: 'SegmentMetric',
  description: 'A stored computed field of the profile (as last scored: on every change and by the daily sweep).',
  valuesConfig: {
    RFM_R: { description: 'Recency score, an integer 1–5; missing for non-buyers.' },
    RFM_F: { description: 'Frequency score, 1–5; missing for non-buyers.' },
    RFM_M: { description: 'Monetary score, 1–5; missing for non-buyers.' },
    RFM_CELL: { description: 'The R×F cell, an `RfmCell` name such as "CHAMPIONS"; missing for non-buyers.' },
    RFM_TIER: { description: 'An `RfmTier` name: HIGH, MEDIUM, LOW or NONE.' },
    RECENCY_DAYS: { description: 'Whole days since the last order; missing for non-buyers.' },
    FREQUENCY: { description: 'Orders in the RFM window (365 days); missing for non-buyers.' },
    MONETARY: { description: 'Net revenue in the RFM window, a decimal; missing for non-buyers.' },
    LIFECYCLE_STAGE: { description: 'A `LifecycleStage` name (PROSPECT until scored).' },
    AIPL_STAGE: { description: 'An `AiplStage` name (NONE until scored).' },
    HISTORICAL_LTV: { description: 'Net revenue to date, a decimal (0 for non-buyers).' },
    PREDICTED_LTV_12M: { description: 'Predicted net revenue over the next 12 months, a decimal; missing until the LTV model has scored the customer.' },
    LTV_DECILE: {
      description:
        'Decile of the predicted 12-month LTV among buyers, 1–10 (10: the top tenth): 1 + the number of the stored decile cut points (the 10 … 90 % quantiles taken at the last full re-score with a fit) the value exceeds; missing until the LTV model has scored the customer.',
    },
    CHURN_SCORE: { description: 'Churn risk 0–1 (1 − P(alive)); missing until the churn model has scored the customer.' },
    CHURN_BAND: { description: 'Churn risk band LOW, MEDIUM or HIGH; missing until the churn model has scored the customer.' },
    P_ALIVE: { description: 'The churn model\'s P(alive), 0–1; missing until scored.' },
    DAYS_PAST_TYPICAL_GAP: { description: 'Days since the last order minus the customer\'s mean gap between order days; missing with fewer than two order days.' },
    DAYS_SINCE_FIRST_ORDER: { description: 'Whole local days (BUSINESS_TIMEZONE) since the first order, 0 on its day; missing for non-buyers.' },
  },
});

export const NpsCategoryEnum = enumOf<NpsCategory>(['PROMOTER', 'PASSIVE', 'DETRACTOR']);
registerEnumType(NpsCategoryEnum, {
  name: 'NpsCategory',
  description: 'Net Promoter category of an NPS answer (0–10).',
  valuesConfig: {
    PROMOTER: { description: 'Score 9–10.' },
    PASSIVE: { description: 'Score 7–8.' },
    DETRACTOR: { description: 'Score 0–6.' },
  },
});

export const SegmentEventTypeEnum = enumOf<SegmentEventType>(['TRACK', 'PAGE', 'SCREEN', 'IDENTIFY', 'GROUP', 'ALIAS']);
registerEnumType(SegmentEventTypeEnum, {
  name: 'SegmentEventType',
  description: 'The Segment message type of an event, for event conditions (same names as `EventType`).',
  valuesConfig: {
    TRACK: { description: 'An action (`track`).' },
    PAGE: { description: 'A web page view (`page`).' },
    SCREEN: { description: 'An app screen view (`screen`).' },
    IDENTIFY: { description: 'An identify call.' },
    GROUP: { description: 'A group call.' },
    ALIAS: { description: 'An alias call.' },
  },
});

const WITHIN =
  'Only rows of the last N local calendar days, as an ISO 8601 duration: `P30D` = from the start of the day 30 days ' +
  'before today (BUSINESS_TIMEZONE) until now; weeks (`P2W`), months (`P3M`) and years (`P1Y`) are calendar ones. ' +
  'Absent: all time.';
const VALUE =
  'The operand of EQ NEQ CONTAINS STARTS_WITH GT GTE LT LTE: a JSON string, number or boolean (see `ConditionOperator`).';
const VALUES = 'The operands of IN and NOT_IN (1 to 1000, all of one JSON type) and the bounds [low, high] of BETWEEN.';
const AT_LEAST = 'At least this many (inclusive). With neither atLeast nor atMost: at least once.';
const AT_MOST = 'At most this many (inclusive); 0 means "did not".';

@InputType({
  description:
    'A value of a JSON object compared by key: a trait, an event property, or a property of an order\'s product line. ' +
    'The operand\'s JSON type decides the comparison and the value must be of that type: strings (EQ NEQ IN NOT_IN ' +
    'CONTAINS STARTS_WITH), numbers (EQ NEQ IN NOT_IN GT GTE LT LTE BETWEEN, exact), booleans (EQ NEQ IN NOT_IN). ' +
    'GT GTE LT LTE BETWEEN with a string compare dates: the operand is a date "2026-01-31" or an ISO 8601 duration ' +
    'meaning that long before today ("P30D"), and the value must be a string starting with a date YYYY-MM-DD (compared ' +
    'by that date as written). CONTAINS also finds an element of a JSON array.',
})
export class PropertyCondition {
  @Field(() => String, { description: 'The top-level key, e.g. `category`, `sku`, `currency`.' })
  key!: string;

  @Field(() => ConditionOperatorEnum, { description: 'How to compare.' })
  operator!: Operator;

  @Field(() => JSONScalar, { nullable: true, description: VALUE })
  value?: Json;

  @Field(() => [JSONScalar], { nullable: true, description: VALUES })
  values?: Json[];
}

@InputType({
  description:
    'A trait of the profile (`Customer.traits`), by key, compared as in `PropertyCondition`. Conditions on PII trait ' +
    'keys (email, phone, name, …) need `pii:read`, except EXISTS.',
})
export class TraitCondition {
  @Field(() => String, { description: 'The trait key, e.g. `plan`, `city`, `signed_up_at` (top level of `Customer.traits`).' })
  key!: string;

  @Field(() => ConditionOperatorEnum, { description: 'How to compare.' })
  operator!: Operator;

  @Field(() => JSONScalar, { nullable: true, description: VALUE })
  value?: Json;

  @Field(() => [JSONScalar], { nullable: true, description: VALUES })
  values?: Json[];
}

@InputType({ description: 'A number compared: the operand is a decimal string ("59.90") or a JSON number.' })
export class ValueComparison {
  @Field(() => ConditionOperatorEnum, { description: 'How to compare (EQ NEQ IN NOT_IN GT GTE LT LTE BETWEEN, EXISTS where a value can be missing).' })
  operator!: Operator;

  @Field(() => JSONScalar, { nullable: true, description: 'The operand.' })
  value?: Json;

  @Field(() => [JSONScalar], { nullable: true, description: VALUES })
  values?: Json[];
}

@InputType({ description: 'How many: both bounds inclusive.' })
export class CountRange {
  @Field(() => Int, { nullable: true, description: AT_LEAST })
  atLeast?: number;

  @Field(() => Int, { nullable: true, description: AT_MOST })
  atMost?: number;
}

@InputType({ description: 'Has (or has not) an identity of a type, on the profile or any profile merged into it.' })
export class IdentityCondition {
  @Field(() => String, { description: 'Identity type: `email`, `user_id`, … A type without namespace also matches its namespaced ones (`wechat_openid` matches `wechat_openid:wx1234`).' })
  type!: string;

  @Field(() => Boolean, { nullable: true, description: 'false: has no identity of that type. Default true.' })
  has?: boolean;
}

@InputType({
  description:
    'A stored computed field compared. Operands by metric: RFM scores integers 1–5; days and counts whole numbers; ' +
    'money a decimal string or number; scores and probabilities numbers; stages, tiers, cells and bands their enum ' +
    'names as strings (EQ NEQ IN NOT_IN EXISTS only).',
})
export class MetricCondition {
  @Field(() => SegmentMetricEnum, { description: 'Which computed field.' })
  field!: MetricField;

  @Field(() => ConditionOperatorEnum, { description: 'How to compare.' })
  operator!: Operator;

  @Field(() => JSONScalar, { nullable: true, description: 'The operand.' })
  value?: Json;

  @Field(() => [JSONScalar], { nullable: true, description: VALUES })
  values?: Json[];
}

@InputType({ description: 'Did (or did not) do an event, at least / at most N times, within a window, with property filters.' })
export class EventCondition {
  @Field(() => String, { nullable: true, description: 'Event name (track `event`, or page / screen name), exact. Absent: any name.' })
  name?: string;

  @Field(() => SegmentEventTypeEnum, { nullable: true, description: 'Message type. Absent: any type.' })
  type?: SegmentEventType;

  @Field(() => String, { nullable: true, description: WITHIN })
  within?: string;

  @Field(() => Int, { nullable: true, description: AT_LEAST })
  atLeast?: number;

  @Field(() => Int, { nullable: true, description: AT_MOST })
  atMost?: number;

  @Field(() => [PropertyCondition], { nullable: true, description: 'Conditions on the event\'s properties; all must hold on the same event.' })
  where?: PropertyCondition[];
}

@InputType({
  description:
    'Orders within a window — optionally only those with a matching product line — counted (atLeast / atMost) or ' +
    'summed (netRevenue: totals in the reporting currency minus refunds; 0 without orders).',
})
export class OrderCondition {
  @Field(() => String, { nullable: true, description: WITHIN })
  within?: string;

  @Field(() => [PropertyCondition], {
    nullable: true,
    description: 'Only orders with a product line (Segment `products[]`: product_id, sku, category, name, brand, …) on which all these hold.',
  })
  product?: PropertyCondition[];

  @Field(() => Int, { nullable: true, description: AT_LEAST })
  atLeast?: number;

  @Field(() => Int, { nullable: true, description: AT_MOST })
  atMost?: number;

  @Field(() => ValueComparison, { nullable: true, description: 'Compare the net revenue of those orders instead of their number.' })
  netRevenue?: ValueComparison;
}

@InputType({ description: 'Feedback within a window: exactly one of nps, averageRating, openTickets.' })
export class FeedbackCondition {
  @Field(() => String, { nullable: true, description: WITHIN })
  within?: string;

  @Field(() => NpsCategoryEnum, { nullable: true, description: 'The category of the customer\'s latest NPS answer.' })
  nps?: NpsCategory;

  @Field(() => ValueComparison, { nullable: true, description: 'The mean score of ratings and reviews (false without any; EXISTS: has one). Compared exactly.' })
  averageRating?: ValueComparison;

  @Field(() => CountRange, { nullable: true, description: 'Support tickets currently OPEN or PENDING.' })
  openTickets?: CountRange;
}

@InputType({
  description:
    'A segment definition: exactly one field set. Definitions nest (and / or / not) up to 16 deep and 200 conditions. ' +
    'Stored and returned as the same JSON (field names and enum names as here). A bad definition is refused with ' +
    'BAD_USER_INPUT whose `extensions.field` is the path of the node at fault, e.g. `definition.and.1.event.within`.',
})
export class SegmentCondition {
  @Field(() => [SegmentCondition], { nullable: true, description: 'All of these hold (at least one condition).' })
  and?: SegmentCondition[];

  @Field(() => [SegmentCondition], { nullable: true, description: 'At least one of these holds (at least one condition).' })
  or?: SegmentCondition[];

  @Field(() => SegmentCondition, { nullable: true, description: 'This does not hold.' })
  not?: SegmentCondition;

  @Field(() => TraitCondition, { nullable: true, description: 'A trait compared.' })
  trait?: TraitCondition;

  @Field(() => IdentityCondition, { nullable: true, description: 'Has / has not an identity of a type.' })
  identity?: IdentityCondition;

  @Field(() => MetricCondition, { nullable: true, description: 'A computed field compared: RFM, tier, lifecycle and AIPL stage, LTV, churn risk.' })
  metric?: MetricCondition;

  @Field(() => EventCondition, { nullable: true, description: 'Did / did not do an event.' })
  event?: EventCondition;

  @Field(() => OrderCondition, { nullable: true, description: 'Order count or net revenue, optionally of a product or category.' })
  order?: OrderCondition;

  @Field(() => FeedbackCondition, { nullable: true, description: 'NPS category, average rating or open support tickets.' })
  feedback?: FeedbackCondition;

  @Field(() => ID, { nullable: true, description: 'Member of another segment (its current definition, evaluated inline; references may not form a cycle).' })
  inSegment?: string;
}

@InputType({ description: 'What createSegment and updateSegment save.' })
export class SegmentInput {
  @Field(() => String, { description: 'Name, 1 to 200 characters, unique among segments not archived.' })
  name!: string;

  @Field(() => String, { nullable: true, defaultValue: '', description: 'What the segment is for.' })
  description?: string;

  @Field(() => SegmentCondition, { description: 'The definition (see SegmentCondition).' })
  definition!: SegmentCondition;
}

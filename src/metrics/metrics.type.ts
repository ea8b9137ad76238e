import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, DecimalScalar } from '../graphql/scalars';

export enum RfmTierEnum {
  HIGH = 'HIGH',
  MEDIUM = 'MEDIUM',
  LOW = 'LOW',
  NONE = 'NONE',
}
registerEnumType(RfmTierEnum, {
  name: 'RfmTier',
  description: 'A coarse value tier from the sum of the R, F and M scores.',
  valuesConfig: {
    HIGH: { description: 'r + f + m ≥ 12.' },
    MEDIUM: { description: '8 ≤ r + f + m < 12.' },
    LOW: { description: 'r + f + m < 8.' },
    NONE: { description: 'Never ordered (no RFM scores).' },
  },
});

export enum RfmCellEnum {
  CHAMPIONS = 'CHAMPIONS',
  LOYAL_CUSTOMERS = 'LOYAL_CUSTOMERS',
  POTENTIAL_LOYALISTS = 'POTENTIAL_LOYALISTS',
  NEW_CUSTOMERS = 'NEW_CUSTOMERS',
  PROMISING = 'PROMISING',
  NEED_ATTENTION = 'NEED_ATTENTION',
  ABOUT_TO_SLEEP = 'ABOUT_TO_SLEEP',
  AT_RISK = 'AT_RISK',
  CANT_LOSE_THEM = 'CANT_LOSE_THEM',
  HIBERNATING = 'HIBERNATING',
}
registerEnumType(RfmCellEnum, {
  name: 'RfmCell',
  description: 'The cell of the R×F grid: ten disjoint cells covering all 25 (R, F) pairs. M does not enter the cell.',
  valuesConfig: {
    CHAMPIONS: { description: 'R5 F4–5: bought very recently and often.' },
    LOYAL_CUSTOMERS: { description: 'R3–4 F4–5: buy often, fairly recently.' },
    POTENTIAL_LOYALISTS: { description: 'R4–5 F2–3: recent customers with a few orders.' },
    NEW_CUSTOMERS: { description: 'R5 F1: bought very recently, rarely so far.' },
    PROMISING: { description: 'R4 F1: bought recently, rarely so far.' },
    NEED_ATTENTION: { description: 'R3 F3: middling recency and frequency.' },
    ABOUT_TO_SLEEP: { description: 'R3 F1–2: middling recency, few orders.' },
    AT_RISK: { description: 'R1–2 F3–4: bought fairly often, but long ago.' },
    CANT_LOSE_THEM: { description: 'R1–2 F5: the most frequent buyers, but long ago.' },
    HIBERNATING: { description: 'R1–2 F1–2: few orders, long ago.' },
  },
});

export enum LifecycleStageEnum {
  PROSPECT = 'PROSPECT',
  NEW = 'NEW',
  REACTIVATED = 'REACTIVATED',
  ACTIVE = 'ACTIVE',
  AT_RISK = 'AT_RISK',
  DORMANT = 'DORMANT',
  CHURNED = 'CHURNED',
}
registerEnumType(LifecycleStageEnum, {
  name: 'LifecycleStage',
  description:
    'Where a customer is in their buying life. The rules are evaluated in the order PROSPECT, NEW, REACTIVATED, CHURNED, ' +
    'DORMANT, AT_RISK, ACTIVE and the first match wins. Days are whole calendar days in BUSINESS_TIMEZONE; the ' +
    'thresholds (defaults shown) are configurable (LIFECYCLE_*).',
  valuesConfig: {
    PROSPECT: { description: 'Has never ordered.' },
    NEW: { description: 'First order at most 30 days ago (LIFECYCLE_NEW_DAYS).' },
    REACTIVATED: { description: 'Ordered at most 30 days ago after a gap of more than 90 days without orders (LIFECYCLE_DORMANT_DAYS).' },
    ACTIVE: { description: 'A buyer none of the other rules applies to.' },
    AT_RISK: {
      description:
        'Silent for longer than their own typical gap (the mean of the days between their consecutive order days), or ' +
        'the churn model\'s P(alive) is below 0.5 (LIFECYCLE_AT_RISK_P_ALIVE).',
    },
    DORMANT: { description: 'No order for more than 90 days (LIFECYCLE_DORMANT_DAYS): the "sleeping" (沉睡) customer.' },
    CHURNED: { description: 'No order for more than 180 days (LIFECYCLE_CHURNED_DAYS), or the churn model\'s P(alive) is below 0.2 (LIFECYCLE_CHURNED_P_ALIVE).' },
  },
});

export enum AiplStageEnum {
  NONE = 'NONE',
  AWARENESS = 'AWARENESS',
  INTEREST = 'INTEREST',
  PURCHASE = 'PURCHASE',
  LOYALTY = 'LOYALTY',
}
registerEnumType(AiplStageEnum, {
  name: 'AiplStage',
  description: 'Alibaba\'s AIPL stage, A < I < P < L; the highest stage reached wins.',
  valuesConfig: {
    NONE: { description: 'No contact recorded.' },
    AWARENESS: {
      description:
        'Passive contact: a page or screen view, `Page Viewed`, `Application Opened` or `Promotion Viewed` (an ad ' +
        'impression; AIPL_AWARENESS_EVENTS), or interest events older than the interest window.',
    },
    INTEREST: {
      description:
        'Active contact within the last 15 days (AIPL_INTEREST_WINDOW_DAYS): `Product Viewed`, `Products Searched`, ' +
        '`Product Added`, `Product Added to Wishlist`, `Product Clicked` (AIPL_INTEREST_EVENTS).',
    },
    PURCHASE: { description: 'Exactly one order.' },
    LOYALTY: { description: 'Two or more orders, or a buyer with a promoter NPS (9–10) or a review or rating of 4–5 stars.' },
  },
});

@ObjectType({
  description:
    'Recency, frequency and monetary value of a buyer, with their 1–5 scores. The scores are quintiles over all buyers ' +
    'with value-based cut points (the 20/40/60/80 % values): a score is 1 + the number of cut points the value ' +
    'strictly beats, so equal values always score the same. Where many buyers share a value, cut points coincide and ' +
    'fewer levels are used, each keeping its meaning: if 60 % of buyers have one order, one order scores F1 and two ' +
    'orders score F4. Cut points are refreshed once a day (and by `recomputeMetrics`).',
})
export class Rfm {
  @Field(() => Int, { description: 'Whole days since the last order (any time ago), counted in BUSINESS_TIMEZONE calendar days.' })
  recencyDays!: number;

  @Field(() => Int, { description: 'Orders placed at most 365 days ago (RFM_WINDOW_DAYS); refunded orders still count.' })
  frequency!: number;

  @Field(() => DecimalScalar, { description: 'Net revenue of those orders in the reporting currency: totals minus refunds.' })
  monetary!: string;

  @Field(() => Int, { description: 'Recency score, 1–5 (5 = most recent).' })
  r!: number;

  @Field(() => Int, { description: 'Frequency score, 1–5 (5 = most orders).' })
  f!: number;

  @Field(() => Int, { description: 'Monetary score, 1–5 (5 = highest net revenue).' })
  m!: number;

  @Field(() => String, { description: 'The three scores as one string R‖F‖M, e.g. "545".' })
  score!: string;

  @Field(() => RfmCellEnum, { description: 'The cell of the R×F grid.' })
  cell!: RfmCellEnum;

  @Field(() => DateTimeScalar, { description: 'When these values were computed (stored with them; not the time of reading).' })
  computedAt!: Date;
}

import type { SegmentCondition } from './definition';

/*
 * The segments every database starts with (issue 5 §4): plain definitions in the condition language, created once
 * per database (keyed by `builtin_key`) and then edited, archived or left alone like any other.
 */

export interface RepurchaseSettings {
  /** Product categories (`products[].category` of an order) that are bought again and again. */
  categories: string[];
  /** Days after which a consumable is due again. */
  days: number;
}

export const DEFAULT_REPURCHASE: RepurchaseSettings = { categories: ['consumables'], days: 30 };

export interface BuiltinSegment {
  key: string;
  name: string;
  description: string;
  definition: SegmentCondition;
}

export function builtinSegments(repurchase: RepurchaseSettings): BuiltinSegment[] {
  const consumable = [{ key: 'category', operator: 'IN' as const, values: repurchase.categories }];
  return [
    {
      key: 'SLEEPING',
      name: 'Sleeping customers',
      description: 'Have ordered, but not in the last 90 days (沉睡客户): the recall campaign\'s audience.',
      definition: { and: [{ order: { atLeast: 1 } }, { not: { order: { within: 'P90D' } } }] },
    },
    {
      key: 'ABOUT_TO_CHURN',
      name: 'About to churn',
      description: 'Silent at least 14 days longer than their own usual gap between order days (needs two order days or more).',
      definition: { metric: { field: 'DAYS_PAST_TYPICAL_GAP', operator: 'GTE', value: 14 } },
    },
    {
      key: 'VIP',
      name: 'VIP',
      description: 'RFM Champions (bought very recently, R5, and often, F4–5), or in the top decile of predicted 12-month LTV.',
      definition: {
        or: [{ metric: { field: 'RFM_CELL', operator: 'EQ', value: 'CHAMPIONS' } }, { metric: { field: 'LTV_DECILE', operator: 'EQ', value: 10 } }],
      },
    },
    {
      key: 'NEW_CUSTOMERS',
      name: 'New customers, first 7 days',
      description: 'First order on one of the last 7 local days (today included).',
      definition: { metric: { field: 'DAYS_SINCE_FIRST_ORDER', operator: 'LTE', value: 6 } },
    },
    {
      key: 'DETRACTORS_OPEN_TICKET',
      name: 'Detractors with an open ticket',
      description: 'Latest NPS answer 0–6 and at least one support ticket OPEN or PENDING.',
      definition: { and: [{ feedback: { nps: 'DETRACTOR' } }, { feedback: { openTickets: { atLeast: 1 } } }] },
    },
    {
      key: 'REPURCHASE_DUE',
      name: 'Repurchase due',
      description:
        `Bought a consumable (product category ${repurchase.categories.join(', ')}) ${repurchase.days} to ${repurchase.days + 6} days ago and none ` +
        `since (REPURCHASE_CATEGORIES, REPURCHASE_DAYS).`,
      definition: {
        and: [
          { order: { within: `P${repurchase.days + 6}D`, product: consumable } },
          { not: { order: { within: `P${repurchase.days - 1}D`, product: consumable } } },
        ],
      },
    },
  ];
}

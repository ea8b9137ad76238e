/**
 * Lifecycle stage (issue 4 §2; MODELS.md §7.1 and §7.3). Pure: metrics.repo.ts evaluates the same rules in SQL.
 * Every day count is a difference of calendar days in the business time zone (today = 0), so a stage can only change
 * with time at midnight there: a customer scored today stays right until tomorrow unless new data arrives.
 */

export type LifecycleStage = 'PROSPECT' | 'NEW' | 'REACTIVATED' | 'ACTIVE' | 'AT_RISK' | 'DORMANT' | 'CHURNED';

export interface LifecycleThresholds {
  /** NEW: first order at most this many days ago; REACTIVATED: an order at most this many days ago (default 30). */
  newDays: number;
  /** DORMANT: no order for more than this many days; also the gap that makes a return REACTIVATED (default 90). */
  dormantDays: number;
  /** CHURNED: no order for more than this many days (default 180). */
  churnedDays: number;
  /** CHURNED when the churn model's P(alive) is below this (default 0.2). */
  churnedPAlive: number;
  /** AT_RISK when the churn model's P(alive) is below this (default 0.5). */
  atRiskPAlive: number;
}

export const DEFAULT_LIFECYCLE_THRESHOLDS: LifecycleThresholds = {
  newDays: 30,
  dormantDays: 90,
  churnedDays: 180,
  churnedPAlive: 0.2,
  atRiskPAlive: 0.5,
};

/** What the rule looks at; every field is null for a customer who never ordered. */
export interface LifecycleInputs {
  /** Days since the last order. */
  recencyDays: number | null;
  /** Days since the first order. */
  daysSinceFirstOrder: number | null;
  /**
   * The longest gap between two consecutive order days where the later day is at most `newDays` ago: how long the
   * customer had been away before coming back recently. Null when no recent order follows an earlier one.
   */
  recentReturnGapDays: number | null;
  /** Mean days between consecutive distinct order days; null with fewer than two order days. */
  typicalGapDays: number | null;
  /** The churn model's P(alive); null until a model has scored the customer. */
  pAlive: number | null;
}

const below = (value: number | null, limit: number): boolean => value !== null && value < limit;

/** First match wins, in the order of the table. */
export function lifecycleStage(inputs: LifecycleInputs, t: LifecycleThresholds): LifecycleStage {
  const { recencyDays, daysSinceFirstOrder, recentReturnGapDays, typicalGapDays, pAlive } = inputs;
  if (recencyDays === null || daysSinceFirstOrder === null) return 'PROSPECT';
  if (daysSinceFirstOrder <= t.newDays) return 'NEW';
  if (recencyDays <= t.newDays && recentReturnGapDays !== null && recentReturnGapDays > t.dormantDays) return 'REACTIVATED';
  if (recencyDays > t.churnedDays || below(pAlive, t.churnedPAlive)) return 'CHURNED';
  if (recencyDays > t.dormantDays) return 'DORMANT';
  if ((typicalGapDays !== null && recencyDays > typicalGapDays) || below(pAlive, t.atRiskPAlive)) return 'AT_RISK';
  return 'ACTIVE';
}

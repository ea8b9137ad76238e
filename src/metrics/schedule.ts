/**
 * When the freshness sweep re-scores everyone. Pure: recompute.ts reads the state and acts on the answer.
 *
 * Every time-dependent value (recency, the RFM window, NEW / DORMANT / CHURNED, the AIPL interest window) is counted
 * in whole calendar days of the business time zone, so with no new data nothing changes before the next local
 * midnight; new data re-scores its customers on write. A full run (fresh cut points, then every live profile) once
 * per business day is therefore exact, and the sweep's other triggers only catch what bypassed the write path.
 */

export interface SweepInputs {
  /** Start of today in the business time zone. */
  todayStart: Date;
  /** The oldest computed_at in customer_metrics; null when it is empty. */
  oldestComputedAt: Date | null;
  /** The stored cut points' facts; null when none are stored. */
  cutPoints: { buyers: number; windowDays: number; computedAt: Date } | null;
  /** The configured RFM window. */
  windowDays: number;
  liveCustomers: number;
  /** Rows in customer_metrics. */
  scoredCustomers: number;
  /** Rows in customer_metrics of buyers. */
  scoredBuyers: number;
}

/** The relative change in the number of buyers that makes the stored quantiles stale (a fresh install, an import). */
export const BUYER_DRIFT = 0.1;

export type SweepReason = 'NO_CUT_POINTS' | 'NEW_DAY' | 'WINDOW_CHANGED' | 'UNSCORED_PROFILES' | 'BUYERS_DRIFTED';

/** Why a full run is due, or null when every stored row is still exact. */
export function sweepReason(i: SweepInputs): SweepReason | null {
  const k = i.cutPoints;
  if (!k) return 'NO_CUT_POINTS';
  // Cut points or rows from before today (a new day, or a run cut short by a shutdown).
  if (k.computedAt.getTime() < i.todayStart.getTime()) return 'NEW_DAY';
  if (i.oldestComputedAt && i.oldestComputedAt.getTime() < i.todayStart.getTime()) return 'NEW_DAY';
  if (k.windowDays !== i.windowDays) return 'WINDOW_CHANGED';
  // Profiles written around the hook (seeds, SQL) have no row, or rows are left of profiles that are gone.
  if (i.scoredCustomers !== i.liveCustomers) return 'UNSCORED_PROFILES';
  if (Math.abs(i.scoredBuyers - k.buyers) > BUYER_DRIFT * k.buyers) return 'BUYERS_DRIFTED';
  return null;
}

import { sql } from 'drizzle-orm';
import { rows, type Queryable, type Reader } from '../db/client';
import { toDate, toDateOrNull, uuidArray } from '../db/values';
import type { AiplStage } from './aipl';
import type { LifecycleStage } from './lifecycle';
import type { RfmCell, RfmTier } from './rfm';
import type { MetricsSettings } from './settings';

/*
 * Reads of the stored computed fields and the bookkeeping around them. The scoring statements that write them are in
 * scoring.repo.ts; the ones callers outside metrics/ use are re-exported here.
 */
export {
  readCutPoints, refreshCutPoints, scoreCustomers, type CutPointsRow, type ScoreOptions, type ScoreResult,
} from './scoring.repo';

export async function countLiveCustomers(q: Reader): Promise<number> {
  const [{ n }] = await rows<{ n: number }>(q, sql`select count(*)::int as n from customers where merged_into_id is null`);
  return n;
}

/** Rows of profiles that are no longer live (left behind by writes that bypass the hook). */
export async function deleteOrphanMetrics(q: Queryable): Promise<number> {
  const gone = await rows(q, sql`delete from customer_metrics cm
    where not exists (select 1 from customers c where c.id = cm.customer_id and c.merged_into_id is null) returning 1`);
  return gone.length;
}

/** What the sweep decides on, read in one statement (one snapshot). */
export interface SweepState {
  /** Start of today in the business time zone. */
  todayStart: Date;
  oldestComputedAt: Date | null;
  cutPoints: { buyers: number; windowDays: number; computedAt: Date } | null;
  liveCustomers: number;
  scoredCustomers: number;
  scoredBuyers: number;
}

export async function readSweepState(q: Reader, s: MetricsSettings, now: Date): Promise<SweepState> {
  const [r] = await rows<{
    today_start: string; oldest: string | null; buyers: number | null; window_days: number | null; computed_at: string | null;
    live: number; scored: number; scored_buyers: number;
  }>(
    q,
    sql`select (((${now.toISOString()}::timestamptz at time zone ${s.timezone}::text)::date)::timestamp at time zone ${s.timezone}::text)::text as today_start,
        k.buyers, k.window_days, k.computed_at::text as computed_at,
        (select count(*) from customers where merged_into_id is null)::int as live,
        (select count(*) from customer_metrics)::int as scored,
        (select count(*) from customer_metrics where last_order_at is not null)::int as scored_buyers,
        (select min(computed_at) from customer_metrics)::text as oldest
      from (select 1) one left join rfm_cut_points k on k.id = 1`,
  );
  return {
    todayStart: toDate(r.today_start),
    oldestComputedAt: toDateOrNull(r.oldest),
    cutPoints: r.computed_at === null ? null : { buyers: r.buyers!, windowDays: r.window_days!, computedAt: toDate(r.computed_at) },
    liveCustomers: r.live,
    scoredCustomers: r.scored,
    scoredBuyers: r.scored_buyers,
  };
}

/** The stored computed fields a profile page reads. */
export interface CustomerMetrics {
  customerId: string;
  recencyDays: number | null;
  frequency: number | null;
  monetary: string | null;
  r: number | null;
  f: number | null;
  m: number | null;
  rfmScore: string | null;
  rfmCell: RfmCell | null;
  rfmTier: RfmTier;
  lifecycleStage: LifecycleStage;
  aiplStage: AiplStage;
  historicalLtv: string;
  typicalGapDays: number | null;
  computedAt: Date;
}

interface MetricsDbRow {
  customer_id: string;
  recency_days: number | null;
  frequency: number | null;
  monetary: string | null;
  r: number | null;
  f: number | null;
  m: number | null;
  rfm_score: string | null;
  rfm_cell: RfmCell | null;
  rfm_tier: RfmTier;
  lifecycle_stage: LifecycleStage;
  aipl_stage: AiplStage;
  historical_ltv: string;
  typical_gap_days: number | null;
  computed_at: string;
}

/** Stored metrics of these live profiles: one statement for a page of customers. */
export async function metricsOfCustomers(q: Reader, ids: readonly string[]): Promise<Map<string, CustomerMetrics>> {
  const found = await rows<MetricsDbRow>(
    q,
    sql`select customer_id, recency_days, frequency, monetary::text as monetary, r, f, m, rfm_score, rfm_cell, rfm_tier,
               lifecycle_stage, aipl_stage, historical_ltv::text as historical_ltv, typical_gap_days, computed_at::text as computed_at
        from customer_metrics where customer_id = any(${uuidArray(ids)})`,
  );
  return new Map(
    found.map((r) => [
      r.customer_id,
      {
        customerId: r.customer_id,
        recencyDays: r.recency_days,
        frequency: r.frequency,
        monetary: r.monetary,
        r: r.r,
        f: r.f,
        m: r.m,
        rfmScore: r.rfm_score,
        rfmCell: r.rfm_cell,
        rfmTier: r.rfm_tier,
        lifecycleStage: r.lifecycle_stage,
        aiplStage: r.aipl_stage,
        historicalLtv: r.historical_ltv,
        typicalGapDays: r.typical_gap_days === null ? null : Number(r.typical_gap_days),
        computedAt: toDateOrNull(r.computed_at)!,
      },
    ]),
  );
}

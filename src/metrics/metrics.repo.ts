import { sql, type SQL } from 'drizzle-orm';
import { rows, type Queryable, type Reader } from '../db/client';
import { textArray, toDate, toDateOrNull, uuidArray } from '../db/values';
import type { AiplStage } from './aipl';
import type { LifecycleStage } from './lifecycle';
import { RFM_GRID, RFM_QUANTILES, type RfmCell, type RfmCutPoints, type RfmTier } from './rfm';
import type { MetricsSettings } from './settings';

/*
 * The computed fields, set-based: one statement scores any set of live profiles, from one customer on ingest to a
 * chunk of a full run, so the two cannot disagree. The rules are those of rfm.ts, lifecycle.ts and aipl.ts (checked
 * row by row by test/integration/metrics-scoring.test.ts). "now" is always a parameter (shared/clock.ts), never
 * SQL now(), and days are calendar days in the business time zone.
 */

const QUANTILES = sql.raw(`'{${RFM_QUANTILES.join(',')}}'::float8[]`);

/** Today's date in the business time zone, as `today.d`. */
const todayCte = (s: MetricsSettings, now: Date) => sql`today as (select (${now.toISOString()}::timestamptz at time zone ${s.timezone}::text)::date as d)`;

/** Whole days from the order's local day to today (an order stamped in the future counts as today). */
const daysAgo = (s: MetricsSettings) => sql`greatest(0, today.d - (o.occurred_at at time zone ${s.timezone}::text)::date)`;

/**
 * An order's net revenue in the reporting currency: its total minus its refunds, never below zero. Refunds are found
 * by source and order id (one may have arrived on another profile, or before the order). A refund without an amount
 * is the whole order; one in another currency carries its converted amount; one in the order's currency is the same
 * share of the order's reporting total.
 */
const netOf = sql`greatest(o.total_reporting - coalesce((
    select sum(case when r.amount is null then o.total_reporting
                    when r.amount_reporting is not null then r.amount_reporting
                    when o.total = 0 then 0
                    else round(r.amount * o.total_reporting / o.total, 4) end)
    from refunds r where r.source_id = o.source_id and r.order_id = o.order_id), 0), 0)`;

const CELL = sql.raw(
  `case s.r * 10 + s.f ${RFM_GRID.flatMap((row, ri) => row.map((cell, fi) => `when ${(ri + 1) * 10 + fi + 1} then '${cell}'`)).join(' ')} end`,
);

export interface CutPointsRow extends RfmCutPoints {
  buyers: number;
  windowDays: number;
  computedAt: Date;
}

interface CutPointsDbRow {
  recency_cuts: number[];
  frequency_cuts: number[];
  monetary_cuts: string[];
  buyers: number;
  window_days: number;
  computed_at: string;
}

/** postgres.js parses int[] and numeric[] (as strings); PGlite too. Normalise the element types. */
const toCutPoints = (r: CutPointsDbRow): CutPointsRow => ({
  recency: r.recency_cuts.map(Number),
  frequency: r.frequency_cuts.map(Number),
  monetary: r.monetary_cuts.map(String),
  buyers: r.buyers,
  windowDays: r.window_days,
  computedAt: toDate(r.computed_at),
});

const CUT_COLUMNS = sql`recency_cuts, frequency_cuts, monetary_cuts::text[] as monetary_cuts, buyers, window_days, computed_at::text as computed_at`;

export async function readCutPoints(q: Reader): Promise<CutPointsRow | null> {
  const [r] = await rows<CutPointsDbRow>(q, sql`select ${CUT_COLUMNS} from rfm_cut_points where id = 1`);
  return r ? toCutPoints(r) : null;
}

/**
 * Recompute the quintile cut points over every buyer (a live profile with at least one order, its members' included)
 * and store them. `percentile_disc` returns values of the data, so equal values never fall on both sides of a cut.
 */
export async function refreshCutPoints(q: Queryable, s: MetricsSettings, now: Date): Promise<CutPointsRow> {
  const [r] = await rows<CutPointsDbRow>(
    q,
    sql`with ${todayCte(s, now)},
      buyer_orders as (
        select coalesce(c.merged_into_id, c.id) as root, ${daysAgo(s)} as days_ago, ${netOf} as net
        from orders o join customers c on c.id = o.customer_id cross join today),
      buyers as (
        select root, min(days_ago) as recency_days,
               (count(*) filter (where days_ago <= ${s.rfmWindowDays}::int))::int as frequency,
               coalesce(sum(net) filter (where days_ago <= ${s.rfmWindowDays}::int), 0) as monetary
        from buyer_orders group by root)
    insert into rfm_cut_points as k (id, recency_cuts, frequency_cuts, monetary_cuts, buyers, window_days, computed_at)
    select 1,
           coalesce(percentile_disc(${QUANTILES}) within group (order by recency_days desc), '{}'),
           coalesce(percentile_disc(${QUANTILES}) within group (order by frequency), '{}'),
           coalesce(percentile_disc(${QUANTILES}) within group (order by monetary), '{}'),
           count(*)::int, ${s.rfmWindowDays}::int, ${now.toISOString()}::timestamptz
    from buyers
    on conflict (id) do update set recency_cuts = excluded.recency_cuts, frequency_cuts = excluded.frequency_cuts,
      monetary_cuts = excluded.monetary_cuts, buyers = excluded.buyers, window_days = excluded.window_days,
      computed_at = excluded.computed_at
    returning ${CUT_COLUMNS}`,
  );
  return toCutPoints(r);
}

export interface ScoreResult {
  /** Rows written (live profiles scored). */
  scored: number;
  /** Rows removed: profiles merged away or erased. */
  removed: number;
}

interface ScoreRow {
  scored: number;
  removed: number;
  cut_buyers: number | null;
  buyers: number;
}

/**
 * The scoring statement. `ids` may name live profiles, merged-away ones (their survivor is scored) or erased ones:
 * rows of every asked id or member that is not a live profile are deleted in the same statement. Nothing is written
 * when no cut points are stored; the caller sees that in `cut_buyers` (null). `guard` (sweeps) leaves alone rows
 * written after it, by a concurrent ingest that saw newer data than this statement's snapshot.
 */
function scoreStatement(s: MetricsSettings, ids: readonly string[], now: Date, guard: Date | null): SQL {
  const at = sql`${now.toISOString()}::timestamptz`;
  const l = s.lifecycle;
  const interest = textArray(s.aipl.interestEvents);
  const awareness = textArray(s.aipl.awarenessEvents);
  return sql`with ${todayCte(s, now)},
    asked as (select unnest(${uuidArray(ids)}) as id),
    roots as (
      select distinct r.id from asked a join customers c on c.id = a.id join customers r on r.id = coalesce(c.merged_into_id, c.id)
      where r.merged_into_id is null),
    members as (
      select id as root, id as member from roots
      union all
      select m.merged_into_id, m.id from customers m where m.merged_into_id in (select id from roots)),
    ord as (
      select mb.root, o.occurred_at, ${daysAgo(s)} as days_ago, ${netOf} as net
      from members mb join orders o on o.customer_id = mb.member cross join today),
    ord_agg as (
      select root, count(*)::int as orders, min(days_ago) as recency_days, max(days_ago) as first_days_ago,
             (count(*) filter (where days_ago <= ${s.rfmWindowDays}::int))::int as frequency,
             coalesce(sum(net) filter (where days_ago <= ${s.rfmWindowDays}::int), 0) as monetary,
             sum(net) as historical, min(occurred_at) as first_order_at, max(occurred_at) as last_order_at
      from ord group by root),
    -- One row per distinct order day, with the gap back to the previous order day.
    order_days as (
      select root, days_ago, lead(days_ago) over (partition by root order by days_ago) - days_ago as gap_before
      from (select distinct root, days_ago from ord) d),
    days_agg as (
      select root, count(*)::int as order_days,
             max(gap_before) filter (where days_ago <= ${l.newDays}::int) as return_gap,
             case when count(*) > 1 then (max(days_ago) - min(days_ago))::float8 / (count(*) - 1) end as typical_gap
      from order_days group by root),
    -- Index lookups per member profile (events and feedback lead with customer_id), never a scan of the history.
    contact as (
      select mb.root, bool_or(x.interested) as interested, bool_or(x.contacted) as contacted, bool_or(x.advocate) as advocate
      from members mb cross join lateral (select
        exists (select 1 from events e where e.customer_id = mb.member and e.name = any(${interest})
                  and e.occurred_at >= ((today.d - ${s.aipl.interestWindowDays}::int)::timestamp at time zone ${s.timezone}::text)) as interested,
        exists (select 1 from events e where e.customer_id = mb.member
                  and (e.type in ('page', 'screen') or e.name = any(${awareness}) or e.name = any(${interest}))) as contacted,
        exists (select 1 from feedback f where f.customer_id = mb.member
                  and ((f.kind = 'NPS' and f.score >= 9) or (f.kind in ('REVIEW', 'RATING') and f.score >= 4 and f.score <= 5))) as advocate
        from today) x
      group by mb.root),
    cuts as (select recency_cuts, frequency_cuts, monetary_cuts, buyers from rfm_cut_points where id = 1),
    s as (
      select r.id as customer_id, oa.orders, oa.recency_days, oa.first_days_ago, oa.frequency, oa.monetary, oa.historical,
             oa.first_order_at, oa.last_order_at, da.order_days, da.return_gap, da.typical_gap,
             ct.interested, ct.contacted, ct.advocate, cm.p_alive,
             case when oa.orders is not null then 1 + (select count(*) from unnest(k.recency_cuts) c where c > oa.recency_days) end as r,
             case when oa.orders is not null then 1 + (select count(*) from unnest(k.frequency_cuts) c where c < oa.frequency) end as f,
             case when oa.orders is not null then 1 + (select count(*) from unnest(k.monetary_cuts) c where c < oa.monetary) end as m
      from roots r cross join cuts k
      join contact ct on ct.root = r.id
      left join ord_agg oa on oa.root = r.id
      left join days_agg da on da.root = r.id
      left join customer_metrics cm on cm.customer_id = r.id),
    gone as (
      delete from customer_metrics cm
      using (select id from asked union select member from members except select id from roots) x
      where cm.customer_id = x.id
      returning 1),
    upserted as (
      insert into customer_metrics as cm (customer_id, recency_days, frequency, monetary, r, f, m, rfm_score, rfm_cell, rfm_tier,
        lifecycle_stage, aipl_stage, historical_ltv, first_order_at, last_order_at, order_days, typical_gap_days, computed_at)
      select s.customer_id, s.recency_days, s.frequency, s.monetary, s.r, s.f, s.m, s.r::text || s.f::text || s.m::text, ${CELL},
        case when s.r is null then 'NONE' when s.r + s.f + s.m >= 12 then 'HIGH' when s.r + s.f + s.m >= 8 then 'MEDIUM' else 'LOW' end,
        case when s.orders is null then 'PROSPECT'
             when s.first_days_ago <= ${l.newDays}::int then 'NEW'
             when s.recency_days <= ${l.newDays}::int and s.return_gap > ${l.dormantDays}::int then 'REACTIVATED'
             when s.recency_days > ${l.churnedDays}::int or s.p_alive < ${l.churnedPAlive}::float8 then 'CHURNED'
             when s.recency_days > ${l.dormantDays}::int then 'DORMANT'
             when s.recency_days > s.typical_gap or s.p_alive < ${l.atRiskPAlive}::float8 then 'AT_RISK'
             else 'ACTIVE' end,
        case when s.orders >= 2 or (s.orders >= 1 and s.advocate) then 'LOYALTY'
             when s.orders >= 1 then 'PURCHASE'
             when s.interested then 'INTEREST'
             when s.contacted then 'AWARENESS'
             else 'NONE' end,
        coalesce(s.historical, 0), s.first_order_at, s.last_order_at, coalesce(s.order_days, 0), s.typical_gap, ${at}
      from s
      on conflict (customer_id) do update set recency_days = excluded.recency_days, frequency = excluded.frequency,
        monetary = excluded.monetary, r = excluded.r, f = excluded.f, m = excluded.m, rfm_score = excluded.rfm_score,
        rfm_cell = excluded.rfm_cell, rfm_tier = excluded.rfm_tier, lifecycle_stage = excluded.lifecycle_stage,
        aipl_stage = excluded.aipl_stage, historical_ltv = excluded.historical_ltv, first_order_at = excluded.first_order_at,
        last_order_at = excluded.last_order_at, order_days = excluded.order_days, typical_gap_days = excluded.typical_gap_days,
        computed_at = excluded.computed_at
      ${guard ? sql`where cm.computed_at <= ${guard.toISOString()}::timestamptz` : sql``}
      returning 1)
    select (select count(*) from upserted)::int as scored, (select count(*) from gone)::int as removed,
           (select buyers from cuts) as cut_buyers, (select count(*) from ord_agg)::int as buyers`;
}

export interface ScoreOptions {
  /** The instant the scores are as of (clock.now() of the caller). */
  now: Date;
  /** Sweeps only: leave rows computed after this instant alone (see scoreStatement). */
  guard?: Date | null;
}

/**
 * Score these profiles (live, merged-away or erased ids; see scoreStatement) with the stored cut points, in one
 * statement. On a database with no cut points yet (or cut points taken over no buyers while these include one), the
 * cut points are computed first, in the same transaction when `q` is one.
 */
export async function scoreCustomers(q: Queryable, s: MetricsSettings, customerIds: readonly string[], options: ScoreOptions): Promise<ScoreResult> {
  if (!customerIds.length) return { scored: 0, removed: 0 };
  const run = () => rows<ScoreRow>(q, scoreStatement(s, customerIds, options.now, options.guard ?? null)).then((r) => r[0]);
  const first = await run();
  if (first.cut_buyers !== null && !(first.cut_buyers === 0 && first.buyers > 0)) return { scored: first.scored, removed: first.removed };
  await refreshCutPoints(q, s, options.now);
  const second = await run();
  return { scored: second.scored, removed: first.removed + second.removed };
}

/** Live profiles after `after` in id order: the chunks of a full run. */
export async function liveCustomerIds(q: Reader, after: string | null, limit: number): Promise<string[]> {
  const found = await rows<{ id: string }>(
    q,
    sql`select id from customers where merged_into_id is null ${after ? sql`and id > ${after}::uuid` : sql``} order by id limit ${limit}::int`,
  );
  return found.map((r) => r.id);
}

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

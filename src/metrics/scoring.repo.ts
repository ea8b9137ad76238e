import { sql, type SQL } from 'drizzle-orm';
import { exec, rows, type Queryable, type Reader } from '../db/client';
import { textArray, toDate, uuidArray } from '../db/values';
import { inRange, type IdRange } from './idRanges';
import { MODEL_RECORD, ordersOfRange, type SummaryRow } from './model.repo';
import { RFM_GRID, RFM_QUANTILES, type RfmCutPoints } from './rfm';
import type { MetricsSettings } from './settings';

/*
 * The computed fields' SQL (issue 4 §1–2), two ways in and one set of rules:
 * - scoreCustomers: one statement for a list of profiles (a write, a merge): their rows reached member by member
 *   through the customer_id indexes, scored with the stored cut points.
 * - a full run (stageAllValues, storeStagedCutPoints, scoreStagedChunk): every live profile's values from one pass over
 *   each table, grouped by live profile, staged in a temporary table; the cut points taken over them; then written back
 *   a chunk at a time, each chunk its own short transaction, so a writer scoring the same profile waits for one chunk
 *   and never for the whole run.
 * Both assemble the per-order rows, the per-profile aggregates, the scores and the written row from the fragments
 * below, so they cannot drift; test/integration/metrics-scoring.test.ts checks both against the pure rules (rfm.ts,
 * lifecycle.ts, aipl.ts) and against each other. "now" is always a parameter (shared/clock.ts), never SQL now(), and
 * days are calendar days in the business time zone.
 */

// ---- fragments --------------------------------------------------------------------------------------------------

const zone = (s: MetricsSettings) => sql`${s.timezone}::text`;

/** Today's date in the business time zone; read as `(select d from today)`, evaluated once per statement. */
const todayCte = (s: MetricsSettings, now: Date) => sql`today as (select (${now.toISOString()}::timestamptz at time zone ${zone(s)})::date as d)`;

/** Whole days from order o's local day to today (an order stamped in the future counts as today). */
const daysAgo = (s: MetricsSettings) => sql`greatest(0, (select d from today) - (o.occurred_at at time zone ${zone(s)})::date)`;

/**
 * What a set of refunds r of one order takes off it, in three parts that add up over any grouping: refunds without an
 * amount take the whole order (`whole` of them), refunds in another currency their converted amount, refunds in the
 * order's currency the same share of its reporting total (`shares`, applied one by one in NET). Refunds are matched
 * by source and order id: one may have arrived on another profile, or before its order.
 */
const REFUND_PARTS = sql`count(*) filter (where r.amount is null) as whole,
  coalesce(sum(r.amount_reporting) filter (where r.amount is not null and r.amount_reporting is not null), 0) as converted,
  array_agg(r.amount) filter (where r.amount is not null and r.amount_reporting is null) as shares`;

/**
 * Order o's net revenue in the reporting currency, x being its refund parts (null: none), never below zero. Most orders
 * have no refund: they skip the arithmetic (a full run evaluates this for every order).
 */
const NET = sql`case when x.whole is null then greatest(o.total_reporting, 0)
  else greatest(o.total_reporting - (x.whole * o.total_reporting + x.converted
    + case when x.shares is null or o.total = 0 then 0
           else (select sum(round(a * o.total_reporting / o.total, 4)) from unnest(x.shares) a) end), 0) end`;

/**
 * One profile's order values, over rows (root, occurred_at, days_ago, net) grouped by root. `return_gap` is the gap
 * between the oldest order day of the last LIFECYCLE_NEW_DAYS and the order day before it: the longest silence an
 * order of that period ended, since config.ts keeps the new-days window shorter than the dormant threshold (a gap
 * between two days inside the window cannot exceed it).
 */
function orderAggregates(s: MetricsSettings): SQL {
  const window = sql`${s.rfmWindowDays}::int`;
  const recent = sql`${s.lifecycle.newDays}::int`;
  return sql`count(*)::int as orders, min(days_ago) as recency_days, max(days_ago) as first_days_ago,
    (count(*) filter (where days_ago <= ${window}))::int as frequency,
    coalesce(sum(net) filter (where days_ago <= ${window}), 0) as monetary, sum(net) as historical,
    min(occurred_at) as first_order_at, max(occurred_at) as last_order_at, count(distinct days_ago)::int as order_days,
    min(days_ago) filter (where days_ago > ${recent}) - max(days_ago) filter (where days_ago <= ${recent}) as return_gap`;
}

/** Event e shows interest within the window. */
const interestedEvent = (s: MetricsSettings) =>
  sql`e.name = any(${textArray(s.aipl.interestEvents)})
    and e.occurred_at >= (((select d from today) - ${s.aipl.interestWindowDays}::int)::timestamp at time zone ${zone(s)})`;

/** Event e is a contact: a page or screen view, an awareness event or an interest event of any age. */
const contactEvent = (s: MetricsSettings) =>
  sql`(e.type in ('page', 'screen') or e.name = any(${textArray(s.aipl.awarenessEvents)}) or e.name = any(${textArray(s.aipl.interestEvents)}))`;

/** Feedback f speaks well of the brand: a promoter NPS, or a review or rating of 4–5 on the 5-point scale. */
const ADVOCATE_FEEDBACK = sql`((f.kind = 'NPS' and f.score >= 9) or (f.kind in ('REVIEW', 'RATING') and f.score >= 4 and f.score <= 5))`;

/** What every way in computes per live profile (relation `v`), the input of the scoring tail; name and SQL type. */
const VALUE_COLUMNS: readonly (readonly [string, string])[] = [
  ['customer_id', 'uuid'], ['orders', 'int'], ['recency_days', 'int'], ['first_days_ago', 'int'], ['frequency', 'int'],
  ['monetary', 'numeric'], ['historical', 'numeric'], ['first_order_at', 'timestamptz'], ['last_order_at', 'timestamptz'],
  ['order_days', 'int'], ['return_gap', 'int'], ['interested', 'boolean'], ['contacted', 'boolean'], ['advocate', 'boolean'],
];
const VALUE_NAMES = sql.raw(VALUE_COLUMNS.map(([name]) => name).join(', '));

/** 1 + the number of stored cut points (k) that v's value strictly beats: the rule of rfm.ts scoreRfm. */
const rank = (cuts: string, value: string, beats: '<' | '>') =>
  sql.raw(`1 + ${RFM_QUANTILES.map((_, i) => `coalesce((k.${cuts}[${i + 1}] ${beats} v.${value})::int, 0)`).join(' + ')}`);

const CELL = sql.raw(
  `case scored.r * 10 + scored.f ${RFM_GRID.flatMap((row, ri) => row.map((cell, fi) => `when ${(ri + 1) * 10 + fi + 1} then '${cell}'`)).join(' ')} end`,
);

/** The churn / LTV model columns, written with the rest of the row when a full run passes them in. */
/** The day summary alone (MODELS.md §1, in days) and when it was taken: what a full run without a fit writes. */
const SUMMARY_COLUMNS = sql`summary_x, summary_t_x, summary_t, summary_repeat_spend, model_computed_at`;

const MODEL_COLUMNS = sql`p_alive, churn_score, churn_band, expected_spend, predicted_ltv_12m, summary_x, summary_t_x, summary_t,
  summary_repeat_spend, model_computed_at`;

/**
 * The scoring tail, after CTEs `v` (VALUE_COLUMNS of live profiles) and `cuts` (the stored cut points): scores, cell,
 * tier, lifecycle and AIPL, upserted into customer_metrics as CTE `upserted`. The lifecycle rule reads P(alive): the
 * stored one, or with `models` (a full run's chunk: model.repo.ts modelColumnsJson, a row per profile) the fresh one,
 * and then the model columns are written in the same statement, so a row is written once per run, not twice. `guard`
 * (sweeps) leaves alone rows written after it, by a write that saw newer data than this run.
 */
function scoreAndWrite(s: MetricsSettings, now: Date, guard: Date | null, models: string | null = null, summaries = false): SQL {
  const l = s.lifecycle;
  const at = sql`${now.toISOString()}::timestamptz`;
  // A full run without a fit (`summaries`: v also has first_day_net) still stores each buyer's day summary, as a run
  // with one does: the first fit then reads them instead of sorting every order again (model.repo.ts
  // stageStoredCalibration). The model's own columns stay as they are.
  const daySummaries = !models && summaries;
  return sql`scored as (
      select v.*, ${
        models
          ? sql`mc.p_alive, mc.x as model_x, mc.t_x as model_t_x, mc.t as model_t, mc.repeat_spend as model_repeat_spend, mc.churn_score, mc.churn_band,
              round(mc.expected_spend::numeric, 4) as expected_spend, round(mc.ltv::numeric, 4) as ltv`
          : sql`pa.p_alive`
      },
        case when v.order_days > 1 then (v.first_days_ago - v.recency_days)::float8 / (v.order_days - 1) end as typical_gap,
        case when v.orders is not null then ${rank('recency_cuts', 'recency_days', '>')} end as r,
        case when v.orders is not null then ${rank('frequency_cuts', 'frequency', '<')} end as f,
        case when v.orders is not null then ${rank('monetary_cuts', 'monetary', '<')} end as m
      from v cross join cuts k
      ${
        models
          ? sql`left join json_to_recordset(${models}::json) as mc${MODEL_RECORD} on mc.customer_id = v.customer_id`
          : // A probe per profile, whatever the planner thinks of a chunk's size against the table's (never a hash of it
            // all), and one per profile, not one per mention in the lifecycle rule.
            sql`left join lateral (select cm.p_alive from customer_metrics cm where cm.customer_id = v.customer_id offset 0) pa on true`
      }),
    upserted as (
      insert into customer_metrics as cm (customer_id, recency_days, frequency, monetary, r, f, m, rfm_score, rfm_cell, rfm_tier,
        lifecycle_stage, aipl_stage, historical_ltv, first_order_at, last_order_at, order_days, typical_gap_days, computed_at
        ${models ? sql`, ${MODEL_COLUMNS}` : daySummaries ? sql`, ${SUMMARY_COLUMNS}` : sql``})
      select scored.customer_id, scored.recency_days, scored.frequency, scored.monetary, scored.r, scored.f, scored.m,
        scored.r::text || scored.f::text || scored.m::text, ${CELL},
        case when scored.r is null then 'NONE' when scored.r + scored.f + scored.m >= 12 then 'HIGH'
             when scored.r + scored.f + scored.m >= 8 then 'MEDIUM' else 'LOW' end,
        case when scored.orders is null then 'PROSPECT'
             when scored.first_days_ago <= ${l.newDays}::int then 'NEW'
             when scored.recency_days <= ${l.newDays}::int and scored.return_gap > ${l.dormantDays}::int then 'REACTIVATED'
             when scored.recency_days > ${l.churnedDays}::int or scored.p_alive < ${l.churnedPAlive}::float8 then 'CHURNED'
             when scored.recency_days > ${l.dormantDays}::int then 'DORMANT'
             when scored.recency_days > scored.typical_gap or scored.p_alive < ${l.atRiskPAlive}::float8 then 'AT_RISK'
             else 'ACTIVE' end,
        case when scored.orders >= 2 or (scored.orders >= 1 and scored.advocate) then 'LOYALTY'
             when scored.orders >= 1 then 'PURCHASE'
             when scored.interested then 'INTEREST'
             when scored.contacted then 'AWARENESS'
             else 'NONE' end,
        coalesce(scored.historical, 0), scored.first_order_at, scored.last_order_at, coalesce(scored.order_days, 0),
        scored.typical_gap, ${at}
        ${
          models
            ? sql`, scored.p_alive, scored.churn_score, scored.churn_band, scored.expected_spend, scored.ltv, scored.model_x,
                scored.model_t_x, scored.model_t, scored.model_repeat_spend, case when scored.model_x is not null then ${at} end`
            : daySummaries
              ? sql`, scored.order_days - 1, (scored.first_days_ago - scored.recency_days)::float8, scored.first_days_ago::float8,
                  (scored.historical - scored.first_day_net)::float8, case when scored.orders is not null then ${at} end`
              : sql``
        }
      from scored
      -- In id order: a chunk's rows then land on neighbouring index pages.
      order by scored.customer_id
      on conflict (customer_id) do update set recency_days = excluded.recency_days, frequency = excluded.frequency,
        monetary = excluded.monetary, r = excluded.r, f = excluded.f, m = excluded.m, rfm_score = excluded.rfm_score,
        rfm_cell = excluded.rfm_cell, rfm_tier = excluded.rfm_tier, lifecycle_stage = excluded.lifecycle_stage,
        aipl_stage = excluded.aipl_stage, historical_ltv = excluded.historical_ltv, first_order_at = excluded.first_order_at,
        last_order_at = excluded.last_order_at, order_days = excluded.order_days, typical_gap_days = excluded.typical_gap_days,
        computed_at = excluded.computed_at
        ${
          models
            ? sql`, p_alive = excluded.p_alive, churn_score = excluded.churn_score, churn_band = excluded.churn_band,
                expected_spend = excluded.expected_spend, predicted_ltv_12m = excluded.predicted_ltv_12m, summary_x = excluded.summary_x,
                summary_t_x = excluded.summary_t_x, summary_t = excluded.summary_t, summary_repeat_spend = excluded.summary_repeat_spend,
                model_computed_at = excluded.model_computed_at`
            : daySummaries
              ? sql`, summary_x = excluded.summary_x, summary_t_x = excluded.summary_t_x, summary_t = excluded.summary_t,
                  summary_repeat_spend = excluded.summary_repeat_spend, model_computed_at = excluded.model_computed_at`
              : sql``
        }
      ${guard ? sql`where cm.computed_at <= ${guard.toISOString()}::timestamptz` : sql``}
      returning 1)`;
}

const STORED_CUTS = sql`cuts as (select recency_cuts, frequency_cuts, monetary_cuts, buyers from rfm_cut_points where id = 1)`;

/**
 * Every profile's order values in one pass over the orders, grouped by live-or-not root (CTE `ord_agg`; only roots within `range`, when given):
 * a merged-away profile's orders count for the profile it points at (kept flat, see identity/), and roots that are
 * not live are dropped by whoever joins the live profiles. Each order carries what its refunds take off it (migration
 * 0014, equal to NET): no join to the refunds. Beside the scoring values, `first_day_net` (the first order day's net revenue) completes
 * the churn / LTV model's summary (see stagedSummaries); the window computing it shares the sort by root.
 */
function allOrderValues(s: MetricsSettings, range: IdRange | null = null): SQL {
  return sql`merged as not materialized (select id as member, merged_into_id as root from customers where merged_into_id is not null),
    ord_agg as (
      select root, ${orderAggregates(s)}, sum(net) filter (where days_ago = first_day) as first_day_net
      from (select o.*, max(o.days_ago) over (partition by o.root) as first_day
            from (select o.root, o.occurred_at, ${daysAgo(s)} as days_ago, o.net from (${ordersOfRange(range)}) o) o) ord
      group by root)`;
}

// ---- cut points -------------------------------------------------------------------------------------------------

export interface CutPointsRow extends RfmCutPoints {
  buyers: number;
  windowDays: number;
  computedAt: Date;
  /** Predicted-LTV deciles (decimal strings, ascending), null before a fit; when they were taken. */
  ltvDecileCuts: string[] | null;
  ltvCutsComputedAt: Date | null;
}

interface CutPointsDbRow {
  ltv_decile_cuts: string[] | null;
  ltv_cuts_computed_at: string | null;
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
  ltvDecileCuts: r.ltv_decile_cuts ? r.ltv_decile_cuts.map(String) : null,
  ltvCutsComputedAt: r.ltv_cuts_computed_at ? toDate(r.ltv_cuts_computed_at) : null,
});

const CUT_COLUMNS = sql`recency_cuts, frequency_cuts, monetary_cuts::text[] as monetary_cuts, buyers, window_days, computed_at::text as computed_at,
  ltv_decile_cuts::text[] as ltv_decile_cuts, ltv_cuts_computed_at::text as ltv_cuts_computed_at`;

export async function readCutPoints(q: Reader): Promise<CutPointsRow | null> {
  const [r] = await rows<CutPointsDbRow>(q, sql`select ${CUT_COLUMNS} from rfm_cut_points where id = 1`);
  return r ? toCutPoints(r) : null;
}

/**
 * The quintile cut points over `buyers` (a relation of buyers' values), stored. `percentile_disc` returns values of
 * the data, so equal values never fall on both sides of a cut; recency is ranked worst first.
 */
function storeCutPoints(s: MetricsSettings, now: Date, buyers: SQL): SQL {
  const quantiles = sql.raw(`'{${RFM_QUANTILES.join(',')}}'::float8[]`);
  return sql`insert into rfm_cut_points as k (id, recency_cuts, frequency_cuts, monetary_cuts, buyers, window_days, computed_at)
    select 1,
           coalesce(percentile_disc(${quantiles}) within group (order by recency_days desc), '{}'),
           coalesce(percentile_disc(${quantiles}) within group (order by frequency), '{}'),
           coalesce(percentile_disc(${quantiles}) within group (order by monetary), '{}'),
           count(*)::int, ${s.rfmWindowDays}::int, ${now.toISOString()}::timestamptz
    from ${buyers}
    on conflict (id) do update set recency_cuts = excluded.recency_cuts, frequency_cuts = excluded.frequency_cuts,
      monetary_cuts = excluded.monetary_cuts, buyers = excluded.buyers, window_days = excluded.window_days,
      computed_at = excluded.computed_at
    returning ${CUT_COLUMNS}`;
}

/** Recompute the cut points over every buyer (a live profile with at least one order, its members' included). */
export async function refreshCutPoints(q: Queryable, s: MetricsSettings, now: Date): Promise<CutPointsRow> {
  const [r] = await rows<CutPointsDbRow>(
    q,
    sql`with ${todayCte(s, now)}, ${allOrderValues(s)}
      ${storeCutPoints(s, now, sql`ord_agg oa join customers c on c.id = oa.root and c.merged_into_id is null`)}`,
  );
  return toCutPoints(r);
}

/** The 10 … 90 % quantiles (percentile_disc: values of the data, so ties never straddle a cut). */
export const LTV_DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;

/**
 * Take the predicted-LTV deciles over every stored prediction (after a full run has written them all) and store them
 * beside the RFM cut points. Segments rank a customer with them (1 + the cuts its value strictly beats: LTV_DECILE,
 * 10 being the top decile), at evaluation time, so every customer is ranked by the same cuts until the next full run.
 */
export async function storeLtvDecileCuts(q: Queryable, now: Date): Promise<CutPointsRow | null> {
  const quantiles = sql.raw(`'{${LTV_DECILES.join(',')}}'::float8[]`);
  const [r] = await rows<CutPointsDbRow>(
    q,
    sql`update rfm_cut_points set ltv_cuts_computed_at = ${now.toISOString()}::timestamptz,
        ltv_decile_cuts = (select percentile_disc(${quantiles}) within group (order by predicted_ltv_12m)
                           from customer_metrics where predicted_ltv_12m is not null)
      where id = 1
      returning ${CUT_COLUMNS}`,
  );
  return r ? toCutPoints(r) : null;
}

// ---- a list of profiles -----------------------------------------------------------------------------------------

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
 * `ids` may name live profiles, merged-away ones (their survivor is scored) or erased ones: rows of every asked id or
 * member that is not a live profile are deleted in the same statement. Nothing is written when no cut points are
 * stored; the caller sees that in `cut_buyers` (null).
 */
function scoreStatement(s: MetricsSettings, ids: readonly string[], now: Date, guard: Date | null): SQL {
  // Everything per live root through laterals over its members' ids (index probes on customer_id), never a join
  // between two per-root relations. An ingest plans this statement generic (ingestion/ingest.repo.ts
  // ingestPlanSettings), the planner then believes the roots are ten, and such a join became a nested loop over both,
  // quadratic in the batch's profiles: 17,000 comparisons for 130 profiles, 2.3 ms of a 12.7 ms statement.
  return sql`with ${todayCte(s, now)},
    asked as (select unnest(${uuidArray(ids)}) as id),
    roots as (
      select distinct r.id from asked a join customers c on c.id = a.id join customers r on r.id = coalesce(c.merged_into_id, c.id)
      where r.merged_into_id is null),
    members as (
      select r.id as root, array[r.id] || array(select m.id from customers m where m.merged_into_id = r.id) as ids from roots r),
    v as (
      select mb.root as customer_id, oa.orders, oa.recency_days, oa.first_days_ago, oa.frequency, oa.monetary, oa.historical,
             oa.first_order_at, oa.last_order_at, oa.order_days, oa.return_gap, ct.interested, ct.contacted, ct.advocate,
             oa.first_day_net
      from members mb
      left join lateral (
        select ${orderAggregates(s)}, sum(net) filter (where days_ago = first_day) as first_day_net
        from (select o.*, max(o.days_ago) over () as first_day
              from (select o.occurred_at, ${daysAgo(s)} as days_ago, ${NET} as net
                    from orders o
                    cross join lateral (select ${REFUND_PARTS} from refunds r where r.source_id = o.source_id and r.order_id = o.order_id) x
                    where o.customer_id = any(mb.ids)
                    offset 0) o) ord
        having count(*) > 0) oa on true
      -- Index lookups per member profile (events and feedback lead with customer_id), never a scan of the history.
      cross join lateral (select
        exists (select 1 from events e where e.customer_id = any(mb.ids) and ${interestedEvent(s)}) as interested,
        exists (select 1 from events e where e.customer_id = any(mb.ids) and ${contactEvent(s)}) as contacted,
        exists (select 1 from feedback f where f.customer_id = any(mb.ids) and ${ADVOCATE_FEEDBACK}) as advocate) ct),
    ${STORED_CUTS},
    -- With the day summary (summary_*, model_computed_at), as a full run stores it: before the first fit nothing else
    -- writes it, and the first fit can then read every buyer's from customer_metrics instead of sorting every order.
    -- With a fit, the model columns written just before (modelScoring.ts) hold the same summary at the same instant.
    ${scoreAndWrite(s, now, guard, null, true)},
    -- By primary key: the planner may believe the ids many and choose to hash the whole table.
    gone as (
      delete from customer_metrics cm
      where cm.customer_id = any(array(select id from asked union select unnest(ids) from members except select root from members))
      returning 1)
    select (select count(*) from upserted)::int as scored, (select count(*) from gone)::int as removed,
           (select buyers from cuts) as cut_buyers, (select count(*) from v where orders is not null)::int as buyers`;
}

export interface ScoreOptions {
  /** The instant the scores are as of (clock.now() of the caller). */
  now: Date;
  /** Sweeps only: leave rows computed after this instant alone (see scoreAndWrite). */
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

// ---- every profile: the full run --------------------------------------------------------------------------------

/**
 * The staging table of a full run's share: an unlogged table (never WAL-logged) named after the backend that fills it,
 * so the connections of one run, each filling its own, can all be read by the one that takes the cut points (a
 * temporary table is visible to its session only). Its rows are written in customer id order, so a range of its pages
 * is a range of ids and a chunk is read by ctid range without an index. Dropped at the end of the run; one left by a
 * killed process is dropped by the next run (dropAbandonedStages).
 */
const STAGE_PREFIX = 'metrics_stage_';
const STAGE_COLUMNS = [...VALUE_COLUMNS, ['first_day_net', 'numeric']] as const;

export interface Stage {
  /** The staging table's name (STAGE_PREFIX and the filling backend's pid). */
  table: string;
  /** Live profiles staged. */
  rows: number;
  /** Heap pages of the staging table: chunks are page ranges. */
  pages: number;
}

const stageOf = (table: string) => {
  if (!new RegExp(`^${STAGE_PREFIX}\\d+$`).test(table)) throw new Error(`not a staging table: ${table}`);
  return sql.raw(table);
};

/** The name of the staging table this connection fills. */
export async function stageName(q: Queryable): Promise<string> {
  const [{ pid }] = await rows<{ pid: number }>(q, sql`select pg_backend_pid() as pid`);
  return `${STAGE_PREFIX}${pid}`;
}

/** Staging tables whose backend is gone (a run killed before its cleanup), dropped. */
export async function dropAbandonedStages(q: Queryable): Promise<void> {
  const abandoned = await rows<{ name: string }>(
    q,
    sql`select c.relname as name from pg_class c
      where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r' and c.relname ~ ${`^${STAGE_PREFIX}[0-9]+$`}
        and substring(c.relname from '[0-9]+$')::int <> pg_backend_pid()
        and substring(c.relname from '[0-9]+$')::int not in (select pid from pg_stat_activity where pid is not null)`,
  );
  for (const { name } of abandoned) await exec(q, sql`drop table if exists ${stageOf(name)}`);
}

/**
 * Every live profile's values (VALUE_COLUMNS) as of `now` within `range` of ids, in one statement: one pass over
 * orders, refunds, events and feedback each, grouped by live profile through customers.merged_into_id, keeping the
 * rows whose live profile falls in the range (a merged-away member's orders count where its survivor falls), into
 * this connection's staging table (replaced if it exists). Several connections staging disjoint ranges at once each
 * scan the tables but sort only their share: the sort by profile is most of the work.
 */
export async function stageAllValues(q: Queryable, s: MetricsSettings, now: Date, range: IdRange | null = null): Promise<Stage> {
  const table = await stageName(q);
  const stage = stageOf(table);
  await exec(q, sql`drop table if exists ${stage}`);
  // JIT-compiled expressions pay off over millions of orders, but inlining and optimising this statement's took longer
  // (about 2 s on a million customers) than they saved. Reset by dropStage.
  await exec(q, sql`set jit_inline_above_cost = -1`);
  await exec(q, sql`set jit_optimize_above_cost = -1`);
  await exec(q, sql`create unlogged table ${stage} (${sql.raw(STAGE_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', '))})`);
  await exec(
    q,
    sql`insert into ${stage} (${sql.raw(STAGE_COLUMNS.map(([name]) => name).join(', '))})
      with ${todayCte(s, now)}, ${allOrderValues(s, range)},
      contact as (
        select coalesce(mm.root, e.customer_id) as root, bool_or(${interestedEvent(s)}) as interested
        from events e left join merged mm on mm.member = e.customer_id
        where ${contactEvent(s)} and ${inRange(sql`coalesce(mm.root, e.customer_id)`, range)}
        group by 1),
      advocates as (
        select distinct coalesce(mm.root, f.customer_id) as root
        from feedback f left join merged mm on mm.member = f.customer_id
        where ${ADVOCATE_FEEDBACK} and ${inRange(sql`coalesce(mm.root, f.customer_id)`, range)})
      select c.id as customer_id, oa.orders, oa.recency_days, oa.first_days_ago, oa.frequency, oa.monetary, oa.historical,
             oa.first_order_at, oa.last_order_at, oa.order_days, oa.return_gap,
             ct.interested, ct.root is not null as contacted, ad.root is not null as advocate, oa.first_day_net
      from customers c
      left join ord_agg oa on oa.root = c.id
      left join contact ct on ct.root = c.id
      left join advocates ad on ad.root = c.id
      where c.merged_into_id is null and ${inRange(sql`c.id`, range)}
      order by c.id`,
  );
  // The chunk statements that follow are small, but their estimated cost crosses jit_above_cost: compiling each took
  // about 50 ms, more than running it (reset by dropStage, before the connection goes back to the pool).
  await exec(q, sql`set jit = off`);
  // Their probe of customer_metrics by id must use its primary key however small the planner believes the table: on a
  // first run it is empty when both connections plan their first chunks, a sequential scan looks free, and each probe
  // then scanned the rows the other connection had written meanwhile (a first scoring at 1M took 143 s, not 25 s).
  await exec(q, sql`set enable_seqscan = off`);
  const [r] = await rows<{ rows: number; pages: number }>(
    q,
    sql`select (select count(*) from ${stage})::int as rows,
      (pg_relation_size(${table}::regclass) / current_setting('block_size')::int)::int as pages`,
  );
  return { table, ...r };
}

/** The cut points over the buyers of every stage of the run, stored: what every chunk (and every later write) scores with. */
export async function storeStagedCutPoints(q: Queryable, s: MetricsSettings, now: Date, stages: readonly Stage[]): Promise<CutPointsRow> {
  const buyers = sql.join(
    stages.map((st) => sql`select recency_days, frequency, monetary from ${stageOf(st.table)} where orders is not null`),
    sql` union all `,
  );
  const [r] = await rows<CutPointsDbRow>(q, storeCutPoints(s, now, sql`(${buyers}) buyers`));
  return toCutPoints(r);
}

/** Staged pages [from, to): a contiguous range of customer ids. */
const pageRange = (from: number, to: number) => sql`ctid >= ${`(${from},0)`}::tid and ctid < ${`(${to},0)`}::tid`;

/**
 * The churn / LTV model's summaries (model.repo.ts readSummaries, mode SCORE, as of the run's day) of the profiles
 * staged on pages [from, to), in id order, from the staged values: x = order days − 1, t_x = last − first order day,
 * T = today − first order day, the repeat days' spend = net revenue to date − the first day's. Null for non-buyers.
 */
export async function stagedSummaries(q: Queryable, stage: Stage, from: number, to: number): Promise<SummaryRow[]> {
  return rows<SummaryRow>(
    q,
    sql`select customer_id, order_days - 1 as x, first_days_ago - recency_days as t_x, first_days_ago as t,
        (historical - first_day_net)::float8 as repeat_spend, null::int as holdout
      from ${stageOf(stage.table)} where ${pageRange(from, to)} order by customer_id`,
  );
}

/**
 * Score and write the profiles staged on pages [from, to) with the stored cut points, and with `models` (their churn /
 * LTV model columns, model.repo.ts modelColumnsJson) those too; returns the rows written.
 */
export async function scoreStagedChunk(
  q: Queryable,
  s: MetricsSettings,
  stage: Stage,
  from: number,
  to: number,
  options: ScoreOptions & { models?: string | null },
): Promise<number> {
  const [r] = await rows<{ scored: number }>(
    q,
    sql`with v as (select ${VALUE_NAMES}, first_day_net from ${stageOf(stage.table)} where ${pageRange(from, to)}),
      ${STORED_CUTS},
      ${scoreAndWrite(s, options.now, options.guard ?? null, options.models ?? null, true)}
      select count(*)::int as scored from upserted`,
  );
  return r.scored;
}

/** Drop this connection's staging table (if any) and reset its session settings. */
export async function dropStage(q: Queryable, table?: string): Promise<void> {
  await exec(q, sql`drop table if exists ${stageOf(table ?? (await stageName(q)))}`);
  await exec(q, sql`reset jit`);
  await exec(q, sql`reset enable_seqscan`);
  await exec(q, sql`reset jit_inline_above_cost`);
  await exec(q, sql`reset jit_optimize_above_cost`);
}

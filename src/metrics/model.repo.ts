import { sql, type SQL } from 'drizzle-orm';
import { exec, rows, type Queryable, type Reader } from '../db/client';
import { toDate, toDateOrNull, uuidArray } from '../db/values';
import type { ChurnBand } from './churn';
import { inRange, type IdRange } from './idRanges';
import type { CustomerPrediction, FittedModels, ModelFit, ModelTimeUnit, ChurnModel } from './predict';

/*
 * The churn / LTV models' SQL: per-customer summaries (MODELS.md §1) computed set-based from the orders of each live
 * profile and its merged members, the stored fits, and the model columns of customer_metrics. The maths is in TS
 * (predict.ts): the CLV sum needs ₂F₁.
 */

// ---- summaries -------------------------------------------------------------------------------------------------

/**
 * An order's net revenue in the reporting currency: the same rule as historical LTV and RFM monetary
 * (metrics.repo.ts; test/integration/metrics-models.test.ts checks the two agree): total minus refunds, never below
 * zero; a refund without an amount is the whole order, one in another currency carries its converted amount, one in
 * the order's currency is the same share of the order's reporting total.
 */
const NET = sql`greatest(o.total_reporting - coalesce((
    select sum(case when r.amount is null then o.total_reporting
                    when r.amount_reporting is not null then r.amount_reporting
                    when o.total = 0 then 0
                    else round(r.amount * o.total_reporting / o.total, 4) end)
    from refunds r where r.source_id = o.source_id and r.order_id = o.order_id), 0), 0)`;

/** Which live profiles: those of these ids (merged-away ids answer their survivor), or a keyset chunk of all. */
export type SummaryRoots = { ids: readonly string[] } | { after: string | null; limit: number };

export interface SummaryOptions {
  timezone: string;
  /** The summaries are as of this instant's local day (inclusive). */
  asOf: Date;
  /**
   * SCORE: every order counts, one stamped after asOf's day as that day (as the RFM statement counts it). FIT: orders
   * after asOf's day are left out (a calibration period), and customers whose first purchase is later have no summary.
   */
  mode: 'SCORE' | 'FIT';
  /** Also count the distinct purchase days after asOf's day up to this instant's day (backtest holdout). */
  holdoutEnd?: Date;
}

export interface SummaryRow {
  customer_id: string;
  /** Null for a customer with no purchase day up to asOf. */
  x: number | null;
  t_x: number | null;
  t: number | null;
  /** Σ of the amounts of the repeat purchase days (the first day excluded); zbar = repeat_spend / x. */
  repeat_spend: number | null;
  holdout: number | null;
}

function rootsCte(roots: SummaryRoots): SQL {
  if ('ids' in roots) {
    // `offset 0` keeps each lateral a per-row index probe: flattened, the planner hashes a scan of the whole table.
    return sql`roots as (
      select distinct r.id from unnest(${uuidArray(roots.ids)}) as a(id)
      cross join lateral (select coalesce(c.merged_into_id, c.id) as id from customers c where c.id = a.id offset 0) c
      cross join lateral (select r.id from customers r where r.id = c.id and r.merged_into_id is null offset 0) r)`;
  }
  return sql`roots as (
    select id from customers where merged_into_id is null ${roots.after ? sql`and id > ${roots.after}::uuid` : sql``}
    order by id limit ${roots.limit}::int)`;
}

/**
 * x, t_x and T in days, and the repeat-day spend, per live profile (MODELS.md §1): orders of the profile and its
 * merged members, one purchase per local calendar day (BUSINESS_TIMEZONE) with the day's net amounts summed, x =
 * purchase days − 1, t_x = last − first day, T = asOf's day − first day. One statement; orders are reached through
 * their (customer_id, …) index, member by member, so a chunk costs its own orders and never a scan of the table.
 */
export async function readSummaries(q: Reader, roots: SummaryRoots, o: SummaryOptions): Promise<SummaryRow[]> {
  const tz = sql`${o.timezone}::text`;
  const day = sql`(o.occurred_at at time zone ${tz})::date`;
  const dayExpr = o.mode === 'SCORE' ? sql`least(${day}, b.end_day)` : day;
  const holdout = o.holdoutEnd
    ? {
        cte: sql`, holdout as (
            select root, count(distinct day)::int as n from ord cross join b where day > b.end_day and day <= b.hold_day group by root)`,
        column: sql`h.n`,
        join: sql`left join holdout h on h.root = r.id`,
        day: sql`(${o.holdoutEnd.toISOString()}::timestamptz at time zone ${tz})::date`,
      }
    : { cte: sql``, column: sql`null::int`, join: sql``, day: sql`null::date` };
  return rows<SummaryRow>(
    q,
    sql`with b as (select (${o.asOf.toISOString()}::timestamptz at time zone ${tz})::date as end_day, ${holdout.day} as hold_day),
      ${rootsCte(roots)},
      members as (
        select id as root, id as member from roots
        union all
        select m.merged_into_id, m.id from customers m where m.merged_into_id in (select id from roots)),
      ord as (
        select mb.root, x.day, x.net
        from members mb cross join b cross join lateral (
          select ${dayExpr} as day, ${NET} as net from orders o where o.customer_id = mb.member offset 0) x),
      per_day as (
        select root, day, sum(net) as amount from ord cross join b where day <= b.end_day group by root, day),
      summary as (
        select root, count(*)::int - 1 as x, (max(day) - min(day))::int as t_x, (min(b.end_day) - min(day))::int as t,
               -- The first day's amount without sorting: arrays compare element by element, so the least [day, amount] is the first day's.
               (sum(amount) - (min(array[day - date '2000-01-01', amount]))[2])::float8 as repeat_spend
        from per_day cross join b group by root)
      ${holdout.cte}
    select r.id as customer_id, s.x, s.t_x, s.t, s.repeat_spend, ${holdout.column} as holdout
    from roots r left join summary s on s.root = r.id ${holdout.join}
    order by r.id`,
  );
}

/**
 * The orders whose live profile (`root`: the survivor of a merged-away member) falls in `range`, with the order's own
 * columns the summaries need and `via_merge` (the order reached its root through a merged member). Two parts, so that
 * the orders of profiles outside the range cost one comparison each and no hash probe: the orders of profiles in the
 * range (through the merged members among them to their survivor, if it is in the range too), and through the index
 * the orders of merged-away members outside the range whose survivor is in it. Without a range, every order. Both full
 * passes over the orders read them through this (stageCalibration here, scoring.repo.ts stageAllValues): per half of
 * a million profiles, 0.6 s less than testing every order outside the range against the merged members.
 */
export function ordersOfRange(range: IdRange | null): SQL {
  // `net`: the order's net revenue from what its refunds take off it, kept on the order (migration 0014), the same
  // amount NET computes from the refunds themselves.
  const columns = sql`o.customer_id, o.occurred_at, greatest(o.total_reporting - o.refunded_reporting, 0) as net`;
  const own = sql`select ${columns}, coalesce(c.merged_into_id, o.customer_id) as root, c.id is not null as via_merge
    from orders o left join customers c on c.id = o.customer_id and c.merged_into_id is not null
    where ${inRange(sql`o.customer_id`, range)} and ${inRange(sql`coalesce(c.merged_into_id, o.customer_id)`, range)}`;
  if (!range) return own;
  return sql`${own}
    union all
    select ${columns}, m.merged_into_id as root, true as via_merge
    from customers m join orders o on o.customer_id = m.id
    where m.merged_into_id is not null and not (${inRange(sql`m.id`, range)}) and ${inRange(sql`m.merged_into_id`, range)}`;
}

/**
 * Every live buyer's summary in FIT mode (what readSummaries gives with `mode: 'FIT'`), for a fit over everyone:
 * one pass over the orders (each carrying what its refunds take off it; merged-away profiles' orders counted for their
 * survivor), grouped by profile and local day, then by profile, into a session's temporary table
 * (Database.session) that readStagedCalibration reads a page range at a time. Per-profile index lookups, as
 * readSummaries does them, cost about 25 µs a buyer; this is one sort of the orders. Profiles without a purchase day
 * up to asOf have no row. With `range`, only the live profiles whose id falls in it: connections staging disjoint
 * ranges at once each sort their share. Returns the table's rows and heap pages.
 *
 * Hash aggregation is off for the statement (reset by dropStagedCalibration): the planner guesses 200 distinct values
 * per grouping expression (40,000 profile-days where a million buyers have millions), so it chose a hash aggregate that
 * spilled to disk in hundreds of batches and then sorted its output by profile anyway. Sorting once by (profile, day)
 * feeds both groupings: readCalibration at a million buyers on two connections, 12.2–12.5 s → 10.6–11.1 s.
 */
export async function stageCalibration(
  q: Queryable,
  o: { timezone: string; asOf: Date; holdoutEnd?: Date; range?: IdRange | null },
): Promise<{ rows: number; pages: number }> {
  const range = o.range ?? null;
  const tz = sql`${o.timezone}::text`;
  const endDay = sql`(${o.asOf.toISOString()}::timestamptz at time zone ${tz})::date`;
  const holdDay = o.holdoutEnd ? sql`(${o.holdoutEnd.toISOString()}::timestamptz at time zone ${tz})::date` : endDay;
  await exec(q, sql`drop table if exists pg_temp.model_calibration`);
  await exec(q, sql`set enable_hashagg = off`);
  // As for the values pass (scoring.repo.ts stageAllValues): JIT-compiling the expressions pays off, but inlining and
  // optimising this statement took about 0.6 s more than they saved.
  await exec(q, sql`set jit_inline_above_cost = -1`);
  await exec(q, sql`set jit_optimize_above_cost = -1`);
  // Split over connections, each already has a core: parallel workers on top only contend with them (both halves at
  // once on two cores: 10.3 s with two workers each, 7.4 s without).
  if (range) await exec(q, sql`set max_parallel_workers_per_gather = 0`);
  await exec(
    q,
    sql`create temporary table model_calibration as
      with per_day as (
        select root, day, sum(net) as amount, bool_or(via_merge) as via_merge
        from (select o.root, (o.occurred_at at time zone ${tz})::date as day, o.via_merge, o.net
              from (${ordersOfRange(range)}) o
              where (o.occurred_at at time zone ${tz})::date <= ${holdDay}) ord
        group by root, day),
      summary as (
        select root, count(*) filter (where day <= ${endDay})::int - 1 as x,
          (max(day) filter (where day <= ${endDay}) - min(day))::int as t_x, (${endDay} - min(day))::int as t,
          -- The first day's amount without sorting: the least [day, amount] is the first day's.
          (sum(amount) filter (where day <= ${endDay}) - (min(array[day - date '2000-01-01', amount]))[2])::float8 as repeat_spend,
          ${o.holdoutEnd ? sql`count(*) filter (where day > ${endDay})::int` : sql`null::int`} as holdout,
          bool_or(via_merge) as via_merge
        from per_day group by root
        having min(day) <= ${endDay})
      select s.root as customer_id, s.x, s.t_x, s.t, s.repeat_spend, s.holdout
      from summary s
      -- A profile's own orders make it a root only when it is not merged away (its row exists: deleteProfiles removes
      -- orders with it). A survivor reached through merged members is checked: 20,000 lookups, not a million.
      where not s.via_merge or exists (select from customers r where r.id = s.root and r.merged_into_id is null)`,
  );
  const [r] = await rows<{ rows: number; pages: number }>(
    q,
    sql`select (select count(*) from pg_temp.model_calibration)::int as rows,
      (pg_relation_size('pg_temp.model_calibration') / current_setting('block_size')::int)::int as pages`,
  );
  return r;
}

/**
 * stageCalibration's table filled from the summaries stored with every buyer's model columns, when they are exactly
 * what stageCalibration would compute as of `asOf`'s local day; otherwise nothing is staged and null returned.
 * A full run stores every buyer's summary with its RFM row, with a fit or without one (scoring.repo.ts scoreAndWrite).
 * Every write re-scores its profiles' model columns with their RFM row in one transaction and with one `now`, so a
 * buyer whose model_computed_at equals its computed_at has a summary of all its orders up to that day (ingest clamps
 * future timestamps, and a row whose last order is later is not used). x, t_x and the repeat spend do not change with
 * time; T grows by the days since. Usable only when every live profile has a row (profiles written around the hook,
 * such as a bulk load, have none), every buyer's row is current, and no row was computed after asOf's day (a calibration end in the past needs the orders since left out). One pass over customer_metrics instead
 * of a sort of every order: what makes the daily refit of a large database cheap.
 */
export async function stageStoredCalibration(
  q: Queryable,
  o: { timezone: string; asOf: Date },
): Promise<{ rows: number; pages: number } | null> {
  const tz = sql`${o.timezone}::text`;
  const endDay = sql`(${o.asOf.toISOString()}::timestamptz at time zone ${tz})::date`;
  await exec(q, sql`drop table if exists pg_temp.model_calibration`);
  await exec(
    q,
    sql`create temporary table model_calibration as
      select * from (
        select c.id as customer_id, cm.summary_x as x, cm.summary_t_x as t_x,
          cm.summary_t + (${endDay} - (cm.model_computed_at at time zone ${tz})::date) as t,
          cm.summary_repeat_spend as repeat_spend, null::int as holdout,
          case when cm.customer_id is null then false
               -- A non-buyer (by its row and by the order counter): nothing to fit.
               when cm.last_order_at is null and cm.summary_x is null and c.order_count = 0 then null
               else coalesce(cm.summary_x is not null and cm.summary_repeat_spend is not null and cm.model_computed_at = cm.computed_at
                 and cm.last_order_at <= cm.model_computed_at and (cm.model_computed_at at time zone ${tz})::date <= ${endDay}, false)
          end as usable
        from customers c left join customer_metrics cm on cm.customer_id = c.id
        where c.merged_into_id is null) s
      where usable is not null
      order by customer_id`,
  );
  const [r] = await rows<{ rows: number; unusable: number; pages: number }>(
    q,
    sql`select count(*)::int as rows, (count(*) filter (where not usable))::int as unusable,
      (pg_relation_size('pg_temp.model_calibration') / current_setting('block_size')::int)::int as pages
      from pg_temp.model_calibration`,
  );
  // A live profile without a row, or none scored by a fit yet: the summaries must come from the orders.
  if (r.unusable > 0 || r.rows === 0) {
    await dropStagedCalibration(q);
    return null;
  }
  return { rows: r.rows, pages: r.pages };
}

/** A page range of staged summaries as columns: the same position in each array is one buyer. */
export interface StagedSummaryColumns {
  x: number[];
  t_x: number[];
  t: number[];
  repeat_spend: (number | null)[];
  holdout: (number | null)[];
}

/**
 * The staged buyers' summaries on heap pages [from, to) of stageCalibration's table, as one row of arrays: a fit
 * needs no ids, and a million row objects cost the driver more than the fit (3–4 s of parsing at 1M buyers).
 */
export async function readStagedCalibration(q: Queryable, from: number, to: number): Promise<StagedSummaryColumns> {
  const [r] = await rows<{ [K in keyof StagedSummaryColumns]: StagedSummaryColumns[K] | null }>(
    q,
    sql`select array_agg(x) as x, array_agg(t_x::float8) as t_x, array_agg(t::float8) as t, array_agg(repeat_spend) as repeat_spend,
        array_agg(holdout) as holdout
      from pg_temp.model_calibration
      where ctid >= ${`(${from},0)`}::tid and ctid < ${`(${to},0)`}::tid and x is not null`,
  );
  return { x: r?.x ?? [], t_x: r?.t_x ?? [], t: r?.t ?? [], repeat_spend: r?.repeat_spend ?? [], holdout: r?.holdout ?? [] };
}

export async function dropStagedCalibration(q: Queryable): Promise<void> {
  await exec(q, sql`drop table if exists pg_temp.model_calibration`);
  await exec(q, sql`reset enable_hashagg`);
  await exec(q, sql`reset max_parallel_workers_per_gather`);
  await exec(q, sql`reset jit_inline_above_cost`);
  await exec(q, sql`reset jit_optimize_above_cost`);
}

// ---- fits --------------------------------------------------------------------------------------------------------

interface FitDbRow {
  id: string;
  fitted_at: string;
  calibration_end: string;
  time_unit: ModelTimeUnit;
  churn_model: ChurnModel;
  bgnbd_r: number;
  bgnbd_alpha: number;
  bgnbd_a: number;
  bgnbd_b: number;
  bgnbd_log_likelihood: number;
  bgnbd_customers: number;
  mbgnbd_r: number;
  mbgnbd_alpha: number;
  mbgnbd_a: number;
  mbgnbd_b: number;
  mbgnbd_log_likelihood: number;
  mbgnbd_customers: number;
  gg_p: number | null;
  gg_q: number | null;
  gg_gamma: number | null;
  gg_log_likelihood: number | null;
  gg_customers: number | null;
}

const FIT_COLUMNS = sql`id, fitted_at::text as fitted_at, calibration_end::text as calibration_end, time_unit, churn_model,
  bgnbd_r, bgnbd_alpha, bgnbd_a, bgnbd_b, bgnbd_log_likelihood, bgnbd_customers,
  mbgnbd_r, mbgnbd_alpha, mbgnbd_a, mbgnbd_b, mbgnbd_log_likelihood, mbgnbd_customers,
  gg_p, gg_q, gg_gamma, gg_log_likelihood, gg_customers`;

const toFit = (r: FitDbRow): ModelFit => ({
  id: r.id,
  fittedAt: toDate(r.fitted_at),
  calibrationEnd: toDate(r.calibration_end),
  timeUnit: r.time_unit,
  churnModel: r.churn_model,
  bgnbd: { r: r.bgnbd_r, alpha: r.bgnbd_alpha, a: r.bgnbd_a, b: r.bgnbd_b, logLikelihood: r.bgnbd_log_likelihood, customers: r.bgnbd_customers },
  mbgnbd: { r: r.mbgnbd_r, alpha: r.mbgnbd_alpha, a: r.mbgnbd_a, b: r.mbgnbd_b, logLikelihood: r.mbgnbd_log_likelihood, customers: r.mbgnbd_customers },
  gammaGamma:
    r.gg_p === null
      ? null
      : { p: r.gg_p, q: r.gg_q!, gamma: r.gg_gamma!, logLikelihood: r.gg_log_likelihood!, customers: r.gg_customers! },
});

/** The current fit: the latest one. */
export async function readCurrentFit(q: Reader): Promise<ModelFit | null> {
  const [r] = await rows<FitDbRow>(q, sql`select ${FIT_COLUMNS} from model_fits order by fitted_at desc, id desc limit 1`);
  return r ? toFit(r) : null;
}

export interface NewFit extends FittedModels {
  fittedAt: Date;
  calibrationEnd: Date;
  timeUnit: ModelTimeUnit;
  churnModel: ChurnModel;
  timezone: string;
  readMs: number;
  fitMs: number;
  summariesFrom: 'STORED' | 'ORDERS';
}

export async function insertFit(q: Queryable, f: NewFit): Promise<ModelFit> {
  const gg = f.gammaGamma;
  const [r] = await rows<FitDbRow>(
    q,
    sql`insert into model_fits (fitted_at, calibration_end, time_unit, churn_model, timezone,
        bgnbd_r, bgnbd_alpha, bgnbd_a, bgnbd_b, bgnbd_log_likelihood, bgnbd_customers,
        mbgnbd_r, mbgnbd_alpha, mbgnbd_a, mbgnbd_b, mbgnbd_log_likelihood, mbgnbd_customers,
        gg_p, gg_q, gg_gamma, gg_log_likelihood, gg_customers, read_ms, fit_ms, summaries_from)
      values (${f.fittedAt.toISOString()}::timestamptz, ${f.calibrationEnd.toISOString()}::timestamptz, ${f.timeUnit}, ${f.churnModel}, ${f.timezone},
        ${f.bgnbd.r}::float8, ${f.bgnbd.alpha}::float8, ${f.bgnbd.a}::float8, ${f.bgnbd.b}::float8, ${f.bgnbd.logLikelihood}::float8, ${f.bgnbd.customers}::int,
        ${f.mbgnbd.r}::float8, ${f.mbgnbd.alpha}::float8, ${f.mbgnbd.a}::float8, ${f.mbgnbd.b}::float8, ${f.mbgnbd.logLikelihood}::float8, ${f.mbgnbd.customers}::int,
        ${gg?.p ?? null}::float8, ${gg?.q ?? null}::float8, ${gg?.gamma ?? null}::float8, ${gg?.logLikelihood ?? null}::float8, ${gg?.customers ?? null}::int,
        ${Math.round(f.readMs)}::int, ${Math.round(f.fitMs)}::int, ${f.summariesFrom})
      returning ${FIT_COLUMNS}`,
  );
  return toFit(r);
}

/** Live profiles with at least one order (the order counter includes merged members' orders). */
export async function countBuyers(q: Reader): Promise<number> {
  const [{ n }] = await rows<{ n: number }>(q, sql`select count(*)::int as n from customers where merged_into_id is null and order_count > 0`);
  return n;
}

// ---- model columns of customer_metrics ---------------------------------------------------------------------------

/** One scored profile: its summary in days, and its prediction (null for a non-buyer). */
export interface ModelColumns {
  customerId: string;
  summary: { x: number; txDays: number; TDays: number; repeatSpend: number } | null;
  prediction: CustomerPrediction | null;
}

/**
 * Write the model columns of these profiles in one statement. A buyer's row is created when missing, with the values
 * a missing row reads as (PROSPECT, NONE, 0) and computed_at at the epoch: the scoring statement that follows in the
 * same transaction or chunk overwrites them, and a row left so by a crash is found stale by the sweep. Non-buyers'
 * model columns are cleared (a split can take every order away). `guard`: as in scoreCustomers.
 */
/** ModelColumns as one JSON array, read back by `json_to_recordset(…) as v${MODEL_RECORD}` (here and in a full run's chunks). */
export function modelColumnsJson(values: readonly ModelColumns[]): string {
  return JSON.stringify(
    values.map((v) => ({
      customer_id: v.customerId,
      x: v.summary?.x ?? null,
      t_x: v.summary?.txDays ?? null,
      t: v.summary?.TDays ?? null,
      repeat_spend: v.summary?.repeatSpend ?? null,
      p_alive: v.prediction?.pAlive ?? null,
      churn_score: v.prediction?.churnScore ?? null,
      churn_band: v.prediction?.churnBand ?? null,
      expected_spend: v.prediction?.expectedSpend ?? null,
      ltv: v.prediction?.predictedLtv12m ?? null,
    })),
  );
}

export const MODEL_RECORD = sql`(customer_id uuid, x int, t_x float8, t float8, repeat_spend float8, p_alive float8, churn_score float8, churn_band text,
  expected_spend float8, ltv float8)`;

export async function writeModelColumns(q: Queryable, values: readonly ModelColumns[], now: Date, guard: Date | null): Promise<number> {
  if (!values.length) return 0;
  const json = modelColumnsJson(values);
  const at = sql`${now.toISOString()}::timestamptz`;
  const guarded = guard ? sql`and cm.computed_at <= ${guard.toISOString()}::timestamptz` : sql``;
  const [r] = await rows<{ written: number }>(
    q,
    sql`with v as (
        select * from json_to_recordset(${json}::json) as v${MODEL_RECORD}),
      cleared as (
        update customer_metrics cm set p_alive = null, churn_score = null, churn_band = null, expected_spend = null,
          predicted_ltv_12m = null, summary_x = null, summary_t_x = null, summary_t = null, summary_repeat_spend = null,
          model_computed_at = null
        from v where v.x is null and cm.customer_id = v.customer_id and cm.summary_x is not null ${guarded}
        returning 1),
      upserted as (
        insert into customer_metrics as cm (customer_id, rfm_tier, lifecycle_stage, aipl_stage, historical_ltv, order_days, computed_at,
          p_alive, churn_score, churn_band, expected_spend, predicted_ltv_12m, summary_x, summary_t_x, summary_t, summary_repeat_spend,
          model_computed_at)
        select v.customer_id, 'NONE', 'PROSPECT', 'NONE', 0, 0, to_timestamp(0),
          v.p_alive, v.churn_score, v.churn_band, round(v.expected_spend::numeric, 4), round(v.ltv::numeric, 4), v.x, v.t_x, v.t,
          v.repeat_spend, ${at}
        from v where v.x is not null
        on conflict (customer_id) do update set p_alive = excluded.p_alive, churn_score = excluded.churn_score,
          churn_band = excluded.churn_band, expected_spend = excluded.expected_spend, predicted_ltv_12m = excluded.predicted_ltv_12m,
          summary_x = excluded.summary_x, summary_t_x = excluded.summary_t_x, summary_t = excluded.summary_t,
          summary_repeat_spend = excluded.summary_repeat_spend, model_computed_at = excluded.model_computed_at
        ${guard ? sql`where cm.computed_at <= ${guard.toISOString()}::timestamptz` : sql``}
        returning 1)
    select ((select count(*) from upserted) + (select count(*) from cleared))::int as written`,
  );
  return r.written;
}

/** What a profile's ltv and churnRisk fields read: stored with the RFM values, one statement for a page. */
export interface StoredModelRow {
  customerId: string;
  historicalLtv: string;
  recencyDays: number | null;
  typicalGapDays: number | null;
  pAlive: number | null;
  churnScore: number | null;
  churnBand: ChurnBand | null;
  expectedSpend: number | null;
  summary: { x: number; txDays: number; TDays: number } | null;
  modelComputedAt: Date | null;
  computedAt: Date;
}

export async function modelRowsOfCustomers(q: Reader, ids: readonly string[]): Promise<Map<string, StoredModelRow>> {
  const found = await rows<{
    customer_id: string; historical_ltv: string; recency_days: number | null; typical_gap_days: number | null;
    p_alive: number | null; churn_score: number | null; churn_band: ChurnBand | null; expected_spend: number | null;
    summary_x: number | null; summary_t_x: number | null; summary_t: number | null; model_computed_at: string | null; computed_at: string;
  }>(
    q,
    sql`select customer_id, historical_ltv::text as historical_ltv, recency_days, typical_gap_days, p_alive, churn_score, churn_band,
          expected_spend::float8 as expected_spend, summary_x, summary_t_x, summary_t,
          model_computed_at::text as model_computed_at, computed_at::text as computed_at
        from customer_metrics where customer_id = any(${uuidArray(ids)})`,
  );
  return new Map(
    found.map((r) => [
      r.customer_id,
      {
        customerId: r.customer_id,
        historicalLtv: r.historical_ltv,
        recencyDays: r.recency_days,
        typicalGapDays: r.typical_gap_days === null ? null : Number(r.typical_gap_days),
        pAlive: r.p_alive === null ? null : Number(r.p_alive),
        churnScore: r.churn_score === null ? null : Number(r.churn_score),
        churnBand: r.churn_band,
        expectedSpend: r.expected_spend === null ? null : Number(r.expected_spend),
        summary: r.summary_x === null ? null : { x: r.summary_x, txDays: Number(r.summary_t_x), TDays: Number(r.summary_t) },
        modelComputedAt: toDateOrNull(r.model_computed_at),
        computedAt: toDate(r.computed_at),
      },
    ]),
  );
}

/** The feedback a churn explanation cites: the latest NPS answer and the open support tickets, over the members. */
export interface ChurnFeedback {
  latestNps: { score: number; date: string } | null;
  openTickets: number;
}

export async function churnFeedbackOf(q: Reader, timezone: string, roots: readonly string[]): Promise<Map<string, ChurnFeedback>> {
  const found = await rows<{ root: string; nps_score: number | null; nps_date: string | null; open_tickets: number }>(
    q,
    sql`select r.root, nps.score::float8 as nps_score, nps.day::text as nps_date, coalesce(tk.n, 0)::int as open_tickets
      from unnest(${uuidArray(roots)}) as r(root)
      left join lateral (
        select f.score, (f.occurred_at at time zone ${timezone}::text)::date as day
        from (select r.root as member union all select c.id from customers c where c.merged_into_id = r.root) m
        cross join lateral (
          select score, occurred_at from feedback f where f.customer_id = m.member and f.kind = 'NPS' and f.score is not null
          order by f.occurred_at desc limit 1) f
        order by f.occurred_at desc limit 1) nps on true
      left join lateral (
        select count(*) as n
        from (select r.root as member union all select c.id from customers c where c.merged_into_id = r.root) m
        join feedback f on f.customer_id = m.member
        where f.kind = 'SUPPORT_TICKET' and f.status in ('OPEN', 'PENDING')) tk on true`,
  );
  return new Map(
    found.map((r) => [
      r.root,
      {
        latestNps: r.nps_score === null ? null : { score: Number(r.nps_score), date: r.nps_date! },
        openTickets: r.open_tickets,
      },
    ]),
  );
}

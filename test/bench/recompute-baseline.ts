import type postgres from 'postgres';
import type { MetricsSettings } from '../../src/metrics/settings';
import { cpuMs } from './cpu';

/**
 * The recompute suite's yardstick (issue 4 §6): what a person would write in psql to compute the same RFM scores —
 * one INSERT … SELECT that nets refunds, folds merged-away profiles into their survivor, takes the quintile cut points
 * and scores, into a plain table (a primary key, nothing else). Written independently of Strata's SQL on purpose:
 * the suite checks that the two give the same scores, row for row.
 */
export const BASELINE_TABLE = 'bench_rfm';

export interface BaselineRun {
  wallMs: number;
  cpuMs: number;
  rows: number;
}

export async function runBaseline(sql: postgres.Sql, settings: MetricsSettings, now: Date): Promise<BaselineRun> {
  await sql.unsafe(`drop table if exists ${BASELINE_TABLE}`);
  await sql.unsafe(`create table ${BASELINE_TABLE} (customer_id uuid primary key, recency_days int, frequency int,
    monetary numeric(20,4), r smallint, f smallint, m smallint)`);
  // Start from the same state as Strata's runs: nothing of the previous statement left to write out.
  await sql`checkpoint`;
  const [{ pid }] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
  const cpu = cpuMs(pid);
  const started = performance.now();
  const result = await sql.unsafe(
    `insert into ${BASELINE_TABLE}
    with params as (select ($1::timestamptz at time zone $2::text)::date as today, $2::text as tz, $3::int as window_days),
    refunded as (
      select o.customer_id, o.id,
             sum(case when r.amount is null then o.total_reporting
                      when r.amount_reporting is not null then r.amount_reporting
                      when o.total = 0 then 0
                      else round(r.amount * o.total_reporting / o.total, 4) end) as amount
      from refunds r join orders o on o.source_id = r.source_id and o.order_id = r.order_id
      group by o.customer_id, o.id),
    order_values as (
      select coalesce(c.merged_into_id, c.id) as customer_id,
             greatest(0, p.today - (o.occurred_at at time zone p.tz)::date) as days_ago, p.window_days,
             greatest(o.total_reporting - coalesce(x.amount, 0), 0) as net
      from orders o join customers c on c.id = o.customer_id cross join params p
      left join refunded x on x.customer_id = o.customer_id and x.id = o.id),
    buyer_values as (
      select customer_id, min(days_ago) as recency_days, count(*) filter (where days_ago <= window_days) as frequency,
             coalesce(sum(net) filter (where days_ago <= window_days), 0) as monetary
      from order_values group by customer_id),
    cuts as (
      select percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by recency_days desc) as rc,
             percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by frequency) as fc,
             percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by monetary) as mc
      from buyer_values)
    select v.customer_id, v.recency_days, v.frequency, v.monetary,
           1 + (rc[1] > v.recency_days)::int + (rc[2] > v.recency_days)::int + (rc[3] > v.recency_days)::int + (rc[4] > v.recency_days)::int,
           1 + (fc[1] < v.frequency)::int + (fc[2] < v.frequency)::int + (fc[3] < v.frequency)::int + (fc[4] < v.frequency)::int,
           1 + (mc[1] < v.monetary)::int + (mc[2] < v.monetary)::int + (mc[3] < v.monetary)::int + (mc[4] < v.monetary)::int
    from buyer_values v cross join cuts`,
    [now.toISOString(), settings.timezone, settings.rfmWindowDays],
  );
  return { wallMs: performance.now() - started, cpuMs: cpuMs(pid) - cpu, rows: result.count };
}

export interface Agreement {
  /** Buyers in both, and how many of them differ in any of the six values. */
  both: number;
  different: number;
  onlyBaseline: number;
  onlyStrata: number;
}

/** Strata's stored RFM values and scores against the baseline's, for every buyer. */
export async function compareWithBaseline(sql: postgres.Sql): Promise<Agreement> {
  const [r] = await sql.unsafe<Agreement[]>(`select
      count(*) filter (where b.customer_id is not null and s.customer_id is not null)::int as both,
      count(*) filter (where b.customer_id is not null and s.customer_id is not null
        and (b.recency_days, b.frequency, b.monetary, b.r, b.f, b.m) is distinct from (s.recency_days, s.frequency, s.monetary, s.r, s.f, s.m))::int as different,
      count(*) filter (where s.customer_id is null)::int as "onlyBaseline",
      count(*) filter (where b.customer_id is null)::int as "onlyStrata"
    from ${BASELINE_TABLE} b full join (select * from customer_metrics where r is not null) s using (customer_id)`);
  return r;
}

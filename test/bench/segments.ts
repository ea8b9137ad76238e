import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { createStrata } from '../../src/app';
import { loadConfig } from '../../src/config';
import { openDatabase, type Database } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { addChange, type ProfileChanges } from '../../src/profiles/profileChanged';
import type { SegmentCondition } from '../../src/segments/definition';
import { builtinSegments } from '../../src/segments/builtins';
import { createBuiltinSegments, createSegment, evaluatePendingSegments, evaluateSegments, segmentListener } from '../../src/segments/segments';
import { createApiKey } from '../../src/auth/keys';
import { cloneDatabase, dropDatabase } from './data';
import { ensureRecomputeTemplate, templateName } from './recompute-data';
import { codeVersion, table, writeJson } from './report';

/**
 * The segments suite (issue 5 §5), on the recompute suite's data (a million customers, five million orders, events,
 * feedback; recompute-data.ts) in PostgreSQL, each Strata figure beside bare SQL computing the same set in the same
 * run and database:
 * - full evaluation of a 3-condition segment (createSegment: compile, compare with the stored members, write the
 *   memberships and the change log), and its re-evaluation with nothing changed, beside the bare SELECT of its ids
 *   written set-based (each table aggregated once) and, for comparison, asked per profile;
 * - the built-ins on a first start: creating their rows (what start-up waits for) and their first evaluation;
 * - per-ingest re-evaluation: the profileChanged listener for one customer (lock, catalogue, every affected segment
 *   in one statement — the built-ins and the 3-condition one), beside the bare SELECT restricted to that customer;
 * - the CSV export of every member of a segment holding every live profile over HTTP, with Strata's RSS sampled
 *   throughout, beside a bare keyset read of the same rows.
 *
 * Env: BENCH_CUSTOMERS (1000000), BENCH_ORDERS (5 per customer), BENCH_PROBES (per-ingest samples, 500),
 * BENCH_KEEP_DB=1.
 */
const RUN_DB = 'strata_bench_segments_run';
const TZ = 'UTC';

function count(name: string, fallback: number): number {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const ms = (n: number) => n.toFixed(n < 10 ? 2 : 0);
const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, performance.now() - started];
}

/** Bought at least twice in the last year, viewed a product in the last 30 days, and is no NPS detractor. */
const DEFINITION: SegmentCondition = {
  and: [
    { order: { within: 'P365D', atLeast: 2 } },
    { event: { name: 'Product Viewed', within: 'P30D' } },
    { not: { feedback: { nps: 'DETRACTOR' } } },
  ],
};

/**
 * The same set, written by hand as a database engineer would for the whole population: each table aggregated once by
 * surviving profile (a merged-away profile's rows count for the profile it was merged into), the three conditions
 * combined by joins.
 */
const BARE_SET = `
  with p as (select (now() at time zone 'UTC')::date as today),
  buyers as (
    select coalesce(m.merged_into_id, m.id) as id from orders o join customers m on m.id = o.customer_id
    where o.occurred_at >= ((select today from p) - 365) at time zone 'UTC'
    group by 1 having count(*) >= 2),
  viewers as (
    select distinct coalesce(m.merged_into_id, m.id) as id from events e join customers m on m.id = e.customer_id
    where e.name = 'Product Viewed' and e.occurred_at >= ((select today from p) - 30) at time zone 'UTC'),
  detractors as (
    select id from (
      select distinct on (coalesce(m.merged_into_id, m.id)) coalesce(m.merged_into_id, m.id) as id, f.score
      from feedback f join customers m on m.id = f.customer_id
      where f.kind = 'NPS' and f.score is not null
      order by coalesce(m.merged_into_id, m.id), f.occurred_at desc, f.id desc) latest
    where score <= 6)
  select c.id from customers c join buyers using (id) join viewers using (id)
  where c.merged_into_id is null and not exists (select 1 from detractors d where d.id = c.id)`;

/** The same set asked per profile (correlated subqueries): what one profile's check looks like; `$1` restricts it to one. */
const bareEach = (one: boolean) => `
  with p as (select (now() at time zone 'UTC')::date as today)
  select c.id from customers c, p
  where c.merged_into_id is null ${one ? 'and c.id = $1::uuid' : ''}
    and (select count(*) from (select 1 from customers m join orders o on o.customer_id = m.id
           where (m.id = c.id or m.merged_into_id = c.id) and o.occurred_at >= ((p.today - 365) at time zone 'UTC') limit 2) x) >= 2
    and exists (select 1 from customers m join events e on e.customer_id = m.id
           where (m.id = c.id or m.merged_into_id = c.id) and e.name = 'Product Viewed' and e.occurred_at >= ((p.today - 30) at time zone 'UTC'))
    and not coalesce((select f.score <= 6 from customers m join feedback f on f.customer_id = m.id
           where (m.id = c.id or m.merged_into_id = c.id) and f.kind = 'NPS' and f.score is not null
           order by f.occurred_at desc, f.id desc limit 1), false)`;

export async function segmentsSuite(): Promise<number> {
  const customers = count('BENCH_CUSTOMERS', 1_000_000);
  const spec = { customers, orders: count('BENCH_ORDERS', 5 * customers) };
  const probes = count('BENCH_PROBES', 500);
  const keepDb = process.env.BENCH_KEEP_DB === '1';
  const code = codeVersion();

  await ensureRecomputeTemplate(spec);
  const url = await cloneDatabase(templateName(spec), RUN_DB);
  const env = { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'error', BUSINESS_TIMEZONE: TZ, SEGMENT_SWEEP_INTERVAL_SECONDS: '0' };
  const config = loadConfig(env);
  const settings = { timeZone: TZ };
  const database: Database = await openDatabase({ databaseUrl: url, dataDir: '', maxConnections: 4 });
  const db = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'strata-bench-baseline' } });
  const rows: string[][] = [];
  const report: Record<string, unknown> = { code, spec };
  try {
    await migrateDatabase(database, path.resolve('drizzle'));
    const loadBefore = os.loadavg()[0];

    // ---- full evaluation -------------------------------------------------------------------------------------
    const [bareIds, bareMs] = await timed(() => db.unsafe(BARE_SET));
    const [, bareMs2] = await timed(() => db.unsafe(BARE_SET));
    const [eachIds, bareEachMs] = await timed(() => db.unsafe(bareEach(false)));
    if (eachIds.length !== bareIds.length) throw new Error(`the bare SQL per profile found ${eachIds.length}, the set-based one ${bareIds.length}`);
    const [segment, createMs] = await timed(() => createSegment(database, settings, { name: 'bench: 3 conditions', description: '', definition: DEFINITION }));
    const [[{ n: members }]] = await Promise.all([db<{ n: number }[]>`select count(*)::int as n from segment_memberships where segment_id = ${segment.id} and exited_at is null`]);
    if (members !== bareIds.length) throw new Error(`Strata found ${members} members, the bare SQL ${bareIds.length}`);
    // This PostgreSQL runs with autovacuum off: statistics of the new tables as a running server would have them.
    await db`analyze segment_memberships`;
    // The evaluations above dirtied gigabytes of pages: write them out now, as the recompute suite does before each run,
    // so the checkpoint they call for does not land among the samples below (what a write costs in steady state).
    await db`checkpoint`;
    await db`analyze segment_membership_changes`;
    const [, againMs] = await timed(() => evaluateSegments(database, settings, (e) => e.segment.id === segment.id, 'TIME'));
    const bareBest = Math.min(bareMs, bareMs2);
    rows.push(['full evaluation, 3 conditions (createSegment: evaluate + write members and log)', `${members} members`, ms(createMs), ms(bareBest), (createMs / bareBest).toFixed(2), '< 10,000 ms']);
    rows.push(['  the bare SQL asked per profile (correlated subqueries), for comparison', '', '', ms(bareEachMs), (createMs / bareEachMs).toFixed(2), '']);
    rows.push(['re-evaluation, nothing changed', '0 changes', ms(againMs), ms(bareBest), (againMs / bareBest).toFixed(2), '']);

    // ---- built-ins: what a first start on this database costs --------------------------------------------------
    // A server start creates the rows (createBuiltinSegments) and leaves their first evaluation to the background.
    const [, builtinCreateMs] = await timed(() => createBuiltinSegments(database, builtinSegments(config.repurchase)));
    const [firstRun, builtinEvalMs] = await timed(() => evaluatePendingSegments(database, settings));
    rows.push(['6 built-in segments created (what a first start on this data waits for)', '', ms(builtinCreateMs), '', '', '']);
    rows.push(['  their first evaluation (in the background after start)', `${firstRun.entered} members`, ms(builtinEvalMs), '', '', '']);

    // ---- per-ingest re-evaluation --------------------------------------------------------------------------------
    await db`analyze segment_memberships`;
    // The evaluations above dirtied gigabytes of pages: write them out now, as the recompute suite does before each run,
    // so the checkpoint they call for does not land among the samples below (what a write costs in steady state).
    await db`checkpoint`;
    const sample = await db<{ id: string }[]>`select id from customers where merged_into_id is null order by md5(id::text) limit ${probes}`;
    const listener = segmentListener(settings);
    // Two passes over the same profiles: the first finds their pages on disk or in the OS cache (a 3.4 GB database
    // beside 128 MB of shared buffers), the second mostly in shared buffers, as a busy profile's would be.
    for (const pass of ['first pass', 'second pass (warm)']) {
      const strataMs: number[] = [];
      const listenerMs: number[] = [];
      const bareOneMs: number[] = [];
      const floorMs: number[] = [];
      for (const [i, { id }] of sample.entries()) {
        const changes: ProfileChanges = new Map();
        addChange(changes, id, 'ORDER');
        addChange(changes, id, 'EVENT');
        // The whole transaction, and apart from it what the listener adds inside an ingest's transaction (which has
        // its own BEGIN and COMMIT whether segments exist or not).
        const strata = () =>
          timed(() =>
            database.db.transaction(async (tx) => {
              const [, inside] = await timed(() => listener(tx, changes));
              listenerMs.push(inside);
            }),
          );
        const bareOne = () => timed(() => db.unsafe(bareEach(true), [id]));
        // Whichever runs second finds the profile's pages in the buffer cache: each goes first half the time.
        if (i % 2) bareOneMs.push((await bareOne())[1]);
        strataMs.push((await strata())[1]);
        if (i % 2 === 0) bareOneMs.push((await bareOne())[1]);
        // What any transaction of one trivial statement costs on this machine now: the floor under both figures.
        const [, floor] = await timed(() => database.db.transaction((tx) => tx.execute(sql`select 1`)));
        floorMs.push(floor);
      }
      const [p50, p99] = [quantile(strataMs, 0.5), quantile(strataMs, 0.99)];
      const [bareP50, bareP99] = [quantile(bareOneMs, 0.5), quantile(bareOneMs, 0.99)];
      rows.push([`per-ingest re-evaluation, 1 customer, every affected segment, ${pass} (p50)`, `${probes} samples`, ms(p50), ms(bareP50), (p50 / bareP50).toFixed(2), '']);
      rows.push([`per-ingest re-evaluation, ${pass} (p99)`, '', ms(p99), ms(bareP99), (p99 / bareP99).toFixed(2), '< 5 ms']);
      const [inP50, inP99] = [quantile(listenerMs, 0.5), quantile(listenerMs, 0.99)];
      rows.push(['  of it, the listener inside the transaction (p50 / p99)', '', `${ms(inP50)} / ${ms(inP99)}`, `${ms(bareP50)} / ${ms(bareP99)}`, (inP99 / bareP99).toFixed(2), '< 5 ms']);
      rows.push(['  floor: a transaction of one trivial statement (p50 / p99)', '', `${ms(quantile(floorMs, 0.5))} / ${ms(quantile(floorMs, 0.99))}`, '', '', '']);
      Object.assign(report, { [pass]: { strataMs, listenerMs, bareOneMs, floorMs } });
    }

    // ---- export ------------------------------------------------------------------------------------------------
    const [everyone, everyoneMs] = await timed(() =>
      createSegment(database, settings, { name: 'bench: everyone', description: '', definition: { not: { identity: { type: 'bench_none' } } } }),
    );
    const [[{ n: all }]] = await Promise.all([db<{ n: number }[]>`select count(*)::int as n from segment_memberships where segment_id = ${everyone.id} and exited_at is null`]);
    rows.push(['full evaluation, every live profile enters', `${all} members`, ms(everyoneMs), '', '', '']);

    const strata = await createStrata(config, database, { log: undefined });
    const port = await strata.listen(0, '127.0.0.1');
    const key = (await createApiKey(database.db, { name: 'bench export', scopes: ['segments:read'] })).secret;
    const rss: number[] = [];
    const rssBefore = process.memoryUsage().rss;
    const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 50);
    const [exported, exportMs] = await timed(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/export/segments/${everyone.id}/members.csv`, { headers: { authorization: `Bearer ${key}` } });
      if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
      let bytes = 0;
      let lines = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        for (const b of chunk) if (b === 10) lines++;
      }
      return { bytes, lines };
    });
    clearInterval(sampler);
    await strata.stop();
    const [bareRows, bareExportMs] = await timed(async () => {
      let n = 0;
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const page = await db<{ customer_id: string }[]>`select customer_id, entered_at from segment_memberships
          where segment_id = ${everyone.id} and exited_at is null and customer_id > ${after} order by customer_id limit 5000`;
        if (!page.length) return n;
        n += page.length;
        after = page[page.length - 1].customer_id;
      }
    });
    if (exported.lines !== all + 1) throw new Error(`the export has ${exported.lines} lines for ${all} members`);
    const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
    rows.push(['CSV export of every member over HTTP (streamed)', `${all} rows, ${mb(exported.bytes)} MB`, ms(exportMs), ms(bareExportMs), (exportMs / bareExportMs).toFixed(2), '']);
    rows.push([`bench process RSS during the export (server + client): before / peak / end`, `${mb(rssBefore)} / ${mb(Math.max(...rss))} / ${mb(rss.at(-1) ?? 0)} MB`, '', '', '', 'flat']);
    if (bareRows !== all) throw new Error(`bare read found ${bareRows} rows`);

    const loadAfter = os.loadavg()[0];
    const cpus = os.cpus();
    console.log(
      `\nsegments suite on ${code}: ${spec.customers} customers, ${spec.orders} orders; ${cpus.length} CPUs (${cpus[0]?.model.trim()}) ` +
        `shared by Strata and PostgreSQL; node ${process.version}; 1-min load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after\n`,
    );
    console.log(table(['what', 'size', 'Strata ms', 'bare SQL ms', 'ratio', 'target'], rows, (c) => c >= 2 && c <= 4));
    Object.assign(report, { rows, rss, loadBefore, loadAfter });
    console.log(`\nwrote ${writeJson('segments', report)}`);
    return 0;
  } finally {
    await Promise.allSettled([db.end({ timeout: 2 }), database.close()]);
    if (keepDb) console.log(`kept ${RUN_DB} (BENCH_KEEP_DB=1)`);
    else await dropDatabase(RUN_DB).catch((err) => console.error(`could not drop ${RUN_DB}: ${err}`));
  }
}

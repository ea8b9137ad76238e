import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { readCalibration } from '../../src/metrics/model';
import { fitModels } from '../../src/metrics/predict';
import type { MetricsSettings } from '../../src/metrics/settings';
import { adminUrl, cloneDatabase, dropDatabase } from './data';
import { measureChild, type ChildRun } from './measure-child';
import { compareWithBaseline, runBaseline, type Agreement, type BaselineRun } from './recompute-baseline';
import { ensureRecomputeTemplate, templateName } from './recompute-data';
import { timeModelFits, type FitTiming } from './recompute-fits';
import { codeVersion, printInvalid, table, writeJson } from './report';

/**
 * The recompute suite (issue 4 §6): a full re-score of every customer — RFM, lifecycle, AIPL, and the churn / LTV
 * model columns — on a million customers and five million orders in PostgreSQL, beside a bare SQL statement that
 * computes and writes the same RFM scores (recompute-baseline.ts), in the same run and database. Strata runs as
 * `npm run recompute` does, in a child process, so its peak RSS is its own.
 *
 * In order: baseline; Strata's first scoring (empty customer_metrics, no model fitted yet); refitModels (read every
 * buyer's summary, fit, re-score everyone with the fit); baseline again; Strata's re-score with the fit (every row
 * exists: the daily case); refitModels again (the daily refit of a scored database: summaries read from the stored
 * model columns); a check that Strata's stored RFM values and scores equal the baseline's for every buyer; then the
 * three fits alone on simulated buyers. The first refit reads the summaries the first scoring stored; a fit from every
 * order (a database never scored) is timed apart.
 *
 * Env: BENCH_CUSTOMERS (1000000), BENCH_ORDERS (5 per customer), BENCH_FIT_CUSTOMERS (simulated buyers for the fit
 * timing; 1000000, 0 skips it), BENCH_KEEP_DB=1 (keep the run database for EXPLAIN), BENCH_CODE_VERSION.
 */
const RUN_DB = 'strata_bench_recompute_run';
const TARGET_RATIO = 2;
const TARGET_FIT_MS = 10_000;
const TARGET_RSS_KB = 1024 * 1024;

function count(name: string, fallback: number, min = 1): number {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
  return value;
}

/** Which part of a full run a backend is in, from the statement it is running. */
function phaseOf(query: string): string {
  const q = query.trimStart();
  if (q.startsWith('insert into metrics_stage_')) return 'values: one pass over the tables (per connection)';
  if (q.startsWith('insert into rfm_cut_points')) return 'cut points';
  if (q.startsWith('with v as (select customer_id')) return 'RFM / lifecycle / AIPL rows';
  if (q.startsWith('select customer_id, order_days - 1 as x')) return 'model summaries: from the staged values';
  if (q.includes('json_to_recordset')) return 'model columns: write';
  if (q.startsWith('with b as')) return 'model summaries: read per profile';
  if (q.startsWith('create temporary table model_calibration') && q.includes('left join customer_metrics')) return 'model summaries: stored (daily refit)';
  if (q.startsWith('create temporary table model_calibration')) return 'model summaries: one pass (refit)';
  if (q.includes('from pg_temp.model_calibration')) return 'model summaries: read staged (refit)';
  if (q.startsWith('delete from customer_metrics')) return 'orphan rows';
  if (q.startsWith('select (select count(*) from metrics_stage_')) return 'values: size';
  if (
    ['drop table', 'create temporary', 'create unlogged', 'set jit', 'reset', 'select c.relname as name from pg_class', 'select pg_backend_pid'].some((p) => q.startsWith(p))
  ) {
    return 'values: create, drop, settings';
  }
  return `other: ${q.slice(0, 40).replace(/\s+/g, ' ')}`;
}

const s = (ms: number) => (ms / 1000).toFixed(1);

/** readCalibration forced to aggregate every order (on the configured connections), then the three fits. */
async function timeFitFromOrders(url: string, settings: MetricsSettings): Promise<{ readMs: number; fitMs: number; customers: number }> {
  const database = await openDatabase({ databaseUrl: url, dataDir: '', maxConnections: settings.recomputeConnections + 2 });
  try {
    const started = performance.now();
    const data = await readCalibration(database, settings.timezone, new Date(), settings.model.timeUnit, undefined, {
      useStored: false,
      connections: settings.recomputeConnections,
    });
    const read = performance.now();
    fitModels(data.columns);
    return { readMs: read - started, fitMs: performance.now() - read, customers: data.customers };
  } finally {
    await database.close();
  }
}
const mb = (kb: number) => (kb / 1024).toFixed(0);

export async function recomputeSuite(): Promise<number> {
  const customers = count('BENCH_CUSTOMERS', 1_000_000);
  const spec = { customers, orders: count('BENCH_ORDERS', 5 * customers) };
  const fitCustomers = count('BENCH_FIT_CUSTOMERS', 1_000_000, 0);
  const keepDb = process.env.BENCH_KEEP_DB === '1';
  // Read before anything runs: `npm run bench` has just built this tree, and commits may land while it runs.
  const code = codeVersion();

  const templateMs = await ensureRecomputeTemplate(spec);
  const url = await cloneDatabase(templateName(spec), RUN_DB);
  // The template may predate a migration: apply them now, not inside the first measured run.
  const database = await openDatabase({ databaseUrl: url, dataDir: '', maxConnections: 2 });
  try {
    await migrateDatabase(database, path.resolve('drizzle'));
  } finally {
    await database.close();
  }
  const env = { DATABASE_URL: url, LOG_LEVEL: 'error' };
  const settings = loadConfig({ ...process.env, ...env }).metrics;

  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  const db = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'strata-bench-baseline' } });
  let cleaned: Promise<void> | null = null;
  const cleanup = () =>
    (cleaned ??= (async () => {
      await Promise.allSettled([db.end({ timeout: 2 }), admin.end({ timeout: 2 })]);
      if (keepDb) console.log(`kept ${RUN_DB} (BENCH_KEEP_DB=1): drop it with  psql -c 'drop database ${RUN_DB}'`);
      else await dropDatabase(RUN_DB).catch((err) => console.error(`could not drop ${RUN_DB}: ${err}`));
    })());
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const dist = path.resolve(__dirname, '../..');
    const watch = { admin, database: RUN_DB, applicationName: 'strata', phaseOf };
    const loadBefore = os.loadavg()[0];
    if (loadBefore > os.cpus().length / 2) console.log(`!!! machine busy before the bench (load average ${loadBefore.toFixed(2)}): expect noisy numbers`);

    const baselines: BaselineRun[] = [];
    const baseline = async () => {
      const b = await runBaseline(db, settings, new Date());
      baselines.push(b);
      console.log(`  baseline SQL: ${b.rows} buyers scored in ${s(b.wallMs)} s (backend CPU ${s(b.cpuMs)} s)`);
    };
    const strata = async (what: string, script: string): Promise<ChildRun> => {
      await db`checkpoint`;
      const run = await measureChild(path.join(dist, script), env, watch);
      if (run.exitCode !== 0) throw new Error(`${what} exited with ${run.exitCode}:\n${run.output.slice(-4000)}`);
      console.log(`  ${what}: ${s(run.wallMs)} s, node peak RSS ${run.node ? mb(run.node.maxRssKb) : '?'} MB`);
      return run;
    };

    await baseline();
    const first = await strata('strata first scoring (empty table, no model yet)', 'src/cli/recompute.js');
    const refit = await strata('strata refitModels (read summaries, fit, re-score all)', 'test/bench/refit-child.js');
    await baseline();
    const rescore = await strata('strata re-score with the fit (every row exists)', 'src/cli/recompute.js');
    const dailyRefit = await strata('strata daily refitModels (stored summaries, fit, re-score all)', 'test/bench/refit-child.js');
    // A fit on a database never scored has no stored summaries: every order is read. Timed here, in this process.
    const fromOrders = await timeFitFromOrders(url, settings);
    console.log(`  model fit from every order (as on a database never scored): read ${s(fromOrders.readMs)} s, fits ${s(fromOrders.fitMs)} s`);
    const fitRows = await db<{ read_ms: number; fit_ms: number; customers: number; summaries_from: string; params: string }[]>`
      select read_ms, fit_ms, mbgnbd_customers as customers, summaries_from,
        format('BG/NBD r %s alpha %s a %s b %s; MBG/NBD r %s alpha %s a %s b %s; GG p %s q %s gamma %s',
          round(bgnbd_r::numeric, 3), round(bgnbd_alpha::numeric, 2), round(bgnbd_a::numeric, 3), round(bgnbd_b::numeric, 3),
          round(mbgnbd_r::numeric, 3), round(mbgnbd_alpha::numeric, 2), round(mbgnbd_a::numeric, 3), round(mbgnbd_b::numeric, 3),
          round(gg_p::numeric, 3), round(gg_q::numeric, 3), round(gg_gamma::numeric, 2)) as params
      from model_fits order by fitted_at`;
    // The first fit aggregates every order (nothing stored yet); the daily one should read the stored summaries.
    const [fitRow, dailyFitRow] = fitRows;
    const loadAfter = os.loadavg()[0];

    const agreement: Agreement = await compareWithBaseline(db);
    const [rowsFound] = await db<{ live: number; scored: number; buyers: number; modelled: number }[]>`select
      (select count(*) from customers where merged_into_id is null)::int as live,
      (select count(*) from customer_metrics)::int as scored,
      (select count(*) from customer_metrics where r is not null)::int as buyers,
      (select count(*) from customer_metrics where p_alive is not null)::int as modelled`;

    const fits: FitTiming | null = fitCustomers ? timeModelFits(fitCustomers) : null;

    const cpus = os.cpus();
    const best = Math.min(...baselines.map((b) => b.wallMs));
    console.log(
      `\nrecompute suite on ${code}: ${spec.customers} customers, ${spec.orders} orders; ${cpus.length} CPUs (${cpus[0]?.model.trim()}) ` +
        `shared by Strata and PostgreSQL; node ${process.version}; 1-min load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after\n`,
    );
    const runs: [string, ChildRun][] = [['first scoring', first], ['refitModels', refit], ['re-score with fit', rescore], ['daily refitModels', dailyRefit]];
    console.log(
      table(
        ['run', 's', 'x baseline', 'node CPU s', 'PG CPU s', 'node peak RSS MB', 'PG backend peak RSS MB'],
        [
          ...baselines.map((b, i) => [`baseline SQL #${i + 1}`, s(b.wallMs), '', '', s(b.cpuMs), '', '']),
          ...runs.map(([name, r]) => [
            `strata ${name}`, s(r.wallMs), (r.wallMs / best).toFixed(2), r.node ? s(r.node.cpuMs) : '?', s(r.postgres.cpuMs),
            r.node ? mb(r.node.maxRssKb) : '?', mb(r.postgres.maxRssKb),
          ]),
        ],
        (i) => i > 0,
      ) + '\n',
    );
    const phaseNames = [...new Set(runs.flatMap(([, r]) => Object.keys(r.phases)))];
    console.log(
      table(
        ['where the PostgreSQL backends spent the time (s, sampled)', ...runs.map(([name]) => name)],
        phaseNames.map((p) => [p, ...runs.map(([, r]) => (r.phases[p] ?? 0).toFixed(1))]),
        (i) => i > 0,
      ) + '\n',
    );
    console.log(`fit from every order: ${fromOrders.customers} buyers' summaries read in ${s(fromOrders.readMs)} s on ${settings.recomputeConnections} connections, three fits in ${s(fromOrders.fitMs)} s`);
    for (const [what, f] of [['first refit', fitRow], ['daily refit', dailyFitRow]] as const) {
      if (!f) continue;
      console.log(`${what} on the database: summaries (${f.summaries_from}) read in ${s(f.read_ms)} s, three fits in ${s(f.fit_ms)} s over ${f.customers} buyers; ${f.params}`);
    }
    if (fits) {
      console.log(
        `fits alone, ${fits.customers} simulated buyers (${fits.transactions} purchases; simulate ${s(fits.simulateMs)} s, summarise ${s(fits.summarizeMs)} s, ` +
          `group ${s(fits.groupMs)} s): ` + fits.fits.map((f) => `${f.model} ${s(f.ms)} s${f.converged ? '' : ' (NOT CONVERGED)'}`).join(', ') +
          `; group + fits ${s(fits.totalMs)} s`,
      );
      for (const f of fits.fits) console.log(`  ${f.model}: ${Object.entries(f.params).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}, LL ${f.logLikelihood.toFixed(1)}`);
      console.log(`  truth (seeds/params.ts): BG/NBD ${JSON.stringify(fits.truth.bgnbd)}, Gamma-Gamma ${JSON.stringify(fits.truth.gammaGamma)}`);
    }

    const checks = [
      { what: 'RFM values and scores equal to the baseline\'s, every buyer', ok: agreement.different === 0 && agreement.onlyBaseline === 0 && agreement.onlyStrata === 0,
        got: `${agreement.both} in both, ${agreement.different} different, ${agreement.onlyBaseline} only in the baseline, ${agreement.onlyStrata} only in Strata` },
      { what: 'a row per live profile', ok: rowsFound.scored === rowsFound.live, got: `${rowsFound.scored} rows, ${rowsFound.live} live profiles` },
      { what: 'model columns for every buyer', ok: rowsFound.modelled === rowsFound.buyers, got: `${rowsFound.modelled} with p_alive, ${rowsFound.buyers} buyers` },
    ];
    console.log('\n' + table(['check', 'found', 'ok'], checks.map((c) => [c.what, c.got, c.ok ? 'ok' : 'WRONG']), () => false) + '\n');

    const peakRss = Math.max(...runs.map(([, r]) => r.node?.maxRssKb ?? Infinity));
    const verdicts = [
      { target: `re-score with fit <= ${TARGET_RATIO} x baseline`, value: (rescore.wallMs / best).toFixed(2), pass: rescore.wallMs / best <= TARGET_RATIO },
      { target: `first scoring <= ${TARGET_RATIO} x baseline`, value: (first.wallMs / best).toFixed(2), pass: first.wallMs / best <= TARGET_RATIO },
      ...(fitRow
        ? [{ target: `first model fit, after the first scoring (read ${fitRow.summaries_from} + fit) < 10 s`, value: s(fitRow.read_ms + fitRow.fit_ms), pass: fitRow.read_ms + fitRow.fit_ms < TARGET_FIT_MS }]
        : []),
      { target: 'model fit from every order, never-scored database (read + fit) < 10 s', value: s(fromOrders.readMs + fromOrders.fitMs), pass: fromOrders.readMs + fromOrders.fitMs < TARGET_FIT_MS },
      ...(dailyFitRow
        ? [{ target: `daily model fit on the database (read ${dailyFitRow.summaries_from} + fit) < 10 s`, value: s(dailyFitRow.read_ms + dailyFitRow.fit_ms), pass: dailyFitRow.read_ms + dailyFitRow.fit_ms < TARGET_FIT_MS }]
        : []),
      ...(fits ? [{ target: 'model fits alone (group + 3 fits) < 10 s', value: s(fits.totalMs), pass: fits.totalMs < TARGET_FIT_MS }] : []),
      { target: 'node peak RSS < 1 GiB, every run', value: `${mb(peakRss)} MB`, pass: peakRss < TARGET_RSS_KB },
    ];
    console.log(table(['target (issue 4 §6)', 'strata', 'result'], verdicts.map((v) => [v.target, v.value, v.pass ? 'PASS' : 'MISS']), (i) => i === 1) + '\n');

    const problems = checks.filter((c) => !c.ok).map((c) => `check failed: ${c.what}: ${c.got}`);
    if (problems.length) printInvalid('Strata did not compute what the baseline computes; do not quote these numbers.', problems);
    const file = writeJson('recompute', {
      suite: 'recompute',
      at: new Date().toISOString(),
      code,
      machine: {
        cpus: cpus.length, model: cpus[0]?.model, node: process.version, memoryMb: Math.round(os.totalmem() / 2 ** 20),
        loadAverageBefore: loadBefore, loadAverageAfter: loadAfter,
      },
      data: { ...spec, template: templateName(spec), templateBuildMs: templateMs },
      baselines,
      runs: Object.fromEntries(runs.map(([name, r]) => [name, { ...r, output: r.output.slice(-2000) }])),
      fit: fitRow ?? null,
      fitFromOrders: fromOrders,
      dailyFit: dailyFitRow ?? null,
      fitsAlone: fits,
      agreement,
      rows: rowsFound,
      checks,
      verdicts,
    });
    console.log(`results: ${path.relative(process.cwd(), file)}`);
    return problems.length ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}

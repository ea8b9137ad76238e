import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import postgres from 'postgres';
import { startServer, type Server } from './children';
import { cpuMs, selfCpuMs } from './cpu';
import { RUN_DB, adminUrl, createRunDatabase, dropRunDatabase, ensureTemplate } from './data';
import { CUSTOMERS, ORDERS } from './generate';
import { runLoad, type LoadOptions } from './load';
import { failures, printReport, writeJson, type Measurement, type Verdict } from './report';

/**
 * The read suite: Strata against a bare node:http server running the same SQL (raw-server.ts), on one profile
 * lookup and on a profile page, at full speed; then Strata alone at a fixed 300 req/s for tail latency.
 */
const CASES = [
  { name: 'plain', minRatio: 0.5, query: 'query Plain($id: ID!) { customer(id: $id) { id createdAt lastSeenAt } }' },
  {
    name: 'nested',
    minRatio: 0.4,
    query:
      'query Nested($id: ID!) { customer(id: $id) { id identities { type value } ' +
      'orders(first: 10) { edges { node { id total currency occurredAt } } } } }',
  },
];
const FIXED_RATE = 300;
const MAX_P99_MS = 50;
const CONNECTIONS = 50;

function seconds(name: string, fallback: number): number {
  const value = Number(process.env[name] || fallback);
  if (!(value > 0)) throw new Error(`${name} must be a positive number of seconds`);
  return value;
}

/** ~10,000 existing ids, merged-away ones included (2%: they exercise the redirect), the same ones every run. */
async function sampleIds(url: string): Promise<{ ids: string[]; merged: string[] }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ id: string; merged: boolean }[]>`
      select id::text as id, merged_into_id is not null as merged from customers tablesample bernoulli (10) repeatable (42)`;
    return { ids: rows.map((r) => r.id), merged: rows.filter((r) => r.merged).map((r) => r.id) };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function post(server: Server, key: string, body: string): Promise<unknown> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body,
  });
  return { status: res.status, body: await res.json() };
}

/**
 * The comparison is only fair if both servers answer the same: check some ids, merged-away ones among them (the
 * trickiest path), before timing anything.
 */
async function checkSameAnswers(strata: Server, raw: Server, key: string, ids: string[]): Promise<void> {
  for (const c of CASES) {
    for (const id of ids) {
      const body = JSON.stringify({ query: c.query, variables: { id } });
      const [a, b] = await Promise.all([post(strata, key, body), post(raw, key, body)]);
      if (!isDeepStrictEqual(a, b)) {
        console.log(`!!! ${c.name}: the servers answer differently; the comparison is not like for like.\n` +
          `!!! strata: ${JSON.stringify(a).slice(0, 600)}\n!!! raw:    ${JSON.stringify(b).slice(0, 600)}`);
        return;
      }
    }
  }
  console.log(`check: Strata and the raw server give identical answers on ${ids.length} ids per case`);
}

export async function readSuite(): Promise<number> {
  const measureSeconds = seconds('BENCH_SECONDS', 10);
  const warmupSeconds = seconds('BENCH_WARMUP_SECONDS', 3);
  const templateMs = await ensureTemplate();
  const runUrl = await createRunDatabase();

  const servers: Server[] = [];
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  let cleaned: Promise<void> | null = null;
  const cleanup = () =>
    (cleaned ??= (async () => {
      await Promise.allSettled(servers.map((s) => s.stop()));
      await admin.end({ timeout: 2 }).catch(() => {});
      await dropRunDatabase().catch((err) => console.error(`could not drop ${RUN_DB}: ${err}`));
    })());
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const { ids, merged } = await sampleIds(runUrl);
    const key = randomBytes(24).toString('base64url');
    const bodies = Object.fromEntries(
      CASES.map((c) => [c.name, ids.map((id) => JSON.stringify({ query: c.query, variables: { id } }))]),
    );
    const dist = path.resolve(__dirname, '../..');
    const strata = await startServer('strata', path.join(dist, 'src/main.js'), {
      DATABASE_URL: runUrl, STRATA_ADMIN_KEY: key, LOG_LEVEL: 'error',
    });
    servers.push(strata);
    const raw = await startServer('raw', path.join(__dirname, 'raw-server.js'), { DATABASE_URL: runUrl, BENCH_KEY: key });
    servers.push(raw);
    console.log(`servers: strata pid ${strata.pid}, raw pid ${raw.pid}; ${ids.length} sampled customer ids, ${merged.length} merged away`);
    await checkSameAnswers(strata, raw, key, [...ids.slice(0, 20), ...merged.slice(0, 5)]);

    const appName = { strata: 'strata', raw: 'strata-bench-raw' };
    const backendPids = async (server: 'strata' | 'raw') =>
      (await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${RUN_DB} and application_name = ${appName[server]}`)
        .map((r) => r.pid);

    const byRole = { strata, raw };
    const measure = async (caseName: string, role: 'strata' | 'raw', rate?: { perSecond: number; paced: boolean }): Promise<Measurement> => {
      const server = byRole[role];
      const options: LoadOptions = {
        url: server.url, key, bodies: bodies[caseName], connections: CONNECTIONS, seconds: measureSeconds,
        overallRate: rate?.perSecond, paced: rate?.paced,
      };
      await runLoad({ ...options, seconds: warmupSeconds });
      // Backends opened during the run (a pool grows lazily) count from zero; ones that closed are lost.
      const pgBefore = new Map((await backendPids(role)).map((pid) => [pid, cpuMs(pid)]));
      const before = { server: cpuMs(server.pid), gen: selfCpuMs() };
      const load = await runLoad(options);
      const pgAfter = new Set([...pgBefore.keys(), ...(await backendPids(role))]);
      const pgMs = [...pgAfter].reduce((sum, pid) => sum + Math.max(0, cpuMs(pid) - (pgBefore.get(pid) ?? 0)), 0);
      const per = (after: number, start: number) => (after - start) / Math.max(1, load.requests);
      const m: Measurement = {
        case: caseName,
        server: role,
        mode: rate ? `${rate.perSecond}/s ${rate.paced ? 'paced' : 'burst'}` : 'max',
        load,
        cpuPerRequest: {
          server: per(cpuMs(server.pid), before.server),
          postgres: per(pgMs, 0),
          loadGenerator: per(selfCpuMs(), before.gen),
        },
      };
      console.log(`  ${caseName.padEnd(6)} ${role.padEnd(6)} ${m.mode.padEnd(13)} ${load.reqPerSec.toFixed(0)} req/s, ` +
        `p50 ${load.p50.toFixed(1)} ms, p99 ${load.p99.toFixed(1)} ms${failures(m) ? `, ${failures(m)} FAILED` : ''}`);
      return m;
    };

    // Other work on the machine takes cores from the three parties measured here: say so next to the numbers.
    const loadBefore = os.loadavg()[0];
    if (loadBefore > os.cpus().length / 2) {
      console.log(`!!! machine busy before the bench (load average ${loadBefore.toFixed(2)}): expect noisy numbers`);
    }
    console.log(`load: ${CONNECTIONS} connections, ${warmupSeconds} s warm-up + ${measureSeconds} s measured per run`);
    const measurements: Measurement[] = [];
    for (const c of CASES) {
      measurements.push(await measure(c.name, 'strata'));
      measurements.push(await measure(c.name, 'raw'));
    }
    for (const c of CASES) {
      measurements.push(await measure(c.name, 'strata', { perSecond: FIXED_RATE, paced: true }));
      measurements.push(await measure(c.name, 'strata', { perSecond: FIXED_RATE, paced: false }));
    }

    const verdicts: Verdict[] = [];
    for (const c of CASES) {
      const s = measurements.find((m) => m.case === c.name && m.server === 'strata' && m.mode === 'max')!;
      const r = measurements.find((m) => m.case === c.name && m.server === 'raw')!;
      const ratio = s.load.reqPerSec / r.load.reqPerSec;
      // With all three parties CPU-bound on the same cores, req/s ratios track the inverse ratio of total CPU per
      // request; that one moves less when other work shares the machine, so it is reported beside.
      const cpu = (m: Measurement) => m.cpuPerRequest.server + m.cpuPerRequest.postgres + m.cpuPerRequest.loadGenerator;
      verdicts.push({
        case: c.name, mode: 'max', target: `>= ${c.minRatio.toFixed(2)} x raw`, value: ratio.toFixed(2), pass: ratio >= c.minRatio,
        cpuRatio: cpu(r) / cpu(s),
      });
      // Judged paced: the target is about a steady 300 req/s; the burst run is reported beside it (see load.ts).
      const f = measurements.find((m) => m.case === c.name && m.mode === `${FIXED_RATE}/s paced`)!;
      verdicts.push({ case: c.name, mode: f.mode, target: `p99 < ${MAX_P99_MS} ms`, value: f.load.p99.toFixed(1), pass: f.load.p99 < MAX_P99_MS });
    }

    const cpus = os.cpus();
    console.log(
      `\nread suite: ${CUSTOMERS} customers, ${ORDERS} orders; ${cpus.length} CPUs (${cpus[0]?.model.trim()}) shared by the ` +
        `load generator, the server under test and PostgreSQL; node ${process.version}; ` +
        `1-min load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after`,
    );
    printReport(measurements, verdicts);
    console.log(
      `"${FIXED_RATE}/s burst" is autocannon's overallRate as is: ${CONNECTIONS} connections each send their quota back to back\n` +
        `at the top of every second, so the server sees ${FIXED_RATE} requests ${CONNECTIONS} at a time, then silence. ` +
        `"paced" spreads the same rate over the second.\n`,
    );
    const file = writeJson('read', {
      suite: 'read',
      at: new Date().toISOString(),
      machine: {
        cpus: cpus.length, model: cpus[0]?.model, node: process.version, memoryMb: Math.round(os.totalmem() / 2 ** 20),
        loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg()[0],
      },
      data: { customers: CUSTOMERS, orders: ORDERS, sampledIds: ids.length, templateBuildMs: templateMs },
      load: { connections: CONNECTIONS, warmupSeconds, measureSeconds, fixedRate: FIXED_RATE },
      cases: CASES,
      measurements,
      verdicts,
    });
    console.log(`results: ${path.relative(process.cwd(), file)}`);
    return measurements.some((m) => failures(m) > 0) ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}

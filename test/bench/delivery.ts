import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import postgres from 'postgres';
import WebSocket from 'ws';
import { createApiKey } from '../../src/auth/keys';
import { sources } from '../../src/ingestion/source.table';
import { createSegment } from '../../src/segments/segments';
import { startServer, type Server } from './children';
import { cpuMs } from './cpu';
import { createMigratedDatabase, dropDatabase } from './data';
import { codeVersion, table, writeJson } from './report';

/**
 * The delivery suite (issue 6 §4): real-time delivery of the segment-membership change log over WebSocket.
 *
 * A fresh migrated database, a Strata server as a child process, BENCH_SEGMENTS segments (segment k: trait
 * `bucket` EQ "b<k>") and BENCH_CUSTOMERS customers spread over them (ingested before the measurement). Then
 * BENCH_SUBSCRIBERS graphql-ws clients over loopback, subscriber i on segment i mod BENCH_SEGMENTS (and
 * BENCH_SEGMENTS_PER_SUBSCRIBER - 1 more), each subscribing with `after` = the newest cursor before the load, so the
 * set each must receive is exactly the log's entries of its segments after that cursor. Load: every 50 ms a POST
 * /v1/batch of identify messages, each moving one customer to another bucket (one EXITED + one ENTERED), at
 * BENCH_RATE moves/s for BENCH_SECONDS; a customer is never in two batches in flight at once.
 *
 * Latency of a delivery = its receipt by the subscriber − the return of the ingest response of the message that caused
 * it (matched by `causedBy.messageId`); negative when the change arrived before the HTTP response. Beside it, in the
 * same run, the bare PostgreSQL NOTIFY → postgres.js LISTEN latency (from issuing the NOTIFY to receipt).
 * Every subscriber's stream is checked against the log read from the database afterwards: lost, duplicate,
 * out-of-order and unexpected deliveries.
 *
 * Env: BENCH_SUBSCRIBERS (1000), BENCH_SEGMENTS (100), BENCH_SECONDS (30), BENCH_RATE (200 moves/s),
 * BENCH_CUSTOMERS (5000), BENCH_SEGMENTS_PER_SUBSCRIBER (1), BENCH_NOTIFY_RATE (50/s), BENCH_KEEP_DB=1.
 */
const RUN_DB = 'strata_bench_delivery_run';
const TICK_MS = 50;
const TARGET_P99_MS = 100;
const PING_CHANNEL = 'strata_bench_ping';
const WINDOW_S = 5;

function count(name: string, fallback: number, min = 1): number {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
  return value;
}

const quantile = (xs: readonly number[], q: number) => {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

interface Move {
  messageId: string;
  customer: number;
  from: number;
  to: number;
  /** performance.now() when the ingest response returned. */
  respondedAt?: number;
}

interface Received {
  cursor: number;
  segmentId: string;
  customerId: string;
  change: string;
  messageId: string | null;
  at: number;
}

const CHANGES = `subscription ($segmentIds: [ID!], $after: String) {
  segmentMembershipChanged(segmentIds: $segmentIds, after: $after) { cursor segmentId customerId change causedBy { messageId } }
}`;

export async function deliverySuite(): Promise<number> {
  const subscriberCount = count('BENCH_SUBSCRIBERS', 1000);
  const segmentCount = count('BENCH_SEGMENTS', 100, 2);
  const seconds = count('BENCH_SECONDS', 30);
  const rate = count('BENCH_RATE', 200);
  const customerCount = count('BENCH_CUSTOMERS', 5000, 2);
  const perSubscriber = Math.min(segmentCount, count('BENCH_SEGMENTS_PER_SUBSCRIBER', 1));
  const notifyRate = count('BENCH_NOTIFY_RATE', 50);
  const keepDb = process.env.BENCH_KEEP_DB === '1';
  const code = codeVersion();

  const created = Date.now();
  const { url, setup } = await createMigratedDatabase(RUN_DB, async (database) => {
    const [source] = await database.db.insert(sources).values({ name: 'bench-web', kind: 'web' }).returning({ id: sources.id });
    const key = await createApiKey(database.db, {
      name: 'bench delivery key', scopes: ['subscribe', 'segments:read', 'segments:write', 'ingest:write'], sourceId: source.id,
    });
    const segmentIds: string[] = [];
    for (let k = 0; k < segmentCount; k++) {
      const s = await createSegment(database, { timeZone: 'UTC' }, {
        name: `bench bucket ${k}`, description: '', definition: { trait: { key: 'bucket', operator: 'EQ', value: `b${k}` } },
      });
      segmentIds.push(s!.id);
    }
    return { key: key.secret, segmentIds };
  });
  console.log(`database: ${RUN_DB} created and migrated, ${segmentCount} segments in ${Date.now() - created} ms`);

  const db = postgres(url, { max: 2, onnotice: () => {}, connection: { application_name: 'strata-bench-delivery' } });
  let server: Server | null = null;
  const clients: Client[] = [];
  let cleaned: Promise<void> | null = null;
  const cleanup = () =>
    (cleaned ??= (async () => {
      await Promise.allSettled(clients.map((c) => c.dispose()));
      await server?.stop().catch(() => {});
      await db.end({ timeout: 2 }).catch(() => {});
      if (keepDb) console.log(`kept ${RUN_DB} (BENCH_KEEP_DB=1)`);
      else await dropDatabase(RUN_DB).catch((err) => console.error(`could not drop ${RUN_DB}: ${err}`));
    })());
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const serverErrors: string[] = [];
    server = await startServer('strata', path.join(path.resolve(__dirname, '../..'), 'src/main.js'), {
      DATABASE_URL: url, LOG_LEVEL: 'error', BUSINESS_TIMEZONE: 'UTC', SEGMENT_SWEEP_INTERVAL_SECONDS: '0',
      STRATA_ADMIN_KEY: randomBytes(24).toString('base64url'),
    }, { nodeArgs: (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), onOutput: (t) => serverErrors.length < 20 && t.trim() && !/is ready in/.test(t) && serverErrors.push(t.trim().slice(0, 500)) });
    const batchUrl = `${server.url}/v1/batch`;
    const headers = { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${setup.key}:`).toString('base64')}` };
    let msgSeq = 0;
    const identify = (customer: number, bucket: number) => ({
      type: 'identify', messageId: `bench-${++msgSeq}`, userId: `bench-user-${customer}`, traits: { bucket: `b${bucket}` },
      timestamp: new Date().toISOString(),
    });
    const post = async (batch: Record<string, unknown>[]) => {
      const res = await fetch(batchUrl, { method: 'POST', headers, body: JSON.stringify({ batch }) });
      const at = performance.now();
      const text = await res.text();
      if (res.status !== 200) throw new Error(`POST /v1/batch answered ${res.status}: ${text.slice(0, 300)}`);
      return at;
    };

    // ---- population: every customer in a bucket, before anyone listens -------------------------------------------
    const bucketOf = new Int32Array(customerCount);
    const populated = Date.now();
    for (let i = 0; i < customerCount; i += 100) {
      const batch: Record<string, unknown>[] = [];
      for (let c = i; c < Math.min(customerCount, i + 100); c++) {
        bucketOf[c] = c % segmentCount;
        batch.push(identify(c, bucketOf[c]));
      }
      await post(batch);
    }
    await db`vacuum analyze`;
    console.log(`population: ${customerCount} customers in ${segmentCount} buckets in ${Date.now() - populated} ms (then VACUUM ANALYZE)`);
    const [{ c: startCursor }] = await db<{ c: string }[]>`select coalesce(max(cursor), 0)::text as c from segment_membership_changes`;

    // ---- subscribers ---------------------------------------------------------------------------------------------
    const wsUrl = `${server.url.replace(/^http/, 'ws')}/graphql`;
    const streams: { segments: string[]; items: Received[]; errors: string[]; ended: boolean }[] = [];
    let connected = 0;
    let delivered = 0;
    for (let i = 0; i < subscriberCount; i++) {
      const segments = [...new Set(Array.from({ length: perSubscriber }, (_, j) => setup.segmentIds[(i + j * 37) % segmentCount]))];
      const stream = { segments, items: [] as Received[], errors: [] as string[], ended: false };
      streams.push(stream);
      const client = createClient({
        url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true,
        connectionParams: { authorization: `Bearer ${setup.key}` },
        on: { connected: () => connected++ },
      });
      clients.push(client);
      client.subscribe<{ segmentMembershipChanged: { cursor: string; segmentId: string; customerId: string; change: string; causedBy: { messageId: string } | null } }>(
        { query: CHANGES, variables: { segmentIds: segments, after: startCursor } },
        {
          next: (r) => {
            const at = performance.now();
            if (r.errors || !r.data) return void stream.errors.push(JSON.stringify(r.errors).slice(0, 300));
            const c = r.data.segmentMembershipChanged;
            delivered++;
            stream.items.push({ cursor: Number(c.cursor), segmentId: c.segmentId, customerId: c.customerId, change: c.change, messageId: c.causedBy?.messageId ?? null, at });
          },
          error: (e) => {
            stream.ended = true;
            const ev = e as { code?: number; reason?: string; message?: string };
            stream.errors.push(ev.code !== undefined ? `close ${ev.code} ${ev.reason ?? ''}` : String(ev.message ?? e));
          },
          complete: () => (stream.ended = true),
        },
      );
      // Do not open a thousand sockets in one burst.
      if (i % 50 === 49) await sleep(20);
    }
    const deadline = Date.now() + 60_000;
    while (connected < subscriberCount && Date.now() < deadline && !streams.some((s) => s.ended)) await sleep(50);
    if (connected < subscriberCount) {
      const first = streams.find((s) => s.errors.length);
      throw new Error(`only ${connected} of ${subscriberCount} subscribers connected${first ? `: ${first.errors[0]}` : ''}`);
    }
    await sleep(1000); // the subscribe messages after connection_ack, and the (empty) replays
    console.log(`subscribers: ${subscriberCount} connected, ${perSubscriber} segment(s) each, after cursor ${startCursor}`);

    // ---- bare NOTIFY → LISTEN, in the same run ------------------------------------------------------------------
    const listener = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'strata-bench-listen' } });
    const notifier = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'strata-bench-notify' } });
    const pingLatencies: number[] = [];
    const pingSent = new Map<string, number>();
    await listener.listen(PING_CHANNEL, (payload) => {
      const sent = pingSent.get(payload);
      if (sent !== undefined) pingLatencies.push(performance.now() - sent);
    });
    let pingSeq = 0;
    let pingFailures = 0;
    const pinger = setInterval(() => {
      const id = String(++pingSeq);
      pingSent.set(id, performance.now());
      notifier.notify(PING_CHANNEL, id).catch(() => pingFailures++);
    }, 1000 / notifyRate);

    // ---- load ---------------------------------------------------------------------------------------------------
    const moves = new Map<string, Move>();
    const busy = new Set<number>();
    const batchMs: number[] = [];
    let failedBatches = 0;
    const failSamples: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    let skippedBusy = 0;
    const rss: number[] = [];
    const serverPid = server.pid;
    const rssBefore = rssKb(serverPid);
    const sampler = setInterval(() => rss.push(rssKb(serverPid)), 250);
    const loadBefore = os.loadavg();
    const cpuBefore = process.cpuUsage();
    const backends = async () => (await db<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${RUN_DB} and application_name = 'strata'`).map((r) => r.pid);
    const pgBefore = new Map((await backends()).map((pid) => [pid, cpuMs(pid)]));
    const serverCpuBefore = cpuMs(serverPid);
    const started = performance.now();
    const end = started + seconds * 1000;
    let sent = 0;
    const pending: Promise<void>[] = [];
    let nextTick = started;
    while (performance.now() < end) {
      const due = Math.floor(((performance.now() - started) / 1000) * rate) + Math.round(rate * TICK_MS / 1000);
      const want = Math.min(due - sent, customerCount);
      const batch: Record<string, unknown>[] = [];
      const batchMoves: Move[] = [];
      for (let n = 0, tries = 0; n < want && tries < want * 20; tries++) {
        const c = Math.floor(Math.random() * customerCount);
        if (busy.has(c)) {
          skippedBusy++;
          continue;
        }
        busy.add(c);
        const from = bucketOf[c];
        const to = (from + 1 + Math.floor(Math.random() * (segmentCount - 1))) % segmentCount;
        bucketOf[c] = to;
        const message = identify(c, to);
        const move: Move = { messageId: message.messageId, customer: c, from, to };
        moves.set(move.messageId, move);
        batch.push(message);
        batchMoves.push(move);
        n++;
      }
      sent += batch.length;
      if (batch.length) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const t0 = performance.now();
        pending.push(
          post(batch)
            .then((at) => {
              batchMs.push(at - t0);
              for (const m of batchMoves) m.respondedAt = at;
            })
            .catch((err) => {
              failedBatches++;
              if (failSamples.length < 3) failSamples.push(String(err).slice(0, 300));
              // A failed batch: its moves' changes may or may not exist; the log decides below.
            })
            .finally(() => {
              inFlight--;
              for (const m of batchMoves) busy.delete(m.customer);
            }),
        );
      }
      nextTick += TICK_MS;
      await sleep(Math.max(0, nextTick - performance.now()));
    }
    const sendSeconds = (performance.now() - started) / 1000;
    await Promise.all(pending);
    const loadSeconds = (performance.now() - started) / 1000;
    const deliveredAtEnd = delivered;
    const serverCpu = cpuMs(serverPid) - serverCpuBefore;
    const pgCpu = [...new Set([...pgBefore.keys(), ...(await backends())])].reduce((n, pid) => n + Math.max(0, cpuMs(pid) - (pgBefore.get(pid) ?? 0)), 0);
    clearInterval(pinger);

    // ---- drain: wait until every subscriber has what the log holds for its segments --------------------------
    type LogRow = { cursor: string; segment_id: string; customer_id: string; change: string; message_id: string | null };
    const log: LogRow[] = await db<LogRow[]>`
      select cursor::text, segment_id, customer_id, change, caused_by_message_id as message_id
      from segment_membership_changes where cursor > ${startCursor} order by cursor`;
    const bySegment = new Map<string, LogRow[]>();
    for (const r of log) {
      const list = bySegment.get(r.segment_id) ?? [];
      list.push(r);
      bySegment.set(r.segment_id, list);
    }
    const expectedDeliveries = streams.reduce((n, s) => n + s.segments.reduce((m, id) => m + (bySegment.get(id)?.length ?? 0), 0), 0);
    const drainStart = performance.now();
    let lastCount = -1;
    let stableSince = performance.now();
    while (delivered < expectedDeliveries && performance.now() - drainStart < 30_000) {
      if (delivered !== lastCount) (lastCount = delivered), (stableSince = performance.now());
      else if (performance.now() - stableSince > 10_000) break;
      await sleep(100);
    }
    const drainMs = performance.now() - drainStart;
    clearInterval(sampler);
    const cpuUsed = process.cpuUsage(cpuBefore);
    const loadAfter = os.loadavg();
    await sleep(200);
    await Promise.allSettled([listener.end({ timeout: 2 }), notifier.end({ timeout: 2 })]);

    // ---- correctness ----------------------------------------------------------------------------------------------
    let lost = 0;
    let duplicates = 0;
    let outOfOrder = 0;
    let unexpected = 0;
    let closed = 0;
    const closeReasons = new Map<string, number>();
    const latencies: number[] = [];
    /** Latencies by WINDOW_S-second window of the load (by receipt time): a tail spread evenly or a few stalls. */
    const windows: number[][] = [];
    let unmatched = 0;
    for (const s of streams) {
      if (s.ended) closed++;
      for (const e of s.errors) closeReasons.set(e, (closeReasons.get(e) ?? 0) + 1);
      const want = new Set<number>();
      for (const id of s.segments) for (const r of bySegment.get(id) ?? []) want.add(Number(r.cursor));
      const seen = new Set<number>();
      let last = -Infinity;
      for (const it of s.items) {
        if (seen.has(it.cursor)) duplicates++;
        else if (!want.has(it.cursor)) unexpected++;
        if (it.cursor <= last) outOfOrder++;
        last = Math.max(last, it.cursor);
        seen.add(it.cursor);
        const move = it.messageId ? moves.get(it.messageId) : undefined;
        if (move?.respondedAt !== undefined) {
          latencies.push(it.at - move.respondedAt);
          ((windows[Math.max(0, Math.floor((it.at - started) / 1000 / WINDOW_S))] ??= [])).push(it.at - move.respondedAt);
        } else unmatched++;
      }
      for (const c of want) if (!seen.has(c)) lost++;
    }
    // The log itself against the moves: one EXITED(from) and one ENTERED(to) per move.
    const segIndex = new Map(setup.segmentIds.map((id, k) => [id, k]));
    let logMismatch = 0;
    const logByMessage = new Map<string, string[]>();
    for (const r of log) {
      if (!r.message_id) continue;
      const list = logByMessage.get(r.message_id) ?? [];
      list.push(`${r.change}:${segIndex.get(r.segment_id)}`);
      logByMessage.set(r.message_id, list);
    }
    for (const m of moves.values()) {
      const got = (logByMessage.get(m.messageId) ?? []).sort().join(',');
      if (got !== [`ENTERED:${m.to}`, `EXITED:${m.from}`].sort().join(',')) logMismatch++;
    }
    const otherLog = log.filter((r) => !r.message_id || !moves.has(r.message_id)).length;

    const deliveriesPerSec = deliveredAtEnd / loadSeconds;
    const p50 = quantile(latencies, 0.5);
    const p99 = quantile(latencies, 0.99);
    const pingP50 = quantile(pingLatencies, 0.5);
    const pingP99 = quantile(pingLatencies, 0.99);
    const negative = latencies.filter((l) => l < 0).length;
    const mb = (kb: number) => f(kb / 1024, 0);
    const rssOk = rss.filter(Number.isFinite);
    const healthy = !failedBatches && !lost && !duplicates && !outOfOrder && !unexpected && !closed;

    const cpus = os.cpus();
    console.log(
      `\ndelivery suite on ${code}: ${subscriberCount} subscribers (${perSubscriber} segment(s) each) over ${segmentCount} segments, ` +
        `${customerCount} customers, ${rate} moves/s for ${seconds} s; ${cpus.length} CPUs (${cpus[0]?.model.trim()}) shared by the load ` +
        `generator + all clients (one process), the server and PostgreSQL; node ${process.version}\n` +
        `load average (1/5/15 min) before ${loadBefore.map((l) => l.toFixed(2)).join('/')}, after ${loadAfter.map((l) => l.toFixed(2)).join('/')}\n`,
    );
    const rows = [
      ['moves ingested (identify, one bucket change each)', `${sent} sent in ${f(sendSeconds)} s = ${f(sent / sendSeconds, 0)}/s; last response at ${f(loadSeconds)} s`, ''],
      ['ingest batches: p50 / p99 response ms, max in flight, failed', `${f(quantile(batchMs, 0.5))} / ${f(quantile(batchMs, 0.99))}, ${maxInFlight}, ${failedBatches}`, ''],
      ['change-log entries after the start cursor', `${log.length} (${otherLog} not from a move; ${logMismatch} moves without exactly EXITED+ENTERED)`, ''],
      ['deliveries until the last ingest response', `${deliveredAtEnd} in ${f(loadSeconds)} s = ${f(deliveriesPerSec, 0)}/s`, ''],
      ['deliveries total (after drain of ' + f(drainMs / 1000, 1) + ' s) / expected', `${delivered} / ${expectedDeliveries}`, ''],
      ['latency ingest response → receipt, p50 / p99 ms', `${f(p50)} / ${f(p99)}  (${latencies.length} samples, ${negative} negative, ${unmatched} unmatched)`, `p99 < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? 'PASS' : 'MISS'}`],
      ['bare PostgreSQL NOTIFY → LISTEN, p50 / p99 ms', `${f(pingP50)} / ${f(pingP99)}  (${pingLatencies.length} of ${pingSeq} at ${notifyRate}/s, ${pingFailures} failed)`, ''],
      ['server RSS before / peak / end, MB', `${mb(rssBefore)} / ${mb(Math.max(...rssOk))} / ${mb(rssOk.at(-1) ?? NaN)}`, ''],
      ['lost / duplicate / out of order / unexpected deliveries', `${lost} / ${duplicates} / ${outOfOrder} / ${unexpected}`, lost + duplicates + outOfOrder + unexpected ? 'FAIL' : 'OK'],
      ['subscriptions closed or errored', `${closed}${closeReasons.size ? ': ' + [...closeReasons].slice(0, 3).map(([r, n]) => `${n}× ${r}`).join('; ') : ''}`, ''],
      ['CPU during the load, s: server / its PostgreSQL backends / bench process (load + clients, incl. drain)',
        `${f(serverCpu / 1000)} / ${f(pgCpu / 1000)} / ${f((cpuUsed.user + cpuUsed.system) / 1e6)}  (of ${f(loadSeconds)} s wall, ${cpus.length} cores)`, ''],
    ];
    console.log(table(['what', 'value', 'verdict'], rows, () => false));
    const byWindow = [...windows.entries()].filter(([, xs]) => xs?.length).map(([i, xs]) => `${i * WINDOW_S}-${(i + 1) * WINDOW_S} s: ${f(quantile(xs, 0.5))} / ${f(quantile(xs, 0.99))} / ${f(xs.reduce((m, x) => Math.max(m, x), -Infinity))}`);
    console.log(`\nlatency p50 / p99 / max ms by ${WINDOW_S} s window of receipt: ${byWindow.join('; ')}`);
    if (failSamples.length) console.log(`\nfailed batches: ${failSamples.join('\n  ')}`);
    if (serverErrors.length) console.log(`\nserver output (first lines): ${serverErrors.slice(0, 5).join('\n  ')}`);
    const report = {
      code, subscriberCount, segmentCount, customerCount, perSubscriber, rate, seconds, sent, sendSeconds, loadSeconds, deliveredAtEnd, delivered,
      expectedDeliveries, deliveriesPerSec, latency: { p50, p99, samples: latencies.length, negative, unmatched, byWindow },
      cpuMs: { server: serverCpu, postgres: pgCpu }, notify: { p50: pingP50, p99: pingP99, samples: pingLatencies.length }, rssKb: { before: rssBefore, samples: rssOk },
      lost, duplicates, outOfOrder, unexpected, closed, failedBatches, logEntries: log.length, logMismatch, otherLog, loadBefore, loadAfter,
      pass: p99 < TARGET_P99_MS,
    };
    console.log(`\nwrote ${writeJson('delivery', report)}`);
    return healthy ? 0 : 1;
  } finally {
    await cleanup();
  }
}

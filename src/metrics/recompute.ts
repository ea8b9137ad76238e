import type { Database } from '../db/client';
import type { ProfileChangeListener } from '../profiles/profileChanged';
import { clock } from '../shared/clock';
import { describeError, type Logger } from '../shared/log';
import { countLiveCustomers, deleteOrphanMetrics, liveCustomerIds, readSweepState, refreshCutPoints, scoreCustomers } from './metrics.repo';
import { sweepReason, type SweepReason } from './schedule';
import type { MetricsSettings } from './settings';

/** Profiles per scoring statement in a full run: bounds PGlite's memory (the whole database lives in the process). */
export const RECOMPUTE_CHUNK = 5000;

/**
 * Keeps the computed fields fresh on write, in the writer's transaction, with the stored cut points. Registered after
 * the order counters. Every cause but a trait change can move a field: orders, refunds and merges move RFM and the
 * lifecycle, events the AIPL stage, feedback loyalty; merged-away and erased profiles lose their row.
 */
export function metricsListener(settings: MetricsSettings): ProfileChangeListener {
  return async (tx, changes) => {
    const ids = [...changes].filter(([, causes]) => [...causes].some((c) => c !== 'TRAIT')).map(([id]) => id);
    await scoreCustomers(tx, settings, ids, { now: clock.now() });
  };
}

export interface RecomputeResult {
  scored: number;
  removed: number;
  buyers: number;
}

/**
 * Fresh cut points, then every live profile re-scored as of `now`, chunk by chunk (one statement each, outside any
 * transaction so a large database is not one huge one). `guard` is the sweep's protection against overwriting a row
 * that a concurrent write scored after the chunk began; manual runs overwrite.
 */
export async function recomputeAll(
  database: Database,
  settings: MetricsSettings,
  now: Date,
  options: { onProgress?: (done: number, total: number) => void; guarded?: boolean; signal?: AbortSignal } = {},
): Promise<RecomputeResult> {
  const db = database.db;
  const cuts = await refreshCutPoints(db, settings, now);
  const total = await countLiveCustomers(database);
  options.onProgress?.(0, total);
  let done = 0;
  let scored = 0;
  let after: string | null = null;
  // An aborted run (shutdown) leaves rows computed before today: the next sweep finds them and runs again.
  while (!options.signal?.aborted) {
    const ids = await liveCustomerIds(database, after, RECOMPUTE_CHUNK);
    if (!ids.length) break;
    const guard = options.guarded ? clock.now() : null;
    scored += (await scoreCustomers(db, settings, ids, { now, guard })).scored;
    done += ids.length;
    after = ids[ids.length - 1];
    options.onProgress?.(Math.min(done, total), total);
  }
  const removed = await deleteOrphanMetrics(db);
  return { scored, removed, buyers: cuts.buyers };
}

/** Arbitrary constant shared by every Strata process: only one of them sweeps at a time. */
const SWEEP_LOCK_KEY = 0x5354_5253; // "STRS"

export type SweepResult = { ran: false; reason: 'LOCKED' | 'UP_TO_DATE' } | ({ ran: true; reason: SweepReason } & RecomputeResult);

/**
 * One sweep: if stored rows can have gone stale (a new business day, unscored profiles, drifted quantiles), a
 * guarded full run. On PostgreSQL under a session advisory lock taken with pg_try_advisory_lock on a reserved
 * connection, so of several servers one sweeps and the others skip; PGlite is one process (its data dir is locked).
 */
export async function runMetricsSweep(
  database: Database,
  settings: MetricsSettings,
  now: Date = clock.now(),
  signal?: AbortSignal,
): Promise<SweepResult> {
  const sweep = async (): Promise<SweepResult> => {
    const state = await readSweepState(database, settings, now);
    const reason = sweepReason({ ...state, windowDays: settings.rfmWindowDays });
    if (!reason) return { ran: false, reason: 'UP_TO_DATE' };
    return { ran: true, reason, ...(await recomputeAll(database, settings, now, { guarded: true, signal })) };
  };
  if (database.raw.kind === 'pglite') return sweep();
  const lock = await database.raw.sql.reserve();
  try {
    const [{ locked }] = await lock`select pg_try_advisory_lock(${SWEEP_LOCK_KEY}) as locked`;
    if (!locked) return { ran: false, reason: 'LOCKED' };
    try {
      return await sweep();
    } finally {
      await lock`select pg_advisory_unlock(${SWEEP_LOCK_KEY})`;
    }
  } finally {
    lock.release();
  }
}

export interface MetricsSweeper {
  /** Stop scheduling, let a running sweep finish its current chunk, and wait for it (the database is closed after this). */
  stop(): Promise<void>;
}

/** Run the sweep now and then every `sweepIntervalSeconds` (0: never). Failures are logged and retried next time. */
export function startMetricsSweep(database: Database, settings: MetricsSettings, log: Logger): MetricsSweeper {
  let stopped = settings.sweepIntervalSeconds === 0;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const abort = new AbortController();
  const tick = () => {
    timer = null;
    running = (async () => {
      const started = Date.now();
      try {
        const result = await runMetricsSweep(database, settings, clock.now(), abort.signal);
        if (result.ran) log.info('metrics sweep', { reason: result.reason, scored: result.scored, removed: result.removed, buyers: result.buyers, ms: Date.now() - started });
      } catch (err) {
        log.error('metrics sweep failed', { error: describeError(err) });
      }
    })().finally(() => {
      running = null;
      if (!stopped) timer = setTimeout(tick, settings.sweepIntervalSeconds * 1000).unref();
    });
  };
  if (!stopped) timer = setTimeout(tick, 0).unref();
  return {
    async stop() {
      stopped = true;
      abort.abort();
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

import { sessionShare, withSessions, type Database, type Db } from '../db/client';
import type { ProfileChangeListener } from '../profiles/profileChanged';
import { clock } from '../shared/clock';
import { settleAll } from '../shared/settle';
import { runExclusively } from '../db/exclusive';
import type { Logger } from '../shared/log';
import { startPeriodicJob, type PeriodicJob } from '../shared/periodic';
import { deleteOrphanMetrics, readSweepState, scoreCustomers } from './metrics.repo';
import { sweepReason, type SweepReason } from './schedule';
import { idRanges } from './idRanges';
import { modelColumnsJson } from './model.repo';
import { createModelScorerCache, currentModelScorer, scoreModels } from './modelScoring';
import {
  dropAbandonedStages,
  dropStage,
  scoreStagedChunk,
  stageAllValues,
  stagedSummaries,
  storeLtvDecileCuts,
  storeStagedCutPoints,
  type Stage,
} from './scoring.repo';
import type { MetricsSettings } from './settings';

/**
 * Profiles written per transaction in a full run (about that many rows of the staging table's pages): a write that
 * scores one of them waits for at most one chunk's statement (about 0.2 s on the bench machine), never for the whole run.
 */
export const RECOMPUTE_CHUNK = 10_000;

/**
 * Keeps the computed fields fresh on write, in the writer's transaction, with the stored cut points. Registered after
 * the order counters. Every cause but a trait change can move a field: orders, refunds and merges move RFM and the
 * lifecycle, events the AIPL stage, feedback loyalty; merged-away and erased profiles lose their row.
 */
export function metricsListener(settings: MetricsSettings): ProfileChangeListener {
  // The current fit, read once a minute and not per write (and at once after a refit in this process).
  const scorers = createModelScorerCache(settings);
  return async (tx, changes) => {
    const ids = [...changes].filter(([, causes]) => [...causes].some((c) => c !== 'TRAIT')).map(([id]) => id);
    const now = clock.now();
    // Churn / LTV model columns first: the lifecycle rule of the scoring statement reads p_alive.
    await scoreModels(tx, scorers, ids, now);
    await scoreCustomers(tx, settings, ids, { now });
  };
}

export interface RecomputeResult {
  scored: number;
  removed: number;
  buyers: number;
  /** Wall-clock milliseconds of each phase, for operators and the bench: where a run's time goes. */
  phases: RecomputePhases;
}

export interface RecomputePhases {
  /** Every live profile's values in one statement (orders, refunds, events, feedback), staged. */
  values: number;
  /** RFM cut points over the staged buyers. */
  cutPoints: number;
  /** Scoring and writing the chunks (with the churn / LTV model columns when a fit exists). */
  writes: number;
  /** Predicted-LTV deciles (runs with a fit only). */
  ltvDeciles: number;
  /** Removing the rows of profiles merged away or erased meanwhile. */
  orphans: number;
}

/**
 * Every live profile re-scored as of `now`. Set-based (scoring.repo.ts), on `settings.recomputeConnections`
 * connections at once (fewer when the pool is small; one on PGlite), each owning an equal range of ids: each stages
 * its range's values (one statement, one pass over each table), then one takes the cut points over every stage, then
 * each writes its rows a chunk at a time, each chunk one statement and its own transaction (RFM, lifecycle, AIPL and
 * the churn / LTV model columns together, the lifecycle rule reading the fresh P(alive)). On two cores the values pass,
 * a sort of every order by profile, takes about half as long split in two; the writes overlap the model maths in TS.
 * `guarded` (sweeps) leaves alone rows that a concurrent write scored after the values were read; manual runs
 * overwrite.
 */
export async function recomputeAll(
  database: Database,
  settings: MetricsSettings,
  now: Date,
  options: {
    onProgress?: (done: number, total: number) => void;
    guarded?: boolean;
    signal?: AbortSignal;
    /** Profiles per chunk (tests force several chunks on little data). */
    chunk?: number;
    /** Connections to work on (default settings.recomputeConnections). */
    connections?: number;
  } = {},
): Promise<RecomputeResult> {
  const db = database.db;
  // The current churn / LTV fit, read once (null before the first fit: the model columns are then left alone).
  const scorer = await currentModelScorer(db, settings);
  const phases: RecomputePhases = { values: 0, cutPoints: 0, writes: 0, ltvDeciles: 0, orphans: 0 };
  let mark = performance.now();
  const lap = (phase: keyof RecomputePhases) => {
    const at = performance.now();
    phases[phase] += at - mark;
    mark = at;
  };
  const connections = sessionShare(database, options.connections ?? settings.recomputeConnections);
  const ranges = connections === 1 ? [null] : idRanges(connections);
  const { scored, buyers } = await withSessions(database, ranges.length, async (qs) => {
    // Before the values are read: a row computed later saw at least as much data.
    const guard = options.guarded ? clock.now() : null;
    try {
      await dropAbandonedStages(qs[0]);
      const stages = await settleAll(qs.map((q, k) => stageAllValues(q, settings, now, ranges[k])));
      lap('values');
      const cuts = await storeStagedCutPoints(qs[0], settings, now, stages);
      lap('cutPoints');
      const total = stages.reduce((n, st) => n + st.rows, 0);
      options.onProgress?.(0, total);
      let written = 0;
      // A connection whose chunk failed stops the others at their next chunk.
      let failed = false;
      const writeStage = async (q: Db, stage: Stage) => {
        const pagesPerChunk = Math.max(1, Math.ceil((stage.pages * (options.chunk ?? RECOMPUTE_CHUNK)) / Math.max(1, stage.rows)));
        const chunks: [number, number][] = [];
        for (let from = 0; from < stage.pages; from += pagesPerChunk) chunks.push([from, Math.min(stage.pages, from + pagesPerChunk)]);
        // The model columns of a chunk (the CLV sums run here, in TS) are computed while PostgreSQL writes the one
        // before: its summaries are read ahead, before that write, on the same connection.
        const modelsOf = async (i: number) =>
          scorer && i < chunks.length ? modelColumnsJson(scorer.columnsOf(await stagedSummaries(q, stage, ...chunks[i]))) : null;
        let next = await modelsOf(0);
        // An aborted run (shutdown) leaves rows computed before today: the next sweep finds them and runs again.
        for (let i = 0; i < chunks.length && !options.signal?.aborted && !failed; i++) {
          const [from, to] = chunks[i];
          const ahead = modelsOf(i + 1);
          const writing = scoreStagedChunk(q, settings, stage, from, to, { now, guard, models: next });
          const [models, n] = await Promise.allSettled([ahead, writing]);
          if (models.status === 'rejected' || n.status === 'rejected') {
            failed = true;
            throw n.status === 'rejected' ? n.reason : (models as PromiseRejectedResult).reason;
          }
          next = models.value;
          written += n.value;
          options.onProgress?.(Math.min(total, written), total);
        }
      };
      await settleAll(qs.map((q, k) => writeStage(q, stages[k])));
      options.onProgress?.(total, total);
      // The deciles over the predictions just written (only with a fit: none are written without one). An aborted
      // run keeps the previous ones: its rows are re-scored by the next sweep.
      lap('writes');
      if (scorer && !options.signal?.aborted) await storeLtvDecileCuts(qs[0], now);
      lap('ltvDeciles');
      return { scored: written, buyers: cuts.buyers };
    } finally {
      await Promise.allSettled(qs.map((q) => dropStage(q)));
    }
  });
  // After the chunks: a profile merged away while they ran may have had its row written by one of them.
  const removed = await deleteOrphanMetrics(db);
  lap('orphans');
  return { scored, removed, buyers, phases };
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
  const run = await runExclusively(database, SWEEP_LOCK_KEY, sweep);
  return run.ran ? run.value : { ran: false, reason: 'LOCKED' };
}

/** Run the sweep now and then every `sweepIntervalSeconds` (0: never). Failures are logged and retried next time. */
export function startMetricsSweep(database: Database, settings: MetricsSettings, log: Logger): PeriodicJob {
  return startPeriodicJob('metrics sweep', settings.sweepIntervalSeconds, log, async (signal) => {
    const started = Date.now();
    const result = await runMetricsSweep(database, settings, clock.now(), signal);
    if (result.ran) log.info('metrics sweep', { reason: result.reason, scored: result.scored, removed: result.removed, buyers: result.buyers, ms: Date.now() - started });
  });
}

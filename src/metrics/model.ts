/**
 * The churn / LTV model use cases (issue 4 §3): refit (read every buyer's summary, fit BG/NBD, MBG/NBD and
 * Gamma-Gamma, store, re-score everyone), the holdout backtest, and the scheduled refit.
 */
import { sessionShare, withSessions, type Database, type Queryable } from '../db/client';
import { idRanges } from './idRanges';
import { badInput } from '../graphql/errors';
import { clock } from '../shared/clock';
import { settleAll } from '../shared/settle';
import { runExclusively } from '../db/exclusive';
import type { Logger } from '../shared/log';
import { startPeriodicJob, type PeriodicJob } from '../shared/periodic';
import { countLiveCustomers } from './metrics.repo';
import { countBuyers, dropStagedCalibration, insertFit, readCurrentFit, readStagedCalibration, stageCalibration, stageStoredCalibration } from './model.repo';
import {
  backtestTally,
  DAYS_PER_UNIT,
  fitModels,
  refitReason,
  type BacktestGroupTally,
  type BacktestTally,
  type FittedModels,
  type ModelFit,
  type ModelTimeUnit,
  type RefitReason,
  type SummaryColumns,
} from './predict';
import { modelFitStored } from './modelScoring';
import { recomputeAll } from './recompute';
import type { MetricsSettings } from './settings';

/** Buyers per read of the staged summaries when reading every buyer: a few MB of rows at a time, whatever the size. */
export const SUMMARY_CHUNK = 20_000;

const DAY_MS = 86_400_000;

/** A computation from every order runs on a full re-score's connections. */
const splitOver = (settings: MetricsSettings) => ({ connections: settings.recomputeConnections });

/** Days since the epoch of the calendar day `at` falls on in `timezone`. */
export function localDayNumber(at: Date, timezone: string): number {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(at)
    .split('-')
    .map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export interface CalibrationData {
  /** Buyers with a first purchase by the calibration end. */
  customers: number;
  columns: SummaryColumns;
  /** Distinct purchase days in the holdout, when one was asked for. */
  holdout: Float64Array;
}

/**
 * Every buyer's summary as of `asOf`'s local day, in `unit`, staged in a session's temporary table — taken from the
 * summaries stored with the model columns when they are exact for asOf (model.repo.ts stageStoredCalibration: the
 * daily refit of a scored database), else computed set-based from every order (stageCalibration: the first fit, a
 * calibration end in the past, a backtest), on `connections` connections at once, each staging the buyers of one range
 * of ids (its share of the sort) — then read chunk by chunk into typed arrays: eight bytes per number, so a million
 * buyers cost 40 MB here, never a million row objects at once. The buyers' order in the arrays does not matter: the
 * fits group them. `useStored: false` forces the computation.
 */
export async function readCalibration(
  database: Database,
  timezone: string,
  asOf: Date,
  unit: ModelTimeUnit,
  holdoutEnd?: Date,
  options: { useStored?: boolean; connections?: number } = {},
): Promise<CalibrationData & { fromStored: boolean }> {
  let capacity = Math.max(16, await countLiveCustomers(database));
  let x = new Float64Array(capacity);
  let tx = new Float64Array(capacity);
  let T = new Float64Array(capacity);
  let zbar = new Float64Array(capacity);
  let holdout = new Float64Array(holdoutEnd ? capacity : 0);
  const grow = (a: Float64Array) => {
    const b = new Float64Array(capacity);
    b.set(a);
    return b;
  };
  const days = DAYS_PER_UNIT[unit];
  let n = 0;
  // Appends the staged rows of this connection; connections reading at once interleave by whole chunks.
  const readStage = async (q: Queryable, stage: { rows: number; pages: number }) => {
    const pagesPerChunk = Math.max(1, Math.ceil((stage.pages * SUMMARY_CHUNK) / Math.max(1, stage.rows)));
    for (let from = 0; from < stage.pages; from += pagesPerChunk) {
      const chunk = await readStagedCalibration(q, from, Math.min(stage.pages, from + pagesPerChunk));
      for (let i = 0; i < chunk.x.length; i++) {
        if (n === capacity) {
          // Profiles created since the count: rare, so doubling is fine.
          capacity *= 2;
          [x, tx, T, zbar] = [grow(x), grow(tx), grow(T), grow(zbar)];
          if (holdoutEnd) holdout = grow(holdout);
        }
        const xi = chunk.x[i];
        x[n] = xi;
        tx[n] = chunk.t_x[i] / days;
        T[n] = chunk.t[i] / days;
        zbar[n] = xi > 0 ? chunk.repeat_spend[i]! / xi : 0;
        if (holdoutEnd) holdout[n] = chunk.holdout[i] ?? 0;
        n++;
      }
    }
  };
  // A holdout needs the purchase days after asOf, which no stored summary has.
  const fromStored =
    !holdoutEnd &&
    options.useStored !== false &&
    (await database.session(async (q) => {
      try {
        const stored = await stageStoredCalibration(q, { timezone, asOf });
        if (stored) await readStage(q, stored);
        return stored !== null;
      } finally {
        await dropStagedCalibration(q);
      }
    }));
  if (!fromStored) {
    const connections = sessionShare(database, options.connections ?? 1);
    const ranges = connections === 1 ? [null] : idRanges(connections);
    await withSessions(database, connections, (qs) =>
      settleAll(
        qs.map(async (q, k) => {
          try {
            await readStage(q, await stageCalibration(q, { timezone, asOf, holdoutEnd, range: ranges[k] }));
          } finally {
            await dropStagedCalibration(q);
          }
        }),
      ),
    );
  }
  return {
    customers: n,
    columns: { x: x.subarray(0, n), tx: tx.subarray(0, n), T: T.subarray(0, n), zbar: zbar.subarray(0, n) },
    holdout: holdout.subarray(0, holdoutEnd ? n : 0),
    fromStored,
  };
}

/**
 * Fit the three models on the purchases up to `asOf`'s local day and store the fit, then re-score every profile as of
 * `now` with it (model columns, then RFM and lifecycle, which reads P(alive)) before returning.
 */
export async function refitModels(
  database: Database,
  settings: MetricsSettings,
  asOf: Date,
  now: Date,
  options: { guarded?: boolean; signal?: AbortSignal } = {},
): Promise<ModelFit> {
  // A later calibration end would age every customer by days that have not happened yet.
  if (asOf.getTime() > now.getTime()) throw badInput('asOf', 'asOf must not be in the future');
  const { timeUnit, churnModel } = settings.model;
  const started = performance.now();
  const data = await readCalibration(database, settings.timezone, asOf, timeUnit, undefined, splitOver(settings));
  if (data.customers === 0) throw badInput('asOf', 'no customer had ordered by asOf: there is nothing to fit the models on');
  const read = performance.now();
  const fits: FittedModels = fitModels(data.columns);
  const fitMs = performance.now() - read;
  const fit = await insertFit(database.db, {
    ...fits,
    fittedAt: now,
    calibrationEnd: asOf,
    timeUnit,
    churnModel,
    timezone: settings.timezone,
    readMs: read - started,
    fitMs,
    summariesFrom: data.fromStored ? 'STORED' : 'ORDERS',
  });
  // This process's write paths score with it from now on (other processes within FIT_CACHE_TTL_MS).
  modelFitStored();
  await recomputeAll(database, settings, now, options);
  return fit;
}

export interface ModelBacktestResult {
  calibrationEnd: Date;
  holdoutEnd: Date;
  timeUnit: ModelTimeUnit;
  /** Holdout length in the time unit: whole local days after the calibration end's day up to the holdout end's. */
  holdoutLength: number;
  fits: FittedModels;
  total: BacktestTally;
  groups: BacktestGroupTally[];
}

/**
 * Fit on the calibration period only, then compare each model's expected repeat purchases over the holdout with the
 * distinct purchase days that happened there (FHL 2005 §4): in total and by calibration frequency. Nothing is stored.
 */
export async function backtestModels(
  database: Database,
  settings: MetricsSettings,
  calibrationEnd: Date,
  holdoutEnd: Date,
): Promise<ModelBacktestResult> {
  const holdoutDays = localDayNumber(holdoutEnd, settings.timezone) - localDayNumber(calibrationEnd, settings.timezone);
  if (holdoutDays <= 0) throw badInput('holdoutEnd', `holdoutEnd must fall on a later day than calibrationEnd (in ${settings.timezone})`);
  // A holdout that has not ended yet would compare predictions for all of it with the purchases of its first part.
  if (localDayNumber(holdoutEnd, settings.timezone) > localDayNumber(clock.now(), settings.timezone)) {
    throw badInput('holdoutEnd', `holdoutEnd must not fall after today (in ${settings.timezone}): the holdout's purchases have not all happened yet`);
  }
  const { timeUnit } = settings.model;
  const data = await readCalibration(database, settings.timezone, calibrationEnd, timeUnit, holdoutEnd, splitOver(settings));
  if (data.customers === 0) throw badInput('calibrationEnd', 'no customer had ordered by calibrationEnd: there is nothing to fit the models on');
  const fits = fitModels(data.columns);
  const holdoutLength = holdoutDays / DAYS_PER_UNIT[timeUnit];
  const tally = backtestTally({ ...data.columns, holdout: data.holdout }, fits, holdoutLength);
  return { calibrationEnd, holdoutEnd, timeUnit, holdoutLength, fits, ...tally };
}

// ---- scheduled refit ---------------------------------------------------------------------------------------------

/** Arbitrary constant shared by every Strata process: only one of them refits at a time ("STRM"). */
const REFIT_LOCK_KEY = 0x5354_524d;

/** How often a server checks whether a refit is due (the interval itself is MODEL_REFIT_INTERVAL_HOURS). */
export const REFIT_CHECK_MS = 3_600_000;

export type RefitRun = { ran: false; reason: 'LOCKED' | 'UP_TO_DATE' } | { ran: true; reason: RefitReason; fit: ModelFit };

/**
 * One scheduled check: refit on everything up to now (then a guarded full re-score, as the sweep runs it) when no fit
 * exists, the latest is older than the interval, or the time unit or churn model setting changed; and only with at
 * least MODEL_MIN_BUYERS buyers. Under pg_try_advisory_lock on PostgreSQL, as the sweep: of several servers one refits.
 */
export async function refitModelsIfDue(
  database: Database,
  settings: MetricsSettings,
  now: Date = clock.now(),
  signal?: AbortSignal,
): Promise<RefitRun> {
  const run = async (): Promise<RefitRun> => {
    const latest = await readCurrentFit(database);
    const reason = refitReason({ latest, buyers: await countBuyers(database), now, settings: settings.model });
    if (!reason) return { ran: false, reason: 'UP_TO_DATE' };
    return { ran: true, reason, fit: await refitModels(database, settings, now, now, { guarded: true, signal }) };
  };
  const exclusive = await runExclusively(database, REFIT_LOCK_KEY, run);
  return exclusive.ran ? exclusive.value : { ran: false, reason: 'LOCKED' };
}

/** Check at start and every REFIT_CHECK_MS; nothing when MODEL_REFIT_INTERVAL_HOURS is 0. Failures are logged. */
export function startModelRefits(database: Database, settings: MetricsSettings, log: Logger): PeriodicJob {
  const checkSeconds = settings.model.refitIntervalHours === 0 ? 0 : REFIT_CHECK_MS / 1000;
  return startPeriodicJob('model refit', checkSeconds, log, async (signal) => {
    const started = Date.now();
    const result = await refitModelsIfDue(database, settings, clock.now(), signal);
    if (result.ran) log.info('model refit', { reason: result.reason, fitId: result.fit.id, ms: Date.now() - started });
  });
}

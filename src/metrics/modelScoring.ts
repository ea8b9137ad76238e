import type { Queryable } from '../db/client';
import { readCurrentFit, readSummaries, writeModelColumns, type ModelColumns, type SummaryRow } from './model.repo';
import { createPredictor, type ModelFit } from './predict';
import type { MetricsSettings } from './settings';

/**
 * Writes the churn / LTV model columns (p_alive … predicted_ltv_12m, the day summary) of some profiles with one fit:
 * summaries in one statement, the maths in TS (predict.ts), the write-back in one statement. It runs before the RFM
 * statement on the same profiles, whose lifecycle rule reads p_alive. A scorer lives for one full run (or one write),
 * so profiles that share a summary share the CLV evaluation.
 */
export interface ModelScorer {
  fit: ModelFit;
  /** Profiles written (buyers scored, non-buyers' model columns cleared). */
  score(q: Queryable, ids: readonly string[], options: { now: Date; guard?: Date | null }): Promise<number>;
  /**
   * The model columns of summaries already read, unwritten: a full run takes the summaries from its staged values and
   * writes the columns in its own chunk statement (scoring.repo.ts), one write per row.
   */
  columnsOf(summaries: readonly SummaryRow[]): ModelColumns[];
}

export function createModelScorer(fit: ModelFit, settings: MetricsSettings): ModelScorer {
  const predict = createPredictor(fit, { medium: settings.model.bandMedium, high: settings.model.bandHigh });
  const scorer: ModelScorer = {
    fit,
    async score(q, ids, { now, guard = null }) {
      if (!ids.length) return 0;
      const summaries = await readSummaries(q, { ids }, { timezone: settings.timezone, asOf: now, mode: 'SCORE' });
      return writeModelColumns(q, scorer.columnsOf(summaries), now, guard);
    },
    columnsOf(summaries) {
      return summaries.map((r) => {
        if (r.x === null) return { customerId: r.customer_id, summary: null, prediction: null };
        const summary = { x: r.x, txDays: r.t_x!, TDays: r.t!, repeatSpend: r.repeat_spend ?? 0 };
        return { customerId: r.customer_id, summary, prediction: predict(summary, r.x > 0 ? summary.repeatSpend / r.x : 0) };
      });
    },
  };
  return scorer;
}

/** The current fit's scorer, or null before the first fit (the model columns then stay null). */
export async function currentModelScorer(q: Queryable, settings: MetricsSettings): Promise<ModelScorer | null> {
  const fit = await readCurrentFit(q);
  return fit ? createModelScorer(fit, settings) : null;
}

/**
 * How long a write path trusts the fit it read before looking again: how late another process's refit reaches this
 * one's writes at most. A refit in this process reaches them at once (modelFitStored).
 */
export const FIT_CACHE_TTL_MS = 60_000;

/** Fits stored by this process so far: every cache compares it with the count it last read at. */
let fitsStored = 0;

/** Called by whoever stores a fit in this process (model.ts refitModels), after it committed: every cache re-reads. */
export function modelFitStored(): void {
  fitsStored++;
}

/**
 * The current fit's scorer for the write path, read once and kept (model_fits is read again after FIT_CACHE_TTL_MS,
 * or at once after a fit stored by this process); the parsed fit and its predictor are reused while the fit's id is
 * the same. One per database (metricsListener): a cache never answers for another database.
 */
export type ModelScorerCache = (q: Queryable) => Promise<ModelScorer | null>;

export function createModelScorerCache(settings: MetricsSettings, ttlMs = FIT_CACHE_TTL_MS): ModelScorerCache {
  let cached: { scorer: ModelScorer | null; stored: number; readAt: number } | null = null;
  return async (q) => {
    const at = performance.now();
    if (cached && cached.stored === fitsStored && at - cached.readAt < ttlMs) return cached.scorer;
    // Counted before the read: a fit stored while it runs is read again next time.
    const stored = fitsStored;
    const fit = await readCurrentFit(q);
    const scorer = !fit ? null : cached?.scorer?.fit.id === fit.id ? cached.scorer : createModelScorer(fit, settings);
    cached = { scorer, stored, readAt: at };
    return scorer;
  };
}

/**
 * On write: the changed profiles' model columns, in the writer's transaction, before their RFM / lifecycle row, with
 * the fit of `scorers` (the write path's cache).
 */
export async function scoreModels(q: Queryable, scorers: ModelScorerCache, ids: readonly string[], now: Date): Promise<number> {
  if (!ids.length) return 0;
  const scorer = await scorers(q);
  return scorer ? scorer.score(q, ids, { now }) : 0;
}

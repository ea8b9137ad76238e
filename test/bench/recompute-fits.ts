import { SEED_MODEL_PARAMS } from '../../seeds/params';
import { fitBgNbd } from '../../src/metrics/models/bgnbd';
import { fitGammaGamma } from '../../src/metrics/models/gammaGamma';
import { groupRecencyFrequency, groupRepeatSpend } from '../../src/metrics/models/groups';
import { fitMbgNbd } from '../../src/metrics/models/mbgnbd';
import { summarizeTransactions } from '../../src/metrics/models/summary';
import { simulateTransactionLog } from '../unit/metrics/models/simulate';

/**
 * Wall-clock time of the three model fits alone (issue 4 §6: "model fits under 10 s"), over buyers simulated from the
 * seeds' documented parameters (the exact BG/NBD + Gamma-Gamma process, so the fit also shows it recovers them).
 * Grouping and fitting are timed apart from simulating and summarising, which a real run does in SQL.
 */
export interface FitTiming {
  customers: number;
  transactions: number;
  simulateMs: number;
  summarizeMs: number;
  groupMs: number;
  fits: { model: string; ms: number; converged: boolean; evaluations: number; logLikelihood: number; params: Record<string, number> }[];
  /** Grouping plus the three fits. */
  totalMs: number;
  truth: typeof SEED_MODEL_PARAMS;
}

export function timeModelFits(customers: number, seed = 42): FitTiming {
  const asOf = new Date('2026-11-23T00:00:00Z');
  const lap = (() => {
    let t = performance.now();
    return () => {
      const now = performance.now();
      const ms = now - t;
      t = now;
      return ms;
    };
  })();
  const log = simulateTransactionLog(customers, seed, SEED_MODEL_PARAMS, asOf);
  const simulateMs = lap();
  const summaries = summarizeTransactions(log, { calibrationEnd: asOf, timeUnit: 'DAYS' });
  const summarizeMs = lap();
  const groups = groupRecencyFrequency(summaries);
  const spend = groupRepeatSpend(summaries);
  const groupMs = lap();
  const fits: FitTiming['fits'] = [];
  for (const [model, fit] of [['BG/NBD', fitBgNbd], ['MBG/NBD', fitMbgNbd]] as const) {
    const r = fit(groups);
    fits.push({ model, ms: lap(), converged: r.converged, evaluations: r.evaluations, logLikelihood: r.logLikelihood, params: { ...r.params } });
  }
  const gg = fitGammaGamma(spend);
  fits.push({ model: 'Gamma-Gamma', ms: lap(), converged: gg.converged, evaluations: gg.evaluations, logLikelihood: gg.logLikelihood, params: { ...gg.params } });
  return {
    customers,
    transactions: log.at.length,
    simulateMs,
    summarizeMs,
    groupMs,
    fits,
    totalMs: groupMs + fits.reduce((s, f) => s + f.ms, 0),
    truth: SEED_MODEL_PARAMS,
  };
}

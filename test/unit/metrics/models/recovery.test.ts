import { SEED_MODEL_PARAMS } from '../../../../seeds/params';
import { fitBgNbd } from '../../../../src/metrics/models/bgnbd';
import { fitGammaGamma } from '../../../../src/metrics/models/gammaGamma';
import { groupRecencyFrequency, groupRepeatSpend } from '../../../../src/metrics/models/groups';
import { summarizeTransactions } from '../../../../src/metrics/models/summary';
import { simulateTransactionLog } from './simulate';

/**
 * Parameter recovery on the demo seeder's own process: 20,000 buyers (seeds/README.md: below ~10,000 the a-b and
 * p-γ ridges let single parameters stray past 20 %), through the same summary a real log goes through. Merging
 * same-day purchases into calendar days costs the heaviest buyers a few purchases and moves α up by about 6 %.
 */
describe('parameter recovery from simulated BG/NBD + Gamma-Gamma buyers (days)', () => {
  const asOf = new Date('2026-11-23T00:00:00Z');
  const summaries = summarizeTransactions(simulateTransactionLog(20_000, 42, SEED_MODEL_PARAMS, asOf), {
    calibrationEnd: asOf,
    timeUnit: 'DAYS',
  });

  it.each(Object.entries(fitBgNbd(groupRecencyFrequency(summaries)).params))('BG/NBD %s within ±20 %', (key, value) => {
    const truth = SEED_MODEL_PARAMS.bgnbd[key as keyof typeof SEED_MODEL_PARAMS.bgnbd];
    expect(Math.abs(value / truth - 1)).toBeLessThan(0.2);
  });

  it.each(Object.entries(fitGammaGamma(groupRepeatSpend(summaries)).params))('Gamma-Gamma %s within ±20 %', (key, value) => {
    const truth = SEED_MODEL_PARAMS.gammaGamma[key as keyof typeof SEED_MODEL_PARAMS.gammaGamma];
    expect(Math.abs(value / truth - 1)).toBeLessThan(0.2);
  });

  it('screens starts on a subsample above 2,000 customers and lands on the same optimum as a full multi-start', () => {
    const groups = groupRecencyFrequency(summaries);
    const screened = fitBgNbd(groups, { screeningCustomers: 2_000 });
    const full = fitBgNbd(groups, { screeningCustomers: Infinity });
    expect(screened.converged && full.converged).toBe(true);
    expect(screened.logLikelihood).toBeCloseTo(full.logLikelihood, 4);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) expect(screened.params[key] / full.params[key]).toBeCloseTo(1, 4);
  });
});

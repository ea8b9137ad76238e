import fs from 'node:fs';
import path from 'node:path';
import { fitBgNbd } from '../../../../src/metrics/models/bgnbd';
import { fitGammaGamma } from '../../../../src/metrics/models/gammaGamma';
import { groupRecencyFrequency, groupRepeatSpend, type RecencyFrequencyGroups, type SpendGroups } from '../../../../src/metrics/models/groups';
import { summarizeTransactions } from '../../../../src/metrics/models/summary';
import { CALIBRATION_END, readCdnowLog, SHARED_CDNOW } from './cdnow';

const master = path.join(SHARED_CDNOW, 'CDNOW_master.txt');
const describeWithMaster = fs.existsSync(master) ? describe : describe.skip;

/**
 * The full cohort (23,570 customers) that the published sample is a 1/10 systematic draw of: large enough that the
 * BG/NBD starts are screened on a subsample, and a check that the estimates are a property of the cohort.
 */
describeWithMaster('CDNOW master file, weeks 1-39 (skipped when shared/data is absent)', () => {
  let transactions: RecencyFrequencyGroups;
  let spend: SpendGroups;
  beforeAll(() => {
    const summaries = summarizeTransactions(readCdnowLog(master), { calibrationEnd: CALIBRATION_END, timeUnit: 'WEEKS' });
    transactions = groupRecencyFrequency(summaries);
    spend = groupRepeatSpend(summaries);
  });

  it("fits BG/NBD with screened starts to the same optimum as unscreened, within 20 % of the sample's estimates", () => {
    const screened = fitBgNbd(transactions);
    const full = fitBgNbd(transactions, { screeningCustomers: Infinity });
    expect(screened.converged).toBe(true);
    expect(screened.logLikelihood).toBeCloseTo(full.logLikelihood, 4);
    const sample = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    for (const key of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(screened.params[key] / sample[key] - 1)).toBeLessThan(0.2);
  });

  it("drops the one repeat buyer with zero spend and fits Gamma-Gamma within 10 % of the sample's estimates", () => {
    expect(spend.excluded).toBe(1);
    const fit = fitGammaGamma(spend);
    expect(fit.converged).toBe(true);
    const sample = { p: 6.25, q: 3.74, gamma: 15.44 };
    for (const key of ['p', 'q', 'gamma'] as const) expect(Math.abs(fit.params[key] / sample[key] - 1)).toBeLessThan(0.1);
  });
});

import { transactionObjective } from '../../../../src/metrics/models/bgFamily';
import { bgnbdExpectedPurchases } from '../../../../src/metrics/models/bgnbd';
import { groupRecencyFrequency } from '../../../../src/metrics/models/groups';
import {
  fitMbgNbd,
  mbgnbdConditionalExpectedPurchases,
  mbgnbdCustomerLogLikelihood,
  mbgnbdExpectedPurchases,
  mbgnbdLogLikelihood,
  mbgnbdPAlive,
} from '../../../../src/metrics/models/mbgnbd';
import { cdnowCalibration, cdnowCsvSummaries, expectSignificant, FIRST_TEN, readReferenceValues } from './cdnow';

const reference = readReferenceValues();

describe('MBG/NBD fit on CDNOW, weeks 1-39', () => {
  it('recovers the BTYDplus estimates r 0.525, α 6.183, a 0.891, b 1.614 from the raw transaction log', () => {
    const fit = fitMbgNbd(groupRecencyFrequency(cdnowCalibration()));
    expect(fit.converged).toBe(true);
    expectSignificant(fit.params.r, 0.525, 3);
    expectSignificant(fit.params.alpha, 6.183, 3);
    expectSignificant(fit.params.a, 0.891, 3);
    expectSignificant(fit.params.b, 1.614, 3);
    // Reference refit on the shipped summary: −9582.1327; the raw log's unrounded times move it by 0.003.
    expect(fit.logLikelihood).toBeCloseTo(-9582.13, 1);
  });

  it('has an analytic gradient that matches central differences', () => {
    const objective = transactionObjective('MBGNBD', groupRecencyFrequency(cdnowCalibration()));
    const theta = Float64Array.of(-0.6, 1.8, -0.1, 0.5);
    const gradient = new Float64Array(4);
    objective(theta, gradient);
    for (let i = 0; i < 4; i++) {
      const h = 1e-6;
      const up = Float64Array.from(theta);
      const down = Float64Array.from(theta);
      up[i] += h;
      down[i] -= h;
      const scratch = new Float64Array(4);
      const numeric = (objective(up, scratch) - objective(down, scratch)) / (2 * h);
      expect(Math.abs(gradient[i] - numeric)).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
    }
  });

  it('sums over groups to the per-customer values', () => {
    const params = { r: 0.5, alpha: 6, a: 0.9, b: 1.6 };
    const data = { x: [0, 0, 3, 1], tx: [0, 0, 20, 2], T: [30, 31, 30, 5] };
    const total = data.x.reduce((sum, x, i) => sum + mbgnbdCustomerLogLikelihood(params, x, data.tx[i], data.T[i]), 0);
    expect(mbgnbdLogLikelihood(params, groupRecencyFrequency(data))).toBeCloseTo(total, 10);
  });
});

describe('MBG/NBD predictions at the MLE of the shipped summary', () => {
  const summaries = cdnowCsvSummaries();
  const params = fitMbgNbd(groupRecencyFrequency(summaries)).params;

  it('P(alive) of customers 1-10, below 1 for one-time buyers too', () => {
    const pAlive = FIRST_TEN.map((i) => mbgnbdPAlive(params, summaries.x[i], summaries.tx[i], summaries.T[i]));
    pAlive.forEach((p, k) => expect(p).toBeCloseTo(reference.mbgnbd.first10_p_alive_mle[k], 4));
    expect(pAlive[2]).toBeCloseTo(0.3897, 4);
  });

  it("E[Y(39) | 2, 30.43, 38.86] = 1.2627, within lifetimes' 0.05 of the BG/NBD value 1.226", () => {
    const expected = mbgnbdConditionalExpectedPurchases(params, 2, 30.43, 38.86, 39);
    expect(expected).toBeCloseTo(1.2627, 3);
    expect(Math.abs(expected - 1.226)).toBeLessThan(0.05);
  });

  it('E[X(t)] is 0 at t = 0, increasing, and close to BG/NBD on CDNOW', () => {
    expect(mbgnbdExpectedPurchases(params, 0)).toBe(0);
    const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    let previous = 0;
    for (const t of [1, 13, 39, 78]) {
      const value = mbgnbdExpectedPurchases(params, t);
      expect(value).toBeGreaterThan(previous);
      expect(Math.abs(value - bgnbdExpectedPurchases(bg, t)) / value).toBeLessThan(0.05);
      previous = value;
    }
  });
});

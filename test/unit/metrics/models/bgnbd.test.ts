import {
  bgnbdConditionalExpectedPurchases,
  bgnbdCustomerLogLikelihood,
  bgnbdExpectedPurchases,
  bgnbdLogLikelihood,
  bgnbdPAlive,
  bgnbdProbabilityOfPurchases,
  fitBgNbd,
  type BgNbdParams,
} from '../../../../src/metrics/models/bgnbd';
import { transactionObjective } from '../../../../src/metrics/models/bgFamily';
import { groupRecencyFrequency } from '../../../../src/metrics/models/groups';
import { cdnowCalibration, cdnowCsvSummaries, expectSignificant, FIRST_TEN, readReferenceValues } from './cdnow';

/** The published CDNOW estimates (FHL 2005; R BTYD manual). */
const PUBLISHED: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const reference = readReferenceValues();

describe('BG/NBD log-likelihood (FHL 2005 Eq. 6, Hardie note 027)', () => {
  const params = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };

  it.each([
    [0, 0, 40, -0.59947382, 1e-8],
    // x = 200 is the case whose A3 and A4 under- and overflow in the Excel form: log-sum-exp keeps it finite.
    [200, 38, 40, 100.7957, 1e-4],
  ])('x = %p, t_x = %p, T = %p gives %p', (x, tx, T, expected, tolerance) => {
    expect(Math.abs(bgnbdCustomerLogLikelihood(params, x, tx, T) - expected)).toBeLessThan(tolerance);
  });

  it('sums over groups to the per-customer values', () => {
    const data = { x: [0, 0, 2, 2, 5, 1], tx: [0, 0, 3.5, 3.5, 9, 1], T: [10, 10, 12, 12, 12, 4] };
    const total = data.x.reduce((sum, x, i) => sum + bgnbdCustomerLogLikelihood(params, x, data.tx[i], data.T[i]), 0);
    expect(bgnbdLogLikelihood(params, groupRecencyFrequency(data))).toBeCloseTo(total, 10);
  });

  it('has an analytic gradient that matches central differences', () => {
    const groups = groupRecencyFrequency(cdnowCalibration());
    const objective = transactionObjective('BGNBD', groups);
    const theta = Float64Array.of(-1.4, 1.5, -0.2, 0.9);
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
});

describe('BG/NBD fit on CDNOW, weeks 1-39 (FHL 2005)', () => {
  it('recovers the published r, α, a, b and LL from the raw transaction log', () => {
    const fit = fitBgNbd(groupRecencyFrequency(cdnowCalibration()));
    expect(fit.converged).toBe(true);
    expectSignificant(fit.params.r, 0.243, 3);
    expectSignificant(fit.params.alpha, 4.414, 3);
    expectSignificant(fit.params.a, 0.793, 3);
    expectSignificant(fit.params.b, 2.426, 3);
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
  });

  it('matches the reference refit on the shipped summary to six figures', () => {
    const { computed_mle: mle } = reference.bgnbd;
    const fit = fitBgNbd(groupRecencyFrequency(cdnowCsvSummaries()));
    for (const key of ['r', 'alpha', 'a', 'b'] as const) expectSignificant(fit.params[key], mle[key], 5);
    expect(fit.logLikelihood).toBeCloseTo(mle.LL, 3);
  });

  it('has LL −9582.43 at the published parameters', () => {
    expect(bgnbdLogLikelihood(PUBLISHED, groupRecencyFrequency(cdnowCsvSummaries()))).toBeCloseTo(-9582.4268, 3);
  });
});

describe('BG/NBD predictions', () => {
  it('E[Y(39) | x=2, t_x=30.43, T=38.86] = 1.226 at the published parameters (Hardie bgnbd.xls, note 004)', () => {
    expect(Math.abs(bgnbdConditionalExpectedPurchases(PUBLISHED, 2, 30.43, 38.86, 39) - 1.226)).toBeLessThan(0.001);
  });

  describe('at the MLE of the shipped summary', () => {
    const summaries = cdnowCsvSummaries();
    const params = fitBgNbd(groupRecencyFrequency(summaries)).params;

    it.each([
      [0.1429, 0.0078],
      [1, 0.0532],
      [3, 0.1506],
      [31.8571, 1.0405],
      [32, 1.0437],
      [78, 1.8576],
    ])('E[X(%p)] = %p (Hardie Excel via lifetimes, 3 decimals)', (t, expected) => {
      expect(bgnbdExpectedPurchases(params, t)).toBeCloseTo(expected, 3);
    });

    it('P(alive) of customers 1-10 (note 021)', () => {
      const pAlive = FIRST_TEN.map((i) => bgnbdPAlive(params, summaries.x[i], summaries.tx[i], summaries.T[i]));
      pAlive.forEach((p, k) => expect(p).toBeCloseTo(reference.bgnbd.first10_p_alive_mle[k], 4));
    });

    it('E[Y(39)] of customers 1-10 (Eq. 10)', () => {
      const expected = FIRST_TEN.map((i) => bgnbdConditionalExpectedPurchases(params, summaries.x[i], summaries.tx[i], summaries.T[i], 39));
      expected.forEach((e, k) => expect(e).toBeCloseTo(reference.bgnbd.first10_E_Y39_mle[k], 4));
    });
  });

  it('Σ E[Y(39)] = 1653.95 and mean P(alive) = 0.8134 over the 2,357 customers at the published parameters', () => {
    const s = cdnowCsvSummaries();
    let purchases = 0;
    let alive = 0;
    s.x.forEach((x, i) => {
      purchases += bgnbdConditionalExpectedPurchases(PUBLISHED, x, s.tx[i], s.T[i], 39);
      alive += bgnbdPAlive(PUBLISHED, x, s.tx[i], s.T[i]);
    });
    expect(purchases).toBeCloseTo(1653.95, 2);
    expect(alive / s.x.length).toBeCloseTo(0.8134, 4);
  });

  it('P(alive) is 1 without repeat purchases and 0.9686 for x=23, t_x=T=39 (R BTYD bgnbd.PAlive)', () => {
    expect(bgnbdPAlive(PUBLISHED, 0, 0, 39)).toBe(1);
    expect(bgnbdPAlive(PUBLISHED, 23, 39, 39)).toBeCloseTo(0.9686, 4);
  });

  it('falls with x at the same silence: the increasing-frequency paradox (MODELS.md §3.1)', () => {
    const pAlive = Array.from({ length: 16 }, (_, k) => bgnbdPAlive(PUBLISHED, 5 + k, 30, 39));
    pAlive.forEach((p, k) => expect(p).toBeCloseTo(reference.bgnbd.p_alive_x5to20_tx30_T39_published_params[k], 4));
  });

  it('P(alive) does not overflow for a heavy buyer gone quiet', () => {
    expect(bgnbdPAlive(PUBLISHED, 5000, 1, 1000)).toBe(0);
  });

  it.each([
    [2, 10, 1.07869e-7, 12],
    [39, 0, 0.5737864, 7],
    [30, 11, 0.0019995214, 10],
    [30, 12, 0.0015170236, 10],
    [30, 13, 0.001163315, 10],
    [30, 14, 0.0009003148, 10],
    [30, 15, 0.0007023638, 10],
    [30, 16, 0.0005517902, 10],
    [30, 17, 0.0004361913, 10],
    [30, 18, 0.0003467171, 10],
    [30, 19, 0.0002769613, 10],
    [30, 20, 0.000222226, 10],
  ])('P(X(%p) = %p) = %p to the printed %p decimals (Eq. 8; R BTYD manual)', (t, n, expected, decimals) => {
    expect(bgnbdProbabilityOfPurchases(PUBLISHED, t, n)).toBeCloseTo(expected, decimals);
  });

  it('P(X(t) = n) sums to 1 over n and has mean E[X(t)]', () => {
    let total = 0;
    let mean = 0;
    for (let n = 0; n < 400; n++) {
      const p = bgnbdProbabilityOfPurchases(PUBLISHED, 39, n);
      total += p;
      mean += n * p;
    }
    expect(total).toBeCloseTo(1, 6);
    expect(mean).toBeCloseTo(bgnbdExpectedPurchases(PUBLISHED, 39), 3);
  });

  it('E[Y(t)] grows with t, is 0 at t = 0 and stays finite far out (z → 1 in ₂F₁)', () => {
    const ts = [0, 1, 10, 100, 1e4, 1e7];
    const values = ts.map((t) => bgnbdConditionalExpectedPurchases(PUBLISHED, 3, 20, 39, t));
    expect(values[0]).toBe(0);
    for (let k = 1; k < values.length; k++) {
      expect(Number.isFinite(values[k])).toBe(true);
      expect(values[k]).toBeGreaterThan(values[k - 1]);
    }
  });

  it('rejects a non-count n', () => {
    expect(() => bgnbdProbabilityOfPurchases(PUBLISHED, 1, 1.5)).toThrow(RangeError);
  });
});

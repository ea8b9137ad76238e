import {
  fitGammaGamma,
  gammaGammaCustomerLogLikelihood,
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
  gammaGammaMeanSpend,
  gammaGammaObjective,
  type GammaGammaParams,
} from '../../../../src/metrics/models/gammaGamma';
import { groupRepeatSpend } from '../../../../src/metrics/models/groups';
import { cdnowCalibration, cdnowCsvSummaries, expectSignificant, FIRST_TEN, readReferenceValues } from './cdnow';

/** FHL 2005 JMR / note 025: the published CDNOW estimates. */
const PUBLISHED: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };
const reference = readReferenceValues();

describe('Gamma-Gamma log-likelihood (note 025 Eq. 1a)', () => {
  it("is −4.1702 for x = 50, zbar = 38 at the published parameters (not btyd's 862.94, MODELS.md §3.4)", () => {
    expect(gammaGammaCustomerLogLikelihood(PUBLISHED, 50, 38)).toBeCloseTo(-4.1702, 4);
  });

  it('sums to −4055.92 over the 946 repeat buyers at the published parameters', () => {
    expect(gammaGammaLogLikelihood(PUBLISHED, groupRepeatSpend(cdnowCsvSummaries()))).toBeCloseTo(-4055.9247, 3);
  });

  it('sums over groups to the per-customer values and skips non-buyers and zero spend', () => {
    const data = { x: [1, 1, 3, 0, 2, 4], zbar: [10, 10, 20.5, 0, 0, 7] };
    const groups = groupRepeatSpend(data);
    expect([groups.customers, groups.excluded, groups.weight.length]).toEqual([4, 1, 3]);
    const total = [0, 1, 2, 5].reduce((sum, i) => sum + gammaGammaCustomerLogLikelihood(PUBLISHED, data.x[i], data.zbar[i]), 0);
    expect(gammaGammaLogLikelihood(PUBLISHED, groups)).toBeCloseTo(total, 10);
  });

  it('has an analytic gradient in (ln p, ln(q−1), ln γ) that matches central differences', () => {
    const objective = gammaGammaObjective(groupRepeatSpend(cdnowCalibration()));
    const theta = Float64Array.of(1.5, 1, 2.7);
    const gradient = new Float64Array(3);
    objective(theta, gradient);
    for (let i = 0; i < 3; i++) {
      const h = 1e-6;
      const up = Float64Array.from(theta);
      const down = Float64Array.from(theta);
      up[i] += h;
      down[i] -= h;
      const scratch = new Float64Array(3);
      const numeric = (objective(up, scratch) - objective(down, scratch)) / (2 * h);
      expect(Math.abs(gradient[i] - numeric)).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
    }
  });
});

describe('Gamma-Gamma fit on the 946 CDNOW repeat buyers', () => {
  const fit = fitGammaGamma(groupRepeatSpend(cdnowCalibration()));

  it('recovers the published p 6.25, q 3.74, γ 15.44 from the raw transaction log', () => {
    expect(fit.converged).toBe(true);
    expectSignificant(fit.params.p, 6.25, 3);
    expectSignificant(fit.params.q, 3.74, 3);
    expectSignificant(fit.params.gamma, 15.44, 3);
    expect(fit.logLikelihood).toBeCloseTo(-4055.92, 1);
  });

  it("gives E(M) of customers 1-10 within 0.005 of Hardie's spreadsheet (note 025)", () => {
    const s = cdnowCalibration();
    FIRST_TEN.forEach((i, k) => {
      const spend = gammaGammaExpectedSpend(fit.params, s.x[i], s.zbar[i]);
      expect(Math.abs(spend - reference.gammagamma.first10_E_M_published_spreadsheet[k])).toBeLessThan(0.005);
    });
  });

  it('matches the reference refit on the shipped summary to six figures, E(M) to 4 decimals', () => {
    const s = cdnowCsvSummaries();
    const csvFit = fitGammaGamma(groupRepeatSpend(s));
    expectSignificant(csvFit.params.p, 6.248803, 5);
    expectSignificant(csvFit.params.q, 3.744588, 5);
    expectSignificant(csvFit.params.gamma, 15.447746, 5);
    expect(csvFit.logLikelihood).toBeCloseTo(-4055.9232, 3);
    FIRST_TEN.forEach((i, k) => {
      expect(gammaGammaExpectedSpend(csvFit.params, s.x[i], s.zbar[i])).toBeCloseTo(reference.gammagamma.first10_E_M_mle[k], 4);
    });
  });

  it('has population mean pγ/(q−1) = 35.22 at the published parameters, and E(M) equal to it for x = 0', () => {
    expect(gammaGammaMeanSpend(PUBLISHED)).toBeCloseTo(35.219, 3);
    expect(gammaGammaExpectedSpend(PUBLISHED, 0, 0)).toBe(gammaGammaMeanSpend(PUBLISHED));
  });

  it('needs q > 1 in a start', () => {
    expect(() => fitGammaGamma(groupRepeatSpend(cdnowCsvSummaries()), { starts: [{ p: 1, q: 0.5, gamma: 1 }] })).toThrow(RangeError);
  });

  it('refuses data without a repeat buyer', () => {
    expect(() => fitGammaGamma(groupRepeatSpend({ x: [0, 0], zbar: [0, 0] }))).toThrow(RangeError);
  });
});

import { customerLifetimeValue, customerLifetimeValues, DAYS_PER_MONTH, discountedPurchasesIfAlive, timeUnitsPerMonth } from '../../../../src/metrics/models/clv';
import { fitGammaGamma, gammaGammaExpectedSpend } from '../../../../src/metrics/models/gammaGamma';
import { groupRecencyFrequency, groupRepeatSpend } from '../../../../src/metrics/models/groups';
import { expectedPurchases, expectedPurchasesIfAlive, fitTransactionModel, pAlive } from '../../../../src/metrics/models/transactionModel';
import { cdnowCsvSummaries, FIRST_TEN, readReferenceValues } from './cdnow';

const reference = readReferenceValues();
const summaries = cdnowCsvSummaries();
const transactions = fitTransactionModel('BGNBD', groupRecencyFrequency(summaries)).params;
const spend = fitGammaGamma(groupRepeatSpend(summaries)).params;
const expectedSpend = FIRST_TEN.map((i) => gammaGammaExpectedSpend(spend, summaries.x[i], summaries.zbar[i]));

function clvOfFirstTen(unitsPerMonth: number): number[] {
  return FIRST_TEN.map((i) =>
    customerLifetimeValue('BGNBD', transactions, expectedSpend[i], summaries.x[i], summaries.tx[i], summaries.T[i], { unitsPerMonth }),
  );
}

describe('lifetimes-style discounted CLV on CDNOW (MODELS.md §2.5(a), §3.5)', () => {
  it('reproduces freq="W" (f = 4.345 weeks a month) for customers 1-10', () => {
    clvOfFirstTen(4.345).forEach((clv, k) => expect(clv).toBeCloseTo(reference.clv_lifetimes_style['first10_freqW_f4.345'][k], 3));
  });

  it("reproduces the Quickstart's freq='D' numbers (f = 30, i.e. 30 weeks a 'month' on weekly data)", () => {
    clvOfFirstTen(30).forEach((clv, k) => expect(clv).toBeCloseTo(reference.clv_lifetimes_style.first10_freqD_f30[k], 3));
  });

  it('with calendar months in weeks (30.4375/7) stays within 0.1 % of freq="W"', () => {
    expect(timeUnitsPerMonth('WEEKS')).toBeCloseTo(4.348214, 6);
    clvOfFirstTen(timeUnitsPerMonth('WEEKS')).forEach((clv, k) => {
      expect(Math.abs(clv / reference.clv_lifetimes_style['first10_freqW_f4.345'][k] - 1)).toBeLessThan(1e-3);
    });
  });

  it('computes every customer at once with E(M) from Gamma-Gamma', () => {
    const all = customerLifetimeValues('BGNBD', transactions, spend, summaries, { unitsPerMonth: 4.345 });
    expect(all).toHaveLength(2357);
    expect(Array.from(all.subarray(0, 10))).toEqual(clvOfFirstTen(4.345));
    // MODELS.md §3.5: mean 30.34 over all customers under freq="W".
    expect(all.reduce((sum, v) => sum + v, 0) / all.length).toBeCloseTo(30.34, 2);
  });
});

describe('CLV known-value checks (lifetimes tests/test_utils.py)', () => {
  const [x, tx, T, f, spendPerPurchase] = [3, 20, 39, timeUnitsPerMonth('DAYS') / 7, 40];
  const oneMonth = spendPerPurchase * expectedPurchases('BGNBD', transactions, x, tx, T, f);

  it.each([
    [1, 0, 1],
    [1, 1, 0.5],
  ])('months = %p, discount %p gives %p × E(M)·E[Y(f)]', (months, monthlyDiscountRate, factor) => {
    const clv = customerLifetimeValue('BGNBD', transactions, spendPerPurchase, x, tx, T, { months, monthlyDiscountRate, unitsPerMonth: f });
    expect(clv).toBeCloseTo(factor * oneMonth, 10);
  });

  it('months = 2, no discount, is E(M)·E[Y(2f)]: increments, not cumulative sums (lifetimes #27)', () => {
    const clv = customerLifetimeValue('BGNBD', transactions, spendPerPurchase, x, tx, T, { months: 2, monthlyDiscountRate: 0, unitsPerMonth: f });
    expect(clv).toBeCloseTo(spendPerPurchase * expectedPurchases('BGNBD', transactions, x, tx, T, 2 * f), 10);
  });

  it('works for MBG/NBD too and is 0 over no months', () => {
    const mbg = fitTransactionModel('MBGNBD', groupRecencyFrequency(summaries)).params;
    expect(customerLifetimeValue('MBGNBD', mbg, 30, 0, 0, 39, { unitsPerMonth: f })).toBeGreaterThan(0);
    expect(customerLifetimeValue('MBGNBD', mbg, 30, 0, 0, 39, { months: 0, unitsPerMonth: f })).toBe(0);
  });

  it.each([
    [{ months: 1.5, unitsPerMonth: 4 }],
    [{ months: -1, unitsPerMonth: 4 }],
    [{ unitsPerMonth: 0 }],
  ])('rejects %p', (options) => {
    expect(() => customerLifetimeValue('BGNBD', transactions, 1, 0, 0, 1, options)).toThrow(RangeError);
  });

  it('uses the mean month of a 365.25-day year', () => {
    expect(DAYS_PER_MONTH * 12).toBe(365.25);
    expect(timeUnitsPerMonth('DAYS')).toBe(30.4375);
  });
});

describe('the CLV sum factored as P(alive) × the sum for a customer known alive', () => {
  const mbg = fitTransactionModel('MBGNBD', groupRecencyFrequency(summaries)).params;
  const f = timeUnitsPerMonth('WEEKS');

  it.each(['BGNBD', 'MBGNBD'] as const)('%s: E[Y(t) | x, t_x, T] = P(alive) · E[Y(t) | x, T, alive], whatever t_x', (model) => {
    const params = model === 'BGNBD' ? transactions : mbg;
    for (const [x, T] of [[0, 39], [1, 30], [4, 38.5], [20, 25]]) {
      const ifAlive = expectedPurchasesIfAlive(model, params, x, T, 10);
      for (const tx of x === 0 ? [0] : [1, T / 2, T]) {
        expect(expectedPurchases(model, params, x, tx, T, 10)).toBeCloseTo(ifAlive * pAlive(model, params, x, tx, T), 12);
      }
    }
  });

  it.each(['BGNBD', 'MBGNBD'] as const)('%s: equals the month-by-month sum of conditional expectations (lifetimes)', (model) => {
    const params = model === 'BGNBD' ? transactions : mbg;
    for (const [x, tx, T] of [[0, 0, 39], [2, 20.5, 36], [7, 33, 38], [1, 2, 30]]) {
      let direct = 0;
      let before = 0;
      for (let k = 1; k <= 12; k++) {
        const upTo = expectedPurchases(model, params, x, tx, T, k * f);
        direct += (upTo - before) / 1.01 ** k;
        before = upTo;
      }
      const factored = customerLifetimeValue(model, params, 1, x, tx, T, { unitsPerMonth: f });
      expect(factored).toBeGreaterThan(0);
      expect(Math.abs(factored - direct) / direct).toBeLessThan(1e-12);
      expect(discountedPurchasesIfAlive(model, params, x, T, { unitsPerMonth: f }) * pAlive(model, params, x, tx, T)).toBeCloseTo(factored, 14);
    }
  });
});

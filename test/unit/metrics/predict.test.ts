import {
  customerLifetimeValue,
  expectedPurchases,
  gammaGammaExpectedSpend,
  gammaGammaMeanSpend,
  pAlive,
  timeUnitsPerMonth,
} from '../../../src/metrics/models';
import {
  backtestTally,
  createPredictor,
  expectedPurchasesWithin,
  fitModels,
  predictedLtv,
  refitReason,
  type ModelFit,
  type RefitInputs,
} from '../../../src/metrics/predict';
import { cdnowCalibration, expectSignificant } from './models/cdnow';

const bands = { medium: 0.5, high: 0.8 };
/** CDNOW's published BG/NBD, MBG/NBD and Gamma-Gamma parameters (weeks; MODELS.md §3). */
const weekly: ModelFit = {
  id: 'f',
  fittedAt: new Date('1997-10-01T00:00:00Z'),
  calibrationEnd: new Date('1997-09-30T00:00:00Z'),
  timeUnit: 'WEEKS',
  churnModel: 'MBGNBD',
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: -9582.4, customers: 2357 },
  mbgnbd: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614, logLikelihood: -9582.1, customers: 2357 },
  gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44, logLikelihood: -4055.9, customers: 946 },
};
/** The same process measured in days: λ per day = λ per week / 7, so α scales by 7 and nothing else changes. */
const daily: ModelFit = {
  ...weekly,
  timeUnit: 'DAYS',
  bgnbd: { ...weekly.bgnbd, alpha: weekly.bgnbd.alpha * 7 },
  mbgnbd: { ...weekly.mbgnbd, alpha: weekly.mbgnbd.alpha * 7 },
};

describe('createPredictor: the stored model columns of a buyer', () => {
  const predict = createPredictor(weekly, bands);

  it.each([
    [0, 0, 273],
    [2, 213, 272],
    [5, 100, 300],
    [14, 250, 252],
  ])('x=%p, t_x=%p days, T=%p days: the models\' formulas in weeks', (x, txDays, TDays) => {
    const zbar = 31.5;
    const got = predict({ x, txDays, TDays }, zbar);
    const alive = pAlive('MBGNBD', weekly.mbgnbd, x, txDays / 7, TDays / 7);
    const spend = gammaGammaExpectedSpend(weekly.gammaGamma!, x, x > 0 ? zbar : 0);
    expect(got.pAlive).toBe(alive);
    expect(got.churnScore).toBeCloseTo(1 - alive, 15);
    expect(got.churnBand).toBe(1 - alive > 0.8 ? 'HIGH' : 1 - alive > 0.5 ? 'MEDIUM' : 'LOW');
    expect(got.expectedSpend).toBe(spend);
    const clv = customerLifetimeValue('MBGNBD', weekly.mbgnbd, spend, x, txDays / 7, TDays / 7, { unitsPerMonth: timeUnitsPerMonth('WEEKS') });
    expect(got.predictedLtv12m).toBeCloseTo(clv, 9);
    // The read-time formula with the stored defaults gives the stored value.
    expect(predictedLtv(weekly, { x, txDays, TDays }, spend, 12, 0.01)).toBeCloseTo(got.predictedLtv12m!, 9);
  });

  it('a one-time buyer\'s expected spend is the population mean, whatever their first order was', () => {
    expect(predict({ x: 0, txDays: 0, TDays: 30 }, 999).expectedSpend).toBeCloseTo(gammaGammaMeanSpend(weekly.gammaGamma!), 12);
  });

  it('customers sharing a summary share the cached CLV sum but keep their own spend', () => {
    const a = predict({ x: 3, txDays: 120, TDays: 200 }, 20);
    const b = predict({ x: 3, txDays: 120, TDays: 200 }, 80);
    expect(b.predictedLtv12m! / a.predictedLtv12m!).toBeCloseTo(b.expectedSpend! / a.expectedSpend!, 12);
  });

  it('without a Gamma-Gamma fit only P(alive) is scored', () => {
    const got = createPredictor({ ...weekly, gammaGamma: null }, bands)({ x: 2, txDays: 30, TDays: 90 }, 10);
    expect(got.expectedSpend).toBeNull();
    expect(got.predictedLtv12m).toBeNull();
    expect(got.pAlive).toBeGreaterThan(0);
  });

  it('BG/NBD as the churn model: one-time buyers are alive', () => {
    expect(createPredictor({ ...weekly, churnModel: 'BGNBD' }, bands)({ x: 0, txDays: 0, TDays: 300 }, 0)).toMatchObject({ pAlive: 1, churnScore: 0, churnBand: 'LOW' });
  });
});

describe('the time unit only rescales: a fit in days with 7α gives the weekly fit\'s answers', () => {
  it.each([
    [0, 0, 70],
    [3, 140, 266],
    [9, 21, 300],
  ])('x=%p, t_x=%p, T=%p days', (x, txDays, TDays) => {
    const s = { x, txDays, TDays };
    const w = createPredictor(weekly, bands)(s, 40);
    const d = createPredictor(daily, bands)(s, 40);
    expect(d.pAlive).toBeCloseTo(w.pAlive, 12);
    expect(d.predictedLtv12m!).toBeCloseTo(w.predictedLtv12m!, 8);
    expect(expectedPurchasesWithin(daily, s, 90)).toBeCloseTo(expectedPurchasesWithin(weekly, s, 90), 10);
    expect(expectedPurchasesWithin(weekly, s, 91)).toBeCloseTo(expectedPurchases('MBGNBD', weekly.mbgnbd, x, txDays / 7, TDays / 7, 13), 14);
  });
});

describe('fitModels on the CDNOW calibration summaries (weeks) gives the published parameters', () => {
  const fits = fitModels(cdnowCalibration());
  it.each([
    ['bgnbd', { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }],
    ['mbgnbd', { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }],
    ['gammaGamma', { p: 6.25, q: 3.74, gamma: 15.44 }],
  ] as const)('%s', (model, published) => {
    for (const [k, v] of Object.entries(published)) expectSignificant((fits[model] as unknown as Record<string, number>)[k], v, 3);
  });
  it('with the log-likelihoods and customer counts', () => {
    expect(fits.bgnbd.logLikelihood).toBeCloseTo(-9582.43, 1);
    expect(fits.bgnbd.customers).toBe(2357);
    expect(fits.mbgnbd.customers).toBe(2357);
    expect(fits.gammaGamma!.customers).toBe(946);
  });
});

describe('backtestTally: predicted versus actual by calibration frequency', () => {
  const s = {
    x: Float64Array.from([0, 0, 1, 3, 7, 12]),
    tx: Float64Array.from([0, 0, 5, 20, 30, 38]),
    T: Float64Array.from([10, 39, 30, 39, 39, 39]),
    holdout: Float64Array.from([0, 1, 0, 2, 3, 9]),
  };
  const { total, groups } = backtestTally(s, weekly, 39);

  it('groups 0 … 6 and 7+, and the total is their sum', () => {
    expect(groups.map((g) => [g.frequency, g.customers, g.actual])).toEqual([
      [0, 2, 1], [1, 1, 0], [2, 0, 0], [3, 1, 2], [4, 0, 0], [5, 0, 0], [6, 0, 0], [7, 2, 12],
    ]);
    expect(total.customers).toBe(6);
    expect(total.actual).toBe(15);
    expect(total.bgnbd).toBeCloseTo(groups.reduce((sum, g) => sum + g.bgnbd, 0), 12);
    expect(total.mbgnbd).toBeCloseTo(groups.reduce((sum, g) => sum + g.mbgnbd, 0), 12);
  });

  it('each prediction is the conditional expectation over the holdout', () => {
    expect(groups[3].bgnbd).toBeCloseTo(expectedPurchases('BGNBD', weekly.bgnbd, 3, 20, 39, 39), 12);
    expect(groups[7].mbgnbd).toBeCloseTo(
      expectedPurchases('MBGNBD', weekly.mbgnbd, 7, 30, 39, 39) + expectedPurchases('MBGNBD', weekly.mbgnbd, 12, 38, 39, 39),
      12,
    );
  });
});

describe('refitReason: a scheduled refit when none exists, the latest is old, or the settings changed', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const base: RefitInputs = {
    latest: { fittedAt: new Date('2026-03-10T00:00:00Z'), timeUnit: 'DAYS', churnModel: 'MBGNBD' },
    buyers: 500,
    now,
    settings: { timeUnit: 'DAYS', churnModel: 'MBGNBD', refitIntervalHours: 24, minBuyers: 100 },
  };
  it.each<[string, Partial<RefitInputs>, string | null]>([
    ['a fit from this morning', {}, null],
    ['no fit yet', { latest: null }, 'NO_FIT'],
    ['no fit and too few buyers', { latest: null, buyers: 99 }, null],
    ['no fit, exactly the minimum', { latest: null, buyers: 100 }, 'NO_FIT'],
    ['a fit 24 hours old', { latest: { ...base.latest!, fittedAt: new Date('2026-03-09T12:00:00Z') } }, 'STALE'],
    ['a fit 23 hours old', { latest: { ...base.latest!, fittedAt: new Date('2026-03-09T13:00:00Z') } }, null],
    ['the time unit changed', { latest: { ...base.latest!, timeUnit: 'WEEKS' } }, 'SETTINGS_CHANGED'],
    ['the churn model changed', { latest: { ...base.latest!, churnModel: 'BGNBD' } }, 'SETTINGS_CHANGED'],
    ['scheduled refits off', { latest: null, settings: { ...base.settings, refitIntervalHours: 0 } }, null],
    ['no buyers at all, minimum 0', { latest: null, buyers: 0, settings: { ...base.settings, minBuyers: 0 } }, null],
  ])('%s → %p', (_, over, reason) => expect(refitReason({ ...base, ...over })).toBe(reason));
});

import { ConfigError, loadConfig } from '../../../src/config';

test('model defaults: MBG/NBD in days, bands at 0.5 / 0.8, a daily refit once there are 100 buyers', () => {
  expect(loadConfig({}).metrics.model).toEqual({
    churnModel: 'MBGNBD', timeUnit: 'DAYS', bandMedium: 0.5, bandHigh: 0.8, refitIntervalHours: 24, minBuyers: 100,
  });
});

test('every model setting is configurable', () => {
  const { model } = loadConfig({
    CHURN_MODEL: 'bgnbd', MODEL_TIME_UNIT: 'WEEKS', CHURN_BAND_MEDIUM: '0.4', CHURN_BAND_HIGH: '0.9',
    MODEL_REFIT_INTERVAL_HOURS: '0', MODEL_MIN_BUYERS: '10',
  }).metrics;
  expect(model).toEqual({ churnModel: 'BGNBD', timeUnit: 'WEEKS', bandMedium: 0.4, bandHigh: 0.9, refitIntervalHours: 0, minBuyers: 10 });
});

it.each([
  [{ CHURN_MODEL: 'PARETO' }, /CHURN_MODEL/],
  [{ MODEL_TIME_UNIT: 'MONTHS' }, /MODEL_TIME_UNIT/],
  [{ CHURN_BAND_HIGH: '1.2' }, /CHURN_BAND_HIGH/],
  [{ CHURN_BAND_MEDIUM: '0.9', CHURN_BAND_HIGH: '0.8' }, /must not exceed/],
  [{ MODEL_REFIT_INTERVAL_HOURS: '-1' }, /MODEL_REFIT_INTERVAL_HOURS/],
  [{ MODEL_MIN_BUYERS: '1.5' }, /MODEL_MIN_BUYERS/],
])('%p is refused with a message naming the variable', (env, message) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});

import { ConfigError, loadConfig } from '../../../src/config';

test('defaults: 365-day window, 30/90/180 days, P(alive) 0.2/0.5, 15-day interest window, hourly sweep', () => {
  const { metrics } = loadConfig({ BUSINESS_TIMEZONE: 'Asia/Shanghai' });
  expect(metrics).toMatchObject({
    timezone: 'Asia/Shanghai',
    rfmWindowDays: 365,
    lifecycle: { newDays: 30, dormantDays: 90, churnedDays: 180, churnedPAlive: 0.2, atRiskPAlive: 0.5 },
    aipl: { interestWindowDays: 15 },
    sweepIntervalSeconds: 3600,
    recomputeConnections: 2,
  });
  expect(metrics.aipl.awarenessEvents).toContain('Page Viewed');
  expect(metrics.aipl.interestEvents).toContain('Product Added to Wishlist');
});

test('every threshold and event list is configurable', () => {
  const { metrics } = loadConfig({
    RFM_WINDOW_DAYS: '180', LIFECYCLE_NEW_DAYS: '14', LIFECYCLE_DORMANT_DAYS: '60', LIFECYCLE_CHURNED_DAYS: '120',
    LIFECYCLE_CHURNED_P_ALIVE: '0.1', LIFECYCLE_AT_RISK_P_ALIVE: '0.4', AIPL_INTEREST_WINDOW_DAYS: '7',
    AIPL_INTEREST_EVENTS: 'Product Viewed | Cart Viewed', AIPL_AWARENESS_EVENTS: '', METRICS_SWEEP_INTERVAL_SECONDS: '0',
    RECOMPUTE_CONNECTIONS: '1',
  });
  expect(metrics).toMatchObject({
    rfmWindowDays: 180,
    lifecycle: { newDays: 14, dormantDays: 60, churnedDays: 120, churnedPAlive: 0.1, atRiskPAlive: 0.4 },
    aipl: { interestWindowDays: 7, interestEvents: ['Product Viewed', 'Cart Viewed'], awarenessEvents: [] },
    sweepIntervalSeconds: 0,
    recomputeConnections: 1,
  });
});

it.each([
  [{ RFM_WINDOW_DAYS: '0' }, /RFM_WINDOW_DAYS/],
  [{ LIFECYCLE_DORMANT_DAYS: '20' }, /LIFECYCLE_NEW_DAYS < LIFECYCLE_DORMANT_DAYS/],
  [{ LIFECYCLE_CHURNED_P_ALIVE: '1.5' }, /LIFECYCLE_CHURNED_P_ALIVE/],
  [{ LIFECYCLE_CHURNED_P_ALIVE: '0.6' }, /must not exceed/],
  [{ METRICS_SWEEP_INTERVAL_SECONDS: '-1' }, /METRICS_SWEEP_INTERVAL_SECONDS/],
  [{ AIPL_INTEREST_WINDOW_DAYS: 'x' }, /AIPL_INTEREST_WINDOW_DAYS/],
  [{ RECOMPUTE_CONNECTIONS: '0' }, /RECOMPUTE_CONNECTIONS/],
])('%p is refused with a message naming the variable', (env, message) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});

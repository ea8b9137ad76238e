import { DEFAULT_LIFECYCLE_THRESHOLDS as T, lifecycleStage, type LifecycleInputs } from '../../../src/metrics/lifecycle';

const buyer = (over: Partial<LifecycleInputs>): LifecycleInputs => ({
  recencyDays: 10,
  daysSinceFirstOrder: 400,
  recentReturnGapDays: null,
  typicalGapDays: null,
  pAlive: null,
  ...over,
});

describe('lifecycleStage: first match wins, in the order of issue 4 §2', () => {
  it.each<[string, LifecycleInputs, string]>([
    ['no order ever', { recencyDays: null, daysSinceFirstOrder: null, recentReturnGapDays: null, typicalGapDays: null, pAlive: null }, 'PROSPECT'],
    ['first order today', buyer({ recencyDays: 0, daysSinceFirstOrder: 0 }), 'NEW'],
    ['first order 30 days ago', buyer({ recencyDays: 30, daysSinceFirstOrder: 30 }), 'NEW'],
    ['first order 31 days ago, last today', buyer({ recencyDays: 0, daysSinceFirstOrder: 31 }), 'ACTIVE'],
    ['NEW beats a low P(alive)', buyer({ recencyDays: 20, daysSinceFirstOrder: 25, pAlive: 0.01 }), 'NEW'],
    ['back after 91 days, 5 days ago', buyer({ recencyDays: 5, recentReturnGapDays: 91 }), 'REACTIVATED'],
    ['back after exactly 90 days', buyer({ recencyDays: 5, recentReturnGapDays: 90 }), 'ACTIVE'],
    ['back after 120 days, but 31 days ago', buyer({ recencyDays: 31, recentReturnGapDays: 120 }), 'ACTIVE'],
    ['REACTIVATED beats P(alive) < 0.2', buyer({ recencyDays: 5, recentReturnGapDays: 200, pAlive: 0.1 }), 'REACTIVATED'],
    ['181 days silent', buyer({ recencyDays: 181 }), 'CHURNED'],
    ['180 days silent', buyer({ recencyDays: 180 }), 'DORMANT'],
    ['91 days silent', buyer({ recencyDays: 91 }), 'DORMANT'],
    ['90 days silent', buyer({ recencyDays: 90 }), 'ACTIVE'],
    ['P(alive) 0.19 and recent', buyer({ recencyDays: 3, pAlive: 0.19 }), 'CHURNED'],
    ['P(alive) 0.2 exactly', buyer({ recencyDays: 3, pAlive: 0.2 }), 'AT_RISK'],
    ['P(alive) 0.49', buyer({ recencyDays: 3, pAlive: 0.49 }), 'AT_RISK'],
    ['P(alive) 0.5', buyer({ recencyDays: 3, pAlive: 0.5 }), 'ACTIVE'],
    ['DORMANT beats P(alive) < 0.5', buyer({ recencyDays: 100, pAlive: 0.3 }), 'DORMANT'],
    ['silent 22 days, usually every 21', buyer({ recencyDays: 22, typicalGapDays: 21 }), 'AT_RISK'],
    ['silent 21 days, usually every 21', buyer({ recencyDays: 21, typicalGapDays: 21 }), 'ACTIVE'],
    ['silent 11 days, usually every 10.5', buyer({ recencyDays: 11, typicalGapDays: 10.5 }), 'AT_RISK'],
    ['one order day: no typical gap', buyer({ recencyDays: 60, typicalGapDays: null }), 'ACTIVE'],
  ])('%s → %s', (_, inputs, stage) => {
    expect(lifecycleStage(inputs, T)).toBe(stage);
  });

  it('follows configured thresholds', () => {
    const t = { newDays: 7, dormantDays: 30, churnedDays: 60, churnedPAlive: 0.1, atRiskPAlive: 0.3 };
    expect(lifecycleStage(buyer({ recencyDays: 8, daysSinceFirstOrder: 8 }), t)).toBe('ACTIVE');
    expect(lifecycleStage(buyer({ recencyDays: 31 }), t)).toBe('DORMANT');
    expect(lifecycleStage(buyer({ recencyDays: 61 }), t)).toBe('CHURNED');
    expect(lifecycleStage(buyer({ recencyDays: 2, pAlive: 0.2 }), t)).toBe('AT_RISK');
    expect(lifecycleStage(buyer({ recencyDays: 2, recentReturnGapDays: 31 }), t)).toBe('REACTIVATED');
  });
});

import { churnBand, churnDrivers, DEFAULT_CHURN_BANDS, type ChurnFacts } from '../../../src/metrics/churn';

describe('churnBand: strict cut-offs on the churn score, matching the lifecycle P(alive) rules by default', () => {
  it.each([
    [0, 'LOW'],
    [0.3, 'LOW'],
    [0.5, 'LOW'],
    [0.5000001, 'MEDIUM'],
    [0.8, 'MEDIUM'],
    [0.8000001, 'HIGH'],
    [1, 'HIGH'],
  ])('score %p → %s', (score, band) => expect(churnBand(score, DEFAULT_CHURN_BANDS)).toBe(band));

  it.each([
    [{ medium: 0.3, high: 0.6 }, 0.31, 'MEDIUM'],
    [{ medium: 0.3, high: 0.6 }, 0.61, 'HIGH'],
    [{ medium: 0.7, high: 0.7 }, 0.71, 'HIGH'],
    [{ medium: 0.7, high: 0.7 }, 0.69, 'LOW'],
  ])('cut-offs %p, score %p → %s', (cutoffs, score, band) => expect(churnBand(score, cutoffs)).toBe(band));
});

describe('churnDrivers: sentences with the customer\'s own numbers', () => {
  const base: ChurnFacts = { recencyDays: 64, typicalGapDays: 21.25, pAlive: 0.3149, model: 'MBGNBD', latestNps: null, openTickets: 0 };

  it.each<[string, Partial<ChurnFacts>, string[]]>([
    ['silence against the usual rhythm, and the model', {}, ['no order for 64 days; usually orders every 21 days', 'P(alive) 0.31 under MBG/NBD']],
    [
      'everything the issue names',
      { latestNps: { score: 3, date: '2026-10-02' }, openTickets: 2 },
      ['no order for 64 days; usually orders every 21 days', 'P(alive) 0.31 under MBG/NBD', 'NPS 3 on 2026-10-02 (detractor)', '2 open support tickets'],
    ],
    ['a one-day buyer', { recencyDays: 1, typicalGapDays: null }, ['no order for 1 day; only one order day so far', 'P(alive) 0.31 under MBG/NBD']],
    ['ordered today, every day', { recencyDays: 0, typicalGapDays: 1 }, ['ordered today; usually orders every 1 day', 'P(alive) 0.31 under MBG/NBD']],
    ['BG/NBD, a passive and one ticket', { model: 'BGNBD', pAlive: 1, latestNps: { score: 8, date: '2026-01-31' }, openTickets: 1 },
      ['no order for 64 days; usually orders every 21 days', 'P(alive) 1.00 under BG/NBD', 'NPS 8 on 2026-01-31 (passive)', '1 open support ticket']],
    ['a promoter', { latestNps: { score: 9, date: '2026-02-01' } }, ['no order for 64 days; usually orders every 21 days', 'P(alive) 0.31 under MBG/NBD', 'NPS 9 on 2026-02-01 (promoter)']],
    ['no recency stored (never scored by the RFM statement)', { recencyDays: null }, ['P(alive) 0.31 under MBG/NBD']],
  ])('%s', (_, over, expected) => expect(churnDrivers({ ...base, ...over })).toEqual(expected));
});

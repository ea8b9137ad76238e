import { sweepReason, type SweepInputs } from '../../../src/metrics/schedule';

const today = new Date('2026-03-10T08:00:00Z');
const fresh: SweepInputs = {
  todayStart: today,
  oldestComputedAt: new Date('2026-03-10T09:00:00Z'),
  cutPoints: { buyers: 1000, windowDays: 365, computedAt: new Date('2026-03-10T09:00:00Z') },
  windowDays: 365,
  liveCustomers: 5000,
  scoredCustomers: 5000,
  scoredBuyers: 1050,
};

describe('sweepReason: a full run when a stored row can be stale, none otherwise', () => {
  it.each<[string, Partial<SweepInputs>, string | null]>([
    ['everything scored today', {}, null],
    ['no cut points', { cutPoints: null }, 'NO_CUT_POINTS'],
    ['cut points from yesterday', { cutPoints: { ...fresh.cutPoints!, computedAt: new Date('2026-03-10T07:59:59Z') } }, 'NEW_DAY'],
    ['cut points from the first instant of today', { cutPoints: { ...fresh.cutPoints!, computedAt: today } }, null],
    ['a row from yesterday (a run cut short)', { oldestComputedAt: new Date('2026-03-09T23:00:00Z') }, 'NEW_DAY'],
    ['no rows at all', { oldestComputedAt: null, liveCustomers: 0, scoredCustomers: 0 }, null],
    ['another RFM window', { windowDays: 180 }, 'WINDOW_CHANGED'],
    ['seeded profiles without a row', { liveCustomers: 7000 }, 'UNSCORED_PROFILES'],
    ['rows of profiles that are gone', { scoredCustomers: 5001 }, 'UNSCORED_PROFILES'],
    ['10 % more buyers', { scoredBuyers: 1100 }, null],
    ['more than 10 % more buyers', { scoredBuyers: 1101 }, 'BUYERS_DRIFTED'],
    ['more than 10 % fewer buyers', { scoredBuyers: 899 }, 'BUYERS_DRIFTED'],
    ['cut points over no buyers, now one', { cutPoints: { ...fresh.cutPoints!, buyers: 0 }, scoredBuyers: 1 }, 'BUYERS_DRIFTED'],
    ['no buyers at all', { cutPoints: { ...fresh.cutPoints!, buyers: 0 }, scoredBuyers: 0 }, null],
  ])('%s → %p', (_, over, reason) => expect(sweepReason({ ...fresh, ...over })).toBe(reason));
});

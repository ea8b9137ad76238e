import { aiplStage, type AiplInputs } from '../../../src/metrics/aipl';

const none: AiplInputs = { orders: 0, advocate: false, interestedRecently: false, contacted: false };

describe('aiplStage: the highest stage reached wins', () => {
  it.each<[string, Partial<AiplInputs>, string]>([
    ['nothing', {}, 'NONE'],
    ['a page view', { contacted: true }, 'AWARENESS'],
    ['an old product view only', { contacted: true }, 'AWARENESS'],
    ['a recent product view', { contacted: true, interestedRecently: true }, 'INTEREST'],
    ['one order', { orders: 1 }, 'PURCHASE'],
    ['one order and recent interest', { orders: 1, interestedRecently: true, contacted: true }, 'PURCHASE'],
    ['two orders', { orders: 2 }, 'LOYALTY'],
    ['one order and a promoter NPS', { orders: 1, advocate: true }, 'LOYALTY'],
    ['a promoter who never bought', { advocate: true, contacted: true }, 'AWARENESS'],
    ['a promoter who never bought, recently interested', { advocate: true, interestedRecently: true, contacted: true }, 'INTEREST'],
  ])('%s → %s', (_, over, stage) => expect(aiplStage({ ...none, ...over })).toBe(stage));
});

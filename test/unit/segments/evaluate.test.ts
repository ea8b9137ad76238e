import { DefinitionError, type SegmentCondition } from '../../../src/segments/definition';
import { evaluateDefinition, type CustomerFacts, type MetricsFacts } from '../../../src/segments/evaluate';
import { validateDefinition } from '../../../src/segments/validate';

const TZ = 'America/Los_Angeles';
const NOW = new Date('2026-03-15T19:00:00Z'); // 12:00 local on 2026-03-15
/** Noon local time `days` days before today. */
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

const metrics: MetricsFacts = {
  r: 4, f: 2, m: 5, rfmCell: 'POTENTIAL_LOYALISTS', rfmTier: 'HIGH', lifecycleStage: 'ACTIVE', aiplStage: 'LOYALTY',
  recencyDays: 20, frequency: 3, monetary: '120.5000', historicalLtv: '300.1000', predictedLtv12m: null, churnScore: 0.25,
  churnBand: 'LOW', pAlive: 0.75, typicalGapDays: 12.5, firstOrderAt: new Date('2026-03-02T23:30:00Z'),
};

const ann: CustomerFacts = {
  traits: { plan: 'pro', age: 34, vip: true, tags: ['beta', 7], signed_up_at: '2026-02-20T10:00:00+08:00', city: 'Paris', nothing: null, born: 'unknown' },
  identityTypes: ['email', 'user_id', 'wechat_openid:wx1'],
  metrics,
  events: [
    { type: 'track', name: 'Product Viewed', occurredAt: daysAgo(1), properties: { category: 'Shoes', price: 80 } },
    { type: 'track', name: 'Product Viewed', occurredAt: daysAgo(3), properties: { category: 'Shoes', price: 120 } },
    { type: 'track', name: 'Product Viewed', occurredAt: daysAgo(40), properties: { category: 'Hats' } },
    { type: 'page', name: null, occurredAt: daysAgo(0), properties: {} },
  ],
  orders: [
    { occurredAt: daysAgo(10), netRevenue: '0.1000', products: [{ sku: 'F-1', category: 'Baby/Formula' }, { sku: 'D-2', category: 'Baby/Diapers' }] },
    { occurredAt: daysAgo(31), netRevenue: '0.2000', products: [{ sku: 'F-1', category: 'Baby/Formula' }] },
    { occurredAt: daysAgo(400), netRevenue: '99.7000', products: ['not an object'] },
  ],
  feedback: [
    { id: '1', kind: 'NPS', score: '10.00', status: null, occurredAt: daysAgo(100) },
    { id: '2', kind: 'NPS', score: '6.00', status: null, occurredAt: daysAgo(5) },
    { id: '3', kind: 'RATING', score: '4.00', status: null, occurredAt: daysAgo(5) },
    { id: '4', kind: 'REVIEW', score: '5.00', status: null, occurredAt: daysAgo(50) },
    { id: '5', kind: 'REVIEW', score: null, status: null, occurredAt: daysAgo(1) },
    { id: '6', kind: 'SUPPORT_TICKET', score: null, status: 'OPEN', occurredAt: daysAgo(2) },
    { id: '7', kind: 'SUPPORT_TICKET', score: null, status: 'CLOSED', occurredAt: daysAgo(2) },
  ],
};

const nobody: CustomerFacts = { traits: {}, identityTypes: [], metrics: null, events: [], orders: [], feedback: [] };

const stored = new Map<string, SegmentCondition>([
  [A, { trait: { key: 'plan', operator: 'EQ', value: 'pro' } }],
  [B, { and: [{ inSegment: A }, { identity: { type: 'email' } }] }],
  [C, { inSegment: B }],
]);

const run = (definition: unknown, facts: CustomerFacts, segments = stored) =>
  evaluateDefinition(validateDefinition(definition), facts, { now: NOW, timeZone: TZ, segments: (id) => segments.get(id) ?? null });

describe('evaluateDefinition on one customer', () => {
  it.each<[string, unknown, boolean, boolean]>([
    // [name, definition, ann, nobody]
    ['trait EQ', { trait: { key: 'plan', operator: 'EQ', value: 'pro' } }, true, false],
    ['trait NEQ needs the trait', { trait: { key: 'plan', operator: 'NEQ', value: 'free' } }, true, false],
    ['not trait EQ includes the missing', { not: { trait: { key: 'plan', operator: 'EQ', value: 'free' } } }, true, true],
    ['trait EQ of another JSON type', { trait: { key: 'age', operator: 'EQ', value: '34' } }, false, false],
    ['trait number BETWEEN', { trait: { key: 'age', operator: 'BETWEEN', values: [30, 34] } }, true, false],
    ['trait number NOT_IN', { trait: { key: 'age', operator: 'NOT_IN', values: [1, 2] } }, true, false],
    ['trait boolean', { trait: { key: 'vip', operator: 'EQ', value: true } }, true, false],
    ['trait boolean NEQ', { trait: { key: 'vip', operator: 'NEQ', value: true } }, false, false],
    ['trait CONTAINS substring', { trait: { key: 'city', operator: 'CONTAINS', value: 'ar' } }, true, false],
    ['trait CONTAINS is case-sensitive', { trait: { key: 'city', operator: 'CONTAINS', value: 'par' } }, false, false],
    ['trait CONTAINS array element', { trait: { key: 'tags', operator: 'CONTAINS', value: 'beta' } }, true, false],
    ['trait CONTAINS number element', { trait: { key: 'tags', operator: 'CONTAINS', value: 7 } }, true, false],
    ['trait STARTS_WITH', { trait: { key: 'city', operator: 'STARTS_WITH', value: 'Pa' } }, true, false],
    ['trait EXISTS', { trait: { key: 'plan', operator: 'EXISTS' } }, true, false],
    ['a JSON null does not exist', { trait: { key: 'nothing', operator: 'EXISTS' } }, false, false],
    ['relative date: within the last 30 days', { trait: { key: 'signed_up_at', operator: 'GTE', value: 'P30D' } }, true, false],
    ['relative date: the date as written', { trait: { key: 'signed_up_at', operator: 'GTE', value: 'P23D' } }, true, false],
    ['relative date: a day later', { trait: { key: 'signed_up_at', operator: 'GTE', value: 'P22D' } }, false, false],
    ['absolute date', { trait: { key: 'signed_up_at', operator: 'LT', value: '2026-02-21' } }, true, false],
    ['not a date', { trait: { key: 'born', operator: 'LT', value: '2026-02-21' } }, false, false],
    ['identity', { identity: { type: 'email' } }, true, false],
    ['identity by base type', { identity: { type: 'wechat_openid' } }, true, false],
    ['identity by namespace', { identity: { type: 'wechat_openid:wx2' } }, false, false],
    ['identity type normalised', { identity: { type: 'EMAIL' } }, true, false],
    ['has no phone', { identity: { type: 'phone', has: false } }, true, true],
    ['RFM score', { metric: { field: 'RFM_R', operator: 'GTE', value: 4 } }, true, false],
    ['RFM score NEQ of a non-buyer', { metric: { field: 'RFM_R', operator: 'NEQ', value: 1 } }, true, false],
    ['RFM cell', { metric: { field: 'RFM_CELL', operator: 'IN', values: ['CHAMPIONS', 'POTENTIAL_LOYALISTS'] } }, true, false],
    ['tier default NONE', { metric: { field: 'RFM_TIER', operator: 'EQ', value: 'NONE' } }, false, true],
    ['lifecycle default PROSPECT', { metric: { field: 'LIFECYCLE_STAGE', operator: 'EQ', value: 'PROSPECT' } }, false, true],
    ['historical LTV exact', { metric: { field: 'HISTORICAL_LTV', operator: 'EQ', value: '300.1' } }, true, false],
    ['historical LTV default 0', { metric: { field: 'HISTORICAL_LTV', operator: 'LTE', value: 0 } }, false, true],
    ['predicted LTV missing', { metric: { field: 'PREDICTED_LTV_12M', operator: 'EXISTS' } }, false, false],
    ['churn score', { metric: { field: 'CHURN_SCORE', operator: 'LT', value: 0.3 } }, true, false],
    ['days past the typical gap', { metric: { field: 'DAYS_PAST_TYPICAL_GAP', operator: 'GTE', value: 7.5 } }, true, false],
    ['an event at all', { event: { name: 'Product Viewed' } }, true, false],
    ['an event 3 times', { event: { name: 'Product Viewed', atLeast: 3 } }, true, false],
    ['an event 3 times in a week', { event: { name: 'Product Viewed', atLeast: 3, within: 'P7D' } }, false, false],
    ['did not in a week', { event: { name: 'Product Viewed', within: 'P7D', atMost: 0 } }, false, true],
    ['event property filter', { event: { name: 'Product Viewed', where: [{ key: 'price', operator: 'GT', value: 100 }] } }, true, false],
    ['event filters on one event', { event: { where: [{ key: 'price', operator: 'GT', value: 100 }, { key: 'category', operator: 'EQ', value: 'Hats' }] } }, false, false],
    ['page today', { event: { type: 'PAGE', within: 'P0D' } }, true, false],
    ['ordered', { order: {} }, true, false],
    ['ordered twice in 31 days (the window starts at local midnight)', { order: { within: 'P31D', atLeast: 2 } }, true, false],
    ['ordered twice in 30 days', { order: { within: 'P30D', atLeast: 2 } }, false, false],
    ['a calendar month is shorter than 31 days', { order: { within: 'P1M', atLeast: 2 } }, false, false],
    ['bought a category', { order: { within: 'P30D', product: [{ key: 'category', operator: 'STARTS_WITH', value: 'Baby/' }] } }, true, false],
    ['one product line matches all', { order: { product: [{ key: 'sku', operator: 'EQ', value: 'F-1' }, { key: 'category', operator: 'EQ', value: 'Baby/Diapers' }] } }, false, false],
    ['net revenue exact', { order: { within: 'P35D', netRevenue: { operator: 'EQ', value: '0.3' } } }, true, false],
    ['net revenue of no orders is 0', { order: { netRevenue: { operator: 'LT', value: 1 } } }, false, true],
    ['latest NPS is a detractor', { feedback: { nps: 'DETRACTOR' } }, true, false],
    ['latest NPS more than a week ago', { not: { feedback: { nps: 'PROMOTER', within: 'P200D' } } }, true, true],
    ['average rating 4.5', { feedback: { averageRating: { operator: 'EQ', value: 4.5 } } }, true, false],
    ['average rating in a week', { feedback: { within: 'P7D', averageRating: { operator: 'GT', value: '4' } } }, false, false],
    ['rated', { feedback: { averageRating: { operator: 'EXISTS' } } }, true, false],
    ['an open ticket', { feedback: { openTickets: { atLeast: 1 } } }, true, false],
    ['no open ticket', { feedback: { openTickets: { atMost: 0 } } }, false, true],
    ['another segment', { inSegment: A }, true, false],
    ['a chain of segments', { inSegment: C }, true, false],
    ['and / or / not', { and: [{ or: [{ inSegment: A }, { identity: { type: 'phone' } }] }, { not: { feedback: { nps: 'PROMOTER' } } }] }, true, false],
  ])('%s', (_name, definition, forAnn, forNobody) => {
    expect(run(definition, ann)).toBe(forAnn);
    expect(run(definition, nobody)).toBe(forNobody);
  });
});

describe('inSegment references', () => {
  const error = (definition: unknown, segments: Map<string, SegmentCondition>) => {
    try {
      run(definition, ann, segments);
    } catch (err) {
      if (err instanceof DefinitionError) return { code: err.code, field: err.field, message: err.message };
    }
    throw new Error('no DefinitionError');
  };

  test('an unknown segment is NOT_FOUND at the inSegment node', () => {
    expect(error({ or: [{ identity: { type: 'email' } }, { inSegment: '00000000-0000-4000-8000-0000000000ff' }] }, stored)).toMatchObject({
      code: 'NOT_FOUND',
      field: 'or.1.inSegment',
    });
  });

  test('an unknown segment deeper down is reported at the root reference that leads there', () => {
    const segments = new Map<string, SegmentCondition>([[A, { inSegment: B }]]);
    expect(error({ not: { inSegment: A } }, segments)).toMatchObject({ code: 'NOT_FOUND', field: 'not.inSegment', message: expect.stringContaining(`referenced by segment ${A}`) });
  });

  test('a cycle is BAD_USER_INPUT', () => {
    const segments = new Map<string, SegmentCondition>([[A, { inSegment: B }], [B, { and: [{ identity: { type: 'email' } }, { inSegment: A }] }]]);
    expect(error({ and: [{ identity: { type: 'email' } }, { inSegment: A }] }, segments)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'and.1.inSegment',
      message: expect.stringContaining(`${A} → ${B} → ${A}`),
    });
  });

  test('a reference back to the segment being defined is a cycle', () => {
    expect(() =>
      evaluateDefinition({ inSegment: C }, ann, { now: NOW, timeZone: TZ, selfId: A, segments: (id) => (id === C ? { inSegment: A } : null) }),
    ).toThrow(/cycle/);
  });
});

test('a diamond of references that would inline to more than 2,000 conditions is refused', () => {
  const ids = Array.from({ length: 12 }, (_, i) => `00000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`);
  // Each segment references the next one twice: 2^12 copies of the last.
  const segments = new Map<string, SegmentCondition>(
    ids.map((id, i) => [id, i + 1 < ids.length ? { or: [{ inSegment: ids[i + 1] }, { not: { inSegment: ids[i + 1] } }] } : { identity: { type: 'email' } }]),
  );
  expect(() => run({ and: [{ identity: { type: 'email' } }, { inSegment: ids[0] }] }, ann, segments)).toThrow(
    expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'and.1.inSegment', message: expect.stringContaining('exceeds 2000') }),
  );
});

describe('LTV_DECILE: 1 + the stored decile cut points the predicted LTV exceeds', () => {
  const cuts = ['10.0000', '20.0000', '30.0000', '40.0000', '50.0000', '60.0000', '70.0000', '80.0000', '90.0000'];
  const buyer = (predictedLtv12m: string | null): CustomerFacts => ({ ...nobody, metrics: { ...metrics, predictedLtv12m } });
  const top = validateDefinition({ metric: { field: 'LTV_DECILE', operator: 'EQ', value: 10 } });
  const known = validateDefinition({ metric: { field: 'LTV_DECILE', operator: 'EXISTS' } });
  const decile = (ltv: string | null, withCuts: readonly string[] | null = cuts) =>
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].find((d) =>
      evaluateDefinition(validateDefinition({ metric: { field: 'LTV_DECILE', operator: 'EQ', value: d } }), buyer(ltv), { now: NOW, timeZone: TZ, ltvDecileCuts: withCuts }),
    ) ?? null;

  it.each<[string | null, number | null]>([
    ['0.0000', 1],
    ['10.0000', 1],
    ['10.0001', 2],
    ['55.5000', 6],
    ['90.0000', 9],
    ['90.0001', 10],
    ['1000000.0000', 10],
    [null, null],
  ])('predicted %s is decile %s', (ltv, expected) => {
    expect(decile(ltv)).toBe(expected);
  });

  test('missing without cut points (no fit yet): no comparison holds, EXISTS is false', () => {
    expect(decile('95.0000', null)).toBeNull();
    expect(evaluateDefinition(known, buyer('95.0000'), { now: NOW, timeZone: TZ })).toBe(false);
    expect(evaluateDefinition(top, buyer('95.0000'), { now: NOW, timeZone: TZ, ltvDecileCuts: cuts })).toBe(true);
  });
});

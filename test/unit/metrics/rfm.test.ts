import { compareDecimal, cutPointsFrom, percentileDisc, rfmCell, rfmTier, scoreRfm, type RfmCutPoints, type RfmValues } from '../../../src/metrics/rfm';

const v = (recencyDays: number, frequency: number, monetary: string): RfmValues => ({ recencyDays, frequency, monetary });

describe('percentileDisc (PostgreSQL semantics: the first value whose position i has i/n ≥ p)', () => {
  it.each([
    [[1, 2, 3, 4, 5], 0.2, 1],
    [[1, 2, 3, 4, 5], 0.4, 2],
    [[1, 2, 3, 4, 5], 0.8, 4],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.2, 2],
    [[1, 2, 3], 0.2, 1],
    [[1, 2, 3], 0.4, 2],
    [[1, 2, 3], 0.8, 3],
    [[7], 0.2, 7],
    [[10, 20], 0.6, 20],
  ])('%p at %p is %p', (sorted, p, expected) => {
    expect(percentileDisc(sorted, p)).toBe(expected);
  });

  it('refuses an empty list', () => expect(() => percentileDisc([], 0.5)).toThrow(RangeError));
});

describe('compareDecimal', () => {
  it.each([
    ['1.5', '1.50', 0],
    ['9.99', '10', -1],
    ['-1', '0.0001', -1],
    ['100.0001', '100', 1],
    ['0', '-0', 0],
  ])('%s vs %s → %p', (a, b, sign) => expect(compareDecimal(a, b)).toBe(sign));
});

describe('cutPointsFrom', () => {
  it('is null without buyers', () => expect(cutPointsFrom([])).toBeNull());

  it('takes the 20/40/60/80 % values; recency is listed worst first; money compares exactly, not as text', () => {
    const values = [v(1, 1, '9.5'), v(10, 2, '100'), v(30, 3, '20'), v(100, 4, '5.25'), v(400, 5, '1000')];
    expect(cutPointsFrom(values)).toEqual({ recency: [400, 100, 30, 10], frequency: [1, 2, 3, 4], monetary: ['5.25', '9.5', '20', '100'] });
  });

  it('a mass of equal values collapses cut points (60 % with one order: c1 = c2 = c3 = 1)', () => {
    const f = [1, 1, 1, 1, 1, 1, 2, 2, 3, 7];
    const cuts = cutPointsFrom(f.map((n) => v(5, n, '10')))!;
    expect(cuts.frequency).toEqual([1, 1, 1, 2]);
    expect(cuts.recency).toEqual([5, 5, 5, 5]);
  });
});

describe('scoreRfm: 1 + the number of cut points the value strictly beats', () => {
  const cuts: RfmCutPoints = { recency: [200, 90, 30, 7], frequency: [1, 1, 1, 2], monetary: ['20', '50', '100', '500'] };
  it.each([
    [v(0, 1, '10'), { r: 5, f: 1, m: 1, score: '511' }],
    [v(7, 2, '20'), { r: 4, f: 4, m: 1, score: '441' }], // equal to a cut does not beat it
    [v(8, 3, '20.0001'), { r: 4, f: 5, m: 2, score: '452' }],
    [v(30, 1, '100'), { r: 3, f: 1, m: 3, score: '313' }],
    [v(200, 0, '0'), { r: 1, f: 1, m: 1, score: '111' }],
    [v(201, 9, '9999'), { r: 1, f: 5, m: 5, score: '155' }],
    [v(45, 2, '500.00'), { r: 3, f: 4, m: 4, score: '344' }],
  ])('%p → %p', (values, expected) => expect(scoreRfm(values, cuts)).toEqual(expected));

  it('the collapsed scale keeps its meaning: one order is F1, two orders F4, three F5', () => {
    expect([1, 2, 3].map((n) => scoreRfm(v(0, n, '1'), cuts).f)).toEqual([1, 4, 5]);
  });

  it('with no cut points at all (empty arrays) everyone scores 1', () => {
    expect(scoreRfm(v(3, 3, '3'), { recency: [], frequency: [], monetary: [] })).toEqual({ r: 1, f: 1, m: 1, score: '111' });
  });
});

describe('rfmCell: the R×F grid of issue 4, ten disjoint cells', () => {
  it.each([
    [5, 4, 'CHAMPIONS'], [5, 5, 'CHAMPIONS'],
    [3, 4, 'LOYAL_CUSTOMERS'], [4, 5, 'LOYAL_CUSTOMERS'],
    [4, 2, 'POTENTIAL_LOYALISTS'], [5, 3, 'POTENTIAL_LOYALISTS'],
    [5, 1, 'NEW_CUSTOMERS'],
    [4, 1, 'PROMISING'],
    [3, 3, 'NEED_ATTENTION'],
    [3, 1, 'ABOUT_TO_SLEEP'], [3, 2, 'ABOUT_TO_SLEEP'],
    [1, 3, 'AT_RISK'], [2, 4, 'AT_RISK'],
    [1, 5, 'CANT_LOSE_THEM'], [2, 5, 'CANT_LOSE_THEM'],
    [1, 1, 'HIBERNATING'], [2, 2, 'HIBERNATING'],
  ])('R%p F%p is %s', (r, f, cell) => expect(rfmCell(r, f)).toBe(cell));

  it('covers all 25 pairs with exactly the ten cells', () => {
    const cells = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) cells.add(rfmCell(r, f));
    expect(cells.size).toBe(10);
  });

  it('refuses scores outside 1..5', () => {
    expect(() => rfmCell(0, 3)).toThrow(RangeError);
    expect(() => rfmCell(3, 6)).toThrow(RangeError);
  });
});

describe('rfmTier', () => {
  it.each([
    [{ r: 5, f: 4, m: 3 }, 'HIGH'],
    [{ r: 4, f: 4, m: 3 }, 'MEDIUM'],
    [{ r: 2, f: 3, m: 3 }, 'MEDIUM'],
    [{ r: 2, f: 2, m: 3 }, 'LOW'],
    [{ r: 1, f: 1, m: 1 }, 'LOW'],
    [null, 'NONE'],
  ])('%p → %s', (scores, tier) => expect(rfmTier(scores)).toBe(tier));
});

import { idRanges } from '../../../src/metrics/idRanges';

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

test('one range is everything; n ranges are contiguous, cover the uuid space and split it evenly', () => {
  expect(idRanges(1)).toEqual([{ lo: null, hi: null }]);
  expect(idRanges(2)).toEqual([
    { lo: null, hi: '80000000-0000-0000-0000-000000000000' },
    { lo: '80000000-0000-0000-0000-000000000000', hi: null },
  ]);
  for (const n of [3, 4, 7]) {
    const ranges = idRanges(n);
    expect(ranges).toHaveLength(n);
    expect(ranges[0].lo).toBeNull();
    expect(ranges[n - 1].hi).toBeNull();
    for (let k = 1; k < n; k++) expect(ranges[k].lo).toBe(ranges[k - 1].hi);
  }
});

test('random v4 ids fall into every range about equally, each into exactly one', () => {
  const n = 3;
  const ranges = idRanges(n);
  const counts = new Array(n).fill(0);
  for (let i = 0; i < 30_000; i++) {
    const id = crypto.randomUUID();
    const inside = ranges.filter((r) => (r.lo === null || compare(id, r.lo) >= 0) && (r.hi === null || compare(id, r.hi) < 0));
    expect(inside).toHaveLength(1);
    counts[ranges.indexOf(inside[0])]++;
  }
  for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(600);
});

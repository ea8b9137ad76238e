import {
  groupRecencyFrequency,
  groupRepeatSpend,
  subsampleRecencyFrequency,
  subsampleRepeatSpend,
} from '../../../../src/metrics/models/groups';
import { cdnowCalibration } from './cdnow';

describe('groupRecencyFrequency', () => {
  const data = { x: [0, 2, 0, 2, 2, 1, 0], tx: [0, 5, 0, 5, 6, 1, 0], T: [9, 9, 9, 9, 9, 4, 3] };
  const groups = groupRecencyFrequency(data);

  it('merges identical (x, t_x, T) rows into weighted groups ordered by x', () => {
    expect(groups.customers).toBe(7);
    expect(Array.from(groups.xValues)).toEqual([0, 1, 2]);
    expect(Array.from(groups.xStart)).toEqual([0, 2, 3, 5]);
    expect(Array.from(groups.xWeight)).toEqual([3, 1, 3]);
    const rows = Array.from(groups.weight, (w, g) => [groups.txValues[groups.txIndex[g]], groups.TValues[groups.TIndex[g]], w]);
    expect(rows).toEqual([
      [0, 3, 1],
      [0, 9, 2],
      [1, 4, 1],
      [5, 9, 2],
      [6, 9, 1],
    ]);
  });

  it('does not depend on the order of the rows', () => {
    const order = [6, 3, 0, 5, 1, 4, 2];
    const shuffled = groupRecencyFrequency({ x: order.map((i) => data.x[i]), tx: order.map((i) => data.tx[i]), T: order.map((i) => data.T[i]) });
    expect(shuffled).toEqual(groups);
  });

  it('groups whole days (indexed directly, or hashed past a million) as it groups the same ages in weeks (hashed)', () => {
    const days = { x: [3, 0, 1, 3, 0, 2, 1, 3], tx: [40, 0, 7, 40, 0, 150_000, 7, 41], T: [50, 9, 8, 50, 2_000_000, 150_001, 8, 50] };
    const inDays = groupRecencyFrequency(days);
    const inWeeks = groupRecencyFrequency({ ...days, tx: days.tx.map((d) => d / 7), T: days.T.map((d) => d / 7) });
    expect(Array.from(inDays.weight)).toEqual([1, 1, 2, 1, 2, 1]);
    expect(Array.from(inWeeks.weight)).toEqual(Array.from(inDays.weight));
    expect(Array.from(inWeeks.txIndex)).toEqual(Array.from(inDays.txIndex));
    expect(Array.from(inWeeks.TIndex)).toEqual(Array.from(inDays.TIndex));
    expect(Array.from(inWeeks.TValues, (w) => Math.round(w * 7))).toEqual(Array.from(inDays.TValues));
    expect(Array.from(inDays.TValues)).toEqual([8, 9, 50, 150_001, 2_000_000]);
  });

  it('groups ages with thousands of distinct values (sorted, not hashed) as it groups them in whole days', () => {
    // 12,000 customers over 6,000 distinct days: past the hashed path's limit of distinct values in weeks.
    const n = 12_000;
    const days = { x: [] as number[], tx: [] as number[], T: [] as number[] };
    for (let i = 0; i < n; i++) {
      const T = 1 + ((i * 7919) % 6000);
      const x = i % 4;
      days.x.push(x);
      days.tx.push(x === 0 ? 0 : (i * 104_729) % (T + 1));
      days.T.push(T);
    }
    const inDays = groupRecencyFrequency(days);
    const inWeeks = groupRecencyFrequency({ ...days, tx: days.tx.map((d) => d / 7), T: days.T.map((d) => d / 7) });
    expect(inDays.TValues.length).toBe(6000);
    expect(Array.from(inWeeks.weight)).toEqual(Array.from(inDays.weight));
    expect(Array.from(inWeeks.txIndex)).toEqual(Array.from(inDays.txIndex));
    expect(Array.from(inWeeks.TIndex)).toEqual(Array.from(inDays.TIndex));
    expect(Array.from(inWeeks.TValues, (w) => Math.round(w * 7))).toEqual(Array.from(inDays.TValues));
  });

  it('compresses CDNOW 2,357 customers into about a thousand groups', () => {
    const cdnow = groupRecencyFrequency(cdnowCalibration());
    expect(cdnow.weight.reduce((a, b) => a + b, 0)).toBe(2357);
    expect(cdnow.weight.length).toBeLessThan(1100);
  });

  it.each([
    [{ x: [1.5], tx: [1], T: [2] }, 'not a count'],
    [{ x: [-1], tx: [0], T: [2] }, 'not a count'],
    [{ x: [1], tx: [3], T: [2] }, '0 ≤ tx ≤ T'],
    [{ x: [1], tx: [-1], T: [2] }, '0 ≤ tx ≤ T'],
    [{ x: [1], tx: [1], T: [Number.NaN] }, '0 ≤ tx ≤ T'],
    [{ x: [0], tx: [1], T: [2] }, 'no repeat purchase'],
    [{ x: [0, 1], tx: [0], T: [2, 2] }, 'differ in length'],
  ])('rejects %p', (bad, message) => {
    expect(() => groupRecencyFrequency(bad)).toThrow(message);
  });
});

describe('groupRepeatSpend', () => {
  it('keeps repeat buyers with positive spend, grouped by (x, zbar), with Σ ln zbar per x', () => {
    const groups = groupRepeatSpend({ x: [0, 1, 1, 3, 3, 2], zbar: [0, 10, 10, 4, 0, 5] });
    expect([groups.customers, groups.excluded]).toEqual([4, 1]);
    expect(Array.from(groups.xValues)).toEqual([1, 2, 3]);
    expect(Array.from(groups.weight)).toEqual([2, 1, 1]);
    expect(Array.from(groups.xZbar)).toEqual([10, 10, 12]);
    expect(groups.xSumLogZbar[0]).toBeCloseTo(2 * Math.log(10), 12);
    expect(groups.xSumLogZbar[2]).toBeCloseTo(Math.log(4), 12);
  });

  it('orders the groups by x then zbar whatever the order of the rows, with Σ ln zbar over every customer of an x', () => {
    const x: number[] = [];
    const zbar: number[] = [];
    for (let i = 0; i < 5000; i++) {
      x.push(1 + (i % 3));
      // 3,000 distinct spends (each with one x), most of them twice, in a scrambled order.
      zbar.push(1 + ((i * 7919) % 3000) / 8);
    }
    const groups = groupRepeatSpend({ x, zbar });
    const order = Array.from({ length: 5000 }, (_, k) => (k * 2003) % 5000);
    const shuffled = groupRepeatSpend({ x: order.map((i) => x[i]), zbar: order.map((i) => zbar[i]) });
    expect(shuffled).toEqual(groups);
    expect(groups.weight.length).toBe(3000);
    expect(groups.weight.reduce((a, b) => a + b, 0)).toBe(5000);
    for (let xi = 0; xi < 3; xi++) {
      const value = groups.xValues[xi];
      let previous = 0;
      let sumLog = 0;
      for (let g = groups.xStart[xi]; g < groups.xStart[xi + 1]; g++) {
        const z = groups.xZbar[g] / value;
        expect(z).toBeGreaterThan(previous);
        previous = z;
        sumLog += groups.weight[g] * Math.log(z);
      }
      const customers = x.filter((v) => v === value).length;
      expect(groups.xWeight[xi]).toBe(customers);
      expect(groups.xSumLogZbar[xi]).toBeCloseTo(sumLog, 6);
    }
  });

  it.each([
    [{ x: [1], zbar: [Number.NaN] }, 'not finite'],
    [{ x: [0.5], zbar: [1] }, 'not a count'],
    [{ x: [1, 2], zbar: [1] }, 'differ in length'],
  ])('rejects %p', (bad, message) => {
    expect(() => groupRepeatSpend(bad)).toThrow(message);
  });
});

describe('systematic subsamples for screening starts', () => {
  const summaries = cdnowCalibration();

  it('draws about the target number of customers, in whole customers, from every x', () => {
    const groups = groupRecencyFrequency(summaries);
    const sample = subsampleRecencyFrequency(groups, 500);
    expect(Math.abs(sample.customers - 500)).toBeLessThanOrEqual(1);
    expect(sample.weight.every((w) => Number.isInteger(w) && w > 0)).toBe(true);
    expect(sample.weight.reduce((a, b) => a + b, 0)).toBe(sample.customers);
    // The share of one-time buyers survives: x = 0 is 59.9 % of CDNOW.
    expect(sample.xWeight[0] / sample.customers).toBeCloseTo(groups.xWeight[0] / groups.customers, 2);
  });

  it("keeps the spend groups' ln zbar sums consistent with the drawn customers", () => {
    const groups = groupRepeatSpend(summaries);
    const sample = subsampleRepeatSpend(groups, 300);
    for (let xi = 0; xi < sample.xValues.length; xi++) {
      let expected = 0;
      for (let g = sample.xStart[xi]; g < sample.xStart[xi + 1]; g++) {
        expected += sample.weight[g] * Math.log(sample.xZbar[g] / sample.xValues[xi]);
      }
      expect(sample.xSumLogZbar[xi]).toBeCloseTo(expected, 9);
    }
  });

  it('returns small data unchanged', () => {
    const groups = groupRecencyFrequency(summaries);
    expect(subsampleRecencyFrequency(groups, 10_000)).toBe(groups);
  });
});

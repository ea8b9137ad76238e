import { affectedBy, reasonOf, segmentDependencies } from '../../../src/segments/membership';
import type { SegmentCondition } from '../../../src/segments/definition';
import { parseCursor, parseSeriesInterval, seriesPoints } from '../../../src/segments/series';

const none = () => null;

describe('segmentDependencies', () => {
  test('a trait condition is moved by traits and by profile creation, merges, splits and erasure only; not by time', () => {
    const d = segmentDependencies({ trait: { key: 'plan', operator: 'EQ', value: 'pro' } }, none);
    expect([...d.causes].sort()).toEqual(['CREATE', 'DELETE', 'MERGE', 'SPLIT', 'TRAIT']);
    expect(d).toMatchObject({ timeRelative: false, readsMetrics: false });
    expect(affectedBy(d, ['ORDER', 'EVENT'])).toBe(false);
    expect(affectedBy(d, ['EVENT', 'TRAIT'])).toBe(true);
  });

  test('windows and relative dates are time-relative; absolute ones are not', () => {
    expect(segmentDependencies({ order: { within: 'P30D' } }, none).timeRelative).toBe(true);
    expect(segmentDependencies({ order: {} }, none).timeRelative).toBe(false);
    expect(segmentDependencies({ trait: { key: 'signed_up_at', operator: 'LT', value: 'P90D' } }, none).timeRelative).toBe(true);
    expect(segmentDependencies({ trait: { key: 'signed_up_at', operator: 'LT', value: '2026-01-01' } }, none).timeRelative).toBe(false);
  });

  test('computed fields are re-scored on orders, refunds, events and feedback, and move with time and refits', () => {
    const d = segmentDependencies({ metric: { field: 'LIFECYCLE_STAGE', operator: 'EQ', value: 'DORMANT' } }, none);
    expect(['ORDER', 'REFUND', 'EVENT', 'FEEDBACK'].every((c) => d.causes.has(c as never))).toBe(true);
    expect(d.causes.has('TRAIT')).toBe(false);
    expect(d).toMatchObject({ timeRelative: true, readsMetrics: true });
  });

  test('a referenced segment lends its dependencies, transitively, and cycles in stored data do not loop', () => {
    const stored: Record<string, SegmentCondition> = {
      a: { feedback: { nps: 'DETRACTOR' } },
      b: { or: [{ inSegment: 'a' }, { inSegment: 'c' }] },
      c: { inSegment: 'b' },
    };
    const d = segmentDependencies({ not: { inSegment: 'b' } }, (id) => stored[id] ?? null);
    expect(d.causes.has('FEEDBACK')).toBe(true);
    expect([...d.references].sort()).toEqual(['a', 'b', 'c']);
  });
});

test('reasonOf: the most structural cause names the change', () => {
  expect(reasonOf(new Set(['EVENT', 'TRAIT']))).toBe('DATA_CHANGE');
  expect(reasonOf(new Set(['CREATE', 'EVENT']))).toBe('DATA_CHANGE');
  expect(reasonOf(new Set(['EVENT', 'MERGE']))).toBe('MERGE');
  expect(reasonOf(new Set(['MERGE', 'SPLIT']))).toBe('SPLIT');
  expect(reasonOf(new Set(['DELETE', 'MERGE']))).toBe('DELETION');
});

describe('history arguments', () => {
  test('steps of hours, days and weeks; points from `from` to `to` inclusive', () => {
    expect(parseSeriesInterval('PT6H', 'interval')).toBe(6 * 3_600_000);
    expect(parseSeriesInterval('P2W', 'interval')).toBe(14 * 86_400_000);
    const points = seriesPoints(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-03T00:00:00Z'), parseSeriesInterval('P1D', 'interval'));
    expect(points.map((p) => p.toISOString().slice(0, 10))).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
  });

  test.each(['P0D', 'P1M', '1D', 'PT0H', ''])('%p is refused', (text) => {
    expect(() => parseSeriesInterval(text, 'interval')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'interval' }) }));
  });

  test('too many points and a reversed range are refused naming the argument', () => {
    const from = new Date('2026-01-01T00:00:00Z');
    expect(() => seriesPoints(from, new Date('2027-01-01T00:00:00Z'), 3_600_000)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ field: 'interval' }) }));
    expect(() => seriesPoints(from, new Date('2025-01-01T00:00:00Z'), 3_600_000)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ field: 'to' }) }));
  });

  test('cursors are the log positions as decimal strings', () => {
    expect(parseCursor('42', 'after')).toBe(42);
    expect(() => parseCursor('-1', 'after')).toThrow();
    expect(() => parseCursor('eyJ4IjoxfQ', 'after')).toThrow();
  });
});

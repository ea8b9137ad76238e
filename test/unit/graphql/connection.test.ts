import { decodeTimeCursor, encodeCursor, pageArgs, timePageArgs, toConnection } from '../../../src/graphql/connection';
import { formatDecimal } from '../../../src/graphql/scalars';

describe('pageArgs', () => {
  it.each([
    [undefined, 20],
    [null, 20],
    [0, 0],
    [1000, 1000],
  ])('first=%p gives a page of %p', (first, size) => {
    expect(pageArgs(first as number | null | undefined, null).first).toBe(size);
  });

  it.each([[-1], [1001], [1.5]])('first=%p is BAD_USER_INPUT on `first`', (first) => {
    expect(() => pageArgs(first, null)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'first' } }));
  });
});

describe('time cursors', () => {
  it('round-trip PostgreSQL timestamp text with microseconds intact', () => {
    const cursor = encodeCursor(['2026-11-23 05:54:59.568491+00', '5b0e4a4e-2f57-4b44-9b0a-0b8f9a0c1d2e']);
    expect(decodeTimeCursor(cursor)).toEqual({ at: '2026-11-23 05:54:59.568491+00', id: '5b0e4a4e-2f57-4b44-9b0a-0b8f9a0c1d2e' });
  });

  it.each([['zzz'], [encodeCursor(['yesterday', 'x'])], [encodeCursor(['2026-01-01 00:00:00+00'])], [Buffer.from('{"a":1}').toString('base64url')]])(
    'reject %p as bad input on `after`',
    (cursor) => {
      expect(() => timePageArgs(10, cursor)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } }));
    },
  );
});

test('toConnection cuts the look-ahead row and reports whether more exist', () => {
  const rows = [1, 2, 3];
  const page = toConnection(rows, { first: 2, after: 'c' }, (r) => `c${r}`, (r) => ({ n: r }));
  expect(page.edges).toEqual([{ cursor: 'c1', node: { n: 1 } }, { cursor: 'c2', node: { n: 2 } }]);
  expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true, startCursor: 'c1', endCursor: 'c2' });
  expect(toConnection([], { first: 2, after: null }, String, String).pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
});

it.each([
  ['59.9000', '59.90'],
  ['59.0000', '59.00'],
  ['0.1250', '0.125'],
  ['-3.5000', '-3.50'],
  ['1200', '1200.00'],
])('Decimal %s is shown as %s', (stored, shown) => {
  expect(formatDecimal(stored)).toBe(shown);
});

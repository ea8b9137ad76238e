import { PgDialect } from 'drizzle-orm/pg-core';
import { compileDefinition } from '../../../src/segments/compile';
import type { SegmentCondition } from '../../../src/segments/definition';
import { validateDefinition } from '../../../src/segments/validate';

const dialect = new PgDialect();
const NOW = new Date('2026-03-15T19:00:00Z');
const A = '00000000-0000-4000-8000-00000000000a';
const EVIL = `x'); drop table customers; --`;

const render = (definition: unknown, now = NOW, extra: { customerIds?: string[]; segments?: Map<string, SegmentCondition> } = {}) =>
  dialect.sqlToQuery(
    compileDefinition(validateDefinition(definition), {
      now,
      timeZone: 'Asia/Shanghai',
      customerIds: extra.customerIds,
      segments: (id) => extra.segments?.get(id) ?? null,
    }),
  );

/** One definition of every family, with `s` as every string and `n` as every number it holds. */
const everyFamily = (s: string, n: number) => ({
  and: [
    { trait: { key: s, operator: 'EQ', value: s } },
    { trait: { key: s, operator: 'IN', values: [s, `${s}2`] } },
    { trait: { key: s, operator: 'CONTAINS', value: s } },
    { trait: { key: s, operator: 'STARTS_WITH', value: s } },
    { trait: { key: s, operator: 'BETWEEN', values: [n, n + 1] } },
    { trait: { key: s, operator: 'GTE', value: 'P30D' } },
    { identity: { type: `t${n}` } },
    { metric: { field: 'RFM_CELL', operator: 'NOT_IN', values: ['CHAMPIONS'] } },
    { metric: { field: 'HISTORICAL_LTV', operator: 'GT', value: String(n) } },
    { event: { name: s, within: `P${n}D`, atLeast: n, where: [{ key: s, operator: 'NEQ', value: n }] } },
    { order: { within: `P${n}M`, product: [{ key: s, operator: 'EQ', value: s }], netRevenue: { operator: 'LT', value: n } } },
    { feedback: { within: `P${n}W`, averageRating: { operator: 'GTE', value: n } } },
  ],
});

describe('compileDefinition', () => {
  test('values, keys and names are bound parameters, never SQL text', () => {
    const { sql, params } = render(everyFamily(EVIL, 3));
    expect(sql).not.toContain('drop table');
    expect(params).toContain(EVIL);
    expect(sql).not.toMatch(/'\d/); // no literal numbers from the definition either
  });

  test('the SQL text depends on the shape only: other values, keys and "now" give the same statement', () => {
    const a = render(everyFamily('plan', 3));
    const b = render(everyFamily('city', 7), new Date('2027-01-01T00:00:00Z'));
    expect(b.sql).toBe(a.sql);
    expect(b.params).not.toEqual(a.params);
    expect(a.params).toContain(NOW.toISOString());
    expect(a.params).toContain('Asia/Shanghai');
  });

  test('Customer.matches restricts to the page with one array parameter', () => {
    const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
    const { sql, params } = render({ identity: { type: 'email' } }, NOW, { customerIds: ids });
    expect(sql).toContain('c.id = any(');
    expect(params).toContain(`{${ids.join(',')}}`);
  });

  test('a referenced segment is inlined: still one statement', () => {
    const segments = new Map<string, SegmentCondition>([[A, { trait: { key: 'plan', operator: 'EQ', value: 'pro' } }]]);
    const { sql, params } = render({ and: [{ inSegment: A }, { identity: { type: 'email' } }] }, NOW, { segments });
    expect(sql.match(/select c\.id/g)).toHaveLength(1);
    expect(params).toEqual(expect.arrayContaining(['plan', 'pro', 'email']));
  });

  test('an unknown referenced segment is NOT_FOUND at its path', () => {
    expect(() => render({ or: [{ identity: { type: 'email' } }, { inSegment: A }] })).toThrow(expect.objectContaining({ code: 'NOT_FOUND', field: 'or.1.inSegment' }));
  });

  test('every condition is two-valued: not wraps a coalesce, so a missing value never makes NULL', () => {
    const { sql } = render({ not: { trait: { key: 'plan', operator: 'NEQ', value: 'x' } } });
    expect(sql).toMatch(/\(not coalesce\(/);
  });
});

import { PgDialect } from 'drizzle-orm/pg-core';
import { compileSegmentSet } from '../../../src/segments/compileSet';
import type { SegmentCondition } from '../../../src/segments/definition';
import { validateDefinition } from '../../../src/segments/validate';

/*
 * The whole-population form's SQL text. That it selects the same customers as the per-customer form and evaluate() is
 * the agreement property test's job (test/integration/segments-agreement.test.ts); here, what its text promises.
 */

const dialect = new PgDialect();
const NOW = new Date('2026-03-15T19:00:00Z');
const A = '00000000-0000-4000-8000-00000000000a';
const EVIL = `x'); drop table customers; --`;

const render = (definition: unknown, now = NOW, segments = new Map<string, SegmentCondition>()) =>
  dialect.sqlToQuery(compileSegmentSet(validateDefinition(definition), { now, timeZone: 'Asia/Shanghai', segments: (id) => segments.get(id) ?? null }));

const everyFamily = (s: string, n: number) => ({
  and: [
    { trait: { key: s, operator: 'EQ', value: s } },
    { trait: { key: s, operator: 'GTE', value: 'P30D' } },
    { identity: { type: `t${n}` } },
    { metric: { field: 'HISTORICAL_LTV', operator: 'GT', value: String(n) } },
    { event: { name: s, within: `P${n}D`, atLeast: n, where: [{ key: s, operator: 'NEQ', value: n }] } },
    { event: { name: s, atMost: n } },
    { order: { within: `P${n}M`, product: [{ key: s, operator: 'EQ', value: s }], netRevenue: { operator: 'LT', value: n } } },
    { order: { atLeast: n, atMost: n + 1 } },
    { feedback: { within: `P${n}W`, averageRating: { operator: 'GTE', value: n } } },
    { feedback: { nps: 'DETRACTOR' } },
    { feedback: { openTickets: { atLeast: n } } },
  ],
});

/** The set CTEs a statement defines (`s1 as (`, …). */
const setsOf = (sql: string) => sql.match(/\bs\d+ as \(/g) ?? [];

describe('compileSegmentSet', () => {
  test('values, keys and names are bound parameters, never SQL text', () => {
    const { sql, params } = render(everyFamily(EVIL, 3));
    expect(sql).not.toContain('drop table');
    expect(params).toContain(EVIL);
    expect(sql).not.toMatch(/'\d/);
  });

  test('the SQL text depends on the shape only: other values, keys and "now" give the same statement', () => {
    const a = render(everyFamily('plan', 3));
    const b = render(everyFamily('city', 7), new Date('2027-01-01T00:00:00Z'));
    expect(b.sql).toBe(a.sql);
    expect(b.params).not.toEqual(a.params);
    expect(a.params).toContain(NOW.toISOString());
  });

  test('each row-reading condition is one set, aggregated once; traits and metrics read the profile row', () => {
    const { sql } = render(everyFamily('plan', 3));
    // identity, two event counts, revenue, order count, rating, NPS, tickets
    expect(setsOf(sql)).toHaveLength(8);
    expect(sql.match(/from customers c /g)).toHaveLength(1);
    expect(sql).toContain('left join customer_metrics cm');
    // No correlated probe per profile.
    expect(sql).not.toMatch(/m\.id = c\.id/);
  });

  test('a condition repeated — directly or through inSegment — is aggregated once', () => {
    const viewed = { event: { name: 'Product Viewed', within: 'P30D' } };
    const segments = new Map<string, SegmentCondition>([[A, validateDefinition({ and: [viewed, { trait: { key: 'plan', operator: 'EQ', value: 'pro' } }] })]]);
    const { sql } = render({ or: [{ inSegment: A }, { not: viewed }, { and: [viewed, { order: {} }] }] }, NOW, segments);
    expect(setsOf(sql)).toHaveLength(2);
  });

  test('a count that holds for no rows at all ("at most 2") is its complement, so a profile with no rows is in', () => {
    const { sql } = render({ event: { name: 'x', atMost: 2 } });
    expect(sql).toMatch(/having sum\(x\.n\) > \$\d+::int/);
    expect(sql).toMatch(/\(s1\.cid is null\)/);
    expect(setsOf(render({ event: { name: 'x', atLeast: 0 } }).sql)).toHaveLength(0);
  });

  test('a window starts at an expression of the parameters only (folded at planning); a relative date is read once per statement', () => {
    const { sql } = render({ and: [{ event: { within: 'P7D' } }, { trait: { key: 'd', operator: 'GTE', value: 'P30D' } }] });
    const window = /e\.occurred_at >= (\(.*?\)) group by/.exec(sql)![1];
    expect(window).toMatch(/^\(\(\(\$\d+::timestamptz at time zone \$\d+::text\)::date - make_interval\(months => \$\d+::int, days => \$\d+::int\)\) at time zone \$\d+::text\)$/);
    expect(sql).toMatch(/\(select to_char\(\(p\.today - make_interval\(.*\)\), 'YYYY-MM-DD'\) from p\)/);
  });

  test('rows count for the surviving profile, looked up among the merged-away ones only', () => {
    const { sql } = render({ identity: { type: 'email' } });
    expect(sql).toContain('merged as (select id, merged_into_id from customers where merged_into_id is not null)');
    expect(sql).toContain('coalesce(mg.merged_into_id, x.customer_id)');
  });

  test('a cycle or an unknown reference is refused as the per-customer form refuses it', () => {
    expect(() => render({ or: [{ identity: { type: 'email' } }, { inSegment: A }] })).toThrow(expect.objectContaining({ code: 'NOT_FOUND', field: 'or.1.inSegment' }));
  });
});

import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { bindStatement, statementTemplate, uuidArray, uuidArrayLiteral } from '../../../src/db/values';

const dialect = new PgDialect();
const ids = ['8b0f0d3c-1111-4222-8333-444455556666', '9c0f0d3c-1111-4222-8333-444455556666'];

test('a template bound with values serialises to what the statement built with those values does', () => {
  const build = (at: unknown, who: ReturnType<typeof uuidArray>) =>
    sql`select c.id from customers c where c.created_at < ${at}::timestamptz and c.id = any(${who}) and c.traits ->> ${'plan'} = ${'pro'}
      and c.id <> all(${who})`;
  const template = statementTemplate(build(sql.placeholder('now'), sql`${sql.placeholder('ids')}::uuid[]`));
  expect(template).not.toBeNull();
  const bound = bindStatement(template!, { now: '2026-11-24T00:00:00.000Z', ids: uuidArrayLiteral(ids) });
  expect(dialect.sqlToQuery(bound)).toEqual(dialect.sqlToQuery(build('2026-11-24T00:00:00.000Z', uuidArray(ids))));
});

test('a missing value is refused; a text holding a $ that is not a parameter gets no template', () => {
  const template = statementTemplate(sql`select ${sql.placeholder('a')}::int + ${1}::int`)!;
  expect(() => bindStatement(template, {})).toThrow(/No value for placeholder "a"/);
  expect(dialect.sqlToQuery(bindStatement(template, { a: 2 }))).toMatchObject({ sql: 'select $1::int + $2::int', params: [2, 1] });
  expect(statementTemplate(sql`select jsonb_path_query(${'{}'}::jsonb, '$.a')`)).toBeNull();
});

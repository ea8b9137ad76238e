import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createIngestDeps } from '../../src/app';
import { loadConfig } from '../../src/config';
import { rows, type Database } from '../../src/db/client';
import type { IngestDeps } from '../../src/ingestion/ingest';
import { checkImportFile, ImportError, importFile, parseCsvRecord, type ImportFormat } from '../../src/ingestion/import';
import { ensureSource } from '../../src/ingestion/sources';
import { customerRow, identify, orderCompleted, page, profileOf, statsOf, track, uniq } from '../factories/messages';
import { createTestDatabase } from '../helpers/db';

/**
 * Bulk import (issue 3 §1): NDJSON and CSV files through normalizeSegmentMessage → ingestBatch, with per-line
 * outcomes, line numbers and column names in rejections, and re-imports that are all DUPLICATE.
 */

const config = loadConfig({ LOG_LEVEL: 'silent', CURRENCY_RATES: 'EUR=1.08' });
let database: Database;
let deps: IngestDeps;
let dir: string;
beforeAll(async () => {
  database = await createTestDatabase();
  deps = createIngestDeps(config, database);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-import-'));
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, `${uniq('f')}-${name}`);
  fs.writeFileSync(file, text);
  return file;
}

async function run(file: string, format: ImportFormat, sourceId: string, batchSize = 2) {
  return importFile(deps, { file, format, sourceId, config, batchSize });
}

async function ordersOf(sourceId: string) {
  return rows<{ order_id: string; total: string; currency: string; message_id: string; root: string; occurred_at: string }>(
    database.db,
    sql`select o.order_id, o.total::text as total, o.currency, o.message_id, coalesce(c.merged_into_id, c.id)::text as root,
          to_char(o.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as occurred_at
        from orders o join customers c on c.id = o.customer_id where o.source_id = ${sourceId}::uuid order by o.order_id`,
  );
}

describe('NDJSON', () => {
  test('good, bad and duplicate lines; archived timestamps kept; re-import is all DUPLICATE', async () => {
    const sourceId = await ensureSource(database.db, uniq('ndjson'));
    const [u, email, anon] = [uniq('u'), `${uniq('e')}@example.com`, uniq('anon')];
    const first = identify({ userId: u }, { email, plan: 'pro' });
    const order = orderCompleted(
      { userId: u },
      { order_id: uniq('o'), total: '10.50', currency: 'usd' },
      // sentAt is the original send time: skew correction would move the order to now.
      { timestamp: '2021-03-04T05:06:07Z', sentAt: '2021-03-04T05:06:09Z' },
    );
    const { messageId: _, ...noId } = page({ anonymousId: anon }, 'Pricing');
    const lines = [
      JSON.stringify(first),
      JSON.stringify(order),
      '{"type": "track", "event": broken',
      '',
      JSON.stringify(identify({ userId: 'null' }, { email: 'test@test.com' })),
      JSON.stringify({ ...track({ userId: u }, 'Viewed'), messageId: first.messageId }),
      JSON.stringify(noId),
      '[1, 2]',
    ];
    const file = write('x.ndjson', `${lines.join('\r\n')}\n`);

    const summary = await run(file, 'ndjson', sourceId);
    expect(summary).toMatchObject({ lines: 7, accepted: 3, duplicate: 1, rejected: 3 });
    expect(summary.rejections).toEqual([
      { line: 3, field: '', reason: 'line is not JSON' },
      { line: 5, field: 'userId', reason: expect.stringMatching(/^no usable identity .*2 dropped as invalid or blocked$/) },
      { line: 8, field: '', reason: 'a message must be a JSON object' },
    ]);

    const again = await run(file, 'ndjson', sourceId, 500);
    expect(again).toMatchObject({ lines: 7, accepted: 0, duplicate: 4, rejected: 3 });
    expect(await statsOf(database.db, sourceId)).toMatchObject({ accepted: 3, duplicate: 5, rejected: 6 });

    const customer = await profileOf(database.db, 'user_id', u);
    expect(customer).not.toBeNull();
    expect(await profileOf(database.db, 'email', email)).toBe(customer);
    expect(await ordersOf(sourceId)).toEqual([
      expect.objectContaining({ total: '10.5000', currency: 'USD', root: customer, occurred_at: '2021-03-04T05:06:07Z' }),
    ]);
    expect(await customerRow(database.db, customer!)).toMatchObject({ order_count: 1, traits: expect.objectContaining({ plan: 'pro' }) });
    const derived = await rows<{ message_id: string }>(
      database.db,
      sql`select message_id from events where source_id = ${sourceId}::uuid and message_id like 'import:%'`,
    );
    expect(derived).toEqual([{ message_id: expect.stringMatching(/^import:[0-9a-f]{64}$/) }]);
    expect(await profileOf(database.db, 'anonymous_id', anon)).not.toBeNull();
  });

  test('an empty file imports nothing', async () => {
    const sourceId = await ensureSource(database.db, uniq('ndjson'));
    expect(await run(write('empty.ndjson', '\n\n'), 'ndjson', sourceId)).toEqual({ lines: 0, accepted: 0, duplicate: 0, rejected: 0, rejections: [] });
  });
});

describe('CSV', () => {
  test('quoted fields, commas and quotes inside, bad rows with column names; re-import is all DUPLICATE', async () => {
    const sourceId = await ensureSource(database.db, uniq('csv'));
    const [u1, u2, e2, e3] = [uniq('u'), uniq('u'), `${uniq('e')}@example.com`, `${uniq('E')}@Example.com`];
    const o = uniq('o');
    const csv = [
      '\uFEFFuser_id, Email ,order_id,total,currency,occurred_at',
      `${u1},,"${o}-A,1",12.50,EUR,2024-05-01T10:00:00Z`,
      `${u2},"${e2}","${o}-B ""quoted"" 2",99,,2024-05-02T10:00:00+02:00`,
      `,${e3},"${o}-C`,
      `multi-line",0.5,usd,`,
      '',
      `${u1},,${o}-bad,abc,USD,`,
      `${u1},,"${o}-A,1",12.50,EUR,2024-05-01T10:00:00Z`,
      `,,${o}-nobody,5,,`,
      `${u1},,${o}-short,5`,
      `${u1},,${o}-D,1,XXX,`,
      `${u1},,x"y,1,,`,
      `${u1},,${o}-E,3,,2024-02-30T00:00:00Z`,
    ].join('\r\n');
    const file = write('orders.csv', csv);

    const summary = await run(file, 'csv', sourceId);
    expect(summary).toMatchObject({ lines: 10, accepted: 3, duplicate: 1, rejected: 6 });
    expect(summary.rejections).toEqual([
      { line: 7, field: 'total', reason: 'total must be a decimal amount (number or string) with at most 4 decimals' },
      { line: 9, field: 'user_id', reason: 'one of user_id, email, anonymous_id is required' },
      { line: 10, field: '', reason: 'the row has 4 fields, the header 6' },
      { line: 11, field: 'currency', reason: expect.stringContaining('XXX') },
      { line: 12, field: '', reason: 'field 3: a quote in a field that is not enclosed in quotes' },
      { line: 13, field: 'occurred_at', reason: 'occurred_at must be an ISO 8601 date-time with a time zone' },
    ]);

    const again = await run(file, 'csv', sourceId, 500);
    expect(again).toMatchObject({ lines: 10, accepted: 0, duplicate: 4, rejected: 6 });

    const c1 = await profileOf(database.db, 'user_id', u1);
    const c2 = await profileOf(database.db, 'user_id', u2);
    const c3 = await profileOf(database.db, 'email', e3.toLowerCase());
    expect(await profileOf(database.db, 'email', e2)).toBe(c2);
    expect(new Set([c1, c2, c3]).size).toBe(3);
    expect(await ordersOf(sourceId)).toEqual([
      { order_id: `${o}-A,1`, total: '12.5000', currency: 'EUR', message_id: `order:${o}-A,1`, root: c1, occurred_at: '2024-05-01T10:00:00Z' },
      { order_id: `${o}-B "quoted" 2`, total: '99.0000', currency: 'USD', message_id: `order:${o}-B "quoted" 2`, root: c2, occurred_at: '2024-05-02T08:00:00Z' },
      expect.objectContaining({ order_id: `${o}-C\nmulti-line`, total: '0.5000', currency: 'USD', root: c3 }),
    ]);
    expect(await customerRow(database.db, c1!)).toMatchObject({ order_count: 1 });
  });

  test('message_id and anonymous_id columns; the same order id under a new message id is still a DUPLICATE', async () => {
    const sourceId = await ensureSource(database.db, uniq('csv'));
    const [anon, o] = [uniq('anon'), uniq('o')];
    const file = write('orders.csv', `message_id,order_id,total,anonymous_id\nm-${o}-1,${o},1.25,${anon}\nm-${o}-2,${o},1.25,${anon}\n`);
    expect(await run(file, 'csv', sourceId)).toMatchObject({ accepted: 1, duplicate: 1, rejected: 0 });
    expect(await ordersOf(sourceId)).toEqual([expect.objectContaining({ order_id: o, message_id: `m-${o}-1`, root: await profileOf(database.db, 'anonymous_id', anon) })]);
  });

  test.each([
    ['an unknown column', 'order_id,total,user_id,name\n', /unknown CSV column "name"; the columns are order_id, total, currency, occurred_at, user_id, email, anonymous_id, message_id/],
    ['a missing required column', 'order_id,user_id\n', /the CSV header lacks total/],
    ['no identity column', 'order_id,total\n1,2\n', /at least one identity column/],
    ['a repeated column', 'order_id,total,email,Email\n', /"email" appears twice/],
    ['an unclosed quote in the header', 'order_id,"total\n', /unclosed quote/],
    ['no header at all', '\n\n', /no header row/],
  ])('%s stops the import before anything is written', async (_, text, message) => {
    const file = write('bad.csv', text);
    await expect(checkImportFile(file, 'csv')).rejects.toThrow(message);
    const sourceId = await ensureSource(database.db, uniq('csv'));
    await expect(run(file, 'csv', sourceId)).rejects.toThrow(ImportError);
  });

  test('a missing file is an ImportError', async () => {
    await expect(checkImportFile(path.join(dir, 'nope.ndjson'), 'ndjson')).rejects.toThrow(/nope\.ndjson: no such file/);
  });
});

describe('parseCsvRecord', () => {
  test.each([
    ['a,b,c', { fields: ['a', 'b', 'c'] }],
    ['a,,', { fields: ['a', '', ''] }],
    ['', { fields: [''] }],
    ['"a,b","c ""d""",""', { fields: ['a,b', 'c "d"', ''] }],
    ['"a\nb",c', { fields: ['a\nb', 'c'] }],
    ['"a,b', { open: true }],
    ['"a""', { open: true }],
    ['"a"b,c', { error: 'field 1: text after the closing quote' }],
    ['a,b"c', { error: 'field 2: a quote in a field that is not enclosed in quotes' }],
  ])('%j', (text, expected) => {
    expect(parseCsvRecord(text)).toEqual(expected);
  });
});

import http from 'node:http';
import { sql } from 'drizzle-orm';
import { makeCustomer } from '../factories/profiles';
import { uniq } from '../factories/messages';
import { CreateSegmentDocument, RecomputeMetricsDocument, UpdateSegmentDocument } from '../generated/graphql';
import { startListeningServer, type TestServer } from '../helpers/server';

/**
 * Issue 5 §2, bulk export: `GET /export/segments/:id/members.csv` and `.ndjson` over the real HTTP server, with the
 * GraphQL keys and scopes, `?columns=` (traits, computed fields, identities; PII behind pii:read), keyset-paged
 * chunks of EXPORT_CHUNK_SIZE members, each one statement whatever the columns.
 */

const CHUNK = 4;
let t: TestServer & { base: string };

beforeAll(async () => {
  t = await startListeningServer({ EXPORT_CHUNK_SIZE: String(CHUNK) });
});
afterAll(() => t.close());

/** Customers tagged with a tag of their own and a segment of exactly them (evaluated on create). */
async function segmentOf(count: number, more: (i: number) => Parameters<typeof makeCustomer>[1] = () => ({})) {
  const tag = uniq('tag');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const opts = more(i) ?? {};
    ids.push(await makeCustomer(t.database.db, { ...opts, traits: { tag, ...opts.traits } }));
  }
  const res = await t.op(CreateSegmentDocument, { input: { name: uniq('Export'), definition: { trait: { key: 'tag', operator: 'EQ', value: tag } } } });
  expect(res.errors).toBeUndefined();
  expect(res.data.createSegment.size).toBe(count);
  return { id: res.data.createSegment.id as string, ids: ids.sort(), tag };
}

function get(path: string, key: string | null = t.adminKey) {
  return fetch(`${t.base}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
}

/** RFC 4180, for checking what the server wrote: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') record.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (field = ''), (record = []), i++;
    else field += ch;
  }
  if (field || record.length) throw new Error('CSV does not end with CRLF');
  return records;
}

/** The `extensions` of a JSON error body. */
const extensionsOf = async (res: Response) => ((await res.json()) as { errors: { extensions: Record<string, unknown> }[] }).errors[0].extensions;

const ndjson = (text: string) => {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n').map((l) => JSON.parse(l));
};

test('CSV: one header row, CRLF, RFC 4180 quoting, attachment headers', async () => {
  const tricky = 'say "hi", then\nbye';
  const seg = await segmentOf(3, (i) => ({ traits: { plan: i === 0 ? tricky : 'pro' } }));
  const res = await get(`/export/segments/${seg.id}/members.csv?columns=trait.plan`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="segment-${seg.id}-members.csv"`);
  const text = await res.text();
  expect(text.startsWith('customer_id,entered_at,trait.plan\r\n')).toBe(true);
  expect(text).toContain(',"say ""hi"", then\nbye"\r\n');
  const [header, ...records] = parseCsv(text);
  expect(header).toEqual(['customer_id', 'entered_at', 'trait.plan']);
  expect(records.map((r) => r[0])).toEqual(seg.ids);
  expect(records.every((r) => r.length === 3 && !Number.isNaN(Date.parse(r[1])) && r[1].endsWith('Z'))).toBe(true);
  expect(records.map((r) => r[2]).sort()).toEqual(['pro', 'pro', tricky].sort());
});

test('NDJSON: one JSON object per line, traits as their JSON values, computed fields typed, identities as arrays', async () => {
  const seg = await segmentOf(2, (i) => ({
    traits: { plan: 'pro', seats: i + 1, flags: { beta: true } },
    identities: [['user_id', uniq('u')], ['crm_id', uniq('crm')]],
    orders: i === 0 ? 2 : 0,
  }));
  expect((await t.op(RecomputeMetricsDocument, {})).data.recomputeMetrics).toBe(true);
  const columns = 'trait.plan,trait.seats,trait.flags,trait.missing,rfm_tier,lifecycle_stage,aipl_stage,rfm_score,rfm_cell,historical_ltv,predicted_ltv_12m,churn_score,churn_band,p_alive,identity.user_id,identity.anonymous_id';
  const res = await get(`/export/segments/${seg.id}/members.ndjson?columns=${columns}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/x-ndjson');
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="segment-${seg.id}-members.ndjson"`);
  const lines = ndjson(await res.text());
  expect(lines.map((l) => l.customer_id)).toEqual(seg.ids);
  expect(Object.keys(lines[0])).toEqual(['customer_id', 'entered_at', ...columns.split(',')]);
  const buyer = lines.find((l) => l['historical_ltv'] !== '0.00')!;
  const other = lines.find((l) => l !== buyer)!;
  expect(buyer).toMatchObject({ 'trait.plan': 'pro', 'trait.flags': { beta: true }, 'trait.missing': null, historical_ltv: '22.00', aipl_stage: 'LOYALTY' });
  expect(buyer['rfm_score']).toMatch(/^[1-5]{3}$/);
  expect(typeof buyer['trait.seats']).toBe('number');
  expect(other).toMatchObject({ rfm_tier: 'NONE', lifecycle_stage: 'PROSPECT', aipl_stage: 'NONE', rfm_score: null, rfm_cell: null, historical_ltv: '0.00', churn_score: null });
  for (const l of lines) {
    expect(l['identity.user_id']).toHaveLength(1);
    expect(l['identity.anonymous_id']).toEqual([]);
  }
});

test('identity columns gather the profiles merged into a member, joined with | in CSV', async () => {
  const seg = await segmentOf(1, () => ({ identities: [['user_id', 'u-live']] }));
  const live = seg.ids[0];
  await makeCustomer(t.database.db, { mergedIntoId: live, identities: [['user_id', 'u-merged'], ['wechat_openid:wx1', 'wx-a']] });
  const csv = parseCsv(await (await get(`/export/segments/${seg.id}/members.csv?columns=identity.user_id,identity.wechat_openid`)).text());
  expect(csv).toEqual([['customer_id', 'entered_at', 'identity.user_id', 'identity.wechat_openid'], [live, expect.any(String), 'u-live|u-merged', 'wx-a']]);
  const [line] = ndjson(await (await get(`/export/segments/${seg.id}/members.ndjson?columns=identity.user_id`)).text());
  expect(line['identity.user_id']).toEqual(['u-live', 'u-merged']);
});

test('columns: chosen ones in the order asked, each once; an unknown one is a 400 naming it', async () => {
  const seg = await segmentOf(1, () => ({ traits: { plan: 'pro' } }));
  const csv = parseCsv(await (await get(`/export/segments/${seg.id}/members.csv?columns=rfm_tier,trait.plan,rfm_tier,customer_id`)).text());
  expect(csv[0]).toEqual(['customer_id', 'entered_at', 'rfm_tier', 'trait.plan']);
  expect(csv[1].slice(2)).toEqual(['NONE', 'pro']);
  for (const bad of ['rfm_banana', 'trait.', 'identity.Not A Type']) {
    const res = await get(`/export/segments/${seg.id}/members.csv?columns=trait.plan,${encodeURIComponent(bad)}`);
    expect(res.status).toBe(400);
    expect(await extensionsOf(res)).toEqual({ code: 'BAD_USER_INPUT', field: 'columns', column: bad });
  }
});

test('PII columns need pii:read: 403 naming the column without it, the values with it', async () => {
  const seg = await segmentOf(1, () => ({ traits: { email: 'ann@example.com', plan: 'pro' }, identities: [['email', `${uniq('ann')}@example.com`]] }));
  const reader = await t.key('segments:read');
  const piiReader = await t.key('segments:read', 'pii:read');
  for (const column of ['trait.email', 'identity.email']) {
    const res = await get(`/export/segments/${seg.id}/members.csv?columns=trait.plan,${column}`, reader);
    expect(res.status).toBe(403);
    expect(await extensionsOf(res)).toEqual({ code: 'FORBIDDEN', field: 'columns', column });
  }
  const ok = await get(`/export/segments/${seg.id}/members.ndjson?columns=trait.plan,identity.user_id`, reader);
  expect(ok.status).toBe(200);
  const [line] = ndjson(await (await get(`/export/segments/${seg.id}/members.ndjson?columns=trait.email,identity.email`, piiReader)).text());
  expect(line['trait.email']).toBe('ann@example.com');
  expect(line['identity.email']).toEqual([expect.stringMatching(/@example\.com$/)]);
});

test('refusals: 401 without a valid key, 403 without segments:read, 400 for a non-UUID id, 404 for an unknown segment, 405 for POST', async () => {
  const seg = await segmentOf(1);
  const path = `/export/segments/${seg.id}/members.csv`;
  const codeOf = async (res: Response) => (await extensionsOf(res)).code;

  const none = await get(path, null);
  expect([none.status, none.headers.get('www-authenticate'), await codeOf(none)]).toEqual([401, 'Bearer', 'UNAUTHENTICATED']);
  const wrong = await get(path, 'sk_not-a-key');
  expect([wrong.status, await codeOf(wrong)]).toEqual([401, 'UNAUTHENTICATED']);
  const profilesOnly = await get(path, await t.key('profiles:read', 'pii:read'));
  expect([profilesOnly.status, await codeOf(profilesOnly)]).toEqual([403, 'FORBIDDEN']);
  const notUuid = await get('/export/segments/not-a-uuid/members.csv');
  expect([notUuid.status, await codeOf(notUuid)]).toEqual([400, 'BAD_USER_INPUT']);
  const unknown = await get('/export/segments/00000000-0000-4000-8000-000000000000/members.ndjson');
  expect([unknown.status, await codeOf(unknown)]).toEqual([404, 'NOT_FOUND']);
  const post = await fetch(`${t.base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${t.adminKey}` } });
  expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET']);
  const otherPath = await get(`/export/segments/${seg.id}/members.xml`);
  expect(otherPath.status).toBe(404);
});

test('asOf: the members of that instant, across chunk boundaries; a bad asOf or an unknown parameter is a 400 naming it', async () => {
  const seg = await segmentOf(CHUNK + 3, (i) => ({ traits: { n: i } }));
  const before = new Date(Date.now() - 60_000);
  await new Promise((r) => setTimeout(r, 5));
  const whenAll = new Date();
  await new Promise((r) => setTimeout(r, 5));
  const kept = [0, 2, 4];
  const updated = await t.op(UpdateSegmentDocument, {
    id: seg.id,
    input: { name: uniq('Export'), definition: { and: [{ trait: { key: 'tag', operator: 'EQ', value: seg.tag } }, { trait: { key: 'n', operator: 'IN', values: kept } }] } },
  });
  expect(updated.errors).toBeUndefined();
  expect(updated.data.updateSegment.size).toBe(kept.length);

  const idsOf = async (query: string) => parseCsv(await (await get(`/export/segments/${seg.id}/members.csv${query}`)).text()).slice(1).map((r) => r[0]);
  expect(await idsOf(`?asOf=${whenAll.toISOString()}`)).toEqual(seg.ids);
  expect(await idsOf(`?asOf=${encodeURIComponent(whenAll.toISOString().replace('Z', '+00:00'))}&columns=trait.n`)).toEqual(seg.ids);
  expect(await idsOf(`?asOf=${before.toISOString()}`)).toEqual([]);
  const now = await idsOf('');
  expect(now).toHaveLength(kept.length);
  expect(await idsOf(`?asOf=${new Date().toISOString()}`)).toEqual(now);

  for (const [query, field] of [['?asOf=yesterday', 'asOf'], ['?asOf=2026-02-30T00:00:00Z', 'asOf'], ['?asOf=2026-10-01T00:00:00', 'asOf'], ['?column=rfm_tier', 'column'], ['?as_of=2026-10-01T00:00:00Z', 'as_of']]) {
    const res = await get(`/export/segments/${seg.id}/members.ndjson${query}`);
    expect([query, res.status, await extensionsOf(res)]).toEqual([query, 400, { code: 'BAD_USER_INPUT', field }]);
  }
});

test('more members than one chunk: every member once, in customer id order, across chunk boundaries', async () => {
  const seg = await segmentOf(CHUNK * 2 + 3, (i) => ({ traits: { n: i } }));
  const csv = parseCsv(await (await get(`/export/segments/${seg.id}/members.csv?columns=trait.n`)).text());
  expect(csv.slice(1).map((r) => r[0])).toEqual(seg.ids);
  const lines = ndjson(await (await get(`/export/segments/${seg.id}/members.ndjson?columns=trait.n`)).text());
  expect(lines.map((l) => l.customer_id)).toEqual(seg.ids);
  expect(lines.map((l) => l['trait.n']).sort((a, b) => a - b)).toEqual([...Array(CHUNK * 2 + 3).keys()]);
});

test('one statement per chunk whatever the columns; within a chunk the count does not depend on the members', async () => {
  const one = await segmentOf(1, () => ({ identities: [['user_id', uniq('u')]] }));
  const full = await segmentOf(CHUNK, () => ({ identities: [['user_id', uniq('u')]] }));
  const many = await segmentOf(CHUNK * 2 + 1, () => ({ identities: [['user_id', uniq('u')]] }));
  const all = 'trait.plan,trait.tag,rfm_tier,lifecycle_stage,historical_ltv,churn_score,p_alive,identity.user_id,identity.anonymous_id';
  const statements = async (id: string, format: string, columns: string) => {
    const before = t.database.statements.count;
    const res = await get(`/export/segments/${id}/members.${format}${columns ? `?columns=${columns}` : ''}`);
    expect(res.status).toBe(200);
    await res.text();
    return t.database.statements.count - before;
  };
  await statements(one.id, 'csv', ''); // the key lookup is cached after the first request
  for (const format of ['csv', 'ndjson']) {
    for (const columns of ['', all]) {
      // the segment lookup, then one statement per chunk (a chunk reads one row more to know whether another follows)
      expect(await statements(one.id, format, columns)).toBe(2);
      expect(await statements(full.id, format, columns)).toBe(2);
      expect(await statements(many.id, format, columns)).toBe(4);
    }
  }
});

test('backpressure: a client that stops reading stops the chunk reads; one that leaves ends them; one that reads gets all', async () => {
  const tag = uniq('tag');
  const count = 1000;
  // 20 KB a member, 20 MB in all: far more than the socket buffers hold between server and client.
  await t.database.db.execute(sql`insert into customers (id, traits)
    select gen_random_uuid(), jsonb_build_object('tag', ${tag}::text, 'blob', repeat('x', 20000)) from generate_series(1, ${count}::int)`);
  const seg = await t.op(CreateSegmentDocument, { input: { name: uniq('Big'), definition: { trait: { key: 'tag', operator: 'EQ', value: tag } } } });
  expect(seg.data.createSegment.size).toBe(count);
  const chunks = Math.ceil(count / CHUNK);
  const open = () =>
    new Promise<http.IncomingMessage>((resolve, reject) => {
      const url = `${t.base}/export/segments/${seg.data.createSegment.id}/members.ndjson?columns=trait.blob`;
      http.get(url, { headers: { authorization: `Bearer ${t.adminKey}` } }, resolve).on('error', reject);
    });
  /** The statement count once it stops moving. */
  const settle = async () => {
    for (let last = -1; ; ) {
      await new Promise((r) => setTimeout(r, 200));
      if (t.database.statements.count === last) return last;
      last = t.database.statements.count;
    }
  };

  // Nobody reads: the server waits on 'drain' with most chunks unread from the database; the client leaves.
  let before = t.database.statements.count;
  const left = await open();
  expect(left.statusCode).toBe(200);
  expect((await settle()) - before).toBeLessThan(chunks / 2);
  left.destroy();
  await settle();
  expect(t.database.statements.count - before).toBeLessThan(chunks / 2);

  // Read after a stall: everything arrives.
  before = t.database.statements.count;
  const res = await open();
  const stalledAt = await settle();
  let lines = 0;
  let bytes = 0;
  res.on('data', (b: Buffer) => {
    bytes += b.length;
    for (const byte of b) if (byte === 0x0a) lines++;
  });
  await new Promise((r) => res.on('end', r));
  expect(lines).toBe(count);
  expect(bytes).toBeGreaterThan(count * 20000);
  expect(stalledAt - before).toBeLessThan(chunks / 2);
  expect(t.database.statements.count - before).toBe(1 + chunks);
});

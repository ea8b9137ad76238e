import { serverAudits } from 'graphql-http';
import { startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
let base: string;
beforeAll(async () => {
  t = await startTestServer();
  const port = await t.strata.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => t.close());

test('health and readiness answer without a key', async () => {
  expect((await t.http.get('/healthz')).body).toEqual({ status: 'ok' });
  const ready = await t.http.get('/readyz');
  expect(ready.status).toBe(200);
  expect(ready.body).toEqual({ status: 'ready', checks: { database: true, migrations: true, seed: true } });
});

test('readiness is 503 until the first-run seed has finished', async () => {
  t.strata.readiness.seeded = false;
  try {
    const res = await t.http.get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.checks.seed).toBe(false);
  } finally {
    t.strata.readiness.seeded = true;
  }
});

test('GraphiQL is served to browsers from node_modules, with no external URL', async () => {
  const page = await t.http.get('/graphql').set('accept', 'text/html');
  expect(page.status).toBe(200);
  expect(page.text).toContain('GraphiQL');
  expect(page.text).not.toMatch(/https?:\/\//);
  for (const src of page.text.match(/\/graphiql\/[\w.-]+/g)!) {
    const asset = await t.http.get(src);
    expect(asset.status).toBe(200);
    expect(asset.body.length ?? asset.text.length).toBeGreaterThan(1000);
  }
});

test('unknown routes are 404 and other methods on /graphql are 405', async () => {
  expect((await t.http.get('/nope')).status).toBe(404);
  expect((await t.http.delete('/graphql').set('authorization', `Bearer ${t.adminKey}`)).status).toBe(405);
});

describe('graphql-http audit (GraphQL over HTTP conformance)', () => {
  const audits = serverAudits({
    url: () => `${base}/graphql`,
    fetchFn: (input: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${t.adminKey}`);
      return fetch(input, { ...init, headers });
    },
  });
  for (const audit of audits.filter((a) => a.name.startsWith('MUST'))) {
    test(audit.name, async () => {
      const result = await audit.fn();
      expect(result.status === 'ok' ? 'ok' : `${result.status}: ${'reason' in result ? result.reason : ''}`).toBe('ok');
    });
  }
});

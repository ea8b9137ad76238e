import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import postgres from 'postgres';

/**
 * The baseline the read suite compares Strata with: the same POST bodies, the same SQL text Strata sends (see
 * profiles/customer.repo.ts, identity/identity.repo.ts, db/pages.ts), the same pool size, answered by hand over
 * bare node:http with every statement prepared. What Strata spends beyond this is its stack: Apollo, the schema,
 * resolvers, DataLoader, drizzle.
 *
 * Env: DATABASE_URL, PORT, BENCH_KEY. Run as a child process of the read suite, like Strata.
 */

const databaseUrl = process.env.DATABASE_URL;
const key = process.env.BENCH_KEY;
if (!databaseUrl || !key) {
  process.stderr.write('raw-server: DATABASE_URL and BENCH_KEY are required\n');
  process.exit(2);
}
const expectedAuthorization = `Bearer ${key}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Strata fetches first + 1 rows to know whether a next page exists. */
const ORDERS_FIRST = 10;

// Strata's own default pool size (db/client.ts), and numeric as text as Strata configures it.
const sql = postgres(databaseUrl, {
  max: 10,
  onnotice: () => {},
  types: { numeric: { to: 1700, from: [1700], serialize: (v: string) => v, parse: (v: string) => v } },
  connection: { application_name: 'strata-bench-raw' },
});

interface CustomerRow {
  id: string;
  created_at: Date;
  first_seen_at: Date | null;
  last_seen_at: Date | null;
  traits: Record<string, unknown>;
}

async function customer(id: string): Promise<CustomerRow | undefined> {
  const [row] = await sql<CustomerRow[]>`
    select asked.id as asked_id, c.id, c.created_at, c.first_seen_at, c.last_seen_at, c.traits
    from customers asked inner join customers c on c.id = coalesce(asked.merged_into_id, asked.id)
    where asked.id = any(${`{${id}}`}::uuid[])`;
  return row;
}

function identities(root: string) {
  return sql<{ type: string; value: string }[]>`
    select r.root, i.type, i.value, i.first_seen_at::text as first_seen_at, i.last_seen_at::text as last_seen_at
    from unnest(${`{${root}}`}::uuid[]) as r(root)
    cross join lateral (select r.root as member union all select c.id from customers c where c.merged_into_id = r.root) m
    join identities i on i.customer_id = m.member
    order by r.root, i.type, i.first_seen_at, i.value`;
}

function orders(root: string) {
  const limit = ORDERS_FIRST + 1;
  return sql<{ id: string; total: string; currency: string; cursor_at: string }[]>`
    select r.root as "root", p.* from unnest(${`{${root}}`}::uuid[]) as r(root)
    cross join lateral (
      select s.* from (select r.root as member union all select c.id from customers c where c.merged_into_id = r.root) m
      cross join lateral (
        select t.occurred_at::text as cursor_at, t.id, t.order_id, t.total::text as total, t.currency,
               t.total_reporting::text as total_reporting, t.products, t.received_at::text as received_at, t.source_id
        from orders t
        where t.customer_id = m.member
        order by t.occurred_at desc, t.id desc limit ${limit}
      ) s
      order by s.cursor_at::timestamptz desc, s.id desc limit ${limit}
    ) p`;
}

/** PostgreSQL timestamptz text ("2025-03-04 05:06:07.123+00") to ISO, as Strata's toDate + DateTime scalar do. */
const isoFromText = (text: string) => new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();

/** The Decimal scalar's formatting: at least two decimals, no trailing zeros beyond. */
function decimal(value: string): string {
  const [int, frac = ''] = value.split('.');
  return `${int}.${frac.replace(/0+$/, '').padEnd(2, '0')}`;
}

async function answer(query: string, id: string): Promise<unknown> {
  const row = await customer(id);
  if (!row) return { data: { customer: null } };
  if (!query.includes('orders')) {
    return { data: { customer: { id: row.id, createdAt: row.created_at, lastSeenAt: row.last_seen_at } } };
  }
  const [ids, page] = await Promise.all([identities(row.id), orders(row.id)]);
  return {
    data: {
      customer: {
        id: row.id,
        identities: ids.map((i) => ({ type: i.type, value: i.value })),
        orders: {
          edges: page.slice(0, ORDERS_FIRST).map((o) => ({
            node: { id: o.id, total: decimal(o.total), currency: o.currency, occurredAt: isoFromText(o.cursor_at) },
          })),
        },
      },
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function route(req: IncomingMessage, res: ServerResponse) {
  try {
    if (req.url === '/readyz') {
      await sql`select 1`;
      return send(res, 200, { status: 'ready' });
    }
    if (req.url !== '/graphql' || req.method !== 'POST') return send(res, 404, { errors: [{ message: 'not found' }] });
    if (req.headers.authorization !== expectedAuthorization) return send(res, 401, { errors: [{ message: 'unauthenticated' }] });
    const body = JSON.parse(await readBody(req)) as { query?: string; variables?: { id?: string } };
    const id = body.variables?.id;
    if (typeof body.query !== 'string' || typeof id !== 'string' || !UUID.test(id)) {
      return send(res, 400, { errors: [{ message: 'query and a UUID variables.id are required' }] });
    }
    send(res, 200, await answer(body.query, id.toLowerCase()));
  } catch (err) {
    process.stderr.write(`raw-server: ${err instanceof Error ? err.stack : String(err)}\n`);
    if (!res.headersSent) send(res, 500, { errors: [{ message: 'internal error' }] });
  }
}

const server = http.createServer((req, res) => void route(req, res));
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');

function stop() {
  server.close();
  server.closeAllConnections();
  void sql.end({ timeout: 2 }).finally(() => process.exit(0));
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

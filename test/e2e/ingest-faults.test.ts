import postgres from 'postgres';
import { startStrata, stop, waitReady } from './process';

/** PostgreSQL only: two processes and a SIGKILL need a real server (PGlite is one process by design). */
const admin = postgres(process.env.STRATA_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', { max: 1, onnotice: () => {} });
const ADMIN_KEY = 'sk_e2e_faults_admin_0123456789abcdefghijklmnopqrstuv';
const dbs: string[] = [];

async function freshDatabase(tag: string): Promise<string> {
  const name = `strata_e2e_${tag}_${process.pid}`;
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  dbs.push(name);
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}

afterAll(async () => {
  for (const name of dbs) await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

const auth = { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${ADMIN_KEY}:`).toString('base64')}` };

async function postBatch(base: string, batch: unknown[]): Promise<number> {
  const res = await fetch(`${base}/v1/batch`, { method: 'POST', headers: auth, body: JSON.stringify({ batch }) });
  await res.arrayBuffer();
  return res.status;
}

test('two server processes linking the same people concurrently: no duplicates, no lost identity, no deadlock', async () => {
  const url = await freshDatabase('concurrency');
  const a = await startStrata({ DATABASE_URL: url, STRATA_ADMIN_KEY: ADMIN_KEY });
  const b = await startStrata({ DATABASE_URL: url, STRATA_ADMIN_KEY: ADMIN_KEY });
  try {
    await Promise.all([waitReady(a), waitReady(b)]);
    const people = 40;
    // Every person is seen through three identities in overlapping pairs, sent through both servers at once, in
    // different orders, so their transactions race to create, attach and merge the same profiles.
    const messages = (person: number, round: number) => [
      { type: 'track', messageId: `c-${person}-${round}-1`, anonymousId: `anon-${person}`, event: 'Viewed' },
      { type: 'identify', messageId: `c-${person}-${round}-2`, anonymousId: `anon-${person}`, userId: `user-${person}` },
      { type: 'identify', messageId: `c-${person}-${round}-3`, userId: `user-${person}`, context: { device: { id: `dev-${person}` } } },
      { type: 'track', messageId: `c-${person}-${round}-4`, anonymousId: `anon-${person}`, context: { device: { id: `dev-${person}` } }, event: 'Opened' },
    ];
    const sends: Promise<number>[] = [];
    for (let round = 0; round < 4; round++) {
      for (let p = 0; p < people; p += 4) {
        const batch = Array.from({ length: 4 }, (_, k) => messages(p + k, round)).flat();
        const server = (p / 4 + round) % 2 === 0 ? a : b;
        sends.push(postBatch(server.base, round % 2 ? batch.reverse() : batch));
      }
    }
    expect(new Set(await Promise.all(sends))).toEqual(new Set([200]));

    const db = postgres(url, { max: 1, onnotice: () => {} });
    const identities = await db`select i.type, i.value, coalesce(c.merged_into_id, c.id) as root from identities i join customers c on c.id = i.customer_id`;
    expect(identities).toHaveLength(people * 3);
    const rootsPerPerson = new Map<string, Set<string>>();
    for (const row of identities) {
      const person = String(row.value).split('-')[1];
      if (!rootsPerPerson.has(person)) rootsPerPerson.set(person, new Set());
      rootsPerPerson.get(person)!.add(row.root);
    }
    expect([...rootsPerPerson.values()].every((roots) => roots.size === 1)).toBe(true);
    expect(new Set([...rootsPerPerson.values()].map((r) => [...r][0])).size).toBe(people);
    const [{ n }] = await db`select count(*)::int as n from events`;
    expect(n).toBe(people * 4 * 4);
    await db.end();
  } finally {
    await Promise.all([stop(a), stop(b)]);
  }
});

test('SIGKILL during sustained ingest: every acknowledged messageId is there after restart', async () => {
  const url = await freshDatabase('durability');
  const server = await startStrata({ DATABASE_URL: url, STRATA_ADMIN_KEY: ADMIN_KEY });
  await waitReady(server);
  const acknowledged: string[] = [];
  let stopSending = false;
  const senders = Array.from({ length: 4 }, async (_, worker) => {
    for (let i = 0; !stopSending; i++) {
      const ids = Array.from({ length: 20 }, (_, k) => `k-${worker}-${i}-${k}`);
      const batch = ids.map((id, k) => ({ type: 'track', messageId: id, userId: `ku-${worker}-${k % 7}`, event: 'Tick' }));
      try {
        if ((await postBatch(server.base, batch)) === 200) acknowledged.push(...ids);
      } catch {
        return; // the server died mid-request: that batch was never acknowledged
      }
    }
  });
  await new Promise((r) => setTimeout(r, 1500));
  server.child.kill('SIGKILL');
  stopSending = true;
  await Promise.all(senders);
  await server.exited;
  expect(acknowledged.length).toBeGreaterThan(100);

  const again = await startStrata({ DATABASE_URL: url, STRATA_ADMIN_KEY: ADMIN_KEY });
  try {
    await waitReady(again);
    const db = postgres(url, { max: 1, onnotice: () => {} });
    const stored = new Set((await db`select message_id from events`).map((r) => r.message_id as string));
    await db.end();
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  } finally {
    await stop(again);
  }
});

import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { createIngestDeps } from '../../src/app';
import { loadConfig } from '../../src/config';
import { rows, type Database } from '../../src/db/client';
import { normalizeIdentity } from '../../src/identity/normalize';
import { ingestBatch, type IngestDeps } from '../../src/ingestion/ingest';
import { identityHash } from '../../src/ingestion/ingest.repo';
import { normalizeSegmentMessage } from '../../src/ingestion/segment';
import { ensureSource } from '../../src/ingestion/sources';
import { splitCustomer } from '../../src/identity/admin';
import { createTestDatabase } from '../helpers/db';

/**
 * Issue 3 §2.3: profiles are a fold over observations, so the same messages in any arrival order — one per batch,
 * shuffled — give the same profiles (up to renaming of ids) and the same traits as all of them in one batch.
 */
let database: Database;
let deps: IngestDeps;
const config = loadConfig({ LOG_LEVEL: 'silent' });
beforeAll(async () => {
  database = await createTestDatabase();
  deps = createIngestDeps(config, database);
});
afterAll(() => database.close());

interface Spec {
  ids: [string, string][];
  minute: number;
  plan: string;
  alias: boolean;
}

const POOL: [string, string][] = [
  ['userId', 'u0'], ['userId', 'u1'], ['userId', 'u2'],
  ['anonymousId', 'a0'], ['anonymousId', 'a1'], ['anonymousId', 'a2'], ['anonymousId', 'a3'],
];

const specs = fc.array(
  fc.record({
    ids: fc.uniqueArray(fc.constantFrom(...POOL), { minLength: 1, maxLength: 3, selector: (p) => p[0] + p[1] }),
    minute: fc.integer({ min: 0, max: 6 }),
    plan: fc.constantFrom('free', 'pro', 'team'),
    alias: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  }),
  { minLength: 2, maxLength: 10 },
);

function toRaw(spec: Spec, i: number, run: string) {
  const base = { messageId: `${run}-m${i}`, timestamp: new Date(Date.UTC(2026, 0, 1, 0, spec.minute)).toISOString() };
  const users = spec.ids.filter(([k]) => k === 'userId').map(([, v]) => `${run}-${v}`);
  const anons = spec.ids.filter(([k]) => k === 'anonymousId').map(([, v]) => `${run}-${v}`);
  if (spec.alias && users.length === 1 && anons.length === 1) return { ...base, type: 'alias', userId: users[0], previousId: anons[0] };
  return {
    ...base,
    type: 'identify',
    userId: users[0],
    anonymousId: anons[0],
    traits: { plan: spec.plan },
    context: { externalIds: [...users.slice(1).map((v) => ({ type: 'user_id', id: v })), ...anons.slice(1).map((v) => ({ type: 'anonymous_id', id: v }))] },
  };
}

async function ingest(sourceId: string, raws: object[]) {
  const receivedAt = new Date();
  const items = raws.map((raw) =>
    normalizeSegmentMessage(raw, {
      receivedAt, correctClockSkew: false, defaultCurrency: 'USD', feedbackEvents: config.feedbackEvents,
      normalizeIdentity: (type, value) => normalizeIdentity(type, value, config.identityRules),
    }),
  );
  const out = await ingestBatch(deps, sourceId, items, receivedAt);
  expect(out.every((o) => o.status === 'ACCEPTED')).toBe(true);
}

/** Profiles as sorted identity sets with their traits; messages by the identity set of their profile. */
async function snapshot(run: string) {
  const found = await rows<{ root: string; ids: string; seen: string; traits: unknown }>(
    database.db,
    sql`select x.root, x.ids, x.seen, r.traits from (
          select coalesce(c.merged_into_id, c.id) as root,
                 string_agg(replace(i.type || ':' || i.value, ${run + '-'}, ''), ',' order by i.type, i.value) as ids,
                 -- Each identity's first sighting (identityGraph) is a fold of the messages too. Its last sighting is
                 -- not compared: a late message that changes no link is decided where it arrives (README, Known gaps).
                 string_agg(to_char(i.first_seen_at at time zone 'UTC', 'HH24:MI'), ',' order by i.type, i.value) as seen
          from identities i join customers c on c.id = i.customer_id
          where i.value like ${run + '-%'} group by 1) x
        join customers r on r.id = x.root`,
  );
  const name = new Map(found.map((r) => [r.root, r.ids]));
  const messages = await rows<{ message_id: string; root: string }>(
    database.db,
    sql`select e.message_id, coalesce(c.merged_into_id, c.id) as root from events e join customers c on c.id = e.customer_id
        where e.message_id like ${run + '-%'}`,
  );
  // The identifiers each message carried that no profile took. A re-fold finds such a message again by the hashes
  // beside them (refold.repo.ts linksTouching), so those must follow every re-decision. (Which identifiers a message
  // left unlinked is not compared across the two worlds: one that was refused in one order and linked to a profile
  // it later left in the other is the same evidence for a re-fold.)
  const links = await rows<{ message_id: string; unlinked: { type: string; value: string }[]; unlinked_keys: string[] }>(
    database.db,
    sql`select message_id, unlinked, unlinked_keys from message_links where message_id like ${run + '-%'}`,
  );
  for (const l of links) expect([...l.unlinked_keys].sort()).toEqual(l.unlinked.map((u) => identityHash(u)).sort());
  return {
    profiles: found.map((r) => `${r.ids} seen ${r.seen} ${JSON.stringify(r.traits)}`).sort(),
    messages: messages.map((m) => `${m.message_id.slice(run.length)}→${name.get(m.root)}`).sort(),
  };
}

/** An operator splits the anonymous ids off u0's profile, when it has any (same decision in both worlds). */
async function splitAnonymousIds(run: string) {
  const owned = await rows<{ root: string; type: string; value: string }>(
    database.db,
    sql`select coalesce(c.merged_into_id, c.id) as root, i.type, i.value from identities i join customers c on c.id = i.customer_id
        where coalesce(c.merged_into_id, c.id) = (select coalesce(c2.merged_into_id, c2.id) from identities i2 join customers c2 on c2.id = i2.customer_id
                                                  where i2.type = 'user_id' and i2.value = ${run + '-u0'})`,
  );
  const anons = owned.filter((o) => o.type === 'anonymous_id');
  if (!anons.length || anons.length === owned.length) return;
  await splitCustomer(deps, owned[0].root, anons.map(({ type, value }) => ({ type, value })), null);
}

/** Arrival batches of 1 to 3 messages: a late message can then share a batch with messages decided incrementally. */
function batches(order: number[], seed: number): number[][] {
  const out: number[][] = [];
  for (let i = 0, k = 0; i < order.length; k++) {
    const size = 1 + ((seed >> (k % 16)) % 3);
    out.push(order.slice(i, i + size));
    i += size;
  }
  return out;
}

let runs = 0;
test('the same messages, in small batches in any arrival order, give the profiles of one batch in occurred-at order — also across a split', async () => {
  await fc.assert(
    fc.asyncProperty(specs, specs, fc.integer({ min: 0, max: 1_000_000 }), async (list, later, seed) => {
      const id = ++runs;
      const [whole, shuffled] = [`w${id}`, `s${id}`];
      const sourceW = await ensureSource(database.db, `prop-${whole}`);
      const sourceS = await ensureSource(database.db, `prop-${shuffled}`);
      const shuffle = (n: number) => Array.from({ length: n }, (_, i) => i).sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101));
      await ingest(sourceW, list.map((s, i) => toRaw(s, i, whole)));
      for (const part of batches(shuffle(list.length), seed)) await ingest(sourceS, part.map((i) => toRaw(list[i], i, shuffled)));
      expect(await snapshot(shuffled)).toEqual(await snapshot(whole));

      // A split, then more messages (later in time), again whole versus shuffled.
      await splitAnonymousIds(whole);
      await splitAnonymousIds(shuffled);
      const next = later.map((s) => ({ ...s, minute: s.minute + 10 }));
      await ingest(sourceW, next.map((s, i) => toRaw(s, 100 + i, whole)));
      for (const part of batches(shuffle(next.length), seed >> 3)) await ingest(sourceS, part.map((i) => toRaw(next[i], 100 + i, shuffled)));
      expect(await snapshot(shuffled)).toEqual(await snapshot(whole));
    }),
    {
      numRuns: Number(process.env.PROPERTY_RUNS ?? 25),
      examples: [
        // Found by CI: u1 and u2 arrive together (a message may carry two user ids) before the earlier u1-only message,
        // after u1 was sighted in a message diverted to u0's profile. That sighting must not count as u1's first, or the
        // late u1-only message is not re-folded and u2 stays linked.
        [
          [
            { ids: [['userId', 'u0']], minute: 0, plan: 'free', alias: true },
            { ids: [['userId', 'u1'], ['userId', 'u2']], minute: 2, plan: 'free', alias: true },
            { ids: [['userId', 'u1']], minute: 1, plan: 'free', alias: true },
            { ids: [['userId', 'u0']], minute: 0, plan: 'free', alias: true },
            { ids: [['userId', 'u1'], ['userId', 'u0']], minute: 0, plan: 'free', alias: true },
          ],
          [
            { ids: [['userId', 'u0']], minute: 0, plan: 'free', alias: true },
            { ids: [['userId', 'u0']], minute: 0, plan: 'free', alias: true },
          ],
          0,
        ],
        // Found when identities' seen spans were compared: u0+u2 at minute 1 goes to u0's profile (user_id limit); an
        // alias merges the two profiles later. A re-fold counted that message as a sighting of u2 (it ends on u2's
        // profile); decided in occurred-at order it went elsewhere, so it is not one.
        [
          [
            { ids: [['userId', 'u0'], ['userId', 'u2']], minute: 1, plan: 'free', alias: true },
            { ids: [['anonymousId', 'a3'], ['anonymousId', 'a0']], minute: 0, plan: 'free', alias: true },
            { ids: [['anonymousId', 'a3'], ['userId', 'u2']], minute: 0, plan: 'free', alias: true },
            { ids: [['userId', 'u0']], minute: 0, plan: 'free', alias: true },
          ],
          [
            { ids: [['userId', 'u0']], minute: 0, plan: 'free', alias: true },
            { ids: [['anonymousId', 'a0'], ['userId', 'u0']], minute: 0, plan: 'free', alias: true },
            { ids: [['userId', 'u0']], minute: 0, plan: 'free', alias: true },
          ],
          810552,
        ],
      ],
    },
  );
}, 600_000);

import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import {
  alias, countByMessage, customerRow, eventOwners, hoursAgo, identify, newWriter, page, profileOf, shuffled, statsOf, track, uniq,
  type Json, type Writer,
} from '../factories/messages';
import { startListeningServer, type TestServer } from '../helpers/server';

/**
 * Identity resolution through POST /v1/batch, end to end (issue 3 §2.2): each row of the decision table, alias, junk
 * identifiers, and the same partition into profiles whatever the order of a batch's items.
 */

let t: TestServer & { base: string };
beforeAll(async () => {
  t = await startListeningServer();
});
afterAll(() => t.close());

const writer = (): Promise<Writer> => newWriter(t.database.db, t.base);

const PROFILE_FIELDS = 'id firstSeenAt traits identities { type value } events(first: 100) { edges { node { type name } } }';
const BY_ID = `query($id: ID!) { customer(id: $id) { ${PROFILE_FIELDS} } }`;
const BY_IDENTITY = `query($type: String!, $value: String!) { customerByIdentity(type: $type, value: $value) { ${PROFILE_FIELDS} } }`;

async function customer(id: string) {
  const res = await t.gql(BY_ID, { id });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.customer;
}

async function byIdentity(type: string, value: string) {
  const res = await t.gql(BY_IDENTITY, { type, value });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.customerByIdentity;
}

const pairs = (identities: { type: string; value: string }[]) => identities.map((i) => `${i.type}:${i.value}`).sort();

async function mergesOf(messageId: string) {
  return rows<{ customer_id: string; merged_id: string; rule: string; identity_id: string | null; source_id: string }>(
    t.database.db,
    sql`select customer_id::text, merged_id::text, rule, identity_id::text, source_id::text from profile_merges where message_id = ${messageId}`,
  );
}

async function conflictsOf(messageId: string) {
  return rows<{ customer_id: string; rule: string; identity_type: string; profile_ids: string }>(
    t.database.db,
    sql`select customer_id::text, rule, identity_type, array_to_string(profile_ids, ',') as profile_ids
        from identity_conflicts where message_id = ${messageId}`,
  );
}

async function identityId(type: string, value: string): Promise<string> {
  const [r] = await rows<{ id: string }>(t.database.db, sql`select id::text from identities where type = ${type} and value = ${value}`);
  return r.id;
}

describe('the identity decision table, row by row', () => {
  test('0 profiles matched: a new profile holding every identifier of the message, first seen when it happened', async () => {
    const w = await writer();
    const [u, a, d] = [uniq('u'), uniq('a'), uniq('d')];
    const email = `${uniq('Jane')}@Example.COM`;
    const when = hoursAgo(5);
    await w.send([identify({ userId: u, anonymousId: a, context: { device: { id: d } } }, { email, plan: 'pro' }, { timestamp: when })]);

    const id = await profileOf(t.database.db, 'user_id', u);
    expect(id).not.toBeNull();
    for (const [type, value] of [['anonymous_id', a], ['device_id', d], ['email', email.toLowerCase()]]) {
      expect(await profileOf(t.database.db, type, value)).toBe(id);
    }
    const c = await customer(id!);
    expect(pairs(c.identities)).toEqual(pairs([
      { type: 'user_id', value: u }, { type: 'anonymous_id', value: a }, { type: 'device_id', value: d }, { type: 'email', value: email.toLowerCase() },
    ]));
    expect(new Date(c.firstSeenAt).toISOString()).toBe(when);
    expect(c.traits).toMatchObject({ plan: 'pro' });
  });

  test('1 profile matched within the limits: the new identifiers attach to it, nothing is merged', async () => {
    const w = await writer();
    const [u, a] = [uniq('u'), uniq('a')];
    const visit = page({ anonymousId: a }, 'Home', { timestamp: hoursAgo(3) });
    const login = identify({ anonymousId: a, userId: u }, { email: `${uniq('x')}@example.com` }, { timestamp: hoursAgo(2) });
    await w.send([visit]);
    const anonymous = await profileOf(t.database.db, 'anonymous_id', a);
    await w.send([login]);

    expect(await profileOf(t.database.db, 'user_id', u)).toBe(anonymous);
    const c = await byIdentity('user_id', u);
    expect(c.id).toBe(anonymous);
    expect(c.identities.map((i: { type: string }) => i.type).sort()).toEqual(['anonymous_id', 'email', 'user_id']);
    expect(c.events.edges).toHaveLength(2);
    expect(await countByMessage(t.database.db, 'profile_merges', [visit.messageId as string, login.messageId as string])).toBe(0);
    expect(await countByMessage(t.database.db, 'identity_conflicts', [login.messageId as string])).toBe(0);
  });

  test('shared device: a known anonymous id arriving with a second user id gives that user a profile of their own, the anonymous id stays, a conflict is recorded', async () => {
    const w = await writer();
    const [a, first, second] = [uniq('a'), uniq('u'), uniq('u')];
    await w.send([identify({ anonymousId: a, userId: first }, { name: 'First' }, { timestamp: hoursAgo(3) })]);
    const secondLogin = identify({ anonymousId: a, userId: second }, { name: 'Second' }, { timestamp: hoursAgo(2) });
    await w.send([secondLogin]);

    const p1 = await profileOf(t.database.db, 'user_id', first);
    const p2 = await profileOf(t.database.db, 'user_id', second);
    expect(p1).not.toBeNull();
    expect(p2).not.toBeNull();
    expect(p2).not.toBe(p1);
    expect(await profileOf(t.database.db, 'anonymous_id', a)).toBe(p1);
    expect((await customerRow(t.database.db, p1!)).merged_into_id).toBeNull();
    expect((await customerRow(t.database.db, p2!)).merged_into_id).toBeNull();

    const c2 = await customer(p2!);
    expect(pairs(c2.identities)).toEqual([`user_id:${second}`]);
    expect(c2.traits).toMatchObject({ name: 'Second' });
    expect((await customer(p1!)).traits).toMatchObject({ name: 'First' });
    expect((await eventOwners(t.database.db, w.sourceId)).get(secondLogin.messageId as string)).toBe(p2);

    expect(await conflictsOf(secondLogin.messageId as string)).toEqual([
      { customer_id: p2, rule: 'LIMIT_EXCEEDED', identity_type: 'user_id', profile_ids: p1 },
    ]);
    expect(await countByMessage(t.database.db, 'profile_merges', [secondLogin.messageId as string])).toBe(0);

    // Later anonymous traffic on the device still belongs to the first user.
    const later = page({ anonymousId: a }, 'Pricing', { timestamp: hoursAgo(1) });
    await w.send([later]);
    expect((await eventOwners(t.database.db, w.sourceId)).get(later.messageId as string)).toBe(p1);
  });

  test('≥2 profiles matched, limits kept: merged; the survivor is the earliest first seen by occurred-at, not the first to arrive', async () => {
    const w = await writer();
    const [aLate, uEarly] = [uniq('a'), uniq('u')];
    // Arrives first but happened later.
    await w.send([page({ anonymousId: aLate }, 'Landing', { timestamp: hoursAgo(1) })]);
    // Arrives second but happened earlier.
    const earliest = hoursAgo(5);
    await w.send([identify({ userId: uEarly }, { plan: 'basic' }, { timestamp: earliest })]);
    const late = (await profileOf(t.database.db, 'anonymous_id', aLate))!;
    const early = (await profileOf(t.database.db, 'user_id', uEarly))!;
    expect(late).not.toBe(early);

    const link = identify({ userId: uEarly, anonymousId: aLate }, {}, { timestamp: hoursAgo(0.5) });
    await w.send([link]);

    expect(await profileOf(t.database.db, 'anonymous_id', aLate)).toBe(early);
    expect((await customerRow(t.database.db, late)).merged_into_id).toBe(early);
    expect((await customerRow(t.database.db, early)).merged_into_id).toBeNull();

    // The merged-away id still resolves, to the survivor, with everything of both.
    const c = await customer(late);
    expect(c.id).toBe(early);
    expect(pairs(c.identities)).toEqual(pairs([{ type: 'user_id', value: uEarly }, { type: 'anonymous_id', value: aLate }]));
    expect(c.events.edges.map((e: { node: { type: string; name: string | null } }) => `${e.node.type}:${e.node.name}`).sort())
      .toEqual(['IDENTIFY:null', 'IDENTIFY:null', 'PAGE:Landing']);
    expect(new Date(c.firstSeenAt).toISOString()).toBe(earliest);

    expect(await mergesOf(link.messageId as string)).toEqual([{
      customer_id: early, merged_id: late, rule: 'SHARED_IDENTITY', identity_id: await identityId('anonymous_id', aLate), source_id: w.sourceId,
    }]);
    expect(await countByMessage(t.database.db, 'identity_conflicts', [link.messageId as string])).toBe(0);
  });

  test('equal first seen: the survivor is the smaller profile id', async () => {
    const w = await writer();
    const [a, u] = [uniq('a'), uniq('u')];
    const when = hoursAgo(3);
    await w.send([page({ anonymousId: a }, 'Home', { timestamp: when })]);
    await w.send([identify({ userId: u }, {}, { timestamp: when })]);
    const ids = [(await profileOf(t.database.db, 'anonymous_id', a))!, (await profileOf(t.database.db, 'user_id', u))!];
    await w.send([identify({ userId: u, anonymousId: a }, {}, { timestamp: hoursAgo(1) })]);
    expect(await profileOf(t.database.db, 'user_id', u)).toBe([...ids].sort()[0]);
    expect(await profileOf(t.database.db, 'anonymous_id', a)).toBe([...ids].sort()[0]);
  });

  test('a late, older event moves first seen earlier and so decides a later merge\'s survivor', async () => {
    const w = await writer();
    const [a, u] = [uniq('a'), uniq('u')];
    await w.send([identify({ userId: u }, {}, { timestamp: hoursAgo(3) })]);
    await w.send([page({ anonymousId: a }, 'Home', { timestamp: hoursAgo(2) })]);
    const anonymous = (await profileOf(t.database.db, 'anonymous_id', a))!;
    // Backfilled from the device's queue: the anonymous visitor was here long before the account existed.
    await w.send([page({ anonymousId: a }, 'Blog', { timestamp: hoursAgo(10) })]);
    await w.send([identify({ userId: u, anonymousId: a }, {}, { timestamp: hoursAgo(1) })]);
    expect(await profileOf(t.database.db, 'user_id', u)).toBe(anonymous);
  });

  test('merges chain: a profile merged into one that is merged in turn resolves to the final survivor', async () => {
    const w = await writer();
    const [b, d, c] = [uniq('a'), uniq('d'), uniq('u')];
    await w.send([page({ anonymousId: b }, 'B', { timestamp: hoursAgo(4) })]);
    await w.send([page({ context: { device: { id: d } } }, 'D', { timestamp: hoursAgo(5) })]);
    await w.send([identify({ userId: c }, {}, { timestamp: hoursAgo(6) })]);
    const pb = (await profileOf(t.database.db, 'anonymous_id', b))!;
    const pd = (await profileOf(t.database.db, 'device_id', d))!;
    const pc = (await profileOf(t.database.db, 'user_id', c))!;

    await w.send([page({ anonymousId: b, context: { device: { id: d } } }, 'Both', { timestamp: hoursAgo(2) })]);
    expect((await customer(pb)).id).toBe(pd);
    await w.send([identify({ userId: c, context: { device: { id: d } } }, {}, { timestamp: hoursAgo(1) })]);

    for (const id of [pb, pd, pc]) expect((await customer(id)).id).toBe(pc);
    expect((await customerRow(t.database.db, pb)).merged_into_id).toBe(pc);
    expect((await customerRow(t.database.db, pd)).merged_into_id).toBe(pc);
    expect(pairs((await customer(pb)).identities)).toEqual(pairs([
      { type: 'anonymous_id', value: b }, { type: 'device_id', value: d }, { type: 'user_id', value: c },
    ]));
  });

  test('≥2 profiles matched but merging would put two user ids on one profile: no merge, the message follows its highest-priority identifier, a conflict is recorded', async () => {
    const w = await writer();
    const [u1, a1, u2, a2] = [uniq('u'), uniq('a'), uniq('u'), uniq('a')];
    await w.send([identify({ userId: u1, anonymousId: a1 }, {}, { timestamp: hoursAgo(5) })]);
    await w.send([identify({ userId: u2, anonymousId: a2 }, {}, { timestamp: hoursAgo(4) })]);
    const p1 = (await profileOf(t.database.db, 'user_id', u1))!;
    const p2 = (await profileOf(t.database.db, 'user_id', u2))!;

    // u2 (priority user_id) belongs to the later profile: the message must go there, not to the merge survivor order's first.
    const clash = track({ userId: u2, anonymousId: a1 }, 'Clicked', {}, { timestamp: hoursAgo(1) });
    await w.send([clash]);

    expect((await customerRow(t.database.db, p1)).merged_into_id).toBeNull();
    expect((await customerRow(t.database.db, p2)).merged_into_id).toBeNull();
    expect(await profileOf(t.database.db, 'anonymous_id', a1)).toBe(p1);
    expect(await profileOf(t.database.db, 'anonymous_id', a2)).toBe(p2);
    expect((await eventOwners(t.database.db, w.sourceId)).get(clash.messageId as string)).toBe(p2);
    expect(await countByMessage(t.database.db, 'profile_merges', [clash.messageId as string])).toBe(0);

    const conflicts = await conflictsOf(clash.messageId as string);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ customer_id: p2, rule: 'LIMIT_EXCEEDED', identity_type: 'user_id' });
    expect(conflicts[0].profile_ids.split(',').sort()).toEqual([p1, p2].sort());
  });

  test('a new user id carrying identifiers of two known users: a profile of its own, nothing merged, a conflict', async () => {
    const w = await writer();
    const [u1, a1, u2, d2, u3] = [uniq('u'), uniq('a'), uniq('u'), uniq('d'), uniq('u')];
    await w.send([
      identify({ userId: u1, anonymousId: a1 }, {}, { timestamp: hoursAgo(5) }),
      identify({ userId: u2, context: { device: { id: d2 } } }, {}, { timestamp: hoursAgo(4) }),
    ]);
    const p1 = (await profileOf(t.database.db, 'user_id', u1))!;
    const p2 = (await profileOf(t.database.db, 'user_id', u2))!;
    const kiosk = track({ userId: u3, anonymousId: a1, context: { device: { id: d2 } } }, 'Checked In', {}, { timestamp: hoursAgo(1) });
    await w.send([kiosk]);

    const p3 = (await profileOf(t.database.db, 'user_id', u3))!;
    expect([p1, p2]).not.toContain(p3);
    expect((await customerRow(t.database.db, p1)).merged_into_id).toBeNull();
    expect((await customerRow(t.database.db, p2)).merged_into_id).toBeNull();
    expect(await profileOf(t.database.db, 'anonymous_id', a1)).toBe(p1);
    expect(await profileOf(t.database.db, 'device_id', d2)).toBe(p2);
    expect(pairs((await customer(p3)).identities)).toEqual([`user_id:${u3}`]);
    expect((await eventOwners(t.database.db, w.sourceId)).get(kiosk.messageId as string)).toBe(p3);
    const conflicts = await conflictsOf(kiosk.messageId as string);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ customer_id: p3, rule: 'LIMIT_EXCEEDED', identity_type: 'user_id' });
    expect(conflicts[0].profile_ids.split(',').sort()).toEqual([p1, p2].sort());
  });

  test('alias merges two profiles even though each holds a user id (rule ALIAS)', async () => {
    const w = await writer();
    const [u1, a1, u2] = [uniq('u'), uniq('a'), uniq('u')];
    await w.send([identify({ userId: u1, anonymousId: a1 }, { plan: 'old' }, { timestamp: hoursAgo(5) })]);
    await w.send([identify({ userId: u2 }, { plan: 'new' }, { timestamp: hoursAgo(4) })]);
    const p1 = (await profileOf(t.database.db, 'user_id', u1))!;
    const p2 = (await profileOf(t.database.db, 'user_id', u2))!;

    const instruction = alias(a1, u2, { timestamp: hoursAgo(1) });
    await w.send([instruction]);

    expect(await profileOf(t.database.db, 'user_id', u2)).toBe(p1);
    expect((await customerRow(t.database.db, p2)).merged_into_id).toBe(p1);
    const c = await customer(p2);
    expect(c.id).toBe(p1);
    expect(pairs(c.identities)).toEqual(pairs([{ type: 'user_id', value: u1 }, { type: 'user_id', value: u2 }, { type: 'anonymous_id', value: a1 }]));
    expect(c.traits).toMatchObject({ plan: 'new' });
    expect(c.events.edges.map((e: { node: { type: string } }) => e.node.type).sort()).toEqual(['ALIAS', 'IDENTIFY', 'IDENTIFY']);
    expect(await mergesOf(instruction.messageId as string)).toEqual([
      expect.objectContaining({ customer_id: p1, merged_id: p2, rule: 'ALIAS', source_id: w.sourceId }),
    ]);
    expect(await countByMessage(t.database.db, 'identity_conflicts', [instruction.messageId as string])).toBe(0);
  });

  test('alias with previousIdType user_id joins two user ids directly', async () => {
    const w = await writer();
    const [u1, u2] = [uniq('u'), uniq('u')];
    await w.send([identify({ userId: u1 }, {}, { timestamp: hoursAgo(4) }), identify({ userId: u2 }, {}, { timestamp: hoursAgo(5) })]);
    const p1 = (await profileOf(t.database.db, 'user_id', u1))!;
    const p2 = (await profileOf(t.database.db, 'user_id', u2))!;
    const instruction = alias(u1, u2, { previousIdType: 'user_id', timestamp: hoursAgo(1) });
    await w.send([instruction]);

    expect(await profileOf(t.database.db, 'user_id', u1)).toBe(p2);
    expect(await mergesOf(instruction.messageId as string)).toEqual([expect.objectContaining({ customer_id: p2, merged_id: p1, rule: 'ALIAS' })]);
  });
});

describe('junk identifiers link no one', () => {
  test('"null", "undefined", an all-zero device id (and their quoted / upper-case forms) are dropped, counted, and never merge two people', async () => {
    const w = await writer();
    const junk: [string, string][] = [
      ['userId', 'null'],
      ['anonymousId', 'undefined'],
      ['device', '00000000-0000-0000-0000-000000000000'],
      ['userId', '"undefined"'],
      ['userId', 'NULL'],
    ];
    const real = junk.map(() => [uniq('a'), uniq('a')]);
    const who = ([field, value]: [string, string], realId: string) =>
      field === 'userId' ? { userId: value, anonymousId: realId }
        : field === 'anonymousId' ? { anonymousId: value, userId: realId }
          : { anonymousId: realId, context: { device: { id: value } } };
    // The same junk value from two different people, in two batches.
    await w.send(junk.map((j, i) => track(who(j, real[i][0]), 'Viewed', {}, { timestamp: hoursAgo(2) })));
    await w.send(junk.map((j, i) => track(who(j, real[i][1]), 'Viewed', {}, { timestamp: hoursAgo(1) })));

    const owners = await Promise.all(
      junk.flatMap(([field], i) => real[i].map((v) => profileOf(t.database.db, field === 'anonymousId' ? 'user_id' : 'anonymous_id', v))),
    );
    expect(owners.every((o) => o !== null)).toBe(true);
    expect(new Set(owners).size).toBe(owners.length);
    const [{ n }] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from identities where lower(trim(both '"' from value)) in ('null', 'undefined', '00000000-0000-0000-0000-000000000000')`,
    );
    expect(n).toBe(0);
    expect(await statsOf(t.database.db, w.sourceId)).toEqual({ accepted: 10, duplicate: 0, rejected: 0, dropped_identities: 10 });
  });

  test('a message whose only identifier is junk is rejected and counted, beside good items that persist', async () => {
    const w = await writer();
    const good = track({ userId: uniq('u') }, 'Fine');
    const onlyJunk = track({ userId: 'undefined', anonymousId: '0000-0000' }, 'Nobody');
    await w.send([good, onlyJunk]);
    expect(await countByMessage(t.database.db, 'events', [good.messageId as string])).toBe(1);
    expect(await countByMessage(t.database.db, 'events', [onlyJunk.messageId as string])).toBe(0);
    expect(await statsOf(t.database.db, w.sourceId)).toMatchObject({ accepted: 1, rejected: 1 });
  });
});

describe('arrival order does not change the outcome', () => {
  const T = Date.parse('2025-06-01T12:00:00Z');
  const at = (minutes: number) => new Date(T + minutes * 60_000).toISOString();

  /**
   * Attach, a merge through a shared email, a shared-device conflict, an alias merge, equal timestamps, and a tie
   * where only the message id decides who keeps an anonymous id. Message ids are fixed (each run has its own source,
   * so they do not collide); identifier values carry the run's prefix `p`.
   */
  function scenario(p: string): Json[] {
    const id = (s: string) => `${p}-${s}`;
    const e1 = `${p}-e1@example.com`;
    return [
      page({ anonymousId: id('a1') }, 'Home', { messageId: 's01', timestamp: at(0) }),
      page({ anonymousId: id('a2') }, 'Home', { messageId: 's02', timestamp: at(1) }),
      identify({ anonymousId: id('a1'), userId: id('u1') }, { plan: 'free' }, { messageId: 's03', timestamp: at(2) }),
      identify({ anonymousId: id('a2') }, { email: e1, plan: 'trial' }, { messageId: 's04', timestamp: at(3) }),
      identify({ userId: id('u1') }, { email: e1, plan: 'pro' }, { messageId: 's05', timestamp: at(4) }),
      identify({ anonymousId: id('a3'), userId: id('u2') }, { plan: 'basic' }, { messageId: 's06', timestamp: at(4) }),
      track({ anonymousId: id('a3'), userId: id('u3') }, 'Clicked', {}, { messageId: 's07', timestamp: at(5) }),
      page({ anonymousId: id('a4'), context: { device: { id: id('d1') } } }, 'Landing', { messageId: 's08', timestamp: at(1) }),
      alias(id('a4'), id('u2'), { messageId: 's09', timestamp: at(6) }),
      identify({ userId: id('u3') }, { plan: 'x' }, { messageId: 's10', timestamp: at(6) }),
      identify({ userId: id('u3') }, { plan: 'y' }, { messageId: 's11', timestamp: at(6) }),
      track({ userId: id('u1') }, 'Order Completed', { order_id: id('o1'), total: '12.50' }, { messageId: 's12', timestamp: at(7) }),
      identify({ anonymousId: id('a5'), userId: id('u5') }, {}, { messageId: 's13', timestamp: at(8) }),
      identify({ anonymousId: id('a5'), userId: id('u6') }, {}, { messageId: 's14', timestamp: at(8) }),
    ];
  }

  /** Profiles as (identities without the run prefix, message ids, traits, order count), sorted: equal up to renaming. */
  async function partition(w: Writer, p: string): Promise<string[]> {
    const ids = await rows<{ root: string; type: string; value: string }>(
      t.database.db,
      sql`select coalesce(c.merged_into_id, c.id)::text as root, i.type, i.value
          from identities i join customers c on c.id = i.customer_id where i.value like ${`${p}-%`}`,
    );
    const messages = await eventOwners(t.database.db, w.sourceId);
    const roots = [...new Set([...ids.map((r) => r.root), ...messages.values()])];
    const out = await Promise.all(roots.map(async (root) => {
      const row = await customerRow(t.database.db, root);
      return JSON.stringify({
        identities: ids.filter((r) => r.root === root).map((r) => `${r.type}:${r.value.replace(p, '')}`).sort(),
        messages: [...messages].filter(([, r]) => r === root).map(([m]) => m).sort(),
        traits: Object.fromEntries(Object.entries(row.traits).map(([k, v]) => [k, typeof v === 'string' ? v.replace(p, '') : v]).sort()),
        orders: row.order_count,
      });
    }));
    return out.sort();
  }

  test('shuffled copies of a batch that links, merges and conflicts give the same profiles', async () => {
    const results: string[][] = [];
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const p = uniq('run');
      const w = await writer();
      const items = scenario(p);
      await w.send(seed === 0 ? items : seed === 1 ? [...items].reverse() : shuffled(items, seed));
      results.push(await partition(w, p));
    }
    const expected = [
      { identities: ['anonymous_id:-a1', 'anonymous_id:-a2', 'email:-e1@example.com', 'user_id:-u1'], messages: ['s01', 's02', 's03', 's04', 's05', 's12'], traits: { email: '-e1@example.com', plan: 'pro' }, orders: 1 },
      { identities: ['anonymous_id:-a3', 'anonymous_id:-a4', 'device_id:-d1', 'user_id:-u2'], messages: ['s06', 's08', 's09'], traits: { plan: 'basic' }, orders: 0 },
      { identities: ['user_id:-u3'], messages: ['s07', 's10', 's11'], traits: { plan: 'y' }, orders: 0 },
      { identities: ['anonymous_id:-a5', 'user_id:-u5'], messages: ['s13'], traits: {}, orders: 0 },
      { identities: ['user_id:-u6'], messages: ['s14'], traits: {}, orders: 0 },
    ].map((x) => JSON.stringify(x)).sort();
    expect(results[0]).toEqual(expected);
    for (const r of results.slice(1)) expect(r).toEqual(expected);
  });

  test('across batches, links and merges (without limit conflicts) give the same profiles whatever the arrival order', async () => {
    const withoutConflicts = (p: string) => scenario(p).filter((m) => !['s07', 's13', 's14'].includes(m.messageId as string));
    const expected = [
      { identities: ['anonymous_id:-a1', 'anonymous_id:-a2', 'email:-e1@example.com', 'user_id:-u1'], messages: ['s01', 's02', 's03', 's04', 's05', 's12'], traits: { email: '-e1@example.com', plan: 'pro' }, orders: 1 },
      { identities: ['anonymous_id:-a3', 'anonymous_id:-a4', 'device_id:-d1', 'user_id:-u2'], messages: ['s06', 's08', 's09'], traits: { plan: 'basic' }, orders: 0 },
      { identities: ['user_id:-u3'], messages: ['s10', 's11'], traits: { plan: 'y' }, orders: 0 },
    ].map((x) => JSON.stringify(x)).sort();
    for (const seed of [1, 2, 3]) {
      const p = uniq('run');
      const w = await writer();
      const items = seed === 1 ? withoutConflicts(p).reverse() : shuffled(withoutConflicts(p), seed);
      for (const item of items) await w.send([item]);
      expect([seed, await partition(w, p)]).toEqual([seed, expected]);
    }
  });
});

describe('late messages re-fold the identity graph (issue 3 §2.3)', () => {
  test('across batches, a shared device keeps its anonymous id with the user first seen on it by occurred-at, whatever arrived first', async () => {
    const w = await writer();
    const [a, u1, u2] = [uniq('a'), uniq('u'), uniq('u')];
    const first = identify({ anonymousId: a, userId: u1 }, {}, { timestamp: hoursAgo(3) });
    const second = identify({ anonymousId: a, userId: u2 }, {}, { timestamp: hoursAgo(2) });
    await w.send([second]);
    await w.send([first]);
    expect(await profileOf(t.database.db, 'anonymous_id', a)).toBe(await profileOf(t.database.db, 'user_id', u1));
    expect(await conflictsOf(second.messageId as string)).toHaveLength(1);
    expect(await conflictsOf(first.messageId as string)).toHaveLength(0);
  });
});

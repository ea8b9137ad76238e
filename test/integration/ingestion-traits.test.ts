import { countByMessage, customerRow, hoursAgo, identify, newWriter, profileOf, statsOf, uniq, type Writer } from '../factories/messages';
import { startListeningServer, type TestServer } from '../helpers/server';

/**
 * Traits are a fold over observations (issue 3 §2.3): the latest occurred-at wins whatever the arrival order; ties
 * break by source priority, then message id; first-touch traits keep the earliest; a merge refolds the survivor.
 */

let t: TestServer & { base: string };
beforeAll(async () => {
  t = await startListeningServer();
});
afterAll(() => t.close());

const writer = (opts: { priority?: number } = {}): Promise<Writer> => newWriter(t.database.db, t.base, opts);

const TRAITS = 'query($type: String!, $value: String!) { customerByIdentity(type: $type, value: $value) { id traits } }';

async function traitsOf(userId: string): Promise<Record<string, unknown>> {
  const res = await t.gql(TRAITS, { type: 'user_id', value: userId });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.customerByIdentity.traits;
}

test('the latest occurred-at wins, even when the older message arrives later', async () => {
  const w = await writer();
  const u = uniq('u');
  await w.send([identify({ userId: u }, { plan: 'pro', tier: 'gold' }, { timestamp: hoursAgo(1) })]);
  await w.send([identify({ userId: u }, { plan: 'free', tier: 'bronze', city: 'Lyon' }, { timestamp: hoursAgo(3) })]);
  expect(await traitsOf(u)).toEqual({ plan: 'pro', tier: 'gold', city: 'Lyon' });

  await w.send([identify({ userId: u }, { plan: 'enterprise' }, { timestamp: hoursAgo(0.5) })]);
  expect(await traitsOf(u)).toEqual({ plan: 'enterprise', tier: 'gold', city: 'Lyon' });
});

test('context.traits on a track are observations too, folded with identify traits by occurred-at', async () => {
  const w = await writer();
  const u = uniq('u');
  await w.send([{ type: 'track', messageId: uniq('m'), userId: u, event: 'Clicked', context: { traits: { plan: 'from-track' } }, timestamp: hoursAgo(1) }]);
  await w.send([identify({ userId: u }, { plan: 'from-identify' }, { timestamp: hoursAgo(2) })]);
  expect(await traitsOf(u)).toEqual({ plan: 'from-track' });
});

test('equal occurred-at: the higher-priority source wins, whatever arrived last and whatever the message ids', async () => {
  const web = await writer({ priority: 0 });
  const crm = await writer({ priority: 10 });
  const u = uniq('u');
  const when = hoursAgo(2);
  const prefix = uniq('m');
  // The crm message arrives first and has the smaller message id: only the source priority can make it win.
  await crm.send([identify({ userId: u }, { plan: 'crm-plan' }, { messageId: `${prefix}-a`, timestamp: when })]);
  await web.send([identify({ userId: u }, { plan: 'web-plan', seen_on: 'web' }, { messageId: `${prefix}-z`, timestamp: when })]);
  expect(await traitsOf(u)).toEqual({ plan: 'crm-plan', seen_on: 'web' });
});

test('equal occurred-at and source: the message id decides (the greater wins), not the arrival order', async () => {
  const w = await writer();
  const u = uniq('u');
  const when = hoursAgo(2);
  const prefix = uniq('m');
  await w.send([identify({ userId: u }, { plan: 'B' }, { messageId: `${prefix}-b`, timestamp: when })]);
  await w.send([identify({ userId: u }, { plan: 'A' }, { messageId: `${prefix}-a`, timestamp: when })]);
  expect(await traitsOf(u)).toEqual({ plan: 'B' });

  // And the same two observations arriving in the other order, for another person, end the same way.
  const v = uniq('u');
  const other = uniq('m');
  await w.send([identify({ userId: v }, { plan: 'A' }, { messageId: `${other}-a`, timestamp: when })]);
  await w.send([identify({ userId: v }, { plan: 'B' }, { messageId: `${other}-b`, timestamp: when })]);
  expect(await traitsOf(v)).toEqual({ plan: 'B' });
});

test('a first-touch trait (acquisition_channel) keeps the earliest observation; an ordinary trait keeps the latest', async () => {
  const w = await writer();
  const u = uniq('u');
  await w.send([identify({ userId: u }, { acquisition_channel: 'paid_search', channel: 'paid_search' }, { timestamp: hoursAgo(2) })]);
  await w.send([identify({ userId: u }, { acquisition_channel: 'organic', channel: 'organic' }, { timestamp: hoursAgo(5) })]);
  await w.send([identify({ userId: u }, { acquisition_channel: 'email', channel: 'email' }, { timestamp: hoursAgo(1) })]);
  expect(await traitsOf(u)).toEqual({ acquisition_channel: 'organic', channel: 'email' });
});

test('a merge refolds the survivor from both profiles\' observations', async () => {
  const w = await writer();
  const [a, u] = [uniq('a'), uniq('u')];
  // The anonymous visitor came first (survivor), the account later.
  await w.send([identify({ anonymousId: a }, { acquisition_channel: 'referral', plan: 'trial', size: 'L' }, { timestamp: hoursAgo(6) })]);
  await w.send([identify({ userId: u }, { acquisition_channel: 'ads', plan: 'pro', color: 'red' }, { timestamp: hoursAgo(3) })]);
  const anonymous = (await profileOf(t.database.db, 'anonymous_id', a))!;
  const account = (await profileOf(t.database.db, 'user_id', u))!;
  expect((await customerRow(t.database.db, anonymous)).traits).toEqual({ acquisition_channel: 'referral', plan: 'trial', size: 'L' });

  await w.send([identify({ userId: u, anonymousId: a }, {}, { timestamp: hoursAgo(1) })]);

  expect(await profileOf(t.database.db, 'user_id', u)).toBe(anonymous);
  expect((await customerRow(t.database.db, account)).merged_into_id).toBe(anonymous);
  const expected = { acquisition_channel: 'referral', plan: 'pro', size: 'L', color: 'red' };
  expect((await customerRow(t.database.db, anonymous)).traits).toEqual(expected);
  expect(await traitsOf(u)).toEqual(expected);
});

describe('clearing traits', () => {
  test('a trait sent as null is accepted (the batch is not lost) and the latest value is null', async () => {
    const w = await writer();
    const u = uniq('u');
    await w.send([identify({ userId: u }, { plan: 'pro', company: 'Acme' }, { timestamp: hoursAgo(2) })]);
    const clear = identify({ userId: u }, { company: null }, { timestamp: hoursAgo(1) });
    await w.send([clear]);
    expect(await countByMessage(t.database.db, 'events', [clear.messageId as string])).toBe(1);
    expect((await traitsOf(u)).company ?? null).toBeNull();
    expect((await traitsOf(u)).plan).toBe('pro');
    expect(await statsOf(t.database.db, w.sourceId)).toMatchObject({ accepted: 2, rejected: 0 });
  });
});

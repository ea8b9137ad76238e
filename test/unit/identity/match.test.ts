import type { IdentityRef } from '../../../src/ingestion/message';
import { keyOf, resolveMessage, survivorOf, type LimitConflict, type ProfileView, type Resolution } from '../../../src/identity/match';
import { parseIdentityRules, type IdentityRules } from '../../../src/identity/rules';

const rules = parseIdentityRules({});
const ref = (type: string) => (value: string): IdentityRef => ({ type, value });
const user = ref('user_id');
const email = ref('email');
const phone = ref('phone');
const anon = ref('anonymous_id');
const device = ref('device_id');
const crm = ref('crm_id');
const emails = (...ns: number[]) => ns.map((n) => email(`e${n}@example.com`));

function profile(id: string, firstSeen: string | null, ...identities: IdentityRef[]): ProfileView {
  return { id, firstSeenAt: firstSeen === null ? null : new Date(firstSeen), identities };
}

/** Each profile owns its identities, as the identity table would say. */
function resolve(profiles: ProfileView[], message: IdentityRef[], opts: { alias?: boolean } = {}, r: IdentityRules = rules): Resolution {
  const owners = new Map(profiles.flatMap((p) => p.identities.map((i): [string, string] => [keyOf(i), p.id])));
  return resolveMessage(message, owners, new Map(profiles.map((p) => [p.id, p])), r, opts);
}

const limitConflict = (type: string, ...profileIds: string[]): LimitConflict => ({ rule: 'LIMIT_EXCEEDED', type, profileIds });

describe('the decision table', () => {
  it.each<[string, ProfileView[], IdentityRef[], Resolution]>([
    // 0 profiles matched
    [
      'nothing known: a new profile with all identifiers, highest priority first',
      [profile('p1', '2024-01-01', user('u9'))],
      [anon('a1'), user('u1'), email('Jane@x.io'), anon('a1')],
      { kind: 'create', link: [user('u1'), email('Jane@x.io'), anon('a1')] },
    ],
    [
      'nothing known: a message is not held to limits against itself',
      [],
      [user('u1'), user('u2'), ...emails(1, 2, 3, 4, 5, 6)],
      { kind: 'create', link: [user('u1'), user('u2'), ...emails(1, 2, 3, 4, 5, 6)] },
    ],
    [
      'no identifiers: a new profile with none (the caller decides whether to keep the message)',
      [],
      [],
      { kind: 'create', link: [] },
    ],
    // 1 profile matched, limits respected
    [
      'one profile: attach the new identifiers',
      [profile('p1', '2024-01-01', user('u1'), anon('a1'))],
      [anon('a1'), user('u1'), email('j@x.io'), device('d1')],
      { kind: 'attach', profileId: 'p1', link: [email('j@x.io'), device('d1')] },
    ],
    [
      'one profile: nothing new, nothing to link',
      [profile('p1', '2024-01-01', user('u1'), anon('a1'))],
      [anon('a1')],
      { kind: 'attach', profileId: 'p1', link: [] },
    ],
    [
      'one profile: up to the limit is fine',
      [profile('p1', '2024-01-01', user('u1'), ...emails(1, 2, 3, 4))],
      [user('u1'), ...emails(5)],
      { kind: 'attach', profileId: 'p1', link: emails(5) },
    ],
    [
      'one profile: unlimited types keep growing',
      [profile('p1', '2024-01-01', ...Array.from({ length: 50 }, (_, i) => device(`d${i}`)))],
      [device('d0'), device('d50'), anon('a1')],
      { kind: 'attach', profileId: 'p1', link: [device('d50'), anon('a1')] },
    ],
    // 1 profile matched, limits broken
    [
      'shared device: a second user id with a known anonymous id gets its own profile; the anonymous id stays',
      [profile('p1', '2024-01-01', user('u1'), anon('a1'))],
      [user('u2'), anon('a1')],
      { kind: 'conflict', target: { create: true }, link: [user('u2')], conflict: limitConflict('user_id', 'p1') },
    ],
    [
      'shared device: the new profile takes every identifier nobody owns yet',
      [profile('p1', '2024-01-01', user('u1'), anon('a1'), device('d1'))],
      [device('d1'), anon('a1'), email('b@x.io'), user('u2'), crm('c2')],
      {
        kind: 'conflict',
        target: { create: true },
        link: [user('u2'), email('b@x.io'), crm('c2')],
        conflict: limitConflict('user_id', 'p1'),
      },
    ],
    [
      'one profile at its limit, the highest-priority identifier its own: stay, link only what fits',
      [profile('p1', '2024-01-01', user('u1'), ...emails(1, 2, 3, 4, 5))],
      [user('u1'), ...emails(6), device('d1')],
      { kind: 'conflict', target: { existing: 'p1' }, link: [device('d1')], conflict: limitConflict('email', 'p1') },
    ],
    // ≥ 2 profiles matched, merging keeps every limit
    [
      'two profiles share the message: merge into the earliest seen',
      [profile('p1', '2024-02-01', anon('a1')), profile('p2', '2024-01-01', user('u1'), email('j@x.io'))],
      [anon('a1'), user('u1'), device('d1')],
      { kind: 'merge', survivorId: 'p2', mergedIds: ['p1'], link: [device('d1')], rule: 'SHARED_IDENTITY', via: anon('a1') },
    ],
    [
      'three profiles: merged ids in survivor order; via is the best identifier that reached a merged one',
      [
        profile('p3', null, device('d1')),
        profile('p1', '2024-03-01', email('j@x.io'), anon('a1')),
        profile('p2', '2024-01-01', user('u1')),
      ],
      [device('d1'), anon('a1'), user('u1'), email('j@x.io'), phone('+14155552671')],
      {
        kind: 'merge',
        survivorId: 'p2',
        mergedIds: ['p1', 'p3'],
        link: [phone('+14155552671')],
        rule: 'SHARED_IDENTITY',
        via: email('j@x.io'),
      },
    ],
    [
      'merging up to the limit is fine',
      [profile('p1', '2024-01-01', ...emails(1, 2, 3)), profile('p2', '2024-01-02', ...emails(4), anon('a1'))],
      [email('e1@example.com'), anon('a1'), ...emails(5)],
      { kind: 'merge', survivorId: 'p1', mergedIds: ['p2'], link: emails(5), rule: 'SHARED_IDENTITY', via: anon('a1') },
    ],
    // ≥ 2 profiles matched, merging would break a limit
    [
      'two user ids: no merge; the message goes to its user id and links what fits there',
      [profile('p1', '2024-01-02', user('u1'), anon('a1')), profile('p2', '2024-01-01', user('u2'), email('j@x.io'))],
      [user('u1'), email('j@x.io'), phone('+14155552671')],
      {
        kind: 'conflict',
        target: { existing: 'p1' },
        link: [phone('+14155552671')],
        conflict: limitConflict('user_id', 'p2', 'p1'),
      },
    ],
    [
      'no merge: an unowned identifier over the target profile’s limit is not linked',
      [profile('p1', '2024-01-01', user('u1'), ...emails(1, 2, 3, 4, 5)), profile('p2', '2024-01-02', user('u2'), ...emails(6))],
      [user('u1'), ...emails(6, 7), device('d1')],
      { kind: 'conflict', target: { existing: 'p1' }, link: [device('d1')], conflict: limitConflict('user_id', 'p1', 'p2') },
    ],
    [
      'no merge: a highest-priority identifier nobody owns gets a new profile',
      [profile('p1', '2024-01-01', user('u1'), email('a@x.io')), profile('p2', '2024-01-02', user('u2'), email('b@x.io'))],
      [email('a@x.io'), email('b@x.io'), user('u3'), anon('a3')],
      { kind: 'conflict', target: { create: true }, link: [user('u3'), anon('a3')], conflict: limitConflict('user_id', 'p1', 'p2') },
    ],
    [
      'no merge: too many emails together; the device id outranks the anonymous id',
      [profile('p1', '2024-01-01', ...emails(1, 2, 3), anon('a1')), profile('p2', '2024-01-02', ...emails(4, 5, 6), device('d1'))],
      [anon('a1'), device('d1')],
      { kind: 'conflict', target: { existing: 'p2' }, link: [], conflict: limitConflict('email', 'p1', 'p2') },
    ],
    [
      'no merge: the conflict names the highest-priority broken type',
      [profile('p1', '2024-01-01', user('u1'), ...emails(1, 2, 3)), profile('p2', '2024-01-02', user('u2'), ...emails(4, 5, 6))],
      [user('u2'), email('e1@example.com')],
      { kind: 'conflict', target: { existing: 'p2' }, link: [], conflict: limitConflict('user_id', 'p1', 'p2') },
    ],
  ])('%s', (_name, profiles, message, expected) => {
    expect(resolve(profiles, message)).toEqual(expected);
  });
});

describe('profiles already past a limit (after an alias)', () => {
  const aliased = profile('p1', '2024-01-01', user('u1'), user('u2'), anon('a1'));

  it.each<[string, ProfileView[], IdentityRef[], Resolution['kind']]>([
    ['attaching another type is not a conflict', [aliased], [user('u2'), device('d1')], 'attach'],
    ['merging a profile with no user id is not a conflict', [aliased, profile('p2', '2024-02-01', anon('a2'))], [anon('a1'), anon('a2')], 'merge'],
    ['a third user id still is', [aliased], [anon('a1'), user('u3')], 'conflict'],
    ['and so is merging one', [aliased, profile('p2', '2024-02-01', user('u3'))], [anon('a1'), user('u3')], 'conflict'],
  ])('%s', (_name, profiles, message, kind) => {
    expect(resolve(profiles, message).kind).toBe(kind);
  });
});

describe('alias: the explicit "same person" instruction', () => {
  it.each<[string, ProfileView[], IdentityRef[], Resolution]>([
    [
      'merges across two user ids',
      [profile('p1', '2024-01-01', user('u1'), anon('a1')), profile('p2', '2024-01-02', user('u2'))],
      [user('u2'), user('u1')],
      { kind: 'merge', survivorId: 'p1', mergedIds: ['p2'], link: [], rule: 'ALIAS', via: user('u2') },
    ],
    [
      'records the alias as the rule even when limits hold',
      [profile('p1', '2024-01-01', anon('a1')), profile('p2', '2024-01-02', user('u2'))],
      [user('u2'), anon('a1')],
      { kind: 'merge', survivorId: 'p1', mergedIds: ['p2'], link: [], rule: 'ALIAS', via: user('u2') },
    ],
    [
      'links a second user id to the one profile it matched',
      [profile('p1', '2024-01-01', user('u1'), anon('a1'))],
      [user('u2'), anon('a1')],
      { kind: 'attach', profileId: 'p1', link: [user('u2')] },
    ],
    [
      'creates one profile when nothing is known',
      [],
      [user('u2'), anon('a1')],
      { kind: 'create', link: [user('u2'), anon('a1')] },
    ],
  ])('%s', (_name, profiles, message, expected) => {
    expect(resolve(profiles, message, { alias: true })).toEqual(expected);
  });
});

describe('namespaced types', () => {
  const wx = (ns: string, v: string) => ({ type: `wechat_openid:${ns}`, value: v });
  const base = parseIdentityRules({ IDENTITY_LIMITS: 'wechat_openid=1' });
  const own = parseIdentityRules({ IDENTITY_LIMITS: 'wechat_openid=1,wechat_openid:wx1=2' });
  const known = profile('p1', '2024-01-01', wx('wx1', 'o1'), anon('a1'));

  it.each<[string, IdentityRules, IdentityRef[], Resolution['kind']]>([
    ['the base type’s limit applies to a namespace', base, [wx('wx1', 'o2'), anon('a1')], 'conflict'],
    ['values are counted per namespace: another app’s open id is no second value', base, [wx('wx2', 'o2'), anon('a1')], 'attach'],
    ['a namespace’s own limit wins over its base type’s', own, [wx('wx1', 'o2'), anon('a1')], 'attach'],
    ['external ids are unlimited by default', rules, [wx('wx1', 'o2'), anon('a1')], 'attach'],
  ])('%s', (_name, r, message, kind) => {
    expect(resolve([known], message, {}, r).kind).toBe(kind);
  });
});

describe('priority decides where a diverted message goes', () => {
  const crmFirst = parseIdentityRules({ IDENTITY_PRIORITY: 'crm_id,user_id,email,*,device_id,anonymous_id' });
  const profiles = [profile('p1', '2024-01-01', user('u1')), profile('p2', '2024-01-02', user('u2'), crm('c2'))];

  it.each<[string, IdentityRules, string]>([
    ['the user id by default', rules, 'p1'],
    ['the crm id when it ranks first', crmFirst, 'p2'],
  ])('%s', (_name, r, target) => {
    expect(resolve(profiles, [crm('c2'), user('u1')], {}, r)).toMatchObject({ kind: 'conflict', target: { existing: target } });
  });
});

describe('the order identifiers arrive in never changes the decision', () => {
  const profiles = [profile('p1', '2024-01-01', user('u1'), ...emails(1, 2, 3, 4)), profile('p2', '2024-01-02', anon('a1'))];
  const message = [anon('a1'), ...emails(5, 6, 7), device('d1'), user('u1')];
  const expected = resolve(profiles, message);

  it.each([[[...message].reverse()], [[message[3], message[0], message[5], message[1], message[4], message[2]]]])(
    '%#',
    (shuffled) => {
      expect(resolve(profiles, shuffled)).toEqual(expected);
      expect(resolve([...profiles].reverse(), shuffled)).toEqual(expected);
    },
  );
});

test('a profile owning an identity must be given', () => {
  const owners = new Map([[keyOf(user('u1')), 'p1']]);
  expect(() => resolveMessage([user('u1')], owners, new Map(), rules)).toThrow(/p1/);
});

describe('survivorOf', () => {
  it.each<[string, ProfileView[], string]>([
    ['earliest first seen', [profile('b', '2024-01-02'), profile('c', '2024-01-01'), profile('a', '2024-01-03')], 'c'],
    ['same instant: smallest id', [profile('b', '2024-01-01T10:00:00Z'), profile('a', '2024-01-01T10:00:00Z')], 'a'],
    ['unknown first seen comes last', [profile('a', null), profile('z', '2030-01-01')], 'z'],
    ['all unknown: smallest id', [profile('c', null), profile('b', null), profile('d', null)], 'b'],
    ['ids compare as text, like uuids', [profile('9', null), profile('10', null)], '10'],
    ['alone', [profile('x', null)], 'x'],
  ])('%s', (_name, profiles, id) => {
    expect(survivorOf(profiles).id).toBe(id);
    expect(survivorOf([...profiles].reverse()).id).toBe(id);
  });

  it('needs a profile', () => {
    expect(() => survivorOf([])).toThrow();
  });
});

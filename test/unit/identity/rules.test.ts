import { ConfigError } from '../../../src/config';
import { DEFAULT_BLOCKLIST, limitOf, parseIdentityRules, priorityRank } from '../../../src/identity/rules';

test('defaults', () => {
  const rules = parseIdentityRules({});
  expect(rules.defaultRegion).toBe('US');
  expect([...rules.blockExact].sort()).toEqual([...DEFAULT_BLOCKLIST].sort());
  expect(rules.blockRegex).toEqual([]);
  expect(rules.limits).toEqual({ user_id: 1, email: 5, phone: 5 });
  expect(rules.priority).toEqual(['user_id', 'email', 'phone', '*', 'device_id', 'anonymous_id']);
});

test('every configured value is read', () => {
  const rules = parseIdentityRules({
    PHONE_DEFAULT_REGION: ' gb ',
    IDENTITY_BLOCKLIST: ' Demo@Example.com , "PLACEHOLDER",',
    IDENTITY_BLOCKLIST_REGEX: '^test\\+.*@;;^x{2,3}$ ;; ^(a|b),c$',
    IDENTITY_LIMITS: 'email=3, phone=2,device_id=10,User_Id=unlimited,wechat_openid:WX1=4',
    IDENTITY_PRIORITY: 'email, user_id, *, anonymous_id, device_id',
  });
  expect(rules.defaultRegion).toBe('GB');
  expect(rules.blockExact).toEqual(new Set([...DEFAULT_BLOCKLIST, 'demo@example.com', 'placeholder']));
  // `;;` separates, so a regex can hold a comma (and a quantifier with one).
  expect(rules.blockRegex.map((re) => re.source)).toEqual(['^test\\+.*@', '^x{2,3}$', '^(a|b),c$']);
  expect(rules.blockRegex.every((re) => re.flags === 'i')).toBe(true);
  expect(rules.limits).toEqual({ user_id: Infinity, email: 3, phone: 2, device_id: 10, 'wechat_openid:WX1': 4 });
  expect(rules.priority).toEqual(['email', 'user_id', '*', 'anonymous_id', 'device_id']);
});

it.each([
  [{ PHONE_DEFAULT_REGION: 'XX' }, /PHONE_DEFAULT_REGION/],
  [{ PHONE_DEFAULT_REGION: 'USA' }, /PHONE_DEFAULT_REGION/],
  [{ IDENTITY_BLOCKLIST_REGEX: '^ok$;;(unclosed' }, /IDENTITY_BLOCKLIST_REGEX/],
  [{ IDENTITY_LIMITS: 'email:3' }, /IDENTITY_LIMITS/],
  [{ IDENTITY_LIMITS: 'email=0' }, /IDENTITY_LIMITS/],
  [{ IDENTITY_LIMITS: 'email=00' }, /IDENTITY_LIMITS/],
  [{ IDENTITY_LIMITS: 'email=-1' }, /IDENTITY_LIMITS/],
  [{ IDENTITY_LIMITS: 'email=2.5' }, /IDENTITY_LIMITS/],
  [{ IDENTITY_LIMITS: '1email=2' }, /IDENTITY_LIMITS/],
  [{ IDENTITY_PRIORITY: 'user_id,email,user_id' }, /IDENTITY_PRIORITY/],
  [{ IDENTITY_PRIORITY: 'user id,email' }, /IDENTITY_PRIORITY/],
])('%p is refused with a message naming the variable', (env, message) => {
  expect(() => parseIdentityRules(env)).toThrow(ConfigError);
  expect(() => parseIdentityRules(env)).toThrow(message);
});

const defaults = parseIdentityRules({});
const custom = parseIdentityRules({ IDENTITY_PRIORITY: 'crm_id,user_id,wechat_openid:wx1,email' });

it.each([
  [defaults, 'user_id', 0],
  [defaults, 'email', 1],
  [defaults, 'phone', 2],
  [defaults, 'crm_id', 3],
  [defaults, 'wechat_openid:wx1', 3],
  [defaults, 'device_id', 4],
  [defaults, 'anonymous_id', 5],
  [defaults, 'email:work', 1], // a namespaced type ranks as its base type
  // Without `*`, types not named rank after every named one.
  [custom, 'crm_id', 0],
  [custom, 'wechat_openid:wx1', 2],
  [custom, 'wechat_openid:wx2', 4],
  [custom, 'anonymous_id', 4],
])('priority rank of %#: %s is %d', (rules, type, rank) => {
  expect(priorityRank(type, rules)).toBe(rank);
});

test('lower rank is higher priority', () => {
  const order = ['anonymous_id', 'crm_id', 'device_id', 'email', 'phone', 'user_id'].sort(
    (a, b) => priorityRank(a, defaults) - priorityRank(b, defaults),
  );
  expect(order).toEqual(['user_id', 'email', 'phone', 'crm_id', 'device_id', 'anonymous_id']);
});

const limited = parseIdentityRules({ IDENTITY_LIMITS: 'wechat_openid=1,wechat_openid:wx2=3' });

it.each([
  [defaults, 'user_id', 1],
  [defaults, 'email', 5],
  [defaults, 'phone', 5],
  [defaults, 'device_id', Infinity],
  [defaults, 'anonymous_id', Infinity],
  [defaults, 'email:work', 5],
  [limited, 'wechat_openid', 1],
  [limited, 'wechat_openid:wx1', 1], // falls back to its base type
  [limited, 'wechat_openid:wx2', 3], // its own limit wins
])('limit %#: %s holds %d values', (rules, type, limit) => {
  expect(limitOf(type, rules)).toBe(limit);
});

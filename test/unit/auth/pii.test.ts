import { PiiPolicy } from '../../../src/auth/pii';
import type { Principal, Scope } from '../../../src/auth/scopes';
import { loadConfig } from '../../../src/config';

const principal = (...scopes: Scope[]): Principal => ({ keyId: 'k', name: 'k', scopes: new Set(scopes), sourceId: null });
const policy = new PiiPolicy(loadConfig({ PII_TRAIT_KEYS: 'national_id', PII_IDENTITY_TYPES: 'crm_id' }));

it.each([
  ['email', true],
  ['phone', true],
  ['crm_id', true],
  ['email:work', true],
  ['user_id', false],
  ['wechat_openid:wx1', false],
])('identity type %s is PII: %s', (type, pii) => {
  expect(policy.identityValue(principal('profiles:read'), type, 'v')).toBe(pii ? null : 'v');
  expect(policy.identityValue(principal('profiles:read', 'pii:read'), type, 'v')).toBe('v');
  expect(policy.identityValue(principal('admin'), type, 'v')).toBe('v');
});

test('PII traits (defaults and configured) are null without pii:read; others pass', () => {
  const traits = { email: 'a@b.c', Birthday: '1990-01-01', national_id: 'X', plan: 'gold', address: { city: 'Oslo' } };
  expect(policy.traits(principal('profiles:read'), traits)).toEqual({ email: null, Birthday: null, national_id: null, plan: 'gold', address: null });
  expect(policy.traits(principal('pii:read'), traits)).toBe(traits);
});

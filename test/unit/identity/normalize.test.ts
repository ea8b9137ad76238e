import {
  MAX_IDENTITY_VALUE_LENGTH,
  normalizeIdentity,
  normalizeIdentityType,
  normalizeIdentityValue,
} from '../../../src/identity/normalize';
import { DEFAULT_BLOCKLIST, parseIdentityRules } from '../../../src/identity/rules';

const rules = parseIdentityRules({});
const BLOCKED = { ok: false, blocked: true, reason: 'blocklisted value' };
const accepted = (type: string, value: string) => ({ ok: true, identity: { type, value } });
const refused = (reason: string) => ({ ok: false, blocked: false, reason });

describe('the default blocklist', () => {
  const forms = DEFAULT_BLOCKLIST.flatMap((v) => [v, v.toUpperCase(), `  ${v}  `, `"${v}"`, `'${v}'`, ` " ${v} " `]);

  it.each(forms)('%j is junk', (value) => {
    expect(normalizeIdentity('anonymous_id', value, rules)).toEqual(BLOCKED);
  });

  it.each([
    ['user_id', 'NULL'],
    ['user_id', '[object Object]'],
    ['user_id', 'NaN'],
    ['user_id', 'N/A'],
    ['device_id', '00000000-0000-0000-0000-000000000000'], // IDFA / GAID with tracking limited
    ['device_id', '0000-0000'],
    ['device_id', '000000'],
    ['device_id', '"0000"'],
    ['device_id', '---'],
    ['email', 'TEST@test.com'],
    ['email', 'null'], // junk, not a malformed email
    ['phone', 'undefined'], // junk, not a malformed number
    ['phone', '0'],
    ['user_id', 0],
    ['user_id', -1],
  ])('%s %j is junk', (type, value) => {
    expect(normalizeIdentity(type, value, rules)).toEqual(BLOCKED);
  });

  it.each(['0a', 'null1', 'nullable', 'testing', '10', '-10', 'guest-42', '"null', "'null\"", 'anon'])(
    '%j is an identifier',
    (value) => {
      expect(normalizeIdentity('anonymous_id', value, rules)).toEqual(accepted('anonymous_id', value));
    },
  );
});

describe('configured blocklist', () => {
  const configured = parseIdentityRules({
    IDENTITY_BLOCKLIST: 'Placeholder,demo@example.com',
    IDENTITY_BLOCKLIST_REGEX: '^qa-;;@example\\.org$;;^\\+1415',
  });

  it.each([
    ['user_id', 'PLACEHOLDER'],
    ['user_id', '"placeholder"'],
    ['email', 'Demo@Example.com'],
    ['user_id', 'QA-17'], // regexes are case-insensitive
    ['email', 'Someone@Example.ORG'],
    ['phone', '(415) 555-2671'], // a regex sees the canonical E.164 form too
  ])('%s %j is blocked', (type, value) => {
    expect(normalizeIdentity(type, value, configured)).toEqual(BLOCKED);
  });

  it('keeps the defaults', () => {
    expect(normalizeIdentity('user_id', 'undefined', configured)).toEqual(BLOCKED);
    expect(normalizeIdentity('user_id', 'u-1', configured)).toEqual(accepted('user_id', 'u-1'));
  });
});

describe('emails', () => {
  it.each([
    ['Jane.Doe@Example.COM', 'jane.doe@example.com'],
    ['  jane+news@example.co.uk\n', 'jane+news@example.co.uk'],
    ['o\'brien@mail.example.ie', 'o\'brien@mail.example.ie'],
    ['ZHANG.wei@例子.公司', 'zhang.wei@例子.公司'],
  ])('%j is %j', (value, canonical) => {
    expect(normalizeIdentity('email', value, rules)).toEqual(accepted('email', canonical));
  });

  it.each([
    'jane', 'jane@', '@example.com', 'jane@example', 'jane@@example.com', 'jane doe@example.com',
    'Jane <jane@example.com>', 'a@example.com,b@example.com', 'jane@example.c', 'jane@example..com', 'jane@.example.com',
  ])('%j is refused', (value) => {
    expect(normalizeIdentity('email', value, rules)).toEqual(refused('invalid email address'));
  });
});

describe('phones', () => {
  const gb = parseIdentityRules({ PHONE_DEFAULT_REGION: 'GB' });

  it.each([
    [rules, '(415) 555-2671', '+14155552671'],
    [rules, '415.555.2671', '+14155552671'],
    [rules, '1-415-555-2671', '+14155552671'],
    [rules, '+1 415 555 2671', '+14155552671'],
    [rules, '+44 20 7946 0958', '+442079460958'],
    [rules, '+86 138 1234 5678', '+8613812345678'],
    [rules, '+1 (415) 555-2671 ext. 12', '+14155552671'], // the extension names a desk, not a person
    [gb, '020 7946 0958', '+442079460958'],
    [gb, '07946 095812', '+447946095812'],
    [gb, '00 1 415 555 2671', '+14155552671'],
    [gb, '+14155552671', '+14155552671'],
  ])('%#: %j is %j', (r, value, canonical) => {
    expect(normalizeIdentity('phone', value, r)).toEqual(accepted('phone', canonical));
  });

  it('reads numbers sent as JSON numbers', () => {
    expect(normalizeIdentity('phone', 4155552671, rules)).toEqual(accepted('phone', '+14155552671'));
  });

  it.each([
    [rules, '12'],
    [rules, 'abc'],
    [rules, '+1 555 0100'],
    [rules, '415555267'],
    [rules, 'call 415 555 2671'], // text that contains a number is not a number
    [rules, '+14155552671abc'],
    [gb, '020 7946 095'],
  ])('%#: %j is refused', (r, value) => {
    expect(normalizeIdentity('phone', value, r)).toEqual(refused('invalid phone number'));
  });
});

describe('types', () => {
  it.each([
    ['user_id', 'user_id'],
    [' User_ID ', 'user_id'],
    ['CRM_ID', 'crm_id'],
    ['wechat_openid:wx1234', 'wechat_openid:wx1234'],
    ['WeChat_OpenId:WxAbC', 'wechat_openid:WxAbC'], // the namespace is kept as sent
    ['crm_id:eu:prod', 'crm_id:eu:prod'],
    ['x2', 'x2'],
  ])('%j is %j', (type, normalized) => {
    expect(normalizeIdentity(type, 'v-1', rules)).toEqual(accepted(normalized, 'v-1'));
  });

  it.each(['', ' ', '1user', '_id', 'user-id', 'user id', 'wechat_openid:', 'wechat_openid:wx 1', ':wx1', 'ünïcode'])(
    '%j is refused',
    (type) => {
      expect(normalizeIdentity(type, 'v-1', rules)).toEqual(refused('invalid identity type'));
    },
  );

  it('validates the value of a namespaced email or phone like the base type', () => {
    expect(normalizeIdentity('email:work', 'Jane@Example.com', rules)).toEqual(accepted('email:work', 'jane@example.com'));
    expect(normalizeIdentity('phone:Office', '415 555 2671', rules)).toEqual(accepted('phone:Office', '+14155552671'));
    expect(normalizeIdentity('email:work', 'jane', rules)).toEqual(refused('invalid email address'));
  });
});

describe('values', () => {
  it.each([
    ['u-1', 'u-1'],
    ['  u-1\t', 'u-1'],
    [42, '42'],
    [12.5, '12.5'],
    ['x'.repeat(MAX_IDENTITY_VALUE_LENGTH), 'x'.repeat(MAX_IDENTITY_VALUE_LENGTH)],
  ])('%j is %j', (value, canonical) => {
    expect(normalizeIdentity('user_id', value, rules)).toEqual(accepted('user_id', canonical));
  });

  it.each([null, undefined, true, {}, ['u-1'], NaN, Infinity, 10n])('%p is refused', (value) => {
    expect(normalizeIdentity('user_id', value, rules)).toEqual(refused('identity value must be a string or a finite number'));
  });

  it('refuses values over the maximum length', () => {
    expect(normalizeIdentity('user_id', 'x'.repeat(MAX_IDENTITY_VALUE_LENGTH + 1), rules)).toEqual(
      refused(`identity value longer than ${MAX_IDENTITY_VALUE_LENGTH} characters`),
    );
  });

  it.each([
    ['email', 'Secret.Person@example'],
    ['phone', '+1 555 0100'],
    ['user_id', 'null'],
    ['user_id', 'p'.repeat(600)],
    ['bad type', 'secret-person'],
  ])('a refusal of %s never repeats the value', (type, value) => {
    const result = normalizeIdentity(type, value, rules);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result).toLowerCase()).not.toContain(value.toLowerCase().slice(0, 8));
  });
});

describe('lookup normalisation (customerByIdentity)', () => {
  it.each([
    [' Email ', 'email'],
    ['WeChat_OpenId:WxAbC', 'wechat_openid:WxAbC'],
  ])('type %j is %j', (type, normalized) => {
    expect(normalizeIdentityType(type)).toBe(normalized);
  });

  it.each([
    ['email', ' Jane@Example.COM ', 'jane@example.com'],
    ['phone', '(415) 555-2671', '+14155552671'],
    ['phone', '+44 20 7946 0958', '+442079460958'],
    ['phone', ' not a number ', 'not a number'],
    ['user_id', ' U-1 ', 'U-1'],
  ])('%s %j is looked up as %j', (type, value, canonical) => {
    expect(normalizeIdentityValue(type, value)).toBe(canonical);
  });

  it('reads national numbers in the configured region', () => {
    expect(normalizeIdentityValue('phone', '020 7946 0958', 'GB')).toBe('+442079460958');
  });

  it('matches what ingest stores', () => {
    for (const [type, value] of [['email', 'Jane@Example.com'], ['phone', '(415) 555-2671'], ['crm_id', ' C-9 ']]) {
      const stored = normalizeIdentity(type, value, rules);
      expect(stored).toEqual(accepted(type, normalizeIdentityValue(type, value)));
    }
  });
});

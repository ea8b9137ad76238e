import { createHmac } from 'node:crypto';
import type { Principal } from '../../../src/auth/scopes';
import {
  afterFailure, backoffDelayMs, bodyCustomerIds, checkWebhookUrl, generateWebhookSecret, graceProblem, hostAllowed, idempotencyKey,
  isRestrictedAddress, payloadCarriesProfiles, secretProblem, signatureHeader, signingSecrets, verifySignature, withProfiles, type UrlPolicy,
} from '../../../src/delivery/webhook';
import { parseWebhookSettings } from '../../../src/delivery/webhook.settings';

describe('signature', () => {
  const body = '{"changes":[{"cursor":"7"}]}';

  test('t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const expected = createHmac('sha256', 'whsec_test').update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader('whsec_test', body, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it.each([
    ['the same secret, body and a fresh timestamp', 'whsec_test', body, 1700000000, 1700000010, true],
    ['another secret', 'whsec_other', body, 1700000000, 1700000010, false],
    ['a changed body', 'whsec_test', body.replace('7', '8'), 1700000000, 1700000010, false],
    ['a timestamp older than the tolerance (a replay)', 'whsec_test', body, 1700000000, 1700000301, false],
  ])('verifies with %s: %s', (_what, secret, received, t, now, ok) => {
    expect(verifySignature(secret, received, signatureHeader('whsec_test', body, t), now)).toBe(ok);
  });

  it.each(['', 't=1,v1=zz', 'v1=' + 'a'.repeat(64), 't=x,v1=' + 'a'.repeat(64)])('refuses a malformed header %j', (header) => {
    expect(verifySignature('whsec_test', body, header, 1)).toBe(false);
  });

  test('several secrets (a rotation\'s grace period): one v1 each, current first; either verifies', () => {
    const header = signatureHeader(['whsec_new', 'whsec_old'], body, 1700000000);
    const v1 = (secret: string) => createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(header).toBe(`t=1700000000,v1=${v1('whsec_new')},v1=${v1('whsec_old')}`);
    expect(verifySignature('whsec_new', body, header, 1700000001)).toBe(true);
    expect(verifySignature('whsec_old', body, header, 1700000001)).toBe(true);
    expect(verifySignature('whsec_other', body, header, 1700000001)).toBe(false);
    expect(verifySignature('whsec_old', body, header.replace(/,v1=[0-9a-f]+$/, ''), 1700000001)).toBe(false);
  });

  it.each([
    ['no previous secret', null, null, ['cur']],
    ['a previous secret within its grace period', 'old', '2030-01-01T00:00:01Z', ['cur', 'old']],
    ['a previous secret whose grace period ended', 'old', '2030-01-01T00:00:00Z', ['cur']],
  ])('signing secrets with %s', (_what, previousSecret, until, secrets) => {
    const now = new Date('2030-01-01T00:00:00Z');
    expect(signingSecrets({ secret: 'cur', previousSecret, previousSecretExpiresAt: until ? new Date(until) : null }, now)).toEqual(secrets);
  });

  it.each([
    [0, null], [86_400, null], [604_800, null], [604_801, /0 to 604800/], [-1, /0 to 604800/], [1.5, /integer/],
  ])('grace period %d s', (seconds, problem) => {
    if (problem === null) expect(graceProblem(seconds)).toBeNull();
    else expect(graceProblem(seconds)).toMatch(problem);
  });

  test('generated secrets are long, prefixed and distinct; caller secrets are checked', () => {
    const [a, b] = [generateWebhookSecret(), generateWebhookSecret()];
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(secretProblem(a)).toBeNull();
    expect(secretProblem('short')).toMatch(/16 to 256/);
    expect(secretProblem('has a space in it ok')).toMatch(/printable/);
  });
});

describe('payload', () => {
  const key = (...scopes: string[]): Principal => ({ keyId: 'k', name: 'k', scopes: new Set(scopes) as Principal['scopes'], sourceId: null });

  it.each([
    ['no key', null, false],
    ['pii:read and profiles:read', key('pii:read', 'profiles:read'), true],
    ['admin', key('admin'), true],
    ['pii:read alone (a query with it reads no profile)', key('pii:read'), false],
    ['profiles:read alone (ids only, the issue\'s rule)', key('profiles:read', 'segments:read'), false],
  ])('%s: profiles %s', (_what, principal, carries) => {
    expect(payloadCarriesProfiles(principal)).toBe(carries);
  });

  test('profiles are added to each change by customer id, null when gone; the changes are untouched', () => {
    const body = JSON.stringify({ changes: [
      { cursor: '1', customerId: 'a', change: 'ENTERED' }, { cursor: '2', customerId: 'b', change: 'EXITED' }, { cursor: '3', customerId: 'a', change: 'EXITED' },
    ] });
    expect(bodyCustomerIds(body)).toEqual(['a', 'b']);
    const ann = { id: 's', traits: { email: 'ann@example.com' }, identities: [{ type: 'email', value: 'ann@example.com' }] };
    const out = JSON.parse(withProfiles(body, new Map([['a', ann]])));
    expect(out).toEqual({ changes: [
      { cursor: '1', customerId: 'a', change: 'ENTERED', customer: ann }, { cursor: '2', customerId: 'b', change: 'EXITED', customer: null },
      { cursor: '3', customerId: 'a', change: 'EXITED', customer: ann },
    ] });
  });
});

describe('idempotency key', () => {
  it.each([
    ['w1', 1, 5, 'w1:1-5'],
    ['w1', 6, 6, 'w1:6-6'],
    ['w2', 1, 5, 'w2:1-5'],
  ])('%s %i..%i → %s', (webhook, first, last, key) => {
    expect(idempotencyKey(webhook, first, last)).toBe(key);
  });
});

describe('backoff', () => {
  const settings = { maxAttempts: 5, backoffBaseMs: 1000, backoffMaxMs: 10_000 };
  it.each([
    [1, 0, 500], [1, 1, 1000],
    [2, 0, 1000], [2, 1, 2000],
    [3, 0.5, 3000],
    [4, 1, 8000],
    [5, 1, 10_000], [30, 0, 5000], [500, 1, 10_000],
  ])('after %i failures with random %d: %i ms', (failures, random, ms) => {
    expect(backoffDelayMs(failures, settings, () => random)).toBe(ms);
  });

  test('jitter spreads retries between half and all of the exponential delay', () => {
    const seen = Array.from({ length: 200 }, () => backoffDelayMs(3, settings));
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...seen)).toBeLessThanOrEqual(4000);
    expect(new Set(seen).size).toBeGreaterThan(10);
  });

  it.each([
    [1, 'FAILED'], [4, 'FAILED'], [5, 'DEAD'], [6, 'DEAD'],
  ])('attempt %i of 5 failed → %s', (attempts, status) => {
    const now = new Date('2030-01-01T00:00:00Z');
    const next = afterFailure(attempts, settings, now, () => 0);
    expect(next.status).toBe(status);
    if (next.status === 'FAILED') expect(next.nextAttemptAt.getTime()).toBe(now.getTime() + backoffDelayMs(attempts, settings, () => 0));
  });
});

describe('URL policy', () => {
  const strict: UrlPolicy = { allowPrivate: false, allowedHosts: [] };
  const loopback: UrlPolicy = { allowPrivate: true, allowedHosts: [] };
  const listed: UrlPolicy = { allowPrivate: false, allowedHosts: ['hooks.example.com', '*.partner.io'] };

  it.each([
    ['https://hooks.example.com/strata', strict, null],
    ['http://93.184.216.34:8080/x', strict, null],
    ['ftp://hooks.example.com/', strict, /http or https/],
    ['not a url', strict, /absolute URL/],
    ['https://user:pw@hooks.example.com/', strict, /credentials/],
    ['http://127.0.0.1:9000/', strict, /private, loopback/],
    ['http://10.1.2.3/', strict, /private/],
    ['http://172.20.0.1/', strict, /private/],
    ['http://192.168.1.1/', strict, /private/],
    ['http://169.254.169.254/latest/meta-data', strict, /private/],
    ['http://100.64.0.1/', strict, /private/],
    ['http://0.0.0.0/', strict, /private/],
    ['http://[::1]/', strict, /private/],
    ['http://[fe80::1]/', strict, /private/],
    ['http://[fd00::1]/', strict, /private/],
    ['http://[::ffff:127.0.0.1]/', strict, /private/],
    ['http://[2606:4700::1111]/', strict, null],
    ['http://127.0.0.1:9000/', loopback, null],
    ['http://[::1]:9000/', loopback, null],
    ['https://hooks.example.com/', listed, null],
    ['https://a.b.partner.io/', listed, null],
    ['https://partner.io/', listed, /not in WEBHOOK_ALLOWED_HOSTS/],
    ['https://evil.com/', listed, /not in WEBHOOK_ALLOWED_HOSTS/],
  ] as const)('%s', (url, policy, problem) => {
    const r = checkWebhookUrl(url, policy);
    if (problem === null) expect(r.ok).toBe(true);
    else expect(r.ok ? null : r.reason).toMatch(problem);
  });

  it.each([
    ['8.8.8.8', false], ['127.0.0.53', true], ['::1', true], ['2001:db8::1', true], ['::ffff:10.0.0.1', true], ['::ffff:8.8.8.8', false],
    ['224.0.0.1', true], ['255.255.255.255', true], ['garbage', true],
  ])('%s restricted: %s', (ip, restricted) => {
    expect(isRestrictedAddress(ip)).toBe(restricted);
  });

  test('host patterns', () => {
    expect(hostAllowed('x.example.com', [])).toBe(true);
    expect(hostAllowed('X.Example.com', ['x.example.com'])).toBe(true);
    expect(hostAllowed('example.com', ['*.example.com'])).toBe(false);
    expect(hostAllowed('badexample.com', ['*.example.com'])).toBe(false);
  });
});

describe('settings', () => {
  test('defaults, and the variables that change them', () => {
    expect(parseWebhookSettings({})).toMatchObject({ maxAttempts: 12, maxBatch: 100, secretGraceSeconds: 86_400, urlPolicy: { allowPrivate: false, allowedHosts: [] } });
    expect(parseWebhookSettings({ WEBHOOK_SECRET_GRACE_SECONDS: '0' }).secretGraceSeconds).toBe(0);
    expect(parseWebhookSettings({ WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_ALLOWED_HOSTS: 'a.com, *.b.io', WEBHOOK_MAX_ATTEMPTS: '3' })).toMatchObject({
      maxAttempts: 3, urlPolicy: { allowPrivate: true, allowedHosts: ['a.com', '*.b.io'] },
    });
  });
  it.each([
    [{ WEBHOOK_MAX_ATTEMPTS: '0' }, /WEBHOOK_MAX_ATTEMPTS/],
    [{ WEBHOOK_ALLOW_PRIVATE: 'yes' }, /WEBHOOK_ALLOW_PRIVATE/],
    [{ WEBHOOK_BACKOFF_BASE_MS: '100', WEBHOOK_BACKOFF_MAX_MS: '10' }, /WEBHOOK_BACKOFF_MAX_MS/],
    [{ WEBHOOK_ALLOWED_HOSTS: 'http://x' }, /WEBHOOK_ALLOWED_HOSTS/],
    [{ WEBHOOK_SECRET_GRACE_SECONDS: '604801' }, /WEBHOOK_SECRET_GRACE_SECONDS/],
  ])('refuses %j', (env, message) => {
    expect(() => parseWebhookSettings(env)).toThrow(message);
  });
});

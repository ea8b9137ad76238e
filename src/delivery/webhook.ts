import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { hasScope, type Principal } from '../auth/scopes';

/*
 * Webhook policy, pure: the signature, the idempotency key, the retry schedule and the URL policy. No database, no
 * network; the worker (webhook.worker.ts) and the resolver apply them.
 */

// ---- signing ------------------------------------------------------------------------------------------------------

const hmac = (secret: string, unixSeconds: number, body: string) => createHmac('sha256', secret).update(`${unixSeconds}.${body}`);

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` — the timestamp is signed too, so a replay can be refused.
 * With several secrets (the current one first, then the one it replaced, during a rotation's grace period) there is one
 * `v1` per secret, as Stripe does: a receiver still holding the old secret keeps verifying until it switches.
 */
export function signatureHeader(secrets: string | readonly string[], body: string, unixSeconds: number): string {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  return [`t=${unixSeconds}`, ...list.map((secret) => `v1=${hmac(secret, unixSeconds, body).digest('hex')}`)].join(',');
}

/**
 * What a receiver does (the README shows the same in a few lines): recompute the HMAC over the raw body, compare in
 * constant time with every `v1` of the header (any one may match), and refuse a timestamp older than
 * `toleranceSeconds` (a captured request replayed later).
 */
export function verifySignature(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = header.split(',').map((p) => p.trim().split('=', 2) as [string, string | undefined]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  const signatures = parts.filter(([k, v]) => k === 'v1' && v && /^[0-9a-f]{64}$/.test(v)).map(([, v]) => Buffer.from(v!, 'hex'));
  if (!Number.isInteger(t) || !signatures.length) return false;
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = hmac(secret, t, body).digest();
  return signatures.some((candidate) => timingSafeEqual(expected, candidate));
}

/** The longest grace period a rotation may give the previous secret. */
export const MAX_SECRET_GRACE_SECONDS = 7 * 24 * 3600;

/** Why a rotation's grace period is refused, or null. */
export function graceProblem(seconds: number): string | null {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_SECRET_GRACE_SECONDS) {
    return `graceSeconds must be an integer from 0 to ${MAX_SECRET_GRACE_SECONDS} (7 days)`;
  }
  return null;
}

/** The secrets that sign at `now`: the current one, then the previous one while its grace period lasts. */
export function signingSecrets(
  webhook: { secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null },
  now: Date,
): string[] {
  const { secret, previousSecret, previousSecretExpiresAt } = webhook;
  return previousSecret && previousSecretExpiresAt && previousSecretExpiresAt.getTime() > now.getTime() ? [secret, previousSecret] : [secret];
}

/** 256 random bits; the prefix makes secrets recognisable to secret scanners. */
export function generateWebhookSecret(): string {
  return 'whsec_' + randomBytes(32).toString('base64url');
}

export const MIN_SECRET_LENGTH = 16;
export const MAX_SECRET_LENGTH = 256;

/** Why a caller-chosen secret is refused, or null. */
export function secretProblem(secret: string): string | null {
  if (secret.length < MIN_SECRET_LENGTH || secret.length > MAX_SECRET_LENGTH) {
    return `secret must be ${MIN_SECRET_LENGTH} to ${MAX_SECRET_LENGTH} characters`;
  }
  if (!/^[\x21-\x7e]+$/.test(secret)) return 'secret must be printable ASCII without spaces';
  return null;
}

// ---- payload ------------------------------------------------------------------------------------------------------

/** What a change of a webhook bound to a PII key carries besides the ids: the profile as that key would read it. */
export interface PayloadProfile {
  /** The profile now (a merged-away customer's survivor). */
  id: string;
  traits: Record<string, unknown>;
  identities: { type: string; value: string | null }[];
}

/**
 * Whether a webhook's deliveries carry profiles: only when its key (active at the attempt) has `pii:read` — the issue's
 * rule, ids otherwise — and can read profiles at all (`profiles:read`), as a query with that key could.
 */
export function payloadCarriesProfiles(key: Principal | null): boolean {
  return hasScope(key, 'pii:read') && hasScope(key, 'profiles:read');
}

/** The customer ids of a delivery body `{ "changes": [...] }`, in order of first appearance. */
export function bodyCustomerIds(body: string): string[] {
  const { changes } = JSON.parse(body) as { changes: { customerId: string }[] };
  return [...new Set(changes.map((c) => c.customerId))];
}

/**
 * The body with each change's profile added as `customer` (null when the profile is gone: erased). The ids-only body
 * is what a delivery row keeps; profiles are added at each attempt and never stored, so an erasure or a revoked key
 * takes effect on the next attempt.
 */
export function withProfiles(body: string, profiles: ReadonlyMap<string, PayloadProfile | null>): string {
  const parsed = JSON.parse(body) as { changes: { customerId: string }[] };
  return JSON.stringify({ changes: parsed.changes.map((c) => ({ ...c, customer: profiles.get(c.customerId) ?? null })) });
}

// ---- idempotency --------------------------------------------------------------------------------------------------

/**
 * The same delivery (same webhook, same first and last change) always carries the same key, across retries,
 * restarts and redeliveries, so a receiver that stores the keys it has processed drops every repeat.
 */
export function idempotencyKey(webhookId: string, firstCursor: number, lastCursor: number): string {
  return `${webhookId}:${firstCursor}-${lastCursor}`;
}

// ---- retries ------------------------------------------------------------------------------------------------------

export interface RetrySettings {
  /** Attempts in all (the first one included) before a delivery is DEAD. */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/**
 * Delay before the next attempt after `failures` failed ones: exponential (base·2^(failures−1), capped), with "equal
 * jitter" — half fixed, half random — so endpoints that failed together do not retry in lockstep, yet a retry never
 * comes back almost at once.
 */
export function backoffDelayMs(failures: number, settings: Pick<RetrySettings, 'backoffBaseMs' | 'backoffMaxMs'>, random: () => number = Math.random): number {
  const exp = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.min(Math.max(failures - 1, 0), 40));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export type AfterFailure = { status: 'FAILED'; nextAttemptAt: Date } | { status: 'DEAD' };

/** A failed attempt, the `attempts`-th: try again later, or give up (DEAD: the endpoint pauses). */
export function afterFailure(attempts: number, settings: RetrySettings, now: Date, random: () => number = Math.random): AfterFailure {
  if (attempts >= settings.maxAttempts) return { status: 'DEAD' };
  return { status: 'FAILED', nextAttemptAt: new Date(now.getTime() + backoffDelayMs(attempts, settings, random)) };
}

// ---- URL policy ---------------------------------------------------------------------------------------------------

export interface UrlPolicy {
  /** Allow private, loopback, link-local and other non-public addresses (WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** When not empty, the only hosts allowed: `example.com` or `*.example.com` (WEBHOOK_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
}

/** Addresses that are not the public internet: a webhook must not become a way into the server's own network. */
const RESTRICTED = (() => {
  const list = new BlockList();
  for (const [net, prefix] of [
    ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
    ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
    ['224.0.0.0', 4], ['240.0.0.0', 4],
  ] as const) list.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of [
    ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32],
  ] as const) list.addSubnet(net, prefix, 'ipv6');
  return list;
})();

/** Private, loopback, link-local, multicast, reserved or documentation address (IPv4-mapped IPv6 included). */
export function isRestrictedAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return true;
  const mapped = family === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip) : null;
  if (mapped) return RESTRICTED.check(mapped[1], 'ipv4');
  return RESTRICTED.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why an address may not be called, or null. */
export function addressProblem(ip: string, policy: UrlPolicy): string | null {
  if (!policy.allowPrivate && isRestrictedAddress(ip)) return `${ip} is a private, loopback or reserved address`;
  return null;
}

export function hostAllowed(host: string, allowedHosts: readonly string[]): boolean {
  if (!allowedHosts.length) return true;
  const h = host.toLowerCase();
  return allowedHosts.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith('*.') ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p;
  });
}

export type UrlCheck = { ok: true; url: URL; host: string; literal: boolean } | { ok: false; reason: string };

/**
 * The checks that need no DNS: http(s) only, no credentials in the URL, the host allowlist, and an IP literal's
 * address. A host name must also resolve only to allowed addresses — checked at save and again at each connection
 * (a name can be re-pointed after it was accepted).
 */
export function checkWebhookUrl(raw: string, policy: UrlPolicy): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'url is not an absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'url must be http or https' };
  if (url.username || url.password) return { ok: false, reason: 'url must not carry credentials (the signature authenticates Strata)' };
  if (raw.length > 2048) return { ok: false, reason: 'url is longer than 2048 characters' };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!hostAllowed(host, policy.allowedHosts)) return { ok: false, reason: `host ${host} is not in WEBHOOK_ALLOWED_HOSTS` };
  const literal = isIP(host) !== 0;
  if (literal) {
    const problem = addressProblem(host, policy);
    if (problem) return { ok: false, reason: `url refused: ${problem}` };
  }
  return { ok: true, url, host, literal };
}

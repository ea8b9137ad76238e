import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { IdentityRef } from '../ingestion/message';
import type { IdentityRules } from './rules';

/**
 * Canonical form of an identity (type, value), the same on ingest and on lookup, so that `Foo@Example.com` and
 * `foo@example.com`, or `(415) 555-2671` and `+14155552671`, are one identifier and link one profile.
 */

/** A lower-case base, then optionally `:namespace` kept as sent (an open id is only unique per app). */
const IDENTITY_TYPE = /^[a-z][a-z0-9_]*(:[^\s]+)?$/;

export const MAX_IDENTITY_VALUE_LENGTH = 512;

/**
 * Deliberately loose: one `@`, a dotted domain with a TLD of two or more characters, nothing that only appears when a
 * display name or a list was sent instead of an address. Strictness beyond that rejects real customers' addresses.
 */
const EMAIL = /^[^\s@",;:<>()[\]\\]+@(?:[^\s@",;:<>()[\]\\.]+\.)+[^\s@",;:<>()[\]\\.]{2,}$/;

/** Zeroed UUIDs, IDFA/GAID with tracking limited, `0000`, and the empty string: never a real identifier. */
const ONLY_ZEROS_AND_DASHES = /^[0-]*$/;

export type NormalizedIdentity = { ok: true; identity: IdentityRef } | { ok: false; blocked: boolean; reason: string };

export function normalizeIdentityType(type: string): string {
  const [base, ...ns] = type.trim().split(':');
  return [base.toLowerCase(), ...ns].join(':');
}

/** The normalised type, or null when it is not a type name (`email`, `crm_id`, `wechat_openid:wx1234`). */
export function parseIdentityType(type: string): string | null {
  const normalized = normalizeIdentityType(type);
  return IDENTITY_TYPE.test(normalized) ? normalized : null;
}

export function baseType(type: string): string {
  return type.split(':', 1)[0];
}

/**
 * E.164, or null when the value is not one valid number. `extract: false` because text that merely contains a
 * number ("call 415 555 2671") is not an identifier. An extension is dropped: it names a desk, not a person. With
 * the default (min) metadata validity means a possible length for the region, not a checked number range.
 */
function e164(value: string, region: CountryCode): string | null {
  const phone = parsePhoneNumberFromString(value, { defaultCountry: region, extract: false });
  return phone?.isValid() ? phone.number : null;
}

/**
 * The lookup form of a value (`customerByIdentity`): like normalizeIdentity but never refuses, since a lookup of an
 * invalid value simply finds nobody. Pass the configured region so lookups read national numbers as ingest does.
 */
export function normalizeIdentityValue(type: string, value: string, defaultRegion: CountryCode = 'US'): string {
  const base = baseType(normalizeIdentityType(type));
  const v = value.trim();
  return base === 'email' ? v.toLowerCase() : canonicalValue(base, v, defaultRegion) ?? v;
}

/** The canonical value, or null when an email or a phone number is malformed. Other types are opaque ids. */
function canonicalValue(base: string, value: string, region: CountryCode): string | null {
  if (base === 'email') return EMAIL.test(value) ? value.toLowerCase() : null;
  if (base === 'phone') return e164(value, region);
  return value;
}

const MALFORMED: Record<string, string> = { email: 'invalid email address', phone: 'invalid phone number' };

/** The form exact blocklist entries are compared in: trimmed, one pair of surrounding quotes removed, lower-case. */
export function blocklistForm(value: string): string {
  const v = value.trim();
  const quoted = v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0];
  return (quoted ? v.slice(1, -1).trim() : v).toLowerCase();
}

/** Junk linking would fuse every customer who ever sent it into one profile (see DEFAULT_BLOCKLIST). */
export function isBlocked(value: string, rules: IdentityRules): boolean {
  const exact = blocklistForm(value);
  return rules.blockExact.has(exact) || ONLY_ZEROS_AND_DASHES.test(exact) || rules.blockRegex.some((re) => re.test(value));
}

function refused(reason: string) {
  return { ok: false, blocked: false, reason } as const;
}

const BLOCKED = { ok: false, blocked: true, reason: 'blocklisted value' } as const;

/**
 * Validates and canonicalises one identifier as received. Refusals are data (the message keeps going without the
 * identifier, which is counted); reasons never echo the value, which may be PII. The blocklist is checked on the
 * value as sent (so `"null"` in a phone field counts as junk, not as a bad number) and again on the canonical form
 * (so a regex can be written against E.164 or a lower-cased email).
 */
export function normalizeIdentity(type: string, value: unknown, rules: IdentityRules): NormalizedIdentity {
  const normalizedType = typeof type === 'string' ? parseIdentityType(type) : null;
  if (normalizedType === null) return refused('invalid identity type');

  let v: string;
  if (typeof value === 'string') v = value.trim();
  else if (typeof value === 'number' && Number.isFinite(value)) v = String(value);
  else return refused('identity value must be a string or a finite number');
  // Before the blocklist regexes run: an operator's regex must not meet unbounded input.
  if (v.length > MAX_IDENTITY_VALUE_LENGTH) return refused(`identity value longer than ${MAX_IDENTITY_VALUE_LENGTH} characters`);
  if (isBlocked(v, rules)) return BLOCKED;

  const base = baseType(normalizedType);
  const canonical = canonicalValue(base, v, rules.defaultRegion);
  if (canonical === null) return refused(MALFORMED[base]);
  if (isBlocked(canonical, rules)) return BLOCKED;
  return { ok: true, identity: { type: normalizedType, value: canonical } };
}

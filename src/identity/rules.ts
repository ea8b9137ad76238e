import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { ConfigError } from '../shared/configError';
import { baseType, blocklistForm, parseIdentityType } from './normalize';

/**
 * The identity rules of a workspace: which values are junk, how many values of a type one profile may hold, and
 * which identifier decides where a message goes when its identifiers disagree. Read once from the environment.
 */
export interface IdentityRules {
  /** Region used to read phone numbers written without a country code. */
  defaultRegion: CountryCode;
  /** Exact junk values, trimmed, lower-cased, without surrounding quotes. */
  blockExact: Set<string>;
  /** Case-insensitive; a value matching any of them (raw or canonical) is junk. */
  blockRegex: RegExp[];
  /** Most distinct values of a type one profile may hold; a type absent here (or Infinity) is unlimited. */
  limits: Record<string, number>;
  /** Types from highest to lowest priority; `*` (EXTERNAL_IDS) stands for every type not listed. */
  priority: string[];
}

/** The priority placeholder for "external ids": every type not listed by name. */
export const EXTERNAL_IDS = '*';

/**
 * Values real SDKs send when they have no identifier: serialised nulls, placeholder strings, zeroed advertising ids
 * (the IDFA/GAID a device reports when tracking is limited is all zeros), test fixtures. Linking on any of them would
 * merge every customer who ever sent it into one profile, so they are dropped and counted instead. Compared after
 * trimming, lower-casing and stripping one pair of surrounding quotes (`"null"` is `null`); any value made only of
 * zeros and dashes is blocked by rule as well (see isBlocked in normalize.ts).
 */
export const DEFAULT_BLOCKLIST: readonly string[] = [
  '', 'null', 'undefined', 'nil', 'none', 'nan', 'true', 'false',
  'anonymous', 'guest', 'unknown', 'test', 'test@test.com', 'n/a', 'na',
  '0', '-1', '[object object]', '{}', '[]',
  '00000000-0000-0000-0000-000000000000',
];

/**
 * Shared devices are why `user_id` is limited to one value: a second login on a known browser must not fuse two
 * accounts. Emails and phones allow a few (work and personal) but not the hundreds a shared kiosk would collect.
 */
export const DEFAULT_LIMITS: Readonly<Record<string, number>> = { user_id: 1, email: 5, phone: 5 };

/** Account ids beat contact points, which beat vendor ids, which beat per-device and per-browser ids. */
export const DEFAULT_PRIORITY: readonly string[] = ['user_id', 'email', 'phone', EXTERNAL_IDS, 'device_id', 'anonymous_id'];

const REGEX_SEPARATOR = ';;';

/** The limit for a type: a namespaced type (`wechat_openid:wx1`) falls back to its base type's limit. */
export function limitOf(type: string, rules: IdentityRules): number {
  return rules.limits[type] ?? rules.limits[baseType(type)] ?? Infinity;
}

/** Lower is higher priority. A namespaced type ranks as itself if listed, else as its base type. */
export function priorityRank(type: string, rules: IdentityRules): number {
  for (const candidate of [type, baseType(type), EXTERNAL_IDS]) {
    const rank = rules.priority.indexOf(candidate);
    if (rank >= 0) return rank;
  }
  // An order without `*` ranks unlisted types after every listed one.
  return rules.priority.length;
}

function entries(raw: string | undefined, separator: string): string[] {
  return (raw ?? '').split(separator).map((s) => s.trim()).filter(Boolean);
}

function configuredType(name: string, raw: string): string {
  const type = parseIdentityType(raw);
  if (type === null) throw new ConfigError(`${name}: "${raw}" is not an identity type (like email or wechat_openid:wx1)`);
  return type;
}

function parseRegion(raw: string | undefined): CountryCode {
  const region = (raw || 'US').trim().toUpperCase();
  if (!isSupportedCountry(region)) throw new ConfigError(`PHONE_DEFAULT_REGION must be an ISO 3166 region code like US or GB, got "${raw}"`);
  return region;
}

function parseRegexes(raw: string | undefined): RegExp[] {
  return entries(raw, REGEX_SEPARATOR).map((source) => {
    try {
      return new RegExp(source, 'i');
    } catch {
      throw new ConfigError(`IDENTITY_BLOCKLIST_REGEX: "${source}" is not a valid regular expression`);
    }
  });
}

/**
 * `email=3,phone=2` on top of the defaults. `unlimited` lifts a default limit; it is kept as Infinity rather than
 * deleted so that `wechat_openid:wx1=unlimited` still overrides a limit on `wechat_openid`.
 */
function parseLimits(raw: string | undefined): Record<string, number> {
  const limits: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const pair of entries(raw, ',')) {
    const m = /^([^=]+)=\s*(\d+|unlimited)$/.exec(pair);
    const limit = m?.[2] === 'unlimited' ? Infinity : Number(m?.[2]);
    if (!m || !(limit >= 1)) throw new ConfigError(`IDENTITY_LIMITS entries look like email=3 (a positive integer or "unlimited"), got "${pair}"`);
    limits[configuredType('IDENTITY_LIMITS', m[1])] = limit;
  }
  return limits;
}

function parsePriority(raw: string | undefined): string[] {
  const listed = entries(raw, ',');
  if (listed.length === 0) return [...DEFAULT_PRIORITY];
  const priority = listed.map((t) => (t === EXTERNAL_IDS ? t : configuredType('IDENTITY_PRIORITY', t)));
  const repeated = priority.find((t, i) => priority.indexOf(t) !== i);
  if (repeated !== undefined) throw new ConfigError(`IDENTITY_PRIORITY lists "${repeated}" twice`);
  return priority;
}

/**
 * PHONE_DEFAULT_REGION (US), IDENTITY_BLOCKLIST (comma-separated exact values, added to DEFAULT_BLOCKLIST),
 * IDENTITY_BLOCKLIST_REGEX (separated by `;;`, since a regex may contain commas; matched case-insensitively),
 * IDENTITY_LIMITS (`email=3,phone=2,device_id=10`, over DEFAULT_LIMITS), IDENTITY_PRIORITY (the full order,
 * comma-separated, `*` for every type not named).
 */
export function parseIdentityRules(env: NodeJS.ProcessEnv): IdentityRules {
  return {
    defaultRegion: parseRegion(env.PHONE_DEFAULT_REGION),
    blockExact: new Set([...DEFAULT_BLOCKLIST, ...entries(env.IDENTITY_BLOCKLIST, ',').map(blocklistForm)]),
    blockRegex: parseRegexes(env.IDENTITY_BLOCKLIST_REGEX),
    limits: parseLimits(env.IDENTITY_LIMITS),
    priority: parsePriority(env.IDENTITY_PRIORITY),
  };
}

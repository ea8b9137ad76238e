import type { IdentityRef } from '../ingestion/message';
import { limitOf, priorityRank, type IdentityRules } from './rules';

/**
 * The identity-resolution decision for one incoming message, given which profiles its identifiers already belong
 * to. Pure: the caller locks and reads the identity rows, calls resolveMessage, and writes what it returns.
 */

/** A live profile with all of its identities, including those of profiles merged into it. */
export interface ProfileView {
  id: string;
  firstSeenAt: Date | null;
  identities: IdentityRef[];
}

/**
 * A split's memory: identities split off (`a`) are not the same person as those left behind (`b`), so nothing but an
 * alias joins them again. Sets of keyOf(identity).
 */
export interface Separation {
  a: ReadonlySet<string>;
  b: ReadonlySet<string>;
  /** When the split was made: an alias received later overrides it; one received earlier (and re-folded) does not. */
  since: Date;
}

export interface LimitConflict {
  /** LIMIT_EXCEEDED: an identity limit; SEPARATED: an operator split these identities apart. */
  rule: 'LIMIT_EXCEEDED' | 'SEPARATED';
  /** The highest-priority type whose limit linking would have broken. */
  type: string;
  /** The profiles the message's identifiers matched, survivor order. */
  profileIds: string[];
}

/** `link` lists identities to add to the resulting profile, highest priority first; each is owned by nobody yet. */
export type Resolution =
  | { kind: 'create'; link: IdentityRef[] }
  | { kind: 'attach'; profileId: string; link: IdentityRef[] }
  | { kind: 'merge'; survivorId: string; mergedIds: string[]; link: IdentityRef[]; rule: 'SHARED_IDENTITY' | 'ALIAS'; via: IdentityRef }
  | { kind: 'conflict'; target: { existing: string } | { create: true }; link: IdentityRef[]; conflict: LimitConflict };

export function keyOf(identity: IdentityRef): string {
  return `${identity.type}\u0000${identity.value}`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Earliest firstSeenAt first (unknown last), then smallest id. Using occurred-at rather than arrival makes the
 * survivor the same whatever order the messages arrive in.
 */
function survivorOrder(a: ProfileView, b: ProfileView): number {
  const at = a.firstSeenAt?.getTime() ?? Infinity;
  const bt = b.firstSeenAt?.getTime() ?? Infinity;
  return at !== bt ? (at < bt ? -1 : 1) : compareStrings(a.id, b.id);
}

export function survivorOf(profiles: ProfileView[]): ProfileView {
  if (profiles.length === 0) throw new Error('survivorOf needs at least one profile');
  return profiles.reduce((best, p) => (survivorOrder(p, best) < 0 ? p : best));
}

function typeOrder(rules: IdentityRules) {
  return (a: string, b: string): number => priorityRank(a, rules) - priorityRank(b, rules) || compareStrings(a, b);
}

/** Priority, then type and value, so that the field order an SDK happens to send never changes a decision. */
function byPriority(rules: IdentityRules) {
  const types = typeOrder(rules);
  return (a: IdentityRef, b: IdentityRef): number => types(a.type, b.type) || compareStrings(a.value, b.value);
}

/** Distinct values per (full) type: `wechat_openid:wx1` and `wechat_openid:wx2` are counted apart. */
function valuesByType(identities: IdentityRef[]): Map<string, Set<string>> {
  const byType = new Map<string, Set<string>>();
  for (const { type, value } of identities) {
    const values = byType.get(type) ?? new Set<string>();
    values.add(value);
    byType.set(type, values);
  }
  return byType;
}

/**
 * The highest-priority type whose limit putting these groups into one profile would break, or null. A limit stops
 * linking from growing a set past it; a group already past it (an alias joined two user ids, or one message carried
 * two) is not made worse by combining with groups that add no value of that type, so that is not a break. This also
 * means a message never breaks limits against itself: only evidence from separate sources is held to them.
 */
function brokenLimit(groups: IdentityRef[][], rules: IdentityRules): string | null {
  const perGroup = groups.map(valuesByType);
  const union = valuesByType(groups.flat());
  return [...union.keys()].sort(typeOrder(rules)).find((type) => {
    const size = union.get(type)!.size;
    return size > limitOf(type, rules) && perGroup.every((g) => (g.get(type)?.size ?? 0) < size);
  }) ?? null;
}

/** The type of an identity that putting these groups together would join to its split-off other side, or null. */
function brokenSeparation(groups: IdentityRef[][], separations: readonly Separation[]): string | null {
  for (const { a, b } of separations) {
    const sideA = groups.flat().find((i) => a.has(keyOf(i)));
    if (sideA && groups.flat().some((i) => b.has(keyOf(i)))) {
      const already = groups.some((g) => g.some((i) => a.has(keyOf(i))) && g.some((i) => b.has(keyOf(i))));
      if (!already) return sideA.type;
    }
  }
  return null;
}

/** The candidates that can join the profile one by one, in priority order, without passing a limit or a split. */
function withinLimits(profile: ProfileView, candidates: IdentityRef[], rules: IdentityRules, separations: readonly Separation[] = []): IdentityRef[] {
  const held = valuesByType(profile.identities);
  const joined = [...profile.identities];
  return candidates.filter((candidate) => {
    const { type, value } = candidate;
    const values = held.get(type) ?? new Set<string>();
    if (values.size >= limitOf(type, rules)) return false;
    if (brokenSeparation([joined, [candidate]], separations) !== null) return false;
    held.set(type, values.add(value));
    joined.push(candidate);
    return true;
  });
}

/**
 * Decides where one message goes. `owners` maps keyOf(identity) to the live (survivor) profile owning it, for every
 * owned identity of the message; `profiles` holds those profiles. The rules, from issue 3:
 * - nothing matched: a new profile with all the message's identifiers;
 * - one profile, limits respected: attach the new identifiers to it;
 * - several profiles, merging respects the limits: they are one person seen through different identifiers, merge;
 * - `alias` (alias(previousId, userId)) is the customer's own statement that these are one person, the only thing
 *   allowed to join profiles past a limit (two user ids);
 * - otherwise linking would break a limit: see divert.
 */
export function resolveMessage(
  message: IdentityRef[],
  owners: Map<string, string>,
  profiles: Map<string, ProfileView>,
  rules: IdentityRules,
  opts: { alias?: boolean; separations?: readonly Separation[]; receivedAt?: Date } = {},
): Resolution {
  const received = opts.receivedAt?.getTime() ?? Infinity;
  const separations = (opts.separations ?? []).filter((s) => !opts.alias || s.since.getTime() > received);
  const aliasWins = opts.alias && separations.length === 0;
  const identities = [...new Map(message.map((i) => [keyOf(i), i])).values()].sort(byPriority(rules));
  const unowned = identities.filter((i) => !owners.has(keyOf(i)));
  const matched = [...new Set(identities.flatMap((i) => owners.get(keyOf(i)) ?? []))]
    .map((id) => {
      const profile = profiles.get(id);
      if (!profile) throw new Error(`resolveMessage: profile ${id} owns an identity of the message but was not given`);
      return profile;
    })
    .sort(survivorOrder);

  if (matched.length === 0) {
    // A message carrying both sides of a split links only its first identifier's side (an alias excepted).
    const split = aliasWins ? null : brokenSeparation(unowned.map((i) => [i]), separations);
    if (split === null) return { kind: 'create', link: unowned };
    return divert(identities, unowned, owners, matched, { rule: 'SEPARATED', type: split }, rules, separations);
  }
  const groups = [...matched.map((p) => p.identities), unowned];
  const broken = opts.alias ? null : brokenLimit(groups, rules);
  if (broken !== null) return divert(identities, unowned, owners, matched, { rule: 'LIMIT_EXCEEDED', type: broken }, rules, separations);
  const separated = aliasWins ? null : brokenSeparation(groups, separations);
  if (separated !== null) return divert(identities, unowned, owners, matched, { rule: 'SEPARATED', type: separated }, rules, separations);

  const [survivor, ...merged] = matched;
  if (merged.length === 0) return { kind: 'attach', profileId: survivor.id, link: unowned };
  const mergedIds = merged.map((p) => p.id);
  // The highest-priority identifier that reached a merged-away profile is the one that proved the link.
  const via = identities.find((i) => mergedIds.includes(owners.get(keyOf(i))!))!;
  return { kind: 'merge', survivorId: survivor.id, mergedIds, link: unowned, rule: opts.alias ? 'ALIAS' : 'SHARED_IDENTITY', via };
}

/**
 * Linking would break a limit: the classic case is a shared device, where a second user id arrives with an
 * anonymous or device id already known for someone else. Merging there fuses two people, which is the over-merge
 * customers complain about most, so nothing is merged and a conflict is recorded for review. The message follows its
 * highest-priority identifier, the one that names the person most reliably:
 * - if nobody owns it yet (the new user on the shared device), a new profile gets it and the message's other
 *   unowned identifiers; the shared lower-priority identifiers stay where they were;
 * - if a profile owns it, the message goes there and gains only the unowned identifiers that fit its limits.
 */
function divert(
  identities: IdentityRef[],
  unowned: IdentityRef[],
  owners: Map<string, string>,
  matched: ProfileView[],
  why: { rule: LimitConflict['rule']; type: string },
  rules: IdentityRules,
  separations: readonly Separation[],
): Resolution {
  const conflict: LimitConflict = { ...why, profileIds: matched.map((p) => p.id) };
  const home = owners.get(keyOf(identities[0]));
  if (home === undefined) {
    // The new profile takes the unowned identifiers that do not cross a split from its own first one.
    const first = unowned[0];
    return { kind: 'conflict', target: { create: true }, link: [first, ...withinLimits({ id: '', firstSeenAt: null, identities: [first] }, unowned.slice(1), rules, separations)], conflict };
  }
  const profile = matched.find((p) => p.id === home)!;
  return { kind: 'conflict', target: { existing: home }, link: withinLimits(profile, unowned, rules, separations), conflict };
}

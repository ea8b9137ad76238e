import type { IdentityRef } from '../ingestion/message';
import { keyOf, resolveMessage, type LimitConflict, type ProfileView, type Separation } from './match';
import type { IdentityRules } from './rules';

/**
 * Identity resolution for a whole batch, in memory: each message is decided with `resolveMessage` against the state
 * left by the messages before it, in (occurredAt, messageId) order — the order the fold over observations uses, so
 * a batch gives the same graph however its items were ordered on the wire. Pure: the caller has locked and read
 * the identity rows and profiles involved, and writes the plan it gets back.
 */

export interface BatchMessage {
  index: number;
  messageId: string;
  occurredAt: Date;
  identities: IdentityRef[];
  alias: boolean;
  /** When Strata received it (stored evidence); absent = now. */
  receivedAt?: Date;
}

export interface PlannedMerge {
  survivorId: string;
  mergedId: string;
  rule: 'SHARED_IDENTITY' | 'ALIAS';
  via: IdentityRef;
  messageIndex: number;
}

export interface PlannedConflict extends LimitConflict {
  /** The profile the message went to. */
  profileId: string;
  messageIndex: number;
}

export interface ResolutionPlan {
  newProfiles: { id: string; firstSeenAt: Date }[];
  /** Identities to create, on the profile the message went to at the time. */
  newIdentities: { identity: IdentityRef; profileId: string; messageIndex: number }[];
  merges: PlannedMerge[];
  conflicts: PlannedConflict[];
  /** Per message index: the live profile its data belongs to once the batch is applied. */
  targetOf: Map<number, string>;
  /** Every profile merged away in this batch → its final survivor. */
  finalRoot: Map<string, string>;
  /** firstSeenAt per live profile the batch touched, when the batch moved it earlier (or set it). */
  firstSeenAt: Map<string, Date>;
  /**
   * Which identities each message sighted: those it carried that belonged, once it was decided, to the profile it went
   * to. A message diverted elsewhere by a limit conflict did not sight the identity it could not link, and one decided
   * before a later merge brought the two profiles together did not either — so the same messages give the same
   * sightings in any arrival order and batching.
   */
  sightings: { messageIndex: number; key: string }[];
}

export function orderMessages<T extends { occurredAt: Date; messageId: string }>(messages: readonly T[]): T[] {
  return [...messages].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0));
}

export function planBatch(
  messages: readonly BatchMessage[],
  owners: Map<string, string>,
  profiles: Map<string, ProfileView>,
  rules: IdentityRules,
  newId: () => string,
  separations: readonly Separation[] = [],
): ResolutionPlan {
  // Working copies: the caller's maps stay as read.
  const own = new Map(owners);
  const live = new Map([...profiles].map(([id, p]) => [id, { ...p, identities: [...p.identities] }]));
  const plan: ResolutionPlan = {
    newProfiles: [],
    newIdentities: [],
    merges: [],
    conflicts: [],
    targetOf: new Map(),
    finalRoot: new Map(),
    firstSeenAt: new Map(),
    sightings: [],
  };
  const wentTo = new Map<number, string>();

  const touch = (profile: ProfileView, at: Date) => {
    if (!profile.firstSeenAt || at < profile.firstSeenAt) {
      profile.firstSeenAt = at;
      plan.firstSeenAt.set(profile.id, at);
    }
  };
  const create = (at: Date): ProfileView => {
    const profile: ProfileView = { id: newId(), firstSeenAt: at, identities: [] };
    live.set(profile.id, profile);
    plan.newProfiles.push({ id: profile.id, firstSeenAt: at });
    plan.firstSeenAt.set(profile.id, at);
    return profile;
  };
  const link = (profile: ProfileView, identities: IdentityRef[], messageIndex: number) => {
    for (const identity of identities) {
      own.set(keyOf(identity), profile.id);
      profile.identities.push(identity);
      plan.newIdentities.push({ identity, profileId: profile.id, messageIndex });
    }
  };

  for (const message of orderMessages(messages)) {
    if (message.identities.length === 0) continue;
    const decision = resolveMessage(message.identities, own, live, rules, { alias: message.alias, separations, receivedAt: message.receivedAt });
    let target: ProfileView;
    switch (decision.kind) {
      case 'create':
        target = create(message.occurredAt);
        break;
      case 'attach':
        target = live.get(decision.profileId)!;
        break;
      case 'merge': {
        target = live.get(decision.survivorId)!;
        for (const mergedId of decision.mergedIds) {
          const merged = live.get(mergedId)!;
          for (const identity of merged.identities) own.set(keyOf(identity), target.id);
          target.identities.push(...merged.identities);
          if (merged.firstSeenAt) touch(target, merged.firstSeenAt);
          live.delete(mergedId);
          plan.finalRoot.set(mergedId, target.id);
          for (const [from, to] of plan.finalRoot) if (to === mergedId) plan.finalRoot.set(from, target.id);
          plan.merges.push({ survivorId: target.id, mergedId, rule: decision.rule, via: decision.via, messageIndex: message.index });
        }
        break;
      }
      case 'conflict':
        target = 'existing' in decision.target ? live.get(decision.target.existing)! : create(message.occurredAt);
        plan.conflicts.push({ ...decision.conflict, profileId: target.id, messageIndex: message.index });
        break;
    }
    touch(target, message.occurredAt);
    link(target, decision.link, message.index);
    wentTo.set(message.index, target.id);
    for (const identity of message.identities) {
      const key = keyOf(identity);
      if (own.get(key) === target.id) plan.sightings.push({ messageIndex: message.index, key });
    }
  }

  for (const [index, profileId] of wentTo) plan.targetOf.set(index, plan.finalRoot.get(profileId) ?? profileId);
  for (const [id] of plan.firstSeenAt) if (plan.finalRoot.has(id)) plan.firstSeenAt.delete(id);
  return plan;
}

/**
 * Split a batch into groups that cannot affect each other's resolution: two messages are in one group when they
 * share an identifier or an identifier of each belongs to the same live profile. Returns groups of message indexes.
 */
export function connectedGroups(messages: readonly BatchMessage[], rootOf: (key: string) => string | undefined): number[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    for (let y = x; parent.get(y) !== r; ) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  const union = (a: string, b: string) => {
    for (const x of [a, b]) if (!parent.has(x)) parent.set(x, x);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const m of messages) {
    const node = `m:${m.index}`;
    union(node, node);
    for (const identity of m.identities) {
      const key = keyOf(identity);
      union(node, `k:${key}`);
      const root = rootOf(key);
      if (root) union(node, `p:${root}`);
    }
  }
  const groups = new Map<string, number[]>();
  for (const m of messages) {
    const g = find(`m:${m.index}`);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(m.index);
  }
  return [...groups.values()];
}

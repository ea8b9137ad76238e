import fc from 'fast-check';
import type { IdentityRef } from '../../../src/ingestion/message';
import { keyOf, type ProfileView } from '../../../src/identity/match';
import { orderMessages, planBatch, type BatchMessage } from '../../../src/identity/resolve';
import { parseIdentityRules } from '../../../src/identity/rules';

const rules = parseIdentityRules({});

/** The graph as the database would hold it after applying plans: identity → live profile, profile views. */
class Graph {
  owners = new Map<string, string>();
  profiles = new Map<string, ProfileView>();
  targets = new Map<string, string>(); // messageId → live profile
  private n = 0;
  newId = () => `p${String(++this.n).padStart(4, '0')}`;

  apply(messages: BatchMessage[]) {
    const plan = planBatch(messages, this.owners, this.profiles, rules, this.newId);
    for (const p of plan.newProfiles) this.profiles.set(p.id, { id: p.id, firstSeenAt: p.firstSeenAt, identities: [] });
    for (const { identity, profileId } of plan.newIdentities) {
      this.owners.set(keyOf(identity), profileId);
      this.profiles.get(profileId)!.identities.push(identity);
    }
    for (const [merged, root] of plan.finalRoot) {
      const from = this.profiles.get(merged)!;
      this.profiles.get(root)!.identities.push(...from.identities);
      this.profiles.delete(merged);
    }
    for (const [k, owner] of this.owners) this.owners.set(k, plan.finalRoot.get(owner) ?? owner);
    for (const [m, t] of this.targets) this.targets.set(m, plan.finalRoot.get(t) ?? t);
    for (const [id, at] of plan.firstSeenAt) this.profiles.get(id)!.firstSeenAt = at;
    for (const m of messages) if (plan.targetOf.has(m.index)) this.targets.set(m.messageId, plan.targetOf.get(m.index)!);
  }

  /** Profiles as sets of identity keys, and each message's profile by its identity set: comparable up to renaming. */
  canonical() {
    const name = (id: string) => [...this.profiles.get(id)!.identities.map(keyOf)].sort().join(',');
    return {
      profiles: [...this.profiles.keys()].map(name).sort(),
      targets: [...this.targets].map(([m, t]) => `${m}→${name(t)}`).sort(),
    };
  }
}

const identity = fc.oneof(
  fc.constantFrom('u0', 'u1', 'u2').map((v): IdentityRef => ({ type: 'user_id', value: v })),
  fc.constantFrom('a0', 'a1', 'a2', 'a3').map((v): IdentityRef => ({ type: 'anonymous_id', value: v })),
  fc.constantFrom('e0', 'e1').map((v): IdentityRef => ({ type: 'email', value: `${v}@example.com` })),
);

const messagesArb = fc
  .array(
    fc.record({
      identities: fc.uniqueArray(identity, { minLength: 1, maxLength: 3, selector: keyOf }),
      // Few distinct times, so equal timestamps (ties broken by message id) are common.
      minute: fc.integer({ min: 0, max: 5 }),
      alias: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    }),
    { minLength: 1, maxLength: 14 },
  )
  .map((list) =>
    list.map((m, i): BatchMessage => ({
      index: i,
      messageId: `m${String(i).padStart(2, '0')}`,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, m.minute)),
      identities: m.identities,
      alias: m.alias && m.identities.length === 2,
    })),
  );

test('a batch gives the same profiles whatever the order of its items', () => {
  fc.assert(
    fc.property(messagesArb, fc.integer(), (messages, seed) => {
      const one = new Graph();
      one.apply(messages);
      const shuffled = [...messages].sort((a, b) => ((a.index * 7919 + seed) % 97) - ((b.index * 7919 + seed) % 97));
      const two = new Graph();
      two.apply(shuffled);
      expect(two.canonical()).toEqual(one.canonical());
    }),
    { numRuns: 300 },
  );
});

test('messages arriving in occurred-at order give the same profiles in one batch or in many', () => {
  fc.assert(
    fc.property(messagesArb, fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 14 }), (messages, cuts) => {
      const ordered = orderMessages(messages);
      const whole = new Graph();
      whole.apply(ordered);
      const split = new Graph();
      for (let i = 0, c = 0; i < ordered.length; c++) {
        const size = cuts[c % cuts.length];
        split.apply(ordered.slice(i, i + size));
        i += size;
      }
      expect(split.canonical()).toEqual(whole.canonical());
    }),
    { numRuns: 300 },
  );
});

import type { IdentityRef } from '../../../src/ingestion/message';
import { keyOf } from '../../../src/identity/match';
import { planBatch, type BatchMessage } from '../../../src/identity/resolve';
import { parseIdentityRules } from '../../../src/identity/rules';
import { seenSpans } from '../../../src/identity/seen';

const rules = parseIdentityRules({});
const user = (value: string): IdentityRef => ({ type: 'user_id', value });
const anon = (value: string): IdentityRef => ({ type: 'anonymous_id', value });
/** An identity key (match.ts keyOf) from its readable form `type:value`. */
const k = (readable: string) => keyOf({ type: readable.split(':')[0], value: readable.split(':')[1] });
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));

function plan(messages: { ids: IdentityRef[]; minute: number; alias?: boolean }[]) {
  let n = 0;
  const batch: BatchMessage[] = messages.map((m, index) => ({
    index, messageId: `m${index}`, occurredAt: at(m.minute), identities: m.ids, alias: m.alias ?? false,
  }));
  const p = planBatch(batch, new Map(), new Map(), rules, () => `p${++n}`);
  const sighted = (index: number) => p.sightings.filter((s) => s.messageIndex === index).map((s) => s.key).sort();
  return { p, sighted, spans: seenSpans(p.sightings.map((s) => ({ key: s.key, at: batch[s.messageIndex].occurredAt }))) };
}

describe('ResolutionPlan.sightings', () => {
  it('counts every identity a message carried onto the profile it went to, and spans them over the batch', () => {
    const { sighted, spans } = plan([
      { ids: [user('u1'), anon('a1')], minute: 0 },
      { ids: [anon('a1')], minute: 5 },
    ]);
    expect(sighted(0)).toEqual([k('anonymous_id:a1'), k('user_id:u1')]);
    expect(sighted(1)).toEqual([k('anonymous_id:a1')]);
    expect(spans.get(k('anonymous_id:a1'))).toEqual({ first: at(0), last: at(5) });
    expect(spans.get(k('user_id:u1'))).toEqual({ first: at(0), last: at(0) });
  });

  it('does not count an identity a message could not link (diverted by the user_id limit)', () => {
    const { sighted } = plan([
      { ids: [user('u1')], minute: 0 },
      { ids: [user('u2')], minute: 1 },
      // Merging would put two user ids on one profile: it goes to one of them, and is no sighting of the other.
      { ids: [user('u1'), user('u2')], minute: 2 },
    ]);
    expect(sighted(2)).toHaveLength(1);
  });

  it('does not count a message as a sighting of a profile a later merge joined it to', () => {
    const { p, sighted, spans } = plan([
      { ids: [user('u0')], minute: 0 },
      { ids: [user('u2')], minute: 0 },
      // Diverted to one of the two profiles (user_id limit)…
      { ids: [user('u0'), user('u2')], minute: 1 },
      // …which an alias merges afterwards: by then the message at minute 1 has been decided.
      { ids: [user('u0'), user('u2')], minute: 3, alias: true },
    ]);
    expect(p.merges).toHaveLength(1);
    expect(new Set(p.targetOf.values()).size).toBe(1);
    expect(sighted(2)).toHaveLength(1);
    expect(sighted(3)).toEqual([k('user_id:u0'), k('user_id:u2')]);
    // The identity the minute-1 message was not decided onto: sighted by its own first message and the alias only.
    const other = sighted(2)[0] === k('user_id:u0') ? k('user_id:u2') : k('user_id:u0');
    const own = other === k('user_id:u0') ? 0 : 1;
    expect(p.sightings.filter((x) => x.key === other).map((x) => x.messageIndex)).toEqual([own, 3]);
  });
});

import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/client';
import * as schema from '../db/schema';
import { toDateOrNull } from '../db/values';
import { identityHash, identityOwners, insertAll, lockKeys, separationsAmong } from '../ingestion/ingest.repo';
import { seenSpans } from './seen';
import type { IdentityRef, IngestMessage } from '../ingestion/message';
import { recomputeSeen } from './admin.repo';
import { keyOf } from './match';
import {
  clearResolutionRecords, componentMembers, componentRoots, deleteIdentities, identitiesById, identityIdsOf, linksTouching, moveLinkedMessages,
  refoldKeptIdentities, repointProfiles, rewriteLinks, type IdentityRow, type LinkRow,
} from './refold.repo';
import { planBatch, type BatchMessage, type PlannedMerge } from './resolve';
import type { IdentityRules } from './rules';

/** Past this, a component is too large to re-fold inside an ingest transaction; it is decided incrementally. */
const MAX_COMPONENT_LINKS = 20_000;
const MAX_CLOSURE_ROUNDS = 8;
const STORED = 1_000_000;

export interface RefoldResult {
  targetOf: Map<number, string>;
  identityIds: Map<string, string>;
  liveProfiles: string[];
  merges: PlannedMerge[];
}

/** A connected component of the identity graph: its live profiles, their members, stored evidence and identities. */
export interface Component {
  roots: Set<string>;
  members: { id: string; root: string; first_seen_at: string | null }[];
  links: LinkRow[];
  idRows: IdentityRow[];
  /** Every identifier of the component (linked or not) and of the messages it was found from. */
  keys: Map<string, IdentityRef>;
}

/**
 * Every profile and stored message connected to these messages and profiles through an identifier, linked or not,
 * with the profiles locked. Read-only apart from the locks. Null when the component is too large to re-fold inside
 * an ingest transaction (the caller then decides incrementally).
 */
export async function findComponent(tx: Tx, batch: { message: IngestMessage }[], startRoots: string[]): Promise<Component | null> {
  let roots = new Set(startRoots);
  const keys = new Map(batch.flatMap(({ message }) => message.identities).map((i) => [keyOf(i), i]));
  let members: Component['members'] = [];
  let links: LinkRow[] = [];
  let idRows: IdentityRow[] = [];
  for (let round = 0; ; round++) {
    if (round > MAX_CLOSURE_ROUNDS) return null;
    members = await componentMembers(tx, [...roots]);
    const owned = await identitiesById(tx, await identityIdsOf(tx, members.map((m) => m.id)));
    const byKeyOwners = await identityOwners(tx, [...keys.values()]);
    links = await linksTouching(
      tx,
      members.map((m) => m.id),
      [...new Set([...owned.map((r) => r.id), ...byKeyOwners.map((o) => o.id)])],
      [...keys.values()].map((i) => identityHash(i)),
    );
    if (links.length > MAX_COMPONENT_LINKS) return null;
    idRows = await identitiesById(tx, [...new Set([...owned.map((r) => r.id), ...byKeyOwners.map((o) => o.id), ...links.flatMap((l) => l.identity_ids)])]);
    const before = keys.size;
    for (const r of idRows) keys.set(keyOf(r), { type: r.type, value: r.value });
    for (const l of links) for (const u of l.unlinked) keys.set(keyOf(u), u);
    const memberIds = new Set(members.map((m) => m.id));
    const fresh = [...new Set([...idRows.map((r) => r.root), ...links.map((l) => l.customer_id)])].filter((r) => !memberIds.has(r) && !roots.has(r));
    const freshRoots = (await componentRoots(tx, fresh)).filter((r) => !roots.has(r));
    if (!freshRoots.length && keys.size === before) break;
    await lockKeys(tx, freshRoots.map((r) => `profile:${r}`));
    roots = new Set([...roots, ...freshRoots]);
  }
  return { roots, members, links, idRows, keys };
}

/**
 * Profiles are a fold over identity evidence in occurred-at order. When a batch brings linking evidence OLDER than
 * what its profiles already hold, deciding it against the current graph would depend on arrival order; instead the
 * whole connected component is folded again from its stored message links plus the batch, and the graph, the
 * messages' rows, merge and conflict records are rewritten to match. Only late linking messages pay this cost.
 * `component` must have been found (findComponent) for exactly these batch messages.
 */
export async function refoldComponent(
  tx: Tx,
  rules: IdentityRules,
  sourceId: string,
  batch: { index: number; message: IngestMessage }[],
  component: Component,
): Promise<RefoldResult> {
  const { members, links, idRows, keys } = component;
  const byId = new Map(idRows.map((r) => [r.id, r]));
  const stored: BatchMessage[] = links.map((l, k) => ({
    index: STORED + k,
    messageId: l.message_id,
    occurredAt: toDateOrNull(l.occurred_at)!,
    identities: [
      ...l.identity_ids.map((id) => byId.get(id)).filter((r): r is IdentityRow => !!r).map((r) => ({ type: r.type, value: r.value })),
      ...l.unlinked,
    ],
    alias: l.alias,
    receivedAt: toDateOrNull(l.received_at)!,
  }));
  const incoming: BatchMessage[] = batch.map(({ index, message }) => ({
    index, messageId: message.messageId, occurredAt: message.occurredAt, identities: message.identities, alias: message.alias !== null,
  }));
  let n = 0;
  const separations = await separationsAmong(tx, [...keys.values()]);
  const plan = planBatch([...stored, ...incoming], new Map(), new Map(), rules, () => `t${String(++n).padStart(8, '0')}`, separations);
  const finalOf = (t: string) => plan.finalRoot.get(t) ?? t;

  // Name the folded profiles after the existing profiles that hold their identities (survivor order), so ids stay
  // stable where the graph did not change; a folded profile with no existing identity gets a new id.
  const firstSeen = new Map(members.map((m) => [m.id, toDateOrNull(m.first_seen_at)?.getTime() ?? Infinity]));
  const existingByKey = new Map(idRows.map((r) => [keyOf(r), r]));
  const identitiesOfT = new Map<string, IdentityRef[]>();
  for (const { identity, profileId } of plan.newIdentities) {
    const t = finalOf(profileId);
    if (!identitiesOfT.has(t)) identitiesOfT.set(t, []);
    identitiesOfT.get(t)!.push(identity);
  }
  const foldedFirstSeen = (t: string) => plan.firstSeenAt.get(t)?.getTime() ?? Infinity;
  const names = new Map<string, string>();
  const taken = new Set<string>();
  const created: { id: string; firstSeenAt: Date | null }[] = [];
  for (const t of [...identitiesOfT.keys()].sort((a, b) => foldedFirstSeen(a) - foldedFirstSeen(b) || (a < b ? -1 : 1))) {
    const candidates = [...new Set(identitiesOfT.get(t)!.map((i) => existingByKey.get(keyOf(i))?.root).filter((r): r is string => !!r))]
      .filter((r) => !taken.has(r))
      .sort((a, b) => (firstSeen.get(a) ?? Infinity) - (firstSeen.get(b) ?? Infinity) || (a < b ? -1 : 1));
    const name = candidates[0] ?? randomUUID();
    if (!candidates[0]) created.push({ id: name, firstSeenAt: plan.firstSeenAt.get(t) ?? null });
    taken.add(name);
    names.set(t, name);
  }
  const nameOf = (t: string) => names.get(finalOf(t))!;

  await insertAll(tx, schema.customers, created.map((c) => ({ id: c.id, firstSeenAt: c.firstSeenAt, lastSeenAt: c.firstSeenAt })));
  const linkedKeys = new Set(plan.newIdentities.map((x) => keyOf(x.identity)));
  const identityIds = new Map(idRows.filter((r) => linkedKeys.has(keyOf(r))).map((r) => [keyOf(r), r.id]));
  const newIdentityRows: object[] = [];
  const kept: Parameters<typeof refoldKeptIdentities>[1] = [];
  const messageOfIndex = new Map<number, BatchMessage>([...stored, ...incoming].map((m) => [m.index, m]));
  const sourceOfIndex = (i: number) => (i >= STORED ? links[i - STORED].source_id : sourceId);
  // Every identity's sightings as the fold decided them (resolve.ts ResolutionPlan.sightings), whatever earlier
  // arrivals had recorded: the same as in any other arrival order.
  const seen = seenSpans(plan.sightings.map(({ messageIndex, key }) => ({ key, at: messageOfIndex.get(messageIndex)!.occurredAt })));
  for (const { identity, profileId, messageIndex } of plan.newIdentities) {
    const target = nameOf(profileId);
    const m = messageOfIndex.get(messageIndex)!;
    const span = seen.get(keyOf(identity)) ?? { first: m.occurredAt, last: m.occurredAt };
    const existing = existingByKey.get(keyOf(identity));
    if (existing) {
      kept.push({ id: existing.id, target, message_id: m.messageId, source_id: sourceOfIndex(messageIndex), first: span.first, last: span.last });
      continue;
    }
    const id = randomUUID();
    identityIds.set(keyOf(identity), id);
    newIdentityRows.push({
      id, customerId: target, sourceId: sourceOfIndex(messageIndex), type: identity.type, value: identity.value, messageId: m.messageId,
      firstSeenAt: span.first, lastSeenAt: span.last,
    });
  }
  await refoldKeptIdentities(tx, kept);
  await insertAll(tx, schema.identities, newIdentityRows);
  await deleteIdentities(tx, idRows.filter((r) => !linkedKeys.has(keyOf(r))).map((r) => r.id));

  const moves = links
    .map((l, k) => ({ customer_id: l.customer_id, source_id: l.source_id, message_id: l.message_id, target: nameOf(plan.targetOf.get(STORED + k)!) }))
    .filter((m) => m.customer_id !== m.target);
  await moveLinkedMessages(tx, moves);
  await rewriteLinks(
    tx,
    links.map((l, k) => {
      const carried = stored[k].identities;
      return {
        id: l.id,
        target: nameOf(plan.targetOf.get(STORED + k)!),
        identity_ids: carried.filter((i) => identityIds.has(keyOf(i))).map((i) => identityIds.get(keyOf(i))!),
        unlinked: carried.filter((i) => !identityIds.has(keyOf(i))),
        unlinked_keys: carried.filter((i) => !identityIds.has(keyOf(i))).map((i) => identityHash(i)),
      };
    }),
  );

  // Every old profile id keeps resolving: to the folded profile that took its first identity (or its first message).
  const live = new Set(names.values());
  const linkedTo = new Map(plan.newIdentities.map((x) => [keyOf(x.identity), x.profileId]));
  const pointers = members.map((m) => {
    if (live.has(m.id)) return { id: m.id, merged_into: null };
    const identity = idRows.find((r) => r.customer_id === m.id && linkedTo.has(keyOf(r)));
    const linkIndex = links.findIndex((l) => l.customer_id === m.id);
    const target = identity
      ? nameOf(linkedTo.get(keyOf(identity))!)
      : linkIndex >= 0
        ? nameOf(plan.targetOf.get(STORED + linkIndex)!)
        : [...live][0];
    return { id: m.id, merged_into: target };
  });
  await repointProfiles(tx, pointers);

  await clearResolutionRecords(tx, members.map((m) => m.id));
  await insertAll(tx, schema.profileMerges, plan.merges.map((m) => ({
    customerId: nameOf(m.survivorId),
    // The folded profile merged away has no row of its own; record the existing profile its identifier arrived on.
    mergedId: existingByKey.get(keyOf(m.via))?.customer_id ?? nameOf(m.survivorId),
    rule: m.rule,
    identityId: identityIds.get(keyOf(m.via)) ?? null,
    sourceId: sourceOfIndex(m.messageIndex),
    messageId: messageOfIndex.get(m.messageIndex)!.messageId,
    occurredAt: messageOfIndex.get(m.messageIndex)!.occurredAt,
  })));
  await insertAll(tx, schema.identityConflicts, plan.conflicts.map((c) => ({
    customerId: nameOf(c.profileId),
    rule: c.rule,
    identityType: c.type,
    profileIds: c.profileIds.map((p) => nameOf(p)),
    sourceId: sourceOfIndex(c.messageIndex),
    messageId: messageOfIndex.get(c.messageIndex)!.messageId,
    occurredAt: messageOfIndex.get(c.messageIndex)!.occurredAt,
  })));
  await recomputeSeen(tx, [...live]);

  const targetOf = new Map(incoming.filter((m) => plan.targetOf.has(m.index)).map((m) => [m.index, nameOf(plan.targetOf.get(m.index)!)]));
  return { targetOf, identityIds, liveProfiles: [...live], merges: plan.merges.map((m) => ({ ...m, survivorId: nameOf(m.survivorId) })) };
}

import { randomUUID } from 'node:crypto';
import type { Config } from '../config';
import { inOrder, type Database, type Tx } from '../db/client';
import * as schema from '../db/schema';
import { keyOf } from '../identity/match';
import { findComponent, refoldComponent } from '../identity/refold';
import { newestLinks } from '../identity/refold.repo';
import { connectedGroups, planBatch, type BatchMessage } from '../identity/resolve';
import { seenSpans } from '../identity/seen';
import type { IdentityRules } from '../identity/rules';
import { addChange, type ChangeOrigin, type ProfileChangeHub, type ProfileChanges } from '../profiles/profileChanged';
import { toDate } from '../db/values';
import { toReportingCurrency } from '../shared/money';
import {
  applyMerges, claimKeys, countIngest, erasedAmong, identityHash, identityOwners, insertAll, lockKeys, profileViews,
  patchTraits, ingestPlanSettings, refoldTraits, separationsAmong, touchIdentities, touchProfiles, type OwnerRow,
} from './ingest.repo';
import type { IngestMessage, Normalized } from './message';
import { writeFacts } from './facts';

export type IngestStatus = 'ACCEPTED' | 'DUPLICATE' | 'REJECTED';

export interface IngestOutcome {
  status: IngestStatus;
  messageId: string | null;
  customerId: string | null;
  reason: string | null;
  field: string | null;
}

export interface IngestDeps {
  database: Database;
  config: Pick<Config, 'reportingCurrency' | 'currencyRates'>;
  identityRules: IdentityRules;
  firstTouchTraits: string[];
  profileChanges: ProfileChangeHub;
}

const rejected = (messageId: string | null, reason: string, field: string): IngestOutcome => ({ status: 'REJECTED', messageId, customerId: null, reason, field });

/** Another writer merged a profile we locked under us: re-read, lock the new roots, at most this many times. */
const MAX_LOCK_ROUNDS = 5;

/** One caller's items, received together. */
export interface IngestRequest {
  items: readonly Normalized[];
  receivedAt: Date;
}

/**
 * Ingest a batch of normalised items from one source, exactly once, in ONE transaction: a 2xx / ACCEPTED means
 * committed. Good items persist even when others are rejected (rejections are decided before any write).
 * Set-based: the statement count depends on the batch's shape, not its size.
 */
export async function ingestBatch(deps: IngestDeps, sourceId: string, items: readonly Normalized[], receivedAt: Date): Promise<IngestOutcome[]> {
  const [outcomes] = await ingestRequests(deps, sourceId, [{ items, receivedAt }]);
  return outcomes;
}

/**
 * Several callers' requests from one source in ONE transaction (see IngestWriter): each message keeps its own
 * request's received-at, and the answer is split back per request. A messageId sent twice is stored once, whichever
 * request carried it first.
 */
export async function ingestRequests(deps: IngestDeps, sourceId: string, requests: readonly IngestRequest[]): Promise<IngestOutcome[][]> {
  const items = requests.flatMap((r) => r.items);
  const receivedAtOf = requests.flatMap((r) => r.items.map(() => r.receivedAt));
  const decided: (IngestOutcome | null)[] = items.map((item) => (item.ok ? null : rejected(item.rejection.messageId, item.rejection.reason, item.rejection.field)));
  const droppedOfRefused = new Map(items.flatMap((item, index) => (!item.ok && item.rejection.droppedIdentities ? [[index, item.rejection.droppedIdentities] as const] : [])));
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (!item.ok) return;
    const m = item.message;
    if (seen.has(m.messageId)) {
      decided[index] = { status: 'DUPLICATE', messageId: m.messageId, customerId: null, reason: 'messageId repeated in this batch', field: 'messageId' };
      return;
    }
    const order = m.order ? toReportingCurrency(m.order.total, m.order.currency, deps.config.reportingCurrency, deps.config.currencyRates) : null;
    if (order && !order.ok) return void (decided[index] = rejected(m.messageId, order.reason, 'properties.currency'));
    const refund =
      m.refund?.amount && m.refund.currency
        ? toReportingCurrency(m.refund.amount, m.refund.currency, deps.config.reportingCurrency, deps.config.currencyRates)
        : null;
    if (refund && !refund.ok) return void (decided[index] = rejected(m.messageId, refund.reason, 'properties.currency'));
    seen.add(m.messageId);
    candidates.push({
      index, message: m, receivedAt: receivedAtOf[index], orderReporting: order?.ok ? order.amount : null, refundReporting: refund?.ok ? refund.amount : null,
    });
  });

  const split = (outcomes: IngestOutcome[]) => {
    let at = 0;
    return requests.map((r) => outcomes.slice(at, (at += r.items.length)));
  };
  if (!items.length) return split([]);
  for (let attempt = 1; ; attempt++) {
    try {
      return split(await ingestOnce(deps, sourceId, candidates, [...decided], receivedAtOf, droppedOfRefused));
    } catch (err) {
      // Re-folds lock profiles discovered on the way, so two of them can deadlock; PostgreSQL aborts one: run it again.
      if (attempt >= MAX_ATTEMPTS || !isRetryable(err)) throw err;
    }
  }
}

const MAX_ATTEMPTS = 4;

function isRetryable(err: unknown): boolean {
  const code = (e: unknown) => (e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : null);
  const c = code(err) ?? code((err as { cause?: unknown })?.cause);
  return c === '40P01' || c === '40001';
}

type Candidate = { index: number; message: IngestMessage; receivedAt: Date; orderReporting: string | null; refundReporting: string | null };

async function ingestOnce(
  deps: IngestDeps,
  sourceId: string,
  candidates: Candidate[],
  outcomes: (IngestOutcome | null)[],
  receivedAtOf: Date[],
  droppedOfRefused: ReadonlyMap<number, number>,
): Promise<IngestOutcome[]> {
  const erasedIndexes = new Set<number>();
  await deps.database.db.transaction(async (tx) => {
    const [, erased] = await inOrder([ingestPlanSettings(tx), erasedAmong(tx, candidates.flatMap((c) => c.message.identities.map(identityHash)))]);
    // Nobody erased (nearly every batch): no second pass over every identifier.
    const live = candidates.filter((c) => {
      if (!erased.size || !c.message.identities.some((i) => erased.has(identityHash(i)))) return true;
      outcomes[c.index] = rejected(c.message.messageId, 'this person was erased; their data is not accepted again', 'userId');
      erasedIndexes.add(c.index);
      return false;
    });

    const orderKey = (m: IngestMessage) => m.order?.orderId ?? null;
    // A refund is identified by its order and refund id; JSON keeps the pair unambiguous (and free of NUL).
    const refundKey = (m: IngestMessage) => (m.refund?.refundId ? JSON.stringify([m.refund.orderId, m.refund.refundId]) : null);
    const keyed = live.flatMap(({ message: m }) => {
      const order = orderKey(m);
      const refund = refundKey(m);
      return [
        ...(order === null ? [] : [{ messageId: m.messageId, kind: 'order' as const, key: order }]),
        ...(refund === null ? [] : [{ messageId: m.messageId, kind: 'refund' as const, key: refund }]),
      ];
    });
    const { messages: fresh, order: freshOrders, refund: freshRefunds } = await claimKeys(tx, sourceId, live.map((c) => c.message.messageId), keyed);
    const accepted = live.filter((c) => {
      const m = c.message;
      const duplicateOf = !fresh.has(m.messageId)
        ? 'messageId'
        : !claim(freshOrders, orderKey(m))
          ? 'properties.order_id'
          : !claim(freshRefunds, refundKey(m))
            ? 'properties.refund_id'
            : null;
      if (!duplicateOf) return true;
      outcomes[c.index] = { status: 'DUPLICATE', messageId: m.messageId, customerId: null, reason: `already received (${duplicateOf})`, field: duplicateOf };
      return false;
    });
    if (accepted.length) {

      const plan = await resolveIdentities(tx, deps, sourceId, accepted.map((c) => ({ index: c.index, message: c.message })));
      const changes: ProfileChanges = new Map();
      // Merged or re-folded profiles are re-derived whole; the others only for the trait keys this batch observed.
      const whole = [...new Set([...plan.merges.map((m) => m.survivorId), ...plan.refolded])];
      const wholeSet = new Set(whole);
      const pairs = new Map<string, { root: string; key: string }>();
      for (const c of accepted) {
        const root = plan.targetOf.get(c.index)!;
        if (wholeSet.has(root)) continue;
        for (const key of Object.keys(c.message.traits)) pairs.set(`${root}\u0000${key}`, { root, key });
      }
      // The traits are derived from the observations writeFacts sends first: pipelined behind them (inOrder).
      await inOrder([
        writeFacts(tx, {
          sourceId,
          messages: accepted.map((c) => ({ ...c, customerId: plan.targetOf.get(c.index)! })),
          identityIds: plan.identityIds,
          changes,
        }),
        refoldTraits(tx, whole, deps.firstTouchTraits),
        patchTraits(tx, [...pairs.values()], deps.firstTouchTraits),
      ]);
      for (const id of whole) addChange(changes, id, 'MERGE');
      // A profile that did not exist before can enter any segment (one of `not …`, `at most 0 …`).
      const targets = new Set(plan.targetOf.values());
      for (const id of plan.created) if (targets.has(id)) addChange(changes, id, 'CREATE');
      const origins = new Map<string, ChangeOrigin>();
      for (const c of accepted) {
        const root = plan.targetOf.get(c.index)!;
        const known = origins.get(root);
        if (!known || known.occurredAt <= c.message.occurredAt) origins.set(root, { messageId: c.message.messageId, occurredAt: c.message.occurredAt });
      }
      await deps.profileChanges.profileChanged(tx, changes, origins);

      for (const c of accepted) {
        outcomes[c.index] = { status: 'ACCEPTED', messageId: c.message.messageId, customerId: plan.targetOf.get(c.index)!, reason: null, field: null };
      }
    }
    // Blocked identifiers are counted with their message: accepted (once: a resend is a duplicate), or refused for
    // having no other identifier.
    const dropped = new Map(accepted.map((c) => [c.index, c.message.droppedIdentities.length]));
    for (const [index, n] of droppedOfRefused) dropped.set(index, n);
    const byDay = new Map<string, { accepted: number; duplicate: number; rejected: number; droppedIdentities: number; erased: number }>();
    outcomes.forEach((o, index) => {
      const day = receivedAtOf[index].toISOString().slice(0, 10);
      let counts = byDay.get(day);
      if (!counts) byDay.set(day, (counts = { accepted: 0, duplicate: 0, rejected: 0, droppedIdentities: 0, erased: 0 }));
      if (o!.status === 'ACCEPTED') counts.accepted++;
      else if (o!.status === 'DUPLICATE') counts.duplicate++;
      else if (erasedIndexes.has(index)) counts.erased++;
      else counts.rejected++;
      counts.droppedIdentities += dropped.get(index) ?? 0;
    });
    // Last: every writer of the source updates the same row, and holds its lock until it commits.
    for (const [day, counts] of byDay) await countIngest(tx, sourceId, day, counts);
  });
  return outcomes.map((o) => o!);
}

/**
 * Lock, read and decide the identity graph for the accepted messages, then write it. Returns where each message's
 * data goes and the id of every identity the batch carried.
 */
async function resolveIdentities(tx: Tx, deps: IngestDeps, sourceId: string, messages: { index: number; message: IngestMessage }[]) {
  const identities = uniqueIdentities(messages.flatMap((m) => m.message.identities));
  // The order keys too, in the same sorted pass: the triggers that settle an order's refunds (migration 0014) lock
  // them, and taking them all at once here keeps two batches from deadlocking over an order in one and its refund in
  // the other.
  const orderKeys = messages.flatMap(({ message: m }) => {
    const orderId = m.order?.orderId ?? m.refund?.orderId;
    return orderId === undefined ? [] : [`order:${sourceId}/${orderId}`];
  });
  // The first read, pipelined behind the identity locks, locks the profiles it finds. A read is final once every
  // profile it found was locked before it began: another writer may have merged one away in between.
  const lockedRoots = new Set<string>();
  let [, owners] = await inOrder([
    lockKeys(tx, [...identities.map((i) => `identity:${i.type}:${i.value}`), ...orderKeys]),
    identityOwners(tx, identities, { except: lockedRoots }),
  ]);
  for (let round = 0; ; round++) {
    const roots = [...new Set(owners.map((o) => o.root))].filter((r) => !lockedRoots.has(r));
    if (!roots.length) break;
    if (round >= MAX_LOCK_ROUNDS) throw new Error('identity resolution: profiles kept changing under concurrent merges');
    for (const r of roots) lockedRoots.add(r);
    owners = await identityOwners(tx, identities, { except: lockedRoots });
  }

  const batch: BatchMessage[] = messages.map(({ index, message }) => ({
    index,
    messageId: message.messageId,
    occurredAt: message.occurredAt,
    identities: message.identities,
    alias: message.alias !== null,
  }));
  const refolded = await refoldLateGroups(tx, deps, sourceId, messages, batch, owners);
  if (!refolded) return resolveIncrementally(tx, deps, sourceId, messages, batch, owners);
  await touchSpans(tx, messages.filter((m) => refolded.indexes.has(m.index)), refolded.targetOf);
  // The re-fold set the first and last sighting of every identity it folded, these messages' included.
  const restKeys = new Set(messages.filter((m) => !refolded.indexes.has(m.index)).flatMap((m) => m.message.identities.map(keyOf)));
  if (!restKeys.size) return { targetOf: refolded.targetOf, merges: refolded.merges, identityIds: refolded.identityIds, refolded: refolded.liveProfiles, created: [] as string[] };
  const rest = await resolveIncrementally(
    tx, deps, sourceId,
    messages.filter((m) => !refolded.indexes.has(m.index)),
    batch.filter((m) => !refolded.indexes.has(m.index)),
    owners.filter((o) => restKeys.has(keyOf(o))),
  );
  return {
    targetOf: new Map([...refolded.targetOf, ...rest.targetOf]),
    merges: [...refolded.merges, ...rest.merges],
    identityIds: new Map([...refolded.identityIds, ...rest.identityIds]),
    refolded: refolded.liveProfiles,
    created: rest.created,
  };
}

/** Decide messages against the current graph (they are not older than the evidence their profiles hold) and write. */
async function resolveIncrementally(
  tx: Tx,
  deps: IngestDeps,
  sourceId: string,
  messages: { index: number; message: IngestMessage }[],
  batch: BatchMessage[],
  owners: OwnerRow[],
) {
  const identities = uniqueIdentities(messages.flatMap((m) => m.message.identities));
  const ownerMap = new Map(owners.map((o) => [keyOf(o), o.root]));
  const views = await profileViews(tx, [...new Set(owners.map((o) => o.root))]);
  const known = [...identities, ...[...views.values()].flatMap((v) => v.identities)];
  const plan = planBatch(batch, ownerMap, views, deps.identityRules, randomUUID, await separationsAmong(tx, known));

  const identityIds = new Map(owners.map((o) => [keyOf(o), o.id]));
  const byIndex = new Map(messages.map((m) => [m.index, m.message]));
  // Each identity's sightings as the plan decided them (resolve.ts ResolutionPlan.sightings); the identities this batch
  // creates are inserted with the span of all of theirs, not just the message linking them.
  const sightings = plan.sightings.map(({ messageIndex, key }) => ({ key, at: byIndex.get(messageIndex)!.occurredAt }));
  const spans = seenSpans(sightings);
  const newIdentityRows = plan.newIdentities.map(({ identity, profileId, messageIndex }) => {
    const id = randomUUID();
    identityIds.set(keyOf(identity), id);
    const at = byIndex.get(messageIndex)!.occurredAt;
    const span = spans.get(keyOf(identity)) ?? { first: at, last: at };
    return { id, customerId: profileId, sourceId, type: identity.type, value: identity.value, messageId: byIndex.get(messageIndex)!.messageId, firstSeenAt: span.first, lastSeenAt: span.last };
  });
  const ownedKeys = new Set(owners.map(keyOf));
  const seenAgain = sightings.filter((s) => ownedKeys.has(s.key)).map((s) => ({ id: identityIds.get(s.key)!, at: s.at }));
  // Nothing here needs an answer before the next: one pipelined exchange.
  await inOrder([
    insertAll(tx, schema.customers, plan.newProfiles.map((p) => ({ id: p.id, firstSeenAt: p.firstSeenAt, lastSeenAt: p.firstSeenAt }))),
    insertAll(tx, schema.identities, newIdentityRows),
    touchIdentities(tx, seenAgain.map((s) => s.id), seenAgain.map((s) => s.at)),
    applyMerges(tx, plan.finalRoot),
    insertAll(
      tx,
      schema.profileMerges,
      plan.merges.map((m) => ({
        customerId: plan.finalRoot.get(m.survivorId) ?? m.survivorId,
        mergedId: m.mergedId,
        rule: m.rule,
        identityId: identityIds.get(keyOf(m.via)) ?? null,
        sourceId,
        messageId: byIndex.get(m.messageIndex)!.messageId,
        occurredAt: byIndex.get(m.messageIndex)!.occurredAt,
      })),
    ),
    insertAll(
      tx,
      schema.identityConflicts,
      plan.conflicts.map((c) => ({
        customerId: plan.finalRoot.get(c.profileId) ?? c.profileId,
        rule: c.rule,
        identityType: c.type,
        profileIds: c.profileIds.map((p) => plan.finalRoot.get(p) ?? p),
        sourceId,
        messageId: byIndex.get(c.messageIndex)!.messageId,
        occurredAt: byIndex.get(c.messageIndex)!.occurredAt,
      })),
    ),
    touchSpans(tx, messages, plan.targetOf),
  ]);
  return {
    targetOf: plan.targetOf,
    merges: plan.merges.map((m) => ({ ...m, survivorId: plan.finalRoot.get(m.survivorId) ?? m.survivorId })),
    identityIds,
    refolded: [] as string[],
    created: plan.newProfiles.map((p) => p.id),
  };
}

/** Seen-at spans of the profiles the batch's messages went to. */
async function touchSpans(tx: Tx, messages: { index: number; message: IngestMessage }[], targetOf: Map<number, string>): Promise<void> {
  const spans = new Map<string, { first: Date; last: Date }>();
  for (const { index, message } of messages) {
    const id = targetOf.get(index);
    if (!id) continue;
    const span = spans.get(id);
    if (!span) spans.set(id, { first: message.occurredAt, last: message.occurredAt });
    else {
      if (message.occurredAt < span.first) span.first = message.occurredAt;
      if (message.occurredAt > span.last) span.last = message.occurredAt;
    }
  }
  const ids = [...spans.keys()];
  await touchProfiles(tx, ids, ids.map((id) => spans.get(id)!.first), ids.map((id) => spans.get(id)!.last));
}

/**
 * A message can change the graph when it brings an identifier nobody owns, spans several profiles, is an alias, or
 * is not later than the first sighting of one of its identifiers (in occurred-at order it would have been the one to
 * link it). If such a message is older than the newest evidence already stored for a profile it touches, deciding
 * it against the current graph would depend on arrival order: its connected group of the batch, with the component
 * of the graph it reaches, is re-folded (identity/refold.ts) instead. The rest of the batch, which cannot interact
 * with that component, is decided incrementally by the caller. Null when nothing needs a re-fold (or the component
 * is too large to re-fold inside an ingest transaction).
 */
async function refoldLateGroups(
  tx: Tx,
  deps: IngestDeps,
  sourceId: string,
  messages: { index: number; message: IngestMessage }[],
  batch: BatchMessage[],
  ownerRows: OwnerRow[],
) {
  const owners = new Map(ownerRows.map((o) => [keyOf(o), o]));
  const rootsOf = (m: BatchMessage) => [...new Set(m.identities.map((i) => owners.get(keyOf(i))?.root).filter((r): r is string => !!r))];
  const linking = batch.filter((m) => {
    const found = m.identities.map((i) => owners.get(keyOf(i)));
    if (m.alias || found.some((o) => !o)) return true;
    if (new Set(found.map((o) => o!.root)).size > 1) return true;
    return found.some((o) => toDate(o!.first_seen_at).getTime() >= m.occurredAt.getTime());
  });
  const linkingRoots = [...new Set(linking.flatMap(rootsOf))];
  if (!linkingRoots.length) return null;
  const newest = await newestLinks(tx, linkingRoots);
  const isLate = (m: BatchMessage) =>
    rootsOf(m).some((root) => {
      const n = newest.get(root);
      return !!n && (m.occurredAt.getTime() < n.at.getTime() || (m.occurredAt.getTime() === n.at.getTime() && m.messageId < n.messageId));
    });
  const late = linking.filter(isLate);
  if (!late.length) return null;

  const groups = connectedGroups(batch, (key) => owners.get(key)?.root);
  const groupOf = new Map(groups.flatMap((g, gi) => g.map((index) => [index, gi] as const)));
  const byIndex = new Map(batch.map((m) => [m.index, m]));
  const chosen = new Set(late.map((m) => groupOf.get(m.index)!));
  for (;;) {
    const indexes = new Set([...chosen].flatMap((gi) => groups[gi]));
    const picked = messages.filter((m) => indexes.has(m.index));
    const roots = [...new Set(picked.flatMap((m) => rootsOf(byIndex.get(m.index)!)))];
    const component = await findComponent(tx, picked, roots);
    if (!component) return null;
    // A group the component reaches through stored evidence is not independent after all: fold it in too.
    const reached = groups
      .map((_, gi) => gi)
      .filter((gi) => !chosen.has(gi))
      .filter((gi) => groups[gi].some((index) => byIndex.get(index)!.identities.some((i) => {
        const root = owners.get(keyOf(i))?.root;
        return component.keys.has(keyOf(i)) || (!!root && component.roots.has(root));
      })));
    if (!reached.length) return { indexes, ...(await refoldComponent(tx, deps.identityRules, sourceId, picked, component)) };
    for (const gi of reached) chosen.add(gi);
  }
}

/** Take a freshly claimed key for one message only: a second message with the same key in the batch is a duplicate. */
function claim(fresh: Set<string>, key: string | null): boolean {
  if (key === null) return true;
  return fresh.delete(key);
}

function uniqueIdentities<T extends { type: string; value: string }>(list: T[]): T[] {
  const byKey = new Map(list.map((i) => [keyOf(i), i]));
  return [...byKey.values()];
}

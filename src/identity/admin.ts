import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { ownersOfOrdersRefundedBy } from '../behaviour/behaviour.repo';
import { exec, rows } from '../db/client';
import * as schema from '../db/schema';
import { textArray, uuidArray } from '../db/values';
import { DomainError, notFound } from '../graphql/errors';
import type { IngestDeps } from '../ingestion/ingest';
import { identityHash, insertAll, lockKeys, refoldTraits } from '../ingestion/ingest.repo';
import type { IdentityRef } from '../ingestion/message';
import { addChange, type ProfileChanges } from '../profiles/profileChanged';
import { deleteProfiles, membersOf, moveMessages, recomputeSeen } from './admin.repo';
import { keyOf } from './match';
import { findComponent, refoldComponent } from './refold';

export interface ErasureReceipt {
  id: string;
  customerId: string;
  mergedIds: string[];
  reason: string;
  deleted: Record<string, number>;
  erasedIdentities: number;
  erasedAt: Date;
}

/**
 * Erase a person: the profile, every profile merged into it and every row about them, in one transaction. What
 * stays is a tombstone of hashed identifiers (so late events for them are dropped, not resurrected) and a receipt
 * with counts only.
 */
export async function eraseCustomer(deps: IngestDeps, id: string, reason: string, keyId: string | null): Promise<ErasureReceipt> {
  return deps.database.db.transaction(async (tx) => {
    const found = await membersOf(tx, id);
    if (!found) throw notFound('customer');
    await lockKeys(tx, [`profile:${found.root}`]);
    const ids = await rows<{ type: string; value: string }>(tx, sql`select type, value from identities where customer_id = any(${uuidArray(found.members)})`);
    const hashes = ids.map((i) => identityHash(i));
    if (hashes.length) {
      await exec(tx, sql`insert into erased_identities (hash)
        select decode(h, 'hex') from unnest(${textArray(hashes)}) h on conflict do nothing`);
    }
    // Their refunds of orders on other profiles go with them: those profiles' net revenue rises again.
    const refundedOwners = await ownersOfOrdersRefundedBy(tx, found.members);
    const deleted = await deleteProfiles(tx, found.members);
    const changes: ProfileChanges = new Map();
    addChange(changes, found.root, 'DELETE');
    for (const owner of refundedOwners) addChange(changes, owner, 'REFUND');
    await deps.profileChanges.profileChanged(tx, changes);
    const [receipt] = await tx
      .insert(schema.erasureReceipts)
      .values({ customerId: found.root, reason, deleted: { ...deleted, erasedIdentities: hashes.length }, keyId })
      .returning();
    return {
      id: receipt.id,
      customerId: found.root,
      mergedIds: found.members.filter((m) => m !== found.root),
      reason,
      deleted,
      erasedIdentities: hashes.length,
      erasedAt: receipt.erasedAt,
    };
  });
}

const SPLIT_EVIDENCE_AT = new Date(0);
/** Split evidence comes from no source; the nil UUID keeps message_links.source_id not null. */
const NO_SOURCE = '00000000-0000-0000-0000-000000000000';

export interface SplitResult {
  customerId: string;
  newCustomerId: string;
  movedIdentities: number;
  movedMessages: number;
}

/**
 * Undo a wrong merge: the chosen identities, and every message that arrived only through them, move to a new
 * profile; both profiles are re-derived from their observations and the split is recorded.
 */
export async function splitCustomer(deps: IngestDeps, id: string, identities: IdentityRef[], keyId: string | null): Promise<SplitResult> {
  if (!identities.length) throw new DomainError('BAD_USER_INPUT', 'name at least one identity to split off', 'identities');
  return deps.database.db.transaction(async (tx) => {
    const found = await membersOf(tx, id);
    if (!found) throw notFound('customer');
    await lockKeys(tx, [`profile:${found.root}`, ...identities.map((i) => `identity:${i.type}:${i.value}`)]);
    const owned = await rows<{ id: string; type: string; value: string }>(
      tx,
      sql`select id, type, value from identities where customer_id = any(${uuidArray(found.members)})`,
    );
    const byKey = new Map(owned.map((o) => [keyOf(o), o.id]));
    const chosen = identities.map((identity, i) => {
      const idOf = byKey.get(keyOf(identity));
      if (!idOf) throw new DomainError('BAD_USER_INPUT', 'this identity does not belong to the customer', `identities.${i}`);
      return idOf;
    });
    if (chosen.length === owned.length) throw new DomainError('BAD_USER_INPUT', 'splitting off every identity would leave an empty profile', 'identities');

    const newId = randomUUID();
    await insertAll(tx, schema.customers, [{ id: newId }]);
    await exec(tx, sql`update identities set customer_id = ${newId}::uuid where id = any(${uuidArray(chosen)})`);
    // A message arrived "only through" the chosen identities when every identity it carried is among them.
    const onlyThrough = await rows<{ id: string }>(
      tx,
      sql`select id from message_links where customer_id = any(${uuidArray(found.members)}) and identity_ids <@ ${uuidArray(chosen)}`,
    );
    await moveMessages(tx, found.members, newId, onlyThrough.map((m) => m.id));
    const chosenSet = new Set(chosen);
    const splitId = randomUUID();
    await insertAll(tx, schema.profileSplits, [{
      id: splitId,
      customerId: found.root,
      newCustomerId: newId,
      identityIds: chosen,
      separatedA: owned.filter((o) => chosenSet.has(o.id)).map((o) => identityHash(o)),
      separatedB: owned.filter((o) => !chosenSet.has(o.id)).map((o) => identityHash(o)),
      keyId,
    }]);
    // The split also stands in the fold as evidence older than any message: each side forms a profile of its own
    // first, so a re-fold rebuilds the two profiles the operator asked for, whatever had linked them before.
    const evidence = (customerId: string, messageId: string, identityIds: string[]) =>
      ({ customerId, occurredAt: SPLIT_EVIDENCE_AT, sourceId: NO_SOURCE, messageId, identityIds });
    await insertAll(tx, schema.messageLinks, [
      evidence(newId, `split:${splitId}:a`, chosen),
      evidence(found.root, `split:${splitId}:b`, owned.filter((o) => !chosenSet.has(o.id)).map((o) => o.id)),
    ]);
    // Re-decide the component under the new separation, so the graph is the fold of its evidence (as it would be had
    // the messages arrived in any other order); this also settles messages that had linked the two sides.
    const component = await findComponent(tx, [], [found.root, newId]);
    const refolded = component ? await refoldComponent(tx, deps.identityRules, NO_SOURCE, [], component) : null;
    const live = refolded ? refolded.liveProfiles : [found.root, newId];
    await recomputeSeen(tx, live);
    await refoldTraits(tx, live, deps.firstTouchTraits);
    const changes: ProfileChanges = new Map();
    for (const id of live) addChange(changes, id, 'SPLIT');
    await deps.profileChanges.profileChanged(tx, changes);
    return { customerId: found.root, newCustomerId: newId, movedIdentities: chosen.length, movedMessages: onlyThrough.length };
  });
}

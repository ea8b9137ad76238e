import type { Tx } from '../db/client';

/** Why a profile changed; listeners re-compute only what can depend on it. */
export type ChangeCause = 'ORDER' | 'REFUND' | 'EVENT' | 'TRAIT' | 'FEEDBACK' | 'CREATE' | 'MERGE' | 'SPLIT' | 'DELETE';

/** customer id (live profile) → what changed about it in this transaction. */
export type ProfileChanges = Map<string, Set<ChangeCause>>;

/** The ingested message behind a profile's change (its latest in the batch by occurred-at): segment changes cite it. */
export interface ChangeOrigin {
  messageId: string;
  occurredAt: Date;
}

export type ProfileChangeListener = (tx: Tx, changes: ProfileChanges, origins?: ReadonlyMap<string, ChangeOrigin>) => Promise<void>;

/**
 * The hook every write path ends in, inside its transaction, once per transaction or batch (never per message).
 * Summary counters, computed fields and segments register here; write paths need to know none of them.
 */
export class ProfileChangeHub {
  private readonly listeners: ProfileChangeListener[] = [];

  register(listener: ProfileChangeListener): void {
    this.listeners.push(listener);
  }

  async profileChanged(tx: Tx, changes: ProfileChanges, origins?: ReadonlyMap<string, ChangeOrigin>): Promise<void> {
    if (changes.size === 0) return;
    for (const listener of this.listeners) await listener(tx, changes, origins);
  }
}

export function addChange(changes: ProfileChanges, customerId: string, cause: ChangeCause): void {
  let causes = changes.get(customerId);
  if (!causes) changes.set(customerId, (causes = new Set()));
  causes.add(cause);
}

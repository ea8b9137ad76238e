import type { Config } from '../../src/config';
import { normalizeIdentity } from '../../src/identity/normalize';
import { planBatch, type BatchMessage } from '../../src/identity/resolve';
import type { IngestMessage } from '../../src/ingestion/message';
import { normalizeSegmentMessage } from '../../src/ingestion/segment';

/**
 * What the ingest suite's traffic must leave behind, worked out in memory with Strata's own pure code: the same
 * Segment mapping the server runs, and the identity plan for all the messages folded in (occurredAt, messageId)
 * order, as if they had come in one batch. Arrival order should not change the graph (issue 3, §2.3), so the
 * database must end with the same number of live profiles; the merge and conflict counts can legitimately differ
 * a little when late messages arrive after their successors.
 */
export interface Expected {
  accepted: number;
  rejected: { messageId: string | null; reason: string; field: string }[];
  orders: number;
  /** Messages carrying two or more identifiers. */
  multiIdentity: number;
  identities: number;
  liveProfiles: number;
  merges: number;
  conflicts: number;
  planMs: number;
}

/** One events row, as Strata derives it, for the raw baseline. */
export interface EventRow {
  type: string;
  name: string | null;
  properties: Record<string, unknown>;
  occurredAt: Date;
  messageId: string;
}

export function expectationsOf(
  raws: readonly Record<string, unknown>[],
  config: Pick<Config, 'reportingCurrency' | 'identityRules' | 'feedbackEvents'>,
  receivedAt: Date,
): { expected: Expected; events: EventRow[] } {
  const accepted: IngestMessage[] = [];
  const rejected: Expected['rejected'] = [];
  for (const raw of raws) {
    const n = normalizeSegmentMessage(raw, {
      receivedAt,
      defaultCurrency: config.reportingCurrency,
      normalizeIdentity: (type, value) => normalizeIdentity(type, value, config.identityRules),
      feedbackEvents: config.feedbackEvents,
    });
    if (n.ok) accepted.push(n.message);
    else rejected.push(n.rejection);
  }

  const started = Date.now();
  let ids = 0;
  const batch: BatchMessage[] = accepted.map((m, index) => ({
    index, messageId: m.messageId, occurredAt: m.occurredAt, identities: m.identities, alias: m.alias !== null,
  }));
  const plan = planBatch(batch, new Map(), new Map(), config.identityRules, () => `oracle-${ids++}`);
  const expected: Expected = {
    accepted: accepted.length,
    rejected,
    orders: accepted.filter((m) => m.order).length,
    multiIdentity: accepted.filter((m) => m.identities.length > 1).length,
    identities: plan.newIdentities.length,
    liveProfiles: plan.newProfiles.length - plan.finalRoot.size,
    merges: plan.merges.length,
    conflicts: plan.conflicts.length,
    planMs: Date.now() - started,
  };
  const events = accepted.map((m) => ({
    type: m.type, name: m.event?.name ?? null, properties: m.event?.properties ?? {}, occurredAt: m.occurredAt, messageId: m.messageId,
  }));
  return { expected, events };
}

import { sql } from 'drizzle-orm';
import { boolean, check, customType, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { instant, uuidPk } from '../db/columns';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * The identity evidence of every message that carried identifiers: which identities it came with and where it went.
 * Identity resolution is a fold over these rows in (occurred_at, message_id) order; splits use them to find what
 * arrived only through the identities being split off. Linked identities by id; values only for the rare unlinked ones.
 */
export const messageLinks = pgTable(
  'message_links',
  {
    customerId: uuid('customer_id').notNull(),
    occurredAt: instant('occurred_at').notNull(),
    id: uuidPk(),
    sourceId: uuid('source_id').notNull(),
    messageId: text('message_id').notNull(),
    identityIds: uuid('identity_ids').array().notNull(),
    /**
     * Identifiers the message carried that no profile took (a limit refused them). The fold needs them to decide the
     * same way again; deleted with the profile like every per-customer row.
     */
    unlinked: jsonb('unlinked').$type<{ type: string; value: string }[]>().notNull().default(sql`'[]'::jsonb`),
    /** SHA-256 (hex) of each unlinked identifier, so a re-fold finds the messages that carried it (GIN). */
    unlinkedKeys: text('unlinked_keys').array().notNull().default(sql`'{}'::text[]`),
    alias: boolean('alias').notNull().default(false),
    /** When Strata received the message: an alias received after a split overrides it, one received before does not. */
    receivedAt: instant('received_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.occurredAt, t.id] }),
    // Every message with identifiers writes a row, so each index here is paid on the ingest path: none on the id
    // alone or on (source, message id), whose rare readers (re-folds, splits) know the profiles and use the primary
    // key, or read by physical address (refold.repo.ts linksTouching). Migration 0011: the insert of 100 messages' rows
    // went from 4.2 to 2.8 ms (pg_stat_statements, ingest bench, alternating runs).
    // fastupdate off: with a pending list, every search scans all entries not yet merged into the tree, and until a
    // vacuum merges them (autovacuum may be off or behind) a re-fold's lookup cost grew with the rows ingested.
    index('message_links_identities_idx').using('gin', t.identityIds).with({ fastupdate: false }),
    // Partial: nearly every row has no unlinked identifier, and GIN would file each of them under one "empty" entry.
    index('message_links_unlinked_idx').using('gin', t.unlinkedKeys).with({ fastupdate: false }).where(sql`${t.unlinkedKeys} <> '{}'::text[]`),
  ],
);

/** Every merge: which profile went into which, by what rule, caused by which identifier (id) and message. */
export const profileMerges = pgTable(
  'profile_merges',
  {
    customerId: uuid('customer_id').notNull(),
    id: uuidPk(),
    mergedId: uuid('merged_id').notNull(),
    rule: text('rule').$type<'SHARED_IDENTITY' | 'ALIAS'>().notNull(),
    identityId: uuid('identity_id'),
    sourceId: uuid('source_id'),
    messageId: text('message_id'),
    occurredAt: instant('occurred_at').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.id] }),
    index('profile_merges_merged_idx').on(t.mergedId),
    check('profile_merges_rule_check', sql`${t.rule} in ('SHARED_IDENTITY','ALIAS')`),
  ],
);

/** Splits undo merges: which identities moved from which profile to which new one, and who asked. */
export const profileSplits = pgTable(
  'profile_splits',
  {
    customerId: uuid('customer_id').notNull(),
    id: uuidPk(),
    newCustomerId: uuid('new_customer_id').notNull(),
    identityIds: uuid('identity_ids').array().notNull(),
    /**
     * The split's memory, as SHA-256 (hex) of each identifier: those split off and those left behind are not to be
     * joined again except by an alias (resolution treats it like a limit).
     */
    separatedA: text('separated_a').array().notNull(),
    separatedB: text('separated_b').array().notNull(),
    keyId: text('key_id'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.id] }),
    index('profile_splits_a_idx').using('gin', t.separatedA).with({ fastupdate: false }),
    index('profile_splits_b_idx').using('gin', t.separatedB).with({ fastupdate: false }),
  ],
);

/** A message whose identifiers could not all be linked without breaking a limit (shared device, junk ids). */
export const identityConflicts = pgTable(
  'identity_conflicts',
  {
    customerId: uuid('customer_id').notNull(),
    id: uuidPk(),
    rule: text('rule').notNull(),
    identityType: text('identity_type').notNull(),
    profileIds: uuid('profile_ids').array().notNull(),
    sourceId: uuid('source_id'),
    messageId: text('message_id'),
    occurredAt: instant('occurred_at').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.id] }), index('identity_conflicts_created_idx').on(t.createdAt, t.id)],
);

/** SHA-256 of (type, value) of every identity of an erased person: late events for them are dropped, not resurrected. */
export const erasedIdentities = pgTable('erased_identities', {
  hash: bytea('hash').primaryKey(),
  erasedAt: instant('erased_at').notNull().defaultNow(),
});

/** What an erasure deleted, and when: the receipt returned to the operator. Counts only, no personal data. */
export const erasureReceipts = pgTable('erasure_receipts', {
  id: uuidPk().primaryKey(),
  customerId: uuid('customer_id').notNull(),
  reason: text('reason').notNull(),
  deleted: jsonb('deleted').$type<Record<string, number>>().notNull(),
  keyId: text('key_id'),
  erasedAt: instant('erased_at').notNull().defaultNow(),
});

import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { instant, uuidPk } from '../db/columns';

/** A stored segment: its current definition (the JSON of segment.input.ts) and its bookkeeping. */
export const segments = pgTable(
  'segments',
  {
    id: uuidPk().primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    definition: jsonb('definition').notNull(),
    /** 1 on create, +1 per update; every version is kept in segment_definition_versions. */
    version: integer('version').notNull().default(1),
    /** The built-in segment this row was created as (builtins.ts); null for the operators' own. */
    builtinKey: text('builtin_key'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
    archivedAt: instant('archived_at'),
    /** The last whole-segment evaluation; null until the first (a segment added by a migration waits for start-up). */
    evaluatedAt: instant('evaluated_at'),
  },
  (t) => [uniqueIndex('segments_builtin_key_idx').on(t.builtinKey)],
);

/** Every version of every segment's definition, the current one included. */
export const segmentDefinitionVersions = pgTable(
  'segment_definition_versions',
  {
    segmentId: uuid('segment_id').notNull().references(() => segments.id),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    definition: jsonb('definition').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.segmentId, t.version] })],
);

/**
 * The membership-change log: every ENTERED and EXITED, appended in the transaction that caused it. `cursor` is the
 * feed's position; appends are serialised by a transaction-level advisory lock (membership.repo.ts), so cursors
 * become visible in commit order and a reader paging by cursor never skips one. `customer_id` is the profile's id at
 * the time (no foreign key: the log outlives merges and erasures).
 */
export const segmentMembershipChanges = pgTable(
  'segment_membership_changes',
  {
    cursor: bigint('cursor', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    segmentId: uuid('segment_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    change: text('change').$type<'ENTERED' | 'EXITED'>().notNull(),
    reason: text('reason').notNull(),
    occurredAt: instant('occurred_at').notNull(),
    /** The ingested message that caused a DATA_CHANGE (the customer's latest in the batch); null for other reasons. */
    causedByMessageId: text('caused_by_message_id'),
    causedByOccurredAt: instant('caused_by_occurred_at'),
  },
  (t) => [
    index('segment_membership_changes_segment_idx').on(t.segmentId, t.cursor),
    index('segment_membership_changes_customer_idx').on(t.customerId, t.cursor),
    check('segment_membership_changes_change_check', sql`${t.change} in ('ENTERED', 'EXITED')`),
  ],
);

/**
 * Membership as intervals of system time ("as Strata knew it"): [entered_at, exited_at). An open interval is a
 * current member; `members(asOf:)`, `sizeHistory` and `segmentHistory` read the closed ones too. Each bound carries
 * the cursor of the change that wrote it.
 */
export const segmentMemberships = pgTable(
  'segment_memberships',
  {
    segmentId: uuid('segment_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    enteredAt: instant('entered_at').notNull(),
    enteredCursor: bigint('entered_cursor', { mode: 'number' }).primaryKey(),
    exitedAt: instant('exited_at'),
    exitedCursor: bigint('exited_cursor', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('segment_memberships_current_idx').on(t.segmentId, t.customerId).where(sql`${t.exitedAt} is null`),
    index('segment_memberships_segment_idx').on(t.segmentId, t.customerId, t.enteredAt),
    index('segment_memberships_customer_idx').on(t.customerId, t.enteredAt),
    // The write path's probe: a changed profile's open memberships.
    index('segment_memberships_customer_current_idx').on(t.customerId).where(sql`${t.exitedAt} is null`),
  ],
);

import { date, integer, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';

/** Per source and UTC day: what ingestion accepted, dropped and why (queryable, like Segment's delivery overview). */
export const ingestStats = pgTable(
  'ingest_stats',
  {
    sourceId: uuid('source_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    accepted: integer('accepted').notNull().default(0),
    duplicate: integer('duplicate').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    droppedIdentities: integer('dropped_identities').notNull().default(0),
    erased: integer('erased').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.day] })],
);

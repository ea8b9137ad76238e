import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { instant, uuidPk } from '../db/columns';

export const SOURCE_KINDS = ['web', 'app', 'crm', 'shop', 'service', 'import', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Where data comes from. Every write key belongs to a source; priority breaks trait ties (higher wins). */
export const sources = pgTable(
  'sources',
  {
    id: uuidPk().primaryKey(),
    name: text('name').notNull().unique(),
    kind: text('kind').$type<SourceKind>().notNull(),
    priority: integer('priority').notNull().default(0),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [check('sources_kind_check', sql`${t.kind} in ('web','app','crm','shop','service','import','other')`)],
);

import { jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns';

/** Workspace-level facts such as "first-run seed finished". */
export const strataMeta = pgTable('strata_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

import { customType, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { instant, uuidPk } from '../db/columns';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** API keys: only the SHA-256 of the secret is stored; the secret is shown once at creation. */
export const apiKeys = pgTable('api_keys', {
  id: uuidPk().primaryKey(),
  name: text('name').notNull(),
  keyHash: bytea('key_hash').notNull().unique(),
  /** First characters of the key, to recognise it in listings. */
  prefix: text('prefix').notNull(),
  scopes: text('scopes').array().notNull(),
  sourceId: uuid('source_id'),
  createdAt: instant('created_at').notNull().defaultNow(),
  expiresAt: instant('expires_at'),
  revokedAt: instant('revoked_at'),
});

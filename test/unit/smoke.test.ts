import { rows } from '../../src/db/client';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../helpers/db';

test('a migrated database has the core tables', async () => {
  const database = await createTestDatabase();
  const r = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from information_schema.tables where table_name in ('customers','identities','events','orders','refunds','feedback','observations','dedupe_keys','sources','api_keys')`);
  expect(r[0].n).toBe(10);
  await database.close();
});

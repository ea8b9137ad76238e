import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../helpers/db';

test('LISTEN/NOTIFY through the one adapter: a notification sent in a transaction arrives after commit, not after rollback', async () => {
  const database = await createTestDatabase();
  try {
    const received: string[] = [];
    const unlisten = await database.listen('strata_test', (payload) => received.push(payload));
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_notify('strata_test', 'committed')`);
    });
    await database.db
      .transaction(async (tx) => {
        await tx.execute(sql`select pg_notify('strata_test', 'rolled back')`);
        throw new Error('roll back');
      })
      .catch(() => {});
    for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toEqual(['committed']);
    await unlisten();
    await database.db.execute(sql`select pg_notify('strata_test', 'after unlisten')`);
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toEqual(['committed']);
  } finally {
    await database.close();
  }
});

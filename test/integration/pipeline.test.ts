import { sql } from 'drizzle-orm';
import { exec, inOrder, rows } from '../../src/db/client';
import { createTestDatabase } from '../helpers/db';

/**
 * The ingest path sends the statements of a batch that need no answer in between together (inOrder): this is the
 * contract it relies on, on whichever driver the suite runs (postgres.js pipelines them, PGlite queues them).
 */
describe('statements started together (inOrder)', () => {
  test('run in call order, each seeing the ones before it, and answer in that order', async () => {
    const database = await createTestDatabase();
    try {
      const seen = await database.db.transaction(async (tx) => {
        await exec(tx, sql`create temporary table pipeline_probe (n int primary key, label text) on commit drop`);
        const [, , , afterUpdate, , count] = await inOrder([
          exec(tx, sql`insert into pipeline_probe values (1, 'one'), (2, 'two')`),
          exec(tx, sql`insert into pipeline_probe select n + 2, label || '+2' from pipeline_probe`),
          exec(tx, sql`update pipeline_probe set label = upper(label) where n > ${2}`),
          rows<{ labels: string }>(tx, sql`select string_agg(label, ',' order by n) as labels from pipeline_probe`),
          exec(tx, sql`delete from pipeline_probe where n = ${1}`),
          rows<{ n: number }>(tx, sql`select count(*)::int as n from pipeline_probe`),
        ]);
        return { labels: afterUpdate[0].labels, count: count[0].n };
      });
      expect(seen).toEqual({ labels: 'one,two,ONE+2,TWO+2', count: 3 });
    } finally {
      await database.close();
    }
  });

  test('a failure throws the failing statement\'s own error, not the aborted transaction of those after it, and writes nothing', async () => {
    const database = await createTestDatabase();
    try {
      await exec(database.db, sql`create table pipeline_failure (n int)`);
      const failed = await database.db
        .transaction(async (tx) => {
          await inOrder([
            exec(tx, sql`insert into pipeline_failure values (1)`),
            rows(tx, sql`select 1 / ${0}::int as boom`),
            exec(tx, sql`insert into pipeline_failure values (2)`),
            rows(tx, sql`select count(*) from pipeline_failure`),
          ]);
        })
        .then(
          () => null,
          (err: unknown) => err,
        );
      const code = (e: unknown) => (e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : null);
      // division_by_zero, as the deadlock retry of an ingest needs its deadlock's own code (40P01), not 25P02.
      expect(code(failed) ?? code((failed as { cause?: unknown })?.cause)).toBe('22012');
      expect(await rows<{ n: number }>(database.db, sql`select count(*)::int as n from pipeline_failure`)).toEqual([{ n: 0 }]);
    } finally {
      await database.close();
    }
  });
});

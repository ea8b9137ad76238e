import { sql } from 'drizzle-orm';
import { exec } from '../db/client';
import { textArray, uuidArray } from '../db/values';
import type { ProfileChangeListener } from '../profiles/profileChanged';
import { CUSTOMER_CHANNEL } from './customerUpdates';

/** A NOTIFY payload must stay under 8,000 bytes: 200 ids of 36 characters and a comma is 7,400. */
const IDS_PER_NOTIFY = 200;

/**
 * The profileChanged listener behind `customerUpdated`: NOTIFY the changed profiles' ids, delivered by PostgreSQL at
 * commit to every process (nothing for a rolled-back write). Profiles merged into a changed one are named too, so a
 * subscriber of a merged-away id hears of the merge and follows its survivor. One statement per transaction.
 */
export function customerUpdatesListener(): ProfileChangeListener {
  return async (tx, changes) => {
    const ids = [...changes.keys()];
    const survivors = ids.filter((id) => changes.get(id)!.has('MERGE'));
    const mergedAway = survivors.length
      ? sql` union select c.id::text from customers c where c.merged_into_id = any(${uuidArray(survivors)})`
      : sql``;
    await exec(
      tx,
      sql`select count(pg_notify(${CUSTOMER_CHANNEL}, p)) from (
            select string_agg(id, ',') as p from (
              select id, (row_number() over () - 1) / ${IDS_PER_NOTIFY}::int as g from (select unnest(${textArray(ids)}) as id${mergedAway}) a) b
            group by g) x`,
    );
  };
}

import { sql } from 'drizzle-orm';
import { exec, type Tx } from '../db/client';
import { uuidArray } from '../db/values';
import type { ProfileChanges } from './profileChanged';

const AFFECTS_SUMMARY = new Set(['ORDER', 'MERGE', 'SPLIT']);

/** Keep the order counters of changed profiles, set-based: one statement for the whole batch. */
export async function refreshOrderSummary(tx: Tx, changes: ProfileChanges): Promise<void> {
  const ids = [...changes].filter(([, causes]) => [...causes].some((c) => AFFECTS_SUMMARY.has(c))).map(([id]) => id);
  if (!ids.length) return;
  await exec(tx, sql`update customers c set order_count = s.n, last_order_at = s.last, updated_at = now()
    from (select r.root, count(o.id)::int as n, max(o.occurred_at) as last
          from unnest(${uuidArray(ids)}) as r(root)
          cross join lateral (select r.root as member union all select m.id from customers m where m.merged_into_id = r.root) mem
          left join orders o on o.customer_id = mem.member
          group by r.root) s
    where c.id = s.root`);
}

import { sql, type SQL } from 'drizzle-orm';
import type { TimePageArgs } from '../graphql/connection';
import { rows, type Reader } from './client';
import { uuidArray } from './values';

/**
 * One page per profile of a time-ordered, per-customer table (newest first), for many profiles in ONE statement.
 * History stays on the profile it arrived on, so a profile's rows are those of itself and of every profile merged
 * into it: each member is read through its own (customer_id, occurred_at, id) index with a limit, then the
 * members' slices are merged and cut — cost bounded by members × page size, never by history length.
 */
export async function pagesByProfile<R extends { root: string; cursor_at: string; id: string }>(
  q: Reader,
  opts: {
    roots: readonly string[];
    table: string;
    /** Column list of the table, aliased as the caller wants them (t.* style, qualified with `t.`). */
    columns: SQL;
    args: TimePageArgs;
    /** Extra conditions on `t` (already SQL), e.g. event name filters. */
    where?: SQL;
  },
): Promise<Map<string, R[]>> {
  const byRoot = new Map<string, R[]>(opts.roots.map((r) => [r, []]));
  if (!opts.roots.length || opts.args.first === 0) return byRoot;
  const limit = opts.args.first + 1;
  const table = sql.raw(opts.table);
  const key = opts.args.afterKey;
  const after = key ? sql`and (t.occurred_at, t.id) < (${key.at}::timestamptz, ${key.id}::uuid)` : sql``;
  const extra = opts.where ? sql`and ${opts.where}` : sql``;
  const result = await rows<R>(
    q,
    sql`select r.root as "root", p.* from unnest(${uuidArray(opts.roots)}) as r(root)
        cross join lateral (
          select s.* from (select r.root as member union all select c.id from customers c where c.merged_into_id = r.root) m
          cross join lateral (
            select t.occurred_at::text as cursor_at, ${opts.columns} from ${table} t
            where t.customer_id = m.member ${after} ${extra}
            order by t.occurred_at desc, t.id desc limit ${limit}
          ) s
          order by s.cursor_at::timestamptz desc, s.id desc limit ${limit}
        ) p`,
  );
  for (const row of result) byRoot.get(row.root)?.push(row);
  return byRoot;
}

import type postgres from 'postgres';
import type { Expected } from './oracle';

/**
 * Strata logs a failed request as one JSON line with the error and its cause (the PostgreSQL error under drizzle's
 * "Failed query"): count them by cause, so a failed run says why without reading 8 KB of stack traces.
 */
export function errorTally() {
  const counts = new Map<string, number>();
  let partial = '';
  const feed = (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      let cause: string | null = null;
      try {
        const entry = JSON.parse(line) as { level?: string; message?: string; error?: { message?: string; cause?: { message?: string } } };
        if (entry.level === 'error') cause = entry.error?.cause?.message ?? entry.error?.message?.split('\n')[0] ?? entry.message ?? line;
      } catch {
        // main.ts prints its banner as plain text; anything else unparseable is kept as written
        if (!line.startsWith('Strata is ready') && !line.startsWith('  ')) cause = line.slice(0, 200);
      }
      if (cause !== null) counts.set(cause, (counts.get(cause) ?? 0) + 1);
    }
  };
  return { counts, feed };
}

export interface Check {
  what: string;
  ok: boolean;
  got: string;
}

/**
 * What the database holds after the run, against what the messages must have produced. Live profiles and identities
 * are order-independent and must match the in-memory fold exactly; merge and conflict counts are printed beside it.
 */
export async function verifyIngest(db: postgres.Sql, expected: Expected, sent: number, rawRows: number) {
  const [found] = await db<Record<string, number>[]>`select
    (select count(*) from events)::int as events,
    (select count(*) from orders)::int as orders,
    (select count(*) from identities)::int as identities,
    (select count(*) from customers)::int as profiles,
    (select count(*) from customers where merged_into_id is null)::int as live,
    (select count(*) from profile_merges)::int as merges,
    (select count(*) from identity_conflicts)::int as conflicts,
    (select coalesce(sum(accepted), 0)::int from ingest_stats) as accepted,
    (select coalesce(sum(duplicate), 0)::int from ingest_stats) as duplicate,
    (select coalesce(sum(rejected), 0)::int from ingest_stats) as rejected,
    (select count(*) from (select coalesce(c.merged_into_id, c.id) from identities i join customers c on c.id = i.customer_id
       where i.type = 'user_id' group by 1 having count(*) > 1) x)::int as over_limit,
    (select count(*) from bench_events)::int as raw_events`;
  const checks: Check[] = [
    { what: 'events = accepted messages', ok: found.events === sent && found.accepted === sent, got: `events ${found.events}, ingest_stats accepted ${found.accepted}, in batches answered 200 ${sent}` },
    { what: 'nothing rejected or duplicate', ok: found.rejected === 0 && found.duplicate === 0, got: `rejected ${found.rejected}, duplicate ${found.duplicate}` },
    { what: 'orders', ok: found.orders === expected.orders, got: `${found.orders} (expected ${expected.orders})` },
    { what: 'identities', ok: found.identities === expected.identities, got: `${found.identities} (expected ${expected.identities})` },
    { what: 'live profiles', ok: found.live === expected.liveProfiles, got: `${found.live} of ${found.profiles} created (expected ${expected.liveProfiles})` },
    { what: 'merges happened', ok: found.merges > 0, got: `${found.merges} profile_merges rows (in-memory fold: ${expected.merges})` },
    { what: 'identity conflicts', ok: true, got: `${found.conflicts} (in-memory fold: ${expected.conflicts})` },
    { what: 'no profile over the user_id limit', ok: found.over_limit === 0, got: String(found.over_limit) },
    { what: 'raw baseline rows', ok: found.raw_events === rawRows, got: `${found.raw_events} (sent ${rawRows})` },
  ];
  return { found, checks };
}

type TableCounters = Record<'ins' | 'upd' | 'del' | 'seq' | 'seqRead' | 'idx', number>;

/** Cumulative row and scan counters per table (pg_stat_user_tables); a backend reports its own when idle or on exit. */
export async function tableCounters(db: postgres.Sql): Promise<Map<string, TableCounters>> {
  const found = await db<({ name: string } & TableCounters)[]>`
    select relname as name, n_tup_ins::float8 as ins, n_tup_upd::float8 as upd, n_tup_del::float8 as del,
           seq_scan::float8 as seq, seq_tup_read::float8 as "seqRead", coalesce(idx_scan, 0)::float8 as idx
    from pg_stat_user_tables`;
  return new Map(found.map(({ name, ...c }) => [name, c]));
}

/**
 * What the measured run did to each table, per message: rows written, and scans. A sequential scan inside the ingest
 * path shows up here as rows read per message that grow with the table (nothing in it should read whole tables).
 */
export function tableActivity(before: Map<string, TableCounters>, after: Map<string, TableCounters>, messages: number, skip: string[]) {
  const keys: (keyof TableCounters)[] = ['ins', 'upd', 'del', 'seq', 'seqRead', 'idx'];
  return [...after]
    .filter(([name]) => !skip.includes(name))
    .map(([name, a]) => {
      const b = before.get(name);
      const per = Object.fromEntries(keys.map((k) => [k, (a[k] - (b?.[k] ?? 0)) / messages])) as TableCounters;
      return { table: name, ...per };
    })
    .filter((r) => keys.some((k) => r[k] > 0))
    .sort((x, y) => y.ins + y.upd + y.del - (x.ins + x.upd + x.del));
}

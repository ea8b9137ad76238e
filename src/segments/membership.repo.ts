import { sql, type SQL } from 'drizzle-orm';
import { exec, rows, rowsOfTemplate, type Queryable, type Reader } from '../db/client';
import { textArray, toDate, toDateOrNull, uuidArray, type StatementTemplate } from '../db/values';
import type { ChangeReason } from './membership';

/*
 * The materialised membership's SQL: reconciling a segment's stored members with what its compiled definition selects
 * (one statement per segment, for a few profiles or all of them), and the reads of members, sizes, histories and the
 * change feed.
 */

/** The NOTIFY channel a transaction that appended membership changes signals on commit (payload empty). */
export const MEMBERSHIP_CHANNEL = 'strata_membership_changes';

/** Arbitrary constant shared by every Strata process: the membership-change log's append lock. */
const CHANGE_LOG_LOCK = 0x5e6_c4a9;

/**
 * Serialise appends to the change log until this transaction ends. A sequence hands out cursors at insert, not at
 * commit; with appends serialised, a transaction that took cursor 100 commits (or rolls back) before any other can
 * take 101, so a feed reader paging with `cursor > after` never sees 101 while 100 is still invisible.
 */
export async function lockChangeLog(tx: Queryable, options: { genericPlans?: boolean } = {}): Promise<void> {
  // genericPlans (the write path): its reconcile statement inlines every affected segment's definition, and planning
  // it anew costs 20–50× running it for a few profiles; a generic plan (the statement is prepared) is planned once per
  // connection. A generic plan keeps the statistics of when it was made, so on a young database it would scan tables
  // it should probe by key (the open memberships, say), at every later write: no sequential scans where an index
  // serves, and then no JIT, which that penalty's costs would trigger (ingestion/ingest.repo.ts ingestPlanSettings).
  // Local to the transaction.
  await exec(
    tx,
    options.genericPlans
      ? sql`select pg_advisory_xact_lock(${CHANGE_LOG_LOCK}::bigint), set_config('plan_cache_mode', 'force_generic_plan', true),
          set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`
      : sql`select pg_advisory_xact_lock(${CHANGE_LOG_LOCK}::bigint)`,
  );
}

/** The profiles a write touched, each with the reason its changes are logged under and the message behind them. */
export interface ReconcileScope {
  ids: readonly string[];
  reasons: readonly ChangeReason[];
  messageIds: readonly (string | null)[];
  messageOccurredAt: readonly (Date | null)[];
}

export interface ReconcileResult {
  entered: number;
  exited: number;
}

/**
 * Make segments' open memberships equal their `members` (compiled definitions: `select id::text as id …` of live
 * profiles), appending one ENTERED or EXITED per difference — several segments in ONE statement. With a scope, only
 * its profiles — and the profiles merged into them, which leave as MERGE — are compared, and every `members` must be
 * restricted to them; without, every member is, under `reason`. Call lockChangeLog first, in the same transaction.
 */
export async function reconcileSegments(
  tx: Queryable,
  segments: readonly { segmentId: string; members: SQL }[],
  options: { now: Date; reason: ChangeReason; scope?: ReconcileScope },
): Promise<ReconcileResult> {
  if (!segments.length) return { entered: 0, exited: 0 };
  const scope = options.scope;
  const { entered, exited } = await runReconcile(
    tx,
    reconcileStatement(segments, {
      now: sql`${options.now.toISOString()}::timestamptz`,
      reason: options.reason,
      scope: scope && {
        ids: uuidArray(scope.ids),
        reasons: textArray(scope.reasons),
        messageIds: textArray(scope.messageIds.map((m) => m ?? '')),
        messageOccurredAt: textArray(scope.messageOccurredAt.map((d) => d?.toISOString() ?? '')),
      },
    }),
  );
  return { entered, exited };
}

/** A reconcile scope as bound SQL (uuid[] and text[] values or placeholders), for reconcileStatement. */
export interface BoundReconcileScope {
  ids: SQL;
  reasons: SQL;
  messageIds: SQL;
  messageOccurredAt: SQL;
}

/**
 * reconcileSegments's statement, its instant and scope given as SQL (values, or placeholders for a statementTemplate).
 *
 * `guard` (the write path's single round trip, segments.ts segmentListener): a condition checked by the statement
 * itself — the catalogue it was built from is still the current one — without which it changes nothing; the result's
 * `current` says which. With a guard, the instant logged is `now` or, if later, the last logged change's: the caller
 * took `now` before the lock this statement runs behind, and the times logged must follow the cursor order.
 */
export function reconcileStatement(
  segments: readonly { segmentId: string; members: SQL }[],
  options: { now: SQL; reason: ChangeReason; scope?: BoundReconcileScope; guard?: SQL },
): SQL {
  const ids = uuidArray(segments.map((s) => s.segmentId));
  const guarded = options.guard
    ? {
        ctes: sql`clock as (select greatest(${options.now}, (select occurred_at from segment_membership_changes order by cursor desc limit 1)) as at),
          guard as (select ${options.guard} as current),`,
        now: sql`(select at from clock)`,
        filter: sql`and (select current from guard)`,
        current: sql`(select current from guard)`,
      }
    : { ctes: sql``, now: options.now, filter: sql``, current: sql`true` };
  const now = guarded.now;
  const scope = options.scope;
  const scoped = scope
    ? sql`scope as (
        select * from unnest(${scope.ids}, ${scope.reasons}, ${scope.messageIds}, ${scope.messageOccurredAt})
          as s(customer_id, reason, message_id, message_at)
        union all
        select m.id, 'MERGE', '', '' from customers m
        where m.merged_into_id = any(${scope.ids}) and m.id <> all(${scope.ids})),
      -- Driven from the scope, an index probe per profile: a generic plan would otherwise read every open membership.
      cur as (
        select sm.segment_id, sm.customer_id from scope s cross join lateral (
          select m.segment_id, m.customer_id from segment_memberships m
          where m.customer_id = s.customer_id and m.segment_id = any(${ids}) and m.exited_at is null) sm),`
    : sql`scope as (select null::uuid as customer_id, null::text as reason, '' as message_id, '' as message_at where false),
      cur as (select sm.segment_id, sm.customer_id from segment_memberships sm where sm.segment_id = any(${ids}) and sm.exited_at is null),`;
  const targets = sql.join(
    segments.map((s) => sql`select ${s.segmentId}::uuid as segment_id, t.id::uuid as customer_id from (${s.members}) t`),
    sql` union all `,
  );
  return sql`with ${scoped} ${guarded.ctes}
      target as (${targets}),
      changes as (
        select t.segment_id, t.customer_id, 'ENTERED' as change from target t
        where not exists (select 1 from cur where cur.segment_id = t.segment_id and cur.customer_id = t.customer_id)
          ${guarded.filter}
        union all
        select c.segment_id, c.customer_id, 'EXITED' from cur c
        where not exists (select 1 from target t where t.segment_id = c.segment_id and t.customer_id = c.customer_id)
          ${guarded.filter}),
      logged as (
        insert into segment_membership_changes (segment_id, customer_id, change, reason, occurred_at, caused_by_message_id, caused_by_occurred_at)
        select ch.segment_id, ch.customer_id, ch.change, coalesce(sc.reason, ${options.reason}::text), ${now},
               nullif(sc.message_id, ''), nullif(sc.message_at, '')::timestamptz
        from changes ch left join scope sc on sc.customer_id = ch.customer_id
        order by ch.segment_id, ch.customer_id
        returning cursor, segment_id, customer_id, change),
      closed as (
        update segment_memberships sm set exited_at = ${now}, exited_cursor = l.cursor
        from logged l
        where l.change = 'EXITED' and sm.segment_id = l.segment_id and sm.customer_id = l.customer_id and sm.exited_at is null
        returning 1),
      opened as (
        insert into segment_memberships (segment_id, customer_id, entered_at, entered_cursor)
        select segment_id, customer_id, ${now}, cursor from logged where change = 'ENTERED'
        returning 1)
      select (select count(*) from opened)::int as entered, (select count(*) from closed)::int as exited,
        ${guarded.current} as current,
        -- Log readers in every process wake up when this transaction commits (NOTIFY is delivered at commit).
        (select count(pg_notify(${MEMBERSHIP_CHANNEL}, '')) from (select 1 from logged limit 1) x)::int as notified`;
}

/**
 * Run a reconcileStatement, bound or as a template with its values: the memberships opened and closed, and whether its
 * guard held (always, without one: otherwise it changed nothing).
 */
export async function runReconcile(
  tx: Queryable,
  statement: SQL | { template: StatementTemplate; values: Record<string, unknown> },
): Promise<ReconcileResult & { current: boolean }> {
  type Row = ReconcileResult & { current: boolean };
  const [r] = 'template' in statement ? await rowsOfTemplate<Row>(tx, statement.template, statement.values) : await rows<Row>(tx, statement);
  return { entered: r.entered, exited: r.exited, current: r.current };
}

/** A members SQL selecting nobody: reconciling with it closes every membership (archive). */
export const NOBODY = sql`select null::text as id where false`;

// ---- reads ------------------------------------------------------------------------------------------------------

/** Current member counts of some segments (absent: 0). */
export async function segmentSizes(q: Reader, segmentIds: readonly string[]): Promise<Map<string, number>> {
  const found = await rows<{ segment_id: string; n: number }>(
    q,
    sql`select segment_id, count(*)::int as n from segment_memberships
        where segment_id = any(${uuidArray(segmentIds)}) and exited_at is null group by segment_id`,
  );
  return new Map(found.map((r) => [r.segment_id, r.n]));
}

export interface MemberRow {
  customerId: string;
  enteredAt: Date;
}

/** Membership `sm` is open now, or with `asOf` its interval covers that instant (at most one per segment and profile). */
export function memberAt(asOf: Date | null): SQL {
  if (!asOf) return sql`sm.exited_at is null`;
  const at = sql`${asOf.toISOString()}::timestamptz`;
  return sql`sm.entered_at <= ${at} and (sm.exited_at is null or sm.exited_at > ${at})`;
}

/** One page of a segment's members by customer id, now or as of an instant (the interval covering it). */
export async function memberPage(q: Reader, segmentId: string, options: { asOf: Date | null; after: string | null; limit: number }): Promise<MemberRow[]> {
  const during = memberAt(options.asOf);
  const found = await rows<{ customer_id: string; entered_at: string }>(
    q,
    sql`select sm.customer_id, sm.entered_at::text as entered_at from segment_memberships sm
        where sm.segment_id = ${segmentId}::uuid and ${during} ${options.after ? sql`and sm.customer_id > ${options.after}::uuid` : sql``}
        order by sm.customer_id limit ${options.limit}::int`,
  );
  return found.map((r) => ({ customerId: r.customer_id, enteredAt: toDate(r.entered_at) }));
}

/**
 * Sizes at each of `points` (ascending): every entry and exit up to the last point, bucketed by the first point at or
 * after it (width_bucket over the points), then summed in order. One pass over the segment's intervals.
 */
export async function sizesAt(q: Reader, segmentId: string, points: readonly Date[]): Promise<number[]> {
  if (!points.length) return [];
  const array = sql`${`{${points.map((p) => `"${p.toISOString()}"`).join(',')}}`}::timestamptz[]`;
  const last = sql`${points[points.length - 1].toISOString()}::timestamptz`;
  const found = await rows<{ k: number; d: number }>(
    q,
    sql`with ev as (
          select entered_at as at, 1 as d from segment_memberships where segment_id = ${segmentId}::uuid and entered_at <= ${last}
          union all
          select exited_at, -1 from segment_memberships where segment_id = ${segmentId}::uuid and exited_at <= ${last})
        select (width_bucket(at - interval '1 microsecond', ${array}) + 1)::int as k, sum(d)::int as d from ev group by 1`,
  );
  const delta = new Array<number>(points.length + 1).fill(0);
  for (const r of found) delta[r.k - 1] += r.d;
  const sizes: number[] = [];
  let running = 0;
  for (let i = 0; i < points.length; i++) sizes.push((running += delta[i]));
  return sizes;
}

export interface ChangeRow {
  cursor: string;
  segmentId: string;
  customerId: string;
  mergedIntoId: string | null;
  change: 'ENTERED' | 'EXITED';
  reason: ChangeReason;
  occurredAt: Date;
  causedByMessageId: string | null;
  causedByOccurredAt: Date | null;
}

interface ChangeDbRow {
  cursor: string;
  segment_id: string;
  customer_id: string;
  merged_into_id: string | null;
  change: 'ENTERED' | 'EXITED';
  reason: ChangeReason;
  occurred_at: string;
  caused_by_message_id: string | null;
  caused_by_occurred_at: string | null;
}

const toChange = (r: ChangeDbRow): ChangeRow => ({
  cursor: String(r.cursor),
  segmentId: r.segment_id,
  customerId: r.customer_id,
  mergedIntoId: r.merged_into_id,
  change: r.change,
  reason: r.reason,
  occurredAt: toDate(r.occurred_at),
  causedByMessageId: r.caused_by_message_id,
  causedByOccurredAt: toDateOrNull(r.caused_by_occurred_at),
});

const CHANGE_COLUMNS = sql`l.cursor::text as cursor, l.segment_id, l.customer_id, c.merged_into_id, l.change, l.reason,
  l.occurred_at::text as occurred_at, l.caused_by_message_id, l.caused_by_occurred_at::text as caused_by_occurred_at`;

/** The change log after a cursor (up to `through`, if given), in cursor (= commit) order; `segmentIds` null: every segment. */
export async function changesAfter(
  q: Reader,
  options: { segmentIds: readonly string[] | null; after: number; through?: number; limit: number },
): Promise<ChangeRow[]> {
  const only = options.segmentIds ? sql`and l.segment_id = any(${uuidArray(options.segmentIds)})` : sql``;
  const upTo = options.through === undefined ? sql`` : sql`and l.cursor <= ${options.through}::bigint`;
  const found = await rows<ChangeDbRow>(
    q,
    sql`select ${CHANGE_COLUMNS} from segment_membership_changes l left join customers c on c.id = l.customer_id
        where l.cursor > ${options.after}::bigint ${upTo} ${only} order by l.cursor limit ${options.limit}::int`,
  );
  return found.map(toChange);
}

/** The newest cursor of the change log (0 when empty). */
export async function maxChangeCursor(q: Reader): Promise<number> {
  const [r] = await rows<{ max: string | null }>(q, sql`select max(cursor)::text as max from segment_membership_changes`);
  return r?.max == null ? 0 : Number(r.max);
}

/** Every change of some customers (raw ids), oldest first: Customer.segmentHistory. */
export async function changesOfCustomers(q: Reader, customerIds: readonly string[]): Promise<ChangeRow[]> {
  const found = await rows<ChangeDbRow>(
    q,
    sql`select ${CHANGE_COLUMNS} from segment_membership_changes l left join customers c on c.id = l.customer_id
        where l.customer_id = any(${uuidArray(customerIds)}) order by l.cursor`,
  );
  return found.map(toChange);
}

/** The open memberships of some customers, with their segments not archived. */
export async function currentMemberships(q: Reader, customerIds: readonly string[]): Promise<{ customerId: string; segmentId: string; enteredAt: Date }[]> {
  const found = await rows<{ customer_id: string; segment_id: string; entered_at: string }>(
    q,
    sql`select sm.customer_id, sm.segment_id, sm.entered_at::text as entered_at from segment_memberships sm
        where sm.customer_id = any(${uuidArray(customerIds)}) and sm.exited_at is null order by sm.entered_cursor`,
  );
  return found.map((r) => ({ customerId: r.customer_id, segmentId: r.segment_id, enteredAt: toDate(r.entered_at) }));
}

import { sql, type SQL } from 'drizzle-orm';
import { normalizeIdentityType } from '../identity/normalize';
import {
  averageRatingTest, countBounds, eventFilters, identityMatch, inWindow, keyedTest, metric, netRevenueOf, netRevenueTest, NPS_ANSWERS, NPS_CATEGORY,
  NPS_LATEST_FIRST, OPEN_TICKETS, orderFilters, RATINGS, REFUNDED, ROW_FRAME, todayOf, type Frame,
} from './compile';
import {
  checkReferences, joinPath, noSegments, resolveReference, type CountRange, type EventCondition, type FeedbackCondition, type IdentityCondition,
  type OrderCondition, type SegmentCondition, type SegmentLookup,
} from './definition';

/*
 * The whole-population form of a definition: the same member set as compileDefinition (compile.ts), for evaluating a
 * segment over every profile at once (create, update, the sweeps, previews). compileDefinition asks each profile's
 * question with correlated subqueries — an index probe per profile and condition, which a few profiles on the write
 * path want and a million do not. Here each row-reading condition becomes one aggregate over its table, grouped by the
 * surviving profile, computed once; the conditions then combine as boolean columns over one pass of `customers`
 * left-joined to those sets. Every value is still a bound parameter, and the SQL text still depends on the shape only.
 *
 * Each set is built so the condition is plain membership (`s.cid is not null`, or `is null` for a condition that
 * holds for a profile with no rows at all, like "at most 2 orders"): two-valued under `not`, as compile.ts requires,
 * and strict where it must hold, so PostgreSQL turns the left join of a required set into an inner join (and one of a
 * `not` into an anti-join) and can start from the smallest set.
 *
 * Merges match compile.ts exactly. There a profile's rows are those of `customers m` with `m.id = c.id or
 * m.merged_into_id = c.id`; here a row counts for `coalesce(merged_into_id, customer_id)`, looked up among the
 * merged-away profiles only (`merged`, a few percent of profiles). A row of a live profile maps to it; one of a profile
 * merged into a live one maps to that one; one whose profile is gone, or was merged into a profile that is not live,
 * maps to an id no live profile has — in both forms it counts for nobody.
 */

export interface SetOptions {
  now: Date;
  timeZone: string;
  segments?: SegmentLookup;
  selfId?: string;
}

/**
 * Windows start at an expression of the bound "now" and time zone that is immutable, so PostgreSQL folds it into a
 * constant when it plans the statement with its parameters (whole evaluations force custom plans): the planner sees
 * how much of a table a window keeps, and an index on the time can serve a short one. A relative date's text goes
 * through the stable to_char, which is not folded: it is read once per statement (an InitPlan over `p`), not once per
 * row of the tables scanned.
 */
const setFrame = (now: Date, timeZone: string): Frame => ({
  windowStart: (d) =>
    sql`(((${now.toISOString()}::timestamptz at time zone ${timeZone}::text)::date - make_interval(months => ${d.months}::int, days => ${d.days}::int)) at time zone ${timeZone}::text)`,
  daysAgo: (d) => sql`(select ${ROW_FRAME.daysAgo(d)} from p)`,
});

interface Ctx {
  frame: Frame;
  lookup: SegmentLookup;
  stack: readonly string[];
  rootPath: string | null;
  /** Shared by the whole definition, referenced ones included. */
  out: {
    /** The sets built so far, by what they select: a condition repeated (through inSegment, say) is aggregated once. */
    sets: Map<string, { alias: string; body: SQL }>;
    metrics: boolean;
    refunds: boolean;
  };
}

export function compileSegmentSet(definition: SegmentCondition, options: SetOptions): SQL {
  checkReferences(definition, options.segments ?? noSegments, options.selfId);
  const ctx: Ctx = {
    frame: setFrame(options.now, options.timeZone),
    lookup: options.segments ?? noSegments,
    stack: options.selfId ? [options.selfId] : [],
    rootPath: null,
    out: { sets: new Map(), metrics: false, refunds: false },
  };
  const where = predicate(definition, '', ctx);
  const sets = [...ctx.out.sets.values()];
  const ctes: SQL[] = [
    sql`p as (${todayOf(options.now, options.timeZone)})`,
    sql`merged as (select id, merged_into_id from customers where merged_into_id is not null)`,
  ];
  if (ctx.out.refunds) {
    // Each order's refunds summed once (by source and order id, as compile.ts finds them), not probed per order.
    ctes.push(sql`refunded as (select o.customer_id, o.id, sum(${REFUNDED}) as amount
      from refunds r join orders o on o.source_id = r.source_id and o.order_id = r.order_id group by o.customer_id, o.id)`);
  }
  for (const s of sets) ctes.push(sql`${sql.raw(s.alias)} as (${s.body})`);
  const joins = sets.map((s) => sql.raw(` left join ${s.alias} on ${s.alias}.cid = c.id`));
  return sql`with ${sql.join(ctes, sql`, `)}
    select c.id::text as id from customers c cross join p${ctx.out.metrics ? sql` left join customer_metrics cm on cm.customer_id = c.id` : sql``}${sql.join(joins)}
    where c.merged_into_id is null and ${where}`;
}

function predicate(c: SegmentCondition, path: string, ctx: Ctx): SQL {
  if ('and' in c) return sql`(${sql.join(c.and.map((x, i) => predicate(x, joinPath(joinPath(path, 'and'), i), ctx)), sql` and `)})`;
  if ('or' in c) return sql`(${sql.join(c.or.map((x, i) => predicate(x, joinPath(joinPath(path, 'or'), i), ctx)), sql` or `)})`;
  if ('not' in c) return sql`(not ${predicate(c.not, joinPath(path, 'not'), ctx)})`;
  if ('trait' in c) return keyedTest(sql`c.traits`, c.trait, ctx.frame);
  if ('identity' in c) return identity(c.identity, ctx);
  if ('metric' in c) {
    ctx.out.metrics = true;
    return metric(c.metric);
  }
  if ('event' in c) return event(c.event, ctx);
  if ('order' in c) return order(c.order, ctx);
  if ('feedback' in c) return feedback(c.feedback, ctx);
  const at = joinPath(path, 'inSegment');
  const referenced = resolveReference(c.inSegment, at, ctx.stack, ctx.lookup, ctx.rootPath);
  return predicate(referenced, '', { ...ctx, stack: [...ctx.stack, c.inSegment], rootPath: ctx.rootPath ?? at });
}

// ---- sets -------------------------------------------------------------------------------------------------------

/** A table's rows (aliased `alias`) with their surviving profile: `select ${root(alias)} … ${rowsOf(table, alias)} and …`. */
const rowsOf = (table: string, alias: string) => sql.raw(`from ${table} ${alias} left join merged mg on mg.id = ${alias}.customer_id`);
const root = (alias: string) => sql.raw(`coalesce(mg.merged_into_id, ${alias}.customer_id)`);

/**
 * Aggregate in two steps: `perProfile` by the profile the rows arrived on (`customer_id`: its index reads in that
 * order, so orders and events are aggregated streaming, without a hash table over millions of rows), then those
 * (fewer) rows by surviving profile, in `outer` (`select cid … from x … group by 1`, x aliased over `perProfile`).
 */
const byProfile = (perProfile: SQL) => sql`from (${perProfile}) x left join merged mg on mg.id = x.customer_id`;

/** The alias of the set `body` selects (`cid`, unique, and any columns the condition reads), defining it once. */
function setOf(ctx: Ctx, key: string, body: () => SQL): string {
  let found = ctx.out.sets.get(key);
  if (!found) {
    found = { alias: `s${ctx.out.sets.size + 1}`, body: body() };
    ctx.out.sets.set(key, found);
  }
  return found.alias;
}

const member = (alias: string) => sql.raw(`(${alias}.cid is not null)`);
const nonMember = (alias: string) => sql.raw(`(${alias}.cid is null)`);

/**
 * Rows counted per profile against a count range. A range holding for 0 rows ("at most 2") is its complement: the
 * profiles counting more, which a profile with no rows is never among.
 */
function counted(ctx: Ctx, key: string, table: string, alias: string, filters: SQL, range: CountRange): SQL {
  const { atLeast, atMost } = countBounds(range);
  if (atLeast === 0 && atMost === undefined) return sql`true`;
  const perProfile = sql`select ${sql.raw(`${alias}.customer_id`)}, count(*) as n from ${sql.raw(`${table} ${alias}`)} where true${filters} group by 1`;
  const select = (having: SQL) => sql`select ${root('x')} as cid ${byProfile(perProfile)} group by 1 having ${having}`;
  if (atLeast === 0) return nonMember(setOf(ctx, `${key}>${atMost}`, () => select(sql`sum(x.n) > ${atMost}::int`)));
  const having = atMost === undefined ? sql`sum(x.n) >= ${atLeast}::int` : sql`sum(x.n) between ${atLeast}::int and ${atMost}::int`;
  return member(setOf(ctx, `${key}:${atLeast}..${atMost ?? ''}`, () => select(having)));
}

function identity(c: IdentityCondition, ctx: Ctx): SQL {
  const alias = setOf(ctx, `identity:${normalizeIdentityType(c.type)}`, () =>
    sql`select distinct ${root('x')} as cid ${byProfile(sql`select distinct i.customer_id from identities i where ${identityMatch(c)}`)}`,
  );
  return c.has === false ? nonMember(alias) : member(alias);
}

function event(c: EventCondition, ctx: Ctx): SQL {
  const { atLeast, atMost, ...rows } = c;
  return counted(ctx, `event:${JSON.stringify(rows)}`, 'events', 'e', eventFilters(c, ctx.frame), { atLeast, atMost });
}

function order(c: OrderCondition, ctx: Ctx): SQL {
  const { atLeast, atMost, netRevenue, ...rows } = c;
  const filters = orderFilters(c, ctx.frame);
  if (!netRevenue) return counted(ctx, `order:${JSON.stringify(rows)}`, 'orders', 'o', filters, { atLeast, atMost });
  ctx.out.refunds = true;
  // A profile without such orders has 0, which the comparison may accept (LT 50): the sum is read, not membership.
  const alias = setOf(ctx, `revenue:${JSON.stringify(rows)}`, () =>
    sql`select ${root('x')} as cid, sum(x.v) as v ${byProfile(sql`select o.customer_id, sum(${netRevenueOf(sql`rf.amount`)}) as v
      from orders o left join refunded rf on rf.customer_id = o.customer_id and rf.id = o.id where true${filters} group by 1`)} group by 1`,
  );
  return netRevenueTest(sql.raw(`${alias}.v`), netRevenue);
}

function feedback(c: FeedbackCondition, ctx: Ctx): SQL {
  const window = inWindow(sql`f.occurred_at`, c.within, ctx.frame);
  const key = `feedback:${c.within ?? ''}`;
  if (c.nps) {
    return member(
      setOf(ctx, `${key}:nps:${c.nps}`, () =>
        sql`select x.cid from (select distinct on (${root('f')}) ${root('f')} as cid, ${NPS_CATEGORY} as category ${rowsOf('feedback', 'f')}
          where true${window}${NPS_ANSWERS} order by ${root('f')}, ${NPS_LATEST_FIRST}) x where x.category = ${c.nps}::text`,
      ),
    );
  }
  if (c.openTickets) return counted(ctx, `${key}:tickets`, 'feedback', 'f', sql`${window}${OPEN_TICKETS}`, c.openTickets);
  const r = c.averageRating!;
  const rated = (having: SQL) => sql`select ${root('f')} as cid ${rowsOf('feedback', 'f')} where true${window}${RATINGS} group by 1${having}`;
  // Grouped rows exist only for a profile with ratings, so the mean's n > 0 holds in every group.
  return member(setOf(ctx, `${key}:rating:${JSON.stringify(r)}`, () => rated(r.operator === 'EXISTS' ? sql`` : sql` having ${averageRatingTest(r)}`)));
}

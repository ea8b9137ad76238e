import { Placeholder, SQL, sql } from 'drizzle-orm';
import { textArray, uuidArray } from '../db/values';
import { normalizeIdentityType } from '../identity/normalize';
import { parseDuration, type Duration } from './calendar';
import { numberToDecimal } from './decimal';
import {
  checkReferences, joinPath, METRICS, noSegments, resolveReference, type Comparison, type CountRange, type EventCondition, type FeedbackCondition,
  type IdentityCondition, type Json, type KeyedComparison, type MetricCondition, type MetricField, type OrderCondition,
  type SegmentCondition, type SegmentLookup,
} from './definition';

/*
 * A validated definition → ONE parameterised statement selecting the ids of the live profiles in the segment. Every
 * value, trait key and property key is a bound parameter (`c.traits -> $1`); the SQL text depends only on the shape
 * of the definition. "now" and the business time zone are parameters too, so a stored segment's statement is the
 * same text every day. Pure: builds SQL, runs nothing.
 *
 * This is the per-customer form: each profile's question asked by correlated subqueries, an index probe per profile
 * and condition — what the write path (a few profiles) and Customer.matches (a page) want. A whole segment is
 * evaluated by compileSet.ts, which selects the same set by aggregating each table once.
 *
 * Three rules keep it in step with evaluate.ts (a property test runs all three on random data and definitions):
 * - every condition is two-valued: a missing trait, a non-buyer's RFM score, a customer with no ratings are false
 *   (not NULL) under every operator but EXISTS, so `not` is exact complement;
 * - a live profile is its own rows plus those of the profiles merged into it (`customers.merged_into_id`, flat);
 * - windows start at local midnight of (today − duration) in the business time zone (calendar.ts).
 */

export interface CompileOptions {
  /** The instant the segment is evaluated at (clock.now()), or a placeholder filled per call (db/values.ts statementTemplate). */
  now: Date | Placeholder;
  /** BUSINESS_TIMEZONE: windows and relative dates count its calendar days. */
  timeZone: string;
  /** Definitions of the segments named by inSegment; referenced ones are inlined (the statement stays one). */
  segments?: SegmentLookup;
  /** The id of the segment this definition belongs to, so that a reference back to it is a cycle. */
  selfId?: string;
  /** Only these live profile ids (Customer.matches on a page of customers), or a placeholder for them (a uuid[] literal). */
  customerIds?: readonly string[] | Placeholder;
}

interface Ctx {
  lookup: SegmentLookup;
  stack: readonly string[];
  /** Inside a referenced definition: the path of the root's inSegment node, where errors are reported. */
  rootPath: string | null;
}

export function compileDefinition(definition: SegmentCondition, options: CompileOptions): SQL {
  checkReferences(definition, options.segments ?? noSegments, options.selfId);
  const ctx: Ctx = { lookup: options.segments ?? noSegments, stack: options.selfId ? [options.selfId] : [], rootPath: null };
  const where = predicate(definition, '', ctx);
  const ids = options.customerIds;
  // For given ids, "live" is written so that it does not imply the predicate of customers_page_idx (merged_into_id is
  // null; a profile is never merged into itself, so the two are equal). The write path plans this generic, with the
  // statistics of when it was prepared: on a young database a whole scan of that partial index, filtered by id, looked
  // cheaper than probing the primary key, and every later write read every live profile once per segment.
  const live = ids
    ? sql`coalesce(c.merged_into_id, c.id) = c.id and c.id = any(${ids instanceof Placeholder ? sql`${ids}::uuid[]` : uuidArray(ids as readonly string[])})`
    : sql`c.merged_into_id is null`;
  // The profile and the profiles merged into it, looked up once per profile for all its row conditions (and only
  // when there is one): each condition then probes its table's customer index with the array.
  const members = mentions(where, MEMBER_IDS)
    ? sql` cross join lateral (select array[c.id] || array(select m.id from customers m where m.merged_into_id = c.id) as ids) mb`
    : sql``;
  return sql`select c.id::text as id from customers c
    cross join (${todayOf(options.now, options.timeZone)}) p${members}
    left join customer_metrics cm on cm.customer_id = c.id
    where ${live} and ${where}`;
}

function predicate(c: SegmentCondition, path: string, ctx: Ctx): SQL {
  if ('and' in c) return sql`(${sql.join(c.and.map((x, i) => predicate(x, joinPath(joinPath(path, 'and'), i), ctx)), sql` and `)})`;
  if ('or' in c) return sql`(${sql.join(c.or.map((x, i) => predicate(x, joinPath(joinPath(path, 'or'), i), ctx)), sql` or `)})`;
  if ('not' in c) return sql`(not ${predicate(c.not, joinPath(path, 'not'), ctx)})`;
  if ('trait' in c) return keyedTest(sql`c.traits`, c.trait, ROW_FRAME);
  if ('identity' in c) return identity(c.identity);
  if ('metric' in c) return metric(c.metric);
  if ('event' in c) return event(c.event);
  if ('order' in c) return order(c.order);
  if ('feedback' in c) return feedback(c.feedback);
  const at = joinPath(path, 'inSegment');
  const referenced = resolveReference(c.inSegment, at, ctx.stack, ctx.lookup, ctx.rootPath);
  return predicate(referenced, '', { lookup: ctx.lookup, stack: [...ctx.stack, c.inSegment], rootPath: ctx.rootPath ?? at });
}

// ---- rows of the live profile ---------------------------------------------------------------------------------

/** The ids of the profile and of the profiles merged into it (`mb`, joined by compileDefinition when mentioned). */
const MEMBER_IDS = sql.raw('mb.ids');

/** `from` the profile's own rows of a table and its merged members', aliased `alias`. */
const rowsOf = (table: string, alias: string) => sql`from ${sql.raw(`${table} ${alias}`)} where ${sql.raw(alias)}.customer_id = any(${MEMBER_IDS})`;

/** Whether `statement` holds `chunk` anywhere in its tree. */
function mentions(statement: SQL, chunk: SQL): boolean {
  return statement.queryChunks.some((c) => c === chunk || (c instanceof SQL && mentions(c, chunk)));
}

/**
 * How an expression reads "today": where windows start, and the dates relative operands mean. This per-customer form
 * reads the columns of its one-row `p` (a few rows per profile are tested); the whole-population form, which tests
 * millions of rows, has its own (compileSet.ts).
 */
export interface Frame {
  /** Local midnight of (today − duration), as an instant (sargable against the (customer_id, occurred_at) indexes). */
  windowStart(d: Duration): SQL;
  /** The local date (today − duration), as YYYY-MM-DD text. */
  daysAgo(d: Duration): SQL;
}

const minus = (d: Duration) => sql`(p.today - make_interval(months => ${d.months}::int, days => ${d.days}::int))`;

export const ROW_FRAME: Frame = {
  windowStart: (d) => sql`(${minus(d)} at time zone p.tz)`,
  daysAgo: (d) => sql`to_char(${minus(d)}, 'YYYY-MM-DD')`,
};

/** `cross join`ed as `p`: the evaluation's "today" (a local date) and time zone, both from bound parameters. */
export const todayOf = (now: Date | Placeholder, timeZone: string) =>
  sql`select (${now instanceof Placeholder ? now : now.toISOString()}::timestamptz at time zone ${timeZone}::text)::date as today, ${timeZone}::text as tz`;

export const inWindow = (column: SQL, within: string | undefined, frame: Frame) =>
  within ? sql` and ${column} >= ${frame.windowStart(parseDuration(within)!)}` : sql``;

/** The inclusive bounds of a count range: neither given means at least once. */
export const countBounds = (range: CountRange) => ({ atLeast: range.atLeast ?? (range.atMost === undefined ? 1 : 0), atMost: range.atMost });

/** The number of rows `body` (a from-where) yields compared with a count range, counting no further than needed. */
function countIn(body: SQL, range: CountRange): SQL {
  const { atLeast } = countBounds(range);
  if (range.atMost === undefined) {
    if (atLeast === 0) return sql`true`;
    if (atLeast === 1) return sql`exists (select 1 ${body})`;
    return sql`((select count(*) from (select 1 ${body} limit ${atLeast}::int) x) >= ${atLeast}::int)`;
  }
  return sql`((select count(*) from (select 1 ${body} limit ${range.atMost + 1}::int) x) between ${atLeast}::int and ${range.atMost}::int)`;
}

// ---- comparisons ----------------------------------------------------------------------------------------------

/** A scalar expression compared by operator, with operands rendered by `param` (all bound). Null when expr is. */
export function compare(expr: SQL, c: Comparison, param: (v: Json) => SQL, list: (vs: Json[]) => SQL): SQL {
  const v = c.value as Json;
  switch (c.operator) {
    case 'EXISTS': return sql`(${expr} is not null)`;
    case 'EQ': return sql`(${expr} = ${param(v)})`;
    case 'NEQ': return sql`(${expr} <> ${param(v)})`;
    case 'GT': return sql`(${expr} > ${param(v)})`;
    case 'GTE': return sql`(${expr} >= ${param(v)})`;
    case 'LT': return sql`(${expr} < ${param(v)})`;
    case 'LTE': return sql`(${expr} <= ${param(v)})`;
    case 'BETWEEN': return sql`(${expr} between ${param(c.values![0])} and ${param(c.values![1])})`;
    case 'IN': return sql`(${expr} = any(${list(c.values!)}))`;
    case 'NOT_IN': return sql`(${expr} <> all(${list(c.values!)}))`;
    default: throw new Error(`compare: ${c.operator} is not a scalar comparison`);
  }
}

export const arrayParam = (type: string) => (vs: Json[]) => sql`${`{${vs.map(String).join(',')}}`}::${sql.raw(type)}[]`;
export const decimalText = (v: Json) => (typeof v === 'number' ? numberToDecimal(v)! : String(v));
export const numericParam = (v: Json) => sql`${decimalText(v)}::numeric`;
export const numericList = (vs: Json[]) => arrayParam('numeric')(vs.map(decimalText));

/** A jsonb value read as the JSON type the operand asks for; NULL when it is missing or of another type. */
const asText = (x: SQL) => sql`(case when jsonb_typeof(${x}) = 'string' then ${x} #>> '{}' end)`;
const asNumber = (x: SQL) => sql`(case when jsonb_typeof(${x}) = 'number' then (${x} #>> '{}')::numeric end)`;
const asBoolean = (x: SQL) => sql`(case when jsonb_typeof(${x}) = 'boolean' then (${x} #>> '{}')::boolean end)`;
/** A string starting with YYYY-MM-DD, by that date as written; compared bytewise (collate "C"), as evaluate.ts does. */
const asDate = (x: SQL) =>
  sql`((case when jsonb_typeof(${x}) = 'string' and (${x} #>> '{}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' then left(${x} #>> '{}', 10) end) collate "C")`;

/** A date operand: YYYY-MM-DD as given, or a duration meaning that long before today. */
function dateParam(v: Json, frame: Frame): SQL {
  const d = parseDuration(String(v));
  return d ? frame.daysAgo(d) : sql`${String(v)}::text`;
}

/** An element of a jsonb array equal to the operand (jsonb equality: numbers by value). */
const arrayHas = (x: SQL, v: Json) =>
  sql`exists (select 1 from jsonb_array_elements(case when jsonb_typeof(${x}) = 'array' then ${x} end) el where el = ${JSON.stringify(v)}::jsonb)`;

/** A trait or property (top-level key of a jsonb object) against a validated comparison; never NULL. */
export function keyedTest(object: SQL, c: KeyedComparison, frame: Frame): SQL {
  const x = sql`(${object} -> ${c.key}::text)`;
  return sql`coalesce(${jsonTest(x, c, frame)}, false)`;
}

function jsonTest(x: SQL, c: Comparison, frame: Frame): SQL {
  const v = c.value as Json;
  const first = (c.values ?? [v])[0];
  switch (c.operator) {
    case 'EXISTS':
      return sql`(${x} is not null and jsonb_typeof(${x}) <> 'null')`;
    case 'STARTS_WITH':
      return sql`starts_with(${asText(x)}, ${String(v)}::text)`;
    case 'CONTAINS':
      return typeof v === 'string' ? sql`(strpos(${asText(x)}, ${v}::text) > 0 or ${arrayHas(x, v)})` : arrayHas(x, v);
    case 'GT': case 'GTE': case 'LT': case 'LTE': case 'BETWEEN':
      return typeof first === 'number' ? compare(asNumber(x), c, numericParam, numericList) : compare(asDate(x), c, (d) => dateParam(d, frame), () => sql``);
    default:
      if (typeof first === 'number') return compare(asNumber(x), c, numericParam, numericList);
      // Bound as text: postgres.js serialises a parameter it knows to be boolean as `v === true`, so 'true' would be false.
      if (typeof first === 'boolean') return compare(asBoolean(x), c, (b) => sql`${String(b)}::text::boolean`, (vs) => sql`${`{${vs.join(',')}}`}::text::boolean[]`);
      return compare(asText(x), c, (s) => sql`${String(s)}::text`, (vs) => textArray(vs.map(String)));
  }
}

// ---- families -------------------------------------------------------------------------------------------------
// The row filters and measures of each family are shared with the whole-population form (compileSet.ts), which
// aggregates the same rows by surviving profile instead of probing them per profile.

/** Identities (alias `i`) of the type asked. */
export function identityMatch(c: IdentityCondition): SQL {
  const type = normalizeIdentityType(c.type);
  // A type without a namespace also matches its namespaced identities: `wechat_openid` finds `wechat_openid:wx1234`.
  return type.includes(':') ? sql`i.type = ${type}::text` : sql`(i.type = ${type}::text or starts_with(i.type, ${`${type}:`}::text))`;
}

function identity(c: IdentityCondition): SQL {
  const found = sql`exists (select 1 ${rowsOf('identities', 'i')} and ${identityMatch(c)})`;
  return c.has === false ? sql`(not ${found})` : found;
}

/** The stored column of each metric, with the defaults the API reads for a profile not scored yet. */
const METRIC_COLUMNS: Record<MetricField, string> = {
  RFM_R: 'cm.r',
  RFM_F: 'cm.f',
  RFM_M: 'cm.m',
  RFM_CELL: 'cm.rfm_cell',
  RFM_TIER: `coalesce(cm.rfm_tier, 'NONE')`,
  RECENCY_DAYS: 'cm.recency_days',
  FREQUENCY: 'cm.frequency',
  MONETARY: 'cm.monetary',
  LIFECYCLE_STAGE: `coalesce(cm.lifecycle_stage, 'PROSPECT')`,
  AIPL_STAGE: `coalesce(cm.aipl_stage, 'NONE')`,
  HISTORICAL_LTV: 'coalesce(cm.historical_ltv, 0)',
  PREDICTED_LTV_12M: 'cm.predicted_ltv_12m',
  // 1 + the stored decile cut points the value exceeds (ties stay together, as with RFM scores); each cut an InitPlan,
  // read once per statement. Missing when the value or the cut points are.
  LTV_DECILE: `(1 + ${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `(cm.predicted_ltv_12m > (select k.ltv_decile_cuts[${i}] from rfm_cut_points k where k.id = 1))::int`).join(' + ')})`,
  CHURN_SCORE: 'cm.churn_score',
  CHURN_BAND: 'cm.churn_band',
  P_ALIVE: 'cm.p_alive',
  DAYS_PAST_TYPICAL_GAP: '(cm.recency_days - cm.typical_gap_days)',
  // Whole local days since the first order (0 on its day, and for one stamped in the future), as the lifecycle's NEW
  // rule counts them. greatest() ignores NULL: without the case a non-buyer's missing value would read as 0.
  DAYS_SINCE_FIRST_ORDER: 'case when cm.first_order_at is not null then greatest(0, p.today - (cm.first_order_at at time zone p.tz)::date) end',
};

/** A metric condition on the `customer_metrics` row `cm` (left-joined: absent for a profile not scored yet). */
export function metric(c: MetricCondition): SQL {
  const expr = sql.raw(METRIC_COLUMNS[c.field]);
  const spec = METRICS[c.field];
  const typed = (type: string) => compare(expr, c, (v) => sql`${String(v)}::${sql.raw(type)}`, arrayParam(type));
  switch (spec.kind) {
    case 'score':
    case 'count':
      return sql`coalesce(${typed('int')}, false)`;
    case 'number':
      return sql`coalesce(${typed('float8')}, false)`;
    case 'decimal':
      return sql`coalesce(${compare(expr, c, numericParam, numericList)}, false)`;
    case 'enum':
      return sql`coalesce(${compare(expr, c, (v) => sql`${String(v)}::text`, (vs) => textArray(vs.map(String)))}, false)`;
  }
}

/** The events (alias `e`) an event condition counts: ` and …` filters. */
export function eventFilters(c: EventCondition, frame: Frame): SQL {
  const filters: SQL[] = [];
  if (c.name !== undefined) filters.push(sql` and e.name = ${c.name}::text`);
  if (c.type !== undefined) filters.push(sql` and e.type = ${c.type.toLowerCase()}::text`);
  filters.push(inWindow(sql`e.occurred_at`, c.within, frame));
  for (const w of c.where ?? []) filters.push(sql` and ${keyedTest(sql`e.properties`, w, frame)}`);
  return sql.join(filters);
}

function event(c: EventCondition): SQL {
  return countIn(sql`${rowsOf('events', 'e')}${eventFilters(c, ROW_FRAME)}`, c);
}

/**
 * What one refund (alias `r`) of an order (alias `o`) takes off its net revenue in the reporting currency, as the
 * computed fields count it (metrics.repo.ts): a refund without an amount is the whole order; one in another currency
 * carries its converted amount; one in the order's currency takes the same share.
 */
export const REFUNDED = sql.raw(`case when r.amount is null then o.total_reporting
                    when r.amount_reporting is not null then r.amount_reporting
                    when o.total = 0 then 0
                    else round(r.amount * o.total_reporting / o.total, 4) end`);

/** An order's net revenue: its total minus `refunded` (the sum of its refunds, NULL for none), never below zero. */
export const netRevenueOf = (refunded: SQL) => sql`greatest(o.total_reporting - coalesce(${refunded}, 0), 0)`;

/** Refunds belong to an order by source and order id (a refund may arrive before its order, on another profile). */
const NET = netRevenueOf(sql`(select sum(${REFUNDED}) from refunds r where r.source_id = o.source_id and r.order_id = o.order_id)`);

/** The orders (alias `o`) an order condition counts: ` and …` filters. */
export function orderFilters(c: OrderCondition, frame: Frame): SQL {
  const filters: SQL[] = [inWindow(sql`o.occurred_at`, c.within, frame)];
  if (c.product) {
    const line = sql.join(c.product.map((p) => keyedTest(sql`pr`, p, frame)), sql` and `);
    filters.push(sql` and exists (select 1 from jsonb_array_elements(case when jsonb_typeof(o.products) = 'array' then o.products end) pr where ${line})`);
  }
  return sql.join(filters);
}

/** Net revenue summed over orders (0 for none) against the condition's comparison; never NULL. */
export const netRevenueTest = (sum: SQL, c: Comparison) => sql`coalesce(${compare(sql`coalesce(${sum}, 0)`, c, numericParam, numericList)}, false)`;

function order(c: OrderCondition): SQL {
  const body = sql`${rowsOf('orders', 'o')}${orderFilters(c, ROW_FRAME)}`;
  if (!c.netRevenue) return countIn(body, c);
  return netRevenueTest(sql`(select sum(${NET}) ${body})`, c.netRevenue);
}

/** Feedback rows (alias `f`) of each feedback measure: ` and …` filters. */
export const NPS_ANSWERS = sql` and f.kind = 'NPS' and f.score is not null`;
export const OPEN_TICKETS = sql` and f.kind = 'SUPPORT_TICKET' and f.status in ('OPEN', 'PENDING')`;
export const RATINGS = sql` and f.kind in ('RATING', 'REVIEW') and f.score is not null`;
/** The NPS category of an answer (alias `f`). */
export const NPS_CATEGORY = sql`case when f.score >= 9 then 'PROMOTER' when f.score >= 7 then 'PASSIVE' else 'DETRACTOR' end`;
/** The latest answer decides: by occurred-at, ties by id. */
export const NPS_LATEST_FIRST = sql`f.occurred_at desc, f.id desc`;

/**
 * The mean rating (over `sum(f.score)` and `count(*)` of the rows aggregated, at least one) against a comparison:
 * mean ⋈ v ⇔ sum ⋈ v × n (n > 0), exact in numeric, where a rounded mean would not be.
 */
export function averageRatingTest(r: Comparison): SQL {
  const scaled = (v: Json) => sql`(${decimalText(v)}::numeric * count(*))`;
  return compare(sql`sum(f.score)`, r, scaled, (vs) => sql`array[${sql.join(vs.map(scaled), sql`, `)}]`);
}

function feedback(c: FeedbackCondition): SQL {
  const body = sql`${rowsOf('feedback', 'f')}${inWindow(sql`f.occurred_at`, c.within, ROW_FRAME)}`;
  if (c.nps) {
    const latest = sql`(select ${NPS_CATEGORY} ${body}${NPS_ANSWERS} order by ${NPS_LATEST_FIRST} limit 1)`;
    return sql`coalesce(${latest} = ${c.nps}::text, false)`;
  }
  if (c.openTickets) return countIn(sql`${body}${OPEN_TICKETS}`, c.openTickets);
  const rated = sql`${body}${RATINGS}`;
  const r = c.averageRating!;
  if (r.operator === 'EXISTS') return sql`exists (select 1 ${rated})`;
  return sql`coalesce((select case when count(*) > 0 then ${averageRatingTest(r)} end ${rated}), false)`;
}

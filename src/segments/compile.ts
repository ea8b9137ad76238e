import { sql, type SQL } from 'drizzle-orm';
import { textArray, uuidArray } from '../db/values';
import { normalizeIdentityType } from '../identity/normalize';
import { parseDuration } from './calendar';
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
 * Three rules keep it in step with evaluate.ts (a property test runs both on random data and definitions):
 * - every condition is two-valued: a missing trait, a non-buyer's RFM score, a customer with no ratings are false
 *   (not NULL) under every operator but EXISTS, so `not` is exact complement;
 * - a live profile is its own rows plus those of the profiles merged into it (`customers.merged_into_id`, flat);
 * - windows start at local midnight of (today − duration) in the business time zone (calendar.ts).
 */

export interface CompileOptions {
  /** The instant the segment is evaluated at (clock.now()). */
  now: Date;
  /** BUSINESS_TIMEZONE: windows and relative dates count its calendar days. */
  timeZone: string;
  /** Definitions of the segments named by inSegment; referenced ones are inlined (the statement stays one). */
  segments?: SegmentLookup;
  /** The id of the segment this definition belongs to, so that a reference back to it is a cycle. */
  selfId?: string;
  /** Only these live profile ids (Customer.matches on a page of customers). */
  customerIds?: readonly string[];
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
  const only = options.customerIds ? sql`and c.id = any(${uuidArray(options.customerIds)})` : sql``;
  return sql`select c.id::text as id from customers c
    cross join (select (${options.now.toISOString()}::timestamptz at time zone ${options.timeZone}::text)::date as today, ${options.timeZone}::text as tz) p
    left join customer_metrics cm on cm.customer_id = c.id
    where c.merged_into_id is null ${only} and ${where}`;
}

function predicate(c: SegmentCondition, path: string, ctx: Ctx): SQL {
  if ('and' in c) return sql`(${sql.join(c.and.map((x, i) => predicate(x, joinPath(joinPath(path, 'and'), i), ctx)), sql` and `)})`;
  if ('or' in c) return sql`(${sql.join(c.or.map((x, i) => predicate(x, joinPath(joinPath(path, 'or'), i), ctx)), sql` or `)})`;
  if ('not' in c) return sql`(not ${predicate(c.not, joinPath(path, 'not'), ctx)})`;
  if ('trait' in c) return keyedTest(sql`c.traits`, c.trait);
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

/** `from` the profile's own rows of a table and its merged members', aliased `alias`. */
const rowsOf = (table: string, alias: string) =>
  sql.raw(`from customers m join ${table} ${alias} on ${alias}.customer_id = m.id where (m.id = c.id or m.merged_into_id = c.id)`);

/** Local midnight starting the window, as an instant (sargable against the (customer_id, occurred_at) indexes). */
function windowStart(within: string): SQL {
  const d = parseDuration(within)!;
  return sql`((p.today - make_interval(months => ${d.months}::int, days => ${d.days}::int)) at time zone p.tz)`;
}

const inWindow = (column: SQL, within: string | undefined) => (within ? sql` and ${column} >= ${windowStart(within)}` : sql``);

/** The number of rows `body` (a from-where) yields compared with a count range, counting no further than needed. */
function countIn(body: SQL, range: CountRange): SQL {
  const atLeast = range.atLeast ?? (range.atMost === undefined ? 1 : 0);
  if (range.atMost === undefined) {
    if (atLeast === 0) return sql`true`;
    if (atLeast === 1) return sql`exists (select 1 ${body})`;
    return sql`((select count(*) from (select 1 ${body} limit ${atLeast}::int) x) >= ${atLeast}::int)`;
  }
  return sql`((select count(*) from (select 1 ${body} limit ${range.atMost + 1}::int) x) between ${atLeast}::int and ${range.atMost}::int)`;
}

// ---- comparisons ----------------------------------------------------------------------------------------------

/** A scalar expression compared by operator, with operands rendered by `param` (all bound). Null when expr is. */
function compare(expr: SQL, c: Comparison, param: (v: Json) => SQL, list: (vs: Json[]) => SQL): SQL {
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

const arrayParam = (type: string) => (vs: Json[]) => sql`${`{${vs.map(String).join(',')}}`}::${sql.raw(type)}[]`;
const decimalText = (v: Json) => (typeof v === 'number' ? numberToDecimal(v)! : String(v));
const numericParam = (v: Json) => sql`${decimalText(v)}::numeric`;
const numericList = (vs: Json[]) => arrayParam('numeric')(vs.map(decimalText));

/** A jsonb value read as the JSON type the operand asks for; NULL when it is missing or of another type. */
const asText = (x: SQL) => sql`(case when jsonb_typeof(${x}) = 'string' then ${x} #>> '{}' end)`;
const asNumber = (x: SQL) => sql`(case when jsonb_typeof(${x}) = 'number' then (${x} #>> '{}')::numeric end)`;
const asBoolean = (x: SQL) => sql`(case when jsonb_typeof(${x}) = 'boolean' then (${x} #>> '{}')::boolean end)`;
/** A string starting with YYYY-MM-DD, by that date as written; compared bytewise (collate "C"), as evaluate.ts does. */
const asDate = (x: SQL) =>
  sql`((case when jsonb_typeof(${x}) = 'string' and (${x} #>> '{}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' then left(${x} #>> '{}', 10) end) collate "C")`;

/** A date operand: YYYY-MM-DD as given, or a duration meaning that long before today. */
function dateParam(v: Json): SQL {
  const d = parseDuration(String(v));
  if (!d) return sql`${String(v)}::text`;
  return sql`to_char(p.today - make_interval(months => ${d.months}::int, days => ${d.days}::int), 'YYYY-MM-DD')`;
}

/** An element of a jsonb array equal to the operand (jsonb equality: numbers by value). */
const arrayHas = (x: SQL, v: Json) =>
  sql`exists (select 1 from jsonb_array_elements(case when jsonb_typeof(${x}) = 'array' then ${x} end) el where el = ${JSON.stringify(v)}::jsonb)`;

/** A trait or property (top-level key of a jsonb object) against a validated comparison; never NULL. */
function keyedTest(object: SQL, c: KeyedComparison): SQL {
  const x = sql`(${object} -> ${c.key}::text)`;
  return sql`coalesce(${jsonTest(x, c)}, false)`;
}

function jsonTest(x: SQL, c: Comparison): SQL {
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
      return typeof first === 'number' ? compare(asNumber(x), c, numericParam, numericList) : compare(asDate(x), c, dateParam, () => sql``);
    default:
      if (typeof first === 'number') return compare(asNumber(x), c, numericParam, numericList);
      // Bound as text: postgres.js serialises a parameter it knows to be boolean as `v === true`, so 'true' would be false.
      if (typeof first === 'boolean') return compare(asBoolean(x), c, (b) => sql`${String(b)}::text::boolean`, (vs) => sql`${`{${vs.join(',')}}`}::text::boolean[]`);
      return compare(asText(x), c, (s) => sql`${String(s)}::text`, (vs) => textArray(vs.map(String)));
  }
}

// ---- families -------------------------------------------------------------------------------------------------

function identity(c: IdentityCondition): SQL {
  const type = normalizeIdentityType(c.type);
  // A type without a namespace also matches its namespaced identities: `wechat_openid` finds `wechat_openid:wx1234`.
  const match = type.includes(':') ? sql`i.type = ${type}::text` : sql`(i.type = ${type}::text or starts_with(i.type, ${`${type}:`}::text))`;
  const found = sql`exists (select 1 ${rowsOf('identities', 'i')} and ${match})`;
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
  CHURN_SCORE: 'cm.churn_score',
  CHURN_BAND: 'cm.churn_band',
  P_ALIVE: 'cm.p_alive',
  DAYS_PAST_TYPICAL_GAP: '(cm.recency_days - cm.typical_gap_days)',
  // Whole local days since the first order (0 on its day, and for one stamped in the future), as the lifecycle's NEW
  // rule counts them. greatest() ignores NULL: without the case a non-buyer's missing value would read as 0.
  DAYS_SINCE_FIRST_ORDER: 'case when cm.first_order_at is not null then greatest(0, p.today - (cm.first_order_at at time zone p.tz)::date) end',
};

function metric(c: MetricCondition): SQL {
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

function event(c: EventCondition): SQL {
  const filters: SQL[] = [];
  if (c.name !== undefined) filters.push(sql` and e.name = ${c.name}::text`);
  if (c.type !== undefined) filters.push(sql` and e.type = ${c.type.toLowerCase()}::text`);
  filters.push(inWindow(sql`e.occurred_at`, c.within));
  for (const w of c.where ?? []) filters.push(sql` and ${keyedTest(sql`e.properties`, w)}`);
  return countIn(sql`${rowsOf('events', 'e')}${sql.join(filters)}`, c);
}

/**
 * An order's net revenue in the reporting currency, as the computed fields count it (metrics.repo.ts): its total
 * minus its refunds (found by source and order id), never below zero. A refund without an amount is the whole order;
 * one in another currency carries its converted amount; one in the order's currency takes the same share.
 */
const NET = sql.raw(`greatest(o.total_reporting - coalesce((
    select sum(case when r.amount is null then o.total_reporting
                    when r.amount_reporting is not null then r.amount_reporting
                    when o.total = 0 then 0
                    else round(r.amount * o.total_reporting / o.total, 4) end)
    from refunds r where r.source_id = o.source_id and r.order_id = o.order_id), 0), 0)`);

function order(c: OrderCondition): SQL {
  const filters: SQL[] = [inWindow(sql`o.occurred_at`, c.within)];
  if (c.product) {
    const line = sql.join(c.product.map((p) => keyedTest(sql`pr`, p)), sql` and `);
    filters.push(sql` and exists (select 1 from jsonb_array_elements(case when jsonb_typeof(o.products) = 'array' then o.products end) pr where ${line})`);
  }
  const body = sql`${rowsOf('orders', 'o')}${sql.join(filters)}`;
  if (!c.netRevenue) return countIn(body, c);
  return sql`coalesce(${compare(sql`coalesce((select sum(${NET}) ${body}), 0)`, c.netRevenue, numericParam, numericList)}, false)`;
}

function feedback(c: FeedbackCondition): SQL {
  const body = sql`${rowsOf('feedback', 'f')}${inWindow(sql`f.occurred_at`, c.within)}`;
  if (c.nps) {
    // The customer's category is their latest answer's (ties by id).
    const latest = sql`(select case when f.score >= 9 then 'PROMOTER' when f.score >= 7 then 'PASSIVE' else 'DETRACTOR' end
      ${body} and f.kind = 'NPS' and f.score is not null order by f.occurred_at desc, f.id desc limit 1)`;
    return sql`coalesce(${latest} = ${c.nps}::text, false)`;
  }
  if (c.openTickets) return countIn(sql`${body} and f.kind = 'SUPPORT_TICKET' and f.status in ('OPEN', 'PENDING')`, c.openTickets);
  const rated = sql`${body} and f.kind in ('RATING', 'REVIEW') and f.score is not null`;
  const r = c.averageRating!;
  if (r.operator === 'EXISTS') return sql`exists (select 1 ${rated})`;
  // mean ⋈ v  ⇔  sum ⋈ v × n (n > 0): exact in numeric, where a rounded mean would not be.
  const scaled = (v: Json) => sql`(${decimalText(v)}::numeric * count(*))`;
  const test = compare(sql`sum(f.score)`, r, scaled, (vs) => sql`array[${sql.join(vs.map(scaled), sql`, `)}]`);
  return sql`coalesce((select case when count(*) > 0 then ${test} end ${rated}), false)`;
}

import { normalizeIdentityType } from '../identity/normalize';
import { localDate, minusDuration, parseDuration } from './calendar';
import { compareDecimals, decimal, numberToDecimal, sumDecimals, timesInteger, type Decimal } from './decimal';
import {
  checkReferences, joinPath, METRICS, noSegments, resolveReference, type Comparison, type CountRange, type EventCondition, type FeedbackCondition,
  type IdentityCondition, type Json, type KeyedComparison, type MetricCondition, type MetricField, type OrderCondition,
  type SegmentCondition, type SegmentLookup,
} from './definition';

/*
 * The same definition evaluated against one customer's loaded data, for `matches`-style checks of one profile and
 * the per-ingest re-evaluation. Pure. It follows compile.ts rule for rule (see the rules there); the property test
 * test/integration/segments-agreement.test.ts checks both on random data.
 */

/** Everything a definition can read about one live profile: its own rows and those of the profiles merged into it. */
export interface CustomerFacts {
  traits: Readonly<Record<string, unknown>>;
  /** Identity types, as stored (normalised). */
  identityTypes: readonly string[];
  /** The stored computed fields; null when the profile has not been scored (reads as PROSPECT / NONE). */
  metrics: MetricsFacts | null;
  events: readonly { type: string; name: string | null; occurredAt: Date; properties: Readonly<Record<string, unknown>> }[];
  /** `netRevenue`: the order's total in the reporting currency minus its refunds, never below zero (decimal string). */
  orders: readonly { occurredAt: Date; netRevenue: string; products: readonly unknown[] }[];
  /** `score` as the numeric column's text; `id` orders answers given at the same instant. */
  feedback: readonly { id: string; kind: string; score: string | null; status: string | null; occurredAt: Date }[];
}

/** The `customer_metrics` row, as metrics.repo reads it (decimals as strings). */
export interface MetricsFacts {
  r: number | null;
  f: number | null;
  m: number | null;
  rfmCell: string | null;
  rfmTier: string;
  lifecycleStage: string;
  aiplStage: string;
  recencyDays: number | null;
  frequency: number | null;
  monetary: string | null;
  historicalLtv: string;
  predictedLtv12m: string | null;
  churnScore: number | null;
  churnBand: string | null;
  pAlive: number | null;
  typicalGapDays: number | null;
  firstOrderAt: Date | null;
}

export interface EvaluateOptions {
  now: Date;
  timeZone: string;
  /** The stored predicted-LTV decile cut points (rfm_cut_points.ltv_decile_cuts); without them LTV_DECILE is missing. */
  ltvDecileCuts?: readonly string[] | null;
  segments?: SegmentLookup;
  selfId?: string;
}

interface Ctx {
  facts: CustomerFacts;
  /** Today's local date, YYYY-MM-DD. */
  today: string;
  timeZone: string;
  ltvDecileCuts: readonly string[] | null;
  lookup: SegmentLookup;
  stack: readonly string[];
  rootPath: string | null;
  /** Local dates of instants, memoised: windows compare them for every row. */
  dates: Map<number, string>;
}

export function evaluateDefinition(definition: SegmentCondition, facts: CustomerFacts, options: EvaluateOptions): boolean {
  // Checked up front, as compiling does: `or` short-circuits, and a bad reference must not depend on the data.
  checkReferences(definition, options.segments ?? noSegments, options.selfId);
  const ctx: Ctx = {
    facts,
    today: localDate(options.now, options.timeZone),
    timeZone: options.timeZone,
    ltvDecileCuts: options.ltvDecileCuts ?? null,
    lookup: options.segments ?? noSegments,
    stack: options.selfId ? [options.selfId] : [],
    rootPath: null,
    dates: new Map(),
  };
  return holds(definition, '', ctx);
}

function holds(c: SegmentCondition, path: string, ctx: Ctx): boolean {
  if ('and' in c) return c.and.every((x, i) => holds(x, joinPath(joinPath(path, 'and'), i), ctx));
  if ('or' in c) return c.or.some((x, i) => holds(x, joinPath(joinPath(path, 'or'), i), ctx));
  if ('not' in c) return !holds(c.not, joinPath(path, 'not'), ctx);
  if ('trait' in c) return keyedTest(ctx.facts.traits, c.trait, ctx);
  if ('identity' in c) return identity(c.identity, ctx.facts.identityTypes);
  if ('metric' in c) return metric(c.metric, ctx.facts.metrics, ctx);
  if ('event' in c) return event(c.event, ctx);
  if ('order' in c) return order(c.order, ctx);
  if ('feedback' in c) return feedback(c.feedback, ctx);
  const at = joinPath(path, 'inSegment');
  const referenced = resolveReference(c.inSegment, at, ctx.stack, ctx.lookup, ctx.rootPath);
  return holds(referenced, '', { ...ctx, stack: [...ctx.stack, c.inSegment], rootPath: ctx.rootPath ?? at });
}

// ---- windows and counts ---------------------------------------------------------------------------------------

function inWindow(at: Date, within: string | undefined, ctx: Ctx): boolean {
  if (!within) return true;
  let date = ctx.dates.get(at.getTime());
  if (date === undefined) {
    date = localDate(at, ctx.timeZone);
    ctx.dates.set(at.getTime(), date);
  }
  return date >= minusDuration(ctx.today, parseDuration(within)!);
}

function countIn(n: number, range: CountRange): boolean {
  const atLeast = range.atLeast ?? (range.atMost === undefined ? 1 : 0);
  return n >= atLeast && (range.atMost === undefined || n <= range.atMost);
}

// ---- comparisons ----------------------------------------------------------------------------------------------

/** `cmp(actual, operand)` < 0, 0, > 0 — the order of the value type. */
type Order<T> = (a: T, b: T) => number;

function compare<T>(actual: T | null, c: Comparison, operand: (v: Json) => T, cmp: Order<T>): boolean {
  if (c.operator === 'EXISTS') return actual !== null;
  if (actual === null) return false;
  const v = c.value as Json;
  switch (c.operator) {
    case 'EQ': return cmp(actual, operand(v)) === 0;
    case 'NEQ': return cmp(actual, operand(v)) !== 0;
    case 'GT': return cmp(actual, operand(v)) > 0;
    case 'GTE': return cmp(actual, operand(v)) >= 0;
    case 'LT': return cmp(actual, operand(v)) < 0;
    case 'LTE': return cmp(actual, operand(v)) <= 0;
    case 'BETWEEN': return cmp(actual, operand(c.values![0])) >= 0 && cmp(actual, operand(c.values![1])) <= 0;
    case 'IN': return c.values!.some((x) => cmp(actual, operand(x)) === 0);
    case 'NOT_IN': return c.values!.every((x) => cmp(actual, operand(x)) !== 0);
    default: throw new Error(`compare: ${c.operator} is not a scalar comparison`);
  }
}

const byValue = <T extends number | string>(a: T, b: T) => (a < b ? -1 : a > b ? 1 : 0);
const toDecimal = (v: Json): Decimal => decimal(typeof v === 'number' ? numberToDecimal(v)! : String(v));
const DATE_PREFIX = /^[0-9]{4}-[0-9]{2}-[0-9]{2}/;

function keyedTest(object: unknown, c: KeyedComparison, ctx: Ctx): boolean {
  const isObject = typeof object === 'object' && object !== null && !Array.isArray(object);
  const x = isObject && Object.hasOwn(object, c.key) ? (object as Record<string, unknown>)[c.key] : undefined;
  return jsonTest(x, c, ctx);
}

const arrayHas = (x: unknown, v: Json) => Array.isArray(x) && x.some((el) => el === v);

function jsonTest(x: unknown, c: Comparison, ctx: Ctx): boolean {
  const v = c.value as Json;
  const first = (c.values ?? [v])[0];
  const number = typeof x === 'number' ? x : null;
  switch (c.operator) {
    case 'EXISTS':
      return x !== undefined && x !== null;
    case 'STARTS_WITH':
      return typeof x === 'string' && x.startsWith(String(v));
    case 'CONTAINS':
      return (typeof v === 'string' && typeof x === 'string' && x.includes(v)) || arrayHas(x, v);
    case 'GT': case 'GTE': case 'LT': case 'LTE': case 'BETWEEN':
      if (typeof first === 'number') return compare(number, c, Number, byValue);
      return compare(
        typeof x === 'string' && DATE_PREFIX.test(x) ? x.slice(0, 10) : null,
        c,
        (d) => {
          const duration = parseDuration(String(d));
          return duration ? minusDuration(ctx.today, duration) : String(d);
        },
        byValue,
      );
    default:
      if (typeof first === 'number') return compare(number, c, Number, byValue);
      if (typeof first === 'boolean') return compare(typeof x === 'boolean' ? Number(x) : null, c, Number, byValue);
      return compare(typeof x === 'string' ? x : null, c, String, byValue);
  }
}

// ---- families -------------------------------------------------------------------------------------------------

function identity(c: IdentityCondition, types: readonly string[]): boolean {
  const type = normalizeIdentityType(c.type);
  const found = types.some((t) => t === type || (!type.includes(':') && t.startsWith(`${type}:`)));
  return c.has === false ? !found : found;
}

/** Whole days from one YYYY-MM-DD to another (calendar days, no time zone left). */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

function metricValue(field: MetricField, m: MetricsFacts | null, ctx: Pick<Ctx, 'today' | 'timeZone' | 'ltvDecileCuts'>): number | string | null {
  const { today, timeZone } = ctx;
  switch (field) {
    case 'RFM_R': return m?.r ?? null;
    case 'RFM_F': return m?.f ?? null;
    case 'RFM_M': return m?.m ?? null;
    case 'RFM_CELL': return m?.rfmCell ?? null;
    case 'RFM_TIER': return m?.rfmTier ?? 'NONE';
    case 'RECENCY_DAYS': return m?.recencyDays ?? null;
    case 'FREQUENCY': return m?.frequency ?? null;
    case 'MONETARY': return m?.monetary ?? null;
    case 'LIFECYCLE_STAGE': return m?.lifecycleStage ?? 'PROSPECT';
    case 'AIPL_STAGE': return m?.aiplStage ?? 'NONE';
    case 'HISTORICAL_LTV': return m?.historicalLtv ?? '0';
    case 'PREDICTED_LTV_12M': return m?.predictedLtv12m ?? null;
    case 'LTV_DECILE': {
      const value = m?.predictedLtv12m;
      if (value === null || value === undefined || !ctx.ltvDecileCuts) return null;
      return 1 + ctx.ltvDecileCuts.filter((cut) => compareDecimals(decimal(value), decimal(cut)) > 0).length;
    }
    case 'CHURN_SCORE': return m?.churnScore ?? null;
    case 'CHURN_BAND': return m?.churnBand ?? null;
    case 'P_ALIVE': return m?.pAlive ?? null;
    case 'DAYS_PAST_TYPICAL_GAP': return m && m.recencyDays !== null && m.typicalGapDays !== null ? m.recencyDays - m.typicalGapDays : null;
    case 'DAYS_SINCE_FIRST_ORDER': return m?.firstOrderAt ? Math.max(0, daysBetween(localDate(m.firstOrderAt, timeZone), today)) : null;
  }
}

function metric(c: MetricCondition, m: MetricsFacts | null, ctx: Ctx): boolean {
  const value = metricValue(c.field, m, ctx);
  switch (METRICS[c.field].kind) {
    case 'decimal':
      return compare(value === null ? null : decimal(String(value)), c, toDecimal, compareDecimals);
    case 'enum':
      return compare(value as string | null, c, String, byValue);
    default:
      return compare(value as number | null, c, Number, byValue);
  }
}

function event(c: EventCondition, ctx: Ctx): boolean {
  const type = c.type?.toLowerCase();
  const n = ctx.facts.events.filter(
    (e) =>
      (c.name === undefined || e.name === c.name) &&
      (type === undefined || e.type === type) &&
      inWindow(e.occurredAt, c.within, ctx) &&
      (c.where ?? []).every((w) => keyedTest(e.properties, w, ctx)),
  ).length;
  return countIn(n, c);
}

function order(c: OrderCondition, ctx: Ctx): boolean {
  const counted = ctx.facts.orders.filter(
    (o) =>
      inWindow(o.occurredAt, c.within, ctx) &&
      (!c.product || o.products.some((line) => c.product!.every((p) => keyedTest(line, p, ctx)))),
  );
  if (!c.netRevenue) return countIn(counted.length, c);
  return compare(sumDecimals(counted.map((o) => decimal(o.netRevenue))), c.netRevenue, toDecimal, compareDecimals);
}

const NINE = decimal('9');
const SEVEN = decimal('7');

function feedback(c: FeedbackCondition, ctx: Ctx): boolean {
  const rows = ctx.facts.feedback.filter((f) => inWindow(f.occurredAt, c.within, ctx));
  if (c.nps) {
    const answers = rows.filter((f) => f.kind === 'NPS' && f.score !== null);
    if (!answers.length) return false;
    const latest = answers.reduce((a, b) => {
      const t = a.occurredAt.getTime() - b.occurredAt.getTime();
      return t > 0 || (t === 0 && a.id > b.id) ? a : b;
    });
    const score = decimal(latest.score!);
    const category = compareDecimals(score, NINE) >= 0 ? 'PROMOTER' : compareDecimals(score, SEVEN) >= 0 ? 'PASSIVE' : 'DETRACTOR';
    return category === c.nps;
  }
  if (c.openTickets) return countIn(rows.filter((f) => f.kind === 'SUPPORT_TICKET' && (f.status === 'OPEN' || f.status === 'PENDING')).length, c.openTickets);
  const scores = rows.filter((f) => (f.kind === 'RATING' || f.kind === 'REVIEW') && f.score !== null).map((f) => decimal(f.score!));
  const r = c.averageRating!;
  if (r.operator === 'EXISTS') return scores.length > 0;
  if (!scores.length) return false;
  // mean ⋈ v  ⇔  sum ⋈ v × n, exactly (as compile.ts does).
  return compare(sumDecimals(scores), r, (v) => timesInteger(toDecimal(v), scores.length), compareDecimals);
}

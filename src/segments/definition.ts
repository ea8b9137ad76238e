/*
 * The segment definition language (issue 5 §1), as the plain JSON that is stored, returned and re-validated. The
 * GraphQL input tree (segment.input.ts) has exactly these field names and enum values, so a definition sent through
 * the API and the JSON stored for it are the same document. Pure: no GraphQL, no SQL.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const OPERATORS = ['EQ', 'NEQ', 'IN', 'NOT_IN', 'CONTAINS', 'STARTS_WITH', 'GT', 'GTE', 'LT', 'LTE', 'BETWEEN', 'EXISTS'] as const;
export type Operator = (typeof OPERATORS)[number];

/**
 * A comparison of one value. `value` is the operand of EQ NEQ CONTAINS STARTS_WITH GT GTE LT LTE; `values` the list
 * of IN and NOT_IN (1 to MAX_LIST_VALUES) and the inclusive bounds `[low, high]` of BETWEEN; EXISTS takes neither.
 */
export interface Comparison {
  operator: Operator;
  value?: Json;
  values?: Json[];
}

/** A trait (`customers.traits`) or a property (of an event, or of an order's product line), by top-level key. */
export interface KeyedComparison extends Comparison {
  key: string;
}

export interface IdentityCondition {
  /** `email`, `user_id`, `wechat_openid` (any namespace) or `wechat_openid:wx1234` (that one). */
  type: string;
  /** false: has no identity of that type. Default true. */
  has?: boolean;
}

export const RFM_CELLS = [
  'CHAMPIONS', 'LOYAL_CUSTOMERS', 'POTENTIAL_LOYALISTS', 'NEW_CUSTOMERS', 'PROMISING', 'NEED_ATTENTION', 'ABOUT_TO_SLEEP',
  'AT_RISK', 'CANT_LOSE_THEM', 'HIBERNATING',
] as const;
export const RFM_TIERS = ['HIGH', 'MEDIUM', 'LOW', 'NONE'] as const;
export const LIFECYCLE_STAGES = ['PROSPECT', 'NEW', 'REACTIVATED', 'ACTIVE', 'AT_RISK', 'DORMANT', 'CHURNED'] as const;
export const AIPL_STAGES = ['NONE', 'AWARENESS', 'INTEREST', 'PURCHASE', 'LOYALTY'] as const;
/** The churn model's bands (issue 4 §3). */
export const CHURN_BANDS = ['LOW', 'MEDIUM', 'HIGH'] as const;

/**
 * What a metric holds, which decides the operators and operands it takes:
 * - `score`: an integer 1–5; `count`: a whole number; `decimal`: exact money (a decimal string or a JSON number);
 * - `number`: a float (probabilities, scores, days with fractions); `enum`: one of `values`.
 * `nullable` metrics are missing (every comparison but EXISTS is false) until computed; the others always exist.
 */
export type MetricKind =
  | { kind: 'score' | 'count' | 'decimal' | 'number'; nullable: boolean }
  | { kind: 'enum'; nullable: boolean; values: readonly string[] };

export const METRICS = {
  RFM_R: { kind: 'score', nullable: true },
  RFM_F: { kind: 'score', nullable: true },
  RFM_M: { kind: 'score', nullable: true },
  RFM_CELL: { kind: 'enum', nullable: true, values: RFM_CELLS },
  RFM_TIER: { kind: 'enum', nullable: false, values: RFM_TIERS },
  RECENCY_DAYS: { kind: 'count', nullable: true },
  FREQUENCY: { kind: 'count', nullable: true },
  MONETARY: { kind: 'decimal', nullable: true },
  LIFECYCLE_STAGE: { kind: 'enum', nullable: false, values: LIFECYCLE_STAGES },
  AIPL_STAGE: { kind: 'enum', nullable: false, values: AIPL_STAGES },
  HISTORICAL_LTV: { kind: 'decimal', nullable: false },
  PREDICTED_LTV_12M: { kind: 'decimal', nullable: true },
  LTV_DECILE: { kind: 'count', nullable: true },
  CHURN_SCORE: { kind: 'number', nullable: true },
  CHURN_BAND: { kind: 'enum', nullable: true, values: CHURN_BANDS },
  P_ALIVE: { kind: 'number', nullable: true },
  DAYS_PAST_TYPICAL_GAP: { kind: 'number', nullable: true },
  DAYS_SINCE_FIRST_ORDER: { kind: 'count', nullable: true },
} as const satisfies Record<string, MetricKind>;
export type MetricField = keyof typeof METRICS;
export const METRIC_FIELDS = Object.keys(METRICS) as MetricField[];

export interface MetricCondition extends Comparison {
  field: MetricField;
}

/** Event types as the GraphQL enum names them (stored lower-case in `events.type`). */
export const EVENT_TYPES = ['TRACK', 'PAGE', 'SCREEN', 'IDENTIFY', 'GROUP', 'ALIAS'] as const;
export type SegmentEventType = (typeof EVENT_TYPES)[number];

/** How many times: both bounds inclusive; neither given means at least once. */
export interface CountRange {
  atLeast?: number;
  atMost?: number;
}

export interface EventCondition extends CountRange {
  name?: string;
  type?: SegmentEventType;
  /** ISO 8601 duration: events on the last N local days (today = day 0). Absent: all time. */
  within?: string;
  /** Every condition must hold on the same event. */
  where?: KeyedComparison[];
}

export interface OrderCondition extends CountRange {
  within?: string;
  /** Only orders with a product line on which every condition holds (Segment `products[]`: product_id, sku, category, …). */
  product?: KeyedComparison[];
  /** Net revenue (refunds deducted) of the orders counted, compared; instead of atLeast / atMost. */
  netRevenue?: Comparison;
}

export const NPS_CATEGORIES = ['PROMOTER', 'PASSIVE', 'DETRACTOR'] as const;
export type NpsCategory = (typeof NPS_CATEGORIES)[number];

export interface FeedbackCondition {
  within?: string;
  /** The category of the latest NPS answer. */
  nps?: NpsCategory;
  /** The mean score of ratings and reviews. */
  averageRating?: Comparison;
  /** Support tickets that are OPEN or PENDING. */
  openTickets?: CountRange;
}

export const CONDITION_KINDS = ['and', 'or', 'not', 'trait', 'identity', 'metric', 'event', 'order', 'feedback', 'inSegment'] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

export type SegmentCondition =
  | { and: SegmentCondition[] }
  | { or: SegmentCondition[] }
  | { not: SegmentCondition }
  | { trait: KeyedComparison }
  | { identity: IdentityCondition }
  | { metric: MetricCondition }
  | { event: EventCondition }
  | { order: OrderCondition }
  | { feedback: FeedbackCondition }
  | { inSegment: string };

/** Limits that keep one definition one reasonable SQL statement. */
export const LIMITS = {
  nodes: 200,
  /** Conditions once every inSegment reference is inlined (a diamond of references would otherwise grow exponentially). */
  expandedNodes: 2000,
  depth: 16,
  listValues: 1000,
  keyedConditions: 20,
  stringLength: 1000,
  nameLength: 200,
  count: 1_000_000_000,
} as const;

/** Definitions of other segments, for `inSegment`: null when there is no such segment. */
export type SegmentLookup = (id: string) => SegmentCondition | null;

export const noSegments: SegmentLookup = () => null;

/**
 * A definition refused: BAD_USER_INPUT (malformed, or a cycle of inSegment references) or NOT_FOUND (inSegment names
 * no segment). `field` is the path of the node at fault from the definition's root (`and.1.event.within`; '' for the
 * root itself). The API layer maps it onto its DomainError.
 */
export class DefinitionError extends Error {
  constructor(
    readonly code: 'BAD_USER_INPUT' | 'NOT_FOUND',
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'DefinitionError';
  }
}

export const joinPath = (path: string, part: string | number) => (path === '' ? String(part) : `${path}.${part}`);

/**
 * The definition an inSegment node names, given the ids of the segments being expanded above it (`stack`). A reference
 * to an unknown id is NOT_FOUND, one back onto the stack a cycle (BAD_USER_INPUT); both are reported at the path of the
 * root definition's inSegment node that leads there (`rootPath`, or `path` at the root itself).
 */
export function resolveReference(id: string, path: string, stack: readonly string[], lookup: SegmentLookup, rootPath: string | null): SegmentCondition {
  const at = rootPath ?? path;
  if (stack.includes(id)) {
    throw new DefinitionError('BAD_USER_INPUT', at, `inSegment references form a cycle: ${[...stack.slice(stack.indexOf(id)), id].join(' → ')}`);
  }
  const found = lookup(id);
  if (!found) {
    const via = stack.length ? ` (referenced by segment ${stack[stack.length - 1]})` : '';
    throw new DefinitionError('NOT_FOUND', at, `segment ${id}${via} not found`);
  }
  return found;
}

/** Every condition node of a definition (not following inSegment), with its path. */
export function forEachCondition(c: SegmentCondition, visit: (node: SegmentCondition, path: string) => void, path = ''): void {
  visit(c, path);
  if ('and' in c) c.and.forEach((x, i) => forEachCondition(x, visit, joinPath(joinPath(path, 'and'), i)));
  else if ('or' in c) c.or.forEach((x, i) => forEachCondition(x, visit, joinPath(joinPath(path, 'or'), i)));
  else if ('not' in c) forEachCondition(c.not, visit, joinPath(path, 'not'));
}

/**
 * Check the inSegment references of a definition before it is compiled or stored: every referenced segment exists, no
 * chain of references comes back (to `selfId`, the segment being defined, or to any segment on the chain), and the
 * definition with every reference inlined stays within LIMITS.expandedNodes.
 */
export function checkReferences(definition: SegmentCondition, lookup: SegmentLookup, selfId?: string): void {
  let nodes = 0;
  const walk = (c: SegmentCondition, stack: readonly string[], rootPath: string | null) =>
    forEachCondition(c, (node, path) => {
      if (++nodes > LIMITS.expandedNodes) {
        throw new DefinitionError('BAD_USER_INPUT', rootPath ?? path, `with its inSegment references inlined the definition exceeds ${LIMITS.expandedNodes} conditions`);
      }
      if (!('inSegment' in node)) return;
      const at = joinPath(path, 'inSegment');
      const referenced = resolveReference(node.inSegment, at, stack, lookup, rootPath);
      walk(referenced, [...stack, node.inSegment], rootPath ?? at);
    });
  walk(definition, selfId ? [selfId] : [], null);
}

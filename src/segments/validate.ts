import { parseIdentityType } from '../identity/normalize';
import { approximateDays, isCalendarDate, MAX_DURATION_DAYS, parseDuration } from './calendar';
import { compareDecimals, numberToDecimal, parseDecimal } from './decimal';
import {
  CONDITION_KINDS, DefinitionError, EVENT_TYPES, joinPath, LIMITS, METRICS, NPS_CATEGORIES, OPERATORS, type Comparison, type CountRange,
  type EventCondition, type FeedbackCondition, type IdentityCondition, type Json, type KeyedComparison, type MetricCondition,
  type MetricField, type Operator, type OrderCondition, type SegmentCondition,
} from './definition';

/*
 * One validator for both forms of a definition: the GraphQL input (class instances, unset fields null or undefined)
 * and the stored JSON (re-validated on every read of a stored definition, since the rules may have tightened). It
 * returns the canonical JSON: the same field names and enum values as the input, unset fields left out, so what is
 * stored is what was sent. Paths are from the definition's root: `and.1.event.within`.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Operands of traits and properties are typed by their JSON type; see README "Segments (definition language)". */
type OperandKind = 'json' | 'score' | 'count' | 'decimal' | 'number' | { values: readonly string[] };

const NUMERIC_OPERATORS: readonly Operator[] = ['EQ', 'NEQ', 'IN', 'NOT_IN', 'GT', 'GTE', 'LT', 'LTE', 'BETWEEN', 'EXISTS'];
const ENUM_OPERATORS: readonly Operator[] = ['EQ', 'NEQ', 'IN', 'NOT_IN', 'EXISTS'];
const ORDERING: readonly Operator[] = ['GT', 'GTE', 'LT', 'LTE', 'BETWEEN'];

const fail = (field: string, message: string): never => {
  throw new DefinitionError('BAD_USER_INPUT', field, message);
};

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const present = (x: unknown) => x !== undefined && x !== null;

/** The set fields of an input object; an unknown field is refused (only the stored JSON form can carry one). */
function fieldsOf(input: unknown, path: string, allowed: readonly string[], what: string): Record<string, unknown> {
  if (!isRecord(input)) fail(path, `${what} must be an object`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (!present(value)) continue;
    if (!allowed.includes(key)) fail(joinPath(path, key), `unknown field ${key} in ${what} (fields: ${allowed.join(', ')})`);
    out[key] = value;
  }
  return out;
}

export function validateDefinition(input: unknown): SegmentCondition {
  const state = { nodes: 0 };
  return condition(input, '', 0, state);
}

function condition(input: unknown, path: string, depth: number, state: { nodes: number }): SegmentCondition {
  if (++state.nodes > LIMITS.nodes) fail(path, `a definition has at most ${LIMITS.nodes} conditions`);
  if (depth > LIMITS.depth) fail(path, `conditions nest at most ${LIMITS.depth} deep`);
  if (!isRecord(input)) fail(path, `a condition must be an object with exactly one of ${CONDITION_KINDS.join(', ')}`);
  const set = fieldsOf(input, path, CONDITION_KINDS, 'a condition');
  const kinds = Object.keys(set);
  if (kinds.length !== 1) {
    fail(path, `a condition sets exactly one of ${CONDITION_KINDS.join(', ')}; ${kinds.length ? `got ${kinds.join(', ')}` : 'got none'}`);
  }
  const kind = kinds[0];
  const value = set[kind];
  const at = joinPath(path, kind);
  switch (kind) {
    case 'and':
    case 'or': {
      if (!Array.isArray(value)) return fail(at, `${kind} takes a list of conditions`);
      if (value.length === 0) fail(at, `${kind} needs at least one condition`);
      const list = value.map((c, i) => condition(c, joinPath(at, i), depth + 1, state));
      return kind === 'and' ? { and: list } : { or: list };
    }
    case 'not':
      return { not: condition(value, at, depth + 1, state) };
    case 'trait':
      return { trait: keyed(value, at, 'a trait condition') };
    case 'identity':
      return { identity: identity(value, at) };
    case 'metric':
      return { metric: metric(value, at) };
    case 'event':
      return { event: event(value, at) };
    case 'order':
      return { order: order(value, at) };
    case 'feedback':
      return { feedback: feedback(value, at) };
    default: {
      if (typeof value !== 'string' || !UUID.test(value)) fail(at, 'inSegment must be a segment id (UUID)');
      return { inSegment: value as string };
    }
  }
}

function text(value: unknown, path: string, max: number, what: string): string {
  if (typeof value !== 'string' || value.length === 0) return fail(path, `${what} must be a non-empty string`);
  if (value.length > max) fail(path, `${what} is at most ${max} characters`);
  return value;
}

function whole(value: unknown, path: string, min: number, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return fail(path, `${what} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function window(value: unknown, path: string): string {
  const duration = typeof value === 'string' ? parseDuration(value) : null;
  if (!duration) {
    return fail(path, 'within must be an ISO 8601 duration in whole days, weeks, months or years, e.g. P30D, P2W, P3M, P1Y (windows count local calendar days)');
  }
  if (approximateDays(duration) > MAX_DURATION_DAYS) fail(path, 'within spans at most 100 years');
  return value as string;
}

function counts(set: Record<string, unknown>, path: string): CountRange {
  const out: CountRange = {};
  if ('atLeast' in set) out.atLeast = whole(set.atLeast, joinPath(path, 'atLeast'), 0, LIMITS.count, 'atLeast');
  if ('atMost' in set) out.atMost = whole(set.atMost, joinPath(path, 'atMost'), 0, LIMITS.count, 'atMost');
  if (out.atLeast !== undefined && out.atMost !== undefined && out.atLeast > out.atMost) fail(joinPath(path, 'atMost'), 'atMost must not be below atLeast');
  return out;
}

function keyedList(value: unknown, path: string, what: string): KeyedComparison[] {
  if (!Array.isArray(value)) return fail(path, `${what} takes a list of property conditions`);
  if (value.length === 0) fail(path, `${what} needs at least one property condition (or leave it out)`);
  if (value.length > LIMITS.keyedConditions) fail(path, `${what} takes at most ${LIMITS.keyedConditions} property conditions`);
  return value.map((c, i) => keyed(c, joinPath(path, i), 'a property condition'));
}

function keyed(input: unknown, path: string, what: string): KeyedComparison {
  const set = fieldsOf(input, path, ['key', 'operator', 'value', 'values'], what);
  if (!('key' in set)) fail(joinPath(path, 'key'), 'key is required');
  const key = text(set.key, joinPath(path, 'key'), LIMITS.nameLength, 'key');
  return { key, ...comparison(set, path, 'json') };
}

function identity(input: unknown, path: string): IdentityCondition {
  const set = fieldsOf(input, path, ['type', 'has'], 'an identity condition');
  if (!('type' in set)) fail(joinPath(path, 'type'), 'type is required');
  const type = text(set.type, joinPath(path, 'type'), LIMITS.nameLength, 'type');
  if (!parseIdentityType(type)) fail(joinPath(path, 'type'), 'type must be an identity type such as email, user_id or wechat_openid:wx1234');
  if ('has' in set && typeof set.has !== 'boolean') fail(joinPath(path, 'has'), 'has must be true or false');
  return 'has' in set ? { type, has: set.has as boolean } : { type };
}

function metric(input: unknown, path: string): MetricCondition {
  const set = fieldsOf(input, path, ['field', 'operator', 'value', 'values'], 'a metric condition');
  if (typeof set.field !== 'string' || !(set.field in METRICS)) {
    return fail(joinPath(path, 'field'), `field must be one of ${Object.keys(METRICS).join(', ')}`);
  }
  const field = set.field as MetricField;
  const spec = METRICS[field];
  return { field, ...comparison(set, path, spec.kind === 'enum' ? { values: spec.values } : spec.kind) };
}

function event(input: unknown, path: string): EventCondition {
  const set = fieldsOf(input, path, ['name', 'type', 'within', 'atLeast', 'atMost', 'where'], 'an event condition');
  const out: EventCondition = {};
  if ('name' in set) out.name = text(set.name, joinPath(path, 'name'), LIMITS.nameLength, 'name');
  if ('type' in set) {
    if (!EVENT_TYPES.includes(set.type as never)) fail(joinPath(path, 'type'), `type must be one of ${EVENT_TYPES.join(', ')}`);
    out.type = set.type as EventCondition['type'];
  }
  if ('within' in set) out.within = window(set.within, joinPath(path, 'within'));
  Object.assign(out, counts(set, path));
  if ('where' in set) out.where = keyedList(set.where, joinPath(path, 'where'), 'where');
  return out;
}

function order(input: unknown, path: string): OrderCondition {
  const set = fieldsOf(input, path, ['within', 'product', 'atLeast', 'atMost', 'netRevenue'], 'an order condition');
  if ('netRevenue' in set && ('atLeast' in set || 'atMost' in set)) {
    fail(joinPath(path, 'netRevenue'), 'an order condition compares either the number of orders (atLeast / atMost) or netRevenue, not both');
  }
  const out: OrderCondition = {};
  if ('within' in set) out.within = window(set.within, joinPath(path, 'within'));
  if ('product' in set) out.product = keyedList(set.product, joinPath(path, 'product'), 'product');
  Object.assign(out, counts(set, path));
  if ('netRevenue' in set) {
    const at = joinPath(path, 'netRevenue');
    const c = comparison(fieldsOf(set.netRevenue, at, ['operator', 'value', 'values'], 'netRevenue'), at, 'decimal');
    if (c.operator === 'EXISTS') fail(joinPath(at, 'operator'), 'net revenue always exists (0 without orders): compare it instead');
    out.netRevenue = c;
  }
  return out;
}

function feedback(input: unknown, path: string): FeedbackCondition {
  const set = fieldsOf(input, path, ['within', 'nps', 'averageRating', 'openTickets'], 'a feedback condition');
  const measures = ['nps', 'averageRating', 'openTickets'].filter((k) => k in set);
  if (measures.length !== 1) fail(path, `a feedback condition sets exactly one of nps, averageRating, openTickets; got ${measures.join(', ') || 'none'}`);
  const out: FeedbackCondition = {};
  if ('within' in set) out.within = window(set.within, joinPath(path, 'within'));
  if ('nps' in set) {
    if (!NPS_CATEGORIES.includes(set.nps as never)) fail(joinPath(path, 'nps'), `nps must be one of ${NPS_CATEGORIES.join(', ')}`);
    out.nps = set.nps as FeedbackCondition['nps'];
  }
  if ('averageRating' in set) {
    const at = joinPath(path, 'averageRating');
    out.averageRating = comparison(fieldsOf(set.averageRating, at, ['operator', 'value', 'values'], 'averageRating'), at, 'decimal');
  }
  if ('openTickets' in set) {
    const at = joinPath(path, 'openTickets');
    out.openTickets = counts(fieldsOf(set.openTickets, at, ['atLeast', 'atMost'], 'openTickets'), at);
  }
  return out;
}

/** operator + value / values, checked for the operand kind; returns them in canonical order. */
function comparison(set: Record<string, unknown>, path: string, kind: OperandKind): Comparison {
  const opPath = joinPath(path, 'operator');
  if (!OPERATORS.includes(set.operator as never)) return fail(opPath, `operator must be one of ${OPERATORS.join(', ')}`);
  const operator = set.operator as Operator;
  const allowed = kind === 'json' ? OPERATORS : typeof kind === 'object' ? ENUM_OPERATORS : NUMERIC_OPERATORS;
  if (!allowed.includes(operator)) fail(opPath, `${operator} does not apply here; use one of ${allowed.join(', ')}`);
  const valuePath = joinPath(path, 'value');
  const valuesPath = joinPath(path, 'values');
  const hasValue = 'value' in set;
  const hasValues = 'values' in set;

  if (operator === 'EXISTS') {
    if (hasValue) fail(valuePath, 'EXISTS takes no value');
    if (hasValues) fail(valuesPath, 'EXISTS takes no values');
    return { operator };
  }
  if (operator === 'IN' || operator === 'NOT_IN' || operator === 'BETWEEN') {
    if (hasValue) fail(valuePath, `${operator} takes values (a list), not value`);
    if (!hasValues || !Array.isArray(set.values)) return fail(valuesPath, `${operator} needs values (a list)`);
    const list = set.values as unknown[];
    if (operator === 'BETWEEN' && list.length !== 2) fail(valuesPath, 'BETWEEN needs values: [low, high] (both inclusive)');
    if (list.length === 0) fail(valuesPath, `${operator} needs at least one value`);
    if (list.length > LIMITS.listValues) fail(valuesPath, `${operator} takes at most ${LIMITS.listValues} values`);
    const values = list.map((v, i) => operand(v, joinPath(valuesPath, i), kind, operator));
    if (kind === 'json' && new Set(values.map((v) => jsonKind(v, operator))).size > 1) {
      fail(valuesPath, `the values of ${operator} must all be of one type (strings, numbers or booleans; or dates for BETWEEN)`);
    }
    if (operator === 'BETWEEN') betweenOrder(values, kind, valuesPath);
    return { operator, values };
  }
  if (hasValues) fail(valuesPath, `${operator} takes one value, not values`);
  if (!hasValue) fail(valuePath, `${operator} needs a value`);
  return { operator, value: operand(set.value, valuePath, kind, operator) };
}

/** The comparison type of a validated json operand: under an ordering operator, strings are dates. */
function jsonKind(v: Json, operator: Operator): string {
  return ORDERING.includes(operator) && typeof v === 'string' ? 'date' : typeof v;
}

export const isDateOperand = (v: string) => isCalendarDate(v) || parseDuration(v) !== null;

function operand(value: unknown, path: string, kind: OperandKind, operator: Operator): Json {
  switch (kind) {
    case 'score':
      return whole(value, path, 1, 5, 'an RFM score');
    case 'count':
      return whole(value, path, 0, LIMITS.count, 'the value');
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(path, 'the value must be a number');
      return value;
    case 'decimal': {
      const ok = typeof value === 'string' ? value.length <= 40 && parseDecimal(value) !== null : typeof value === 'number' && numberToDecimal(value) !== null;
      if (!ok) return fail(path, 'the value must be a decimal: a string such as "59.90" or a plain JSON number');
      return value as Json;
    }
    case 'json':
      return jsonOperand(value, path, operator);
    default:
      if (typeof value !== 'string' || !kind.values.includes(value)) return fail(path, `the value must be one of ${kind.values.join(', ')}`);
      return value;
  }
}

function jsonOperand(value: unknown, path: string, operator: Operator): Json {
  if (typeof value === 'string' && value.length > LIMITS.stringLength) fail(path, `strings are at most ${LIMITS.stringLength} characters`);
  if (ORDERING.includes(operator)) {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && isDateOperand(value)) {
      const d = parseDuration(value);
      if (d && approximateDays(d) > MAX_DURATION_DAYS) fail(path, 'relative dates reach back at most 100 years');
      return value;
    }
    return fail(path, `${operator} compares numbers or dates: a number, a date YYYY-MM-DD, or an ISO 8601 duration meaning that long before today (P30D)`);
  }
  if (operator === 'STARTS_WITH') {
    if (typeof value !== 'string') fail(path, 'STARTS_WITH takes a string');
    return value as string;
  }
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  return fail(path, `${operator} takes a string, a number or a boolean (use EXISTS to test for presence)`);
}

function betweenOrder(values: Json[], kind: OperandKind, path: string) {
  const [low, high] = values;
  let reversed = false;
  if (typeof low === 'number' && typeof high === 'number') reversed = low > high;
  else if (kind === 'decimal') {
    const d = (v: Json) => parseDecimal(typeof v === 'number' ? numberToDecimal(v)! : (v as string))!;
    reversed = compareDecimals(d(low), d(high)) > 0;
  } else if (typeof low === 'string' && typeof high === 'string' && isCalendarDate(low) && isCalendarDate(high)) reversed = low > high;
  if (reversed) fail(path, 'BETWEEN needs values: [low, high] with low ≤ high');
}

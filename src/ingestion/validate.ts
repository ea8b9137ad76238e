import { parseMoney } from '../shared/money';

/**
 * Field readers shared by the ingestion mappers. They throw `Invalid`, which the mapper's single entry point turns
 * into a `Rejection`: a mapper then reads as the mapping it is, not as a ladder of early returns, and no exception
 * ever leaves the mapper. Reasons name the field and what was expected, never the value (values may be PII).
 */
export class Invalid extends Error {
  constructor(
    readonly field: string,
    reason: string,
    /** Identifiers the item carried that were dropped as junk or invalid before it was refused (they are counted). */
    readonly droppedIdentities = 0,
  ) {
    super(reason);
  }
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON senders use `null` and leaving a key out interchangeably; both mean "not given". */
function absent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

function required(field: string, what: string): Invalid {
  return new Invalid(field, `${field} is required (${what})`);
}

export function optObject(value: unknown, field: string): JsonObject | undefined {
  if (absent(value)) return undefined;
  if (!isObject(value)) throw new Invalid(field, `${field} must be an object`);
  return value;
}

/** Array items and other places where "not given" is not an option. */
export function reqObject(value: unknown, field: string): JsonObject {
  const object = optObject(value, field);
  if (!object) throw new Invalid(field, `${field} must be an object`);
  return object;
}

export function optArray(value: unknown, field: string): unknown[] | undefined {
  if (absent(value)) return undefined;
  if (!Array.isArray(value)) throw new Invalid(field, `${field} must be an array`);
  return value;
}

function checkLength(text: string, field: string, max: number | undefined): string {
  if (max !== undefined && text.length > max) throw new Invalid(field, `${field} must be at most ${max} characters`);
  return text;
}

export function optString(value: unknown, field: string, max?: number): string | undefined {
  if (absent(value)) return undefined;
  if (typeof value !== 'string') throw new Invalid(field, `${field} must be a string`);
  return checkLength(value, field, max);
}

export function reqString(value: unknown, field: string, max?: number): string {
  const text = optString(value, field, max);
  if (text === undefined || text.trim() === '') throw required(field, 'a non-empty string');
  return text;
}

/**
 * An identifier given as a string or a number (SDKs, CSV exports and order systems send both). A number keeps its
 * shortest round-trip form, `String(12345)` = "12345"; precision beyond 2^53 is already gone in JSON.parse.
 */
export function optId(value: unknown, field: string, max?: number): string | undefined {
  if (absent(value)) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw new Invalid(field, `${field} must be a string or a number`);
  return checkLength(value, field, max);
}

export function reqId(value: unknown, field: string, max?: number): string {
  const id = optId(value, field, max);
  if (id === undefined || id.trim() === '') throw required(field, 'a non-empty string or a number');
  return id;
}

/**
 * A non-negative money amount, given as a JSON number or a decimal string, in parseMoney's exact form. A number
 * goes through its shortest round-trip string (`String(59.9)` = "59.9"), never through arithmetic, so no float
 * error creeps in; a number with no short decimal form (0.1 + 0.2) fails the 4-decimal rule and is refused rather
 * than silently rounded.
 */
export function optMoney(value: unknown, field: string): string | undefined {
  if (absent(value)) return undefined;
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : null;
  const amount = text === null ? null : parseMoney(text);
  if (amount === null) throw new Invalid(field, `${field} must be a decimal amount (number or string) with at most 4 decimals`);
  if (amount.startsWith('-')) throw new Invalid(field, `${field} must not be negative`);
  return amount;
}

/** ISO 4217, upper-cased: sources send `usd` as often as `USD`. */
export function optCurrency(value: unknown, field: string): string | undefined {
  const code = optString(value, field)?.trim().toUpperCase();
  if (code !== undefined && !/^[A-Z]{3}$/.test(code)) throw new Invalid(field, `${field} must be an ISO 4217 currency code`);
  return code;
}

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** A score within [min, max]; forms and CSV exports send "9" as often as 9, so decimal strings are accepted. */
export function optScore(value: unknown, field: string, range: { min: number; max: number; integer?: boolean }): number | undefined {
  if (absent(value)) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : NaN;
  const kind = range.integer ? 'an integer' : 'a number';
  if (!Number.isFinite(n) || n < range.min || n > range.max || (range.integer && !Number.isInteger(n))) {
    throw new Invalid(field, `${field} must be ${kind} from ${range.min} to ${range.max}`);
  }
  return n;
}

export function reqScore(value: unknown, field: string, range: { min: number; max: number; integer?: boolean }): number {
  const score = optScore(value, field, range);
  if (score === undefined) throw required(field, `a number from ${range.min} to ${range.max}`);
  return score;
}

// Strict on purpose: Date.parse accepts "2024-02-30" (as 1 March) and zone-less strings (as local time of the
// server), neither of which says when the event happened.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/** An ISO 8601 date-time with a time zone (`Z` or an offset) → Date; null when it is anything else. */
export function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = ISO_INSTANT.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offsetMinutes = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls over out-of-range parts (day 30 of February → 1 March); a round trip catches that.
  const check = new Date(local);
  const valid =
    check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day &&
    hour < 24 && minute < 60 && second < 60 && Number(m[10] ?? 0) < 24 && Number(m[11] ?? 0) < 60;
  return valid ? new Date(local - offsetMinutes * 60_000) : null;
}

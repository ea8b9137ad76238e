import { createHash } from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';
import type { Config } from '../config';
import { normalizeIdentity } from '../identity/normalize';
import { clock } from '../shared/clock';
import { ingestBatch, type IngestDeps, type IngestOutcome } from './ingest';
import type { Normalized } from './message';
import { MAX_MESSAGE_BYTES, normalizeSegmentMessage, ORDER_COMPLETED, type SegmentContext } from './segment';
import type { JsonObject } from './validate';

/**
 * Bulk import (`npm run import`): a file streamed line by line (memory bounded by one batch, never the file) through
 * the same `normalizeSegmentMessage` → `ingestBatch` path as the tracking API, one transaction per batch, so an
 * import is exactly as idempotent as the API: every line has a message id, and a re-import is all DUPLICATE.
 *
 * NDJSON (`.ndjson`, `.jsonl`): one Segment-spec message per line. A line without `messageId` gets
 * `import:<sha256 of the line>`. Timestamps are kept as written: `sentAt` in an archive is the original send time,
 * so Segment's clock-skew correction would move every event to the import time.
 *
 * CSV (`.csv`), one `Order Completed` per row:
 * - RFC 4180: comma-separated; a field containing a comma, a quote or a line break is enclosed in double quotes, a
 *   quote inside it doubled (`"12"" screen, matte"`). Line breaks inside quoted fields are kept as `\n`. A quote in
 *   an unquoted field, or text after a closing quote, rejects the row. CRLF or LF line ends; a UTF-8 BOM is skipped.
 * - The first non-blank line is the header. Columns, in any order, names trimmed and case-insensitive:
 *   `order_id,total,currency,occurred_at,user_id,email,anonymous_id,message_id`. `order_id` and `total` are required
 *   columns, and at least one of `user_id`, `email`, `anonymous_id`. Any other column stops the import.
 * - Cells are trimmed; an empty cell is "not given". Per row `order_id` and `total` (a decimal, at most 4 places, no
 *   thousands separator) are required and at least one identity; `currency` defaults to the reporting currency,
 *   `occurred_at` (ISO 8601 with a time zone) to the import time, `message_id` to `order:<order_id>`.
 * - Every row has as many fields as the header. Blank lines are skipped.
 *
 * Line numbers are physical lines of the file, 1-based; a CSV row spanning lines is numbered by its first line.
 */

export type ImportFormat = 'ndjson' | 'csv';

/** The file cannot be imported at all (missing, unreadable, bad CSV header); nothing from it was written. */
export class ImportError extends Error {}

export interface ImportRejection {
  line: number;
  /** The Segment field path (NDJSON) or the CSV column; '' for the line as a whole. */
  field: string;
  reason: string;
}

export interface ImportSummary {
  /** Non-blank lines (NDJSON) or data rows (CSV) read. */
  lines: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  /** The first MAX_REJECTIONS_KEPT, in file order. */
  rejections: ImportRejection[];
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  lines: number;
}

export interface ImportOptions {
  file: string;
  format: ImportFormat;
  sourceId: string;
  config: Pick<Config, 'reportingCurrency' | 'identityRules' | 'feedbackEvents'>;
  /** Lines per transaction (default DEFAULT_BATCH_SIZE). */
  batchSize?: number;
  /** Called once before the first line and after every batch. */
  onProgress?: (progress: ImportProgress) => void;
}

export const DEFAULT_BATCH_SIZE = 500;
export const MAX_REJECTIONS_KEPT = 20;

export const CSV_COLUMNS = ['order_id', 'total', 'currency', 'occurred_at', 'user_id', 'email', 'anonymous_id', 'message_id'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];
const CSV_IDENTITY_COLUMNS: readonly CsvColumn[] = ['user_id', 'email', 'anonymous_id'];

/** Where each column lands in the Segment message, so rejections name the column the file has. */
const SEGMENT_PATH_OF: Record<CsvColumn, string> = {
  order_id: 'properties.order_id',
  total: 'properties.total',
  currency: 'properties.currency',
  occurred_at: 'timestamp',
  user_id: 'userId',
  email: 'context.traits.email',
  anonymous_id: 'anonymousId',
  message_id: 'messageId',
};

/** The format a file name implies, or null when it says nothing. */
export function formatOf(file: string): ImportFormat | null {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(ndjson|jsonl)$/i.test(file)) return 'ndjson';
  return null;
}

/** A line ready for normalisation, or one already refused before it became a message (not JSON, bad CSV row). */
type Parsed = { line: number; raw: unknown } | { line: number; rejection: { field: string; reason: string } };

const refuse = (line: number, field: string, reason: string): Parsed => ({ line, rejection: { field, reason } });

export async function importFile(deps: IngestDeps, options: ImportOptions): Promise<ImportSummary> {
  const totalBytes = await sizeOf(options.file);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const input = openLines(options.file);
  const summary: ImportSummary = { lines: 0, accepted: 0, duplicate: 0, rejected: 0, rejections: [] };
  const progress = () => options.onProgress?.({ bytesRead: input.bytesRead(), totalBytes, lines: summary.lines });
  const fieldName = options.format === 'csv' ? csvFieldName : (field: string) => field;
  const reasonText = options.format === 'csv' ? csvReason : (reason: string) => reason;

  const flush = async (batch: Parsed[]) => {
    const receivedAt = clock.now();
    const ctx = segmentContext(options.config, receivedAt);
    const items: Normalized[] = batch.map((p) =>
      'raw' in p ? normalizeSegmentMessage(p.raw, ctx) : { ok: false, rejection: { messageId: null, ...p.rejection } },
    );
    const outcomes = await ingestBatch(deps, options.sourceId, items, receivedAt);
    outcomes.forEach((outcome, i) => tally(summary, outcome, batch[i].line, fieldName, reasonText));
    summary.lines += batch.length;
    progress();
  };

  progress();
  try {
    let batch: Parsed[] = [];
    for await (const parsed of records(input.lines, options.format)) {
      batch.push(parsed);
      if (batch.length >= batchSize) {
        await flush(batch);
        batch = [];
      }
    }
    if (batch.length) await flush(batch);
  } finally {
    input.close();
  }
  return summary;
}

/** Fail before anything is opened or written: the file is readable and, for CSV, its header is valid. */
export async function checkImportFile(file: string, format: ImportFormat): Promise<void> {
  await sizeOf(file);
  if (format !== 'csv') return;
  const input = openLines(file);
  try {
    // The header is checked when the first record is asked for.
    for await (const _ of records(input.lines, format)) break;
  } finally {
    input.close();
  }
}

function openLines(file: string) {
  const stream = fs.createReadStream(file, { encoding: 'utf8' });
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  return {
    lines,
    bytesRead: () => stream.bytesRead,
    close() {
      lines.close();
      stream.destroy();
    },
  };
}

function records(lines: AsyncIterable<string>, format: ImportFormat): AsyncGenerator<Parsed> {
  return format === 'csv' ? csvRecords(numbered(lines)) : ndjsonRecords(numbered(lines));
}

async function sizeOf(file: string): Promise<number> {
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) throw new ImportError(`${file} is not a file`);
    await fs.promises.access(file, fs.constants.R_OK);
    return stat.size;
  } catch (err) {
    if (err instanceof ImportError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ImportError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read it (${code ?? String(err)})`);
  }
}

/** The tracking API's context, minus what an archive must not get: batch sentAt and skew correction. */
function segmentContext(config: ImportOptions['config'], receivedAt: Date): SegmentContext {
  return {
    receivedAt,
    defaultCurrency: config.reportingCurrency,
    normalizeIdentity: (type, value) => normalizeIdentity(type, value, config.identityRules),
    feedbackEvents: config.feedbackEvents,
    correctClockSkew: false,
  };
}

function tally(
  summary: ImportSummary,
  outcome: IngestOutcome,
  line: number,
  fieldName: (field: string) => string,
  reasonText: (reason: string) => string,
): void {
  if (outcome.status === 'ACCEPTED') summary.accepted++;
  else if (outcome.status === 'DUPLICATE') summary.duplicate++;
  else {
    summary.rejected++;
    if (summary.rejections.length < MAX_REJECTIONS_KEPT) {
      summary.rejections.push({ line, field: fieldName(outcome.field ?? ''), reason: reasonText(outcome.reason ?? 'rejected') });
    }
  }
}

type Line = { line: number; text: string };

async function* numbered(lines: AsyncIterable<string>): AsyncGenerator<Line> {
  let line = 0;
  for await (const text of lines) {
    line++;
    // A BOM is an encoding mark, not data; spreadsheet exports put one before the header.
    yield { line, text: line === 1 && text.startsWith('\uFEFF') ? text.slice(1) : text };
  }
}

async function* ndjsonRecords(lines: AsyncIterable<Line>): AsyncGenerator<Parsed> {
  for await (const { line, text } of lines) {
    const trimmed = text.trim();
    if (trimmed === '') continue;
    if (Buffer.byteLength(trimmed) > MAX_MESSAGE_BYTES) {
      yield refuse(line, '', `line is larger than ${MAX_MESSAGE_BYTES} bytes (the per-message limit)`);
      continue;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(trimmed);
    } catch {
      yield refuse(line, '', 'line is not JSON');
      continue;
    }
    // Same line, same id: re-importing a file without message ids deduplicates instead of doubling.
    if (raw && typeof raw === 'object' && !Array.isArray(raw) && ((raw as JsonObject).messageId ?? null) === null) {
      raw = { ...raw, messageId: `import:${createHash('sha256').update(trimmed).digest('hex')}` };
    }
    yield { line, raw };
  }
}

async function* csvRecords(lines: AsyncIterable<Line>): AsyncGenerator<Parsed> {
  let columns: CsvColumn[] | null = null;
  let pending: Line | null = null;
  for await (const next of lines) {
    if (!pending && next.text.trim() === '') continue;
    const record: Line = pending ? { line: pending.line, text: `${pending.text}\n${next.text}` } : next;
    const parsed = parseCsvRecord(record.text);
    if ('open' in parsed) {
      // An unclosed quote would otherwise swallow the rest of the file: no real field is this long.
      pending = Buffer.byteLength(record.text) > MAX_MESSAGE_BYTES ? null : record;
      if (!pending && columns) yield refuse(record.line, '', `a quoted field is not closed within ${MAX_MESSAGE_BYTES} bytes`);
      if (!pending && !columns) throw new ImportError(`line ${record.line}: the CSV header has an unclosed quote`);
      continue;
    }
    pending = null;
    if (!columns) {
      if ('error' in parsed) throw new ImportError(`line ${record.line}: the CSV header is not valid CSV: ${parsed.error}`);
      columns = csvHeader(parsed.fields);
      continue;
    }
    yield 'error' in parsed ? refuse(record.line, '', parsed.error) : csvRow(record.line, columns, parsed.fields);
  }
  if (pending && !columns) throw new ImportError(`line ${pending.line}: the CSV header has an unclosed quote`);
  if (pending) yield refuse(pending.line, '', 'a quoted field is not closed before the end of the file');
  if (!columns) throw new ImportError(`the CSV file has no header row; it needs ${CSV_COLUMNS.join(',')} (order_id, total and one identity required)`);
}

/**
 * One RFC 4180 record (its physical lines already joined with `\n`); `open` when it ends inside a quoted field, so
 * the caller appends the next line and tries again.
 */
export function parseCsvRecord(text: string): { fields: string[] } | { open: true } | { error: string } {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      for (i++; ; ) {
        const quote = text.indexOf('"', i);
        if (quote < 0) return { open: true };
        value += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        value += '"';
        i++;
      }
      fields.push(value);
      if (i === text.length) return { fields };
      if (text[i] !== ',') return { error: `field ${fields.length}: text after the closing quote` };
      i++;
    } else {
      const comma = text.indexOf(',', i);
      const value = text.slice(i, comma < 0 ? text.length : comma);
      if (value.includes('"')) return { error: `field ${fields.length + 1}: a quote in a field that is not enclosed in quotes` };
      fields.push(value);
      if (comma < 0) return { fields };
      i = comma + 1;
    }
  }
}

function csvHeader(names: string[]): CsvColumn[] {
  const accepted = `the columns are ${CSV_COLUMNS.join(', ')}`;
  const columns = names.map((n) => n.trim().toLowerCase());
  const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) throw new ImportError(`unknown CSV column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `"${c}"`).join(', ')}; ${accepted}`);
  const twice = columns.find((c, i) => columns.indexOf(c) !== i);
  if (twice) throw new ImportError(`CSV column "${twice}" appears twice`);
  const missing = (['order_id', 'total'] as const).filter((c) => !columns.includes(c));
  if (missing.length) throw new ImportError(`the CSV header lacks ${missing.join(' and ')}; ${accepted}`);
  if (!CSV_IDENTITY_COLUMNS.some((c) => columns.includes(c))) {
    throw new ImportError(`the CSV header needs at least one identity column (${CSV_IDENTITY_COLUMNS.join(', ')}); ${accepted}`);
  }
  return columns as CsvColumn[];
}

function csvRow(line: number, columns: CsvColumn[], fields: string[]): Parsed {
  if (fields.length !== columns.length) return refuse(line, '', `the row has ${fields.length} fields, the header ${columns.length}`);
  const cell = new Map<CsvColumn, string>();
  columns.forEach((c, i) => {
    const value = fields[i].trim();
    if (value !== '') cell.set(c, value);
  });
  for (const required of ['order_id', 'total'] as const) {
    if (!cell.has(required)) return refuse(line, required, `${required} is required`);
  }
  if (!CSV_IDENTITY_COLUMNS.some((c) => cell.has(c))) return refuse(line, 'user_id', `one of ${CSV_IDENTITY_COLUMNS.join(', ')} is required`);
  const email = cell.get('email');
  return {
    line,
    raw: {
      type: 'track',
      event: ORDER_COMPLETED,
      messageId: cell.get('message_id') ?? `order:${cell.get('order_id')}`,
      userId: cell.get('user_id'),
      anonymousId: cell.get('anonymous_id'),
      timestamp: cell.get('occurred_at'),
      context: email ? { traits: { email } } : {},
      properties: { order_id: cell.get('order_id'), total: cell.get('total'), currency: cell.get('currency') },
    },
  };
}

const COLUMN_OF = new Map(Object.entries(SEGMENT_PATH_OF).map(([column, path]) => [path, column]));
/** Longest first, so `context.traits.email` is replaced before anything it contains. */
const SEGMENT_PATHS = new RegExp([...COLUMN_OF.keys()].sort((a, b) => b.length - a.length).map((p) => p.replace(/\./g, '\\.')).join('|'), 'g');

const csvFieldName = (field: string): string => COLUMN_OF.get(field) ?? field;
const csvReason = (reason: string): string => reason.replace(SEGMENT_PATHS, (path) => COLUMN_OF.get(path)!);

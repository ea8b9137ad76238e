import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql, type SQL } from 'drizzle-orm';
import { bearerToken } from '../auth/keys';
import type { PiiPolicy } from '../auth/pii';
import { hasScope } from '../auth/scopes';
import { rows, type Database } from '../db/client';
import type { Services } from '../graphql/context';
import { formatDecimal } from '../graphql/scalars';
import { parseIdentityType } from '../identity/normalize';
import { parseInstant } from '../ingestion/validate';
import { errorBody, send } from '../shared/httpio';
import { memberAt } from './membership.repo';

/*
 * Bulk export of a segment's current members (issue 5 §2): `GET /export/segments/:id/members.csv` and `.ndjson`.
 * Members are read in keyset-paged chunks, each ONE statement carrying every requested column, and written as they
 * come with backpressure, so memory stays flat however many members there are. No cursor or transaction is held
 * between chunks (PGlite has one connection, and ingestion must go on meanwhile): each chunk sees the membership as
 * of its own statement, so a long export is not a snapshot.
 */

export type ExportFormat = 'csv' | 'ndjson';

/**
 * How a column is read and written. `trait` and `identity` come from SQL already shaped for the format (JSON text for
 * NDJSON); the others come as text and are typed here.
 */
type ColumnKind = 'text' | 'integer' | 'number' | 'decimal' | 'trait' | 'identity';

export interface ExportColumn {
  /** As written in the header / the NDJSON key: `trait.plan`, `identity.email`, `rfm_tier`. */
  name: string;
  kind: ColumnKind;
  /** The trait key, the identity type (normalised), or the metric's name. */
  key: string;
  pii: boolean;
}

/** Computed fields (customer_metrics) with the defaults the API reads for a profile not scored yet. Never user input. */
const METRICS: Record<string, { expr: string; kind: ColumnKind }> = {
  rfm_score: { expr: 'cm.rfm_score', kind: 'text' },
  rfm_cell: { expr: 'cm.rfm_cell', kind: 'text' },
  rfm_tier: { expr: `coalesce(cm.rfm_tier, 'NONE')`, kind: 'text' },
  rfm_r: { expr: 'cm.r', kind: 'integer' },
  rfm_f: { expr: 'cm.f', kind: 'integer' },
  rfm_m: { expr: 'cm.m', kind: 'integer' },
  recency_days: { expr: 'cm.recency_days', kind: 'integer' },
  frequency: { expr: 'cm.frequency', kind: 'integer' },
  monetary: { expr: 'cm.monetary', kind: 'decimal' },
  lifecycle_stage: { expr: `coalesce(cm.lifecycle_stage, 'PROSPECT')`, kind: 'text' },
  aipl_stage: { expr: `coalesce(cm.aipl_stage, 'NONE')`, kind: 'text' },
  historical_ltv: { expr: 'coalesce(cm.historical_ltv, 0)', kind: 'decimal' },
  predicted_ltv_12m: { expr: 'cm.predicted_ltv_12m', kind: 'decimal' },
  churn_score: { expr: 'cm.churn_score', kind: 'number' },
  churn_band: { expr: 'cm.churn_band', kind: 'text' },
  p_alive: { expr: 'cm.p_alive', kind: 'number' },
  typical_gap_days: { expr: 'cm.typical_gap_days', kind: 'number' },
};

export const METRIC_COLUMN_NAMES = Object.keys(METRICS);

export type ColumnsResult = { columns: ExportColumn[] } | { error: { message: string; column: string } };

/**
 * `?columns=` (comma-separated, repeatable) into columns beyond `customer_id` and `entered_at`, in the order asked,
 * each once. Pure; the caller refuses PII columns without `pii:read`.
 */
export function parseColumns(requested: readonly string[], pii: Pick<PiiPolicy, 'isPiiTrait' | 'isPiiIdentityType'>): ColumnsResult {
  const columns: ExportColumn[] = [];
  const seen = new Set(['customer_id', 'entered_at']);
  for (const raw of requested.flatMap((r) => r.split(','))) {
    const name = raw.trim();
    if (!name) continue;
    let column: ExportColumn | null = null;
    if (name.startsWith('trait.') && name.length > 'trait.'.length) {
      const key = name.slice('trait.'.length);
      column = { name, kind: 'trait', key, pii: pii.isPiiTrait(key) };
    } else if (name.startsWith('identity.')) {
      const type = parseIdentityType(name.slice('identity.'.length));
      if (type) column = { name: `identity.${type}`, kind: 'identity', key: type, pii: pii.isPiiIdentityType(type) };
    } else if (Object.hasOwn(METRICS, name)) {
      column = { name, kind: METRICS[name].kind, key: name, pii: false };
    } else if (seen.has(name)) {
      continue;
    }
    if (!column) {
      return {
        error: {
          column: name,
          message: `unknown column "${name}": use trait.<key>, identity.<type> or one of ${METRIC_COLUMN_NAMES.join(', ')}`,
        },
      };
    }
    if (seen.has(column.name)) continue;
    seen.add(column.name);
    columns.push(column);
  }
  return { columns };
}

// ---- SQL ----------------------------------------------------------------------------------------------------------

/** One chunk's row: the member, then `v0`… in column order. */
export interface ExportRow {
  customer_id: string;
  entered_at: string;
  [value: `v${number}`]: string | null;
}

/** A type without a namespace also takes its namespaced identities, as the segment condition does (compile.ts). */
function identityMatch(type: string): SQL {
  return type.includes(':') ? sql`i.type = ${type}::text` : sql`(i.type = ${type}::text or starts_with(i.type, ${`${type}:`}::text))`;
}

/**
 * One chunk of a segment's memberships after `after` (by customer id) — open ones, or with `asOf` those whose interval
 * covers that instant (at most one per profile) — with every column, in ONE statement: the customer row for traits,
 * customer_metrics, and one lateral aggregate over the identities of the profile and of the profiles merged into it.
 * Values are bound; only the shape (which columns) varies the SQL text. Reads up to `limit`.
 */
export function memberChunkQuery(
  segmentId: string,
  columns: readonly ExportColumn[],
  format: ExportFormat,
  after: string | null,
  limit: number,
  asOf: Date | null = null,
): SQL {
  const select: SQL[] = [sql`sm.customer_id::text as customer_id`, sql`to_char(sm.entered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as entered_at`];
  const aggregates: SQL[] = [];
  columns.forEach((c, i) => {
    const as = sql.raw(`v${i}`);
    if (c.kind === 'trait') {
      // CSV wants a string trait unquoted (->>); NDJSON the JSON value as it is.
      select.push(format === 'csv' ? sql`c.traits ->> ${c.key}::text as ${as}` : sql`(c.traits -> ${c.key}::text)::text as ${as}`);
    } else if (c.kind === 'identity') {
      aggregates.push(
        format === 'csv'
          ? sql`string_agg(i.value, '|' order by i.value) filter (where ${identityMatch(c.key)}) as ${as}`
          : sql`coalesce(json_agg(i.value order by i.value) filter (where ${identityMatch(c.key)}), '[]')::text as ${as}`,
      );
      select.push(sql`ids.${as}`);
    } else {
      select.push(sql`(${sql.raw(METRICS[c.key].expr)})::text as ${as}`);
    }
  });
  const joins: SQL[] = [];
  if (columns.some((c) => c.kind === 'trait')) joins.push(sql`left join customers c on c.id = sm.customer_id`);
  if (columns.some((c) => c.kind !== 'trait' && c.kind !== 'identity')) joins.push(sql`left join customer_metrics cm on cm.customer_id = sm.customer_id`);
  if (aggregates.length) {
    joins.push(sql`left join lateral (
        select ${sql.join(aggregates, sql`, `)}
        from customers p join identities i on i.customer_id = p.id
        where p.id = sm.customer_id or p.merged_into_id = sm.customer_id) ids on true`);
  }
  return sql`select ${sql.join(select, sql`, `)}
    from segment_memberships sm ${sql.join(joins, sql` `)}
    where sm.segment_id = ${segmentId}::uuid
      and ${memberAt(asOf)}
      ${after ? sql`and sm.customer_id > ${after}::uuid` : sql``}
    order by sm.customer_id limit ${limit}::int`;
}

async function segmentExists(database: Database, id: string): Promise<boolean> {
  return (await rows(database, sql`select 1 from segments where id = ${id}::uuid`)).length > 0;
}

// ---- formats (pure) -----------------------------------------------------------------------------------------------

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvHeader(columns: readonly ExportColumn[]): string {
  return ['customer_id', 'entered_at', ...columns.map((c) => c.name)].map(csvField).join(',') + '\r\n';
}

function csvValue(kind: ColumnKind, v: string | null): string {
  if (v === null) return '';
  return csvField(kind === 'decimal' ? formatDecimal(v) : v);
}

export function csvLine(row: ExportRow, columns: readonly ExportColumn[]): string {
  let line = `${row.customer_id},${row.entered_at}`;
  for (let i = 0; i < columns.length; i++) line += ',' + csvValue(columns[i].kind, row[`v${i}`]);
  return line + '\r\n';
}

/** Money stays an exact decimal string ("59.90"), as the API's Decimal; trait and identity values arrive as JSON. */
function jsonValue(kind: ColumnKind, v: string | null): string {
  if (v === null) return 'null';
  switch (kind) {
    case 'trait':
    case 'identity':
      return v;
    case 'decimal':
      return JSON.stringify(formatDecimal(v));
    case 'integer':
    case 'number': {
      const n = Number(v);
      return Number.isFinite(n) ? String(n) : 'null';
    }
    default:
      return JSON.stringify(v);
  }
}

export function ndjsonLine(row: ExportRow, columns: readonly ExportColumn[]): string {
  let line = `{"customer_id":"${row.customer_id}","entered_at":"${row.entered_at}"`;
  for (let i = 0; i < columns.length; i++) line += `,${JSON.stringify(columns[i].name)}:${jsonValue(columns[i].kind, row[`v${i}`])}`;
  return line + '}\n';
}

// ---- HTTP ---------------------------------------------------------------------------------------------------------

const EXPORT_PATH = /^\/export\/segments\/([^/]+)\/members\.(csv|ndjson)$/;

/** The query parameters an export takes: `columns` (repeatable) and `asOf` (who was a member then). */
const EXPORT_PARAMETERS = ['columns', 'asOf'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CONTENT_TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson' };

/** Resolves true once the response can take more, false when the client has gone. */
function drained(res: ServerResponse): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/** Writes every member, chunk by chunk; stops early if the client disconnects. */
async function streamMembers(
  res: ServerResponse,
  database: Database,
  segmentId: string,
  columns: readonly ExportColumn[],
  format: ExportFormat,
  chunkSize: number,
  asOf: Date | null,
) {
  const line = format === 'csv' ? csvLine : ndjsonLine;
  if (format === 'csv' && !res.write(csvHeader(columns)) && !(await drained(res))) return;
  let after: string | null = null;
  for (;;) {
    if (res.destroyed) return;
    // One row more than the chunk tells whether another chunk follows, without an empty read at the end.
    const found: ExportRow[] = await rows<ExportRow>(database, memberChunkQuery(segmentId, columns, format, after, chunkSize + 1, asOf));
    const n = Math.min(found.length, chunkSize);
    let text = '';
    for (let i = 0; i < n; i++) text += line(found[i], columns);
    if (res.destroyed) return;
    if (text && !res.write(text) && !(await drained(res))) return;
    if (found.length <= chunkSize) break;
    after = found[chunkSize - 1].customer_id;
  }
  res.end();
}

/**
 * `GET /export/segments/:id/members.(csv|ndjson)?columns=…&asOf=…`; false when the path is not an export. With `asOf`,
 * the members of that instant (as `Segment.members(asOf:)` pages them), their columns' values as they are now. Refusals are JSON
 * like the rest of the HTTP surface; a failure after the first byte cuts the connection (the route's catch), so a
 * client never mistakes a truncated export for a whole one.
 */
export async function handleSegmentExport(req: IncomingMessage, res: ServerResponse, url: URL, services: Services): Promise<boolean> {
  const match = EXPORT_PATH.exec(url.pathname);
  if (!match) return false;
  const [, segmentId, format] = match as unknown as [string, string, ExportFormat];
  if (req.method !== 'GET') {
    res.setHeader('allow', 'GET');
    send(res, 405, errorBody('use GET', 'BAD_REQUEST'));
    return true;
  }
  const principal = await services.keys.authenticate(bearerToken(req.headers.authorization) ?? '');
  if (!principal) {
    res.setHeader('www-authenticate', 'Bearer');
    send(res, 401, errorBody('a valid API key is required: Authorization: Bearer <key>', 'UNAUTHENTICATED'));
    return true;
  }
  if (!hasScope(principal, 'segments:read')) {
    send(res, 403, errorBody('this key lacks the scope segments:read', 'FORBIDDEN'));
    return true;
  }
  if (!UUID.test(segmentId)) {
    send(res, 400, errorBody(`segment id "${segmentId}" is not a UUID`, 'BAD_USER_INPUT', { field: 'id' }));
    return true;
  }
  // An unknown parameter (a misspelt `column`, `as_of`) would otherwise give a whole export of something not asked for.
  const unknown = [...url.searchParams.keys()].find((name) => !EXPORT_PARAMETERS.includes(name));
  if (unknown !== undefined) {
    send(res, 400, errorBody(`unknown parameter "${unknown}": the export takes ${EXPORT_PARAMETERS.join(' and ')}`, 'BAD_USER_INPUT', { field: unknown }));
    return true;
  }
  const asOfParam = url.searchParams.get('asOf');
  const asOf = asOfParam === null ? null : parseInstant(asOfParam);
  if (asOfParam !== null && (asOf === null || url.searchParams.getAll('asOf').length > 1)) {
    send(res, 400, errorBody('asOf must be one ISO 8601 instant with a time zone, e.g. 2026-10-01T00:00:00Z', 'BAD_USER_INPUT', { field: 'asOf' }));
    return true;
  }
  const parsed = parseColumns(url.searchParams.getAll('columns'), services.pii);
  if ('error' in parsed) {
    send(res, 400, errorBody(parsed.error.message, 'BAD_USER_INPUT', { field: 'columns', column: parsed.error.column }));
    return true;
  }
  const pii = parsed.columns.find((c) => c.pii);
  if (pii && !services.pii.canSeePii(principal)) {
    send(res, 403, errorBody(`column "${pii.name}" is personal data: it needs the scope pii:read`, 'FORBIDDEN', { field: 'columns', column: pii.name }));
    return true;
  }
  if (!(await segmentExists(services.database, segmentId))) {
    send(res, 404, errorBody(`no segment ${segmentId}`, 'NOT_FOUND', { field: 'id' }));
    return true;
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[format],
    'content-disposition': `attachment; filename="segment-${segmentId.toLowerCase()}-members.${format}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  await streamMembers(res, services.database, segmentId, parsed.columns, format, services.config.exportChunkSize, asOf);
  return true;
}

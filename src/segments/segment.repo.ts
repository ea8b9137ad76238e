import { sql, type SQL } from 'drizzle-orm';
import { exec, rows, type Database, type Queryable, type Reader } from '../db/client';
import { toDate, toDateOrNull, uuidArray } from '../db/values';

/*
 * Running compiled definitions. They go unprepared: their text is as varied as the definitions people write, and a
 * prepared statement per shape would pile up in every pooled connection's cache.
 */

async function query<T>(database: Database, statement: SQL): Promise<T[]> {
  const result = (await database.db.execute(statement)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** The size of a compiled definition's member set and its `sampleSize` smallest ids, in one statement. */
export async function countAndSample(database: Database, members: SQL, sampleSize: number): Promise<{ count: number; sampleIds: string[] }> {
  // count(*) over () is taken before the limit, so a sample of 20 still counts every member.
  const found = await query<{ id: string; total: number | string }>(
    database,
    sql`select m.id, count(*) over () as total from (${members}) m order by m.id limit ${Math.max(sampleSize, 1)}::int`,
  );
  return { count: found.length ? Number(found[0].total) : 0, sampleIds: found.slice(0, sampleSize).map((r) => r.id) };
}

/** The ids a compiled definition selects (restricted to a page of customers by the compiler). */
export async function memberIds(database: Database, members: SQL): Promise<Set<string>> {
  return new Set((await query<{ id: string }>(database, members)).map((r) => r.id));
}

// ---- stored segments ----------------------------------------------------------------------------------------------

export interface SegmentRecord {
  id: string;
  name: string;
  description: string;
  definition: unknown;
  version: number;
  builtinKey: string | null;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
  evaluatedAt: Date | null;
}

interface SegmentDbRow {
  id: string;
  name: string;
  description: string;
  definition: unknown;
  version: number;
  builtin_key: string | null;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  evaluated_at: string | null;
}

const toSegment = (r: SegmentDbRow): SegmentRecord => ({
  id: r.id,
  name: r.name,
  description: r.description,
  definition: typeof r.definition === 'string' ? JSON.parse(r.definition) : r.definition,
  version: r.version,
  builtinKey: r.builtin_key,
  createdAt: toDate(r.created_at),
  updatedAt: toDate(r.updated_at),
  archivedAt: toDateOrNull(r.archived_at),
  evaluatedAt: toDateOrNull(r.evaluated_at),
});

const SEGMENT_COLUMNS = sql`id, name, description, definition, version, builtin_key, created_at::text as created_at, updated_at::text as updated_at,
  archived_at::text as archived_at, evaluated_at::text as evaluated_at`;

/** Every stored segment, archived ones included, in creation order: the catalogue a write evaluates against. */
export async function allSegments(q: Reader): Promise<SegmentRecord[]> {
  return (await rows<SegmentDbRow>(q, sql`select ${SEGMENT_COLUMNS} from segments order by created_at, id`)).map(toSegment);
}

/** catalogVersion as an SQL expression, for a statement that checks it itself (segments.ts segmentListener). */
export const CATALOG_VERSION = sql`(select md5(coalesce(string_agg(id::text || ':' || version || ':' || (archived_at is null)::int || (evaluated_at is null)::int, ',' order by id), ''))
  from segments)`;

/**
 * What a cached catalogue depends on, in one short value: which segments exist, their definition versions, whether
 * each is archived and whether it has been evaluated once. Any create, update, archive or first evaluation changes it.
 */
export async function catalogVersion(q: Queryable): Promise<string> {
  const [r] = await rows<{ v: string }>(q, sql`select ${CATALOG_VERSION} as v`);
  return r.v;
}

/** Whether the database holds any profile at all. */
export async function hasProfiles(database: Database): Promise<boolean> {
  const [r] = await rows<{ any: boolean }>(database, sql`select exists (select 1 from customers) as any`);
  return r.any;
}

export async function segmentsByIds(q: Reader, ids: readonly string[]): Promise<SegmentRecord[]> {
  return (await rows<SegmentDbRow>(q, sql`select ${SEGMENT_COLUMNS} from segments where id = any(${uuidArray(ids)})`)).map(toSegment);
}

export async function insertSegment(
  q: Queryable,
  s: { name: string; description: string; definition: unknown; builtinKey?: string | null; now: Date },
): Promise<SegmentRecord | null> {
  const definition = JSON.stringify(s.definition);
  const [r] = await rows<SegmentDbRow>(
    q,
    sql`with ins as (
          insert into segments (name, description, definition, builtin_key, created_at, updated_at)
          values (${s.name}, ${s.description}, ${definition}::jsonb, ${s.builtinKey ?? null}, ${s.now.toISOString()}::timestamptz, ${s.now.toISOString()}::timestamptz)
          on conflict do nothing
          returning *),
        v as (
          insert into segment_definition_versions (segment_id, version, name, description, definition, created_at)
          select id, 1, name, description, definition, created_at from ins)
        select ${SEGMENT_COLUMNS} from ins`,
  );
  return r ? toSegment(r) : null;
}

export async function updateSegmentRow(
  q: Queryable,
  id: string,
  s: { name: string; description: string; definition: unknown; now: Date },
): Promise<SegmentRecord> {
  const [r] = await rows<SegmentDbRow>(
    q,
    sql`with up as (
          update segments set name = ${s.name}, description = ${s.description}, definition = ${JSON.stringify(s.definition)}::jsonb,
            version = version + 1, updated_at = ${s.now.toISOString()}::timestamptz
          where id = ${id}::uuid returning *),
        v as (
          insert into segment_definition_versions (segment_id, version, name, description, definition, created_at)
          select id, version, name, description, definition, updated_at from up)
        select ${SEGMENT_COLUMNS} from up`,
  );
  return toSegment(r);
}

export async function markSegment(q: Queryable, id: string, set: { archivedAt?: Date; evaluatedAt?: Date }): Promise<void> {
  const parts: SQL[] = [];
  if (set.archivedAt) parts.push(sql`archived_at = ${set.archivedAt.toISOString()}::timestamptz, updated_at = ${set.archivedAt.toISOString()}::timestamptz`);
  if (set.evaluatedAt) parts.push(sql`evaluated_at = ${set.evaluatedAt.toISOString()}::timestamptz`);
  if (parts.length) await exec(q, sql`update segments set ${sql.join(parts, sql`, `)} where id = ${id}::uuid`);
}

export interface DefinitionVersionRow {
  segmentId: string;
  version: number;
  name: string;
  description: string;
  definition: unknown;
  createdAt: Date;
}

export async function definitionVersions(q: Reader, segmentIds: readonly string[]): Promise<DefinitionVersionRow[]> {
  const found = await rows<{ segment_id: string; version: number; name: string; description: string; definition: unknown; created_at: string }>(
    q,
    sql`select segment_id, version, name, description, definition, created_at::text as created_at from segment_definition_versions
        where segment_id = any(${uuidArray(segmentIds)}) order by segment_id, version`,
  );
  return found.map((r) => ({
    segmentId: r.segment_id,
    version: r.version,
    name: r.name,
    description: r.description,
    definition: typeof r.definition === 'string' ? JSON.parse(r.definition) : r.definition,
    createdAt: toDate(r.created_at),
  }));
}

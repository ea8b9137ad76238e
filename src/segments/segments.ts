import type { Database, Queryable } from '../db/client';
import { DomainError, notFound } from '../graphql/errors';
import type { ChangeOrigin, ProfileChangeListener } from '../profiles/profileChanged';
import { clock } from '../shared/clock';
import { compileDefinition } from './compile';
import type { SegmentCondition, SegmentLookup } from './definition';
import { affectedBy, reasonOf, segmentDependencies, type ChangeReason, type SegmentDependencies } from './membership';
import { lockChangeLog, NOBODY, reconcileSegments, type ReconcileResult } from './membership.repo';
import { readCutPoints } from '../metrics/metrics.repo';
import type { BuiltinSegment } from './builtins';
import { allSegments, insertSegment, markSegment, updateSegmentRow, type SegmentRecord } from './segment.repo';

/*
 * Stored segments and their materialised membership (issue 5 §2–3). Every path that changes membership — a write
 * (profileChanged), a definition change, an archive, the time sweep, a model refit — takes the change-log lock first
 * and reads the catalogue after it, so it sees every segment committed before it and its appends commit in cursor
 * order. Membership is reconciled set-based: one statement per segment, whatever the number of profiles.
 */

export interface CatalogEntry {
  segment: SegmentRecord;
  definition: SegmentCondition;
  dependencies: SegmentDependencies;
}

export interface Catalog {
  /** Segments not archived, in creation order. */
  active: CatalogEntry[];
  /** inSegment resolves against the segments not archived. */
  lookup: SegmentLookup;
  byId: Map<string, SegmentRecord>;
}

export function buildCatalog(records: readonly SegmentRecord[]): Catalog {
  const live = records.filter((s) => !s.archivedAt);
  const definitions = new Map(live.map((s) => [s.id, s.definition as SegmentCondition]));
  const lookup: SegmentLookup = (id) => definitions.get(id) ?? null;
  return {
    active: live.map((segment) => {
      const definition = segment.definition as SegmentCondition;
      return { segment, definition, dependencies: segmentDependencies(definition, lookup) };
    }),
    lookup,
    byId: new Map(records.map((s) => [s.id, s])),
  };
}

export async function readCatalog(q: Queryable | Database): Promise<Catalog> {
  return buildCatalog(await allSegments(q));
}

/** What the segments need from configuration. */
export interface SegmentSettings {
  timeZone: string;
}

/** Re-evaluate one segment whole, in the caller's transaction (the change-log lock already held). */
async function reconcileWhole(tx: Queryable, settings: SegmentSettings, catalog: Catalog, entry: CatalogEntry, reason: ChangeReason, now: Date): Promise<ReconcileResult> {
  const members = compileDefinition(entry.definition, { now, timeZone: settings.timeZone, segments: catalog.lookup, selfId: entry.segment.id });
  const result = await reconcileSegments(tx, [{ segmentId: entry.segment.id, members }], { now, reason });
  await markSegment(tx, entry.segment.id, { evaluatedAt: now });
  return result;
}

/** The active segments that reference `id`, directly or through others. */
const dependents = (catalog: Catalog, id: string) => catalog.active.filter((e) => e.dependencies.references.has(id));

export interface SegmentInput {
  name: string;
  description: string;
  /** Validated by the caller (accept.ts), references included. */
  definition: SegmentCondition;
}

const NAME_MAX = 200;

function checkName(catalog: Catalog, name: string, selfId: string | null): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > NAME_MAX) throw new DomainError('BAD_USER_INPUT', `name must be 1 to ${NAME_MAX} characters`, 'input.name');
  if (catalog.active.some((e) => e.segment.id !== selfId && e.segment.name === trimmed)) {
    throw new DomainError('CONFLICT', `a segment named "${trimmed}" already exists`, 'input.name');
  }
  return trimmed;
}

/** Store a segment and evaluate it whole (every member ENTERED, reason DEFINITION_CHANGE) before answering. */
export async function createSegment(database: Database, settings: SegmentSettings, input: SegmentInput, builtinKey: string | null = null): Promise<SegmentRecord | null> {
  return database.db.transaction(async (tx) => {
    await lockChangeLog(tx);
    const now = clock.now();
    const before = await readCatalog(tx);
    let name = input.name;
    if (builtinKey) {
      // Read under the lock: another server starting at the same time may have created it first.
      if ([...before.byId.values()].some((s) => s.builtinKey === builtinKey)) return null;
      if (before.active.some((e) => e.segment.name === name)) name = `${name} (built-in)`;
    }
    name = checkName(before, name, null);
    const segment = await insertSegment(tx, { name, description: input.description, definition: input.definition, builtinKey, now });
    if (!segment) return null;
    const catalog = await readCatalog(tx);
    const entry = catalog.active.find((e) => e.segment.id === segment.id)!;
    await reconcileWhole(tx, settings, catalog, entry, 'DEFINITION_CHANGE', now);
    return { ...segment, evaluatedAt: now };
  });
}

/** A new version of the definition; the segment and every segment that references it are re-evaluated whole. */
export async function updateSegment(database: Database, settings: SegmentSettings, id: string, input: SegmentInput): Promise<SegmentRecord> {
  return database.db.transaction(async (tx) => {
    await lockChangeLog(tx);
    const now = clock.now();
    const before = await readCatalog(tx);
    const current = before.byId.get(id);
    if (!current) throw notFound('segment');
    if (current.archivedAt) throw new DomainError('CONFLICT', 'this segment is archived', 'id');
    const name = checkName(before, input.name, id);
    const segment = await updateSegmentRow(tx, id, { name, description: input.description, definition: input.definition, now });
    const catalog = await readCatalog(tx);
    for (const entry of [catalog.active.find((e) => e.segment.id === id)!, ...dependents(catalog, id)]) {
      await reconcileWhole(tx, settings, catalog, entry, 'DEFINITION_CHANGE', now);
    }
    return { ...segment, evaluatedAt: now };
  });
}

/** Archive: every member EXITED (reason ARCHIVE); refused while an active segment references it. */
export async function archiveSegment(database: Database, id: string): Promise<SegmentRecord> {
  return database.db.transaction(async (tx) => {
    await lockChangeLog(tx);
    const now = clock.now();
    const catalog = await readCatalog(tx);
    const current = catalog.byId.get(id);
    if (!current) throw notFound('segment');
    if (current.archivedAt) return current;
    const users = dependents(catalog, id);
    if (users.length) {
      throw new DomainError('CONFLICT', `segments still reference this one: ${users.map((u) => `"${u.segment.name}"`).join(', ')}`, 'id');
    }
    await reconcileSegments(tx, [{ segmentId: id, members: NOBODY }], { now, reason: 'ARCHIVE' });
    await markSegment(tx, id, { archivedAt: now });
    return { ...current, archivedAt: now, updatedAt: now };
  });
}

/**
 * Re-evaluate the active segments `which` selects, each whole and in its own transaction (a full evaluation holds the
 * change-log lock; writes wait for one segment, not for all). Returns the segments evaluated and the changes.
 */
export async function evaluateSegments(
  database: Database,
  settings: SegmentSettings,
  which: (entry: CatalogEntry, now: Date) => boolean,
  reason: ChangeReason,
): Promise<{ segments: number; entered: number; exited: number }> {
  const ids = (await readCatalog(database.db)).active.map((e) => e.segment.id);
  const total = { segments: 0, entered: 0, exited: 0 };
  for (const id of ids) {
    await database.db.transaction(async (tx) => {
      await lockChangeLog(tx);
      const now = clock.now();
      // Read again under the lock: another process may have evaluated, changed or archived it meanwhile.
      const catalog = await readCatalog(tx);
      const entry = catalog.active.find((e) => e.segment.id === id);
      if (!entry || !which(entry, now)) return;
      const r = await reconcileWhole(tx, settings, catalog, entry, reason, now);
      total.segments++;
      total.entered += r.entered;
      total.exited += r.exited;
    });
  }
  return total;
}

/** The local calendar day of an instant in a time zone (YYYY-MM-DD). */
const localDay = (at: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/**
 * The time sweep: segments never evaluated; segments whose membership can change with no new data (windows, relative
 * dates, computed fields) last evaluated on an earlier local day; and segments reading computed fields evaluated
 * before the last full re-score of everyone (the metrics sweep, `recompute`, a refit: its cut points' time), which
 * changed stored values outside any write. Idempotent, so several servers sweeping at once do no harm: each segment
 * is re-checked under the change-log lock.
 */
export async function sweepSegments(database: Database, settings: SegmentSettings, reason: ChangeReason = 'TIME') {
  const rescoredAt = (await readCutPoints(database))?.computedAt ?? null;
  return evaluateSegments(
    database,
    settings,
    (e, now) =>
      !e.segment.evaluatedAt ||
      (e.dependencies.readsMetrics && rescoredAt !== null && e.segment.evaluatedAt <= rescoredAt) ||
      (e.dependencies.timeRelative && localDay(e.segment.evaluatedAt, settings.timeZone) < localDay(now, settings.timeZone)),
    reason,
  );
}

/**
 * Keeps membership exact on write: in the writer's transaction, after the computed fields (registered after
 * metricsListener), the changed profiles are re-evaluated in the segments their changes can move — all of them in one
 * statement, restricted to those profiles — so a customer who enters and leaves within one batch logs nothing.
 */
export function segmentListener(settings: SegmentSettings): ProfileChangeListener {
  return async (tx, changes, origins) => {
    await lockChangeLog(tx, { genericPlans: true });
    const catalog = await readCatalog(tx);
    const causes = new Set([...changes.values()].flatMap((c) => [...c]));
    const affected = catalog.active.filter((e) => affectedBy(e.dependencies, causes));
    if (!affected.length) return;
    const now = clock.now();
    const ids = [...changes.keys()];
    const reasons = ids.map((id) => reasonOf(changes.get(id)!));
    const origin = (id: string, i: number): ChangeOrigin | undefined => (reasons[i] === 'DATA_CHANGE' ? origins?.get(id) : undefined);
    const scope = {
      ids,
      reasons,
      messageIds: ids.map((id, i) => origin(id, i)?.messageId ?? null),
      messageOccurredAt: ids.map((id, i) => origin(id, i)?.occurredAt ?? null),
    };
    // Every affected segment in one statement: the write path's cost does not grow with the number of segments.
    const members = affected.map((entry) => ({
      segmentId: entry.segment.id,
      members: compileDefinition(entry.definition, { now, timeZone: settings.timeZone, segments: catalog.lookup, selfId: entry.segment.id, customerIds: ids }),
    }));
    await reconcileSegments(tx, members, { now, reason: 'DATA_CHANGE', scope });
  };
}

/**
 * Create the built-in segments this database has not had yet (by key: one archived or renamed by an operator stays
 * as it is). A name an operator already took gets " (built-in)" appended.
 */
export async function ensureBuiltinSegments(database: Database, settings: SegmentSettings, builtins: readonly BuiltinSegment[]): Promise<number> {
  const catalog = await readCatalog(database.db);
  const have = new Set([...catalog.byId.values()].map((s) => s.builtinKey));
  let created = 0;
  for (const b of builtins) {
    if (have.has(b.key)) continue;
    if (await createSegment(database, settings, { name: b.name, description: b.description, definition: b.definition }, b.key)) created++;
  }
  return created;
}

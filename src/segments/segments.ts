import { sql } from 'drizzle-orm';
import { exec, type Database, type Queryable } from '../db/client';
import { statementTemplate, textArrayLiteral, uuidArrayLiteral, type StatementTemplate } from '../db/values';
import { DomainError, notFound } from '../graphql/errors';
import type { ChangeOrigin, ProfileChangeListener } from '../profiles/profileChanged';
import { clock } from '../shared/clock';
import { compileDefinition } from './compile';
import { compileSegmentSet } from './compileSet';
import type { SegmentCondition, SegmentLookup } from './definition';
import { affectedBy, reasonOf, segmentDependencies, type ChangeReason, type SegmentDependencies } from './membership';
import { lockChangeLog, NOBODY, reconcileSegments, reconcileStatement, runReconcile, type ReconcileResult } from './membership.repo';
import { readCutPoints } from '../metrics/metrics.repo';
import type { BuiltinSegment } from './builtins';
import { allSegments, CATALOG_VERSION, catalogVersion, hasProfiles, insertSegment, markSegment, updateSegmentRow, type SegmentRecord } from './segment.repo';

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
  // Local to the transaction. The planner sizes the target set from left joins over every profile (a million rows
  // where there are thousands), so the statement always looks expensive enough for JIT, whose compilation then cost
  // 1–1.6 s of a 5–9 s evaluation at 1M profiles while the hash joins and aggregates it runs gain nothing from it. And
  // the statement is prepared (its text is the same at every sweep): a generic plan would not see where its windows
  // start (compileSet.ts), while planning it afresh costs milliseconds of a run of seconds.
  await exec(tx, sql`select set_config('jit', 'off', true), set_config('plan_cache_mode', 'force_custom_plan', true)`);
  const members = compileSegmentSet(entry.definition, { now, timeZone: settings.timeZone, segments: catalog.lookup, selfId: entry.segment.id });
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
export async function createSegment(database: Database, settings: SegmentSettings, input: SegmentInput): Promise<SegmentRecord> {
  return database.db.transaction(async (tx) => {
    await lockChangeLog(tx);
    const now = clock.now();
    const before = await readCatalog(tx);
    const name = checkName(before, input.name, null);
    const segment = await insertSegment(tx, { name, description: input.description, definition: input.definition, now });
    if (!segment) throw new Error('createSegment: the segment was not inserted');
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
 * change-log lock; writes wait for one segment, not for all). Returns the segments evaluated and the changes. With a
 * `stopped` check, no further segment is started once it answers true (shutdown): the rest stay as they were.
 */
export async function evaluateSegments(
  database: Database,
  settings: SegmentSettings,
  which: (entry: CatalogEntry, now: Date) => boolean,
  reason: ChangeReason | ((entry: CatalogEntry) => ChangeReason),
  stopped: () => boolean = () => false,
): Promise<{ segments: number; entered: number; exited: number }> {
  const ids = (await readCatalog(database.db)).active.map((e) => e.segment.id);
  const total = { segments: 0, entered: 0, exited: 0 };
  for (const id of ids) {
    if (stopped()) break;
    await database.db.transaction(async (tx) => {
      await lockChangeLog(tx);
      const now = clock.now();
      // Read again under the lock: another process may have evaluated, changed or archived it meanwhile.
      const catalog = await readCatalog(tx);
      const entry = catalog.active.find((e) => e.segment.id === id);
      if (!entry || !which(entry, now)) return;
      const r = await reconcileWhole(tx, settings, catalog, entry, typeof reason === 'function' ? reason(entry) : reason, now);
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
  // A full run stores the RFM cut points before it writes and the LTV deciles after: the later of the two.
  const cuts = await readCutPoints(database);
  const rescoredAt = cuts ? new Date(Math.max(cuts.computedAt.getTime(), cuts.ltvCutsComputedAt?.getTime() ?? 0)) : null;
  return evaluateSegments(
    database,
    settings,
    (e, now) =>
      !e.segment.evaluatedAt ||
      (e.dependencies.readsMetrics && rescoredAt !== null && e.segment.evaluatedAt <= rescoredAt) ||
      (e.dependencies.timeRelative && localDay(e.segment.evaluatedAt, settings.timeZone) < localDay(now, settings.timeZone)),
    // A segment's first evaluation is its definition taking effect, whoever gets to it first (see startSegments).
    (e) => (e.segment.evaluatedAt ? reason : 'DEFINITION_CHANGE'),
  );
}

/** The first evaluation of every segment never evaluated (built-ins created at start, segments a migration added). */
export function evaluatePendingSegments(database: Database, settings: SegmentSettings, stopped?: () => boolean) {
  return evaluateSegments(database, settings, (e) => !e.segment.evaluatedAt, 'DEFINITION_CHANGE', stopped);
}

/**
 * Keeps membership exact on write: in the writer's transaction, after the computed fields (registered after
 * metricsListener), the changed profiles are re-evaluated in the segments their changes can move — all of them in one
 * statement, restricted to those profiles — so a customer who enters and leaves within one batch logs nothing.
 *
 * A segment not evaluated yet (evaluatedAt null: a built-in created at start whose first evaluation is still running)
 * is left alone: it stays empty until that evaluation, which runs under the same lock and so sees every write
 * committed before it, fills it whole. Writes never give it a partial membership.
 *
 * The catalogue (definitions parsed, dependencies worked out) is kept per listener, i.e. per process, with its version
 * (segment.repo.ts: every create, update, archive and first evaluation changes it, in any process). A write that moves
 * segments of the cached catalogue costs one round trip: the change-log lock request and, right behind it, the
 * reconcile statement, which runs once the lock is granted and itself checks that the catalogue is still the cached
 * one, changing nothing if not. Only then (or with no catalogue cached, or none of its segments affected, where the
 * version must still be read under the lock) is the version read under the lock, the catalogue read again if it
 * changed, and the reconcile sent after it. "Now" for the log follows the cursor order: taken after the lock on that
 * path, and on the first clamped by the statement to the last logged change's time.
 */
export function segmentListener(settings: SegmentSettings): ProfileChangeListener {
  type Cached = { version: string; catalog: Catalog; evaluated: CatalogEntry[]; statements: Map<string, StatementTemplate | null> };
  let cached: Cached | null = null;

  // Every affected segment in one statement: the write path's cost does not grow with the number of segments. Its
  // text depends only on the catalogue and which segments are affected, so it is built and serialised once per
  // catalogue version and set (about 0.25 ms and 400 KB of garbage per write for the built-ins: a young-generation
  // GC pause every few dozen writes), and only its values are bound per write. Null when it cannot be a template.
  const templateOf = (c: Cached, affected: readonly CatalogEntry[], guarded: boolean): StatementTemplate | null => {
    const key = `${guarded ? 'guarded' : 'plain'} ${affected.map((e) => e.segment.id).join(' ')}`;
    let template = c.statements.get(key);
    if (template === undefined) {
      const at = sql.placeholder('now');
      const members = affected.map((entry) => ({
        segmentId: entry.segment.id,
        members: compileDefinition(entry.definition, { now: at, timeZone: settings.timeZone, segments: c.catalog.lookup, selfId: entry.segment.id, customerIds: sql.placeholder('ids') }),
      }));
      template = statementTemplate(
        reconcileStatement(members, {
          now: sql`${at}::timestamptz`,
          reason: 'DATA_CHANGE',
          scope: {
            ids: sql`${sql.placeholder('ids')}::uuid[]`,
            reasons: sql`${sql.placeholder('reasons')}::text[]`,
            messageIds: sql`${sql.placeholder('messageIds')}::text[]`,
            messageOccurredAt: sql`${sql.placeholder('messageOccurredAt')}::text[]`,
          },
          guard: guarded ? sql`${CATALOG_VERSION} = ${sql.placeholder('version')}::text` : undefined,
        }),
      );
      c.statements.set(key, template);
    }
    return template;
  };

  return async (tx, changes, origins) => {
    const causes = new Set([...changes.values()].flatMap((c) => [...c]));
    const ids = [...changes.keys()];
    const reasons = ids.map((id) => reasonOf(changes.get(id)!));
    const origin = (id: string, i: number): ChangeOrigin | undefined => (reasons[i] === 'DATA_CHANGE' ? origins?.get(id) : undefined);
    const scope = {
      ids,
      reasons,
      messageIds: ids.map((id, i) => origin(id, i)?.messageId ?? null),
      messageOccurredAt: ids.map((id, i) => origin(id, i)?.occurredAt ?? null),
    };
    const values = (now: Date, version?: string) => ({
      now: now.toISOString(),
      ids: uuidArrayLiteral(scope.ids),
      reasons: textArrayLiteral(scope.reasons),
      messageIds: textArrayLiteral(scope.messageIds.map((m) => m ?? '')),
      messageOccurredAt: textArrayLiteral(scope.messageOccurredAt.map((d) => d?.toISOString() ?? '')),
      ...(version === undefined ? {} : { version }),
    });

    const hoped = cached;
    const hopedAffected = hoped?.evaluated.filter((e) => affectedBy(e.dependencies, causes)) ?? [];
    const guarded = hoped && hopedAffected.length ? templateOf(hoped, hopedAffected, true) : null;
    if (hoped && guarded) {
      const [, result] = await Promise.all([
        lockChangeLog(tx, { genericPlans: true }),
        runReconcile(tx, { template: guarded, values: values(clock.now(), hoped.version) }),
      ]);
      if (result.current) return;
    }

    // The lock may be held already (the guard failed): taking it again in the same transaction is a no-op.
    const [, version] = await Promise.all([lockChangeLog(tx, { genericPlans: true }), catalogVersion(tx)]);
    if (cached?.version !== version) {
      const catalog = await readCatalog(tx);
      cached = { version, catalog, evaluated: catalog.active.filter((e) => e.segment.evaluatedAt), statements: new Map() };
    }
    const current = cached;
    const affected = current.evaluated.filter((e) => affectedBy(e.dependencies, causes));
    if (!affected.length) return;
    const now = clock.now();
    const template = templateOf(current, affected, false);
    if (template) {
      await runReconcile(tx, { template, values: values(now) });
      return;
    }
    const members = affected.map((entry) => ({
      segmentId: entry.segment.id,
      members: compileDefinition(entry.definition, { now, timeZone: settings.timeZone, segments: current.catalog.lookup, selfId: entry.segment.id, customerIds: ids }),
    }));
    await reconcileSegments(tx, members, { now, reason: 'DATA_CHANGE', scope });
  };
}

/**
 * Create the built-in segments this database has not had yet (by key: one archived or renamed by an operator stays
 * as it is), in one transaction under the change-log lock (servers starting together on one database do not race),
 * without evaluating them: they start empty with evaluatedAt null (see evaluatePendingSegments). A name an operator
 * already took gets " (built-in)" appended. Returns the number created.
 */
export async function createBuiltinSegments(database: Database, builtins: readonly BuiltinSegment[]): Promise<number> {
  const have = new Set([...(await readCatalog(database.db)).byId.values()].map((s) => s.builtinKey));
  if (builtins.every((b) => have.has(b.key))) return 0;
  return database.db.transaction(async (tx) => {
    await lockChangeLog(tx);
    const now = clock.now();
    // Read under the lock: another server starting at the same time may have created some first.
    const catalog = await readCatalog(tx);
    const taken = [...catalog.byId.values()];
    let created = 0;
    for (const b of builtins) {
      if (taken.some((s) => s.builtinKey === b.key)) continue;
      const name = checkName(catalog, taken.some((s) => !s.archivedAt && s.name === b.name) ? `${b.name} (built-in)` : b.name, null);
      const segment = await insertSegment(tx, { name, description: b.description, definition: b.definition, builtinKey: b.key, now });
      if (segment) {
        taken.push(segment);
        created++;
      }
    }
    return created;
  });
}

/** Create the missing built-in segments and evaluate them (and any other segment never evaluated) before returning. */
export async function ensureBuiltinSegments(database: Database, settings: SegmentSettings, builtins: readonly BuiltinSegment[]): Promise<number> {
  const created = await createBuiltinSegments(database, builtins);
  await evaluatePendingSegments(database, settings);
  return created;
}

export interface SegmentsStart {
  /** Settles when the first evaluations have finished (or stopped); never rejects (failures are logged). */
  done: Promise<void>;
  /** Start no further first evaluation (shutdown); the one running finishes. */
  stop(): Promise<void>;
}

/**
 * Server start: the built-ins' rows at once, their first evaluation (and that of any segment never evaluated) in the
 * background — on a database of a million profiles it takes seconds, which start-up must not wait for. Until a
 * segment's first evaluation commits it reads as never evaluated: `evaluatedAt` null, `size` 0, no `members`, in no
 * customer's `segments`, nothing in the change feed; then every member enters at once (DEFINITION_CHANGE). On a
 * database without profiles the evaluation has nothing to read and is awaited, so a new database is exact from its
 * first request. A failed evaluation is logged and left to the time sweep, which picks up segments never evaluated.
 */
export async function startSegments(
  database: Database,
  settings: SegmentSettings,
  builtins: readonly BuiltinSegment[],
  onError: (err: unknown) => void,
): Promise<SegmentsStart> {
  await createBuiltinSegments(database, builtins);
  const empty = !(await hasProfiles(database));
  let stopping = false;
  const done = evaluatePendingSegments(database, settings, () => stopping).then(
    () => undefined,
    (err) => onError(err),
  );
  if (empty) await done;
  return {
    done,
    stop: async () => {
      stopping = true;
      await done;
    },
  };
}

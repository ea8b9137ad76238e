import { sql } from 'drizzle-orm';
import { rows, type Reader } from '../db/client';
import { textArray, toDate, uuidArray } from '../db/values';

export interface MergeRecord {
  id: string;
  mergedId: string;
  rule: 'SHARED_IDENTITY' | 'ALIAS';
  identityType: string | null;
  sourceId: string | null;
  messageId: string | null;
  occurredAt: Date;
  createdAt: Date;
}

/** Every merge that built these profiles (including merges into profiles merged since), oldest first. */
export async function mergesOfProfiles(q: Reader, roots: readonly string[]): Promise<Map<string, MergeRecord[]>> {
  const byRoot = new Map<string, MergeRecord[]>(roots.map((r) => [r, []]));
  if (!roots.length) return byRoot;
  const found = await rows<{
    root: string; id: string; merged_id: string; rule: 'SHARED_IDENTITY' | 'ALIAS'; identity_type: string | null;
    source_id: string | null; message_id: string | null; occurred_at: string; created_at: string;
  }>(
    q,
    sql`select r.root, pm.id, pm.merged_id, pm.rule, i.type as identity_type, pm.source_id, pm.message_id,
               pm.occurred_at::text as occurred_at, pm.created_at::text as created_at
        from unnest(${uuidArray(roots)}) as r(root)
        cross join lateral (select r.root as member union all select c.id from customers c where c.merged_into_id = r.root) m
        join profile_merges pm on pm.customer_id = m.member
        left join identities i on i.id = pm.identity_id
        order by r.root, pm.created_at, pm.id`,
  );
  for (const r of found) {
    byRoot.get(r.root)?.push({
      id: r.id, mergedId: r.merged_id, rule: r.rule, identityType: r.identity_type, sourceId: r.source_id, messageId: r.message_id,
      occurredAt: toDate(r.occurred_at), createdAt: toDate(r.created_at),
    });
  }
  return byRoot;
}

/**
 * Which observation of a trait wins, as an ORDER BY tail over `o` (observations) and `s` (sources): latest occurred-at,
 * then higher source priority, then message id; first-touch keys keep the earliest. One definition for the stored
 * traits and for traitValues, so the two can never disagree.
 */
export function winningObservationOrder(firstTouchKeys: string[]) {
  return sql`case when o.key = any(${textArray(firstTouchKeys)}) then -extract(epoch from o.occurred_at) else extract(epoch from o.occurred_at) end desc,
    coalesce(s.priority, 0) desc, o.message_id desc nulls last`;
}

export interface TraitValueRecord {
  key: string;
  value: unknown;
  sourceId: string | null;
  sourceName: string | null;
  messageId: string | null;
  observedAt: Date;
}

/** The winning observation per trait key — the same fold as the stored traits (ingest.repo refoldTraits). */
export async function traitValuesOfProfiles(q: Reader, roots: readonly string[], firstTouchKeys: string[]): Promise<Map<string, TraitValueRecord[]>> {
  const byRoot = new Map<string, TraitValueRecord[]>(roots.map((r) => [r, []]));
  if (!roots.length) return byRoot;
  const found = await rows<{ root: string; key: string; value: unknown; source_id: string | null; source_name: string | null; message_id: string | null; occurred_at: string }>(
    q,
    sql`select r.root, w.* from unnest(${uuidArray(roots)}) as r(root)
        cross join lateral (
          select distinct on (o.key) o.key, o.value, o.source_id, s.name as source_name, o.message_id, o.occurred_at::text as occurred_at
          from (select r.root as member union all select c.id from customers c where c.merged_into_id = r.root) m
          join observations o on o.customer_id = m.member
          left join sources s on s.id = o.source_id
          order by o.key, ${winningObservationOrder(firstTouchKeys)}
        ) w
        order by r.root, w.key`,
  );
  for (const r of found) {
    byRoot.get(r.root)?.push({ key: r.key, value: r.value, sourceId: r.source_id, sourceName: r.source_name, messageId: r.message_id, observedAt: toDate(r.occurred_at) });
  }
  return byRoot;
}

export interface ConflictRow {
  id: string;
  customer_id: string;
  rule: string;
  identity_type: string;
  profile_ids: string[];
  source_id: string | null;
  message_id: string | null;
  occurred_at: string;
  created_at: string;
}

/** Identity conflicts, newest first (keyset on created_at, id). */
export async function conflictsPage(q: Reader, first: number, after: { at: string; id: string } | null): Promise<ConflictRow[]> {
  return rows<ConflictRow>(
    q,
    sql`select id, customer_id, rule, identity_type, profile_ids, source_id, message_id, occurred_at::text as occurred_at, created_at::text as created_at
        from identity_conflicts
        where ${after ? sql`(created_at, id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql`true`}
        order by created_at desc, id desc limit ${first + 1}`,
  );
}

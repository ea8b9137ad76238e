import type { Db } from '../db/client';
import type { IdentityRef } from '../ingestion/message';
import { identityOwners, profileViews, separationsAmong } from '../ingestion/ingest.repo';
import { keyOf, resolveMessage, type Resolution } from './match';
import type { IdentityRules } from './rules';

export interface MergePreviewResult {
  resolution: Resolution;
  /** The live profiles the identities already belong to. */
  matched: string[];
}

/** What a message with these identifiers would do, decided exactly as ingestion would — without writing anything. */
export async function previewResolution(db: Db, identities: IdentityRef[], rules: IdentityRules): Promise<MergePreviewResult> {
  return db.transaction(async (tx) => {
    const owners = await identityOwners(tx, identities);
    const roots = [...new Set(owners.map((o) => o.root))];
    const views = await profileViews(tx, roots);
    const separations = await separationsAmong(tx, [...identities, ...[...views.values()].flatMap((v) => v.identities)]);
    const resolution = resolveMessage(identities, new Map(owners.map((o) => [keyOf(o), o.root])), views, rules, { separations });
    return { resolution, matched: roots.sort() };
  });
}

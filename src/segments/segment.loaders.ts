import DataLoader from 'dataloader';
import type { Database } from '../db/client';
import { clock } from '../shared/clock';
import type { AcceptedDefinition } from './accept';
import { compileDefinition } from './compile';
import { changesOfCustomers, currentMemberships, segmentSizes, type ChangeRow } from './membership.repo';
import { definitionVersions, memberIds, type DefinitionVersionRow } from './segment.repo';
import { readCatalog, type Catalog } from './segments';

export interface MatchKey {
  accepted: AcceptedDefinition;
  customerId: string;
}

/**
 * Per-request loaders for segments. `matches` on a page of customers is one statement per distinct definition: the
 * compiled definition restricted to the page's ids.
 */
export function createSegmentLoaders(database: Database, timeZone: string) {
  const group = <K, R>(keys: readonly K[], found: R[], keyOf: (r: R) => K) => {
    const by = new Map<K, R[]>();
    for (const r of found) by.set(keyOf(r), [...(by.get(keyOf(r)) ?? []), r]);
    return keys.map((k) => by.get(k) ?? []);
  };
  return {
    /** Every stored segment, read once per request. */
    segmentCatalog: new DataLoader<'all', Catalog>(async (keys) => {
      const catalog = await readCatalog(database);
      return keys.map(() => catalog);
    }),
    segmentSize: new DataLoader<string, number>(async (ids) => {
      const sizes = await segmentSizes(database, ids);
      return ids.map((id) => sizes.get(id) ?? 0);
    }),
    segmentVersions: new DataLoader<string, DefinitionVersionRow[]>(async (ids) => group(ids, await definitionVersions(database, ids), (r) => r.segmentId)),
    membershipsByCustomer: new DataLoader<string, { segmentId: string; enteredAt: Date }[]>(async (ids) =>
      group(ids, await currentMemberships(database, ids), (r) => r.customerId),
    ),
    segmentHistoryByCustomer: new DataLoader<string, ChangeRow[]>(async (ids) => group(ids, await changesOfCustomers(database, ids), (r) => r.customerId)),
    segmentMatches: new DataLoader<MatchKey, boolean, string>(
      async (keys) => {
        const groups = new Map<string, { accepted: AcceptedDefinition; ids: Set<string> }>();
        for (const { accepted, customerId } of keys) {
          const group = groups.get(accepted.key) ?? { accepted, ids: new Set<string>() };
          group.ids.add(customerId);
          groups.set(accepted.key, group);
        }
        const now = clock.now();
        const members = new Map<string, Set<string>>();
        for (const [key, { accepted, ids }] of groups) {
          const statement = compileDefinition(accepted.definition, { now, timeZone, segments: accepted.segments, customerIds: [...ids] });
          members.set(key, await memberIds(database, statement));
        }
        return keys.map((k) => members.get(k.accepted.key)!.has(k.customerId));
      },
      { cacheKeyFn: (k) => `${k.customerId}\u0000${k.accepted.key}` },
    ),
  };
}
export type SegmentLoaders = ReturnType<typeof createSegmentLoaders>;

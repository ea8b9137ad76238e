import DataLoader from 'dataloader';
import type { Database } from '../db/client';
import { clock } from '../shared/clock';
import type { AcceptedDefinition } from './accept';
import { compileDefinition } from './compile';
import { memberIds } from './segment.repo';

export interface MatchKey {
  accepted: AcceptedDefinition;
  customerId: string;
}

/**
 * Per-request loaders for segments. `matches` on a page of customers is one statement per distinct definition: the
 * compiled definition restricted to the page's ids.
 */
export function createSegmentLoaders(database: Database, timeZone: string) {
  return {
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

import DataLoader from 'dataloader';
import { encodeCursor, toConnection, type Connection, type TimePageArgs } from './connection';

export interface PageKey<F = undefined> {
  customerId: string;
  args: TimePageArgs;
  /** List-specific filters (e.g. event name and time range); keys with equal filters are batched together. */
  filter?: F;
}

export interface TimeRow {
  root: string;
  cursor_at: string;
  id: string;
}

/**
 * A DataLoader of per-profile pages. Keys with the same (first, after) are fetched together in one statement, so
 * a page of 100 customers each asking `orders(first: 10)` costs one statement, not 100.
 */
export function timePageLoader<R extends TimeRow, T, F = undefined>(
  fetch: (roots: string[], args: TimePageArgs, filter: F | undefined) => Promise<Map<string, R[]>>,
  toNode: (row: R) => T,
) {
  const group = (key: PageKey<F>) => `${key.args.first}|${key.args.after ?? ''}|${JSON.stringify(key.filter ?? null)}`;
  return new DataLoader<PageKey<F>, Connection<T>, string>(
    async (keys) => {
      const groups = new Map<string, { key: PageKey<F>; roots: Set<string> }>();
      for (const key of keys) {
        const g = group(key);
        if (!groups.has(g)) groups.set(g, { key, roots: new Set() });
        groups.get(g)!.roots.add(key.customerId);
      }
      const results = new Map<string, Map<string, R[]>>();
      for (const [g, { key, roots }] of groups) results.set(g, await fetch([...roots], key.args, key.filter));
      return keys.map((key) => {
        const rowsPlusOne = results.get(group(key))!.get(key.customerId) ?? [];
        return toConnection(rowsPlusOne, key.args, (r) => encodeCursor([r.cursor_at, r.id]), toNode);
      });
    },
    { cacheKeyFn: (k) => `${k.customerId}|${group(k)}` },
  );
}

import DataLoader from 'dataloader';
import { encodeCursor, toConnection, type Connection, type TimePageArgs } from './connection';

export interface PageKey {
  customerId: string;
  args: TimePageArgs;
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
export function timePageLoader<R extends TimeRow, T>(
  fetch: (roots: string[], args: TimePageArgs) => Promise<Map<string, R[]>>,
  toNode: (row: R) => T,
) {
  const group = (args: TimePageArgs) => `${args.first}|${args.after ?? ''}`;
  return new DataLoader<PageKey, Connection<T>, string>(
    async (keys) => {
      const groups = new Map<string, { args: TimePageArgs; roots: Set<string> }>();
      for (const key of keys) {
        const g = group(key.args);
        if (!groups.has(g)) groups.set(g, { args: key.args, roots: new Set() });
        groups.get(g)!.roots.add(key.customerId);
      }
      const results = new Map<string, Map<string, R[]>>();
      for (const [g, { args, roots }] of groups) results.set(g, await fetch([...roots], args));
      return keys.map((key) => {
        const rowsPlusOne = results.get(group(key.args))!.get(key.customerId) ?? [];
        return toConnection(rowsPlusOne, key.args, (r) => encodeCursor([r.cursor_at, r.id]), toNode);
      });
    },
    { cacheKeyFn: (k) => `${k.customerId}|${group(k.args)}` },
  );
}

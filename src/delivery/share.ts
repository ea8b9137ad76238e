import type { Principal } from '../auth/scopes';

/*
 * Work shared by the subscribers of one process that receive the same change. The fan-out hands the SAME entry
 * object to every subscriber, so a result computed for one of them can be handed to every other that asks for the
 * same thing with the same rights. Pure: no GraphQL, no database (test/unit/delivery/share.test.ts).
 */

/** One read of the log (by the reader, or one page of a replay): its entries share their contexts and results. */
interface Page {
  /** One context per permission class: its loaders batch and cache the reads of the page's entries. */
  contexts: Map<string, unknown>;
  /** Per entry, per share key. Weak, so an entry's results go with the last subscriber queue holding it. */
  results: WeakMap<object, Map<string, unknown>>;
}

/**
 * What decides what a subscriber may see of an event: its scopes (`@Authorized` fields, PII masking by `pii:read`).
 * Two keys with the same scopes see the same result for the same selection; `admin` implies every scope.
 */
export function permissionClass(principal: Principal | null): string {
  if (!principal) return '-';
  if (principal.scopes.has('admin')) return 'admin';
  return [...principal.scopes].sort().join(',');
}

/**
 * Results of a log entry keyed by (entry, share key), computed once by the first subscriber that asks and shared
 * with the others while any of them still holds the entry. The share key must name everything the result depends on
 * besides the entry (the selection, the variables it uses, the permission class); the context a result is computed
 * with is one per (page, permission class), created on first use.
 */
export class EventShare {
  private readonly pages = new WeakMap<object, Page>();
  /** Results computed (tests and the benchmark: once per change and share key, not once per subscriber). */
  computed = 0;

  /** The entries of one read of the log; returns them. Entries never registered count as pages of their own. */
  register<E extends object>(entries: E[]): E[] {
    const page: Page = { contexts: new Map(), results: new WeakMap() };
    for (const e of entries) this.pages.set(e, page);
    return entries;
  }

  result<C, R>(entry: object, shareKey: string, permission: string, newContext: () => C, compute: (context: C) => R): R {
    let page = this.pages.get(entry);
    if (!page) {
      page = { contexts: new Map(), results: new WeakMap() };
      this.pages.set(entry, page);
    }
    let results = page.results.get(entry);
    if (!results) page.results.set(entry, (results = new Map()));
    if (results.has(shareKey)) return results.get(shareKey) as R;
    let context = page.contexts.get(permission) as C | undefined;
    if (context === undefined) page.contexts.set(permission, (context = newContext()));
    const value = compute(context);
    results.set(shareKey, value);
    this.computed++;
    return value;
  }
}

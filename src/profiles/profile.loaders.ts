import DataLoader from 'dataloader';
import { eventPages, orderPages, toEvent, toOrder, type EventFilter } from '../behaviour/behaviour.repo';
import type { Database, Db } from '../db/client';
import { feedbackPages, toFeedback } from '../feedback/feedback.repo';
import { timePageLoader } from '../graphql/pageLoader';
import { mergesOfProfiles, traitValuesOfProfiles } from '../identity/explain.repo';
import { identitiesOfProfiles, prepareCustomerIdByIdentity } from '../identity/identity.repo';
import { prepareCustomersByIds, toCustomer } from './customer.repo';
import type { Customer } from './customer.type';

/** Statements prepared once per process and reused by every request's loaders. */
export function prepareProfileStatements(db: Db) {
  return {
    customersByIds: prepareCustomersByIds(db),
    customerIdByIdentity: prepareCustomerIdByIdentity(db),
  };
}
export type ProfileStatements = ReturnType<typeof prepareProfileStatements>;

/** Per-request loaders of everything a profile page reads: one statement per field per request. */
export function createProfileLoaders(db: Database, prepared: ProfileStatements, firstTouchTraits: string[]) {
  return {
    customerById: new DataLoader<string, Customer | null>(async (ids) => {
      const found = await prepared.customersByIds.execute({ ids: `{${ids.join(',')}}` });
      const byAsked = new Map(found.map((r) => [r.askedId, toCustomer(r)]));
      return ids.map((id) => byAsked.get(id) ?? null);
    }),
    identitiesByCustomer: new DataLoader((roots: readonly string[]) =>
      identitiesOfProfiles(db, roots).then((m) => roots.map((r) => m.get(r) ?? [])),
    ),
    mergesByCustomer: new DataLoader((roots: readonly string[]) => mergesOfProfiles(db, roots).then((m) => roots.map((r) => m.get(r) ?? []))),
    traitValuesByCustomer: new DataLoader((roots: readonly string[]) =>
      traitValuesOfProfiles(db, roots, firstTouchTraits).then((m) => roots.map((r) => m.get(r) ?? [])),
    ),
    ordersByCustomer: timePageLoader((roots, args) => orderPages(db, roots, args), toOrder),
    eventsByCustomer: timePageLoader((roots, args, filter: EventFilter | undefined) => eventPages(db, roots, args, filter), toEvent),
    feedbackByCustomer: timePageLoader((roots, args) => feedbackPages(db, roots, args), toFeedback),
  };
}
export type ProfileLoaders = ReturnType<typeof createProfileLoaders>;

import DataLoader from 'dataloader';
import type { Database } from '../db/client';
import { metricsOfCustomers, type CustomerMetrics } from './metrics.repo';
import { churnFeedbackOf, modelRowsOfCustomers, readCurrentFit, type ChurnFeedback, type StoredModelRow } from './model.repo';
import type { ModelFit } from './predict';

/** Per-request loaders of the stored computed fields: one statement for a page of customers, whatever fields it asks. */
export function createMetricsLoaders(db: Database, timezone: string) {
  return {
    metricsByCustomer: new DataLoader<string, CustomerMetrics | null>((ids) =>
      metricsOfCustomers(db, ids).then((found) => ids.map((id) => found.get(id) ?? null)),
    ),
    /** What ltv and churnRisk read: net revenue, recency, the model columns and the day summary. */
    modelByCustomer: new DataLoader<string, StoredModelRow | null>((ids) =>
      modelRowsOfCustomers(db, ids).then((found) => ids.map((id) => found.get(id) ?? null)),
    ),
    /** The current model fit, read once per request whatever the page size (the only key is 'current'). */
    currentModelFit: new DataLoader<'current', ModelFit | null>((keys) => readCurrentFit(db).then((fit) => keys.map(() => fit))),
    /** The latest NPS answer and the open tickets the churn drivers cite. */
    churnFeedbackByCustomer: new DataLoader<string, ChurnFeedback>((ids) =>
      churnFeedbackOf(db, timezone, ids).then((found) => ids.map((id) => found.get(id) ?? { latestNps: null, openTickets: 0 })),
    ),
  };
}
export type MetricsLoaders = ReturnType<typeof createMetricsLoaders>;

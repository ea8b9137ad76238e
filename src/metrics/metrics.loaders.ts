import DataLoader from 'dataloader';
import type { Database } from '../db/client';
import { metricsOfCustomers, type CustomerMetrics } from './metrics.repo';

/** Per-request loaders of the stored computed fields: one statement for a page of customers, whatever fields it asks. */
export function createMetricsLoaders(db: Database) {
  return {
    metricsByCustomer: new DataLoader<string, CustomerMetrics | null>((ids) =>
      metricsOfCustomers(db, ids).then((found) => ids.map((id) => found.get(id) ?? null)),
    ),
  };
}
export type MetricsLoaders = ReturnType<typeof createMetricsLoaders>;

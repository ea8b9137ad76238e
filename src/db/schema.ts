// Every drizzle table, collected for drizzle-kit and for typed queries.
export * from '../auth/apiKey.table';
export * from '../behaviour/event.table';
export * from '../behaviour/order.table';
export * from '../delivery/webhook.table';
export * from '../feedback/feedback.table';
export * from '../identity/identity.table';
export * from '../identity/resolution.table';
export * from '../ingestion/dedupe.table';
export * from '../ingestion/observation.table';
export * from '../ingestion/source.table';
export * from '../ingestion/stats.table';
export * from '../metrics/metrics.table';
export * from '../metrics/model.table';
export * from '../profiles/customer.table';
export * from '../segments/segment.table';
export * from './meta.table';

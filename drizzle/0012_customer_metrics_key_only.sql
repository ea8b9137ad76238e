-- No query reads customer_metrics by tier, lifecycle stage or cell: reads are by customer id, and segments test the
-- values per profile or join every profile through coalesce(...), which these indexes cannot answer. Every write paid
-- for them: on ingest, and a million rows per full re-score.
DROP INDEX "customer_metrics_tier_idx";--> statement-breakpoint
DROP INDEX "customer_metrics_lifecycle_idx";--> statement-breakpoint
DROP INDEX "customer_metrics_cell_idx";
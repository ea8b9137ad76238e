ALTER TABLE "customer_metrics" ADD COLUMN "summary_repeat_spend" double precision;--> statement-breakpoint
ALTER TABLE "model_fits" ADD COLUMN "summaries_from" text DEFAULT 'ORDERS' NOT NULL;
CREATE TABLE "customer_metrics" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"recency_days" integer,
	"frequency" integer,
	"monetary" numeric(20, 4),
	"r" smallint,
	"f" smallint,
	"m" smallint,
	"rfm_score" text,
	"rfm_cell" text,
	"rfm_tier" text NOT NULL,
	"lifecycle_stage" text NOT NULL,
	"aipl_stage" text NOT NULL,
	"historical_ltv" numeric(20, 4) NOT NULL,
	"first_order_at" timestamp with time zone,
	"last_order_at" timestamp with time zone,
	"order_days" integer NOT NULL,
	"typical_gap_days" double precision,
	"p_alive" double precision,
	"churn_score" double precision,
	"churn_band" text,
	"expected_spend" numeric(20, 4),
	"predicted_ltv_12m" numeric(20, 4),
	"summary_x" integer,
	"summary_t_x" double precision,
	"summary_t" double precision,
	"model_computed_at" timestamp with time zone,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rfm_cut_points" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"recency_cuts" integer[] NOT NULL,
	"frequency_cuts" integer[] NOT NULL,
	"monetary_cuts" numeric(20, 4)[] NOT NULL,
	"buyers" integer NOT NULL,
	"window_days" integer NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rfm_cut_points_single_row" CHECK ("rfm_cut_points"."id" = 1)
);
--> statement-breakpoint
CREATE INDEX "customer_metrics_tier_idx" ON "customer_metrics" USING btree ("rfm_tier","customer_id");--> statement-breakpoint
CREATE INDEX "customer_metrics_lifecycle_idx" ON "customer_metrics" USING btree ("lifecycle_stage","customer_id");--> statement-breakpoint
CREATE INDEX "customer_metrics_cell_idx" ON "customer_metrics" USING btree ("rfm_cell","customer_id");
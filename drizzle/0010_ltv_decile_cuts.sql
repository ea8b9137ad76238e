ALTER TABLE "rfm_cut_points" ADD COLUMN "ltv_decile_cuts" numeric(20, 4)[];--> statement-breakpoint
ALTER TABLE "rfm_cut_points" ADD COLUMN "ltv_cuts_computed_at" timestamp with time zone;
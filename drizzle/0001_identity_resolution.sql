CREATE TABLE "erased_identities" (
	"hash" "bytea" PRIMARY KEY NOT NULL,
	"erased_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "erasure_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"deleted" jsonb NOT NULL,
	"key_id" text,
	"erased_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_conflicts" (
	"customer_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"rule" text NOT NULL,
	"identity_type" text NOT NULL,
	"profile_ids" uuid[] NOT NULL,
	"source_id" uuid,
	"message_id" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identity_conflicts_customer_id_id_pk" PRIMARY KEY("customer_id","id")
);
--> statement-breakpoint
CREATE TABLE "message_links" (
	"customer_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	"identity_ids" uuid[] NOT NULL,
	"unlinked" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"unlinked_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"alias" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_links_customer_id_occurred_at_id_pk" PRIMARY KEY("customer_id","occurred_at","id")
);
--> statement-breakpoint
CREATE TABLE "profile_merges" (
	"customer_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"merged_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"identity_id" uuid,
	"source_id" uuid,
	"message_id" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "profile_merges_customer_id_id_pk" PRIMARY KEY("customer_id","id"),
	CONSTRAINT "profile_merges_rule_check" CHECK ("profile_merges"."rule" in ('SHARED_IDENTITY','ALIAS'))
);
--> statement-breakpoint
CREATE TABLE "profile_splits" (
	"customer_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"new_customer_id" uuid NOT NULL,
	"identity_ids" uuid[] NOT NULL,
	"separated_a" text[] NOT NULL,
	"separated_b" text[] NOT NULL,
	"key_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "profile_splits_customer_id_id_pk" PRIMARY KEY("customer_id","id")
);
--> statement-breakpoint
CREATE TABLE "ingest_stats" (
	"source_id" uuid NOT NULL,
	"day" date NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"duplicate" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"dropped_identities" integer DEFAULT 0 NOT NULL,
	"erased" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ingest_stats_source_id_day_pk" PRIMARY KEY("source_id","day")
);
--> statement-breakpoint
ALTER TABLE "refunds" ALTER COLUMN "amount" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "refunds" ALTER COLUMN "currency" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "refunds" ALTER COLUMN "amount_reporting" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "observations" ALTER COLUMN "value" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "order_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "last_order_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "identity_conflicts_created_idx" ON "identity_conflicts" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "message_links_message_idx" ON "message_links" USING btree ("source_id","message_id");--> statement-breakpoint
CREATE INDEX "message_links_id_idx" ON "message_links" USING btree ("id");--> statement-breakpoint
CREATE INDEX "message_links_identities_idx" ON "message_links" USING gin ("identity_ids");--> statement-breakpoint
CREATE INDEX "message_links_unlinked_idx" ON "message_links" USING gin ("unlinked_keys");--> statement-breakpoint
CREATE INDEX "profile_merges_merged_idx" ON "profile_merges" USING btree ("merged_id");--> statement-breakpoint
CREATE INDEX "profile_splits_a_idx" ON "profile_splits" USING gin ("separated_a");--> statement-breakpoint
CREATE INDEX "profile_splits_b_idx" ON "profile_splits" USING gin ("separated_b");--> statement-breakpoint
CREATE INDEX "identities_id_idx" ON "identities" USING btree ("id");
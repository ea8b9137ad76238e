CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"key_hash" "bytea" NOT NULL,
	"prefix" text NOT NULL,
	"scopes" text[] NOT NULL,
	"source_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"customer_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid,
	"message_id" text,
	"type" text NOT NULL,
	"name" text,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_customer_id_occurred_at_id_pk" PRIMARY KEY("customer_id","occurred_at","id"),
	CONSTRAINT "events_type_check" CHECK ("events"."type" in ('track','page','screen','identify','group','alias'))
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"customer_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid,
	"order_id" text NOT NULL,
	"message_id" text,
	"total" numeric(20, 4) NOT NULL,
	"currency" char(3) NOT NULL,
	"total_reporting" numeric(20, 4) NOT NULL,
	"products" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_customer_id_id_pk" PRIMARY KEY("customer_id","id")
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"customer_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid,
	"order_id" text NOT NULL,
	"refund_id" text,
	"message_id" text,
	"amount" numeric(20, 4) NOT NULL,
	"currency" char(3) NOT NULL,
	"amount_reporting" numeric(20, 4) NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refunds_customer_id_id_pk" PRIMARY KEY("customer_id","id")
);
--> statement-breakpoint
CREATE TABLE "feedback" (
	"customer_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid,
	"message_id" text,
	"kind" text NOT NULL,
	"score" numeric(6, 2),
	"text" text,
	"status" text,
	"ticket_id" text,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_customer_id_id_pk" PRIMARY KEY("customer_id","id"),
	CONSTRAINT "feedback_kind_check" CHECK ("feedback"."kind" in ('RATING','NPS','REVIEW','SUPPORT_TICKET','SURVEY')),
	CONSTRAINT "feedback_status_check" CHECK ("feedback"."status" is null or "feedback"."status" in ('OPEN','PENDING','CLOSED'))
);
--> statement-breakpoint
CREATE TABLE "identities" (
	"customer_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"value" text NOT NULL,
	"source_id" uuid,
	"message_id" text,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identities_customer_id_id_pk" PRIMARY KEY("customer_id","id")
);
--> statement-breakpoint
CREATE TABLE "dedupe_keys" (
	"source_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"customer_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dedupe_keys_source_id_kind_key_pk" PRIMARY KEY("source_id","kind","key"),
	CONSTRAINT "dedupe_keys_kind_check" CHECK ("dedupe_keys"."kind" in ('message','order','refund'))
);
--> statement-breakpoint
CREATE TABLE "observations" (
	"customer_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid,
	"message_id" text,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "observations_customer_id_id_pk" PRIMARY KEY("customer_id","id")
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sources_name_unique" UNIQUE("name"),
	CONSTRAINT "sources_kind_check" CHECK ("sources"."kind" in ('web','app','crm','shop','service','import','other'))
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merged_into_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"first_seen_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	"traits" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "strata_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "events_customer_name_idx" ON "events" USING btree ("customer_id","name","occurred_at");--> statement-breakpoint
CREATE INDEX "orders_customer_time_idx" ON "orders" USING btree ("customer_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "orders_source_order_idx" ON "orders" USING btree ("source_id","order_id");--> statement-breakpoint
CREATE INDEX "refunds_customer_order_idx" ON "refunds" USING btree ("customer_id","order_id");--> statement-breakpoint
CREATE INDEX "refunds_source_order_idx" ON "refunds" USING btree ("source_id","order_id");--> statement-breakpoint
CREATE INDEX "feedback_customer_time_idx" ON "feedback" USING btree ("customer_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "feedback_ticket_idx" ON "feedback" USING btree ("source_id","ticket_id") WHERE "feedback"."ticket_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "identities_type_value_key" ON "identities" USING btree ("type","value");--> statement-breakpoint
CREATE INDEX "identities_customer_idx" ON "identities" USING btree ("customer_id","type");--> statement-breakpoint
CREATE INDEX "observations_customer_key_idx" ON "observations" USING btree ("customer_id","key","occurred_at");--> statement-breakpoint
CREATE INDEX "customers_merged_into_idx" ON "customers" USING btree ("merged_into_id") WHERE "customers"."merged_into_id" is not null;--> statement-breakpoint
CREATE INDEX "customers_page_idx" ON "customers" USING btree ("created_at","id") WHERE "customers"."merged_into_id" is null;
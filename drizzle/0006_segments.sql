CREATE TABLE "segment_definition_versions" (
	"segment_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segment_definition_versions_segment_id_version_pk" PRIMARY KEY("segment_id","version")
);
--> statement-breakpoint
CREATE TABLE "segment_membership_changes" (
	"cursor" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "segment_membership_changes_cursor_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"segment_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"change" text NOT NULL,
	"reason" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"caused_by_message_id" text,
	"caused_by_occurred_at" timestamp with time zone,
	CONSTRAINT "segment_membership_changes_change_check" CHECK ("segment_membership_changes"."change" in ('ENTERED', 'EXITED'))
);
--> statement-breakpoint
CREATE TABLE "segment_memberships" (
	"segment_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"entered_cursor" bigint PRIMARY KEY NOT NULL,
	"exited_at" timestamp with time zone,
	"exited_cursor" bigint
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"definition" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"builtin_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	"evaluated_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "segment_definition_versions" ADD CONSTRAINT "segment_definition_versions_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "segment_membership_changes_segment_idx" ON "segment_membership_changes" USING btree ("segment_id","cursor");--> statement-breakpoint
CREATE INDEX "segment_membership_changes_customer_idx" ON "segment_membership_changes" USING btree ("customer_id","cursor");--> statement-breakpoint
CREATE UNIQUE INDEX "segment_memberships_current_idx" ON "segment_memberships" USING btree ("segment_id","customer_id") WHERE "segment_memberships"."exited_at" is null;--> statement-breakpoint
CREATE INDEX "segment_memberships_segment_idx" ON "segment_memberships" USING btree ("segment_id","customer_id","entered_at");--> statement-breakpoint
CREATE INDEX "segment_memberships_customer_idx" ON "segment_memberships" USING btree ("customer_id","entered_at");--> statement-breakpoint
CREATE INDEX "segment_memberships_customer_current_idx" ON "segment_memberships" USING btree ("customer_id") WHERE "segment_memberships"."exited_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "segments_builtin_key_idx" ON "segments" USING btree ("builtin_key");
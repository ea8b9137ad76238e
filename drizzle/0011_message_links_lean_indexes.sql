-- message_links gets a row for every message with identifiers, so its indexes are paid on the ingest path. The id
-- and (source, message id) indexes had only rare readers (re-folds, splits), which know the profiles and use the
-- primary key or read by physical address; the unlinked-keys index leaves out the rows with none (nearly all).
DROP INDEX "message_links_message_idx";--> statement-breakpoint
DROP INDEX "message_links_id_idx";--> statement-breakpoint
DROP INDEX "message_links_unlinked_idx";--> statement-breakpoint
CREATE INDEX "message_links_unlinked_idx" ON "message_links" USING gin ("unlinked_keys") WITH (fastupdate=false) WHERE "message_links"."unlinked_keys" <> '{}'::text[];
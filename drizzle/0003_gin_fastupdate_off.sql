-- GIN pending lists are scanned in full by every search until a vacuum merges them; with autovacuum off or behind,
-- a re-fold's lookup of a component's messages grew with the rows ingested. Altered in place (no rebuild), then the
-- pending entries already there are merged into the trees.
ALTER INDEX "message_links_identities_idx" SET (fastupdate = false);--> statement-breakpoint
ALTER INDEX "message_links_unlinked_idx" SET (fastupdate = false);--> statement-breakpoint
ALTER INDEX "profile_splits_a_idx" SET (fastupdate = false);--> statement-breakpoint
ALTER INDEX "profile_splits_b_idx" SET (fastupdate = false);--> statement-breakpoint
SELECT gin_clean_pending_list('message_links_identities_idx'::regclass), gin_clean_pending_list('message_links_unlinked_idx'::regclass),
  gin_clean_pending_list('profile_splits_a_idx'::regclass), gin_clean_pending_list('profile_splits_b_idx'::regclass);

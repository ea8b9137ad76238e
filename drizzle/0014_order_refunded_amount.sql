-- Every order carries what its refunds take off it, so a pass over every order (a full scoring run, a model fit)
-- reads its net revenue without joining the refunds. Triggers keep it whoever writes either table (ingest, seeds,
-- imports, erasure, splits); src/metrics/scoring.repo.ts NET computes the same amount from the refunds, and the tests
-- compare the two.
ALTER TABLE "orders" ADD COLUMN "refunded_reporting" numeric(20, 4) DEFAULT '0' NOT NULL;
--> statement-breakpoint
-- Lock the (source, order id) keys a write touches before reading the other table, so an order and its refund
-- written at once by two transactions cannot both miss each other: the second to lock sees the first committed.
-- The keys are those src/ingestion/ingest.repo.ts lockKeys takes for `order:<source>/<order id>` (ingest locks them
-- with its identities, in one sorted pass; here they are held already). Past 1,000 keys (bulk loads: one advisory
-- lock per key would fill the lock table) both tables are locked instead, against every other writer, until
-- commit. A bulk writer running beside others takes that lock itself before writing either table (seeds/load.ts):
-- two transactions that each inserted orders and then both wanted it would deadlock.
CREATE FUNCTION "lock_order_keys"(sources uuid[], order_ids text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(sources) > 1000 THEN
    LOCK TABLE "orders", "refunds" IN SHARE ROW EXCLUSIVE MODE;
  ELSE
    PERFORM count(pg_advisory_xact_lock(h)) FROM (
      SELECT DISTINCT hashtextextended('order:' || s::text || '/' || o, 7) AS h
      FROM unnest(sources, order_ids) AS k(s, o) WHERE s IS NOT NULL ORDER BY h) l;
  END IF;
END $$;
--> statement-breakpoint
-- Set what the refunds of the orders with these keys take off them, where it changed, the keys locked first. A
-- refund without an amount takes the whole order, one in another currency its converted amount, one in the order's
-- currency the same share of the order's reporting total (rounded to 4 places, per refund).
CREATE FUNCTION "settle_order_refunds"(sources uuid[], order_ids text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF sources IS NULL THEN RETURN; END IF;
  PERFORM lock_order_keys(sources, order_ids);
  UPDATE "orders" o SET "refunded_reporting" = t.take
  FROM (
    SELECT o2.customer_id, o2.id,
      x.whole * o2.total_reporting + x.converted
        + CASE WHEN x.shares IS NULL OR o2.total = 0 THEN 0
               ELSE (SELECT sum(round(a * o2.total_reporting / o2.total, 4)) FROM unnest(x.shares) a) END AS take
    FROM (
      SELECT k.s, k.o, count(r.id) FILTER (WHERE r.amount IS NULL) AS whole,
        coalesce(sum(r.amount_reporting) FILTER (WHERE r.amount IS NOT NULL AND r.amount_reporting IS NOT NULL), 0) AS converted,
        array_agg(r.amount) FILTER (WHERE r.amount IS NOT NULL AND r.amount_reporting IS NULL) AS shares
      FROM (SELECT DISTINCT s, o FROM unnest(sources, order_ids) AS k(s, o) WHERE s IS NOT NULL) k
      LEFT JOIN "refunds" r ON r.source_id = k.s AND r.order_id = k.o
      GROUP BY k.s, k.o) x
    JOIN "orders" o2 ON o2.source_id = x.s AND o2.order_id = x.o) t
  WHERE o.customer_id = t.customer_id AND o.id = t.id AND o.refunded_reporting IS DISTINCT FROM t.take;
END $$;
--> statement-breakpoint
CREATE FUNCTION "orders_settle_inserted"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE sources uuid[]; order_ids text[];
BEGIN
  IF (SELECT count(*) FROM new_rows) > 1000 THEN
    LOCK TABLE "orders", "refunds" IN SHARE ROW EXCLUSIVE MODE;
  ELSE
    SELECT array_agg(source_id), array_agg(order_id) INTO sources, order_ids FROM new_rows WHERE source_id IS NOT NULL;
    IF sources IS NULL THEN RETURN NULL; END IF;
    PERFORM lock_order_keys(sources, order_ids);
  END IF;
  -- A new order starts with nothing taken off: only those whose refunds came first need settling.
  SELECT array_agg(k.source_id), array_agg(k.order_id) INTO sources, order_ids
  FROM (SELECT DISTINCT n.source_id, n.order_id FROM new_rows n
        WHERE EXISTS (SELECT FROM "refunds" r WHERE r.source_id = n.source_id AND r.order_id = n.order_id)) k;
  PERFORM settle_order_refunds(sources, order_ids);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "orders_settle_updated"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE sources uuid[]; order_ids text[];
BEGIN
  -- Moving orders between profiles (splits, re-folds) and settling them change nothing here: only rows whose key or
  -- total changed.
  SELECT array_agg(n.source_id), array_agg(n.order_id) INTO sources, order_ids
  FROM new_rows n JOIN old_rows p ON p.id = n.id
  WHERE n.source_id IS NOT NULL
    AND (p.source_id, p.order_id, p.total, p.total_reporting) IS DISTINCT FROM (n.source_id, n.order_id, n.total, n.total_reporting);
  PERFORM settle_order_refunds(sources, order_ids);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "refunds_settle_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE sources uuid[]; order_ids text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(source_id), array_agg(order_id) INTO sources, order_ids FROM new_rows WHERE source_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(source_id), array_agg(order_id) INTO sources, order_ids FROM old_rows WHERE source_id IS NOT NULL;
  ELSE
    -- Moving refunds between profiles (splits, re-folds) changes no amount: only rows whose key or amount changed,
    -- under their old key and their new one.
    SELECT array_agg(k.source_id), array_agg(k.order_id) INTO sources, order_ids
    FROM new_rows n JOIN old_rows p ON p.id = n.id
    CROSS JOIN LATERAL (VALUES (n.source_id, n.order_id), (p.source_id, p.order_id)) AS k(source_id, order_id)
    WHERE k.source_id IS NOT NULL
      AND (p.source_id, p.order_id, p.amount, p.currency, p.amount_reporting) IS DISTINCT FROM (n.source_id, n.order_id, n.amount, n.currency, n.amount_reporting);
  END IF;
  PERFORM settle_order_refunds(sources, order_ids);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "refunds_settle_truncated"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "orders" SET "refunded_reporting" = 0 WHERE "refunded_reporting" <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "orders_settle_inserted" AFTER INSERT ON "orders" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "orders_settle_inserted"();
--> statement-breakpoint
CREATE TRIGGER "orders_settle_updated" AFTER UPDATE ON "orders" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "orders_settle_updated"();
--> statement-breakpoint
CREATE TRIGGER "refunds_settle_inserted" AFTER INSERT ON "refunds" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "refunds_settle_changed"();
--> statement-breakpoint
CREATE TRIGGER "refunds_settle_updated" AFTER UPDATE ON "refunds" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "refunds_settle_changed"();
--> statement-breakpoint
CREATE TRIGGER "refunds_settle_deleted" AFTER DELETE ON "refunds" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "refunds_settle_changed"();
--> statement-breakpoint
CREATE TRIGGER "refunds_settle_truncated" AFTER TRUNCATE ON "refunds"
  FOR EACH STATEMENT EXECUTE FUNCTION "refunds_settle_truncated"();
--> statement-breakpoint
-- The refunds stored before this migration.
SELECT "settle_order_refunds"(array_agg(source_id), array_agg(order_id))
FROM (SELECT DISTINCT source_id, order_id FROM "refunds" WHERE source_id IS NOT NULL) k;

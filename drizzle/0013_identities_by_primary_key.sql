-- Reads of a profile's identities probe the primary key (customer_id, id); the (customer_id, type) index only cost
-- every identity written an extra entry.
DROP INDEX "identities_customer_idx";
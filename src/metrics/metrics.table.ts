import { sql } from 'drizzle-orm';
import { check, doublePrecision, integer, numeric, pgTable, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { instant, money } from '../db/columns';
import type { AiplStage } from './aipl';
import type { LifecycleStage } from './lifecycle';
import type { RfmCell, RfmTier } from './rfm';

/**
 * Computed fields of each live profile (its own rows plus its merged members'), written by the scoring statement on
 * every profile change and by the sweep; reads never recompute. A merged-away or erased profile has no row. Its pages
 * are kept half empty (fillfactor 50, set by migration 0005: drizzle does not model it) so that a full re-score's
 * updates are HOT.
 */
export const customerMetrics = pgTable(
  'customer_metrics',
  {
    customerId: uuid('customer_id').primaryKey(),
    /** Whole days since the last order, in the business time zone; null for non-buyers (as are the RFM columns). */
    recencyDays: integer('recency_days'),
    /** Orders within the RFM window. */
    frequency: integer('frequency'),
    /** Net revenue (reporting currency, refunds deducted) within the RFM window. */
    monetary: money('monetary'),
    r: smallint('r'),
    f: smallint('f'),
    m: smallint('m'),
    rfmScore: text('rfm_score'),
    rfmCell: text('rfm_cell').$type<RfmCell>(),
    rfmTier: text('rfm_tier').$type<RfmTier>().notNull(),
    lifecycleStage: text('lifecycle_stage').$type<LifecycleStage>().notNull(),
    aiplStage: text('aipl_stage').$type<AiplStage>().notNull(),
    /** Net revenue to date (0 for non-buyers). */
    historicalLtv: money('historical_ltv').notNull(),
    firstOrderAt: instant('first_order_at'),
    lastOrderAt: instant('last_order_at'),
    /** Distinct order days (business time zone). */
    orderDays: integer('order_days').notNull(),
    /** Mean days between consecutive order days; null with fewer than two. */
    typicalGapDays: doublePrecision('typical_gap_days'),
    // Written by the churn / LTV model run (issue 4 §3), null until a model has scored the customer. The scoring
    // statement never touches them, except that the lifecycle rule reads p_alive.
    pAlive: doublePrecision('p_alive'),
    churnScore: doublePrecision('churn_score'),
    churnBand: text('churn_band'),
    expectedSpend: money('expected_spend'),
    predictedLtv12m: money('predicted_ltv_12m'),
    /** The model summary (MODELS.md §1) in days: repeat purchase days, age at the last purchase, age now. */
    summaryX: integer('summary_x'),
    summaryTx: doublePrecision('summary_t_x'),
    summaryT: doublePrecision('summary_t'),
    /**
     * Net revenue of the repeat purchase days (the first day's excluded; zbar = this / x): with the three above, the
     * whole summary a fit needs, so a refit as of today reads it from here instead of re-aggregating every order.
     */
    summaryRepeatSpend: doublePrecision('summary_repeat_spend'),
    modelComputedAt: instant('model_computed_at'),
    computedAt: instant('computed_at').notNull(),
  },
  // No index but the primary key (migration 0012 dropped the tier, lifecycle and cell ones): every read is by customer
  // id, segments test the values per profile or join every profile (compile.ts, compileSet.ts: through coalesce, which
  // no such index answers), and each index was paid by every write, a million rows per full run.
);

/**
 * The current cut points (one row): the RFM ones, the 20/40/60/80 % quantiles of every buyer's values, recency listed
 * worst first, stored so that a customer re-scored alone on ingest gets exactly what a full run gives; and the
 * predicted-LTV deciles, taken over the values a full run wrote, that segments place customers with (LTV_DECILE).
 */
export const rfmCutPoints = pgTable(
  'rfm_cut_points',
  {
    id: smallint('id').primaryKey().default(1),
    recencyCuts: integer('recency_cuts').array().notNull(),
    frequencyCuts: integer('frequency_cuts').array().notNull(),
    monetaryCuts: numeric('monetary_cuts', { precision: 20, scale: 4 }).array().notNull(),
    /** Buyers the quantiles were taken over. */
    buyers: integer('buyers').notNull(),
    windowDays: integer('window_days').notNull(),
    computedAt: instant('computed_at').notNull(),
    /** The 10 … 90 % quantiles of predicted_ltv_12m over the buyers a model scored; null before the first fit. */
    ltvDecileCuts: numeric('ltv_decile_cuts', { precision: 20, scale: 4 }).array(),
    ltvCutsComputedAt: instant('ltv_cuts_computed_at'),
  },
  (t) => [check('rfm_cut_points_single_row', sql`${t.id} = 1`)],
);

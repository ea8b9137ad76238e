import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { instant, uuidPk } from '../db/columns';
import type { ChurnModel, ModelTimeUnit } from './predict';

/**
 * One row per fit of the churn / LTV models (issue 4 §3). The latest fitted_at wins; older rows are kept as the
 * history of the parameters. Parameters are per `time_unit` (MODELS.md §9.1).
 */
export const modelFits = pgTable(
  'model_fits',
  {
    id: uuidPk().primaryKey(),
    fittedAt: instant('fitted_at').notNull(),
    /** Purchases on local days (BUSINESS_TIMEZONE) up to and including this instant's day were fitted on. */
    calibrationEnd: instant('calibration_end').notNull(),
    timeUnit: text('time_unit').$type<ModelTimeUnit>().notNull(),
    /** Which transaction model scores P(alive), churn and LTV with this fit. */
    churnModel: text('churn_model').$type<ChurnModel>().notNull(),
    /** The business time zone whose days the summaries counted. */
    timezone: text('timezone').notNull(),
    bgnbdR: doublePrecision('bgnbd_r').notNull(),
    bgnbdAlpha: doublePrecision('bgnbd_alpha').notNull(),
    bgnbdA: doublePrecision('bgnbd_a').notNull(),
    bgnbdB: doublePrecision('bgnbd_b').notNull(),
    bgnbdLogLikelihood: doublePrecision('bgnbd_log_likelihood').notNull(),
    bgnbdCustomers: integer('bgnbd_customers').notNull(),
    mbgnbdR: doublePrecision('mbgnbd_r').notNull(),
    mbgnbdAlpha: doublePrecision('mbgnbd_alpha').notNull(),
    mbgnbdA: doublePrecision('mbgnbd_a').notNull(),
    mbgnbdB: doublePrecision('mbgnbd_b').notNull(),
    mbgnbdLogLikelihood: doublePrecision('mbgnbd_log_likelihood').notNull(),
    mbgnbdCustomers: integer('mbgnbd_customers').notNull(),
    // Null when no buyer had a repeat purchase day with a positive amount (nothing to fit Gamma-Gamma on).
    ggP: doublePrecision('gg_p'),
    ggQ: doublePrecision('gg_q'),
    ggGamma: doublePrecision('gg_gamma'),
    ggLogLikelihood: doublePrecision('gg_log_likelihood'),
    ggCustomers: integer('gg_customers'),
    /** Wall-clock milliseconds of reading the summaries and of fitting: the benchmark's "model fits" figure. */
    readMs: integer('read_ms').notNull(),
    fitMs: integer('fit_ms').notNull(),
    /** Where the summaries came from: 'STORED' (customer_metrics, the daily refit) or 'ORDERS' (aggregated from every order). */
    summariesFrom: text('summaries_from').notNull().default('ORDERS'),
  },
  (t) => [
    index('model_fits_fitted_at_idx').on(t.fittedAt),
    check('model_fits_time_unit_check', sql`${t.timeUnit} in ('DAYS','WEEKS')`),
    check('model_fits_churn_model_check', sql`${t.churnModel} in ('BGNBD','MBGNBD')`),
  ],
);

/**
 * From stored day summaries and a stored fit to the numbers on a profile: P(alive), churn score and band, expected
 * spend, predicted LTV, expected purchases; plus the fit itself, the backtest's tally and when to refit. Pure: the
 * summaries come from model.repo.ts (SQL), the maths from models/ (MODELS.md §2).
 *
 * Summaries are kept in days (customer_metrics.summary_*); a fit's parameters are per its time unit, so every
 * evaluation divides by the unit's length first (MODELS.md §9.1: the classic CLV unit mistake).
 */
import { churnBand, type ChurnBand, type ChurnBandCutoffs } from './churn';
import {
  customerLifetimeValue,
  discountedPurchasesIfAlive,
  expectedPurchases,
  fitGammaGamma,
  fitTransactionModel,
  gammaGammaExpectedSpend,
  groupRecencyFrequency,
  groupRepeatSpend,
  pAlive,
  timeUnitsPerMonth,
  type GammaGammaParams,
  type TimeUnit,
  type TransactionModel,
  type TransactionParams,
} from './models';

export type ChurnModel = TransactionModel;
export type ModelTimeUnit = TimeUnit;

export const DAYS_PER_UNIT: Readonly<Record<ModelTimeUnit, number>> = { DAYS: 1, WEEKS: 7 };

export interface TransactionFit extends TransactionParams {
  /** Total log-likelihood at the estimate (sum over customers). */
  logLikelihood: number;
  /** Customers fitted on: buyers with a first purchase by the calibration end. */
  customers: number;
}

export interface GammaGammaFit extends GammaGammaParams {
  logLikelihood: number;
  /** Repeat buyers with a positive mean repeat spend. */
  customers: number;
}

/** The three fits of one run: what model_fits stores per row. */
export interface FittedModels {
  bgnbd: TransactionFit;
  mbgnbd: TransactionFit;
  /** Null when no customer had a repeat purchase with a positive amount. */
  gammaGamma: GammaGammaFit | null;
}

export interface ModelFit extends FittedModels {
  id: string;
  fittedAt: Date;
  /** The fit saw the purchases of the local days up to and including this instant's day. */
  calibrationEnd: Date;
  timeUnit: ModelTimeUnit;
  /** The model P(alive), churn and LTV use; both transaction models are fitted and reported. */
  churnModel: ChurnModel;
}

/** A customer's summary as of some day (MODELS.md §1), in days: repeat purchase days, age at the last, age now. */
export interface DaySummary {
  x: number;
  txDays: number;
  TDays: number;
}

/** Columns of per-customer summaries in the fit's unit, one entry per buyer. */
export interface SummaryColumns {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Mean repeat spend; 0 when x = 0. */
  zbar: Float64Array;
}

/** Maximum-likelihood BG/NBD, MBG/NBD and Gamma-Gamma on the same buyers (MODELS.md §2.1, §2.3, §2.4). */
export function fitModels(s: SummaryColumns): FittedModels {
  const groups = groupRecencyFrequency(s);
  const transaction = (model: TransactionModel): TransactionFit => {
    const fit = fitTransactionModel(model, groups);
    return { ...fit.params, logLikelihood: fit.logLikelihood, customers: groups.customers };
  };
  const spend = groupRepeatSpend(s);
  let gammaGamma: GammaGammaFit | null = null;
  if (spend.customers > 0) {
    const fit = fitGammaGamma(spend);
    gammaGamma = { ...fit.params, logLikelihood: fit.logLikelihood, customers: spend.customers };
  }
  return { bgnbd: transaction('BGNBD'), mbgnbd: transaction('MBGNBD'), gammaGamma };
}

export function churnParams(fit: ModelFit): TransactionParams {
  return fit.churnModel === 'BGNBD' ? fit.bgnbd : fit.mbgnbd;
}

/** The model columns of one buyer (customer_metrics.p_alive … predicted_ltv_12m). */
export interface CustomerPrediction {
  pAlive: number;
  churnScore: number;
  churnBand: ChurnBand;
  /** Gamma-Gamma E(M) per purchase day; null without a Gamma-Gamma fit. */
  expectedSpend: number | null;
  /** Σ over 12 months of E(M) × the month's expected purchases, discounted 1 % a month; null without Gamma-Gamma. */
  predictedLtv12m: number | null;
}

/** Horizon and discount of the stored predicted_ltv_12m: lifetimes' defaults (MODELS.md §2.5(a)). */
export const STORED_LTV = { months: 12, monthlyDiscountRate: 0.01 } as const;

/** Distinct (x, T) kept per predictor: day summaries repeat a lot, and the CLV sum is 12 ₂F₁ evaluations. */
const CACHE_LIMIT = 200_000;

/**
 * Scores buyers with one fit. CLV = E(M) · P(alive) · Σₖ ΔE[Y | alive]ₖ/(1+d)ᵏ, and the sum depends on (x, T) only
 * (models/clv.ts discountedPurchasesIfAlive), so it is computed once per distinct (x, T) and reused for every customer
 * sharing them: a few tens of thousands of sums for a million buyers.
 */
export function createPredictor(fit: ModelFit, bands: ChurnBandCutoffs) {
  const unit = DAYS_PER_UNIT[fit.timeUnit];
  const params = churnParams(fit);
  const options = { ...STORED_LTV, unitsPerMonth: timeUnitsPerMonth(fit.timeUnit) };
  const discounted = new Map<number, number>();
  return (s: DaySummary, zbar: number): CustomerPrediction => {
    const tx = s.txDays / unit;
    const T = s.TDays / unit;
    const alive = pAlive(fit.churnModel, params, s.x, tx, T);
    const churnScore = 1 - alive;
    let expectedSpend: number | null = null;
    let predictedLtv12m: number | null = null;
    if (fit.gammaGamma) {
      // For x = 0 zbar carries no weight: E(M) is the population mean (note 025 Eq. 5).
      expectedSpend = gammaGammaExpectedSpend(fit.gammaGamma, s.x, s.x > 0 ? zbar : 0);
      // Whole days and counts: one number keys the pair (T stays far below 2^32 days).
      const key = s.x * 4_294_967_296 + s.TDays;
      let sum = discounted.get(key);
      if (sum === undefined) {
        sum = discountedPurchasesIfAlive(fit.churnModel, params, s.x, T, options);
        if (discounted.size >= CACHE_LIMIT) discounted.clear();
        discounted.set(key, sum);
      }
      predictedLtv12m = expectedSpend * alive * sum;
    }
    return { pAlive: alive, churnScore, churnBand: churnBand(churnScore, bands), expectedSpend, predictedLtv12m };
  };
}

/**
 * Predicted LTV at read time: Σ_{k=1..months} E(M) · (E[Y(k·f)] − E[Y((k−1)·f)]) / (1+d)^k with the churn model's
 * conditional expectation (FHL 2005 Eq. 10 or its MBG/NBD analogue) and f = one month of 30.4375 days in the fit's
 * unit — the lifetimes convention (MODELS.md §2.5(a)).
 */
export function predictedLtv(fit: ModelFit, s: DaySummary, expectedSpend: number, months: number, monthlyDiscountRate: number): number {
  const unit = DAYS_PER_UNIT[fit.timeUnit];
  return customerLifetimeValue(fit.churnModel, churnParams(fit), expectedSpend, s.x, s.txDays / unit, s.TDays / unit, {
    months,
    monthlyDiscountRate,
    unitsPerMonth: timeUnitsPerMonth(fit.timeUnit),
  });
}

/** E[Y(t) | x, t_x, T] for the next `days` days under the churn model. */
export function expectedPurchasesWithin(fit: ModelFit, s: DaySummary, days: number): number {
  const unit = DAYS_PER_UNIT[fit.timeUnit];
  return expectedPurchases(fit.churnModel, churnParams(fit), s.x, s.txDays / unit, s.TDays / unit, days / unit);
}

// ---- backtest ----------------------------------------------------------------------------------------------------

/** Frequency groups 0, 1, …, 6 and "7 or more", as in FHL 2005 Figure 4. */
export const BACKTEST_TOP_GROUP = 7;

export interface BacktestTally {
  customers: number;
  /** Repeat purchase days observed in the holdout. */
  actual: number;
  /** Σ E[Y(t) | x, t_x, T] under each model. */
  bgnbd: number;
  mbgnbd: number;
}

export interface BacktestGroupTally extends BacktestTally {
  /** x in the calibration period; BACKTEST_TOP_GROUP stands for that many or more. */
  frequency: number;
}

/**
 * Predicted versus actual holdout purchases, in total and by calibration frequency x: each model's conditional
 * expectation over the holdout's length `t` (fit's unit), summed per group (FHL 2005 §4, Figure 4).
 */
export function backtestTally(
  s: Pick<SummaryColumns, 'x' | 'tx' | 'T'> & { holdout: ArrayLike<number> },
  fits: Pick<FittedModels, 'bgnbd' | 'mbgnbd'>,
  t: number,
): { total: BacktestTally; groups: BacktestGroupTally[] } {
  const groups: BacktestGroupTally[] = Array.from({ length: BACKTEST_TOP_GROUP + 1 }, (_, frequency) => ({
    frequency,
    customers: 0,
    actual: 0,
    bgnbd: 0,
    mbgnbd: 0,
  }));
  const total: BacktestTally = { customers: 0, actual: 0, bgnbd: 0, mbgnbd: 0 };
  for (let i = 0; i < s.x.length; i++) {
    const x = s.x[i];
    const g = groups[Math.min(x, BACKTEST_TOP_GROUP)];
    const bg = expectedPurchases('BGNBD', fits.bgnbd, x, s.tx[i], s.T[i], t);
    const mbg = expectedPurchases('MBGNBD', fits.mbgnbd, x, s.tx[i], s.T[i], t);
    for (const tally of [g, total]) {
      tally.customers++;
      tally.actual += s.holdout[i];
      tally.bgnbd += bg;
      tally.mbgnbd += mbg;
    }
  }
  return { total, groups };
}

// ---- when to refit -----------------------------------------------------------------------------------------------

export type RefitReason = 'NO_FIT' | 'STALE' | 'SETTINGS_CHANGED';

export interface RefitInputs {
  latest: { fittedAt: Date; timeUnit: ModelTimeUnit; churnModel: ChurnModel } | null;
  /** Live profiles with at least one order. */
  buyers: number;
  now: Date;
  settings: { timeUnit: ModelTimeUnit; churnModel: ChurnModel; refitIntervalHours: number; minBuyers: number };
}

/** Why a scheduled refit is due, or null. Never below the minimum of buyers: a handful of them fits noise. */
export function refitReason(i: RefitInputs): RefitReason | null {
  if (i.settings.refitIntervalHours === 0 || i.buyers < Math.max(1, i.settings.minBuyers)) return null;
  if (!i.latest) return 'NO_FIT';
  if (i.latest.timeUnit !== i.settings.timeUnit || i.latest.churnModel !== i.settings.churnModel) return 'SETTINGS_CHANGED';
  if (i.now.getTime() - i.latest.fittedAt.getTime() >= i.settings.refitIntervalHours * 3_600_000) return 'STALE';
  return null;
}

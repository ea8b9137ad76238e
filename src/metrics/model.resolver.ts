import { Arg, Authorized, Ctx, FieldResolver, Float, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { badInput } from '../graphql/errors';
import { DateTimeScalar } from '../graphql/scalars';
import { Customer } from '../profiles/customer.type';
import { clock } from '../shared/clock';
import { divideMoney } from '../shared/money';
import { churnDrivers } from './churn';
import { sweepSegments } from '../segments/segments';
import { backtestModels, refitModels, type ModelBacktestResult } from './model';
import {
  BacktestGroup,
  BacktestTotal,
  ChurnBandEnum,
  ChurnModelEnum,
  ChurnRisk,
  Ltv,
  ModelBacktest,
  ModelDiagnostics,
  ModelTimeUnitEnum,
} from './model.type';
import { BACKTEST_TOP_GROUP, expectedPurchasesWithin, predictedLtv, type BacktestTally, type ModelFit } from './predict';

const toDiagnostics = (fit: ModelFit): ModelDiagnostics => ({
  churnModel: fit.churnModel as ChurnModelEnum,
  timeUnit: fit.timeUnit as ModelTimeUnitEnum,
  calibrationEnd: fit.calibrationEnd,
  fittedAt: fit.fittedAt,
  bgnbd: fit.bgnbd,
  mbgnbd: fit.mbgnbd,
  gammaGamma: fit.gammaGamma,
});

const toTotal = (t: BacktestTally): BacktestTotal => ({ customers: t.customers, actual: t.actual, predictedBgnbd: t.bgnbd, predictedMbgnbd: t.mbgnbd });

const toBacktest = (b: ModelBacktestResult): ModelBacktest => ({
  calibrationEnd: b.calibrationEnd,
  holdoutEnd: b.holdoutEnd,
  timeUnit: b.timeUnit as ModelTimeUnitEnum,
  holdoutLength: b.holdoutLength,
  bgnbd: b.fits.bgnbd,
  mbgnbd: b.fits.mbgnbd,
  total: toTotal(b.total),
  groups: b.groups.map((g): BacktestGroup => ({ ...toTotal(g), frequency: g.frequency, orMore: g.frequency === BACKTEST_TOP_GROUP })),
});

/** The model fields of a profile read what the last scoring stored; predictions with arguments are evaluated here. */
@Authorized('profiles:read')
@Resolver(() => Customer)
export class CustomerModelResolver {
  @FieldResolver(() => Ltv, { description: 'Lifetime value: net revenue so far, and what the models predict from here.' })
  async ltv(@Root() customer: Customer, @Ctx() ctx: Context): Promise<Ltv> {
    const stored = await ctx.loaders.modelByCustomer.load(customer.id);
    return {
      historical: stored?.historicalLtv ?? '0',
      averageOrderValue: stored && customer.orderCount > 0 ? divideMoney(stored.historicalLtv, customer.orderCount) : null,
      computedAt: stored?.computedAt ?? null,
      stored,
    };
  }

  @FieldResolver(() => ChurnRisk, {
    nullable: true,
    description: 'Churn risk from the churn model (CHURN_MODEL, MBG/NBD by default); null for customers who never ordered and before the first model fit.',
  })
  async churnRisk(@Root() customer: Customer, @Ctx() ctx: Context): Promise<ChurnRisk | null> {
    const s = await ctx.loaders.modelByCustomer.load(customer.id);
    if (!s || s.pAlive === null || s.churnScore === null || s.churnBand === null || s.modelComputedAt === null) return null;
    return {
      score: s.churnScore,
      pAlive: s.pAlive,
      band: s.churnBand as ChurnBandEnum,
      computedAt: s.modelComputedAt,
      customerId: customer.id,
      recencyDays: s.recencyDays,
      typicalGapDays: s.typicalGapDays,
    };
  }
}

@Resolver(() => Ltv)
export class LtvResolver {
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'Predicted net revenue over the next horizonMonths, discounted: Σ over months k of the Gamma-Gamma expected spend per ' +
      'purchase × the churn model\'s expected purchases in month k, ÷ (1 + monthlyDiscountRate)^k (the lifetimes ' +
      'convention; a month is 30.4375 days). Null before the first fit, for non-buyers, and without a Gamma-Gamma fit.',
  })
  async predicted(
    @Root() ltv: Ltv,
    @Arg('horizonMonths', () => Int, { defaultValue: 12, description: 'Months ahead, 0–1200.' }) horizonMonths: number,
    @Arg('monthlyDiscountRate', () => Float, { defaultValue: 0.01, description: 'Discount rate per month, 0–1 (0.01 = 1 %).' }) monthlyDiscountRate: number,
    @Ctx() ctx: Context,
  ): Promise<number | null> {
    if (!(horizonMonths >= 0 && horizonMonths <= 1200)) throw badInput('horizonMonths', 'horizonMonths must be from 0 to 1200');
    if (!(monthlyDiscountRate >= 0 && monthlyDiscountRate <= 1)) throw badInput('monthlyDiscountRate', 'monthlyDiscountRate must be from 0 to 1');
    const fit = await ctx.loaders.currentModelFit.load('current');
    const s = ltv.stored;
    if (!fit || !s?.summary || s.expectedSpend === null) return null;
    return predictedLtv(fit, s.summary, s.expectedSpend, horizonMonths, monthlyDiscountRate);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'Purchase days the churn model expects in the next `days` days: E[Y(t) | x, t_x, T] (Fader, Hardie & Lee 2005 Eq. 10, ' +
      'or its MBG/NBD analogue). Null before the first fit and for non-buyers.',
  })
  async expectedPurchases(
    @Root() ltv: Ltv,
    @Arg('days', () => Int, { defaultValue: 90, description: 'Days ahead, 0–36500.' }) days: number,
    @Ctx() ctx: Context,
  ): Promise<number | null> {
    if (!(days >= 0 && days <= 36_500)) throw badInput('days', 'days must be from 0 to 36500');
    const fit = await ctx.loaders.currentModelFit.load('current');
    const s = ltv.stored;
    if (!fit || !s?.summary) return null;
    return expectedPurchasesWithin(fit, s.summary, days);
  }
}

@Resolver(() => ChurnRisk)
export class ChurnRiskResolver {
  @FieldResolver(() => [String], {
    description:
      'Why, in sentences with the customer\'s own numbers: "no order for 64 days; usually orders every 21 days", ' +
      '"P(alive) 0.31 under MBG/NBD", "NPS 3 on 2026-10-02 (detractor)", "2 open support tickets".',
  })
  async drivers(@Root() risk: ChurnRisk, @Ctx() ctx: Context): Promise<string[]> {
    const [feedback, fit] = await Promise.all([
      ctx.loaders.churnFeedbackByCustomer.load(risk.customerId),
      ctx.loaders.currentModelFit.load('current'),
    ]);
    return churnDrivers({
      recencyDays: risk.recencyDays,
      typicalGapDays: risk.typicalGapDays,
      pAlive: risk.pAlive,
      model: fit?.churnModel ?? ctx.services.config.metrics.model.churnModel,
      ...feedback,
    });
  }
}

@Resolver()
export class ModelAdminResolver {
  @Authorized('admin', 'segments:read')
  @Query(() => ModelDiagnostics, { nullable: true, description: 'The current churn / LTV model fit (admin or segments:read); null before the first fit.' })
  async modelDiagnostics(@Ctx() ctx: Context): Promise<ModelDiagnostics | null> {
    const fit = await ctx.loaders.currentModelFit.load('current');
    return fit && toDiagnostics(fit);
  }

  @Authorized('admin', 'segments:read')
  @Query(() => ModelBacktest, {
    description:
      'Fit BG/NBD and MBG/NBD on the purchases up to calibrationEnd, then compare their expected repeat purchases with the ' +
      'purchase days that happened up to holdoutEnd, in total and by calibration frequency (admin or segments:read).',
  })
  async modelBacktest(
    @Arg('calibrationEnd', () => DateTimeScalar, { description: 'The calibration period ends with this instant\'s local day (BUSINESS_TIMEZONE).' }) calibrationEnd: Date,
    @Arg('holdoutEnd', () => DateTimeScalar, { description: 'The holdout ends with this instant\'s local day: a later day than calibrationEnd\'s, and not after today (its purchases must all have happened).' }) holdoutEnd: Date,
    @Ctx() ctx: Context,
  ): Promise<ModelBacktest> {
    return toBacktest(await backtestModels(ctx.services.database, ctx.services.config.metrics, calibrationEnd, holdoutEnd));
  }

  @Authorized('admin')
  @Mutation(() => ModelDiagnostics, {
    description:
      'Fit BG/NBD, MBG/NBD and Gamma-Gamma on the purchases up to asOf (default now), store the fit, and re-score every ' +
      'customer as of now with it before answering. The time unit and churn model are MODEL_TIME_UNIT and CHURN_MODEL.',
  })
  async refitModels(
    @Arg('asOf', () => DateTimeScalar, { nullable: true, description: 'Fit on purchases up to this instant\'s local day; not in the future. Default: now.' }) asOf: Date | null,
    @Ctx() ctx: Context,
  ): Promise<ModelDiagnostics> {
    const now = clock.now();
    const fit = await refitModels(ctx.services.database, ctx.services.config.metrics, asOf ?? now, now);
    // Everyone was re-scored with the new parameters: segments on computed fields follow before the answer.
    await sweepSegments(ctx.services.database, { timeZone: ctx.services.config.businessTimezone }, 'MODEL_REFIT');
    return toDiagnostics(fit);
  }
}

import { Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { DateTimeScalar } from '../graphql/scalars';
import { Customer } from '../profiles/customer.type';
import { clock } from '../shared/clock';
import { sweepSegments } from '../segments/segments';
import { recomputeAll } from './recompute';
import { AiplStageEnum, LifecycleStageEnum, Rfm, RfmCellEnum, RfmTierEnum } from './metrics.type';

/** Computed fields read what was stored when the profile last changed (or by the daily sweep); nothing is recomputed here. */
@Authorized('profiles:read')
@Resolver(() => Customer)
export class CustomerMetricsResolver {
  @FieldResolver(() => Rfm, { nullable: true, description: 'Recency, frequency and monetary value with their scores; null for a customer who never ordered.' })
  async rfm(@Root() customer: Customer, @Ctx() ctx: Context): Promise<Rfm | null> {
    const m = await ctx.loaders.metricsByCustomer.load(customer.id);
    if (!m || m.r === null) return null;
    return {
      recencyDays: m.recencyDays!,
      frequency: m.frequency!,
      monetary: m.monetary!,
      r: m.r,
      f: m.f!,
      m: m.m!,
      score: m.rfmScore!,
      cell: m.rfmCell as RfmCellEnum,
      computedAt: m.computedAt,
    };
  }

  @FieldResolver(() => RfmTierEnum, { description: 'Value tier from the RFM scores: HIGH (r + f + m ≥ 12), MEDIUM (≥ 8), LOW, or NONE for non-buyers.' })
  async rfmTier(@Root() customer: Customer, @Ctx() ctx: Context): Promise<RfmTierEnum> {
    return ((await ctx.loaders.metricsByCustomer.load(customer.id))?.rfmTier ?? 'NONE') as RfmTierEnum;
  }

  @FieldResolver(() => LifecycleStageEnum, { description: 'Lifecycle stage by the rules of `LifecycleStage` (PROSPECT until the customer has been scored).' })
  async lifecycleStage(@Root() customer: Customer, @Ctx() ctx: Context): Promise<LifecycleStageEnum> {
    return ((await ctx.loaders.metricsByCustomer.load(customer.id))?.lifecycleStage ?? 'PROSPECT') as LifecycleStageEnum;
  }

  @FieldResolver(() => AiplStageEnum, { description: 'AIPL stage (Awareness, Interest, Purchase, Loyalty) by the rules of `AiplStage`.' })
  async aiplStage(@Root() customer: Customer, @Ctx() ctx: Context): Promise<AiplStageEnum> {
    return ((await ctx.loaders.metricsByCustomer.load(customer.id))?.aiplStage ?? 'NONE') as AiplStageEnum;
  }

  @FieldResolver(() => DateTimeScalar, {
    nullable: true,
    description: 'When the stored computed fields were last computed: on every change to the profile, and daily by the sweep. Null if never.',
  })
  async metricsComputedAt(@Root() customer: Customer, @Ctx() ctx: Context): Promise<Date | null> {
    return (await ctx.loaders.metricsByCustomer.load(customer.id))?.computedAt ?? null;
  }
}

@Resolver()
export class MetricsAdminResolver {
  @Authorized('admin')
  @Mutation(() => Boolean, {
    description:
      'Recompute the RFM cut points over all buyers and re-score every customer now (set-based, in chunks). Answers ' +
      'true when done, after the segments on computed fields have followed (reason TIME). The daily sweep does the same on its own.',
  })
  async recomputeMetrics(@Ctx() ctx: Context): Promise<boolean> {
    await recomputeAll(ctx.services.database, ctx.services.config.metrics, clock.now());
    await sweepSegments(ctx.services.database, { timeZone: ctx.services.config.businessTimezone });
    return true;
  }
}

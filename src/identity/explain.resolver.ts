import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { decodeTimeCursor, encodeCursor, pageArgs, toConnection } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { toDate } from '../db/values';
import { Customer } from '../profiles/customer.type';
import { conflictsPage } from './explain.repo';
import { IdentityConflictConnection, IdentityEvidence, Merge, MergeRuleEnum, TraitValue } from './identity.type';

/** Why a profile looks the way it does: identity evidence, merges, and where each trait value came from. */
@Authorized('profiles:read')
@Resolver(() => Customer)
export class IdentityExplainResolver {
  @FieldResolver(() => [IdentityEvidence], { description: 'Each identity with the evidence that linked it: source, message, first and last seen.' })
  async identityGraph(@Root() customer: Customer, @Ctx() ctx: Context): Promise<IdentityEvidence[]> {
    const list = await ctx.loaders.identitiesByCustomer.load(customer.id);
    return list.map((i) => ({
      type: i.type,
      value: ctx.services.pii.identityValue(ctx.principal, i.type, i.value),
      linkedTo: i.linkedTo,
      source: i.sourceId && i.sourceName ? { id: i.sourceId, name: i.sourceName } : null,
      messageId: i.messageId,
      firstSeenAt: i.firstSeenAt,
      lastSeenAt: i.lastSeenAt,
    }));
  }

  @FieldResolver(() => [Merge], { description: 'Every merge that built this profile, oldest first, with the rule and the message that caused it.' })
  async mergeHistory(@Root() customer: Customer, @Ctx() ctx: Context): Promise<Merge[]> {
    const list = await ctx.loaders.mergesByCustomer.load(customer.id);
    return list.map((m) => ({ ...m, rule: m.rule as MergeRuleEnum, mergedAt: m.createdAt }));
  }

  @FieldResolver(() => [TraitValue], { description: 'Each current trait with its source and when it was observed (the values behind `traits`).' })
  async traitValues(@Root() customer: Customer, @Ctx() ctx: Context): Promise<TraitValue[]> {
    const list = await ctx.loaders.traitValuesByCustomer.load(customer.id);
    const canSeePii = ctx.services.pii.canSeePii(ctx.principal);
    return list.map((t) => ({
      key: t.key,
      value: !canSeePii && ctx.services.pii.isPiiTrait(t.key) ? null : t.value,
      source: t.sourceId && t.sourceName ? { id: t.sourceId, name: t.sourceName } : null,
      messageId: t.messageId,
      observedAt: t.observedAt,
    }));
  }

  @Query(() => IdentityConflictConnection, { description: 'Messages whose identifiers could not all be linked (shared devices, limits), newest first.' })
  async identityConflicts(
    @Arg('first', () => Int, { nullable: true, description: 'How many items to return (default 20, at most 1000).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Return the items after this cursor (`pageInfo.endCursor` of the previous page).' }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    const args = pageArgs(first, after);
    const found = await conflictsPage(ctx.services.database, args.first, args.after ? decodeTimeCursor(args.after) : null);
    return toConnection(found, args, (r) => encodeCursor([r.created_at, r.id]), (r) => ({
      id: r.id,
      customerId: r.customer_id,
      rule: r.rule,
      identityType: r.identity_type,
      profileIds: r.profile_ids,
      sourceId: r.source_id,
      messageId: r.message_id,
      occurredAt: toDate(r.occurred_at),
      recordedAt: toDate(r.created_at),
    }));
  }
}

import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { isUuid } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { DomainError, badInput } from '../graphql/errors';
import { IdentityInput } from '../ingestion/ingest.type';
import type { IdentityRef } from '../ingestion/message';
import { eraseCustomer, splitCustomer } from './admin';
import { ErasureReceipt, MergePreview, ResolutionOutcome, SplitResult } from './admin.type';
import { normalizeIdentity } from './normalize';
import { previewResolution } from './preview';

function normalizeInputs(ctx: Context, identities: IdentityInput[]): IdentityRef[] {
  return identities.map((i, n) => {
    const result = normalizeIdentity(i.type, i.value, ctx.services.config.identityRules);
    if (!result.ok) throw badInput(`identities.${n}`, result.reason);
    return result.identity;
  });
}

@Resolver()
export class IdentityAdminResolver {
  @Authorized('admin')
  @Mutation(() => ErasureReceipt, {
    description: 'Erase a person (right to be forgotten): the profile, its merged-away profiles and every row about them. Late events carrying their identifiers are dropped and counted.',
  })
  deleteCustomer(
    @Arg('id', () => ID, { description: 'The profile (any of its ids).' }) id: string,
    @Arg('reason', () => String, { description: 'Why (kept on the receipt).' }) reason: string,
    @Ctx() ctx: Context,
  ) {
    if (!isUuid(id)) throw badInput('id', 'id must be a UUID');
    if (!reason.trim()) throw badInput('reason', 'give a reason; it is kept on the receipt');
    return eraseCustomer(ctx.services.ingest, id, reason.trim(), ctx.principal?.keyId ?? null);
  }

  @Authorized('admin')
  @Mutation(() => SplitResult, { description: 'Undo a wrong merge: move the chosen identities, and everything that arrived only through them, to a new profile.' })
  async splitCustomer(
    @Arg('customerId', () => ID, { description: 'The profile to split.' }) customerId: string,
    @Arg('identities', () => [IdentityInput], { description: 'The identities to move to the new profile.' }) identities: IdentityInput[],
    @Ctx() ctx: Context,
  ): Promise<SplitResult> {
    if (!isUuid(customerId)) throw badInput('customerId', 'customerId must be a UUID');
    const result = await splitCustomer(ctx.services.ingest, customerId, normalizeInputs(ctx, identities), ctx.principal?.keyId ?? null);
    const [customer, newCustomer] = await Promise.all([
      ctx.loaders.customerById.load(result.customerId),
      ctx.loaders.customerById.load(result.newCustomerId),
    ]);
    return { customer: customer!, newCustomer: newCustomer!, movedIdentities: result.movedIdentities, movedMessages: result.movedMessages };
  }

  @Authorized('profiles:read')
  @Query(() => MergePreview, { description: 'What would a message carrying these identifiers do? Decided exactly as ingestion would; nothing is written. PII identity types need `pii:read`.' })
  async previewMerge(
    @Arg('identities', () => [IdentityInput], { description: 'The identifiers of the hypothetical message.' }) identities: IdentityInput[],
    @Ctx() ctx: Context,
  ): Promise<MergePreview> {
    const refs = normalizeInputs(ctx, identities);
    if (!refs.length) throw badInput('identities', 'give at least one identity');
    const pii = refs.findIndex((r) => ctx.services.pii.isPiiIdentityType(r.type));
    if (pii >= 0 && !ctx.services.pii.canSeePii(ctx.principal)) throw new DomainError('FORBIDDEN', 'previewing PII identities requires pii:read', `identities.${pii}`);
    const { resolution: r, matched } = await previewResolution(ctx.services.database.db, refs, ctx.services.config.identityRules);
    const base = { matchedProfileIds: matched, mergedProfileIds: [] as string[], linkedIdentityTypes: r.link.map((l) => l.type), conflictType: null };
    switch (r.kind) {
      case 'create':
        return { ...base, outcome: ResolutionOutcome.CREATE, targetCustomerId: null };
      case 'attach':
        return { ...base, outcome: ResolutionOutcome.ATTACH, targetCustomerId: r.profileId };
      case 'merge':
        return { ...base, outcome: ResolutionOutcome.MERGE, targetCustomerId: r.survivorId, mergedProfileIds: r.mergedIds };
      case 'conflict':
        return { ...base, outcome: ResolutionOutcome.CONFLICT, targetCustomerId: 'existing' in r.target ? r.target.existing : null, conflictType: r.conflict.type };
    }
  }
}

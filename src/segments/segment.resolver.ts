import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { badInput } from '../graphql/errors';
import { Customer } from '../profiles/customer.type';
import { clock } from '../shared/clock';
import { acceptDefinition } from './accept';
import { previewDefinition } from './preview';
import { SegmentCondition } from './segment.input';
import { SegmentPreview } from './segment.type';

const MAX_SAMPLE = 100;

@Resolver()
export class SegmentPreviewResolver {
  @Authorized('segments:write')
  @Query(() => SegmentPreview, {
    description:
      'What a definition would select now: the number of matching profiles and a sample of their ids. Nothing is saved. ' +
      'Needs `segments:write` (it is the authoring tool); conditions on PII trait values also need `pii:read`.',
  })
  previewSegment(
    @Arg('definition', () => SegmentCondition, { description: 'The definition to try.' }) definition: SegmentCondition,
    @Arg('sampleSize', () => Int, { defaultValue: 20, description: `How many ids to return in \`sampleIds\` (0 to ${MAX_SAMPLE}).` }) sampleSize: number,
    @Ctx() ctx: Context,
  ): Promise<SegmentPreview> {
    if (sampleSize < 0 || sampleSize > MAX_SAMPLE) throw badInput('sampleSize', `sampleSize must be from 0 to ${MAX_SAMPLE}`);
    const accepted = acceptDefinition(ctx, definition);
    return previewDefinition(ctx.services.database, accepted, { now: clock.now(), timeZone: ctx.services.config.businessTimezone, sampleSize });
  }
}

@Resolver(() => Customer)
export class CustomerSegmentResolver {
  @Authorized('segments:read')
  @FieldResolver(() => Boolean, {
    description:
      'Whether the customer matches a definition now (`segments:read`; PII trait values also need `pii:read`). For a ' +
      'page of customers it costs one statement per distinct definition.',
  })
  matches(
    @Root() customer: Customer,
    @Arg('definition', () => SegmentCondition, { description: 'The definition to test.' }) definition: SegmentCondition,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.loaders.segmentMatches.load({ accepted: acceptDefinition(ctx, definition), customerId: customer.id });
  }
}

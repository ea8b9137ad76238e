import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { badInput, notFound } from '../graphql/errors';
import { Customer } from '../profiles/customer.type';
import { clock } from '../shared/clock';
import { acceptDefinition } from './accept';
import { changesAfter, memberPage, sizesAt, type ChangeRow } from './membership.repo';
import { previewDefinition } from './preview';
import { SegmentCondition, SegmentInput } from './segment.input';
import {
  MembershipChangeKind, MembershipChangeReason, Segment, SegmentDefinitionVersion, SegmentMember, SegmentMembership, SegmentMembershipChange,
  SegmentMembershipChangeConnection, SegmentPreview, SegmentSizePoint,
} from './segment.type';
import type { SegmentRecord } from './segment.repo';
import { archiveSegment, createSegment, updateSegment } from './segments';
import { parseCursor, parseSeriesInterval, seriesPoints } from './series';
import { isUuid } from '../graphql/connection';

const MAX_SAMPLE = 100;
const MAX_MEMBERS_PAGE = 1000;
const MAX_CHANGES_PAGE = 10_000;

const toSegment = (r: SegmentRecord): Segment => ({ ...r, definition: r.definition as Record<string, unknown> });

export const toChange = (r: ChangeRow): SegmentMembershipChange => ({
  cursor: r.cursor,
  segmentId: r.segmentId,
  customerId: r.customerId,
  mergedIntoId: r.mergedIntoId,
  change: r.change as MembershipChangeKind,
  occurredAt: r.occurredAt,
  reason: r.reason as MembershipChangeReason,
  causedBy: r.causedByMessageId ? { messageId: r.causedByMessageId, occurredAt: r.causedByOccurredAt! } : null,
});

function checkId(id: string, field = 'id'): string {
  if (!isUuid(id)) throw badInput(field, `${field} must be a UUID`);
  return id.toLowerCase();
}

@Resolver()
export class SegmentPreviewResolver {
  @Authorized('segments:write')
  @Query(() => SegmentPreview, {
    description:
      'What a definition would select now: the number of matching profiles and a sample of their ids. Nothing is saved. ' +
      'Needs `segments:write` (it is the authoring tool); conditions on PII trait values also need `pii:read`.',
  })
  async previewSegment(
    @Arg('definition', () => SegmentCondition, { description: 'The definition to try.' }) definition: SegmentCondition,
    @Arg('sampleSize', () => Int, { defaultValue: 20, description: `How many ids to return in \`sampleIds\` (0 to ${MAX_SAMPLE}).` }) sampleSize: number,
    @Ctx() ctx: Context,
  ): Promise<SegmentPreview> {
    if (sampleSize < 0 || sampleSize > MAX_SAMPLE) throw badInput('sampleSize', `sampleSize must be from 0 to ${MAX_SAMPLE}`);
    const catalog = await ctx.loaders.segmentCatalog.load('all');
    const accepted = acceptDefinition(ctx, definition, { segments: catalog.lookup });
    return previewDefinition(ctx.services.database, accepted, { now: clock.now(), timeZone: ctx.services.config.businessTimezone, sampleSize });
  }
}

@Resolver(() => Segment)
export class SegmentResolver {
  @Authorized('segments:write')
  @Mutation(() => Segment, {
    description:
      'Save a segment and evaluate it before answering: every current member is logged as ENTERED (reason DEFINITION_CHANGE). ' +
      'Scope `segments:write`. A bad definition is refused with BAD_USER_INPUT and `extensions.field` the path at fault ' +
      '(`input.definition.and.1.event.within`); a name already in use, with CONFLICT.',
  })
  async createSegment(@Arg('input', () => SegmentInput, { description: 'Name, description and definition.' }) input: SegmentInput, @Ctx() ctx: Context): Promise<Segment> {
    const catalog = await ctx.loaders.segmentCatalog.load('all');
    const accepted = acceptDefinition(ctx, input.definition, { argument: 'input.definition', segments: catalog.lookup });
    const created = await createSegment(ctx.services.database, { timeZone: ctx.services.config.businessTimezone }, {
      name: input.name,
      description: input.description ?? '',
      definition: accepted.definition,
    });
    return toSegment(created);
  }

  @Authorized('segments:write')
  @Mutation(() => Segment, {
    description:
      'Replace a segment\'s name, description and definition. The previous version is kept (`definitionVersions`); the segment, and every ' +
      'segment that references it, are re-evaluated before answering (reason DEFINITION_CHANGE). Archived segments cannot be updated (CONFLICT).',
  })
  async updateSegment(
    @Arg('id', () => ID, { description: 'The segment.' }) id: string,
    @Arg('input', () => SegmentInput, { description: 'The new name, description and definition.' }) input: SegmentInput,
    @Ctx() ctx: Context,
  ): Promise<Segment> {
    const segmentId = checkId(id);
    const catalog = await ctx.loaders.segmentCatalog.load('all');
    if (!catalog.byId.has(segmentId)) throw notFound('segment');
    const accepted = acceptDefinition(ctx, input.definition, { argument: 'input.definition', segments: catalog.lookup, selfId: segmentId });
    return toSegment(
      await updateSegment(ctx.services.database, { timeZone: ctx.services.config.businessTimezone }, segmentId, {
        name: input.name,
        description: input.description ?? '',
        definition: accepted.definition,
      }),
    );
  }

  @Authorized('segments:write')
  @Mutation(() => Segment, {
    description:
      'Archive a segment: every member exits (reason ARCHIVE) and it stops being evaluated; its history stays readable. Refused with CONFLICT ' +
      'while another active segment references it (inSegment). Archiving an archived segment changes nothing.',
  })
  async archiveSegment(@Arg('id', () => ID, { description: 'The segment.' }) id: string, @Ctx() ctx: Context): Promise<Segment> {
    return toSegment(await archiveSegment(ctx.services.database, checkId(id)));
  }

  @Authorized('segments:read')
  @Query(() => [Segment], { description: 'Every segment, oldest first (scope `segments:read`).' })
  async segments(
    @Arg('includeArchived', () => Boolean, { defaultValue: false, description: 'Include archived segments.' }) includeArchived: boolean,
    @Ctx() ctx: Context,
  ): Promise<Segment[]> {
    const catalog = await ctx.loaders.segmentCatalog.load('all');
    return [...catalog.byId.values()].filter((s) => includeArchived || !s.archivedAt).map(toSegment);
  }

  @Authorized('segments:read')
  @Query(() => Segment, { nullable: true, description: 'A segment by id, archived or not; null when there is none (scope `segments:read`).' })
  async segment(@Arg('id', () => ID, { description: 'Segment id (UUID).' }) id: string, @Ctx() ctx: Context): Promise<Segment | null> {
    const catalog = await ctx.loaders.segmentCatalog.load('all');
    const found = catalog.byId.get(checkId(id));
    return found ? toSegment(found) : null;
  }

  @Authorized('segments:read')
  @Query(() => SegmentMembershipChangeConnection, {
    description:
      'The membership-change feed for BI (compare the subscription `segmentMembershipChanged`, which streams the same changes): every ' +
      'ENTERED and EXITED after `after`, in cursor order, which is commit order — a reader that saved the last cursor never misses ' +
      'or repeats a change. Scope `segments:read`.',
  })
  async segmentMembershipChanges(
    @Arg('segmentIds', () => [ID], { nullable: true, description: 'Only these segments, archived or not (an id of no segment is NOT_FOUND); null: every segment.' }) segmentIds: string[] | null,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from an earlier page (`endCursor` or a change\'s `cursor`); null: from the start.' })
    after: string | null,
    @Arg('first', () => Int, { defaultValue: 1000, description: `Changes per page, 1 to ${MAX_CHANGES_PAGE}.` }) first: number,
    @Ctx() ctx: Context,
  ): Promise<SegmentMembershipChangeConnection> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_CHANGES_PAGE) throw badInput('first', `first must be from 1 to ${MAX_CHANGES_PAGE}`);
    const ids = segmentIds?.map((id, i) => checkId(id, `segmentIds.${i}`)) ?? null;
    if (ids?.length) {
      // A mistyped id would otherwise read as a segment that never changes. Archived segments are in the catalogue.
      const catalog = await ctx.loaders.segmentCatalog.load('all');
      const unknown = ids.findIndex((id) => !catalog.byId.has(id));
      if (unknown >= 0) throw notFound('segment', `segmentIds.${unknown}`);
    }
    const from = after == null ? 0 : parseCursor(after, 'after');
    const found = await changesAfter(ctx.services.database, { segmentIds: ids, after: from, limit: first + 1 });
    const page = found.slice(0, first).map(toChange);
    return { nodes: page, endCursor: page.at(-1)?.cursor ?? after ?? null, hasNextPage: found.length > first };
  }

  @FieldResolver(() => Int, { description: 'Current members.' })
  size(@Root() segment: Segment, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.segmentSize.load(segment.id);
  }

  @FieldResolver(() => [SegmentMember], {
    description:
      'Members by customer id: now, or as of an instant (who was in the segment then, as Strata knew it). Keyset-paged: pass the last ' +
      '`customerId` of a page as `after`.',
  })
  async members(
    @Root() segment: Segment,
    @Arg('first', () => Int, { defaultValue: 100, description: `Members per page, 1 to ${MAX_MEMBERS_PAGE}.` }) first: number,
    @Arg('after', () => ID, { nullable: true, description: 'The last customerId of the previous page.' }) after: string | null,
    @Arg('asOf', () => Date, { nullable: true, description: 'An instant in the past; null: now.' }) asOf: Date | null,
    @Ctx() ctx: Context,
  ): Promise<SegmentMember[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_MEMBERS_PAGE) throw badInput('first', `first must be from 1 to ${MAX_MEMBERS_PAGE}`);
    return memberPage(ctx.services.database, segment.id, { asOf, after: after == null ? null : checkId(after, 'after'), limit: first });
  }

  @FieldResolver(() => [SegmentSizePoint], {
    description: 'The size at `from`, then every `interval` up to `to` (at most 1,000 points): as Strata knew it at each instant.',
  })
  async sizeHistory(
    @Root() segment: Segment,
    @Arg('from', () => Date, { description: 'First instant.' }) from: Date,
    @Arg('to', () => Date, { description: 'Last instant (included when it falls on a step).' }) to: Date,
    @Arg('interval', () => String, { defaultValue: 'P1D', description: 'Step: an ISO 8601 duration of hours, days or weeks (`PT1H`, `P1D`, `P7D`, `P1W`).' }) interval: string,
    @Ctx() ctx: Context,
  ): Promise<SegmentSizePoint[]> {
    const points = seriesPoints(from, to, parseSeriesInterval(interval, 'interval'));
    const sizes = await sizesAt(ctx.services.database, segment.id, points);
    return points.map((at, i) => ({ at, size: sizes[i] }));
  }

  @FieldResolver(() => [SegmentDefinitionVersion], { description: 'Every version of the definition, oldest first; the last is the current one.' })
  async definitionVersions(@Root() segment: Segment, @Ctx() ctx: Context): Promise<SegmentDefinitionVersion[]> {
    return (await ctx.loaders.segmentVersions.load(segment.id)).map((v) => ({ ...v, definition: v.definition as Record<string, unknown> }));
  }
}

@Resolver(() => SegmentMember)
export class SegmentMemberResolver {
  @FieldResolver(() => Customer, { nullable: true, description: 'The profile now (following merges); null when erased. Its fields need `profiles:read`.' })
  customer(@Root() member: SegmentMember, @Ctx() ctx: Context) {
    return ctx.loaders.customerById.load(member.customerId);
  }
}

@Resolver(() => SegmentMembershipChange)
export class SegmentMembershipChangeResolver {
  @FieldResolver(() => Customer, { nullable: true, description: 'The profile now (following merges); null when erased. Its fields need `profiles:read`.' })
  customer(@Root() change: SegmentMembershipChange, @Ctx() ctx: Context) {
    return ctx.loaders.customerById.load(change.customerId);
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
  async matches(
    @Root() customer: Customer,
    @Arg('definition', () => SegmentCondition, { description: 'The definition to test.' }) definition: SegmentCondition,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    const catalog = await ctx.loaders.segmentCatalog.load('all');
    return ctx.loaders.segmentMatches.load({ accepted: acceptDefinition(ctx, definition, { segments: catalog.lookup }), customerId: customer.id });
  }

  @Authorized('segments:read')
  @FieldResolver(() => [Segment], { description: 'The segments the customer is in now (`segments:read`).' })
  async segments(@Root() customer: Customer, @Ctx() ctx: Context): Promise<Segment[]> {
    const [memberships, catalog] = await Promise.all([ctx.loaders.membershipsByCustomer.load(customer.id), ctx.loaders.segmentCatalog.load('all')]);
    return memberships.flatMap((m) => {
      const s = catalog.byId.get(m.segmentId);
      return s ? [toSegment(s)] : [];
    });
  }

  @Authorized('segments:read')
  @FieldResolver(() => [SegmentMembership], { description: 'The segments the customer is in now, with when they entered (`segments:read`).' })
  async segmentMemberships(@Root() customer: Customer, @Ctx() ctx: Context): Promise<SegmentMembership[]> {
    const [memberships, catalog] = await Promise.all([ctx.loaders.membershipsByCustomer.load(customer.id), ctx.loaders.segmentCatalog.load('all')]);
    return memberships.flatMap((m) => {
      const s = catalog.byId.get(m.segmentId);
      return s ? [{ segment: toSegment(s), enteredAt: m.enteredAt }] : [];
    });
  }

  @Authorized('segments:read')
  @FieldResolver(() => [SegmentMembershipChange], {
    description: 'Every segment this profile id entered or left, oldest first (`segments:read`). Changes logged under merged-away ids stay with those ids.',
  })
  async segmentHistory(@Root() customer: Customer, @Ctx() ctx: Context): Promise<SegmentMembershipChange[]> {
    return (await ctx.loaders.segmentHistoryByCustomer.load(customer.id)).map(toChange);
  }
}

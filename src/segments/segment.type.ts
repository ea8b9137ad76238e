import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JSONObjectScalar } from '../graphql/scalars';

@ObjectType({ description: 'What a definition selects right now, computed without saving anything.' })
export class SegmentPreview {
  @Field(() => Int, { description: 'How many live profiles match.' })
  count!: number;

  @Field(() => [ID], { description: 'Ids of up to `sampleSize` matching profiles, the smallest ids first (a stable sample).' })
  sampleIds!: string[];

  @Field(() => DateTimeScalar, { description: 'The instant the definition was evaluated at: windows and relative dates count back from it.' })
  evaluatedAt!: Date;
}

@ObjectType({ description: 'A stored segment: a named definition whose membership Strata keeps exact and remembers (as intervals of system time).' })
export class Segment {
  @Field(() => ID, { description: 'Segment id (UUID).' })
  id!: string;

  @Field(() => String, { description: 'Name, unique among segments not archived.' })
  name!: string;

  @Field(() => String, { description: 'What the segment is for (free text; may be empty).' })
  description!: string;

  @Field(() => JSONObjectScalar, { description: 'The current definition, as the JSON of the SegmentCondition input it was saved with.' })
  definition!: Record<string, unknown>;

  @Field(() => Int, { description: 'Version of the definition: 1 on create, one more per update (see definitionVersions).' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'Key of the built-in segment this is (e.g. `SLEEPING`); null for segments created through the API.' })
  builtinKey!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the segment was created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When its name, description or definition last changed, or it was archived.' })
  updatedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was archived (every member then exited); null while active.' })
  archivedAt!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'When the whole segment was last evaluated (on create, update, the time sweep, a model refit). Between those, membership is kept ' +
      'exact on every write for the profiles it touches.',
  })
  evaluatedAt!: Date | null;
}

@ObjectType({ description: 'A member of a segment: who, and since when.' })
export class SegmentMember {
  @Field(() => ID, { description: 'The profile id as it was when it entered (a later merge does not rewrite it; `customer` follows merges).' })
  customerId!: string;

  @Field(() => DateTimeScalar, { description: 'When this membership began (system time: when Strata knew it).' })
  enteredAt!: Date;
}

@ObjectType({ description: 'The size of a segment at an instant, as Strata knew it then.' })
export class SegmentSizePoint {
  @Field(() => DateTimeScalar, { description: 'The instant.' })
  at!: Date;

  @Field(() => Int, { description: 'Members at that instant.' })
  size!: number;
}

@ObjectType({ description: 'One version of a segment definition, as it was saved.' })
export class SegmentDefinitionVersion {
  @Field(() => Int, { description: 'Version number, from 1.' })
  version!: number;

  @Field(() => String, { description: 'The name saved with this version.' })
  name!: string;

  @Field(() => String, { description: 'The description saved with this version.' })
  description!: string;

  @Field(() => JSONObjectScalar, { description: 'The definition of this version.' })
  definition!: Record<string, unknown>;

  @Field(() => DateTimeScalar, { description: 'When this version was saved.' })
  createdAt!: Date;
}

@ObjectType({ description: 'A segment a customer is in now, and since when.' })
export class SegmentMembership {
  @Field(() => Segment, { description: 'The segment.' })
  segment!: Segment;

  @Field(() => DateTimeScalar, { description: 'When the customer (this profile id) entered it.' })
  enteredAt!: Date;
}

export enum MembershipChangeKind {
  ENTERED = 'ENTERED',
  EXITED = 'EXITED',
}
registerEnumType(MembershipChangeKind, {
  name: 'MembershipChangeKind',
  description: 'Whether a customer entered or left a segment.',
  valuesConfig: { ENTERED: { description: 'Became a member.' }, EXITED: { description: 'Stopped being a member.' } },
});

export enum MembershipChangeReason {
  DEFINITION_CHANGE = 'DEFINITION_CHANGE',
  DATA_CHANGE = 'DATA_CHANGE',
  TIME = 'TIME',
  MERGE = 'MERGE',
  SPLIT = 'SPLIT',
  DELETION = 'DELETION',
  ARCHIVE = 'ARCHIVE',
  MODEL_REFIT = 'MODEL_REFIT',
}
registerEnumType(MembershipChangeReason, {
  name: 'MembershipChangeReason',
  description: 'Why a membership changed.',
  valuesConfig: {
    DEFINITION_CHANGE: { description: 'The segment was created or its definition (or that of a segment it references) updated.' },
    DATA_CHANGE: { description: 'New data about the customer (an event, order, refund, trait, feedback); `causedBy` names the message.' },
    TIME: { description: 'Time passed: a window or relative date moved, or the scheduled sweep re-scored computed fields.' },
    MERGE: { description: 'Profiles merged: the merged-away profile exits, the survivor may enter.' },
    SPLIT: { description: 'An operator split a profile.' },
    DELETION: { description: 'The customer was erased.' },
    ARCHIVE: { description: 'The segment was archived: every member exits.' },
    MODEL_REFIT: { description: 'The churn / LTV models were refitted and every customer re-scored.' },
  },
});

@ObjectType({ description: 'The ingested message behind a change.' })
export class ChangeCausedBy {
  @Field(() => String, { description: 'Its messageId (unique per source).' })
  messageId!: string;

  @Field(() => DateTimeScalar, { description: 'When it happened (the message timestamp, skew-corrected).' })
  occurredAt!: Date;
}

@ObjectType({
  description:
    'One entry of the membership-change log: a customer entered or left a segment. The BI feed `segmentMembershipChanges` pages ' +
    'through these; the subscription `segmentMembershipChanged` (real-time delivery) streams the same type.',
})
export class SegmentMembershipChange {
  @Field(() => String, { description: 'Position in the log (increasing in commit order); pass it as `after` to continue after this change.' })
  cursor!: string;

  @Field(() => ID, { description: 'The segment.' })
  segmentId!: string;

  @Field(() => ID, { description: 'The profile id at the time of the change, never redirected by later merges.' })
  customerId!: string;

  @Field(() => ID, { nullable: true, description: 'The profile `customerId` has since been merged into; null while it is live (or erased).' })
  mergedIntoId!: string | null;

  @Field(() => MembershipChangeKind, { description: 'ENTERED or EXITED.' })
  change!: MembershipChangeKind;

  @Field(() => DateTimeScalar, { description: 'When Strata recorded the change (commit time of the transaction that caused it, to the clock).' })
  occurredAt!: Date;

  @Field(() => MembershipChangeReason, { description: 'Why it changed.' })
  reason!: MembershipChangeReason;

  @Field(() => ChangeCausedBy, { nullable: true, description: 'The message that caused a DATA_CHANGE (the customer\'s latest in its batch); null for other reasons.' })
  causedBy!: ChangeCausedBy | null;
}

@ObjectType({ description: 'A page of the membership-change log, oldest first.' })
export class SegmentMembershipChangeConnection {
  @Field(() => [SegmentMembershipChange], { description: 'The changes of this page, in cursor order.' })
  nodes!: SegmentMembershipChange[];

  @Field(() => String, { nullable: true, description: 'Cursor of the last change of this page (or `after` when the page is empty): pass it as `after` next time.' })
  endCursor!: string | null;

  @Field(() => Boolean, { description: 'True when more changes follow this page now. False means caught up: poll again later with `endCursor`.' })
  hasNextPage!: boolean;
}

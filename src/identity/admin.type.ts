import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JSONObjectScalar } from '../graphql/scalars';
import { Customer } from '../profiles/customer.type';

@ObjectType({ description: 'What an erasure deleted. Counts only: no personal data is kept, except hashed identifiers that keep late events out.' })
export class ErasureReceipt {
  @Field(() => ID, { description: 'Receipt id.' })
  id!: string;

  @Field(() => ID, { description: 'The erased profile.' })
  customerId!: string;

  @Field(() => [ID], { description: 'Profiles that had been merged into it, erased with it.' })
  mergedIds!: string[];

  @Field(() => String, { description: 'The reason given (e.g. "GDPR Art. 17 request #123").' })
  reason!: string;

  @Field(() => JSONObjectScalar, { description: 'Rows deleted per table.' })
  deleted!: Record<string, number>;

  @Field(() => Int, { description: 'Identifiers tombstoned (stored as SHA-256 only): later data carrying them is dropped and counted.' })
  erasedIdentities!: number;

  @Field(() => DateTimeScalar, { description: 'When the erasure committed, UTC.' })
  erasedAt!: Date;
}

@ObjectType({ description: 'The two profiles after a split.' })
export class SplitResult {
  @Field(() => Customer, { description: 'The original profile, re-derived without the split-off identities.' })
  customer!: Customer;

  @Field(() => Customer, { description: 'The new profile holding the split-off identities and what arrived only through them.' })
  newCustomer!: Customer;

  @Field(() => Int, { description: 'Identities moved.' })
  movedIdentities!: number;

  @Field(() => Int, { description: 'Messages (events, orders, feedback, traits) moved with them.' })
  movedMessages!: number;
}

export enum ResolutionOutcome {
  CREATE = 'CREATE',
  ATTACH = 'ATTACH',
  MERGE = 'MERGE',
  CONFLICT = 'CONFLICT',
}
registerEnumType(ResolutionOutcome, {
  name: 'ResolutionOutcome',
  description: 'What identity resolution would do with a message carrying the given identifiers.',
  valuesConfig: {
    CREATE: { description: 'No profile has any of them: a new profile.' },
    ATTACH: { description: 'One profile has some of them and the rest fit its limits: they are added to it.' },
    MERGE: { description: 'Several profiles have them and merging keeps every limit: they are merged.' },
    CONFLICT: { description: 'Linking would break a limit (shared device, two user ids): no merge, a conflict is recorded.' },
  },
});

@ObjectType({ description: 'The answer of previewMerge: what a message with these identifiers would do. Nothing is written.' })
export class MergePreview {
  @Field(() => ResolutionOutcome, { description: 'The decision.' })
  outcome!: ResolutionOutcome;

  @Field(() => [ID], { description: 'Live profiles that already own some of the identifiers.' })
  matchedProfileIds!: string[];

  @Field(() => ID, { nullable: true, description: 'The existing profile the message would go to (the survivor for MERGE); null when a new one would be created.' })
  targetCustomerId!: string | null;

  @Field(() => [ID], { description: 'Profiles that would be merged into the target (MERGE only).' })
  mergedProfileIds!: string[];

  @Field(() => [String], { description: 'Types of the identifiers that would be linked to the target (new to it).' })
  linkedIdentityTypes!: string[];

  @Field(() => String, { nullable: true, description: 'For CONFLICT: the identity type whose limit would break.' })
  conflictType!: string | null;
}

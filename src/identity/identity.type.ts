import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionOf } from '../graphql/connection';
import { DateTimeScalar, JSONScalar } from '../graphql/scalars';

@ObjectType({ description: 'An identifier by which a source knows the customer.' })
export class Identity {
  @Field(() => String, {
    description:
      'Lower-case identity type: `user_id`, `anonymous_id`, `device_id`, `email`, `phone`, or an external id type such ' +
      'as `wechat_openid` or `crm_id`; a namespace may follow a colon (`wechat_openid:wx1234`).',
  })
  type!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The normalised value. Maskable: null for PII types (email, phone, …) when the key lacks `pii:read`.',
  })
  value!: string | null;

  @Field(() => DateTimeScalar, { description: 'When this identifier was first seen for the customer, UTC.' })
  firstSeenAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When this identifier was last seen, UTC.' })
  lastSeenAt!: Date;
}

@ObjectType({ description: 'A source, as far as explanations need it.' })
export class SourceRef {
  @Field(() => ID, { description: 'Source id.' })
  id!: string;

  @Field(() => String, { description: 'Source name (web, app, crm, …).' })
  name!: string;
}

@ObjectType({ description: 'An identity with the evidence that linked it to the profile.' })
export class IdentityEvidence {
  @Field(() => String, { description: 'Identity type.' })
  type!: string;

  @Field(() => String, { nullable: true, description: 'The normalised value; null for PII types without `pii:read`.' })
  value!: string | null;

  @Field(() => ID, { description: 'The profile the identity was first linked to (a merged-away id after a merge).' })
  linkedTo!: string;

  @Field(() => SourceRef, { nullable: true, description: 'The source whose message first carried it.' })
  source!: SourceRef | null;

  @Field(() => String, { nullable: true, description: 'The message that first carried it (messageId in its source).' })
  messageId!: string | null;

  @Field(() => DateTimeScalar, { description: 'First seen (occurred-at), UTC.' })
  firstSeenAt!: Date;

  @Field(() => DateTimeScalar, { description: 'Last seen (occurred-at), UTC.' })
  lastSeenAt!: Date;
}

export enum MergeRuleEnum {
  SHARED_IDENTITY = 'SHARED_IDENTITY',
  ALIAS = 'ALIAS',
}
registerEnumType(MergeRuleEnum, {
  name: 'MergeRule',
  description: 'Why two profiles were merged.',
  valuesConfig: {
    SHARED_IDENTITY: { description: 'A message carried identifiers of both, and merging kept every identity limit.' },
    ALIAS: { description: 'An alias(previousId, userId) said they are the same person (merges even across two user ids).' },
  },
});

@ObjectType({ description: 'One merge that built this profile.' })
export class Merge {
  @Field(() => ID, { description: 'The profile merged away (its id still resolves to the survivor).' })
  mergedId!: string;

  @Field(() => MergeRuleEnum, { description: 'The rule that merged it.' })
  rule!: MergeRuleEnum;

  @Field(() => String, { nullable: true, description: 'Type of the identifier that caused the merge (the value is in identityGraph).' })
  identityType!: string | null;

  @Field(() => ID, { nullable: true, description: 'Source of the message that caused it.' })
  sourceId!: string | null;

  @Field(() => String, { nullable: true, description: 'The message that caused it.' })
  messageId!: string | null;

  @Field(() => DateTimeScalar, { description: 'When that message occurred, UTC.' })
  occurredAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When Strata merged, UTC.' })
  mergedAt!: Date;
}

@ObjectType({ description: 'The current value of one trait, with where it came from.' })
export class TraitValue {
  @Field(() => String, { description: 'Trait key.' })
  key!: string;

  @Field(() => JSONScalar, { nullable: true, description: 'The value (any JSON); null for PII keys without `pii:read`.' })
  value!: unknown;

  @Field(() => SourceRef, { nullable: true, description: 'The source that said it.' })
  source!: SourceRef | null;

  @Field(() => String, { nullable: true, description: 'The message that said it.' })
  messageId!: string | null;

  @Field(() => DateTimeScalar, { description: 'When it was true (occurred-at of that message), UTC.' })
  observedAt!: Date;
}

@ObjectType({ description: 'A message whose identifiers could not all be linked without breaking an identity limit.' })
export class IdentityConflict {
  @Field(() => ID, { description: 'Conflict id.' })
  id!: string;

  @Field(() => ID, { description: 'The profile the message went to.' })
  customerId!: string;

  @Field(() => String, { description: 'The rule: LIMIT_EXCEEDED (e.g. a second user_id on a shared device) or SEPARATED (an operator split these identities apart).' })
  rule!: string;

  @Field(() => String, { description: 'The identity type whose limit (or split) would have been broken.' })
  identityType!: string;

  @Field(() => [ID], { description: 'The profiles the message\'s identifiers matched.' })
  profileIds!: string[];

  @Field(() => ID, { nullable: true, description: 'Source of the message.' })
  sourceId!: string | null;

  @Field(() => String, { nullable: true, description: 'The message.' })
  messageId!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the message occurred, UTC.' })
  occurredAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When the conflict was recorded, UTC.' })
  recordedAt!: Date;
}

export const IdentityConflictConnection = ConnectionOf(IdentityConflict, 'IdentityConflict', 'identity conflict');

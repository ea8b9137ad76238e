import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionOf } from '../graphql/connection';
import { DateTimeScalar } from '../graphql/scalars';

@ObjectType({ description: 'A unified customer profile: every identity, attribute, behaviour and feedback of one person.' })
export class Customer {
  @Field(() => ID, { description: 'Profile id (UUID). Ids of profiles merged into this one still resolve to it.' })
  id!: string;

  @Field(() => DateTimeScalar, { description: 'When Strata created the profile, UTC.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Earliest activity of the customer (occurred-at), UTC.' })
  firstSeenAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Latest activity of the customer (occurred-at), UTC.' })
  lastSeenAt!: Date | null;

  @Field(() => Int, { description: 'Orders of this customer (including profiles merged into it).' })
  orderCount!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the latest order was placed, UTC; null for non-buyers.' })
  lastOrderAt!: Date | null;

  /** Raw traits; the `traits` field resolver masks PII. */
  rawTraits!: Record<string, unknown>;
}

@InputType({ description: 'Narrows `customers`. All given conditions must hold.' })
export class CustomerFilter {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Only customers last seen at or after this instant.' })
  lastSeenAfter?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Only customers last seen before this instant.' })
  lastSeenBefore?: Date | null;

  @Field(() => String, { nullable: true, description: 'Only customers with at least one identity of this type (e.g. `email`).' })
  hasIdentityType?: string | null;
}

export const CustomerConnection = ConnectionOf(Customer, 'Customer', 'customer');

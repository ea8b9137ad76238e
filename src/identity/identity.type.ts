import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars';

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

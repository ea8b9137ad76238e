import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { EventConnection, OrderConnection } from '../behaviour/behaviour.type';
import { FeedbackConnection } from '../feedback/feedback.type';
import { isUuid, pageArgs, timePageArgs, toConnection, decodeTimeCursor } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { DomainError, badInput } from '../graphql/errors';
import { DateTimeScalar, JSONObjectScalar } from '../graphql/scalars';
import { Identity } from '../identity/identity.type';
import { normalizeIdentityType, normalizeIdentityValue } from '../identity/normalize';
import { customersPage } from './customer.repo';
import { Customer, CustomerConnection, CustomerFilter } from './customer.type';

const FIRST = 'How many items to return (default 20, at most 1000).';
const AFTER = 'Return the items after this cursor (`pageInfo.endCursor` of the previous page).';

@Authorized('profiles:read')
@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, { nullable: true, description: 'A profile by id; a merged-away id answers its survivor. Null when no such profile exists.' })
  customer(@Arg('id', () => ID, { description: 'Profile id (UUID).' }) id: string, @Ctx() ctx: Context) {
    if (!isUuid(id)) throw badInput('id', 'id must be a UUID');
    return ctx.loaders.customerById.load(id.toLowerCase());
  }

  @Query(() => Customer, {
    nullable: true,
    description:
      'A profile by one of its identities. The value is normalised as on ingest (emails lower-cased, …). PII identity ' +
      'types (email, phone) need `pii:read`, so the API is no existence oracle for personal data.',
  })
  async customerByIdentity(
    @Arg('type', () => String, { description: 'Identity type, e.g. `user_id`, `email`, `anonymous_id`, `wechat_openid:wx1234`.' }) type: string,
    @Arg('value', () => String, { description: 'Identity value as any source would send it.' }) value: string,
    @Ctx() ctx: Context,
  ) {
    const normalizedType = normalizeIdentityType(type);
    if (!normalizedType) throw badInput('type', 'type must not be empty');
    if (ctx.services.pii.isPiiIdentityType(normalizedType) && !ctx.services.pii.canSeePii(ctx.principal)) {
      throw new DomainError('FORBIDDEN', `looking up by ${normalizedType} requires the pii:read scope`, 'type');
    }
    const [hit] = await ctx.services.prepared.profiles.customerIdByIdentity.execute({
      type: normalizedType,
      value: normalizeIdentityValue(normalizedType, value),
    });
    return hit ? ctx.loaders.customerById.load(hit.customerId) : null;
  }

  @Query(() => CustomerConnection, { description: 'Profiles in creation order (merged-away profiles excluded), cursor-paginated.' })
  async customers(
    @Arg('first', () => Int, { nullable: true, description: FIRST }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: AFTER }) after: string | null,
    @Arg('filter', () => CustomerFilter, { nullable: true, description: 'Conditions the profiles must meet.' }) filter: CustomerFilter | null,
    @Ctx() ctx: Context,
  ) {
    const args = pageArgs(first, after);
    const afterKey = args.after ? decodeTimeCursor(args.after) : null;
    const page = await customersPage(ctx.services.database, { ...args, afterKey }, filter);
    for (const { customer } of page.slice(0, args.first)) ctx.loaders.customerById.prime(customer.id, customer);
    return toConnection(page, args, (r) => r.cursor, (r) => r.customer);
  }

  @FieldResolver(() => JSONObjectScalar, {
    description: 'Current traits, derived from every source\'s observations (latest wins). PII keys (email, phone, name, address, birthday, …) are null without `pii:read`.',
  })
  traits(@Root() customer: Customer, @Ctx() ctx: Context) {
    return ctx.services.pii.traits(ctx.principal, customer.rawTraits);
  }

  @FieldResolver(() => [Identity], { description: 'Every identifier known for this customer, including those of profiles merged into it.' })
  async identities(@Root() customer: Customer, @Ctx() ctx: Context): Promise<Identity[]> {
    const list = await ctx.loaders.identitiesByCustomer.load(customer.id);
    return list.map((i) => ({ ...i, value: ctx.services.pii.identityValue(ctx.principal, i.type, i.value) }));
  }

  @FieldResolver(() => OrderConnection, { description: 'The customer\'s orders, newest first.' })
  orders(
    @Root() customer: Customer,
    @Arg('first', () => Int, { nullable: true, description: FIRST }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: AFTER }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.loaders.ordersByCustomer.load({ customerId: customer.id, args: timePageArgs(first, after) });
  }

  @FieldResolver(() => EventConnection, { description: 'The customer\'s events (tracks, pages, screens, …), newest first.' })
  events(
    @Root() customer: Customer,
    @Arg('first', () => Int, { nullable: true, description: FIRST }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: AFTER }) after: string | null,
    @Arg('name', () => String, { nullable: true, description: 'Only events with this name (e.g. "Product Viewed").' }) name: string | null,
    @Arg('since', () => DateTimeScalar, { nullable: true, description: 'Only events that occurred at or after this instant.' }) since: Date | null,
    @Arg('until', () => DateTimeScalar, { nullable: true, description: 'Only events that occurred before this instant.' }) until: Date | null,
    @Ctx() ctx: Context,
  ) {
    if (since && until && since >= until) throw badInput('until', 'until must be after since');
    return ctx.loaders.eventsByCustomer.load({ customerId: customer.id, args: timePageArgs(first, after), filter: { name, since, until } });
  }

  @FieldResolver(() => FeedbackConnection, { description: 'Ratings, NPS answers, reviews and support tickets, newest first.' })
  feedback(
    @Root() customer: Customer,
    @Arg('first', () => Int, { nullable: true, description: FIRST }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: AFTER }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.loaders.feedbackByCustomer.load({ customerId: customer.id, args: timePageArgs(first, after) });
  }
}

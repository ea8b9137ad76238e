import { Arg, Authorized, Ctx, ID, Resolver, Root, Subscription, type PubSub, type SubscribeResolverData } from 'type-graphql';
import { isUuid } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { badInput, notFound } from '../graphql/errors';
import { Customer } from '../profiles/customer.type';
import type { ChangeRow } from '../segments/membership.repo';
import { toChange } from '../segments/segment.resolver';
import { SegmentMembershipChange } from '../segments/segment.type';
import { parseCursor } from '../segments/series';
import type { CustomerUpdate, CustomerWatch } from './customerUpdates';
import type { LogSubscription } from './fanout';
import { CLOSE_FELL_BEHIND } from './realtime';

/**
 * type-graphql refuses to build a schema with subscriptions and no PubSub, but every subscription here has its own
 * `subscribe` (the change-log reader, the customer hub), so topics are never used.
 */
export const noTopics: PubSub = {
  publish() {
    throw new Error('Strata subscriptions have no topics');
  },
  subscribe() {
    throw new Error('Strata subscriptions have no topics');
  },
};

function uuid(id: string, field: string): string {
  if (!isUuid(id)) throw badInput(field, `${field} must be a UUID`);
  return id.toLowerCase();
}

type ChangeArgs = { segmentIds?: string[] | null; after?: string | null };

function subscribeToChanges({ args, context }: SubscribeResolverData<unknown, ChangeArgs, Context>): Promise<LogSubscription<ChangeRow>> {
  const segmentIds = args.segmentIds?.map((id, i) => uuid(id, `segmentIds.${i}`)) ?? null;
  const after = args.after == null ? null : parseCursor(args.after, 'after');
  return context.services.realtime.membership.subscribe({
    segmentIds,
    after,
    onOverflow: (last) => context.connection?.close(CLOSE_FELL_BEHIND, `subscriber fell behind: resubscribe with after "${last}"`),
  });
}

async function watchCustomer({ args, context }: SubscribeResolverData<unknown, { id: string }, Context>): Promise<CustomerWatch> {
  const id = uuid(args.id, 'id');
  const customer = await context.loaders.customerById.load(id);
  if (!customer) throw notFound('customer');
  const watch = await context.services.realtime.customers.watch(id);
  watch.follow(customer.id);
  return watch;
}

const AFTER =
  'A cursor (a change\'s `cursor`, or `endCursor` of the BI feed): replay every change after it, in order, then continue live with no gap ' +
  'and no duplicate. Null: start live from now.';

@Resolver()
export class SubscriptionResolver {
  @Authorized('segments:read')
  @Subscription(() => SegmentMembershipChange, {
    subscribe: subscribeToChanges,
    description:
      'Real-time delivery of the membership-change log: each change as it commits (over WebSocket, graphql-ws protocol, on /graphql; ' +
      'the connection needs scope `subscribe`, this field `segments:read`). The same entries, cursors and type as the BI feed ' +
      '`segmentMembershipChanges` (a paged query; note the one-letter difference): page the feed to catch up, or subscribe with ' +
      '`after` and get the replay and the live stream in one. A subscriber that falls more than SUBSCRIPTION_BUFFER changes behind is ' +
      'closed with code 4429 and resubscribes with `after` = the last cursor it received.',
  })
  segmentMembershipChanged(
    @Root() change: ChangeRow,
    @Arg('segmentIds', () => [ID], { nullable: true, description: 'Only these segments; null: every segment.' }) _segmentIds: string[] | null,
    @Arg('after', () => String, { nullable: true, description: AFTER }) _after: string | null,
  ): SegmentMembershipChange {
    // Executed once per change and selection for every subscriber with the same rights (delivery/sharedSubscribe.ts),
    // with a context whose loaders are fresh for each read of the log: nothing here may depend on the arguments.
    return toChange(change);
  }

  @Authorized('profiles:read')
  @Subscription(() => Customer, {
    subscribe: watchCustomer,
    description:
      'The profile each time a write changes it (after the write commits, from any server process), for profile pages that stay live. ' +
      'Each event reads the profile as it is then, so updates in quick succession may arrive as one. A merged-away id follows its ' +
      'survivor. Scope `profiles:read` (the connection needs `subscribe`); PII is masked as on queries.',
  })
  async customerUpdated(
    @Root() update: CustomerUpdate,
    @Arg('id', () => ID, { description: 'Profile id (UUID); a merged-away id follows its survivor.' }) _id: string,
    @Ctx() ctx: Context,
  ): Promise<Customer> {
    // ctx has fresh loaders for every event (delivery/ws.ts): each event reads the profile as it is now.
    const customer = await ctx.loaders.customerById.load(update.id);
    if (!customer) throw notFound('customer');
    update.watch.follow(customer.id);
    return customer;
  }
}

import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type AuthChecker } from 'type-graphql';
import { hasScope, type Scope } from '../auth/scopes';
import { FeedbackResolver } from '../feedback/feedback.resolver';
import { IdentityAdminResolver } from '../identity/admin.resolver';
import { IdentityExplainResolver } from '../identity/explain.resolver';
import { IngestResolver } from '../ingestion/ingest.resolver';
import { IngestStatsResolver } from '../ingestion/stats.resolver';
import { CustomerMetricsResolver, MetricsAdminResolver } from '../metrics/metrics.resolver';
import { ChurnRiskResolver, CustomerModelResolver, LtvResolver, ModelAdminResolver } from '../metrics/model.resolver';
import { CustomerResolver } from '../profiles/customer.resolver';
import {
  CustomerSegmentResolver, SegmentMemberResolver, SegmentMembershipChangeResolver, SegmentPreviewResolver, SegmentResolver,
} from '../segments/segment.resolver';
import { noTopics, SubscriptionResolver } from '../delivery/subscription.resolver';
import { WebhookResolver } from '../delivery/webhook.resolver';
import type { Context } from './context';
import { DomainError } from './errors';
import { DateTimeScalar } from './scalars';

/** `@Authorized(scope, …)`: any one of the scopes suffices; `admin` implies all. */
export const scopeChecker: AuthChecker<Context, Scope> = ({ context }, scopes) => {
  if (!context.principal) throw new DomainError('UNAUTHENTICATED', 'an API key is required (Authorization: Bearer <key>)');
  if (scopes.length === 0 || scopes.some((s) => hasScope(context.principal, s))) return true;
  throw new DomainError('FORBIDDEN', `this key lacks the scope ${scopes.join(' or ')}`);
};

/** Resolvers are listed by hand: what is in the schema is what is written here. */
export async function buildStrataSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      CustomerResolver,
      CustomerMetricsResolver,
      CustomerModelResolver,
      LtvResolver,
      ChurnRiskResolver,
      IdentityExplainResolver,
      IdentityAdminResolver,
      FeedbackResolver,
      IngestResolver,
      IngestStatsResolver,
      SegmentPreviewResolver,
      CustomerSegmentResolver,
      SegmentResolver,
      SegmentMemberResolver,
      SegmentMembershipChangeResolver,
      MetricsAdminResolver,
      ModelAdminResolver,
      WebhookResolver,
      SubscriptionResolver,
    ],
    pubSub: noTopics,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    authChecker: scopeChecker,
    validate: false,
  });
  // type-graphql has no option for root type descriptions; the schema is the user's documentation.
  schema.getQueryType()!.description =
    'Read access to unified customer profiles. Every request needs `Authorization: Bearer <key>`; fields say which scope they need.';
  schema.getSubscriptionType()!.description =
    'Real-time delivery over WebSocket (graphql-ws protocol) on /graphql: the key goes in the connection_init payload ' +
    '`{ "authorization": "Bearer <key>" }` and needs `subscribe`; fields say which other scope they need.';
  schema.getMutationType()!.description =
    'Writes. Ingestion mutations need `ingest:write` and are idempotent by (source, messageId); admin operations need `admin`.';
  return schema;
}

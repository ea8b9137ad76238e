/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Alibaba's AIPL stage, A < I < P < L; the highest stage reached wins. */
export type AiplStage =
  /** Passive contact: a page or screen view, `Page Viewed`, `Application Opened` or `Promotion Viewed` (an ad impression; AIPL_AWARENESS_EVENTS), or interest events older than the interest window. */
  | 'AWARENESS'
  /** Active contact within the last 15 days (AIPL_INTEREST_WINDOW_DAYS): `Product Viewed`, `Products Searched`, `Product Added`, `Product Added to Wishlist`, `Product Clicked` (AIPL_INTEREST_EVENTS). */
  | 'INTEREST'
  /** Two or more orders, or a buyer with a promoter NPS (9–10) or a review or rating of 4–5 stars. */
  | 'LOYALTY'
  /** No contact recorded. */
  | 'NONE'
  /** Exactly one order. */
  | 'PURCHASE';

/** Narrows `customers`. All given conditions must hold. */
export type CustomerFilter = {
  /** Only customers with at least one identity of this type (e.g. `email`). */
  hasIdentityType?: string | null | undefined;
  /** Only customers last seen at or after this instant. */
  lastSeenAfter?: string | null | undefined;
  /** Only customers last seen before this instant. */
  lastSeenBefore?: string | null | undefined;
};

/** The kind of a behavioural event, as in the Segment spec. */
export type EventType =
  /** Two identities were declared the same person (`alias`). */
  | 'ALIAS'
  /** The customer was associated with a group or account (`group`). */
  | 'GROUP'
  /** The customer was identified or their traits changed (`identify`). */
  | 'IDENTIFY'
  /** A web page view (`page`). */
  | 'PAGE'
  /** An app screen view (`screen`). */
  | 'SCREEN'
  /** An action the customer took (`track`). */
  | 'TRACK';

/** What kind of feedback a customer gave. */
export type FeedbackKind =
  /** A Net Promoter Score answer (score 0–10). */
  | 'NPS'
  /** A star or numeric rating (score usually 1–5). */
  | 'RATING'
  /** A written review, usually with a rating. */
  | 'REVIEW'
  /** A support ticket; `status` tells whether it is open. */
  | 'SUPPORT_TICKET'
  /** A survey answer. */
  | 'SURVEY';

/** State of a support ticket. */
export type FeedbackStatus =
  /** Resolved or closed. */
  | 'CLOSED'
  /** Opened and not yet handled. */
  | 'OPEN'
  /** Waiting on the customer or a third party. */
  | 'PENDING';

/** An identifier of the customer. */
export type IdentityInput = {
  /** Identity type: `user_id`, `email`, `phone`, `device_id`, `anonymous_id`, `crm_id`, `wechat_openid:wx1234`, … */
  type: string;
  /** The value as the source knows it; normalised on ingest (emails lower-cased, phones to E.164). */
  value: string;
};

/** One message in the Segment spec, typed. Identifiers come from userId, anonymousId and identities. */
export type IngestItem = {
  /** An anonymous (cookie) id (`anonymous_id`). */
  anonymousId?: string | null | undefined;
  /** Event name, for TRACK. */
  event?: string | null | undefined;
  /** For GROUP: the group id. */
  groupId?: string | null | undefined;
  /** Further identifiers (email, phone, device_id, external ids). */
  identities?: Array<IdentityInput> | null | undefined;
  /** Unique per source: a repeat is stored once (DUPLICATE). */
  messageId: string;
  /** Page or screen name, for PAGE and SCREEN. */
  name?: string | null | undefined;
  /** For ALIAS: the earlier id (an anonymous id) now known to be userId. */
  previousId?: string | null | undefined;
  /** Event properties (TRACK, PAGE, SCREEN). */
  properties?: Record<string, unknown> | null | undefined;
  /** When it happened (default: now). Future times are clamped to now. */
  timestamp?: string | null | undefined;
  /** Traits (IDENTIFY; for GROUP the group's traits). */
  traits?: Record<string, unknown> | null | undefined;
  /** The message type. */
  type: MessageType;
  /** The customer's user id (`user_id`). */
  userId?: string | null | undefined;
};

/** What happened to one ingested item. */
export type IngestStatus =
  /** Stored and committed. */
  | 'ACCEPTED'
  /** Already received (same source and messageId, or order id): stored once, not again. */
  | 'DUPLICATE'
  /** Not stored; `reason` and `field` say why. */
  | 'REJECTED';

/** Where a customer is in their buying life. The rules are evaluated in the order PROSPECT, NEW, REACTIVATED, CHURNED, DORMANT, AT_RISK, ACTIVE and the first match wins. Days are whole calendar days in BUSINESS_TIMEZONE; the thresholds (defaults shown) are configurable (LIFECYCLE_*). */
export type LifecycleStage =
  /** A buyer none of the other rules applies to. */
  | 'ACTIVE'
  /** Silent for longer than their own typical gap (the mean of the days between their consecutive order days), or the churn model's P(alive) is below 0.5 (LIFECYCLE_AT_RISK_P_ALIVE). */
  | 'AT_RISK'
  /** No order for more than 180 days (LIFECYCLE_CHURNED_DAYS), or the churn model's P(alive) is below 0.2 (LIFECYCLE_CHURNED_P_ALIVE). */
  | 'CHURNED'
  /** No order for more than 90 days (LIFECYCLE_DORMANT_DAYS): the "sleeping" (沉睡) customer. */
  | 'DORMANT'
  /** First order at most 30 days ago (LIFECYCLE_NEW_DAYS). */
  | 'NEW'
  /** Has never ordered. */
  | 'PROSPECT'
  /** Ordered at most 30 days ago after a gap of more than 90 days without orders (LIFECYCLE_DORMANT_DAYS). */
  | 'REACTIVATED';

/** Why two profiles were merged. */
export type MergeRule =
  /** An alias(previousId, userId) said they are the same person (merges even across two user ids). */
  | 'ALIAS'
  /** A message carried identifiers of both, and merging kept every identity limit. */
  | 'SHARED_IDENTITY';

/** Segment-spec message types. */
export type MessageType =
  /** previousId and userId are the same person: the one explicit merge instruction. */
  | 'ALIAS'
  /** The customer belongs to a group (`groupId`). */
  | 'GROUP'
  /** Who the customer is, with traits. */
  | 'IDENTIFY'
  /** A web page view. */
  | 'PAGE'
  /** An app screen view. */
  | 'SCREEN'
  /** An action (`event` names it); `Order Completed`, `Order Refunded` and the feedback event names record orders, refunds and feedback. */
  | 'TRACK';

/** A rating, NPS answer, review, support ticket or survey answer. */
export type RecordFeedbackInput = {
  /** Identifiers of the customer (at least one). */
  identities: Array<IdentityInput>;
  /** What kind of feedback. */
  kind: FeedbackKind;
  /** Unique per source: a repeat is stored once (DUPLICATE). */
  messageId: string;
  /** When it happened (default: now). */
  occurredAt?: string | null | undefined;
  /** Further properties. */
  properties?: Record<string, unknown> | null | undefined;
  /** Score: NPS 0–10 (whole numbers), rating 0–5 stars or any 0–9999.99. */
  score?: number | null | undefined;
  /** Ticket state, for SUPPORT_TICKET (default OPEN). */
  status?: FeedbackStatus | null | undefined;
  /** Free text (review body, ticket subject). */
  text?: string | null | undefined;
  /** Ticket id in the service desk, for SUPPORT_TICKET (required there). */
  ticketId?: string | null | undefined;
};

/** A completed order. */
export type RecordOrderInput = {
  /** ISO 4217 currency (default: the reporting currency). */
  currency?: string | null | undefined;
  /** Identifiers of the customer (at least one). */
  identities: Array<IdentityInput>;
  /** Unique per source: a repeat is stored once (DUPLICATE). */
  messageId: string;
  /** When it happened (default: now). */
  occurredAt?: string | null | undefined;
  /** The order id in the source system; unique per source. */
  orderId: string;
  /** The products (Segment e-commerce `products`). */
  products?: Array<Record<string, unknown>> | null | undefined;
  /** Order total in `currency`, exact ("59.90"). */
  total: string;
};

/** A full or partial refund of an order (it may arrive before the order). */
export type RecordRefundInput = {
  /** Amount refunded; null = the whole order. */
  amount?: string | null | undefined;
  /** Currency of `amount` (default: the order's). */
  currency?: string | null | undefined;
  /** Identifiers of the customer (at least one). */
  identities: Array<IdentityInput>;
  /** Unique per source: a repeat is stored once (DUPLICATE). */
  messageId: string;
  /** When it happened (default: now). */
  occurredAt?: string | null | undefined;
  /** The refunded order's id in the source system. */
  orderId: string;
  /** The refund id, if the source has one (dedupes repeats). */
  refundId?: string | null | undefined;
};

/** What identity resolution would do with a message carrying the given identifiers. */
export type ResolutionOutcome =
  /** One profile has some of them and the rest fit its limits: they are added to it. */
  | 'ATTACH'
  /** Linking would break a limit (shared device, two user ids): no merge, a conflict is recorded. */
  | 'CONFLICT'
  /** No profile has any of them: a new profile. */
  | 'CREATE'
  /** Several profiles have them and merging keeps every limit: they are merged. */
  | 'MERGE';

/** The cell of the R×F grid: ten disjoint cells covering all 25 (R, F) pairs. M does not enter the cell. */
export type RfmCell =
  /** R3 F1–2: middling recency, few orders. */
  | 'ABOUT_TO_SLEEP'
  /** R1–2 F3–4: bought fairly often, but long ago. */
  | 'AT_RISK'
  /** R1–2 F5: the most frequent buyers, but long ago. */
  | 'CANT_LOSE_THEM'
  /** R5 F4–5: bought very recently and often. */
  | 'CHAMPIONS'
  /** R1–2 F1–2: few orders, long ago. */
  | 'HIBERNATING'
  /** R3–4 F4–5: buy often, fairly recently. */
  | 'LOYAL_CUSTOMERS'
  /** R3 F3: middling recency and frequency. */
  | 'NEED_ATTENTION'
  /** R5 F1: bought very recently, rarely so far. */
  | 'NEW_CUSTOMERS'
  /** R4–5 F2–3: recent customers with a few orders. */
  | 'POTENTIAL_LOYALISTS'
  /** R4 F1: bought recently, rarely so far. */
  | 'PROMISING';

/** A coarse value tier from the sum of the R, F and M scores. */
export type RfmTier =
  /** r + f + m ≥ 12. */
  | 'HIGH'
  /** r + f + m < 8. */
  | 'LOW'
  /** 8 ≤ r + f + m < 12. */
  | 'MEDIUM'
  /** Never ordered (no RFM scores). */
  | 'NONE';

export type DeleteCustomerMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type DeleteCustomerMutation = { deleteCustomer: { id: string, customerId: string, mergedIds: Array<string>, reason: string, deleted: Record<string, unknown>, erasedIdentities: number, erasedAt: string } };

export type SplitCustomerMutationVariables = Exact<{
  customerId: string | number;
  identities: Array<IdentityInput> | IdentityInput;
}>;


export type SplitCustomerMutation = { splitCustomer: { movedIdentities: number, movedMessages: number, customer: { id: string, orderCount: number, identities: Array<{ type: string, value: string | null }> }, newCustomer: { id: string, orderCount: number, traits: Record<string, unknown>, identities: Array<{ type: string, value: string | null }> } } };

export type PreviewMergeQueryVariables = Exact<{
  identities: Array<IdentityInput> | IdentityInput;
}>;


export type PreviewMergeQuery = { previewMerge: { outcome: ResolutionOutcome, matchedProfileIds: Array<string>, targetCustomerId: string | null, mergedProfileIds: Array<string>, linkedIdentityTypes: Array<string>, conflictType: string | null } };

export type ExplainProfileQueryVariables = Exact<{
  id: string | number;
  eventName?: string | null | undefined;
}>;


export type ExplainProfileQuery = { customer: { id: string, orderCount: number, lastOrderAt: string | null, identityGraph: Array<{ type: string, value: string | null, linkedTo: string, messageId: string | null, firstSeenAt: string, source: { name: string } | null }>, mergeHistory: Array<{ mergedId: string, rule: MergeRule, identityType: string | null, messageId: string | null }>, traitValues: Array<{ key: string, value: unknown, messageId: string | null, observedAt: string, source: { name: string } | null }>, events: { edges: Array<{ node: { name: string | null } }> } } | null };

export type ConflictsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConflictsQuery = { identityConflicts: { edges: Array<{ node: { customerId: string, identityType: string, rule: string, profileIds: Array<string>, messageId: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type IngestMutationVariables = Exact<{
  batch: Array<IngestItem> | IngestItem;
}>;


export type IngestMutation = { ingest: Array<{ status: IngestStatus, messageId: string | null, customerId: string | null, reason: string | null, field: string | null }> };

export type RecordOrderMutationVariables = Exact<{
  input: RecordOrderInput;
}>;


export type RecordOrderMutation = { recordOrder: { status: IngestStatus, customerId: string | null, reason: string | null, field: string | null } };

export type RecordRefundMutationVariables = Exact<{
  input: RecordRefundInput;
}>;


export type RecordRefundMutation = { recordRefund: { status: IngestStatus, customerId: string | null, reason: string | null, field: string | null } };

export type RecordFeedbackMutationVariables = Exact<{
  input: RecordFeedbackInput;
}>;


export type RecordFeedbackMutation = { recordFeedback: { status: IngestStatus, customerId: string | null, reason: string | null, field: string | null } };

export type CustomerMetricsFieldsFragment = { id: string, rfmTier: RfmTier, lifecycleStage: LifecycleStage, aiplStage: AiplStage, metricsComputedAt: string | null, rfm: { recencyDays: number, frequency: number, monetary: string, r: number, f: number, m: number, score: string, cell: RfmCell, computedAt: string } | null };

export type CustomerMetricsQueryVariables = Exact<{
  id: string | number;
}>;


export type CustomerMetricsQuery = { customer: { id: string, rfmTier: RfmTier, lifecycleStage: LifecycleStage, aiplStage: AiplStage, metricsComputedAt: string | null, rfm: { recencyDays: number, frequency: number, monetary: string, r: number, f: number, m: number, score: string, cell: RfmCell, computedAt: string } | null } | null };

export type CustomerMetricsByIdentityQueryVariables = Exact<{
  type: string;
  value: string;
}>;


export type CustomerMetricsByIdentityQuery = { customerByIdentity: { id: string, rfmTier: RfmTier, lifecycleStage: LifecycleStage, aiplStage: AiplStage, metricsComputedAt: string | null, rfm: { recencyDays: number, frequency: number, monetary: string, r: number, f: number, m: number, score: string, cell: RfmCell, computedAt: string } | null } | null };

export type CustomersMetricsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type CustomersMetricsQuery = { customers: { edges: Array<{ node: { id: string, rfmTier: RfmTier, lifecycleStage: LifecycleStage, aiplStage: AiplStage, metricsComputedAt: string | null, rfm: { recencyDays: number, frequency: number, monetary: string, r: number, f: number, m: number, score: string, cell: RfmCell, computedAt: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type RecomputeMetricsMutationVariables = Exact<{ [key: string]: never; }>;


export type RecomputeMetricsMutation = { recomputeMetrics: boolean };

export type CustomerProfileQueryVariables = Exact<{
  id: string | number;
  ordersFirst?: number | null | undefined;
  ordersAfter?: string | null | undefined;
}>;


export type CustomerProfileQuery = { customer: { id: string, createdAt: string, firstSeenAt: string | null, lastSeenAt: string | null, traits: Record<string, unknown>, identities: Array<{ type: string, value: string | null, firstSeenAt: string, lastSeenAt: string }>, orders: { edges: Array<{ cursor: string, node: { id: string, orderId: string, total: string, currency: string, totalReporting: string, occurredAt: string } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } } } | null };

export type CustomerByIdentityQueryVariables = Exact<{
  type: string;
  value: string;
}>;


export type CustomerByIdentityQuery = { customerByIdentity: { id: string } | null };

export type CustomersPageQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: CustomerFilter | null | undefined;
}>;


export type CustomersPageQuery = { customers: { edges: Array<{ cursor: string, node: { id: string, identities: Array<{ type: string, value: string | null }>, orders: { edges: Array<{ node: { id: string, total: string } }> }, events: { edges: Array<{ node: { id: string, type: EventType, name: string | null, occurredAt: string } }> }, feedback: { edges: Array<{ node: { kind: FeedbackKind, score: number | null, text: string | null } }> } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CustomersExplainedQueryVariables = Exact<{
  first: number;
}>;


export type CustomersExplainedQuery = { customers: { edges: Array<{ node: { id: string, orderCount: number, lastOrderAt: string | null, identityGraph: Array<{ type: string, value: string | null, messageId: string | null, source: { name: string } | null }>, mergeHistory: Array<{ mergedId: string, rule: MergeRule }>, traitValues: Array<{ key: string, value: unknown, source: { name: string } | null }>, events: { edges: Array<{ node: { id: string } }> } } }> } };

export const CustomerMetricsFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomerMetricsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rfm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recencyDays"}},{"kind":"Field","name":{"kind":"Name","value":"frequency"}},{"kind":"Field","name":{"kind":"Name","value":"monetary"}},{"kind":"Field","name":{"kind":"Name","value":"r"}},{"kind":"Field","name":{"kind":"Name","value":"f"}},{"kind":"Field","name":{"kind":"Name","value":"m"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"cell"}},{"kind":"Field","name":{"kind":"Name","value":"computedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rfmTier"}},{"kind":"Field","name":{"kind":"Name","value":"lifecycleStage"}},{"kind":"Field","name":{"kind":"Name","value":"aiplStage"}},{"kind":"Field","name":{"kind":"Name","value":"metricsComputedAt"}}]}}]} as unknown as DocumentNode<CustomerMetricsFieldsFragment, unknown>;
export const DeleteCustomerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteCustomer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteCustomer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"mergedIds"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}},{"kind":"Field","name":{"kind":"Name","value":"erasedIdentities"}},{"kind":"Field","name":{"kind":"Name","value":"erasedAt"}}]}}]}}]} as unknown as DocumentNode<DeleteCustomerMutation, DeleteCustomerMutationVariables>;
export const SplitCustomerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SplitCustomer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"customerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"identities"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IdentityInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"splitCustomer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"customerId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"customerId"}}},{"kind":"Argument","name":{"kind":"Name","value":"identities"},"value":{"kind":"Variable","name":{"kind":"Name","value":"identities"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"identities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"orderCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"newCustomer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"identities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"orderCount"}},{"kind":"Field","name":{"kind":"Name","value":"traits"}}]}},{"kind":"Field","name":{"kind":"Name","value":"movedIdentities"}},{"kind":"Field","name":{"kind":"Name","value":"movedMessages"}}]}}]}}]} as unknown as DocumentNode<SplitCustomerMutation, SplitCustomerMutationVariables>;
export const PreviewMergeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PreviewMerge"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"identities"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IdentityInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"previewMerge"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"identities"},"value":{"kind":"Variable","name":{"kind":"Name","value":"identities"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"matchedProfileIds"}},{"kind":"Field","name":{"kind":"Name","value":"targetCustomerId"}},{"kind":"Field","name":{"kind":"Name","value":"mergedProfileIds"}},{"kind":"Field","name":{"kind":"Name","value":"linkedIdentityTypes"}},{"kind":"Field","name":{"kind":"Name","value":"conflictType"}}]}}]}}]} as unknown as DocumentNode<PreviewMergeQuery, PreviewMergeQueryVariables>;
export const ExplainProfileDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExplainProfile"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"eventName"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"orderCount"}},{"kind":"Field","name":{"kind":"Name","value":"lastOrderAt"}},{"kind":"Field","name":{"kind":"Name","value":"identityGraph"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"linkedTo"}},{"kind":"Field","name":{"kind":"Name","value":"messageId"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"firstSeenAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"mergeHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mergedId"}},{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"identityType"}},{"kind":"Field","name":{"kind":"Name","value":"messageId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"traitValues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"messageId"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"observedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"eventName"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ExplainProfileQuery, ExplainProfileQueryVariables>;
export const ConflictsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Conflicts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"identityConflicts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"identityType"}},{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"profileIds"}},{"kind":"Field","name":{"kind":"Name","value":"messageId"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConflictsQuery, ConflictsQueryVariables>;
export const IngestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Ingest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"batch"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IngestItem"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ingest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"batch"},"value":{"kind":"Variable","name":{"kind":"Name","value":"batch"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"messageId"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]} as unknown as DocumentNode<IngestMutation, IngestMutationVariables>;
export const RecordOrderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordOrderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordOrder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]} as unknown as DocumentNode<RecordOrderMutation, RecordOrderMutationVariables>;
export const RecordRefundDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordRefund"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordRefundInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordRefund"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]} as unknown as DocumentNode<RecordRefundMutation, RecordRefundMutationVariables>;
export const RecordFeedbackDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordFeedback"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordFeedbackInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordFeedback"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]} as unknown as DocumentNode<RecordFeedbackMutation, RecordFeedbackMutationVariables>;
export const CustomerMetricsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerMetrics"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CustomerMetricsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomerMetricsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rfm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recencyDays"}},{"kind":"Field","name":{"kind":"Name","value":"frequency"}},{"kind":"Field","name":{"kind":"Name","value":"monetary"}},{"kind":"Field","name":{"kind":"Name","value":"r"}},{"kind":"Field","name":{"kind":"Name","value":"f"}},{"kind":"Field","name":{"kind":"Name","value":"m"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"cell"}},{"kind":"Field","name":{"kind":"Name","value":"computedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rfmTier"}},{"kind":"Field","name":{"kind":"Name","value":"lifecycleStage"}},{"kind":"Field","name":{"kind":"Name","value":"aiplStage"}},{"kind":"Field","name":{"kind":"Name","value":"metricsComputedAt"}}]}}]} as unknown as DocumentNode<CustomerMetricsQuery, CustomerMetricsQueryVariables>;
export const CustomerMetricsByIdentityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerMetricsByIdentity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"type"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"value"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerByIdentity"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"type"},"value":{"kind":"Variable","name":{"kind":"Name","value":"type"}}},{"kind":"Argument","name":{"kind":"Name","value":"value"},"value":{"kind":"Variable","name":{"kind":"Name","value":"value"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CustomerMetricsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomerMetricsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rfm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recencyDays"}},{"kind":"Field","name":{"kind":"Name","value":"frequency"}},{"kind":"Field","name":{"kind":"Name","value":"monetary"}},{"kind":"Field","name":{"kind":"Name","value":"r"}},{"kind":"Field","name":{"kind":"Name","value":"f"}},{"kind":"Field","name":{"kind":"Name","value":"m"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"cell"}},{"kind":"Field","name":{"kind":"Name","value":"computedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rfmTier"}},{"kind":"Field","name":{"kind":"Name","value":"lifecycleStage"}},{"kind":"Field","name":{"kind":"Name","value":"aiplStage"}},{"kind":"Field","name":{"kind":"Name","value":"metricsComputedAt"}}]}}]} as unknown as DocumentNode<CustomerMetricsByIdentityQuery, CustomerMetricsByIdentityQueryVariables>;
export const CustomersMetricsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomersMetrics"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CustomerMetricsFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomerMetricsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rfm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recencyDays"}},{"kind":"Field","name":{"kind":"Name","value":"frequency"}},{"kind":"Field","name":{"kind":"Name","value":"monetary"}},{"kind":"Field","name":{"kind":"Name","value":"r"}},{"kind":"Field","name":{"kind":"Name","value":"f"}},{"kind":"Field","name":{"kind":"Name","value":"m"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"cell"}},{"kind":"Field","name":{"kind":"Name","value":"computedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rfmTier"}},{"kind":"Field","name":{"kind":"Name","value":"lifecycleStage"}},{"kind":"Field","name":{"kind":"Name","value":"aiplStage"}},{"kind":"Field","name":{"kind":"Name","value":"metricsComputedAt"}}]}}]} as unknown as DocumentNode<CustomersMetricsQuery, CustomersMetricsQueryVariables>;
export const RecomputeMetricsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecomputeMetrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recomputeMetrics"}}]}}]} as unknown as DocumentNode<RecomputeMetricsMutation, RecomputeMetricsMutationVariables>;
export const CustomerProfileDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerProfile"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ordersFirst"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ordersAfter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"firstSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"traits"}},{"kind":"Field","name":{"kind":"Name","value":"identities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"firstSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"orders"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ordersFirst"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ordersAfter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"orderId"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"totalReporting"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CustomerProfileQuery, CustomerProfileQueryVariables>;
export const CustomerByIdentityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerByIdentity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"type"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"value"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerByIdentity"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"type"},"value":{"kind":"Variable","name":{"kind":"Name","value":"type"}}},{"kind":"Argument","name":{"kind":"Name","value":"value"},"value":{"kind":"Variable","name":{"kind":"Name","value":"value"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CustomerByIdentityQuery, CustomerByIdentityQueryVariables>;
export const CustomersPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomersPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"identities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"orders"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"feedback"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<CustomersPageQuery, CustomersPageQueryVariables>;
export const CustomersExplainedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomersExplained"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"orderCount"}},{"kind":"Field","name":{"kind":"Name","value":"lastOrderAt"}},{"kind":"Field","name":{"kind":"Name","value":"identityGraph"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"messageId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"mergeHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mergedId"}},{"kind":"Field","name":{"kind":"Name","value":"rule"}}]}},{"kind":"Field","name":{"kind":"Name","value":"traitValues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"StringValue","value":"Event 1","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<CustomersExplainedQuery, CustomersExplainedQueryVariables>;
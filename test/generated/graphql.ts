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

/** The churn score in three bands; the cut-offs are CHURN_BAND_MEDIUM (0.5) and CHURN_BAND_HIGH (0.8), exclusive. */
export type ChurnBand =
  /** Score above 0.8: P(alive) below 0.2 (the lifecycle CHURNED rule). */
  | 'HIGH'
  /** Score at most 0.5: P(alive) at least 0.5. */
  | 'LOW'
  /** Score above 0.5 and at most 0.8 (the lifecycle AT_RISK rule fires below P(alive) 0.5). */
  | 'MEDIUM';

/** The transaction model behind P(alive), churn risk and predicted LTV (CHURN_MODEL). Both are always fitted. */
export type ChurnModel =
  /** BG/NBD (Fader, Hardie & Lee 2005). A one-time buyer is always alive under it (P(alive) = 1). */
  | 'BGNBD'
  /** MBG/NBD (Batislam, Denizel & Filiztekin 2007): BG/NBD that lets one-time buyers drop out too. The default. */
  | 'MBGNBD';

/** How a value is compared. EQ NEQ CONTAINS STARTS_WITH GT GTE LT LTE take `value`; IN and NOT_IN take `values` (1 to 1000); BETWEEN takes `values: [low, high]`, both inclusive; EXISTS takes neither. A missing value (an absent trait, a metric not computed yet) fails every operator except EXISTS — NEQ and NOT_IN included; wrap EXISTS in `not` to find it. */
export type ConditionOperator =
  /** Between `values[0]` and `values[1]`, both inclusive. */
  | 'BETWEEN'
  /** Traits and properties: a string containing `value` (case-sensitive), or a JSON array with `value` as an element. */
  | 'CONTAINS'
  /** Equal to `value`. */
  | 'EQ'
  /** Present (not null). No operand. */
  | 'EXISTS'
  /** Greater than `value` (numbers; for traits and properties also dates, i.e. later than). */
  | 'GT'
  /** Greater than or equal to `value`. */
  | 'GTE'
  /** Equal to one of `values`. */
  | 'IN'
  /** Less than `value` (for dates: earlier than). */
  | 'LT'
  /** Less than or equal to `value`. */
  | 'LTE'
  /** Present and not equal to `value`. */
  | 'NEQ'
  /** Present and equal to none of `values`. */
  | 'NOT_IN'
  /** Traits and properties: a string starting with `value` (case-sensitive). */
  | 'STARTS_WITH';

/** How many: both bounds inclusive. */
export type CountRange = {
  /** At least this many (inclusive). With neither atLeast nor atMost: at least once. */
  atLeast?: number | null | undefined;
  /** At most this many (inclusive); 0 means "did not". */
  atMost?: number | null | undefined;
};

/** A new webhook. */
export type CreateWebhookInput = {
  /** An active API key (by id) whose scopes decide what deliveries carry: with `pii:read` and `profiles:read`, each change also carries the profile's PII as a query with that key would see it; otherwise ids only. Null: ids only. */
  keyId?: string | number | null | undefined;
  /** The signing secret (16 to 256 printable characters); null: Strata generates one and returns it once. */
  secret?: string | null | undefined;
  /** The segments whose membership changes it receives (1 to 100). */
  segmentIds: Array<string | number>;
  /** Where to POST: http or https, a public address unless the URL policy (WEBHOOK_ALLOW_PRIVATE, WEBHOOK_ALLOWED_HOSTS) says otherwise. */
  url: string;
};

/** Narrows `customers`. All given conditions must hold. */
export type CustomerFilter = {
  /** Only customers with at least one identity of this type (e.g. `email`). */
  hasIdentityType?: string | null | undefined;
  /** Only customers last seen at or after this instant. */
  lastSeenAfter?: string | null | undefined;
  /** Only customers last seen before this instant. */
  lastSeenBefore?: string | null | undefined;
};

/** Did (or did not) do an event, at least / at most N times, within a window, with property filters. */
export type EventCondition = {
  /** At least this many (inclusive). With neither atLeast nor atMost: at least once. */
  atLeast?: number | null | undefined;
  /** At most this many (inclusive); 0 means "did not". */
  atMost?: number | null | undefined;
  /** Event name (track `event`, or page / screen name), exact. Absent: any name. */
  name?: string | null | undefined;
  /** Message type. Absent: any type. */
  type?: SegmentEventType | null | undefined;
  /** Conditions on the event's properties; all must hold on the same event. */
  where?: Array<PropertyCondition> | null | undefined;
  /** Only rows of the last N local calendar days, as an ISO 8601 duration: `P30D` = from the start of the day 30 days before today (BUSINESS_TIMEZONE) until now; weeks (`P2W`), months (`P3M`) and years (`P1Y`) are calendar ones. Absent: all time. */
  within?: string | null | undefined;
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

/** Feedback within a window: exactly one of nps, averageRating, openTickets. */
export type FeedbackCondition = {
  /** The mean score of ratings and reviews (false without any; EXISTS: has one). Compared exactly. */
  averageRating?: ValueComparison | null | undefined;
  /** The category of the customer's latest NPS answer. */
  nps?: NpsCategory | null | undefined;
  /** Support tickets currently OPEN or PENDING. */
  openTickets?: CountRange | null | undefined;
  /** Only rows of the last N local calendar days, as an ISO 8601 duration: `P30D` = from the start of the day 30 days before today (BUSINESS_TIMEZONE) until now; weeks (`P2W`), months (`P3M`) and years (`P1Y`) are calendar ones. Absent: all time. */
  within?: string | null | undefined;
};

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

/** Has (or has not) an identity of a type, on the profile or any profile merged into it. */
export type IdentityCondition = {
  /** false: has no identity of that type. Default true. */
  has?: boolean | null | undefined;
  /** Identity type: `email`, `user_id`, … A type without namespace also matches its namespaced ones (`wechat_openid` matches `wechat_openid:wx1234`). */
  type: string;
};

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

/** Whether a customer entered or left a segment. */
export type MembershipChangeKind =
  /** Became a member. */
  | 'ENTERED'
  /** Stopped being a member. */
  | 'EXITED';

/** Why a membership changed. */
export type MembershipChangeReason =
  /** The segment was archived: every member exits. */
  | 'ARCHIVE'
  /** New data about the customer (an event, order, refund, trait, feedback); `causedBy` names the message. */
  | 'DATA_CHANGE'
  /** The segment was created or its definition (or that of a segment it references) updated. */
  | 'DEFINITION_CHANGE'
  /** The customer was erased. */
  | 'DELETION'
  /** Profiles merged: the merged-away profile exits, the survivor may enter. */
  | 'MERGE'
  /** The churn / LTV models were refitted and every customer re-scored. */
  | 'MODEL_REFIT'
  /** An operator split a profile. */
  | 'SPLIT'
  /** Time passed: a window or relative date moved, or the scheduled sweep re-scored computed fields. */
  | 'TIME';

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

/** A stored computed field compared. Operands by metric: RFM scores integers 1–5; days and counts whole numbers; money a decimal string or number; scores and probabilities numbers; stages, tiers, cells and bands their enum names as strings (EQ NEQ IN NOT_IN EXISTS only). */
export type MetricCondition = {
  /** Which computed field. */
  field: SegmentMetric;
  /** How to compare. */
  operator: ConditionOperator;
  /** The operand. */
  value?: unknown;
  /** The operands of IN and NOT_IN (1 to 1000, all of one JSON type) and the bounds [low, high] of BETWEEN. */
  values?: Array<unknown> | null | undefined;
};

/** The unit recency t_x, age T and the fitted rates are measured in (MODEL_TIME_UNIT). Purchases are always whole local days. */
export type ModelTimeUnit =
  /** Days (the default). */
  | 'DAYS'
  /** Weeks of 7 days, as in the CDNOW papers. */
  | 'WEEKS';

/** Net Promoter category of an NPS answer (0–10). */
export type NpsCategory =
  /** Score 0–6. */
  | 'DETRACTOR'
  /** Score 7–8. */
  | 'PASSIVE'
  /** Score 9–10. */
  | 'PROMOTER';

/** Orders within a window — optionally only those with a matching product line — counted (atLeast / atMost) or summed (netRevenue: totals in the reporting currency minus refunds; 0 without orders). */
export type OrderCondition = {
  /** At least this many (inclusive). With neither atLeast nor atMost: at least once. */
  atLeast?: number | null | undefined;
  /** At most this many (inclusive); 0 means "did not". */
  atMost?: number | null | undefined;
  /** Compare the net revenue of those orders instead of their number. */
  netRevenue?: ValueComparison | null | undefined;
  /** Only orders with a product line (Segment `products[]`: product_id, sku, category, name, brand, …) on which all these hold. */
  product?: Array<PropertyCondition> | null | undefined;
  /** Only rows of the last N local calendar days, as an ISO 8601 duration: `P30D` = from the start of the day 30 days before today (BUSINESS_TIMEZONE) until now; weeks (`P2W`), months (`P3M`) and years (`P1Y`) are calendar ones. Absent: all time. */
  within?: string | null | undefined;
};

/** A value of a JSON object compared by key: a trait, an event property, or a property of an order's product line. The operand's JSON type decides the comparison and the value must be of that type: strings (EQ NEQ IN NOT_IN CONTAINS STARTS_WITH), numbers (EQ NEQ IN NOT_IN GT GTE LT LTE BETWEEN, exact), booleans (EQ NEQ IN NOT_IN). GT GTE LT LTE BETWEEN with a string compare dates: the operand is a date "2026-01-31" or an ISO 8601 duration meaning that long before today ("P30D"), and the value must be a string starting with a date YYYY-MM-DD (compared by that date as written). CONTAINS also finds an element of a JSON array. */
export type PropertyCondition = {
  /** The top-level key, e.g. `category`, `sku`, `currency`. */
  key: string;
  /** How to compare. */
  operator: ConditionOperator;
  /** The operand of EQ NEQ CONTAINS STARTS_WITH GT GTE LT LTE: a JSON string, number or boolean (see `ConditionOperator`). */
  value?: unknown;
  /** The operands of IN and NOT_IN (1 to 1000, all of one JSON type) and the bounds [low, high] of BETWEEN. */
  values?: Array<unknown> | null | undefined;
};

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

/** A segment definition: exactly one field set. Definitions nest (and / or / not) up to 16 deep and 200 conditions. Stored and returned as the same JSON (field names and enum names as here). A bad definition is refused with BAD_USER_INPUT whose `extensions.field` is the path of the node at fault, e.g. `definition.and.1.event.within`. */
export type SegmentCondition = {
  /** All of these hold (at least one condition). */
  and?: Array<SegmentCondition> | null | undefined;
  /** Did / did not do an event. */
  event?: EventCondition | null | undefined;
  /** NPS category, average rating or open support tickets. */
  feedback?: FeedbackCondition | null | undefined;
  /** Has / has not an identity of a type. */
  identity?: IdentityCondition | null | undefined;
  /** Member of another segment (its current definition, evaluated inline; references may not form a cycle). */
  inSegment?: string | number | null | undefined;
  /** A computed field compared: RFM, tier, lifecycle and AIPL stage, LTV, churn risk. */
  metric?: MetricCondition | null | undefined;
  /** This does not hold. */
  not?: SegmentCondition | null | undefined;
  /** At least one of these holds (at least one condition). */
  or?: Array<SegmentCondition> | null | undefined;
  /** Order count or net revenue, optionally of a product or category. */
  order?: OrderCondition | null | undefined;
  /** A trait compared. */
  trait?: TraitCondition | null | undefined;
};

/** The Segment message type of an event, for event conditions (same names as `EventType`). */
export type SegmentEventType =
  /** An alias call. */
  | 'ALIAS'
  /** A group call. */
  | 'GROUP'
  /** An identify call. */
  | 'IDENTIFY'
  /** A web page view (`page`). */
  | 'PAGE'
  /** An app screen view (`screen`). */
  | 'SCREEN'
  /** An action (`track`). */
  | 'TRACK';

/** What createSegment and updateSegment save. */
export type SegmentInput = {
  /** The definition (see SegmentCondition). */
  definition: SegmentCondition;
  /** What the segment is for. */
  description?: string | null | undefined;
  /** Name, 1 to 200 characters, unique among segments not archived. */
  name: string;
};

/** A stored computed field of the profile (as last scored: on every change and by the daily sweep). */
export type SegmentMetric =
  /** An `AiplStage` name (NONE until scored). */
  | 'AIPL_STAGE'
  /** Churn risk band LOW, MEDIUM or HIGH; missing until the churn model has scored the customer. */
  | 'CHURN_BAND'
  /** Churn risk 0–1 (1 − P(alive)); missing until the churn model has scored the customer. */
  | 'CHURN_SCORE'
  /** Days since the last order minus the customer's mean gap between order days; missing with fewer than two order days. */
  | 'DAYS_PAST_TYPICAL_GAP'
  /** Whole local days (BUSINESS_TIMEZONE) since the first order, 0 on its day; missing for non-buyers. */
  | 'DAYS_SINCE_FIRST_ORDER'
  /** Orders in the RFM window (365 days); missing for non-buyers. */
  | 'FREQUENCY'
  /** Net revenue to date, a decimal (0 for non-buyers). */
  | 'HISTORICAL_LTV'
  /** A `LifecycleStage` name (PROSPECT until scored). */
  | 'LIFECYCLE_STAGE'
  /** Decile of the predicted 12-month LTV among buyers, 1–10 (10: the top tenth): 1 + the number of the stored decile cut points (the 10 … 90 % quantiles taken at the last full re-score with a fit) the value exceeds; missing until the LTV model has scored the customer. */
  | 'LTV_DECILE'
  /** Net revenue in the RFM window, a decimal; missing for non-buyers. */
  | 'MONETARY'
  /** Predicted net revenue over the next 12 months, a decimal; missing until the LTV model has scored the customer. */
  | 'PREDICTED_LTV_12M'
  /** The churn model's P(alive), 0–1; missing until scored. */
  | 'P_ALIVE'
  /** Whole days since the last order; missing for non-buyers. */
  | 'RECENCY_DAYS'
  /** The R×F cell, an `RfmCell` name such as "CHAMPIONS"; missing for non-buyers. */
  | 'RFM_CELL'
  /** Frequency score, 1–5; missing for non-buyers. */
  | 'RFM_F'
  /** Monetary score, 1–5; missing for non-buyers. */
  | 'RFM_M'
  /** Recency score, an integer 1–5; missing for non-buyers. */
  | 'RFM_R'
  /** An `RfmTier` name: HIGH, MEDIUM, LOW or NONE. */
  | 'RFM_TIER';

/** A trait of the profile (`Customer.traits`), by key, compared as in `PropertyCondition`. Conditions on PII trait keys (email, phone, name, …) need `pii:read`, except EXISTS. */
export type TraitCondition = {
  /** The trait key, e.g. `plan`, `city`, `signed_up_at` (top level of `Customer.traits`). */
  key: string;
  /** How to compare. */
  operator: ConditionOperator;
  /** The operand of EQ NEQ CONTAINS STARTS_WITH GT GTE LT LTE: a JSON string, number or boolean (see `ConditionOperator`). */
  value?: unknown;
  /** The operands of IN and NOT_IN (1 to 1000, all of one JSON type) and the bounds [low, high] of BETWEEN. */
  values?: Array<unknown> | null | undefined;
};

/** Changes to a webhook; absent fields stay as they are. */
export type UpdateWebhookInput = {
  /** A new key deciding what deliveries carry (an active key, as on create), from the next attempt on. Explicit null: remove it (ids only); absent: unchanged. */
  keyId?: string | number | null | undefined;
  /** New segments: they apply from the next delivery planned, at the position the webhook has reached. */
  segmentIds?: Array<string | number> | null | undefined;
  /** A new URL (checked like on create). */
  url?: string | null | undefined;
};

/** A number compared: the operand is a decimal string ("59.90") or a JSON number. */
export type ValueComparison = {
  /** How to compare (EQ NEQ IN NOT_IN GT GTE LT LTE BETWEEN, EXISTS where a value can be missing). */
  operator: ConditionOperator;
  /** The operand. */
  value?: unknown;
  /** The operands of IN and NOT_IN (1 to 1000, all of one JSON type) and the bounds [low, high] of BETWEEN. */
  values?: Array<unknown> | null | undefined;
};

/** Where a webhook delivery stands. */
export type WebhookDeliveryStatus =
  /** Every attempt of the retry budget (WEBHOOK_MAX_ATTEMPTS) failed. The endpoint is paused (ordering is blocking) until an operator redelivers or skips; a skipped delivery stays DEAD with `skippedAt` set. */
  | 'DEAD'
  /** The endpoint answered 2xx. */
  | 'DELIVERED'
  /** The last attempt failed; another is scheduled at `nextAttemptAt` (exponential backoff with jitter). */
  | 'FAILED'
  /** Not attempted yet (or reset by `redeliverWebhookDeliveries`). */
  | 'PENDING';

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

export type CustomerModelFieldsFragment = { id: string, orderCount: number, ltv: { historical: string, predicted: number | null, expectedPurchases: number | null, averageOrderValue: string | null, computedAt: string | null }, churnRisk: { score: number, pAlive: number, band: ChurnBand, drivers: Array<string>, computedAt: string } | null };

export type CustomerModelQueryVariables = Exact<{
  id: string | number;
}>;


export type CustomerModelQuery = { customer: { id: string, orderCount: number, ltv: { historical: string, predicted: number | null, expectedPurchases: number | null, averageOrderValue: string | null, computedAt: string | null }, churnRisk: { score: number, pAlive: number, band: ChurnBand, drivers: Array<string>, computedAt: string } | null } | null };

export type CustomerLtvArgsQueryVariables = Exact<{
  id: string | number;
  horizonMonths: number;
  monthlyDiscountRate: number;
  days: number;
}>;


export type CustomerLtvArgsQuery = { customer: { id: string, ltv: { predicted: number | null, expectedPurchases: number | null } } | null };

export type CustomersModelQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type CustomersModelQuery = { customers: { edges: Array<{ node: { id: string, orderCount: number, ltv: { historical: string, predicted: number | null, expectedPurchases: number | null, averageOrderValue: string | null, computedAt: string | null }, churnRisk: { score: number, pAlive: number, band: ChurnBand, drivers: Array<string>, computedAt: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type TransactionFitFieldsFragment = { r: number, alpha: number, a: number, b: number, logLikelihood: number, customers: number };

export type DiagnosticsFieldsFragment = { churnModel: ChurnModel, timeUnit: ModelTimeUnit, calibrationEnd: string, fittedAt: string, bgnbd: { r: number, alpha: number, a: number, b: number, logLikelihood: number, customers: number }, mbgnbd: { r: number, alpha: number, a: number, b: number, logLikelihood: number, customers: number }, gammaGamma: { p: number, q: number, gamma: number, logLikelihood: number, customers: number } | null };

export type ModelDiagnosticsQueryVariables = Exact<{ [key: string]: never; }>;


export type ModelDiagnosticsQuery = { modelDiagnostics: { churnModel: ChurnModel, timeUnit: ModelTimeUnit, calibrationEnd: string, fittedAt: string, bgnbd: { r: number, alpha: number, a: number, b: number, logLikelihood: number, customers: number }, mbgnbd: { r: number, alpha: number, a: number, b: number, logLikelihood: number, customers: number }, gammaGamma: { p: number, q: number, gamma: number, logLikelihood: number, customers: number } | null } | null };

export type RefitModelsMutationVariables = Exact<{
  asOf?: string | null | undefined;
}>;


export type RefitModelsMutation = { refitModels: { churnModel: ChurnModel, timeUnit: ModelTimeUnit, calibrationEnd: string, fittedAt: string, bgnbd: { r: number, alpha: number, a: number, b: number, logLikelihood: number, customers: number }, mbgnbd: { r: number, alpha: number, a: number, b: number, logLikelihood: number, customers: number }, gammaGamma: { p: number, q: number, gamma: number, logLikelihood: number, customers: number } | null } };

export type ModelBacktestQueryVariables = Exact<{
  calibrationEnd: string;
  holdoutEnd: string;
}>;


export type ModelBacktestQuery = { modelBacktest: { calibrationEnd: string, holdoutEnd: string, timeUnit: ModelTimeUnit, holdoutLength: number, bgnbd: { r: number, alpha: number, a: number, b: number, logLikelihood: number, customers: number }, mbgnbd: { r: number, alpha: number, a: number, b: number, logLikelihood: number, customers: number }, total: { customers: number, actual: number, predictedBgnbd: number, predictedMbgnbd: number }, groups: Array<{ frequency: number, orMore: boolean, customers: number, actual: number, predictedBgnbd: number, predictedMbgnbd: number }> } };

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

export type PreviewSegmentQueryVariables = Exact<{
  definition: SegmentCondition;
  sampleSize?: number | null | undefined;
}>;


export type PreviewSegmentQuery = { previewSegment: { count: number, sampleIds: Array<string>, evaluatedAt: string } };

export type CustomerMatchesQueryVariables = Exact<{
  id: string | number;
  definition: SegmentCondition;
}>;


export type CustomerMatchesQuery = { customer: { id: string, matches: boolean } | null };

export type CustomersMatchesQueryVariables = Exact<{
  first: number;
  definition: SegmentCondition;
  other: SegmentCondition;
}>;


export type CustomersMatchesQuery = { customers: { edges: Array<{ node: { id: string, matches: boolean, other: boolean } }> } };

export type CreateSegmentMutationVariables = Exact<{
  input: SegmentInput;
}>;


export type CreateSegmentMutation = { createSegment: { id: string, name: string, description: string, definition: Record<string, unknown>, version: number, builtinKey: string | null, size: number, evaluatedAt: string | null } };

export type UpdateSegmentMutationVariables = Exact<{
  id: string | number;
  input: SegmentInput;
}>;


export type UpdateSegmentMutation = { updateSegment: { id: string, name: string, version: number, size: number, definitionVersions: Array<{ version: number, name: string, definition: Record<string, unknown> }> } };

export type ArchiveSegmentMutationVariables = Exact<{
  id: string | number;
}>;


export type ArchiveSegmentMutation = { archiveSegment: { id: string, archivedAt: string | null, size: number } };

export type SegmentsQueryVariables = Exact<{
  includeArchived?: boolean | null | undefined;
}>;


export type SegmentsQuery = { segments: Array<{ id: string, name: string, builtinKey: string | null, archivedAt: string | null, size: number }> };

export type SegmentMembersQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | number | null | undefined;
  asOf?: string | null | undefined;
}>;


export type SegmentMembersQuery = { segment: { id: string, size: number, members: Array<{ customerId: string, enteredAt: string, customer: { id: string } | null }> } | null };

export type SegmentSizeHistoryQueryVariables = Exact<{
  id: string | number;
  from: string;
  to: string;
  interval?: string | null | undefined;
}>;


export type SegmentSizeHistoryQuery = { segment: { sizeHistory: Array<{ at: string, size: number }> } | null };

export type MembershipChangesQueryVariables = Exact<{
  segmentIds?: Array<string | number> | string | number | null | undefined;
  after?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type MembershipChangesQuery = { segmentMembershipChanges: { endCursor: string | null, hasNextPage: boolean, nodes: Array<{ cursor: string, segmentId: string, customerId: string, mergedIntoId: string | null, change: MembershipChangeKind, reason: MembershipChangeReason, occurredAt: string, customer: { id: string } | null, causedBy: { messageId: string, occurredAt: string } | null }> } };

export type CustomerSegmentsQueryVariables = Exact<{
  id: string | number;
}>;


export type CustomerSegmentsQuery = { customer: { id: string, segments: Array<{ id: string, name: string }>, segmentMemberships: Array<{ enteredAt: string, segment: { id: string } }>, segmentHistory: Array<{ segmentId: string, change: MembershipChangeKind, reason: MembershipChangeReason }> } | null };

export type CreateWebhookMutationVariables = Exact<{
  input: CreateWebhookInput;
}>;


export type CreateWebhookMutation = { createWebhook: { secret: string, webhook: { id: string, url: string, segmentIds: Array<string>, deliveredCursor: string, paused: boolean, pausedAt: string | null, keyId: string | null, previousSecretExpiresAt: string | null, createdAt: string, updatedAt: string } } };

export type UpdateWebhookMutationVariables = Exact<{
  id: string | number;
  input: UpdateWebhookInput;
}>;


export type UpdateWebhookMutation = { updateWebhook: { id: string, url: string, segmentIds: Array<string>, keyId: string | null } };

export type DeleteWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteWebhookMutation = { deleteWebhook: boolean };

export type RotateWebhookSecretMutationVariables = Exact<{
  id: string | number;
  graceSeconds?: number | null | undefined;
}>;


export type RotateWebhookSecretMutation = { rotateWebhookSecret: { secret: string, webhook: { id: string, previousSecretExpiresAt: string | null } } };

export type RedeliverWebhookDeliveriesMutationVariables = Exact<{
  webhookId: string | number;
  fromCursor?: string | null | undefined;
}>;


export type RedeliverWebhookDeliveriesMutation = { redeliverWebhookDeliveries: { id: string, paused: boolean, deliveredCursor: string } };

export type SkipDeadDeliveriesMutationVariables = Exact<{
  webhookId: string | number;
}>;


export type SkipDeadDeliveriesMutation = { skipDeadDeliveries: { id: string, paused: boolean, deliveredCursor: string } };

export type WebhooksQueryVariables = Exact<{ [key: string]: never; }>;


export type WebhooksQuery = { webhooks: Array<{ id: string, url: string, segmentIds: Array<string>, deliveredCursor: string, paused: boolean, pausedAt: string | null, keyId: string | null, previousSecretExpiresAt: string | null }> };

export type WebhookDeliveriesQueryVariables = Exact<{
  webhookId: string | number;
  status?: WebhookDeliveryStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type WebhookDeliveriesQuery = { webhookDeliveries: { endCursor: string | null, hasNextPage: boolean, nodes: Array<{ id: string, webhookId: string, status: WebhookDeliveryStatus, idempotencyKey: string, firstCursor: string, lastCursor: string, changeCount: number, attempts: number, nextAttemptAt: string | null, lastAttemptAt: string | null, lastStatusCode: number | null, lastError: string | null, createdAt: string, deliveredAt: string | null, skippedAt: string | null }> } };

export const CustomerMetricsFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomerMetricsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rfm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recencyDays"}},{"kind":"Field","name":{"kind":"Name","value":"frequency"}},{"kind":"Field","name":{"kind":"Name","value":"monetary"}},{"kind":"Field","name":{"kind":"Name","value":"r"}},{"kind":"Field","name":{"kind":"Name","value":"f"}},{"kind":"Field","name":{"kind":"Name","value":"m"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"cell"}},{"kind":"Field","name":{"kind":"Name","value":"computedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rfmTier"}},{"kind":"Field","name":{"kind":"Name","value":"lifecycleStage"}},{"kind":"Field","name":{"kind":"Name","value":"aiplStage"}},{"kind":"Field","name":{"kind":"Name","value":"metricsComputedAt"}}]}}]} as unknown as DocumentNode<CustomerMetricsFieldsFragment, unknown>;
export const CustomerModelFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomerModelFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"orderCount"}},{"kind":"Field","name":{"kind":"Name","value":"ltv"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"historical"}},{"kind":"Field","name":{"kind":"Name","value":"predicted"}},{"kind":"Field","name":{"kind":"Name","value":"expectedPurchases"}},{"kind":"Field","name":{"kind":"Name","value":"averageOrderValue"}},{"kind":"Field","name":{"kind":"Name","value":"computedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"churnRisk"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"pAlive"}},{"kind":"Field","name":{"kind":"Name","value":"band"}},{"kind":"Field","name":{"kind":"Name","value":"drivers"}},{"kind":"Field","name":{"kind":"Name","value":"computedAt"}}]}}]}}]} as unknown as DocumentNode<CustomerModelFieldsFragment, unknown>;
export const TransactionFitFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TransactionFitFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TransactionModelFit"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"r"}},{"kind":"Field","name":{"kind":"Name","value":"alpha"}},{"kind":"Field","name":{"kind":"Name","value":"a"}},{"kind":"Field","name":{"kind":"Name","value":"b"}},{"kind":"Field","name":{"kind":"Name","value":"logLikelihood"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}}]} as unknown as DocumentNode<TransactionFitFieldsFragment, unknown>;
export const DiagnosticsFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DiagnosticsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelDiagnostics"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"churnModel"}},{"kind":"Field","name":{"kind":"Name","value":"timeUnit"}},{"kind":"Field","name":{"kind":"Name","value":"calibrationEnd"}},{"kind":"Field","name":{"kind":"Name","value":"fittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"bgnbd"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TransactionFitFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"mbgnbd"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TransactionFitFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"gammaGamma"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"p"}},{"kind":"Field","name":{"kind":"Name","value":"q"}},{"kind":"Field","name":{"kind":"Name","value":"gamma"}},{"kind":"Field","name":{"kind":"Name","value":"logLikelihood"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TransactionFitFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TransactionModelFit"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"r"}},{"kind":"Field","name":{"kind":"Name","value":"alpha"}},{"kind":"Field","name":{"kind":"Name","value":"a"}},{"kind":"Field","name":{"kind":"Name","value":"b"}},{"kind":"Field","name":{"kind":"Name","value":"logLikelihood"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}}]} as unknown as DocumentNode<DiagnosticsFieldsFragment, unknown>;
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
export const CustomerModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CustomerModelFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomerModelFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"orderCount"}},{"kind":"Field","name":{"kind":"Name","value":"ltv"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"historical"}},{"kind":"Field","name":{"kind":"Name","value":"predicted"}},{"kind":"Field","name":{"kind":"Name","value":"expectedPurchases"}},{"kind":"Field","name":{"kind":"Name","value":"averageOrderValue"}},{"kind":"Field","name":{"kind":"Name","value":"computedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"churnRisk"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"pAlive"}},{"kind":"Field","name":{"kind":"Name","value":"band"}},{"kind":"Field","name":{"kind":"Name","value":"drivers"}},{"kind":"Field","name":{"kind":"Name","value":"computedAt"}}]}}]}}]} as unknown as DocumentNode<CustomerModelQuery, CustomerModelQueryVariables>;
export const CustomerLtvArgsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerLtvArgs"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"horizonMonths"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"monthlyDiscountRate"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"days"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"ltv"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"predicted"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"horizonMonths"},"value":{"kind":"Variable","name":{"kind":"Name","value":"horizonMonths"}}},{"kind":"Argument","name":{"kind":"Name","value":"monthlyDiscountRate"},"value":{"kind":"Variable","name":{"kind":"Name","value":"monthlyDiscountRate"}}}]},{"kind":"Field","name":{"kind":"Name","value":"expectedPurchases"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"days"},"value":{"kind":"Variable","name":{"kind":"Name","value":"days"}}}]}]}}]}}]}}]} as unknown as DocumentNode<CustomerLtvArgsQuery, CustomerLtvArgsQueryVariables>;
export const CustomersModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomersModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CustomerModelFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CustomerModelFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"orderCount"}},{"kind":"Field","name":{"kind":"Name","value":"ltv"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"historical"}},{"kind":"Field","name":{"kind":"Name","value":"predicted"}},{"kind":"Field","name":{"kind":"Name","value":"expectedPurchases"}},{"kind":"Field","name":{"kind":"Name","value":"averageOrderValue"}},{"kind":"Field","name":{"kind":"Name","value":"computedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"churnRisk"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"pAlive"}},{"kind":"Field","name":{"kind":"Name","value":"band"}},{"kind":"Field","name":{"kind":"Name","value":"drivers"}},{"kind":"Field","name":{"kind":"Name","value":"computedAt"}}]}}]}}]} as unknown as DocumentNode<CustomersModelQuery, CustomersModelQueryVariables>;
export const ModelDiagnosticsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelDiagnostics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelDiagnostics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DiagnosticsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TransactionFitFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TransactionModelFit"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"r"}},{"kind":"Field","name":{"kind":"Name","value":"alpha"}},{"kind":"Field","name":{"kind":"Name","value":"a"}},{"kind":"Field","name":{"kind":"Name","value":"b"}},{"kind":"Field","name":{"kind":"Name","value":"logLikelihood"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DiagnosticsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelDiagnostics"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"churnModel"}},{"kind":"Field","name":{"kind":"Name","value":"timeUnit"}},{"kind":"Field","name":{"kind":"Name","value":"calibrationEnd"}},{"kind":"Field","name":{"kind":"Name","value":"fittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"bgnbd"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TransactionFitFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"mbgnbd"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TransactionFitFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"gammaGamma"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"p"}},{"kind":"Field","name":{"kind":"Name","value":"q"}},{"kind":"Field","name":{"kind":"Name","value":"gamma"}},{"kind":"Field","name":{"kind":"Name","value":"logLikelihood"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}}]}}]} as unknown as DocumentNode<ModelDiagnosticsQuery, ModelDiagnosticsQueryVariables>;
export const RefitModelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RefitModels"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"refitModels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"asOf"},"value":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DiagnosticsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TransactionFitFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TransactionModelFit"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"r"}},{"kind":"Field","name":{"kind":"Name","value":"alpha"}},{"kind":"Field","name":{"kind":"Name","value":"a"}},{"kind":"Field","name":{"kind":"Name","value":"b"}},{"kind":"Field","name":{"kind":"Name","value":"logLikelihood"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DiagnosticsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelDiagnostics"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"churnModel"}},{"kind":"Field","name":{"kind":"Name","value":"timeUnit"}},{"kind":"Field","name":{"kind":"Name","value":"calibrationEnd"}},{"kind":"Field","name":{"kind":"Name","value":"fittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"bgnbd"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TransactionFitFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"mbgnbd"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TransactionFitFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"gammaGamma"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"p"}},{"kind":"Field","name":{"kind":"Name","value":"q"}},{"kind":"Field","name":{"kind":"Name","value":"gamma"}},{"kind":"Field","name":{"kind":"Name","value":"logLikelihood"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}}]}}]} as unknown as DocumentNode<RefitModelsMutation, RefitModelsMutationVariables>;
export const ModelBacktestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelBacktest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"calibrationEnd"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"holdoutEnd"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelBacktest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"calibrationEnd"},"value":{"kind":"Variable","name":{"kind":"Name","value":"calibrationEnd"}}},{"kind":"Argument","name":{"kind":"Name","value":"holdoutEnd"},"value":{"kind":"Variable","name":{"kind":"Name","value":"holdoutEnd"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calibrationEnd"}},{"kind":"Field","name":{"kind":"Name","value":"holdoutEnd"}},{"kind":"Field","name":{"kind":"Name","value":"timeUnit"}},{"kind":"Field","name":{"kind":"Name","value":"holdoutLength"}},{"kind":"Field","name":{"kind":"Name","value":"bgnbd"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TransactionFitFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"mbgnbd"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TransactionFitFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customers"}},{"kind":"Field","name":{"kind":"Name","value":"actual"}},{"kind":"Field","name":{"kind":"Name","value":"predictedBgnbd"}},{"kind":"Field","name":{"kind":"Name","value":"predictedMbgnbd"}}]}},{"kind":"Field","name":{"kind":"Name","value":"groups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"frequency"}},{"kind":"Field","name":{"kind":"Name","value":"orMore"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}},{"kind":"Field","name":{"kind":"Name","value":"actual"}},{"kind":"Field","name":{"kind":"Name","value":"predictedBgnbd"}},{"kind":"Field","name":{"kind":"Name","value":"predictedMbgnbd"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TransactionFitFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TransactionModelFit"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"r"}},{"kind":"Field","name":{"kind":"Name","value":"alpha"}},{"kind":"Field","name":{"kind":"Name","value":"a"}},{"kind":"Field","name":{"kind":"Name","value":"b"}},{"kind":"Field","name":{"kind":"Name","value":"logLikelihood"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}}]} as unknown as DocumentNode<ModelBacktestQuery, ModelBacktestQueryVariables>;
export const CustomerProfileDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerProfile"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ordersFirst"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ordersAfter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"firstSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"traits"}},{"kind":"Field","name":{"kind":"Name","value":"identities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"firstSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"orders"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ordersFirst"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ordersAfter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"orderId"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"totalReporting"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CustomerProfileQuery, CustomerProfileQueryVariables>;
export const CustomerByIdentityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerByIdentity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"type"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"value"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerByIdentity"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"type"},"value":{"kind":"Variable","name":{"kind":"Name","value":"type"}}},{"kind":"Argument","name":{"kind":"Name","value":"value"},"value":{"kind":"Variable","name":{"kind":"Name","value":"value"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CustomerByIdentityQuery, CustomerByIdentityQueryVariables>;
export const CustomersPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomersPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"identities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"orders"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"feedback"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<CustomersPageQuery, CustomersPageQueryVariables>;
export const CustomersExplainedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomersExplained"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"orderCount"}},{"kind":"Field","name":{"kind":"Name","value":"lastOrderAt"}},{"kind":"Field","name":{"kind":"Name","value":"identityGraph"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"messageId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"mergeHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mergedId"}},{"kind":"Field","name":{"kind":"Name","value":"rule"}}]}},{"kind":"Field","name":{"kind":"Name","value":"traitValues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"StringValue","value":"Event 1","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<CustomersExplainedQuery, CustomersExplainedQueryVariables>;
export const PreviewSegmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PreviewSegment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"definition"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SegmentCondition"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sampleSize"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"previewSegment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"definition"},"value":{"kind":"Variable","name":{"kind":"Name","value":"definition"}}},{"kind":"Argument","name":{"kind":"Name","value":"sampleSize"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sampleSize"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"sampleIds"}},{"kind":"Field","name":{"kind":"Name","value":"evaluatedAt"}}]}}]}}]} as unknown as DocumentNode<PreviewSegmentQuery, PreviewSegmentQueryVariables>;
export const CustomerMatchesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerMatches"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"definition"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SegmentCondition"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"matches"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"definition"},"value":{"kind":"Variable","name":{"kind":"Name","value":"definition"}}}]}]}}]}}]} as unknown as DocumentNode<CustomerMatchesQuery, CustomerMatchesQueryVariables>;
export const CustomersMatchesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomersMatches"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"definition"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SegmentCondition"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"other"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SegmentCondition"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"matches"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"definition"},"value":{"kind":"Variable","name":{"kind":"Name","value":"definition"}}}]},{"kind":"Field","alias":{"kind":"Name","value":"other"},"name":{"kind":"Name","value":"matches"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"definition"},"value":{"kind":"Variable","name":{"kind":"Name","value":"other"}}}]}]}}]}}]}}]}}]} as unknown as DocumentNode<CustomersMatchesQuery, CustomersMatchesQueryVariables>;
export const CreateSegmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateSegment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SegmentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createSegment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"definition"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"builtinKey"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"evaluatedAt"}}]}}]}}]} as unknown as DocumentNode<CreateSegmentMutation, CreateSegmentMutationVariables>;
export const UpdateSegmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateSegment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SegmentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateSegment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"definitionVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"definition"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateSegmentMutation, UpdateSegmentMutationVariables>;
export const ArchiveSegmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ArchiveSegment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"archiveSegment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"archivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"size"}}]}}]}}]} as unknown as DocumentNode<ArchiveSegmentMutation, ArchiveSegmentMutationVariables>;
export const SegmentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Segments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeArchived"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"includeArchived"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeArchived"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"builtinKey"}},{"kind":"Field","name":{"kind":"Name","value":"archivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"size"}}]}}]}}]} as unknown as DocumentNode<SegmentsQuery, SegmentsQueryVariables>;
export const SegmentMembersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SegmentMembers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"asOf"},"value":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"enteredAt"}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SegmentMembersQuery, SegmentMembersQueryVariables>;
export const SegmentSizeHistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SegmentSizeHistory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"interval"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sizeHistory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}},{"kind":"Argument","name":{"kind":"Name","value":"interval"},"value":{"kind":"Variable","name":{"kind":"Name","value":"interval"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"size"}}]}}]}}]}}]} as unknown as DocumentNode<SegmentSizeHistoryQuery, SegmentSizeHistoryQueryVariables>;
export const MembershipChangesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MembershipChanges"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"segmentIds"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segmentMembershipChanges"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"segmentIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"segmentIds"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"segmentId"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"mergedIntoId"}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"change"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"causedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"messageId"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MembershipChangesQuery, MembershipChangesQueryVariables>;
export const CustomerSegmentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerSegments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"segmentMemberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"enteredAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"segmentHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segmentId"}},{"kind":"Field","name":{"kind":"Name","value":"change"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]}}]} as unknown as DocumentNode<CustomerSegmentsQuery, CustomerSegmentsQueryVariables>;
export const CreateWebhookDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateWebhook"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateWebhookInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createWebhook"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"webhook"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"segmentIds"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredCursor"}},{"kind":"Field","name":{"kind":"Name","value":"paused"}},{"kind":"Field","name":{"kind":"Name","value":"pausedAt"}},{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"previousSecretExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]}}]} as unknown as DocumentNode<CreateWebhookMutation, CreateWebhookMutationVariables>;
export const UpdateWebhookDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateWebhook"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateWebhookInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateWebhook"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"segmentIds"}},{"kind":"Field","name":{"kind":"Name","value":"keyId"}}]}}]}}]} as unknown as DocumentNode<UpdateWebhookMutation, UpdateWebhookMutationVariables>;
export const DeleteWebhookDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteWebhook"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteWebhook"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<DeleteWebhookMutation, DeleteWebhookMutationVariables>;
export const RotateWebhookSecretDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RotateWebhookSecret"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"graceSeconds"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotateWebhookSecret"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"graceSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"graceSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"webhook"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"previousSecretExpiresAt"}}]}}]}}]}}]} as unknown as DocumentNode<RotateWebhookSecretMutation, RotateWebhookSecretMutationVariables>;
export const RedeliverWebhookDeliveriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RedeliverWebhookDeliveries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"webhookId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fromCursor"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"redeliverWebhookDeliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"webhookId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"webhookId"}}},{"kind":"Argument","name":{"kind":"Name","value":"fromCursor"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fromCursor"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"paused"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredCursor"}}]}}]}}]} as unknown as DocumentNode<RedeliverWebhookDeliveriesMutation, RedeliverWebhookDeliveriesMutationVariables>;
export const SkipDeadDeliveriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SkipDeadDeliveries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"webhookId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"skipDeadDeliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"webhookId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"webhookId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"paused"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredCursor"}}]}}]}}]} as unknown as DocumentNode<SkipDeadDeliveriesMutation, SkipDeadDeliveriesMutationVariables>;
export const WebhooksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Webhooks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhooks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"segmentIds"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredCursor"}},{"kind":"Field","name":{"kind":"Name","value":"paused"}},{"kind":"Field","name":{"kind":"Name","value":"pausedAt"}},{"kind":"Field","name":{"kind":"Name","value":"keyId"}},{"kind":"Field","name":{"kind":"Name","value":"previousSecretExpiresAt"}}]}}]}}]} as unknown as DocumentNode<WebhooksQuery, WebhooksQueryVariables>;
export const WebhookDeliveriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebhookDeliveries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"webhookId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookDeliveryStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhookDeliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"webhookId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"webhookId"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"webhookId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"firstCursor"}},{"kind":"Field","name":{"kind":"Name","value":"lastCursor"}},{"kind":"Field","name":{"kind":"Name","value":"changeCount"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastStatusCode"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"skippedAt"}}]}}]}}]}}]} as unknown as DocumentNode<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;
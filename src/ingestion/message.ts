import type { FeedbackKind, FeedbackStatus } from '../feedback/feedback.table';

/**
 * The one shape every ingestion path (Segment HTTP API, GraphQL mutations, bulk import) is normalised into before
 * it touches the database. Pure data: producing it never needs the database.
 */
export type MessageType = 'identify' | 'track' | 'page' | 'screen' | 'alias' | 'group';

/** A normalised identity: lower-case type (optionally `type:namespace`), canonical value. */
export interface IdentityRef {
  type: string;
  value: string;
}

export interface OrderFact {
  /** The order id in the source system (unique per source). */
  orderId: string;
  /** Total in `currency`, decimal string in major units, at most 4 decimals. */
  total: string;
  /** ISO 4217, upper-case. */
  currency: string;
  products: Record<string, unknown>[];
}

export interface RefundFact {
  orderId: string;
  refundId: string | null;
  /** Decimal string in major units; null = the full order total. */
  amount: string | null;
  /** ISO 4217; null = the order's currency. */
  currency: string | null;
}

export interface FeedbackFact {
  kind: FeedbackKind;
  score: number | null;
  text: string | null;
  status: FeedbackStatus | null;
  ticketId: string | null;
  properties: Record<string, unknown>;
}

export interface IngestMessage {
  messageId: string;
  type: MessageType;
  /** Valid, normalised, not blocklisted; deduplicated. */
  identities: IdentityRef[];
  /** Identifiers dropped as junk or invalid (counted, never linked). Values are not kept: they may be PII. */
  droppedIdentities: { type: string; reason: string }[];
  /** Traits observed by this message (identify traits, context.traits). */
  traits: Record<string, unknown>;
  /** Event name (track event, page/screen name) and properties; null for a bare identify/alias. */
  event: { name: string | null; properties: Record<string, unknown> } | null;
  order: OrderFact | null;
  refund: RefundFact | null;
  feedback: FeedbackFact | null;
  /** alias(previousId, userId): the one explicit "same person" instruction. */
  alias: { previous: IdentityRef; user: IdentityRef } | null;
  /** When it happened: the client timestamp, corrected for device clock skew, clamped to receivedAt. */
  occurredAt: Date;
  receivedAt: Date;
}

/** Why an item was refused: `field` is the path inside the item (`properties.total`, `userId`). */
export interface Rejection {
  messageId: string | null;
  reason: string;
  field: string;
  /** Identifiers dropped as junk or invalid before the refusal (a message whose every identifier was blocked). */
  droppedIdentities?: number;
}

export type Normalized = { ok: true; message: IngestMessage } | { ok: false; rejection: Rejection };

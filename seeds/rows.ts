/**
 * Plain rows for the demo data, keyed like the drizzle tables' TypeScript properties so seeds/load.ts can insert
 * them as they are (it checks at compile time that each row type fits its table's insert type). Every field is
 * always present (null rather than missing) so every row of a table has the same columns.
 */

export interface SourceRow {
  id: string;
  name: string;
  kind: 'web' | 'app' | 'crm' | 'shop' | 'service';
  priority: number;
  createdAt: Date;
}

export interface CustomerRow {
  id: string;
  mergedIntoId: null;
  createdAt: Date;
  updatedAt: Date;
  firstSeenAt: Date;
  lastSeenAt: Date;
  traits: Record<string, string>;
}

export interface IdentityRow {
  customerId: string;
  id: string;
  type: string;
  value: string;
  sourceId: string;
  messageId: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  createdAt: Date;
}

export interface ObservationRow {
  customerId: string;
  id: string;
  sourceId: string;
  messageId: string;
  key: string;
  value: string;
  occurredAt: Date;
  receivedAt: Date;
}

export interface EventRow {
  customerId: string;
  occurredAt: Date;
  id: string;
  sourceId: string;
  messageId: string;
  type: 'track' | 'page' | 'identify';
  name: string | null;
  properties: Record<string, unknown>;
  receivedAt: Date;
}

export interface ProductLine {
  product_id: string;
  sku: string;
  name: string;
  category: string;
  price: string;
  quantity: number;
}

export interface OrderRow {
  customerId: string;
  id: string;
  sourceId: string;
  orderId: string;
  messageId: string;
  /** Decimal string, 2 decimals, in `currency`. */
  total: string;
  currency: string;
  /** Decimal string, 4 decimals, in USD: total × the fixed rate, exact. */
  totalReporting: string;
  products: ProductLine[];
  occurredAt: Date;
  receivedAt: Date;
}

export interface RefundRow {
  customerId: string;
  id: string;
  sourceId: string;
  orderId: string;
  refundId: string;
  messageId: string;
  amount: string;
  currency: string;
  amountReporting: string;
  occurredAt: Date;
  receivedAt: Date;
}

export interface FeedbackRow {
  customerId: string;
  id: string;
  sourceId: string;
  messageId: string;
  kind: 'NPS' | 'RATING' | 'REVIEW' | 'SUPPORT_TICKET';
  /** Decimal string; null for support tickets. */
  score: string | null;
  text: string | null;
  status: 'OPEN' | 'PENDING' | 'CLOSED' | null;
  ticketId: string | null;
  properties: Record<string, unknown>;
  occurredAt: Date;
  receivedAt: Date;
}

export interface DedupeKeyRow {
  sourceId: string;
  kind: 'message' | 'order' | 'refund';
  key: string;
  customerId: string;
  receivedAt: Date;
}

/** Rows that belong to customers; generated per chunk. */
export interface CustomerData {
  customers: CustomerRow[];
  identities: IdentityRow[];
  observations: ObservationRow[];
  events: EventRow[];
  orders: OrderRow[];
  refunds: RefundRow[];
  feedback: FeedbackRow[];
  dedupeKeys: DedupeKeyRow[];
}

export interface DemoData extends CustomerData {
  sources: SourceRow[];
}

export function emptyCustomerData(): CustomerData {
  return { customers: [], identities: [], observations: [], events: [], orders: [], refunds: [], feedback: [], dedupeKeys: [] };
}

import { sql } from 'drizzle-orm';
import { ownersOfOrders } from '../behaviour/behaviour.repo';
import { exec, inOrder, rows, type Tx } from '../db/client';
import * as schema from '../db/schema';
import { textArray } from '../db/values';
import { keyOf } from '../identity/match';
import { addChange, type ProfileChanges } from '../profiles/profileChanged';
import { identityHash, insertAll } from './ingest.repo';
import type { FeedbackFact, IngestMessage } from './message';

export interface AcceptedMessage {
  message: IngestMessage;
  customerId: string;
  receivedAt: Date;
  orderReporting: string | null;
  refundReporting: string | null;
}

/**
 * Write what accepted messages say — events, orders, refunds, feedback, trait observations and identity evidence —
 * on the profile each went to, set-based (one INSERT per table per batch), and note what changed for the hook.
 */
export async function writeFacts(
  tx: Tx,
  input: { sourceId: string; messages: AcceptedMessage[]; identityIds: Map<string, string>; changes: ProfileChanges },
): Promise<void> {
  const { sourceId, messages, changes } = input;
  const base = (m: IngestMessage, customerId: string, receivedAt: Date) => ({ customerId, sourceId, messageId: m.messageId, occurredAt: m.occurredAt, receivedAt });

  const withOrders = messages.filter((a) => a.message.order);
  const withRefunds = messages.filter((a) => a.message.refund);
  const withFeedback = messages.filter((a) => a.message.feedback);
  const observations = messages.flatMap(({ message: m, customerId, receivedAt }) =>
    Object.entries(m.traits).map(([key, value]) => ({ ...base(m, customerId, receivedAt), key, value: value ?? null })),
  );
  // One pipelined exchange: no statement here needs another's answer (inOrder).
  const [, , , , refundedOrderOwners] = await inOrder([
    insertAll(
      tx,
      schema.messageLinks,
      messages.map(({ message: m, customerId }) => ({
        customerId,
        occurredAt: m.occurredAt,
        sourceId,
        messageId: m.messageId,
        identityIds: m.identities.map((i) => input.identityIds.get(keyOf(i))).filter((id): id is string => !!id),
        unlinked: m.identities.filter((i) => !input.identityIds.has(keyOf(i))),
        unlinkedKeys: m.identities.filter((i) => !input.identityIds.has(keyOf(i))).map((i) => identityHash(i)),
        alias: m.alias !== null,
      })),
    ),
    insertAll(
      tx,
      schema.events,
      messages.map(({ message: m, customerId, receivedAt }) => ({ ...base(m, customerId, receivedAt), type: m.type, name: m.event?.name ?? null, properties: m.event?.properties ?? {} })),
    ),
    insertAll(
      tx,
      schema.orders,
      withOrders.map(({ message: m, customerId, receivedAt, orderReporting }) => ({
        ...base(m, customerId, receivedAt),
        orderId: m.order!.orderId,
        total: m.order!.total,
        currency: m.order!.currency,
        totalReporting: orderReporting!,
        products: m.order!.products,
      })),
    ),
    insertAll(
      tx,
      schema.refunds,
      withRefunds.map(({ message: m, customerId, receivedAt, refundReporting }) => ({
        ...base(m, customerId, receivedAt),
        orderId: m.refund!.orderId,
        refundId: m.refund!.refundId,
        amount: m.refund!.amount,
        currency: m.refund!.currency,
        amountReporting: refundReporting,
      })),
    ),
    // After the refunds: their orders' owners, other profiles included, are re-scored.
    ownersOfOrders(tx, sourceId, [...new Set(withRefunds.map(({ message: m }) => m.refund!.orderId))]),
    insertAll(tx, schema.observations, observations),
    // Last: after its first statement it waits for the tickets it reads.
    writeFeedback(tx, sourceId, withFeedback),
  ]);
  for (const { customerId } of messages) addChange(changes, customerId, 'EVENT');
  for (const { customerId } of withOrders) addChange(changes, customerId, 'ORDER');
  for (const { customerId } of withRefunds) addChange(changes, customerId, 'REFUND');
  for (const owner of refundedOrderOwners) addChange(changes, owner, 'REFUND');
  for (const { customerId } of withFeedback) addChange(changes, customerId, 'FEEDBACK');
  for (const o of observations) addChange(changes, o.customerId, 'TRAIT');
}

/**
 * Ratings, NPS and reviews are one row each. A support ticket is one row per (source, ticket id) whose status follows
 * its latest event, so "open tickets" is a count of rows; Ticket Closed arriving before Ticket Opened still ends CLOSED.
 */
async function writeFeedback(tx: Tx, sourceId: string, messages: AcceptedMessage[]): Promise<void> {
  const plain = messages.filter((a) => !a.message.feedback!.ticketId);
  const row = (a: AcceptedMessage, f: FeedbackFact) => ({
    customerId: a.customerId,
    sourceId,
    messageId: a.message.messageId,
    kind: f.kind,
    score: f.score === null ? null : String(f.score),
    text: f.text,
    status: f.status,
    ticketId: f.ticketId,
    properties: f.properties,
    occurredAt: a.message.occurredAt,
    receivedAt: a.receivedAt,
  });
  await insertAll(tx, schema.feedback, plain.map((a) => row(a, a.message.feedback!)));

  // Latest event per ticket in this batch; the subject (text) is kept from whichever event carried one.
  const tickets = new Map<string, { a: AcceptedMessage; text: string | null }>();
  for (const a of messages.filter((x) => x.message.feedback!.ticketId)) {
    const id = a.message.feedback!.ticketId!;
    const prev = tickets.get(id);
    const text = prev?.text ?? a.message.feedback!.text;
    if (!prev || a.message.occurredAt >= prev.a.message.occurredAt) tickets.set(id, { a, text: a.message.feedback!.text ?? text });
    else tickets.set(id, { a: prev.a, text: prev.text ?? a.message.feedback!.text });
  }
  if (!tickets.size) return;
  const existing = await rows<{ ticket_id: string }>(
    tx,
    sql`select ticket_id from feedback where source_id = ${sourceId}::uuid and ticket_id = any(${textArray([...tickets.keys()])})`,
  );
  const known = new Set(existing.map((r) => r.ticket_id));
  const updates = [...tickets].filter(([id]) => known.has(id));
  await insertAll(tx, schema.feedback, [...tickets].filter(([id]) => !known.has(id)).map(([, t]) => ({ ...row(t.a, t.a.message.feedback!), text: t.text })));
  if (!updates.length) return;
  const changed = updates.map(([id, t]) => ({ ticket_id: id, status: t.a.message.feedback!.status, text: t.text, at: t.a.message.occurredAt.toISOString() }));
  await exec(tx, sql`update feedback f set
      status = case when f.occurred_at <= u.at then u.status else f.status end,
      text = coalesce(f.text, u.text),
      occurred_at = greatest(f.occurred_at, u.at)
    from json_to_recordset(${JSON.stringify(changed)}::json) as u(ticket_id text, status text, text text, at timestamptz)
    where f.source_id = ${sourceId}::uuid and f.ticket_id = u.ticket_id`);
}

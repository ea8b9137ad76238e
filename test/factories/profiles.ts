import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/client';
import { customers, events, feedback, identities, orders } from '../../src/db/schema';

const day = 86_400_000;

/** A profile with the given identities, orders, events and feedback, written straight to the tables. */
export async function makeCustomer(
  db: Db,
  opts: {
    traits?: Record<string, unknown>;
    identities?: [string, string][];
    orders?: number;
    events?: number;
    feedback?: number;
    mergedIntoId?: string;
    createdAt?: Date;
    base?: Date;
  } = {},
): Promise<string> {
  const id = randomUUID();
  const base = opts.base ?? new Date('2026-06-01T00:00:00Z');
  await db.insert(customers).values({
    id,
    traits: opts.traits ?? {},
    mergedIntoId: opts.mergedIntoId ?? null,
    createdAt: opts.createdAt ?? new Date(),
    firstSeenAt: base,
    lastSeenAt: new Date(base.getTime() + 30 * day),
  });
  if (opts.identities?.length) {
    await db.insert(identities).values(opts.identities.map(([type, value]) => ({ customerId: id, type, value })));
  }
  if (opts.orders) {
    await db.insert(orders).values(
      Array.from({ length: opts.orders }, (_, i) => ({
        customerId: id,
        orderId: `o-${id.slice(0, 8)}-${i}`,
        total: `${10 + i}.50`,
        currency: 'USD',
        totalReporting: `${10 + i}.50`,
        occurredAt: new Date(base.getTime() + i * day),
      })),
    );
  }
  if (opts.events) {
    await db.insert(events).values(
      Array.from({ length: opts.events }, (_, i) => ({
        customerId: id,
        type: 'track' as const,
        name: `Event ${i}`,
        properties: { i },
        occurredAt: new Date(base.getTime() + i * 3_600_000),
      })),
    );
  }
  if (opts.feedback) {
    await db.insert(feedback).values(
      Array.from({ length: opts.feedback }, (_, i) => ({
        customerId: id,
        kind: 'NPS' as const,
        score: String(i % 11),
        text: `comment ${i}`,
        occurredAt: new Date(base.getTime() + i * day),
      })),
    );
  }
  return id;
}

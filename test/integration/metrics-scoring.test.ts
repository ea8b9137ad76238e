import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/client';
import * as schema from '../../src/db/schema';
import { ensureSource } from '../../src/ingestion/sources';
import { aiplStage } from '../../src/metrics/aipl';
import { lifecycleStage } from '../../src/metrics/lifecycle';
import { readCutPoints, scoreCustomers } from '../../src/metrics/metrics.repo';
import { readSummaries } from '../../src/metrics/model.repo';
import { recomputeAll } from '../../src/metrics/recompute';
import { dropStage, stageAllValues, stagedSummaries } from '../../src/metrics/scoring.repo';
import { compareDecimal, cutPointsFrom, rfmCell, rfmTier, scoreRfm, type RfmValues } from '../../src/metrics/rfm';
import { clock } from '../../src/shared/clock';
import {
  CustomersMetricsDocument, RecomputeMetricsDocument, type CustomerMetricsFieldsFragment, type CustomersMetricsQuery,
} from '../generated/graphql';
import { startTestServer, type TestServer } from '../helpers/server';
import { testDbMode } from '../helpers/db';

/**
 * Issue 4 §1–2: the set-based SQL gives, for every customer, exactly what the pure rules (rfm.ts, lifecycle.ts,
 * aipl.ts) give on the same raw data — random buyers with merges, same-day orders, refunds of every kind, events and
 * feedback, in a time zone with daylight saving. The two ways in (scoring.repo.ts) are both checked: the full run
 * (whole-table passes, staged, written in chunks) against the rules, and the per-profile statement against the full
 * run, row for row.
 */

const TZ = 'America/Los_Angeles';
const NOW = new Date('2026-03-15T10:00:00Z'); // 03:00 local, a week after the DST change
const DAY = 86_400_000;
const INTEREST = ['Product Viewed', 'Products Searched', 'Product Added', 'Product Added to Wishlist', 'Product Clicked'];
const AWARENESS = ['Page Viewed', 'Application Opened', 'Promotion Viewed'];

let t: TestServer;
let sourceId: string;

// ---- deterministic random data -------------------------------------------------------------------------------

let seed = 20260315;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let x = seed;
  x = Math.imul(x ^ (x >>> 15), x | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const chance = (p: number) => rand() < p;

interface OrderRow { customerId: string; id: string; orderId: string; total: string; totalReporting: string; occurredAt: Date }
interface RefundRow { customerId: string; orderId: string; amount: string | null; currency: string | null; amountReporting: string | null }
interface EventRow { customerId: string; type: 'track' | 'page' | 'screen' | 'identify'; name: string | null; occurredAt: Date }
interface FeedbackRow { customerId: string; kind: 'NPS' | 'REVIEW' | 'RATING' | 'SUPPORT_TICKET'; score: string | null }

const data = {
  customers: [] as { id: string; mergedIntoId: string | null }[],
  orders: [] as OrderRow[],
  refunds: [] as RefundRow[],
  events: [] as EventRow[],
  feedback: [] as FeedbackRow[],
};

/** Instant `days` (fractional) before NOW. */
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

function addOrders(customerId: string, daysAgo: number[], totals?: string[]) {
  daysAgo.forEach((d, i) => {
    const total = totals?.[i] ?? pick(['10.00', '25.50', '25.50', '99.99', '120.0000', '0.01', `${int(1, 900)}.${int(0, 99)}`]);
    const foreign = chance(0.2);
    data.orders.push({
      customerId,
      id: randomUUID(),
      orderId: `o-${randomUUID().slice(0, 12)}`,
      total,
      // A foreign-currency order carries another reporting total; refunds in its own currency take the same share.
      totalReporting: foreign ? (Number(total) * 1.25).toFixed(4) : total,
      occurredAt: ago(d),
    });
  });
}

function addCustomer(mergedIntoId: string | null = null): string {
  const id = randomUUID();
  data.customers.push({ id, mergedIntoId });
  return id;
}

function randomHistory(id: string) {
  if (chance(0.7)) {
    const n = pick([1, 1, 1, 1, 1, 2, 2, 3, 4, 6, 9, 14]);
    const days: number[] = [];
    for (let i = 0; i < n; i++) {
      const d = chance(0.15) && days.length ? days[days.length - 1] + rand() * 0.3 : rand() * 800; // some same-day repeats
      days.push(d);
    }
    addOrders(id, days);
  }
  for (let i = int(0, 4); i > 0; i--) {
    const kind = pick(['page', 'screen', 'interest', 'awareness', 'other', 'identify'] as const);
    const at = ago(rand() * 60);
    if (kind === 'page' || kind === 'screen') data.events.push({ customerId: id, type: kind, name: pick(['Home', null]), occurredAt: at });
    else if (kind === 'identify') data.events.push({ customerId: id, type: 'identify', name: null, occurredAt: at });
    else data.events.push({ customerId: id, type: 'track', name: kind === 'interest' ? pick(INTEREST) : kind === 'awareness' ? pick(AWARENESS) : 'Signed Up', occurredAt: at });
  }
  if (chance(0.25)) {
    const [kind, score] = pick([['NPS', '10'], ['NPS', '9'], ['NPS', '8'], ['REVIEW', '4'], ['REVIEW', '3.5'], ['RATING', '5'], ['RATING', '7'], ['SUPPORT_TICKET', null]] as const);
    data.feedback.push({ customerId: id, kind, score });
  }
}

function buildData() {
  for (let i = 0; i < 180; i++) {
    const root = addCustomer();
    randomHistory(root);
    if (chance(0.15)) randomHistory(addCustomer(root));
    if (chance(0.05)) randomHistory(addCustomer(root));
  }
  // Refunds of ~20 % of the orders, of every kind; some orders are over-refunded (net clamps at zero).
  for (const o of [...data.orders]) {
    if (!chance(0.2)) continue;
    const kind = pick(['full', 'converted', 'share', 'twice'] as const);
    const base = { customerId: o.customerId, orderId: o.orderId };
    if (kind === 'full') data.refunds.push({ ...base, amount: null, currency: null, amountReporting: null });
    if (kind === 'converted') data.refunds.push({ ...base, amount: '5.00', currency: 'EUR', amountReporting: '5.4000' });
    if (kind === 'share' && o.total === o.totalReporting) data.refunds.push({ ...base, amount: '1.50', currency: null, amountReporting: null });
    if (kind === 'twice') {
      data.refunds.push({ ...base, amount: null, currency: null, amountReporting: null });
      data.refunds.push({ ...base, amount: '3.00', currency: 'EUR', amountReporting: '3.2400' });
    }
  }
  data.refunds.push({ customerId: data.customers[0].id, orderId: 'never-arrived', amount: null, currency: null, amountReporting: null });

  // Hand-made customers so every stage is present whatever the random draw.
  const named = (days: number[]) => {
    const id = addCustomer();
    addOrders(id, days, days.map(() => '50.00'));
    return id;
  };
  named([200, 10]); // REACTIVATED
  named([400, 395, 370]); // CHURNED
  named([120, 100]); // DORMANT
  named([60, 40, 20, 5]); // ACTIVE
  named([300, 200, 100, 45]); // typical gap 85 > 45 days of silence: ACTIVE
  named([100, 80, 60, 40, 25]); // typical gap 18.75 < 25: AT_RISK
  named([3]); // NEW
  const interested = addCustomer();
  data.events.push({ customerId: interested, type: 'track', name: 'Product Added', occurredAt: ago(15.2) }); // 15 local days ago
  const faded = addCustomer();
  data.events.push({ customerId: faded, type: 'track', name: 'Product Viewed', occurredAt: ago(17) });
  addCustomer(); // nothing at all
}

// ---- the oracle: the pure rules on the raw data --------------------------------------------------------------

const localDay = (at: Date): number => {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at).split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY;
};

const units = (v: string): bigint => {
  const [i, f = ''] = v.split('.');
  const n = BigInt(i.replace('-', '') + f.padEnd(4, '0').slice(0, 4));
  return v.startsWith('-') ? -n : n;
};
const decimal = (n: bigint): string => {
  const s = (n < 0n ? -n : n).toString().padStart(5, '0');
  return `${n < 0n ? '-' : ''}${s.slice(0, -4)}.${s.slice(-4)}`;
};

interface Expected {
  values: RfmValues | null;
  historical: string;
  orderDays: number;
  typicalGap: number | null;
  lifecycle: string;
  aipl: string;
}

function oracle(pAlive: Map<string, number>) {
  const today = localDay(NOW);
  const rootOf = new Map(data.customers.map((c) => [c.id, c.mergedIntoId ?? c.id]));
  const refundsOf = new Map<string, RefundRow[]>();
  for (const r of data.refunds) refundsOf.set(r.orderId, [...(refundsOf.get(r.orderId) ?? []), r]);
  const byRoot = new Map<string, { orders: { daysAgo: number; net: bigint }[]; events: EventRow[]; feedback: FeedbackRow[] }>();
  for (const c of data.customers) if (!c.mergedIntoId) byRoot.set(c.id, { orders: [], events: [], feedback: [] });
  for (const o of data.orders) {
    const refunded = (refundsOf.get(o.orderId) ?? []).reduce((sum, r) => {
      if (r.amount === null) return sum + units(o.totalReporting);
      if (r.amountReporting !== null) return sum + units(r.amountReporting);
      return sum + units(r.amount); // only generated when total = total_reporting: the share is the amount
    }, 0n);
    const net = units(o.totalReporting) - refunded;
    byRoot.get(rootOf.get(o.customerId)!)!.orders.push({ daysAgo: Math.max(0, today - localDay(o.occurredAt)), net: net > 0n ? net : 0n });
  }
  for (const e of data.events) byRoot.get(rootOf.get(e.customerId)!)!.events.push(e);
  for (const f of data.feedback) byRoot.get(rootOf.get(f.customerId)!)!.feedback.push(f);

  const expected = new Map<string, Expected>();
  for (const [id, { orders, events, feedback }] of byRoot) {
    const inWindow = orders.filter((o) => o.daysAgo <= 365);
    const values: RfmValues | null = orders.length
      ? { recencyDays: Math.min(...orders.map((o) => o.daysAgo)), frequency: inWindow.length, monetary: decimal(inWindow.reduce((s, o) => s + o.net, 0n)) }
      : null;
    const days = [...new Set(orders.map((o) => o.daysAgo))].sort((a, b) => a - b);
    const gaps = days.slice(0, -1).map((d, i) => ({ d, gap: days[i + 1] - d })).filter((g) => g.d <= 30);
    const typicalGap = days.length > 1 ? (days[days.length - 1] - days[0]) / (days.length - 1) : null;
    const lifecycle = lifecycleStage(
      {
        recencyDays: values?.recencyDays ?? null,
        daysSinceFirstOrder: days.length ? days[days.length - 1] : null,
        recentReturnGapDays: gaps.length ? Math.max(...gaps.map((g) => g.gap)) : null,
        typicalGapDays: typicalGap,
        pAlive: pAlive.get(id) ?? null,
      },
      { newDays: 30, dormantDays: 90, churnedDays: 180, churnedPAlive: 0.2, atRiskPAlive: 0.5 },
    );
    const aipl = aiplStage({
      orders: orders.length,
      advocate: feedback.some((f) => f.score !== null && ((f.kind === 'NPS' && Number(f.score) >= 9) || ((f.kind === 'REVIEW' || f.kind === 'RATING') && Number(f.score) >= 4 && Number(f.score) <= 5))),
      interestedRecently: events.some((e) => e.name !== null && INTEREST.includes(e.name) && localDay(e.occurredAt) >= today - 15),
      contacted: events.some((e) => e.type === 'page' || e.type === 'screen' || (e.name !== null && (INTEREST.includes(e.name) || AWARENESS.includes(e.name)))),
    });
    expected.set(id, {
      values,
      historical: decimal(orders.reduce((s, o) => s + o.net, 0n)),
      orderDays: days.length,
      typicalGap,
      lifecycle,
      aipl,
    });
  }
  const cuts = cutPointsFrom([...expected.values()].flatMap((e) => (e.values ? [e.values] : [])))!;
  return { expected, cuts };
}

// ---- reading what Strata stored --------------------------------------------------------------------------------

async function allViaApi(): Promise<Map<string, CustomerMetricsFieldsFragment>> {
  const out = new Map<string, CustomerMetricsFieldsFragment>();
  let after: string | null = null;
  for (;;) {
    const res = await t.op(CustomersMetricsDocument, { first: 1000, after });
    expect(res.errors).toBeUndefined();
    const page: CustomersMetricsQuery['customers'] = res.data.customers;
    for (const e of page.edges) out.set(e.node.id, e.node);
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor ?? null;
  }
}

interface StoredRow { customer_id: string; historical_ltv: string; order_days: number; typical_gap_days: number | null; [k: string]: unknown }
const storedRows = async () =>
  new Map(
    (await rows<StoredRow>(t.database.db, sql`select customer_id, recency_days, frequency, monetary::text as monetary, r, f, m, rfm_score, rfm_cell,
        rfm_tier, lifecycle_stage, aipl_stage, historical_ltv::text as historical_ltv, first_order_at::text as first_order_at,
        last_order_at::text as last_order_at, order_days, typical_gap_days, computed_at::text as computed_at from customer_metrics`)).map((r) => [r.customer_id, r]),
  );

beforeAll(async () => {
  clock.set(NOW);
  t = await startTestServer({ BUSINESS_TIMEZONE: TZ });
  sourceId = await ensureSource(t.database.db, 'metrics-scoring');
  buildData();
  const db = t.database.db;
  await db.insert(schema.customers).values(data.customers.filter((c) => !c.mergedIntoId));
  await db.insert(schema.customers).values(data.customers.filter((c) => c.mergedIntoId));
  await db.insert(schema.orders).values(data.orders.map((o) => ({ ...o, sourceId, currency: 'USD' })));
  await db.insert(schema.refunds).values(data.refunds.map((r) => ({ ...r, sourceId, occurredAt: NOW })));
  await db.insert(schema.events).values(data.events.map((e) => ({ ...e, sourceId })));
  await db.insert(schema.feedback).values(data.feedback.map((f) => ({ ...f, sourceId, occurredAt: ago(3) })));
  const res = await t.op(RecomputeMetricsDocument, {});
  expect(res.errors).toBeUndefined();
  expect(res.data.recomputeMetrics).toBe(true);
});

afterAll(async () => {
  clock.set(null);
  await t.close();
});

function expectMatches(api: Map<string, CustomerMetricsFieldsFragment>, stored: Map<string, StoredRow>, pAlive: Map<string, number>) {
  const { expected, cuts } = oracle(pAlive);
  expect(api.size).toBe(expected.size);
  const mismatches: unknown[] = [];
  for (const [id, e] of expected) {
    const got = api.get(id)!;
    const row = stored.get(id)!;
    const scores = e.values ? scoreRfm(e.values, cuts) : null;
    const want = {
      rfm: e.values && scores
        ? { recencyDays: e.values.recencyDays, frequency: e.values.frequency, r: scores.r, f: scores.f, m: scores.m, score: scores.score, cell: rfmCell(scores.r, scores.f) }
        : null,
      monetaryEqual: true,
      rfmTier: rfmTier(scores),
      lifecycleStage: e.lifecycle,
      aiplStage: e.aipl,
      historicalEqual: true,
      orderDays: e.orderDays,
      typicalGap: e.typicalGap,
    };
    const have = {
      rfm: got.rfm ? { recencyDays: got.rfm.recencyDays, frequency: got.rfm.frequency, r: got.rfm.r, f: got.rfm.f, m: got.rfm.m, score: got.rfm.score, cell: got.rfm.cell } : null,
      monetaryEqual: !e.values || (got.rfm !== null && compareDecimal(got.rfm.monetary, e.values.monetary) === 0),
      rfmTier: got.rfmTier,
      lifecycleStage: got.lifecycleStage,
      aiplStage: got.aiplStage,
      historicalEqual: compareDecimal(row.historical_ltv, e.historical) === 0,
      orderDays: row.order_days,
      typicalGap: row.typical_gap_days === null ? null : Number(row.typical_gap_days),
    };
    if (JSON.stringify(want) !== JSON.stringify(have)) mismatches.push({ id, want, have, values: e.values });
  }
  expect(mismatches).toEqual([]);
  return { expected, cuts };
}

test('every stored row equals the pure rules applied to the raw data; the stored cut points are cutPointsFrom over all buyers', async () => {
  const { expected, cuts } = expectMatches(await allViaApi(), await storedRows(), new Map());
  const stored = (await readCutPoints(t.database.db))!;
  expect({ recency: stored.recency, frequency: stored.frequency }).toEqual({ recency: cuts.recency, frequency: cuts.frequency });
  expect(stored.monetary.map((m, i) => compareDecimal(m, cuts.monetary[i]))).toEqual([0, 0, 0, 0]);
  expect(stored.buyers).toBe([...expected.values()].filter((e) => e.values).length);
  expect(stored.computedAt).toEqual(NOW);

  // The data is rich enough to exercise every rule.
  const api = await allViaApi();
  const seen = (f: (c: CustomerMetricsFieldsFragment) => string | undefined) => new Set([...api.values()].map(f));
  expect(seen((c) => c.lifecycleStage)).toEqual(new Set(['PROSPECT', 'NEW', 'REACTIVATED', 'ACTIVE', 'AT_RISK', 'DORMANT', 'CHURNED']));
  expect(seen((c) => c.aiplStage)).toEqual(new Set(['NONE', 'AWARENESS', 'INTEREST', 'PURCHASE', 'LOYALTY']));
  expect(seen((c) => c.rfmTier)).toEqual(new Set(['HIGH', 'MEDIUM', 'LOW', 'NONE']));
  expect(seen((c) => c.rfm?.cell).size).toBeGreaterThanOrEqual(8);
  for (const c of api.values()) expect(c.metricsComputedAt).toBe(NOW.toISOString());
});

test('the lifecycle rule uses the churn model\'s P(alive) when one is stored', async () => {
  const api = await allViaApi();
  const active = [...api.values()].filter((c) => c.lifecycleStage === 'ACTIVE').map((c) => c.id);
  expect(active.length).toBeGreaterThanOrEqual(2);
  const pAlive = new Map([[active[0], 0.1], [active[1], 0.35]]);
  for (const [id, p] of pAlive) await t.database.db.execute(sql`update customer_metrics set p_alive = ${p} where customer_id = ${id}::uuid`);
  await t.op(RecomputeMetricsDocument, {});
  const after = await allViaApi();
  expect(after.get(active[0])!.lifecycleStage).toBe('CHURNED');
  expect(after.get(active[1])!.lifecycleStage).toBe('AT_RISK');
  expectMatches(after, await storedRows(), pAlive);
  for (const id of pAlive.keys()) await t.database.db.execute(sql`update customer_metrics set p_alive = null where customer_id = ${id}::uuid`);
  await t.op(RecomputeMetricsDocument, {});
});

test('re-scoring one customer alone with the stored cut points gives exactly the full run\'s row', async () => {
  const full = await storedRows();
  const ids = [...full.keys()].filter((_, i) => i % 17 === 0);
  for (const id of ids) {
    await t.database.db.execute(sql`delete from customer_metrics where customer_id = ${id}::uuid`);
    const result = await scoreCustomers(t.database.db, t.config.metrics, [id], { now: NOW });
    expect(result).toEqual({ scored: 1, removed: 0 });
  }
  const again = await storedRows();
  for (const id of ids) expect(again.get(id)).toEqual(full.get(id));
});

test('the per-profile statement and the full run agree on every row, and so does a full run written in several chunks', async () => {
  const full = await storedRows();
  const db = t.database.db;
  await db.execute(sql`delete from customer_metrics`);
  const ids = [...full.keys()];
  for (let i = 0; i < ids.length; i += 50) {
    expect(await scoreCustomers(db, t.config.metrics, ids.slice(i, i + 50), { now: NOW })).toMatchObject({ scored: Math.min(50, ids.length - i) });
  }
  expect(await storedRows()).toEqual(full);

  await db.execute(sql`delete from customer_metrics`);
  const progress: number[] = [];
  const result = await recomputeAll(t.database, t.config.metrics, NOW, { chunk: 10, onProgress: (done) => progress.push(done) });
  expect(result.scored).toBe(full.size);
  expect(progress.length).toBeGreaterThan(3);
  expect(progress[progress.length - 1]).toBe(full.size);
  expect(await storedRows()).toEqual(full);

  // Split over as many connections as the pool allows (one on PGlite), each staging and writing a range of ids.
  await db.execute(sql`delete from customer_metrics`);
  const split = await recomputeAll(t.database, t.config.metrics, NOW, { chunk: 10, connections: 4 });
  expect(split.scored).toBe(full.size);
  expect(await storedRows()).toEqual(full);
});

test('the churn / LTV summaries a full run takes from its staged values equal the per-profile ones', async () => {
  const ids = [...(await storedRows()).keys()];
  const perProfile = await readSummaries(t.database, { ids }, { timezone: TZ, asOf: NOW, mode: 'SCORE' });
  const staged = await t.database.session(async (q) => {
    try {
      const stage = await stageAllValues(q, t.config.metrics, NOW);
      return await stagedSummaries(q, stage, 0, stage.pages);
    } finally {
      await dropStage(q);
    }
  });
  expect(perProfile.filter((r) => r.x !== null && r.x > 0).length).toBeGreaterThan(20);
  expect(staged).toEqual(perProfile);
});

test('two customers with equal values get equal scores', async () => {
  const a = addCustomer();
  const b = addCustomer();
  // Minutes apart, within the same local day (NOW is 03:00 there, 02:00 before the DST change).
  addOrders(a, [12.01, 40.02, 95], ['30.00', '12.50', '7.25']);
  addOrders(b, [12.02, 95.01, 40], ['7.25', '30.00', '12.5']);
  const mine = data.orders.filter((o) => o.customerId === a || o.customerId === b);
  await t.database.db.insert(schema.customers).values([{ id: a }, { id: b }]);
  await t.database.db.insert(schema.orders).values(mine.map((o) => ({ ...o, sourceId, currency: 'USD', totalReporting: o.total })));
  await scoreCustomers(t.database.db, t.config.metrics, [a, b], { now: NOW });
  const stored = await storedRows();
  const comparable = (id: string) => ({ ...stored.get(id)!, customer_id: null, first_order_at: null, last_order_at: null });
  expect(comparable(a)).toEqual(comparable(b));
  expect(stored.get(a)!.r).not.toBeNull();
});

test('scoring a merged-away id scores its survivor and removes the merged-away row; an unknown id removes its row', async () => {
  const survivor = addCustomer();
  const loser = addCustomer();
  addOrders(survivor, [5], ['10.00']);
  addOrders(loser, [50], ['20.00']);
  const mine = data.orders.filter((o) => o.customerId === survivor || o.customerId === loser);
  await t.database.db.insert(schema.customers).values([{ id: survivor }, { id: loser }]);
  await t.database.db.insert(schema.orders).values(mine.map((o) => ({ ...o, sourceId, currency: 'USD', totalReporting: o.total })));
  await scoreCustomers(t.database.db, t.config.metrics, [survivor, loser], { now: NOW });
  expect((await storedRows()).get(loser)!.frequency).toBe(1);

  await t.database.db.execute(sql`update customers set merged_into_id = ${survivor}::uuid where id = ${loser}::uuid`);
  expect(await scoreCustomers(t.database.db, t.config.metrics, [loser], { now: NOW })).toEqual({ scored: 1, removed: 1 });
  const stored = await storedRows();
  expect(stored.has(loser)).toBe(false);
  expect(stored.get(survivor)).toMatchObject({ frequency: 2, recency_days: 5, order_days: 2 });

  await t.database.db.execute(sql`delete from orders where customer_id in (${survivor}::uuid, ${loser}::uuid)`);
  await t.database.db.execute(sql`delete from customers where id in (${survivor}::uuid, ${loser}::uuid)`);
  expect(await scoreCustomers(t.database.db, t.config.metrics, [survivor], { now: NOW })).toEqual({ scored: 0, removed: 1 });
});

test('a full run drops the staging tables of runs whose connection is gone, and its own when done', async () => {
  const db = t.database.db;
  const stages = async () =>
    (await rows<{ name: string }>(db, sql`select relname as name from pg_class where relname ~ '^metrics_stage_[0-9]+$' order by 1`)).map((r) => r.name);
  // A pid no backend has (pid_max is at most 2^22): what a killed run leaves behind.
  await db.execute(sql`create unlogged table metrics_stage_9999999 (customer_id uuid)`);
  let live: string | null = null;
  if (testDbMode() === 'postgres') {
    live = await t.database.session(async (q) => {
      const [{ pid }] = await rows<{ pid: number }>(q, sql`select pg_backend_pid() as pid`);
      await q.execute(sql.raw(`create unlogged table metrics_stage_${pid} (customer_id uuid)`));
      // Another run's, still running: its connection is alive (reserved until this block ends).
      await recomputeAll(t.database, t.config.metrics, NOW, { connections: 2 });
      return `metrics_stage_${pid}`;
    });
  } else {
    await recomputeAll(t.database, t.config.metrics, NOW);
  }
  expect(await stages()).toEqual(live ? [live] : []);
  if (live) await db.execute(sql.raw(`drop table ${live}`));
});

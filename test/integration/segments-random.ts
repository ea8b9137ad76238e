import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Db } from '../../src/db/client';
import * as schema from '../../src/db/schema';
import {
  AIPL_STAGES, CHURN_BANDS, LIFECYCLE_STAGES, METRICS, RFM_CELLS, RFM_TIERS, type MetricField, type SegmentCondition,
} from '../../src/segments/definition';
import type { CustomerFacts, MetricsFacts } from '../../src/segments/evaluate';

/*
 * Random profiles and random definitions for the agreement test (segments-agreement.test.ts): values are drawn from
 * small pools shared by the data and the definitions, so conditions are often true for some customers and false for
 * others, and times cluster around the local midnights where windows start.
 */

export const TZ = 'America/Los_Angeles';
/** 03:00 local, a week after the DST change: windows reaching back past 8 March cross it. */
export const NOW = new Date('2026-03-15T10:00:00Z');
const DAY = 86_400_000;
const HOUR = 3_600_000;

let seed = 5;
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
const some = <T>(xs: readonly T[], p = 0.4) => xs.filter(() => chance(p));

/** An instant `days` days back, around local midnight (02:00–04:00 UTC-offset hours earlier than NOW's 03:00), ±1 ms. */
const around = (days: number) => new Date(NOW.getTime() - days * DAY - pick([2, 3, 4]) * HOUR + pick([-1, 0, 1]));
/** One instant many feedback rows share. */
const TIE = new Date(NOW.getTime() - 3 * DAY);
const sometime = () => (chance(0.5) ? around(pick([0, 1, 3, 7, 14, 28, 30, 31, 45, 59, 90, 92, 365])) : new Date(NOW.getTime() - rand() * 120 * DAY));

const STRINGS = ['free', 'pro', 'Paris', 'paris', 'Par', '34', 'beta', ''];
const NUMBERS = [0, 5, 18, 34, 2.5, 0.3, 0.30000000000000004, 7];
const DATES = ['2026-02-01', '2026-03-14', '2026-03-15', '2025-12-31'];
const CATEGORIES = ['Baby/Formula', 'Baby/Diapers', 'Shoes', 'Hats'];
const SKUS = ['F-1', 'D-2', 'S-3'];
const EVENT_NAMES = ['Product Viewed', 'Signed Up', 'Page Viewed'];
const IDENTITY_TYPES = ['email', 'phone', 'user_id', 'wechat_openid:wx1', 'wechat_openid:wx2', 'crm_id'];
const DECIMALS = ['0', '0.3', '10.5', '50', '120.5', '300.1'];
const RATINGS = ['1.00', '3.50', '4.00', '4.25', '5.00', '3.33'];

const traitValue = (): unknown =>
  pick([
    () => pick(STRINGS),
    () => pick(NUMBERS),
    () => chance(0.5),
    () => some([...STRINGS.slice(0, 3), 7, true]),
    () => pick(DATES) + pick(['', 'T23:30:00-08:00', 'T01:00:00Z']),
    () => `${pick(['2026-03-', '2026-02-'])}${String(int(1, 28)).padStart(2, '0')}`,
    () => null,
    () => ({ nested: 1 }),
  ])();

export interface Raw {
  customers: (typeof schema.customers.$inferInsert)[];
  identities: (typeof schema.identities.$inferInsert)[];
  events: (typeof schema.events.$inferInsert)[];
  orders: (typeof schema.orders.$inferInsert)[];
  refunds: (typeof schema.refunds.$inferInsert)[];
  feedback: (typeof schema.feedback.$inferInsert)[];
  metrics: (typeof schema.customerMetrics.$inferInsert)[];
}

export function randomData(sourceId: string, roots: number): Raw {
  const raw: Raw = { customers: [], identities: [], events: [], orders: [], refunds: [], feedback: [], metrics: [] };
  const history = (customerId: string) => {
    for (const type of some(IDENTITY_TYPES, 0.35)) raw.identities.push({ customerId, type, value: randomUUID() });
    for (let i = int(0, 5); i > 0; i--) {
      raw.events.push({
        customerId,
        type: pick(['track', 'track', 'page', 'screen'] as const),
        name: pick([...EVENT_NAMES, null]),
        properties: Object.fromEntries(some(['category', 'price', 'tags']).map((k) => [k, k === 'category' ? pick(CATEGORIES) : k === 'price' ? pick(NUMBERS) : some(['beta', 7])])),
        occurredAt: sometime(),
      });
    }
    for (let i = pick([0, 0, 1, 1, 2, 4]); i > 0; i--) {
      const total = pick(['10.00', '0.10', '0.20', '50.00', '120.50', '99.99']);
      const orderId = `o-${randomUUID()}`;
      const products = chance(0.1)
        ? ['odd']
        : Array.from({ length: int(0, 3) }, () => Object.fromEntries(some(['sku', 'category', 'price'], 0.7).map((k) => [k, k === 'sku' ? pick(SKUS) : k === 'category' ? pick(CATEGORIES) : pick(NUMBERS)])));
      raw.orders.push({ customerId, sourceId, orderId, total, currency: 'USD', totalReporting: chance(0.2) ? (Number(total) * 1.25).toFixed(4) : total, products, occurredAt: sometime() });
      if (chance(0.25)) {
        const kind = pick(['full', 'converted', 'share']);
        const base = { customerId, sourceId, orderId, occurredAt: NOW };
        if (kind === 'full') raw.refunds.push({ ...base, amount: null });
        if (kind === 'converted') raw.refunds.push({ ...base, amount: '5.00', currency: 'EUR', amountReporting: '5.4000' });
        if (kind === 'share' && raw.orders[raw.orders.length - 1].totalReporting === total) raw.refunds.push({ ...base, amount: '0.05' });
      }
    }
    for (let i = int(0, 3); i > 0; i--) {
      const kind = pick(['NPS', 'NPS', 'NPS', 'RATING', 'REVIEW', 'SUPPORT_TICKET'] as const);
      raw.feedback.push({
        customerId,
        id: randomUUID(),
        kind,
        score: kind === 'NPS' ? String(int(0, 10)) : kind === 'SUPPORT_TICKET' || chance(0.1) ? null : pick(RATINGS),
        status: kind === 'SUPPORT_TICKET' ? pick(['OPEN', 'PENDING', 'CLOSED'] as const) : null,
        ticketId: kind === 'SUPPORT_TICKET' ? randomUUID() : null,
        // Some answers at the same instant: the latest NPS is then decided by id.
        occurredAt: chance(0.3) ? TIE : sometime(),
      });
    }
  };
  for (let i = 0; i < roots; i++) {
    const id = randomUUID();
    raw.customers.push({ id, traits: Object.fromEntries(some(['plan', 'age', 'vip', 'tags', 'city', 'signed_up_at', 'score']).map((k) => [k, traitValue()])) });
    history(id);
    for (let j = pick([0, 0, 0, 1, 2]); j > 0; j--) {
      const member = randomUUID();
      raw.customers.push({ id: member, mergedIntoId: id, traits: { plan: 'merged-away traits are not read' } });
      history(member);
    }
    // Shapes the flat merge pointers never leave, which both SQL forms must still read alike: a profile merged into a
    // merged-away one (its rows count for nobody), and rows of a profile that does not exist.
    const members = raw.customers.filter((c) => c.mergedIntoId === id);
    if (members.length && chance(0.3)) {
      const chained = randomUUID();
      raw.customers.push({ id: chained, mergedIntoId: members[0].id!, traits: {} });
      history(chained);
    }
    if (chance(0.05)) history(randomUUID());
    if (chance(0.75)) {
      const buyer = chance(0.7);
      raw.metrics.push({
        customerId: id,
        r: buyer ? int(1, 5) : null,
        f: buyer ? int(1, 5) : null,
        m: buyer ? int(1, 5) : null,
        rfmCell: buyer ? pick(RFM_CELLS) : null,
        rfmTier: pick(RFM_TIERS),
        recencyDays: buyer ? pick([0, 10, 30, 90, 200]) : null,
        frequency: buyer ? pick([0, 1, 2, 5]) : null,
        monetary: buyer ? pick(DECIMALS) : null,
        lifecycleStage: pick(LIFECYCLE_STAGES),
        aiplStage: pick(AIPL_STAGES),
        historicalLtv: pick(DECIMALS),
        orderDays: int(0, 3),
        firstOrderAt: buyer ? new Date(NOW.getTime() - pick([0, 1, 6, 7, 8, 40]) * 86_400_000 - pick([0, 3_600_000, 43_200_000])) : null,
        typicalGapDays: buyer && chance(0.6) ? pick([2.5, 16, 30, 82.5]) : null,
        predictedLtv12m: chance(0.5) ? pick(DECIMALS) : null,
        churnScore: chance(0.6) ? pick([0, 0.25, 0.5, 0.75, 1]) : null,
        churnBand: chance(0.6) ? pick(CHURN_BANDS) : null,
        pAlive: chance(0.6) ? pick([0, 0.25, 0.5, 0.75, 1]) : null,
        computedAt: NOW,
      });
    }
  }
  return raw;
}

export async function insertData(db: Db, raw: Raw) {
  for (const [table, list] of [
    [schema.customers, raw.customers],
    [schema.identities, raw.identities],
    [schema.events, raw.events],
    [schema.orders, raw.orders],
    [schema.refunds, raw.refunds],
    [schema.feedback, raw.feedback],
    [schema.customerMetrics, raw.metrics],
  ] as const) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    if (list.length) await db.insert(table as any).values(list as any);
  }
}

/** The facts of every live profile, computed here from the raw rows (not by Strata's SQL). */
export function factsOf(raw: Raw): Map<string, CustomerFacts> {
  const rootOf = new Map(raw.customers.map((c) => [c.id!, c.mergedIntoId ?? c.id!]));
  const facts = new Map<string, CustomerFacts & { identityTypes: string[]; events: unknown[]; orders: unknown[]; feedback: unknown[] }>();
  for (const c of raw.customers) {
    if (c.mergedIntoId) continue;
    const m = raw.metrics.find((x) => x.customerId === c.id);
    const metrics: MetricsFacts | null = m
      ? {
          r: m.r ?? null, f: m.f ?? null, m: m.m ?? null, rfmCell: m.rfmCell ?? null, rfmTier: m.rfmTier, lifecycleStage: m.lifecycleStage,
          aiplStage: m.aiplStage, recencyDays: m.recencyDays ?? null, frequency: m.frequency ?? null, monetary: m.monetary ?? null,
          historicalLtv: m.historicalLtv, predictedLtv12m: m.predictedLtv12m ?? null, churnScore: m.churnScore ?? null,
          churnBand: m.churnBand ?? null, pAlive: m.pAlive ?? null, typicalGapDays: m.typicalGapDays ?? null,
          firstOrderAt: m.firstOrderAt ?? null,
        }
      : null;
    facts.set(c.id!, { traits: c.traits ?? {}, identityTypes: [], metrics, events: [], orders: [], feedback: [] });
  }
  // The live profile a row counts for: its own, or the one its profile was merged into if that one is live.
  const of = (customerId: string) => facts.get(rootOf.get(customerId) ?? '') ?? null;
  for (const i of raw.identities) of(i.customerId)?.identityTypes.push(i.type);
  for (const e of raw.events) (of(e.customerId)?.events as unknown[] | undefined)?.push({ type: e.type, name: e.name ?? null, occurredAt: e.occurredAt, properties: e.properties ?? {} });
  const units = (v: string) => BigInt(Math.round(Number(v) * 10_000)); // at most 4 decimals here, exact
  for (const o of raw.orders) {
    const refunded = raw.refunds
      .filter((r) => r.sourceId === o.sourceId && r.orderId === o.orderId)
      .reduce((sum, r) => sum + (r.amount == null ? units(o.totalReporting) : r.amountReporting ? units(r.amountReporting) : units(r.amount)), 0n);
    const net = units(o.totalReporting) - refunded;
    const n = net > 0n ? net : 0n;
    (of(o.customerId)?.orders as unknown[] | undefined)?.push({ occurredAt: o.occurredAt, netRevenue: `${n / 10_000n}.${String(n % 10_000n).padStart(4, '0')}`, products: o.products ?? [] });
  }
  for (const f of raw.feedback) {
    (of(f.customerId)?.feedback as unknown[] | undefined)?.push({ id: f.id!, kind: f.kind, score: f.score ?? null, status: f.status ?? null, occurredAt: f.occurredAt });
  }
  return facts;
}

// ---- definitions ------------------------------------------------------------------------------------------------

const durations = fc.constantFrom('P0D', 'P1D', 'P3D', 'P7D', 'P2W', 'P30D', 'P1M', 'P31D', 'P45D', 'P3M', 'P1Y');
const scalar = fc.oneof(fc.constantFrom(...STRINGS), fc.constantFrom(...NUMBERS), fc.boolean());
const sameTypeList = fc.oneof(
  fc.uniqueArray(fc.constantFrom(...STRINGS), { minLength: 1, maxLength: 3 }),
  fc.uniqueArray(fc.constantFrom(...NUMBERS), { minLength: 1, maxLength: 3 }),
  fc.uniqueArray(fc.boolean(), { minLength: 1, maxLength: 2 }),
);
const dateOperand = fc.oneof(durations, fc.constantFrom(...DATES));
const sortedPair = <T>(arb: fc.Arbitrary<T>, cmp: (a: T, b: T) => number) => fc.tuple(arb, arb).map((p) => [...p].sort(cmp));

/** A comparison of a JSON value (traits, properties), with operands of the right type for each operator. */
const jsonComparison = fc.oneof(
  fc.constant({ operator: 'EXISTS' }),
  fc.record({ operator: fc.constantFrom('EQ', 'NEQ'), value: scalar }),
  fc.record({ operator: fc.constantFrom('IN', 'NOT_IN'), values: sameTypeList }),
  fc.record({ operator: fc.constant('CONTAINS'), value: fc.oneof(fc.constantFrom('ar', 'Par', 'beta', ''), fc.constant(7), fc.constant(true)) }),
  fc.record({ operator: fc.constant('STARTS_WITH'), value: fc.constantFrom('Pa', 'pr', '', '2026-03') }),
  fc.record({ operator: fc.constantFrom('GT', 'GTE', 'LT', 'LTE'), value: fc.oneof(fc.constantFrom(...NUMBERS), dateOperand) }),
  fc.record({
    operator: fc.constant('BETWEEN'),
    values: fc.oneof(sortedPair(fc.constantFrom(...NUMBERS), (a, b) => a - b), sortedPair(fc.constantFrom(...DATES), (a, b) => a.localeCompare(b)), fc.tuple(durations, durations)),
  }),
);
const keyed = (keys: string[]) => fc.tuple(fc.constantFrom(...keys), jsonComparison).map(([key, c]) => ({ key, ...c }));

const decimalOperand = fc.oneof(fc.constantFrom(...DECIMALS), fc.constantFrom(0, 0.3, 50, 120.5));
const numericComparison = (operand: fc.Arbitrary<number | string>, toNumber: (v: number | string) => number, exists = true) =>
  fc.oneof(
    ...(exists ? [fc.constant({ operator: 'EXISTS' })] : []),
    fc.record({ operator: fc.constantFrom('EQ', 'NEQ', 'GT', 'GTE', 'LT', 'LTE'), value: operand }),
    fc.record({ operator: fc.constantFrom('IN', 'NOT_IN'), values: fc.uniqueArray(operand, { minLength: 1, maxLength: 3 }) }),
    fc.record({ operator: fc.constant('BETWEEN'), values: sortedPair(operand, (a, b) => toNumber(a) - toNumber(b)) }),
  );

function metricComparison(field: MetricField) {
  const spec = METRICS[field];
  switch (spec.kind) {
    case 'score': return numericComparison(fc.integer({ min: 1, max: 5 }), Number);
    case 'count': return numericComparison(fc.constantFrom(0, 1, 2, 10, 30, 90, 200), Number);
    case 'decimal': return numericComparison(decimalOperand, Number);
    case 'number': return numericComparison(fc.constantFrom(0, 0.25, 0.5, 1, -5, 7.5, 14), Number);
    case 'enum':
      return fc.oneof(
        fc.constant({ operator: 'EXISTS' }),
        fc.record({ operator: fc.constantFrom('EQ', 'NEQ'), value: fc.constantFrom(...spec.values) }),
        fc.record({ operator: fc.constantFrom('IN', 'NOT_IN'), values: fc.uniqueArray(fc.constantFrom(...spec.values), { minLength: 1, maxLength: 3 }) }),
      );
  }
}

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const countRange = fc.oneof(
  fc.constant({}),
  fc.record({ atLeast: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ atMost: fc.integer({ min: 0, max: 2 }) }),
  fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })).map(([a, b]) => ({ atLeast: a, atMost: a + b })),
);
/** Drop the undefined fields fc.option leaves, as JSON would. */
const clean = <T extends object>(o: T) => JSON.parse(JSON.stringify(o)) as T;

export function leafArbitrary(segmentIds: string[]): fc.Arbitrary<SegmentCondition> {
  const leaves: fc.Arbitrary<SegmentCondition>[] = [
    keyed(['plan', 'age', 'vip', 'tags', 'city', 'signed_up_at', 'score', 'missing']).map((trait) => ({ trait }) as SegmentCondition),
    fc.record({ type: fc.constantFrom('email', 'phone', 'wechat_openid', 'wechat_openid:wx1', 'crm_id', 'EMAIL'), has: optional(fc.boolean()) }).map((identity) => clean({ identity })),
    fc.constantFrom(...(Object.keys(METRICS) as MetricField[])).chain((field) => metricComparison(field).map((c) => ({ metric: { field, ...c } }) as SegmentCondition)),
    fc
      .record({
        name: optional(fc.constantFrom(...EVENT_NAMES)),
        type: optional(fc.constantFrom('TRACK', 'PAGE', 'SCREEN')),
        within: optional(durations),
        range: countRange,
        where: optional(fc.array(keyed(['category', 'price', 'tags']), { minLength: 1, maxLength: 2 })),
      })
      .map(({ range, ...e }) => clean({ event: { ...e, ...range } }) as SegmentCondition),
    fc
      .record({
        within: optional(durations),
        product: optional(fc.array(keyed(['sku', 'category', 'price']), { minLength: 1, maxLength: 2 })),
        measure: fc.oneof(countRange, numericComparison(decimalOperand, Number, false).map((netRevenue) => ({ netRevenue }))),
      })
      .map(({ measure, ...o }) => clean({ order: { ...o, ...measure } }) as SegmentCondition),
    fc
      .record({
        within: optional(durations),
        measure: fc.oneof(
          fc.constantFrom('PROMOTER', 'PASSIVE', 'DETRACTOR').map((nps) => ({ nps })),
          numericComparison(fc.oneof(fc.constantFrom('3.5', '4', '4.25', '3.33'), fc.constantFrom(3, 4, 4.5, 5)), Number).map((averageRating) => ({ averageRating })),
          countRange.map((openTickets) => ({ openTickets })),
        ),
      })
      .map(({ measure, ...f }) => clean({ feedback: { ...f, ...measure } }) as SegmentCondition),
  ];
  if (segmentIds.length) leaves.push(fc.constantFrom(...segmentIds).map((inSegment) => ({ inSegment })));
  return fc.oneof(...leaves);
}

export function definitionArbitrary(segmentIds: string[]): fc.Arbitrary<SegmentCondition> {
  const leaf = leafArbitrary(segmentIds);
  const { tree } = fc.letrec<{ tree: SegmentCondition }>((tie) => ({
    tree: fc.oneof(
      { maxDepth: 3, depthIdentifier: 'segment' },
      leaf,
      leaf,
      fc.array(tie('tree'), { minLength: 1, maxLength: 3 }).map((and) => ({ and })),
      fc.array(tie('tree'), { minLength: 1, maxLength: 3 }).map((or) => ({ or })),
      tie('tree').map((not) => ({ not })),
    ),
  }));
  return tree;
}

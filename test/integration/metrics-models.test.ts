import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { SEED_MODEL_PARAMS } from '../../seeds/params';
import { rows } from '../../src/db/client';
import * as schema from '../../src/db/schema';
import { ensureSource } from '../../src/ingestion/sources';
import { localDayNumber, readCalibration, refitModelsIfDue } from '../../src/metrics/model';
import { currentModelScorer } from '../../src/metrics/modelScoring';
import { readCutPoints, scoreCustomers } from '../../src/metrics/scoring.repo';
import { readSummaries } from '../../src/metrics/model.repo';
import {
  customerLifetimeValue,
  expectedPurchases,
  groupRecencyFrequency,
  pAlive,
  summarizeTransactions,
  timeUnitsPerMonth,
  transactionLogLikelihood,
} from '../../src/metrics/models';
import { clock } from '../../src/shared/clock';
import { uniq } from '../factories/messages';
import {
  CustomerLtvArgsDocument, CustomerModelDocument, CustomersModelDocument, ModelBacktestDocument, ModelDiagnosticsDocument,
  RecordFeedbackDocument, RecordOrderDocument, RefitModelsDocument, type CustomerModelFieldsFragment, type CustomersModelQuery,
  type DiagnosticsFieldsFragment,
} from '../generated/graphql';
import { startTestServer, type TestServer } from '../helpers/server';
import { simulateTransactionLog } from '../unit/metrics/models/simulate';

/**
 * Issue 4 §3: the churn / LTV models end to end on both database paths — summaries in SQL equal the pure
 * summarizeTransactions, refitModels stores a maximum-likelihood fit and re-scores everyone, ltv and churnRisk are
 * the pure formulas on the stored summary, a new order moves them at once, and the backtest tallies the holdout.
 */

const TZ = 'America/Los_Angeles';
const NOW = new Date('2026-03-15T19:00:00Z'); // noon in Los Angeles
const DAY = 86_400_000;
const BUYERS = 600;

let t: TestServer;
let sourceId: string;

interface OrderRow { customerId: string; orderId: string; total: string; totalReporting: string; occurredAt: Date; net: number }
const data = { roots: [] as string[], rootOf: new Map<string, string>(), orders: [] as OrderRow[] };

/** The seed process's buyers (BG/NBD + Gamma-Gamma, seeds/params.ts), some with a merged member holding part of their orders. */
function buildData() {
  const log = simulateTransactionLog(BUYERS, 7, SEED_MODEL_PARAMS, NOW);
  const ids: string[] = [];
  let memberOf: string[] = [];
  for (let i = 0; i < BUYERS; i++) {
    const root = randomUUID();
    ids.push(root);
    data.roots.push(root);
    data.rootOf.set(root, root);
    memberOf.push(i % 9 === 0 ? randomUUID() : root);
    if (memberOf[i] !== root) data.rootOf.set(memberOf[i], root);
  }
  for (let k = 0; k < log.customerId.length; k++) {
    const i = log.customerId[k];
    const total = Math.max(log.amount[k], 0.01).toFixed(2);
    data.orders.push({
      customerId: k % 2 ? memberOf[i] : ids[i],
      orderId: `o-${randomUUID().slice(0, 12)}`,
      total,
      totalReporting: total,
      occurredAt: new Date(log.at[k]),
      net: Number(total),
    });
  }
  memberOf = memberOf.filter((m, i) => m !== ids[i]);
  // Profiles that never ordered.
  for (let i = 0; i < 40; i++) {
    const id = randomUUID();
    data.roots.push(id);
    data.rootOf.set(id, id);
  }
  return memberOf;
}

async function insertAll(members: string[]) {
  const db = t.database.db;
  await db.insert(schema.customers).values(data.roots.map((id) => ({ id })));
  await db.insert(schema.customers).values(members.map((id) => ({ id, mergedIntoId: data.rootOf.get(id)! })));
  for (let i = 0; i < data.orders.length; i += 2000) {
    await db.insert(schema.orders).values(
      data.orders.slice(i, i + 2000).map(({ net: _net, ...o }) => ({ ...o, sourceId, currency: 'USD' })),
    );
  }
  // Refunds on every 7th order: whole, or a share in the order's currency. The oracle's net follows the same rules.
  const refunds = data.orders.filter((_, k) => k % 7 === 3).map((o, k) => {
    const whole = k % 2 === 0;
    o.net = whole ? 0 : Math.max(0, Math.round((o.net - 1.5) * 100) / 100);
    return { customerId: o.customerId, sourceId, orderId: o.orderId, amount: whole ? null : '1.50', occurredAt: NOW };
  });
  await db.insert(schema.refunds).values(refunds);
  await db.execute(sql`update customers c set order_count = s.n from (
      select coalesce(m.merged_into_id, m.id) as root, count(*)::int as n from orders o join customers m on m.id = o.customer_id group by 1) s
    where c.id = s.root`);
}

beforeAll(async () => {
  clock.set(NOW);
  t = await startTestServer({ BUSINESS_TIMEZONE: TZ });
  sourceId = await ensureSource(t.database.db, 'models');
  await insertAll(buildData());
}, 60_000);

afterAll(async () => {
  clock.set(null);
  await t.close();
});

/** summarizeTransactions on the same orders, days taken in the business time zone, net amounts, merged members folded. */
function oracle(asOf: Date) {
  return summarizeTransactions(
    {
      customerId: data.orders.map((o) => data.rootOf.get(o.customerId)!),
      at: data.orders.map((o) => localDayNumber(o.occurredAt, TZ) * DAY),
      amount: data.orders.map((o) => o.net),
    },
    { calibrationEnd: new Date(localDayNumber(asOf, TZ) * DAY), timeUnit: 'DAYS' },
  );
}

async function sqlSummaries(asOf: Date, mode: 'FIT' | 'SCORE') {
  const found = await readSummaries(t.database, { ids: data.roots }, { timezone: TZ, asOf, mode });
  return new Map(found.filter((r) => r.x !== null).map((r) => [r.customer_id, r]));
}

async function allCustomers(): Promise<Map<string, CustomerModelFieldsFragment>> {
  const out = new Map<string, CustomerModelFieldsFragment>();
  let after: string | null = null;
  for (;;) {
    const res = await t.op(CustomersModelDocument, { first: 1000, after });
    expect(res.errors).toBeUndefined();
    const page: CustomersModelQuery['customers'] = res.data.customers;
    for (const e of page.edges) out.set(e.node.id, e.node);
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor ?? null;
  }
}

interface StoredModel { customer_id: string; summary_x: number | null; summary_t_x: number | null; summary_t: number | null; expected_spend: number | null; p_alive: number | null; lifecycle_stage: string }
const storedModels = async () =>
  new Map(
    (await rows<StoredModel>(t.database.db, sql`select customer_id, summary_x, summary_t_x, summary_t, expected_spend::float8 as expected_spend,
        p_alive, lifecycle_stage from customer_metrics`)).map((r) => [r.customer_id, r]),
  );

test('the SQL summaries (live profile with merged members, local days, net amounts) equal summarizeTransactions', async () => {
  for (const asOf of [NOW, new Date(NOW.getTime() - 120 * DAY)]) {
    const expected = oracle(asOf);
    const got = await sqlSummaries(asOf, 'FIT');
    expect(got.size).toBe(expected.customerId.length);
    const mismatches: unknown[] = [];
    expected.customerId.forEach((id, i) => {
      const r = got.get(id)!;
      const zbar = r.x! > 0 ? r.repeat_spend! / r.x! : 0;
      if (r.x !== expected.x[i] || r.t_x !== expected.tx[i] || r.t !== expected.T[i] || Math.abs(zbar - expected.zbar[i]) > 1e-9) {
        mismatches.push({ id, sql: r, pure: { x: expected.x[i], tx: expected.tx[i], T: expected.T[i], zbar: expected.zbar[i] } });
      }
    });
    expect(mismatches).toEqual([]);
  }
  // As of now, scoring sees the same summaries as a fit.
  expect([...(await sqlSummaries(NOW, 'SCORE')).values()]).toEqual([...(await sqlSummaries(NOW, 'FIT')).values()]);
});

test('before any fit: no diagnostics, no churnRisk, no predictions; historical revenue is there', async () => {
  await t.gql('mutation { recomputeMetrics }');
  // The full run stored the day summaries all the same (what the first fit reads), and nothing of a model.
  const [stored] = await rows<{ summaries: number; buyers: number; modelled: number }>(
    t.database.db,
    sql`select count(*) filter (where summary_x is not null and model_computed_at = computed_at)::int as summaries,
        count(*) filter (where last_order_at is not null)::int as buyers, count(p_alive)::int as modelled from customer_metrics`,
  );
  expect(stored).toEqual({ summaries: BUYERS, buyers: BUYERS, modelled: 0 });
  expect((await t.op(ModelDiagnosticsDocument, {})).data.modelDiagnostics).toBeNull();
  const all = await allCustomers();
  const buyer = [...all.values()].find((c) => c.orderCount > 0)!;
  expect(buyer.churnRisk).toBeNull();
  expect(buyer.ltv.predicted).toBeNull();
  expect(buyer.ltv.expectedPurchases).toBeNull();
  expect(Number(buyer.ltv.historical)).toBeGreaterThan(0);
});

describe('after refitModels', () => {
  let fit: DiagnosticsFieldsFragment;
  beforeAll(async () => {
    const res = await t.op(RefitModelsDocument, {});
    expect(res.errors).toBeUndefined();
    fit = res.data.refitModels;
  }, 60_000);

  test('the diagnostics are a maximum-likelihood fit over every buyer, stored and readable', async () => {
    const summaries = oracle(NOW);
    expect(fit).toMatchObject({ churnModel: 'MBGNBD', timeUnit: 'DAYS', calibrationEnd: NOW.toISOString(), fittedAt: NOW.toISOString() });
    expect(fit.bgnbd.customers).toBe(BUYERS);
    expect(fit.mbgnbd.customers).toBe(BUYERS);
    const repeatBuyers = summaries.x.filter((x, i) => x > 0 && summaries.zbar[i] > 0).length;
    expect(fit.gammaGamma!.customers).toBe(repeatBuyers);
    // At least as likely as the parameters the data were drawn from: a maximum, not just a point.
    const groups = groupRecencyFrequency(summaries);
    const truth = transactionLogLikelihood('BGNBD', SEED_MODEL_PARAMS.bgnbd, groups);
    expect(fit.bgnbd.logLikelihood).toBeGreaterThanOrEqual(truth - 1e-6);
    expect(fit.bgnbd.logLikelihood).toBeCloseTo(transactionLogLikelihood('BGNBD', fit.bgnbd, groups), 6);
    expect(fit.mbgnbd.logLikelihood).toBeCloseTo(transactionLogLikelihood('MBGNBD', fit.mbgnbd, groups), 6);
    // Plausible: the mean purchase rate r/α within a factor 2 of the truth, Gamma-Gamma's mean spend near $80.
    const rate = fit.bgnbd.r / fit.bgnbd.alpha / (SEED_MODEL_PARAMS.bgnbd.r / SEED_MODEL_PARAMS.bgnbd.alpha);
    expect(rate).toBeGreaterThan(0.5);
    expect(rate).toBeLessThan(2);
    const gg = fit.gammaGamma!;
    expect(gg.q).toBeGreaterThan(1);
    expect((gg.p * gg.gamma) / (gg.q - 1)).toBeGreaterThan(50);
    expect((gg.p * gg.gamma) / (gg.q - 1)).toBeLessThan(120);

    expect((await t.op(ModelDiagnosticsDocument, {})).data.modelDiagnostics).toEqual(fit);
    const [{ n }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from model_fits`);
    expect(n).toBe(1);
  });

  test('every buyer is scored: pAlive, E[Y] and predicted LTV are the pure formulas on the stored summary and fit', async () => {
    const stored = await storedModels();
    const summaries = await sqlSummaries(NOW, 'SCORE');
    const all = await allCustomers();
    const unitsPerMonth = timeUnitsPerMonth('DAYS');
    let buyers = 0;
    for (const [id, c] of all) {
      const s = stored.get(id)!;
      if (c.orderCount === 0) {
        expect(c.churnRisk).toBeNull();
        expect(c.ltv).toMatchObject({ historical: '0.00', predicted: null, expectedPurchases: null, averageOrderValue: null });
        continue;
      }
      buyers++;
      const sum = summaries.get(id)!;
      expect([s.summary_x, s.summary_t_x, s.summary_t]).toEqual([sum.x, sum.t_x, sum.t]);
      const x = s.summary_x!;
      const alive = pAlive('MBGNBD', fit.mbgnbd, x, s.summary_t_x!, s.summary_t!);
      expect(c.churnRisk!.pAlive).toBeCloseTo(alive, 12);
      expect(c.churnRisk!.score).toBeCloseTo(1 - alive, 12);
      expect(c.churnRisk!.band).toBe(1 - alive > 0.8 ? 'HIGH' : 1 - alive > 0.5 ? 'MEDIUM' : 'LOW');
      expect(c.churnRisk!.computedAt).toBe(NOW.toISOString());
      expect(c.churnRisk!.drivers[1]).toBe(`P(alive) ${alive.toFixed(2)} under MBG/NBD`);
      expect(c.ltv.expectedPurchases).toBeCloseTo(expectedPurchases('MBGNBD', fit.mbgnbd, x, s.summary_t_x!, s.summary_t!, 90), 10);
      const clv = customerLifetimeValue('MBGNBD', fit.mbgnbd, s.expected_spend!, x, s.summary_t_x!, s.summary_t!, { unitsPerMonth });
      expect(c.ltv.predicted).toBeCloseTo(clv, 8);
      // Lifecycle read the fresh P(alive): nobody below 0.5 is ACTIVE, nobody below 0.2 merely AT_RISK or DORMANT.
      if (alive < 0.5) expect(s.lifecycle_stage).not.toBe('ACTIVE');
      if (alive < 0.2) expect(['NEW', 'REACTIVATED', 'CHURNED']).toContain(s.lifecycle_stage);
    }
    expect(buyers).toBe(BUYERS);
    // Some of each band, so the test means something.
    expect(new Set([...all.values()].map((c) => c.churnRisk?.band))).toEqual(new Set([undefined, 'LOW', 'MEDIUM', 'HIGH']));
  });

  test('the predicted-LTV deciles are taken over the predictions the refit wrote', async () => {
    const cuts = await readCutPoints(t.database.db);
    const stored = (await rows<{ ltv: string }>(t.database.db, sql`select predicted_ltv_12m::text as ltv from customer_metrics where predicted_ltv_12m is not null`))
      .map((r) => Number(r.ltv))
      .sort((a, b) => a - b);
    expect(stored.length).toBeGreaterThan(BUYERS / 2);
    // percentile_disc: the first value whose cumulative share reaches the fraction.
    const expected = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((f) => stored[Math.ceil(f * stored.length) - 1]);
    expect(cuts!.ltvDecileCuts!.map(Number)).toEqual(expected);
    expect(cuts!.ltvCutsComputedAt!.toISOString()).toBe(NOW.toISOString());
  });

  test('ltv arguments: horizon, discount and days are honoured and validated', async () => {
    const all = await allCustomers();
    const c = [...all.values()].find((v) => v.orderCount > 2)!;
    const args = async (horizonMonths: number, monthlyDiscountRate: number, days: number) =>
      t.op(CustomerLtvArgsDocument, { id: c.id, horizonMonths, monthlyDiscountRate, days });
    expect((await args(12, 0.01, 90)).data.customer!.ltv).toEqual({ predicted: c.ltv.predicted, expectedPurchases: c.ltv.expectedPurchases });
    const longer = (await args(24, 0, 180)).data.customer!.ltv;
    expect(longer.predicted!).toBeGreaterThan(c.ltv.predicted!);
    expect(longer.expectedPurchases!).toBeGreaterThan(c.ltv.expectedPurchases!);
    expect((await args(0, 0.01, 0)).data.customer!.ltv).toEqual({ predicted: 0, expectedPurchases: 0 });
    for (const [v, field] of [[[-1, 0.01, 90], 'horizonMonths'], [[12, 1.5, 90], 'monthlyDiscountRate'], [[12, 0.01, -5], 'days']] as const) {
      const res = await args(v[0], v[1], v[2]);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  test('a new order moves churnRisk and ltv at once; a first order gives a churnRisk at once; drivers cite NPS and tickets', async () => {
    const writer = await t.key('ingest:write');
    const user = uniq('u');
    const order = async (daysAgo: number) => {
      const res = await t.op(RecordOrderDocument, {
        input: { messageId: uniq('m'), identities: [{ type: 'user_id', value: user }], orderId: uniq('o'), total: '40.00', occurredAt: new Date(NOW.getTime() - daysAgo * DAY).toISOString() },
      }, writer);
      expect(res.data.recordOrder.status).toBe('ACCEPTED');
      return res.data.recordOrder.customerId!;
    };
    // Within the last 180 days, so the backtest's calibration period below does not see this customer.
    const id = await order(170);
    const first = (await t.op(CustomerModelDocument, { id })).data.customer!;
    expect(first.churnRisk).not.toBeNull();
    expect(first.churnRisk!.drivers[0]).toBe('no order for 170 days; only one order day so far');
    expect(first.ltv.predicted).toBeGreaterThan(0);

    await order(150);
    await order(120);
    const quiet = (await t.op(CustomerModelDocument, { id })).data.customer!;
    expect(quiet.churnRisk!.drivers[0]).toBe('no order for 120 days; usually orders every 25 days');
    expect(quiet.churnRisk!.pAlive).not.toBe(first.churnRisk!.pAlive);

    clock.set(new Date(NOW.getTime() + 3_600_000));
    await order(0);
    const back = (await t.op(CustomerModelDocument, { id })).data.customer!;
    expect(back.churnRisk!.pAlive).toBeGreaterThan(quiet.churnRisk!.pAlive);
    expect(back.churnRisk!.computedAt).toBe(clock.now().toISOString());
    expect(back.ltv.expectedPurchases!).toBeGreaterThan(quiet.ltv.expectedPurchases!);
    expect(back.ltv).toMatchObject({ historical: '160.00', averageOrderValue: '40.00' });
    const [s] = await rows<{ summary_x: number; summary_t: number }>(t.database.db, sql`select summary_x, summary_t from customer_metrics where customer_id = ${id}::uuid`);
    expect(s).toEqual({ summary_x: 3, summary_t: 170 });

    const feedback = async (input: Record<string, unknown>) => {
      const res = await t.op(RecordFeedbackDocument, { input: { messageId: uniq('m'), identities: [{ type: 'user_id', value: user }], occurredAt: NOW.toISOString(), ...input } as never }, writer);
      expect(res.errors).toBeUndefined();
    };
    await feedback({ kind: 'NPS', score: 3 });
    await feedback({ kind: 'SUPPORT_TICKET', ticketId: uniq('t'), text: 'late parcel' });
    await feedback({ kind: 'SUPPORT_TICKET', ticketId: uniq('t'), text: 'wrong size' });
    const drivers = (await t.op(CustomerModelDocument, { id })).data.customer!.churnRisk!.drivers;
    expect(drivers.slice(2)).toEqual(['NPS 3 on 2026-03-15 (detractor)', '2 open support tickets']);
    clock.set(NOW);
  });

  test('a refit as of today reads the stored summaries, equal to those aggregated from every order; a stale row falls back', async () => {
    const [first] = await rows<{ summaries_from: string }>(t.database.db, sql`select summaries_from from model_fits`);
    // The first fit: the full run before it (recomputeMetrics, no fit yet) stored every buyer's day summary.
    expect(first.summaries_from).toBe('STORED');
    const tuples = (d: Awaited<ReturnType<typeof readCalibration>>) =>
      Array.from(d.columns.x, (x, i) => [x, d.columns.tx[i], d.columns.T[i], d.columns.zbar[i]].map((v) => Number(v.toFixed(9))).join(' ')).sort();
    for (const asOf of [NOW, new Date(NOW.getTime() + 3 * DAY)]) {
      const stored = await readCalibration(t.database, TZ, asOf, 'DAYS');
      const computed = await readCalibration(t.database, TZ, asOf, 'DAYS', undefined, { useStored: false });
      expect([stored.fromStored, computed.fromStored]).toEqual([true, false]);
      expect(stored.customers).toBe(computed.customers);
      expect(stored.customers).toBeGreaterThanOrEqual(BUYERS);
      expect(tuples(stored)).toEqual(tuples(computed));
      // From the orders on several connections, each a range of ids (one on PGlite): the same buyers.
      const split = await readCalibration(t.database, TZ, asOf, 'DAYS', undefined, { useStored: false, connections: 3 });
      expect(tuples(split)).toEqual(tuples(computed));
    }
    // A calibration end before the day the rows were scored needs the orders since left out.
    expect((await readCalibration(t.database, TZ, new Date(NOW.getTime() - 2 * DAY), 'DAYS')).fromStored).toBe(false);

    // A row whose RFM part is newer than its summary (as an earlier version's writes without a fit left them): the
    // stored summaries are no longer all current.
    const later = new Date(NOW.getTime() + 1000);
    const buyer = data.roots[0];
    await t.database.db.execute(sql`update customer_metrics set computed_at = ${later.toISOString()}::timestamptz where customer_id = ${buyer}::uuid`);
    expect((await readCalibration(t.database, TZ, NOW, 'DAYS')).fromStored).toBe(false);
    // Any write re-scoring it stores its summary with its RFM row again, the model columns' scorer or the RFM statement.
    await (await currentModelScorer(t.database.db, t.config.metrics))!.score(t.database.db, [buyer], { now: later });
    await scoreCustomers(t.database.db, t.config.metrics, [buyer], { now: new Date(later.getTime() + 1000) });
    expect((await readCalibration(t.database, TZ, NOW, 'DAYS')).fromStored).toBe(true);
    // A profile loaded around the hook (a bulk load) has no row at all: its orders are unknown to the stored summaries.
    const loaded = randomUUID();
    await t.database.db.insert(schema.customers).values({ id: loaded });
    expect((await readCalibration(t.database, TZ, NOW, 'DAYS')).fromStored).toBe(false);
    await t.database.db.execute(sql`delete from customers where id = ${loaded}::uuid`);
  });

  test('a page of 10 or 100 customers with ltv and churnRisk costs the same statements', async () => {
    await t.gql('{ __typename }');
    const count = async (first: number) => {
      const before = t.database.statements.count;
      const res = await t.op(CustomersModelDocument, { first, after: null });
      expect(res.errors).toBeUndefined();
      expect(res.data.customers.edges).toHaveLength(first);
      return t.database.statements.count - before;
    };
    const ten = await count(10);
    // customers page + stored model rows + the current fit + the churn feedback
    expect(ten).toBe(4);
    expect(await count(100)).toBe(ten);
  });

  test('the scheduled refit: nothing while the fit is fresh, a refit and re-score once it is a day old', async () => {
    expect(await refitModelsIfDue(t.database, t.config.metrics, NOW)).toEqual({ ran: false, reason: 'UP_TO_DATE' });
    const later = new Date(NOW.getTime() + 25 * 3_600_000);
    // The re-score is guarded like the sweep's (rows written after a chunk began are left alone): the clock moves on too.
    clock.set(later);
    const run = await refitModelsIfDue(t.database, t.config.metrics, later);
    clock.set(NOW);
    expect(run).toMatchObject({ ran: true, reason: 'STALE' });
    // The daily refit of a scored database reads the summaries stored with the model columns.
    const [latest] = await rows<{ summaries_from: string }>(t.database.db, sql`select summaries_from from model_fits order by fitted_at desc limit 1`);
    expect(latest.summaries_from).toBe('STORED');
    expect((await t.op(ModelDiagnosticsDocument, {})).data.modelDiagnostics!.fittedAt).toBe(later.toISOString());
    const [{ n, stale }] = await rows<{ n: number; stale: number }>(t.database.db, sql`select count(*)::int as n,
        (count(*) filter (where model_computed_at <> ${later.toISOString()}::timestamptz))::int as stale
      from customer_metrics where summary_x is not null`);
    expect(n).toBeGreaterThan(BUYERS);
    expect(stale).toBe(0);
  }, 60_000);
});

describe('modelBacktest', () => {
  const calibrationEnd = new Date(NOW.getTime() - 180 * DAY);

  test('fits on the calibration period and tallies predicted versus actual holdout purchase days by frequency', async () => {
    const res = await t.op(ModelBacktestDocument, { calibrationEnd: calibrationEnd.toISOString(), holdoutEnd: NOW.toISOString() });
    expect(res.errors).toBeUndefined();
    const b = res.data.modelBacktest;
    // The oracle: calibration summaries, and distinct local purchase days in (calibration day, today].
    const cal = oracle(calibrationEnd);
    const calDay = localDayNumber(calibrationEnd, TZ);
    const todayDay = localDayNumber(NOW, TZ);
    const holdoutDays = new Map<string, Set<number>>();
    for (const o of data.orders) {
      const d = localDayNumber(o.occurredAt, TZ);
      if (d <= calDay || d > todayDay) continue;
      const root = data.rootOf.get(o.customerId)!;
      if (!holdoutDays.has(root)) holdoutDays.set(root, new Set());
      holdoutDays.get(root)!.add(d);
    }
    const actualOf = (i: number) => holdoutDays.get(cal.customerId[i])?.size ?? 0;
    expect(b.holdoutLength).toBe(todayDay - calDay);
    expect(b.total.customers).toBe(cal.customerId.length);
    expect(b.total.actual).toBe(cal.customerId.reduce((s, _, i) => s + actualOf(i), 0));
    expect(b.groups.map((g) => g.frequency)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(b.groups.map((g) => g.orMore)).toEqual([false, false, false, false, false, false, false, true]);
    for (const g of b.groups) {
      const members = cal.customerId.map((_, i) => i).filter((i) => Math.min(cal.x[i], 7) === g.frequency);
      expect(g.customers).toBe(members.length);
      expect(g.actual).toBe(members.reduce((s, i) => s + actualOf(i), 0));
    }
    expect(b.groups.reduce((s, g) => s + g.predictedMbgnbd, 0)).toBeCloseTo(b.total.predictedMbgnbd, 6);
    // The models fitted on the calibration period predict the holdout total within 30 %.
    for (const predicted of [b.total.predictedBgnbd, b.total.predictedMbgnbd]) expect(Math.abs(predicted / b.total.actual - 1)).toBeLessThan(0.3);
    expect(b.bgnbd.customers).toBe(cal.customerId.length);
    // Nothing stored: the current fit is still the last refit's.
    const [{ n }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from model_fits`);
    expect(n).toBeLessThanOrEqual(2);
  }, 60_000);

  it.each([
    ['holdoutEnd before calibrationEnd', new Date(NOW.getTime() - 200 * DAY), 'holdoutEnd'],
    ['holdoutEnd equal to calibrationEnd', calibrationEnd, 'holdoutEnd'],
    ['holdoutEnd later the same local day', new Date(calibrationEnd.getTime() + 3_600_000), 'holdoutEnd'],
    ['holdoutEnd tomorrow (the holdout not over)', new Date(NOW.getTime() + DAY), 'holdoutEnd'],
  ])('%s is BAD_USER_INPUT on %s', async (_, holdoutEnd, field) => {
    const res = await t.op(ModelBacktestDocument, { calibrationEnd: calibrationEnd.toISOString(), holdoutEnd: holdoutEnd.toISOString() });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  test('a calibration end before any purchase, and a refit in the future, are BAD_USER_INPUT', async () => {
    const res = await t.op(ModelBacktestDocument, { calibrationEnd: '2000-01-01T00:00:00Z', holdoutEnd: '2001-01-01T00:00:00Z' });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'calibrationEnd' });
    const refit = await t.op(RefitModelsDocument, { asOf: new Date(NOW.getTime() + 2 * DAY).toISOString() });
    expect(refit.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });
  });
});

test('who may: diagnostics and backtests with segments:read, refits with admin only, neither with profiles:read', async () => {
  const segments = await t.key('segments:read');
  const profiles = await t.key('profiles:read');
  expect((await t.op(ModelDiagnosticsDocument, {}, segments)).errors).toBeUndefined();
  expect((await t.op(ModelDiagnosticsDocument, {}, profiles)).errors?.[0].extensions.code).toBe('FORBIDDEN');
  expect((await t.op(RefitModelsDocument, {}, segments)).errors?.[0].extensions.code).toBe('FORBIDDEN');
  const backtest = await t.op(ModelBacktestDocument, { calibrationEnd: '2026-01-01T00:00:00Z', holdoutEnd: '2026-01-02T00:00:00Z' }, profiles);
  expect(backtest.errors?.[0].extensions.code).toBe('FORBIDDEN');
});

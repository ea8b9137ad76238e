import { sql } from 'drizzle-orm';
import { builtinSegments } from '../../src/segments/builtins';
import { makeCustomer } from '../factories/profiles';
import { CustomersMatchesDocument, PreviewSegmentDocument, type SegmentCondition } from '../generated/graphql';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * The LTV_DECILE metric through the HTTP endpoint on both database paths: a customer's decile is 1 + the stored decile
 * cut points its predicted LTV exceeds (ties stay below, as RFM scores), missing without a prediction or without cut
 * points; and the VIP built-in takes RFM Champions or the top decile.
 */

let t: TestServer;
const ids: Record<string, string> = {};
const CUTS = '{10,20,30,40,50,60,70,80,90}';

async function buyer(name: string, predictedLtv: string | null, cell: string | null = 'LOYAL_CUSTOMERS') {
  const id = await makeCustomer(t.database.db);
  ids[name] = id;
  await t.database.db.execute(sql`insert into customer_metrics (customer_id, rfm_cell, rfm_tier, lifecycle_stage, aipl_stage,
      historical_ltv, order_days, predicted_ltv_12m, computed_at)
    values (${id}::uuid, ${cell}, 'MEDIUM', 'ACTIVE', 'PURCHASE', 100, 1, ${predictedLtv}::numeric, now())`);
}

const setCuts = (cuts: string | null) =>
  t.database.db.execute(sql`insert into rfm_cut_points (id, recency_cuts, frequency_cuts, monetary_cuts, buyers, window_days, computed_at,
      ltv_decile_cuts, ltv_cuts_computed_at)
    values (1, '{}', '{}', '{}', 6, 365, now(), ${cuts}::numeric[], now())
    on conflict (id) do update set ltv_decile_cuts = excluded.ltv_decile_cuts, ltv_cuts_computed_at = excluded.ltv_cuts_computed_at`);

beforeAll(async () => {
  t = await startTestServer();
  await buyer('low', '5.0000');
  await buyer('atCut', '90.0000');
  await buyer('justAbove', '90.0001');
  await buyer('high', '1200.0000');
  await buyer('unscored', null);
  await buyer('champion', '12.0000', 'CHAMPIONS');
  await setCuts(CUTS);
});
afterAll(() => t.close());

const preview = async (definition: unknown) => {
  const res = await t.op(PreviewSegmentDocument, { definition: definition as SegmentCondition, sampleSize: 100 });
  expect(res.errors).toBeUndefined();
  return [...res.data.previewSegment.sampleIds].sort();
};
const decile = (operator: string, value?: number) => ({ metric: { field: 'LTV_DECILE', operator, value } });

test('the top decile is the values above the 90 % cut; a value equal to a cut stays below it', async () => {
  expect(await preview(decile('EQ', 10))).toEqual([ids.justAbove, ids.high].sort());
  expect(await preview(decile('EQ', 9))).toEqual([ids.atCut]);
  expect(await preview(decile('EQ', 2))).toEqual([ids.champion]);
  expect(await preview(decile('LTE', 1))).toEqual([ids.low]);
});

test('a customer without a prediction has no decile; nor has anyone without cut points', async () => {
  const scored = [ids.low, ids.atCut, ids.justAbove, ids.high, ids.champion].sort();
  expect(await preview(decile('EXISTS'))).toEqual(scored);
  await setCuts(null);
  try {
    expect(await preview(decile('EXISTS'))).toEqual([]);
    expect(await preview(decile('GTE', 1))).toEqual([]);
  } finally {
    await setCuts(CUTS);
  }
});

test('the VIP built-in: RFM Champions or the top LTV decile, batched matches agreeing with the preview', async () => {
  const vip = builtinSegments(t.config.repurchase).find((b) => b.key === 'VIP')!;
  const members = await preview(vip.definition);
  expect(members).toEqual([ids.justAbove, ids.high, ids.champion].sort());
  const res = await t.op(CustomersMatchesDocument, { first: 100, definition: vip.definition as SegmentCondition, other: decile('EQ', 10) as SegmentCondition });
  expect(res.errors).toBeUndefined();
  const matched = res.data.customers.edges.filter((e) => e.node.matches).map((e) => e.node.id).sort();
  expect(matched).toEqual(members);
});

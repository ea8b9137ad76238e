import fc from 'fast-check';
import { ensureSource } from '../../src/ingestion/sources';
import { compileDefinition } from '../../src/segments/compile';
import { compileSegmentSet } from '../../src/segments/compileSet';
import { forEachCondition, type SegmentCondition } from '../../src/segments/definition';
import { evaluateDefinition } from '../../src/segments/evaluate';
import { memberIds } from '../../src/segments/segment.repo';
import { validateDefinition } from '../../src/segments/validate';
import { clock } from '../../src/shared/clock';
import { CustomersMatchesDocument, PreviewSegmentDocument } from '../generated/graphql';
import { startTestServer, type TestServer } from '../helpers/server';
import { definitionArbitrary, factsOf, insertData, leafArbitrary, NOW, randomData, TZ, type Raw } from './segments-random';

/*
 * Issue 5 §1: one definition, three evaluations — the per-customer SQL (compileDefinition: write path, matches), the
 * whole-population SQL (compileSegmentSet: full evaluations, previews) and evaluate() on each customer's facts
 * (computed here from the raw rows) — select the same customers. Random profiles with merged-away
 * members, traits of every JSON type, events, orders with products and refunds, feedback and stored metrics, in a
 * time zone with daylight saving, plus rows that count for nobody (a profile merged into a merged-away one, a profile
 * that does not exist); random definitions of every condition family, nested, with windows and segment-of-segment
 * references.
 */

const ROOTS = 90; // ≤ 100, so previewSegment(sampleSize: 100) returns the whole member set
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

let t: TestServer;
let raw: Raw;
let facts: ReturnType<typeof factsOf>;
let stored: Map<string, SegmentCondition>;
const lookup = (id: string) => stored.get(id) ?? null;
const sizes: number[] = [];
const seen = new Map<string, number>();

/** What a definition exercises, so the property cannot pass by never drawing a family or a form of it. */
function tally(definition: SegmentCondition) {
  const note = (feature: string) => seen.set(feature, (seen.get(feature) ?? 0) + 1);
  forEachCondition(definition, (node) => {
    if ('and' in node || 'or' in node || 'not' in node) note(Object.keys(node)[0]);
    else if ('trait' in node) note('trait');
    else if ('identity' in node) note(node.identity.has === false ? 'identity has not' : 'identity has');
    else if ('metric' in node) note('metric');
    else if ('inSegment' in node) note('inSegment');
    else if ('event' in node) {
      const e = node.event;
      note(e.where ? 'event where' : 'event');
      if (e.within) note('event within');
      if (e.atMost !== undefined) note(e.atLeast ? 'event between' : 'event at most');
      else if ((e.atLeast ?? 1) > 1) note('event at least');
    } else if ('order' in node) {
      const o = node.order;
      note(o.netRevenue ? 'order netRevenue' : o.atMost !== undefined ? 'order at most' : 'order count');
      if (o.product) note('order product');
      if (o.within) note('order within');
    } else if ('feedback' in node) {
      const f = node.feedback;
      note(f.nps ? 'feedback nps' : f.openTickets ? 'feedback tickets' : 'feedback rating');
      if (f.within) note('feedback within');
    }
  });
}

beforeAll(async () => {
  clock.set(NOW);
  t = await startTestServer({ BUSINESS_TIMEZONE: TZ });
  raw = randomData(await ensureSource(t.database.db, 'segments-agreement'), ROOTS);
  await insertData(t.database.db, raw);
  facts = factsOf(raw);
  // Stored segments for inSegment, each able to reference only the ones before it (no cycles).
  const [a] = fc.sample(leafArbitrary([]), { numRuns: 1, seed: 11 });
  const [b] = fc.sample(definitionArbitrary([A]), { numRuns: 1, seed: 12 });
  const [c] = fc.sample(definitionArbitrary([A, B]), { numRuns: 1, seed: 13 });
  stored = new Map([[A, validateDefinition(a)], [B, validateDefinition({ or: [b, { inSegment: A }] })], [C, validateDefinition({ and: [c, { not: { inSegment: B } }] })]]);
});
afterAll(async () => {
  clock.set(null);
  await t.close();
});

const expected = (definition: SegmentCondition) =>
  [...facts].filter(([, f]) => evaluateDefinition(definition, f, { now: NOW, timeZone: TZ, segments: lookup })).map(([id]) => id).sort();

const hasReference = (d: SegmentCondition) => JSON.stringify(d).includes('"inSegment"');

test('both compiled forms select exactly the customers evaluate() accepts', async () => {
  await fc.assert(
    fc.asyncProperty(definitionArbitrary([A, B, C]), async (input) => {
      const definition = validateDefinition(input);
      const options = { now: NOW, timeZone: TZ, segments: lookup };
      const perCustomer = await memberIds(t.database, compileDefinition(definition, options));
      const whole = await memberIds(t.database, compileSegmentSet(definition, options));
      const want = expected(definition);
      sizes.push(want.length);
      tally(definition);
      expect([...perCustomer].sort()).toEqual(want);
      expect([...whole].sort()).toEqual(want);
    }),
    { numRuns: 400, seed: 20260315, endOnFailure: false },
  );
  // The data and the definitions are built to disagree often enough to mean something.
  const interesting = sizes.filter((n) => n > 0 && n < ROOTS).length;
  expect(interesting / sizes.length).toBeGreaterThan(0.5);
  const features = [
    'and', 'or', 'not', 'trait', 'identity has', 'identity has not', 'metric',
    'inSegment', 'event', 'event where', 'event within', 'event at most', 'event between', 'event at least', 'order count', 'order at most',
    'order netRevenue', 'order product', 'order within', 'feedback nps', 'feedback tickets', 'feedback rating', 'feedback within',
  ];
  expect(features.filter((f) => (seen.get(f) ?? 0) < 5)).toEqual([]);
}, 180_000);

test('through the API: previewSegment and Customer.matches give the same members', async () => {
  const matchers = fc.sample(definitionArbitrary([]).filter((d) => !hasReference(d)), { numRuns: 60, seed: 99 });
  for (const [i, input] of matchers.entries()) {
    const want = expected(validateDefinition(input));
    const preview = await t.op(PreviewSegmentDocument, { definition: input, sampleSize: 100 });
    expect(preview.errors).toBeUndefined();
    expect(preview.data.previewSegment.count).toBe(want.length);
    expect([...preview.data.previewSegment.sampleIds].sort()).toEqual(want);

    const other = matchers[(i + 1) % matchers.length];
    const page = await t.op(CustomersMatchesDocument, { first: 1000, definition: input, other });
    expect(page.errors).toBeUndefined();
    expect(page.data.customers.edges).toHaveLength(ROOTS);
    expect(page.data.customers.edges.filter((e) => e.node.matches).map((e) => e.node.id).sort()).toEqual(want);
    expect(page.data.customers.edges.filter((e) => e.node.other).map((e) => e.node.id).sort()).toEqual(expected(validateDefinition(other)));
  }
}, 120_000);

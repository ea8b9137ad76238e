import fc from 'fast-check';
import { ensureSource } from '../../src/ingestion/sources';
import { compileDefinition } from '../../src/segments/compile';
import type { SegmentCondition } from '../../src/segments/definition';
import { evaluateDefinition } from '../../src/segments/evaluate';
import { memberIds } from '../../src/segments/segment.repo';
import { validateDefinition } from '../../src/segments/validate';
import { clock } from '../../src/shared/clock';
import { CustomersMatchesDocument, PreviewSegmentDocument } from '../generated/graphql';
import { startTestServer, type TestServer } from '../helpers/server';
import { definitionArbitrary, factsOf, insertData, leafArbitrary, NOW, randomData, TZ, type Raw } from './segments-random';

/*
 * Issue 5 §1: one definition, two evaluations — the compiled SQL over the whole database and evaluate() on each
 * customer's facts (computed here from the raw rows) — select the same customers. Random profiles with merged-away
 * members, traits of every JSON type, events, orders with products and refunds, feedback and stored metrics, in a
 * time zone with daylight saving; random definitions of every condition family, nested, with windows and
 * segment-of-segment references.
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

test('the compiled SQL selects exactly the customers evaluate() accepts', async () => {
  await fc.assert(
    fc.asyncProperty(definitionArbitrary([A, B, C]), async (input) => {
      const definition = validateDefinition(input);
      const members = await memberIds(t.database, compileDefinition(definition, { now: NOW, timeZone: TZ, segments: lookup }));
      const want = expected(definition);
      sizes.push(want.length);
      expect([...members].sort()).toEqual(want);
    }),
    { numRuns: 400, seed: 20260315, endOnFailure: false },
  );
  // The data and the definitions are built to disagree often enough to mean something.
  const interesting = sizes.filter((n) => n > 0 && n < ROOTS).length;
  expect(interesting / sizes.length).toBeGreaterThan(0.5);
}, 120_000);

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

import { DefinitionError, LIMITS, type SegmentCondition } from '../../../src/segments/definition';
import { validateDefinition } from '../../../src/segments/validate';

const ID = '0b8e6f7c-3c1e-4b7a-9a55-5d2f8f3f0c11';

function refusal(input: unknown): { field: string; code: string; message: string } {
  try {
    validateDefinition(input);
  } catch (err) {
    if (err instanceof DefinitionError) return { field: err.field, code: err.code, message: err.message };
    throw err;
  }
  throw new Error('accepted');
}

const nested = (depth: number): unknown => (depth === 0 ? { identity: { type: 'email' } } : { not: nested(depth - 1) });

describe('a bad definition is refused with the path of the node at fault', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['not an object', 'trait', '', /must be an object/],
    ['an array', [], '', /must be an object/],
    ['no condition set', {}, '', /got none/],
    ['only nulls set', { and: null, trait: undefined }, '', /got none/],
    ['two conditions set', { trait: { key: 'a', operator: 'EXISTS' }, identity: { type: 'email' } }, '', /got trait, identity/],
    ['an unknown kind', { segment: ID }, 'segment', /unknown field segment/],
    ['and not a list', { and: { identity: { type: 'email' } } }, 'and', /list of conditions/],
    ['an empty and', { and: [] }, 'and', /at least one/],
    ['an empty or', { or: [] }, 'or', /at least one/],
    ['a bad child of and', { and: [{ identity: { type: 'email' } }, { event: { within: '30 days' } }] }, 'and.1.event.within', /ISO 8601 duration/],
    ['a window in hours', { and: [{ identity: { type: 'email' } }, { event: { within: 'PT12H' } }] }, 'and.1.event.within', /whole days/],
    ['an empty duration', { event: { within: 'P' } }, 'event.within', /ISO 8601/],
    ['a window over 100 years', { order: { within: 'P101Y' } }, 'order.within', /100 years/],
    ['a bad grandchild', { or: [{ not: { and: [{ trait: { key: '', operator: 'EXISTS' } }] } }] }, 'or.0.not.and.0.trait.key', /non-empty/],
    ['a trait without key', { trait: { operator: 'EQ', value: 1 } }, 'trait.key', /required/],
    ['an unknown operator', { trait: { key: 'plan', operator: 'LIKE', value: 'x' } }, 'trait.operator', /one of EQ/],
    ['EQ without value', { trait: { key: 'plan', operator: 'EQ' } }, 'trait.value', /needs a value/],
    ['EQ with values', { trait: { key: 'plan', operator: 'EQ', values: ['a'] } }, 'trait.values', /one value, not values/],
    ['IN with value', { trait: { key: 'plan', operator: 'IN', value: 'a' } }, 'trait.value', /not value/],
    ['IN without values', { trait: { key: 'plan', operator: 'IN' } }, 'trait.values', /needs values/],
    ['IN with an empty list', { trait: { key: 'plan', operator: 'IN', values: [] } }, 'trait.values', /at least one/],
    ['IN with mixed types', { trait: { key: 'plan', operator: 'IN', values: ['a', 1] } }, 'trait.values', /one type/],
    ['IN with an object', { trait: { key: 'plan', operator: 'IN', values: ['a', { b: 1 }] } }, 'trait.values.1', /string, a number or a boolean/],
    ['IN with too many values', { trait: { key: 'n', operator: 'IN', values: Array.from({ length: LIMITS.listValues + 1 }, (_, i) => i) } }, 'trait.values', /at most 1000/],
    ['EXISTS with a value', { trait: { key: 'plan', operator: 'EXISTS', value: true } }, 'trait.value', /no value/],
    ['EXISTS with values', { trait: { key: 'plan', operator: 'EXISTS', values: [1] } }, 'trait.values', /no values/],
    ['EQ null', { trait: { key: 'plan', operator: 'EQ', value: [] } }, 'trait.value', /EXISTS/],
    ['GT a word', { trait: { key: 'plan', operator: 'GT', value: 'pro' } }, 'trait.value', /numbers or dates/],
    ['GT a boolean', { trait: { key: 'vip', operator: 'GT', value: true } }, 'trait.value', /numbers or dates/],
    ['GT an impossible date', { trait: { key: 'born', operator: 'GT', value: '2026-02-30' } }, 'trait.value', /numbers or dates/],
    ['BETWEEN with one value', { trait: { key: 'age', operator: 'BETWEEN', values: [1] } }, 'trait.values', /\[low, high\]/],
    ['BETWEEN reversed', { trait: { key: 'age', operator: 'BETWEEN', values: [40, 18] } }, 'trait.values', /low ≤ high/],
    ['BETWEEN reversed dates', { trait: { key: 'd', operator: 'BETWEEN', values: ['2026-02-01', '2026-01-01'] } }, 'trait.values', /low ≤ high/],
    ['BETWEEN a number and a date', { trait: { key: 'd', operator: 'BETWEEN', values: [1, 'P3D'] } }, 'trait.values', /one type/],
    ['STARTS_WITH a number', { trait: { key: 'zip', operator: 'STARTS_WITH', value: 75 } }, 'trait.value', /takes a string/],
    ['an over-long string', { trait: { key: 'bio', operator: 'CONTAINS', value: 'x'.repeat(1001) } }, 'trait.value', /at most 1000/],
    ['an unknown trait field', { trait: { key: 'a', operator: 'EXISTS', path: 'b' } }, 'trait.path', /unknown field/],
    ['an identity without type', { identity: { has: true } }, 'identity.type', /required/],
    ['a bad identity type', { identity: { type: 'E mail' } }, 'identity.type', /identity type/],
    ['has not a boolean', { identity: { type: 'email', has: 'no' } }, 'identity.has', /true or false/],
    ['an unknown metric', { metric: { field: 'LTV', operator: 'GT', value: 1 } }, 'metric.field', /one of RFM_R/],
    ['an RFM score out of range', { metric: { field: 'RFM_R', operator: 'GTE', value: 6 } }, 'metric.value', /1 to 5/],
    ['an RFM score not whole', { metric: { field: 'RFM_F', operator: 'IN', values: [1, 2.5] } }, 'metric.values.1', /1 to 5/],
    ['an unknown cell', { metric: { field: 'RFM_CELL', operator: 'IN', values: ['CHAMPIONS', 'VIP'] } }, 'metric.values.1', /CHAMPIONS/],
    ['an ordering on a stage', { metric: { field: 'LIFECYCLE_STAGE', operator: 'GT', value: 'NEW' } }, 'metric.operator', /does not apply/],
    ['CONTAINS on a number', { metric: { field: 'CHURN_SCORE', operator: 'CONTAINS', value: 0.5 } }, 'metric.operator', /does not apply/],
    ['a churn score as a string', { metric: { field: 'CHURN_SCORE', operator: 'GT', value: '0.5' } }, 'metric.value', /a number/],
    ['money with an exponent', { metric: { field: 'HISTORICAL_LTV', operator: 'GT', value: 1e21 } }, 'metric.value', /decimal/],
    ['money as words', { metric: { field: 'PREDICTED_LTV_12M', operator: 'GT', value: 'lots' } }, 'metric.value', /decimal/],
    ['money BETWEEN reversed', { metric: { field: 'MONETARY', operator: 'BETWEEN', values: ['100.5', '100.25'] } }, 'metric.values', /low ≤ high/],
    ['a negative count', { metric: { field: 'RECENCY_DAYS', operator: 'LT', value: -1 } }, 'metric.value', /whole number from 0/],
    ['a bad event type', { event: { type: 'track' } }, 'event.type', /TRACK/],
    ['an empty event name', { event: { name: '' } }, 'event.name', /non-empty/],
    ['a negative atLeast', { event: { name: 'x', atLeast: -1 } }, 'event.atLeast', /from 0/],
    ['a fractional atMost', { event: { name: 'x', atMost: 1.5 } }, 'event.atMost', /whole number/],
    ['atMost below atLeast', { event: { name: 'x', atLeast: 3, atMost: 2 } }, 'event.atMost', /not be below/],
    ['where not a list', { event: { name: 'x', where: { key: 'a', operator: 'EXISTS' } } }, 'event.where', /list of property/],
    ['an empty where', { event: { name: 'x', where: [] } }, 'event.where', /at least one/],
    ['a bad where', { event: { name: 'x', where: [{ key: 'a', operator: 'EXISTS' }, { key: 'b', operator: 'EQ' }] } }, 'event.where.1.value', /needs a value/],
    ['a deep bad where', { and: [{ or: [{ identity: { type: 'email' } }, { event: { where: [{ key: 'p', operator: 'GT', value: 'x' }] } }] }] }, 'and.0.or.1.event.where.0.value', /numbers or dates/],
    ['count and revenue together', { order: { atLeast: 1, netRevenue: { operator: 'GT', value: '10' } } }, 'order.netRevenue', /not both/],
    ['revenue EXISTS', { order: { netRevenue: { operator: 'EXISTS' } } }, 'order.netRevenue.operator', /always exists/],
    ['revenue in words', { order: { netRevenue: { operator: 'GT', value: 'ten' } } }, 'order.netRevenue.value', /decimal/],
    ['a bad product condition', { order: { product: [{ key: 'category', operator: 'STARTS_WITH', value: 3 }] } }, 'order.product.0.value', /takes a string/],
    ['feedback with no measure', { feedback: { within: 'P30D' } }, 'feedback', /got none/],
    ['feedback with two measures', { feedback: { nps: 'PROMOTER', openTickets: { atLeast: 1 } } }, 'feedback', /got nps, openTickets/],
    ['a bad NPS category', { feedback: { nps: 'FAN' } }, 'feedback.nps', /PROMOTER/],
    ['a bad average rating', { feedback: { averageRating: { operator: 'GTE', value: 'good' } } }, 'feedback.averageRating.value', /decimal/],
    ['a bad ticket range', { feedback: { openTickets: { atLeast: 2, atMost: 1 } } }, 'feedback.openTickets.atMost', /not be below/],
    ['an unknown ticket field', { feedback: { openTickets: { exactly: 1 } } }, 'feedback.openTickets.exactly', /unknown field/],
    ['inSegment not a UUID', { and: [{ identity: { type: 'email' } }, { inSegment: 'vip' }] }, 'and.1.inSegment', /UUID/],
    ['too deep', nested(LIMITS.depth + 1), Array.from({ length: LIMITS.depth + 1 }, () => 'not').join('.'), /nest at most/],
    ['too many conditions', { or: Array.from({ length: LIMITS.nodes }, () => ({ identity: { type: 'email' } })) }, `or.${LIMITS.nodes - 1}`, /at most 200/],
  ])('%s', (_name, input, field, message) => {
    const r = refusal(input);
    expect(r).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(r.message).toMatch(message);
  });
});

describe('a good definition comes back as the same JSON', () => {
  it.each<[string, SegmentCondition]>([
    ['a trait string', { trait: { key: 'plan', operator: 'EQ', value: 'pro' } }],
    ['a trait number list', { trait: { key: 'age', operator: 'NOT_IN', values: [18, 19.5] } }],
    ['a relative date', { trait: { key: 'signed_up_at', operator: 'GTE', value: 'P30D' } }],
    ['dates between', { trait: { key: 'born', operator: 'BETWEEN', values: ['P80Y', '2000-01-01'] } }],
    ['an array element', { trait: { key: 'tags', operator: 'CONTAINS', value: true } }],
    ['has no email', { identity: { type: 'email', has: false } }],
    ['a cell list', { metric: { field: 'RFM_CELL', operator: 'IN', values: ['CHAMPIONS', 'LOYAL_CUSTOMERS'] } }],
    ['money as a number', { metric: { field: 'HISTORICAL_LTV', operator: 'GT', value: 99.5 } }],
    ['churn band missing', { not: { metric: { field: 'CHURN_BAND', operator: 'EXISTS' } } }],
    [
      'an event with filters',
      { event: { name: 'Product Viewed', type: 'TRACK', within: 'P7D', atLeast: 3, atMost: 10, where: [{ key: 'category', operator: 'EQ', value: 'Shoes' }] } },
    ],
    ['did not', { event: { name: 'App Opened', within: 'P1M', atMost: 0 } }],
    ['a product category', { order: { within: 'P30D', product: [{ key: 'category', operator: 'STARTS_WITH', value: 'Baby/' }] } }],
    ['net revenue', { order: { within: 'P1Y', netRevenue: { operator: 'BETWEEN', values: ['100', 500] } } }],
    ['detractors with an open ticket', { and: [{ feedback: { nps: 'DETRACTOR' } }, { feedback: { openTickets: { atLeast: 1 } } }] }],
    ['rated', { feedback: { within: 'P2W', averageRating: { operator: 'EXISTS' } } }],
    ['another segment', { or: [{ inSegment: ID }, { not: { inSegment: ID } }] }],
  ])('%s', (_name, definition) => {
    const out = validateDefinition(definition);
    expect(out).toEqual(definition);
    expect(JSON.parse(JSON.stringify(out))).toEqual(definition);
  });

  test('GraphQL input objects (unset fields null or undefined) become plain JSON without them', () => {
    class Input {
      and?: unknown = undefined;
      trait?: unknown = null;
      event?: unknown;
    }
    const input = Object.assign(new Input(), { event: { name: 'Signed Up', type: null, within: undefined, atLeast: 2, where: null } });
    expect(validateDefinition(input)).toEqual({ event: { name: 'Signed Up', atLeast: 2 } });
    expect(Object.getPrototypeOf(validateDefinition(input))).toBe(Object.prototype);
  });

  test('the stored form validates again to itself', () => {
    const stored = JSON.parse(JSON.stringify(validateDefinition({ and: [{ inSegment: ID }, { metric: { field: 'RFM_R', operator: 'GTE', value: 4 } }] })));
    expect(validateDefinition(stored)).toEqual(stored);
  });
});

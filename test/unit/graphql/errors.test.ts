import { buildSchema, graphql, GraphQLError, parse, Source, validate } from 'graphql';
import { formatError, literalField, variableField } from '../../../src/graphql/errors';

/** graphql-js's own refusals of variables, so a change of its wording fails here. */
const schema = buildSchema(`
  input Item { type: String!, tags: [String!] }
  input Batch { items: [Item!]!, note: String }
  type Query { take(batch: Batch, first: Int): Int }
`);

async function refusal(variables: Record<string, unknown>, signature = '$b: Batch, $first: Int'): Promise<string> {
  const result = await graphql({ schema, source: `query(${signature}) { take(batch: $b, first: $first) }`, variableValues: variables });
  expect(result.errors).toHaveLength(1);
  return result.errors![0].message;
}

describe('variableField: the input at fault in a refused variable', () => {
  it('names a scalar variable of the wrong type', async () => {
    expect(variableField(await refusal({ first: 'ten' }))).toBe('first');
  });

  it('gives the path inside an input object, list positions as path segments', async () => {
    expect(variableField(await refusal({ b: { items: [{ type: 'a' }, { type: 'b', colour: 'red' }] } }))).toBe('b.items.1');
    expect(variableField(await refusal({ b: { items: [{ type: 'a', tags: [1.5] }] } }))).toBe('b.items.0.tags.0');
  });

  it('is not fooled by a string value that looks like a path', async () => {
    expect(variableField(await refusal({ b: { items: [], note: ' at "x.y"; ', extra: 1 } }))).toBe('b');
  });

  it('names a required variable that was not given', async () => {
    expect(variableField(await refusal({}, '$b: Batch!, $first: Int'))).toBe('b');
  });

  it('leaves other messages alone', () => {
    expect(variableField('Cannot query field "x" on type "Query".')).toBeUndefined();
  });
});

/** graphql-js's validation of literals written in the document, with the nodes and source it reports. */
function literalRefusals(query: string): GraphQLError[] {
  return [...validate(schema, parse(new Source(query)))];
}

describe('literalField: the input at fault in a refused argument', () => {
  it('names the argument and the path inside its value, list positions as path segments', () => {
    const [wrongType] = literalRefusals('{ take(batch: { items: [{ type: "a" }, { type: 5 }] }) }');
    expect(wrongType.message).toMatch(/^String cannot represent a non string value/);
    expect(literalField(wrongType)).toBe('batch.items.1.type');
    const [scalar] = literalRefusals('{ take(first: "ten") }');
    expect(scalar.message).toMatch(/^Int cannot represent non-integer value/);
    expect(literalField(scalar)).toBe('first');
  });

  it('names a required field left out, after the object that lacks it, and a field that does not exist', () => {
    const [missing] = literalRefusals('{ take(batch: { items: [{ type: "a" }, { tags: [] }] }) }');
    expect(missing.message).toMatch(/^Field "Item.type" of required type "String!" was not provided/);
    expect(literalField(missing)).toBe('batch.items.1.type');
    const [unknown] = literalRefusals('{ take(batch: { items: [{ type: "a", colour: "red" }] }) }');
    expect(unknown.message).toMatch(/^Field "colour" is not defined by type "Item"/);
    expect(literalField(unknown)).toBe('batch.items.0.colour');
  });

  it('finds the right one of two equal literals', () => {
    const [missing] = literalRefusals('{ a: take(batch: { items: [] }) b: take(batch: { items: [{}] }) }');
    expect(literalField(missing)).toBe('batch.items.0.type');
  });

  it('leaves errors about no argument alone', () => {
    const [unknown] = literalRefusals('{ take(batch: { items: [] }) nope }');
    expect(literalField(unknown)).toBeUndefined();
  });
});

describe('formatError', () => {
  it("keeps a refusal's code and field, and drops the HTTP status meant for Apollo (a WebSocket would pass it on)", () => {
    const error = new GraphQLError('query is too expensive', { extensions: { code: 'BAD_USER_INPUT', field: 'query', http: { status: 400 } } });
    expect(formatError(error.toJSON(), error).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'query' });
  });

  it('names the variable at fault in a refusal that has no field', () => {
    const error = new GraphQLError('Variable "$first" got invalid value "ten"; Int cannot represent non-integer value: "ten"', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(formatError(error.toJSON(), error).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

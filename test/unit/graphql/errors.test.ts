import { buildSchema, graphql, GraphQLError } from 'graphql';
import { formatError, variableField } from '../../../src/graphql/errors';

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

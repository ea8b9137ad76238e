import { GraphQLScalarType, Kind } from 'graphql';
import { GraphQLDateTime, GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';

const DECIMAL = /^-?\d{1,16}(\.\d{1,4})?$/;

/** Trailing zeros beyond two decimals carry no information for money; "59.9000" reads as "59.90". */
export function formatDecimal(value: string): string {
  const [int, frac = ''] = value.split('.');
  let f = frac.replace(/0+$/, '');
  if (f.length < 2) f = f.padEnd(2, '0');
  return `${int}.${f}`;
}

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL.test(value.trim())) {
    throw new TypeError('Decimal must be a string of a number in major units with at most 4 decimals, e.g. "59.90"');
  }
  return value.trim();
}

/** Exact money: a string in major units ("59.90"), never a float. */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description:
    'An exact decimal number, as a string in major currency units (for example "59.90"). Never a float, so no ' +
    'rounding is introduced between Strata and the client.',
  serialize: (value) => formatDecimal(String(value)),
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError('Decimal literals are strings, e.g. "59.90"');
    return parseDecimal(ast.value);
  },
});

export { GraphQLDateTime as DateTimeScalar, GraphQLJSON as JSONScalar, GraphQLJSONObject as JSONObjectScalar };

import type { ApolloServerPlugin } from '@apollo/server';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from './connection';

/** A list field costs its children times the page size it asks for. */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  if (typeof args.first === 'number') return 1 + childComplexity * Math.max(args.first, 1);
  if ('first' in args) return 1 + childComplexity * DEFAULT_PAGE_SIZE;
  return undefined;
};

/** Abusive queries are refused before execution, as bad input. */
export function queryLimits(schema: GraphQLSchema, maxDepth: number, maxComplexity: number) {
  const validationRules = [
    maxDepthRule({
      n: maxDepth,
      ignoreIntrospection: true,
      exposeLimits: true,
      propagateOnRejection: false,
      // Apollo relabels validation errors GRAPHQL_VALIDATION_FAILED; `limit` lets formatError show them as bad input.
      onReject: [
        (context, err) =>
          context?.reportError(new GraphQLError(err.message.replace(/^Syntax Error: /, ''), { extensions: { limit: 'depth', field: 'query' } })),
      ],
    }),
  ];
  const plugin: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const complexity = getComplexity({
            schema,
            query: document,
            variables: request.variables ?? {},
            operationName: request.operationName ?? undefined,
            estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > maxComplexity) {
            throw new GraphQLError(`query is too expensive: complexity ${complexity} exceeds the limit of ${maxComplexity}; ask for smaller pages`, {
              extensions: { code: 'BAD_USER_INPUT', field: 'query', complexity, maxComplexity },
            });
          }
        },
      };
    },
  };
  return { validationRules, plugin };
}

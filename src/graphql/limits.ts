import type { ApolloServerPlugin } from '@apollo/server';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
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
  /** The refusal of an operation over the complexity limit, or null (HTTP through the plugin, WebSocket in delivery/ws.ts). */
  const complexityError = (document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined): GraphQLError | null => {
    let complexity: number;
    try {
      complexity = getComplexity({
        schema,
        query: document,
        variables,
        operationName,
        estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
      });
    } catch (error) {
      // Variables that do not fit their types (getComplexity coerces them first): graphql-js refuses the operation
      // itself, as bad input, before any resolver runs. Thrown from here it would reach the client as an internal error.
      if (error instanceof GraphQLError) return null;
      throw error;
    }
    if (complexity <= maxComplexity) return null;
    return new GraphQLError(`query is too expensive: complexity ${complexity} exceeds the limit of ${maxComplexity}; ask for smaller pages`, {
      // http.status: thrown from a plugin hook, Apollo would otherwise answer 500 (it drops `http` from the response).
      extensions: { code: 'BAD_USER_INPUT', field: 'query', complexity, maxComplexity, http: { status: 400 } },
    });
  };
  const plugin: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const error = complexityError(document, request.variables ?? {}, request.operationName ?? undefined);
          if (error) throw error;
        },
      };
    },
  };
  return { validationRules, plugin, complexityError };
}

import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLSchema } from 'graphql';
import type { Context, Services } from './context';
import { describeError } from '../shared/log';
import { formatError, isExpectedError, tagUnexpectedError } from './errors';
import { queryLimits } from './limits';

/** Unexpected errors are logged with the request id and the error id shown to the client; never their inputs. */
const logUnexpectedErrors: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue, errors }) {
        for (const error of errors) {
          if (isExpectedError(error)) continue;
          const original = unwrapResolverError(error);
          contextValue.services.log.error('unexpected error', {
            requestId: contextValue.requestId,
            errorId: tagUnexpectedError(error),
            path: error.path,
            error: describeError(original),
          });
        }
      },
    };
  },
};

export function createApollo(schema: GraphQLSchema, services: Services): ApolloServer<Context> {
  const limits = queryLimits(schema, services.config.maxQueryDepth, services.config.maxQueryComplexity);
  return new ApolloServer<Context>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError,
    validationRules: limits.validationRules,
    // Apollo's landing page loads from a CDN; GraphiQL is served from node_modules instead (http.ts).
    plugins: [ApolloServerPluginLandingPageDisabled(), limits.plugin, logUnexpectedErrors],
  });
}

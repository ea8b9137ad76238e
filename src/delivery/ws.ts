import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { getOperationAST, getVariableValues, GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ExecutionResult, type FormattedExecutionResult, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { bearerToken } from '../auth/keys';
import { hasScope, type Principal } from '../auth/scopes';
import { createContext, type Context, type Services } from '../graphql/context';
import { formatError, isExpectedError, tagUnexpectedError } from '../graphql/errors';
import { queryLimits } from '../graphql/limits';
import { describeError } from '../shared/log';
import { permissionClass } from './share';
import { sharedSubscribe } from './sharedSubscribe';

/** Sockets that do not answer the close handshake at shutdown are cut after this long. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Subscription fields whose events are executed once per change, selection and permission class, and shared by every
 * subscriber asking for the same (see sharedSubscribe.ts). customerUpdated is not: its events carry the subscriber's
 * own watch.
 */
const SHAREABLE = new Set(['segmentMembershipChanged']);

export interface SubscriptionServer {
  /** Close every connection (1001 Going away) and stop accepting new ones. */
  close(): Promise<void>;
}

/**
 * GraphQL over WebSocket (the graphql-ws protocol) on the HTTP server's port and path. The key comes in the
 * `connection_init` payload (`{ "authorization": "Bearer <key>" }`) and needs `subscribe`; without it graphql-ws closes
 * the socket with 4403. Operations get the context HTTP requests get (loaders, PII policy) and the same limits and
 * error masking as Apollo applies on HTTP, which graphql-ws knows nothing of.
 */
export function attachSubscriptionServer(server: http.Server, schema: GraphQLSchema, services: Services): SubscriptionServer {
  const limits = queryLimits(schema, services.config.maxQueryDepth, services.config.maxQueryComplexity);
  const rules = [...specifiedRules, ...limits.validationRules];
  const wss = new WebSocketServer({ server, path: '/graphql' });

  const format = (error: GraphQLError, context: Context | null) => {
    if (!isExpectedError(error)) {
      services.log.error('unexpected error', {
        requestId: context?.requestId,
        errorId: tagUnexpectedError(error),
        path: error.path,
        error: describeError(error.originalError ?? error),
      });
    }
    return formatError(error.toJSON(), error);
  };

  // A shared event result is formatted (and an unexpected error logged) once, not once per subscriber.
  const formatted = new WeakMap<ExecutionResult, FormattedExecutionResult>();

  const disposable = useServer<Record<string, unknown> | undefined, { principal: Principal }>(
    {
      schema,
      subscribe: sharedSubscribe<Context>({
        share: services.realtime.events,
        shareable: SHAREABLE,
        permission: (context) => permissionClass(context.principal),
        eventContext: (subscriber) => createContext(services, subscriber.requestId, subscriber.principal),
      }),
      async onConnect(ctx) {
        const header = ctx.connectionParams?.authorization;
        const principal = await services.keys.authenticate(bearerToken(typeof header === 'string' ? header : undefined) ?? '');
        if (!principal || !hasScope(principal, 'subscribe')) return false;
        ctx.extra.principal = principal;
        return true;
      },
      onSubscribe(ctx, _id, payload) {
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError('the query does not parse')];
        }
        const errors = validate(schema, document, rules);
        if (errors.length) return errors;
        // Variables that do not fit their types, refused as bad input as over HTTP (where Apollo does it): graphql-js
        // would report them with the scalar's own error as cause, which reads as unexpected.
        const operation = getOperationAST(document, payload.operationName ?? undefined);
        const coerced = operation && getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {});
        if (coerced?.errors) return coerced.errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT' } }));
        const tooExpensive = limits.complexityError(document, payload.variables ?? {}, payload.operationName ?? undefined);
        if (tooExpensive) return [tooExpensive];
        const contextValue: Context = {
          ...createContext(services, randomUUID(), ctx.extra.principal ?? null),
          connection: { close: (code, reason) => ctx.extra.socket.close(code, reason) },
        };
        return { schema, document, variableValues: payload.variables, operationName: payload.operationName ?? undefined, contextValue };
      },
      onNext(_ctx, _id, _payload, args, result) {
        if (!result.errors) return;
        let payload = formatted.get(result);
        if (!payload) {
          payload = { ...result, errors: result.errors.map((e) => format(e, args.contextValue as Context)) };
          formatted.set(result, payload);
        }
        return payload;
      },
      onError(_ctx, _id, _payload, errors) {
        return errors.map((e) => format(e, null));
      },
    },
    wss,
  );

  return {
    async close() {
      const timer = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, CLOSE_GRACE_MS);
      try {
        await disposable.dispose();
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

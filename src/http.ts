import { sql } from 'drizzle-orm';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { bearerToken } from './auth/keys';
import { createContext, type Context, type Services } from './graphql/context';
import { GRAPHIQL_HTML, graphiqlAsset } from './graphql/graphiql';
import { handleTracking } from './ingestion/tracking.http';
import { handleSegmentExport } from './segments/export';
import { errorBody, HttpError, readBody, send } from './shared/httpio';
import { describeError } from './shared/log';

const MAX_BODY_BYTES = 1024 * 1024;

export interface Readiness {
  migrated: boolean;
  seeded: boolean;
}

function wantsGraphiql(req: IncomingMessage, url: URL): boolean {
  return req.method === 'GET' && !url.searchParams.has('query') && (req.headers.accept ?? '').includes('text/html');
}

/** The Strata HTTP surface: health, GraphiQL, and GraphQL over HTTP through Apollo. */
export function createHttpServer(apollo: ApolloServer<Context>, services: Services, readiness: Readiness): http.Server {
  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string) {
    const principal = await services.keys.authenticate(bearerToken(req.headers.authorization) ?? '');
    if (!principal) {
      res.setHeader('www-authenticate', 'Bearer');
      return send(res, 401, errorBody('a valid API key is required: Authorization: Bearer <key>', 'UNAUTHENTICATED'));
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = undefined;
    if (req.method === 'POST') {
      const text = (await readBody(req, MAX_BODY_BYTES)).toString('utf8');
      const type = headers.get('content-type') ?? '';
      if (type.includes('json')) {
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          throw new HttpError(400, 'request body is not valid JSON');
        }
      } else {
        body = text;
      }
    }
    const request: HTTPGraphQLRequest = { method: req.method!.toUpperCase(), headers, search: url.search, body };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: request,
      context: async () => createContext(services, requestId, principal),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  async function ready(res: ServerResponse) {
    let database = false;
    try {
      await services.database.db.execute(sql`select 1`);
      database = true;
    } catch {
      database = false;
    }
    const checks = { database, migrations: readiness.migrated, seed: readiness.seeded };
    const ok = database && readiness.migrated && readiness.seeded;
    send(res, ok ? 200 : 503, JSON.stringify({ status: ok ? 'ready' : 'not ready', checks }));
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/healthz') return send(res, 200, JSON.stringify({ status: 'ok' }));
      if (url.pathname === '/readyz') return await ready(res);
      if (url.pathname === '/graphql') {
        if (wantsGraphiql(req, url)) return send(res, 200, GRAPHIQL_HTML, 'text/html; charset=utf-8');
        if (req.method !== 'GET' && req.method !== 'POST') {
          res.setHeader('allow', 'GET, POST');
          return send(res, 405, errorBody('use GET or POST', 'BAD_REQUEST'));
        }
        return await graphql(req, res, url, requestId);
      }
      if (url.pathname.startsWith('/v1/') && (await handleTracking(req, res, url, services))) return;
      if (url.pathname.startsWith('/export/') && (await handleSegmentExport(req, res, url, services))) return;
      if (url.pathname.startsWith('/graphiql/') && req.method === 'GET') {
        const asset = graphiqlAsset(url.pathname.slice('/graphiql/'.length));
        if (asset) {
          res.setHeader('cache-control', 'public, max-age=86400');
          return send(res, 200, asset.body, asset.type);
        }
      }
      return send(res, 404, errorBody(`no route for ${req.method} ${url.pathname}`, 'NOT_FOUND'));
    } catch (err) {
      if (err instanceof HttpError) return send(res, err.status, errorBody(err.message, err.code));
      services.log.error('unexpected http error', {
        requestId,
        path: url.pathname,
        error: describeError(err),
      });
      if (!res.headersSent) send(res, 500, errorBody(`Internal server error (request id ${requestId})`, 'INTERNAL_SERVER_ERROR'));
      else res.destroy();
    }
  }

  const server = http.createServer((req, res) => void route(req, res));
  server.keepAliveTimeout = 65_000;
  return server;
}

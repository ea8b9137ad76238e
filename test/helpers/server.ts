import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createStrata, type Strata } from '../../src/app';
import { createApiKey } from '../../src/auth/keys';
import { loadConfig, type Config } from '../../src/config';
import type { Database } from '../../src/db/client';
import { createTestDatabase } from './db';

export interface TestServer {
  database: Database;
  strata: Strata;
  config: Config;
  http: TestAgent;
  /** A key with every scope. */
  adminKey: string;
  /** Create a key with the given scopes; returns the secret. */
  key(...scopes: string[]): Promise<string>;
  /** POST /graphql with a key; returns the supertest response. */
  gql(query: string, variables?: Record<string, unknown>, key?: string): Promise<request.Response>;
  /** Send a codegen-typed operation (test/operations); returns typed data and any errors. */
  op<R, V>(doc: TypedDocumentNode<R, V>, variables: V, key?: string): Promise<{ status: number; data: R; errors?: GqlError[] }>;
  close(): Promise<void>;
}

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions: { code: string; field?: string; [k: string]: unknown };
}

/** The real HTTP server, in-process, on a database of its own. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const strata = await createStrata(config, database);
  const http = request(strata.server);
  const key = async (...scopes: string[]) => (await createApiKey(database.db, { name: `test ${scopes.join(' ')}`, scopes })).secret;
  const adminKey = await key('admin');
  return {
    database,
    strata,
    config,
    http,
    adminKey,
    key,
    gql: (query, variables = {}, k = adminKey) =>
      http.post('/graphql').set('authorization', `Bearer ${k}`).send({ query, variables }),
    async op(doc, variables, k = adminKey) {
      const res = await http.post('/graphql').set('authorization', `Bearer ${k}`).send({ query: print(doc), variables });
      return { status: res.status, data: res.body.data, errors: res.body.errors };
    },
    async close() {
      await strata.stop();
      await database.close();
    },
  };
}

/** The test server listening on a loopback port, for clients that need a URL (SDKs, fetch). */
export async function startListeningServer(env: Record<string, string> = {}): Promise<TestServer & { base: string }> {
  const server = await startTestServer({ LOG_LEVEL: process.env.DEBUG_LOG ? 'error' : 'silent', ...env });
  return { ...server, base: `http://127.0.0.1:${await server.strata.listen(0, '127.0.0.1')}` };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasScope, type Principal } from '../auth/scopes';
import type { Services } from '../graphql/context';
import { normalizeIdentity } from '../identity/normalize';
import { HttpError, readBody, send } from '../shared/httpio';
import type { MessageType, Normalized } from './message';
import { MAX_BATCH_BYTES, MAX_MESSAGE_BYTES, normalizeSegmentMessage } from './segment';
import { ensureSource } from './sources';

/**
 * The Segment-compatible tracking API, so existing SDKs (analytics-node, analytics-next in the browser) point at
 * Strata unchanged. Like Segment: a parseable batch answers 200 and invalid items are dropped and counted
 * (ingest_stats); oversize messages and batches get a 4xx; the response is sent after the commit.
 */
const SINGLE: Record<string, MessageType> = {
  identify: 'identify', i: 'identify',
  track: 'track', t: 'track',
  page: 'page', p: 'page',
  screen: 'screen', s: 'screen',
  alias: 'alias', a: 'alias',
  group: 'group', g: 'group',
};

function cors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
  res.setHeader('vary', 'origin');
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  res.setHeader('access-control-allow-headers', 'content-type, authorization');
  res.setHeader('access-control-max-age', '86400');
}

/** HTTP Basic username (the SDKs send base64("writeKey:")), else `writeKey` in the body. */
function writeKeyOf(req: IncomingMessage, body: Record<string, unknown> | null): string | null {
  const m = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (m) return Buffer.from(m[1], 'base64').toString('utf8').split(':')[0] || null;
  return typeof body?.writeKey === 'string' ? body.writeKey : null;
}

async function writer(services: Services, key: string | null): Promise<Principal & { sourceId: string }> {
  const principal = key ? await services.keys.authenticate(key) : null;
  if (!principal) throw new HttpError(401, 'a valid write key is required (HTTP Basic username or writeKey in the body)', 'UNAUTHENTICATED');
  if (!hasScope(principal, 'ingest:write')) throw new HttpError(403, 'this key lacks the scope ingest:write', 'FORBIDDEN');
  // Keys bound to a source write as that source; an unbound admin key writes as the "api" source.
  return { ...principal, sourceId: principal.sourceId ?? (await ensureSource(services.database.db, 'api')) };
}

function parseJson(buffer: Buffer): Record<string, unknown> {
  try {
    const value = JSON.parse(buffer.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    /* fall through */
  }
  throw new HttpError(400, 'the body must be a JSON object (Content-Type application/json or text/plain)');
}

export async function handleTracking(req: IncomingMessage, res: ServerResponse, url: URL, services: Services): Promise<boolean> {
  cors(req, res);
  if (req.method === 'OPTIONS') {
    res.writeHead(204).end();
    return true;
  }
  const settings = /^\/v1\/projects\/([^/]+)\/settings$/.exec(url.pathname);
  if (settings && req.method === 'GET') {
    await writer(services, decodeURIComponent(settings[1]));
    const host = `${req.headers.host ?? 'localhost'}/v1`;
    send(res, 200, JSON.stringify({
      integrations: { 'Segment.io': { apiKey: decodeURIComponent(settings[1]), apiHost: host, protocol: 'http', unbundledIntegrations: [] } },
      plan: { track: { __default: { enabled: true, integrations: {} } }, identify: { __default: { enabled: true } }, group: { __default: { enabled: true } } },
      edgeFunction: {},
      analyticsNextEnabled: true,
      middlewareSettings: {},
      enabledMiddleware: {},
      metrics: { sampleRate: 0 },
      legacyVideoPluginsEnabled: false,
      remotePlugins: [],
    }));
    return true;
  }
  const name = url.pathname.slice('/v1/'.length);
  const single = SINGLE[name];
  if (req.method !== 'POST' || (name !== 'batch' && !single)) return false;

  const body = parseJson(await readBody(req, single ? MAX_MESSAGE_BYTES : MAX_BATCH_BYTES));
  const principal = await writer(services, writeKeyOf(req, body));
  let raws: unknown[];
  if (single) {
    raws = [body];
  } else {
    if (!Array.isArray(body.batch)) throw new HttpError(400, '`batch` must be an array of messages');
    raws = body.batch;
    const big = raws.findIndex((m) => Buffer.byteLength(JSON.stringify(m) ?? '') > MAX_MESSAGE_BYTES);
    if (big >= 0) throw new HttpError(400, `batch.${big} is larger than ${MAX_MESSAGE_BYTES} bytes`);
  }
  const receivedAt = new Date();
  const { config } = services;
  const items: Normalized[] = raws.map((raw) =>
    normalizeSegmentMessage(raw, {
      receivedAt,
      batchSentAt: body.sentAt,
      defaultType: single,
      defaultCurrency: config.reportingCurrency,
      normalizeIdentity: (type, value) => normalizeIdentity(type, value, config.identityRules),
      feedbackEvents: config.feedbackEvents,
    }),
  );
  await services.writer.ingest(principal.sourceId, items, receivedAt);
  send(res, 200, JSON.stringify({ success: true }));
  return true;
}

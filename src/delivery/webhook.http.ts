import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressProblem, checkWebhookUrl, type UrlPolicy } from './webhook';

/** Why a URL is refused under the policy, its host name resolved (every address it resolves to must be allowed), or null. */
export async function urlProblem(raw: string, policy: UrlPolicy): Promise<string | null> {
  const checked = checkWebhookUrl(raw, policy);
  if (!checked.ok) return checked.reason;
  if (checked.literal) return null;
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(checked.host, { all: true });
  } catch {
    return `host ${checked.host} does not resolve`;
  }
  for (const a of addresses) {
    const problem = addressProblem(a.address, policy);
    if (problem) return `url refused: ${checked.host} resolves to ${problem}`;
  }
  return null;
}

/**
 * The policy again at connection time, on the addresses actually connected to: a name accepted when the webhook was
 * saved may since point inside the network (DNS rebinding).
 */
function guardedLookup(policy: UrlPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return (callback as (e: Error) => void)(err);
      const list = addresses as dns.LookupAddress[];
      for (const a of list) {
        const problem = addressProblem(a.address, policy);
        if (problem) return (callback as (e: Error) => void)(Object.assign(new Error(`refused by the URL policy: ${problem}`), { code: 'EPOLICY' }));
      }
      if (options.all) (callback as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      else callback(null, list[0].address, list[0].family);
    });
  };
}

export interface PostResult {
  statusCode: number | null;
  error: string | null;
}

/** One POST; 2xx is success. Redirects are not followed (a redirect could lead anywhere the policy forbids). */
export function postJson(
  raw: string,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; policy: UrlPolicy; signal?: AbortSignal },
): Promise<PostResult> {
  const checked = checkWebhookUrl(raw, options.policy);
  if (!checked.ok) return Promise.resolve({ statusCode: null, error: checked.reason });
  const client = checked.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: PostResult) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(r);
      }
    };
    const req = client.request(
      checked.url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Strata-Webhooks/1', ...headers },
        lookup: guardedLookup(options.policy),
        signal: options.signal,
        agent: false,
      },
      (res) => {
        // Drain what the receiver says (capped): the status code is all that counts.
        let seen = 0;
        res.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > 64 * 1024) res.destroy();
        });
        const code = res.statusCode ?? 0;
        const outcome = { statusCode: code, error: code >= 200 && code < 300 ? null : `HTTP ${code}` };
        res.on('end', () => done(outcome));
        res.on('close', () => done(outcome));
        res.on('error', () => done(outcome));
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`timed out after ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => done({ statusCode: null, error: err.message || err.code || 'request failed' }));
    req.end(body);
  });
}

import http from 'node:http';
import { percentile } from './load';

/** One timed pass over a list of batches by a few concurrent workers, each sending its next batch when the last is answered. */
export interface BatchResult {
  batches: number;
  messages: number;
  seconds: number;
  messagesPerSec: number;
  /** Batch latency, send to answer, in ms. */
  p50: number;
  p99: number;
  max: number;
  /** Batches answered with anything but the success status. */
  failed: number;
  transportErrors: number;
  /** The first few failures, to say what went wrong. */
  samples: string[];
}

interface Outcome {
  ok: boolean;
  transport?: boolean;
  sample?: string;
}

/** `send(i)` sends batch i; batches are taken in order, at most `concurrency` in flight. */
export async function runBatches(sizes: readonly number[], concurrency: number, send: (i: number) => Promise<Outcome>): Promise<BatchResult> {
  const latencies = new Float64Array(sizes.length);
  let next = 0;
  let failed = 0;
  let transportErrors = 0;
  const samples: string[] = [];
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < sizes.length) {
      const i = next++;
      const t0 = process.hrtime.bigint();
      const outcome = await send(i).catch((err: unknown): Outcome => ({ ok: false, transport: true, sample: String(err) }));
      latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
      if (outcome.ok) continue;
      failed++;
      if (outcome.transport) transportErrors++;
      if (samples.length < 3) samples.push(`batch ${i}: ${outcome.sample}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const sorted = latencies.sort();
  const messages = sizes.reduce((s, n) => s + n, 0);
  return {
    batches: sizes.length,
    messages,
    seconds,
    messagesPerSec: messages / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    failed,
    transportErrors,
    samples,
  };
}

/**
 * POST ready-made bodies over keep-alive connections, one per worker. node:http rather than fetch: the load
 * generator shares the two cores with the server and PostgreSQL, and undici's per-request cost is higher.
 */
export function httpSender(url: string, path: string, headers: Record<string, string>, bodies: readonly Buffer[], concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(path, url);
  const send = (i: number) =>
    new Promise<Outcome>((resolve, reject) => {
      const req = http.request(
        target,
        { method: 'POST', agent, headers: { ...headers, 'content-length': String(bodies[i].length) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode === 200) return resolve({ ok: true });
            resolve({ ok: false, sample: `${res.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}` });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(bodies[i]);
    });
  return { send, close: () => agent.destroy() };
}

import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  key: string;
  /** Ready-made JSON bodies; each request picks one at random. */
  bodies: readonly string[];
  connections: number;
  seconds: number;
  /** Requests per second over all connections; omitted = as fast as the server answers. */
  overallRate?: number;
  /**
   * With overallRate: spread the rate evenly over the second. autocannon's rate limiter lets every connection send
   * its whole per-second quota back to back when its one-second timer fires, and all connections' timers start
   * together, so `overallRate: 300` on 50 connections arrives as a burst of 300 requests, 50 at a time, at the top
   * of every second. Paced, each connection is its own autocannon instance, the instances started 1/connections s
   * apart: the same rate arrives about one request at a time.
   */
  paced?: boolean;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  reqPerSec: number;
  /** Percentiles of the response times as measured, in ms, exact (not histogram buckets). */
  p50: number;
  p99: number;
  max: number;
  /**
   * autocannon's own p99 (the worst instance's when paced). Under a fixed rate it "corrects" for coordinated omission with an expected interval of
   * ceil(1 / per-connection rate) = 1 ms, which adds (latency − 1) synthetic samples for every response: kept
   * for reference, not judged.
   */
  autocannonP99: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  transportErrors: number;
  /** 200 answers whose body carries `errors`. */
  graphqlErrors: number;
  /** The first few bad answers, to say what went wrong. */
  samples: string[];
}

export function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Sink {
  latencies: number[];
  graphqlErrors: number;
  samples: string[];
}

function fire(options: LoadOptions, sink: Sink): Promise<autocannon.Result> {
  const { bodies } = options;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        overallRate: options.overallRate,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.key}` },
        requests: [
          {
            method: 'POST',
            path: '/graphql',
            setupRequest(request) {
              request.body = bodies[Math.floor(Math.random() * bodies.length)];
              return request;
            },
            onResponse(status, body) {
              // A substring test keeps the load generator's CPU per response small; a false positive would need
              // a trait or identity value containing "errors" in quotes, which the bench data has none of.
              const bad = status !== 200 || body.includes('"errors"');
              if (status === 200 && bad) sink.graphqlErrors++;
              if (bad && sink.samples.length < 3) sink.samples.push(`${status} ${body.slice(0, 300)}`);
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) sink.latencies.push(ms);
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const sink: Sink = { latencies: [], graphqlErrors: 0, samples: [] };
  const started = process.hrtime.bigint();
  const streams = options.paced && options.overallRate ? options.connections : 1;
  const results = await Promise.all(
    Array.from({ length: streams }, async (_, i) => {
      if (streams === 1) return fire(options, sink);
      await sleep((i * 1000) / streams);
      return fire({ ...options, connections: 1, overallRate: options.overallRate! / streams }, sink);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const sorted = Float64Array.from(sink.latencies).sort();
  const total = (pick: (r: autocannon.Result) => number) => results.reduce((sum, r) => sum + pick(r), 0);
  const requests = total((r) => r.requests.total);
  return {
    requests,
    seconds,
    // Per instance over its own duration: paced instances start up to a second apart, so wall time overstates.
    reqPerSec: total((r) => r.requests.total / r.duration),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    autocannonP99: Math.max(...results.map((r) => r.latency.p99)),
    non2xx: total((r) => r.non2xx),
    transportErrors: total((r) => r.errors),
    graphqlErrors: sink.graphqlErrors,
    samples: sink.samples,
  };
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  idempotencyKey: string;
  signature: string;
  body: string;
  /** What the receiver answered. */
  status: number;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** The requests answered 2xx, in arrival order. */
  accepted(): ReceivedRequest[];
  /** Decide the status of the next requests (default 200). */
  answer: (n: number) => number;
  close(): Promise<void>;
}

/** A webhook endpoint on 127.0.0.1 that records every POST. */
export async function startReceiver(answer: (n: number) => number = () => 200, port = 0): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const receiver: Receiver = {
    url: '',
    requests,
    accepted: () => requests.filter((r) => r.status >= 200 && r.status < 300),
    answer,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = receiver.answer(requests.length);
      requests.push({
        idempotencyKey: String(req.headers['strata-idempotency-key'] ?? ''),
        signature: String(req.headers['strata-signature'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
        status,
      });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}

/** Poll `check` until it returns true (or throw after `timeoutMs`). */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';

/** An HTTP-level refusal (before GraphQL), answered as a GraphQL-shaped error body. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly code = 'BAD_REQUEST') {
    super(message);
  }
}

/**
 * The body, up to `limit` bytes. An oversize body is drained (not kept) so the client can read the 413 on the same
 * connection; one far over the limit has its connection cut instead.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit * 16) {
      req.socket.destroy();
      break;
    }
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  if (size > limit) throw new HttpError(413, `request body larger than ${limit} bytes`);
  return Buffer.concat(chunks);
}

export function send(res: ServerResponse, status: number, body: string | Buffer, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** `extra` goes beside the code in `extensions` (e.g. `field`), as GraphQL errors carry it. */
export const errorBody = (message: string, code: string, extra: Record<string, string> = {}) =>
  JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] });

import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export interface StrataProcess {
  child: ChildProcess;
  port: number;
  base: string;
  output(): string;
  exited: Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Run a built entry point (dist/src/…) from the repository root, as `npm start` and the CLIs do. */
export function runNode(script: string, args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [path.resolve('dist/src', script), ...args], {
    cwd: path.resolve('.'),
    env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export async function startStrata(env: Record<string, string>): Promise<StrataProcess> {
  const port = await freePort();
  const run = runNode('main.js', [], { PORT: String(port), ...env });
  return { ...run, port, base: `http://127.0.0.1:${port}` };
}

/** Poll /readyz until 200; returns the milliseconds it took. */
export async function waitReady(p: StrataProcess, timeoutMs = 90_000): Promise<number> {
  const started = Date.now();
  let exitCode: number | null | undefined;
  void p.exited.then((c) => (exitCode = c));
  while (Date.now() - started < timeoutMs) {
    if (exitCode !== undefined) throw new Error(`server exited with ${exitCode}:\n${p.output()}`);
    try {
      const res = await fetch(`${p.base}/readyz`);
      if (res.status === 200) return Date.now() - started;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready after ${timeoutMs} ms:\n${p.output()}`);
}

export async function stop(p: { child: ChildProcess; exited: Promise<number | null> }): Promise<number | null> {
  if (p.child.exitCode === null) p.child.kill('SIGTERM');
  return p.exited;
}

export async function gql(base: string, key: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: any[] } };
}

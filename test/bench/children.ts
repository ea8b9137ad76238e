import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/** Servers under test run as child processes, so each has its own event loop and its CPU time can be read. */
export interface Server {
  name: string;
  url: string;
  pid: number;
  /** The last few KB the process wrote, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

// The last line of defence: whatever way the bench ends, no server outlives it. 'exit' handlers must be
// synchronous, so this can only send the signal.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  /** Sees everything the process writes (stdout and stderr), for suites that read its log. */
  onOutput?: (chunk: string) => void;
  /** Node flags before the script, e.g. --cpu-prof (which NODE_OPTIONS does not accept). */
  nodeArgs?: string[];
}

export async function startServer(name: string, script: string, env: Record<string, string>, options: StartOptions = {}): Promise<Server> {
  const { onOutput, nodeArgs = [] } = options;
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-8192);
    onOutput?.(text);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (running.delete(child), resolve())));

  const server: Server = {
    name,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => tail,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  await waitReady(server, exited);
  return server;
}

async function waitReady(server: Server, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${server.name} exited before it was ready:\n${server.output()}`);
    try {
      const res = await fetch(`${server.url}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await server.stop();
  throw new Error(`${server.name} not ready after 60 s:\n${server.output()}`);
}

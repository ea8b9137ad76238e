import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type postgres from 'postgres';
import { cpuMs } from './cpu';

/**
 * One run of a Node script as a child process, measured from outside: wall time; its peak RSS and CPU (from the
 * exit line of usage-preload.ts); the CPU and peak RSS of its PostgreSQL backends (sampled from pg_stat_activity and
 * /proc, so a backend that exits between samples loses its last tenth of a second); and where its backends spent the
 * time, by sampling what each was running.
 */
export interface ChildRun {
  exitCode: number | null;
  wallMs: number;
  output: string;
  node: { maxRssKb: number; cpuMs: number } | null;
  postgres: { cpuMs: number; maxRssKb: number; backends: number };
  /** Seconds a backend was seen running a statement of each kind (two busy backends count twice). */
  phases: Record<string, number>;
}

const SAMPLE_MS = 100;
const USAGE = /^@@bench-usage (.*)$/m;

function rssKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export async function measureChild(
  script: string,
  env: Record<string, string>,
  watch: { admin: postgres.Sql; database: string; applicationName: string; phaseOf: (query: string) => string },
): Promise<ChildRun> {
  const preload = path.join(__dirname, 'usage-preload.js');
  const started = performance.now();
  const child = spawn(process.execPath, ['--require', preload, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));

  const backendCpu = new Map<number, number>();
  const backendRss = new Map<number, number>();
  const phases: Record<string, number> = {};
  while (!done) {
    const active = await watch.admin<{ pid: number; state: string | null; query: string }[]>`
      select pid, state, left(query, 200) as query from pg_stat_activity
      where datname = ${watch.database} and application_name = ${watch.applicationName}`;
    for (const b of active) {
      backendCpu.set(b.pid, Math.max(backendCpu.get(b.pid) ?? 0, cpuMs(b.pid)));
      backendRss.set(b.pid, Math.max(backendRss.get(b.pid) ?? 0, rssKb(b.pid)));
      if (b.state === 'active') {
        const phase = watch.phaseOf(b.query);
        phases[phase] = (phases[phase] ?? 0) + SAMPLE_MS / 1000;
      }
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, SAMPLE_MS))]);
  }
  const exitCode = await exited;
  const wallMs = performance.now() - started;
  const usage = USAGE.exec(output);
  const parsed = usage ? (JSON.parse(usage[1]) as { maxRssKb: number; userMs: number; systemMs: number }) : null;
  return {
    exitCode,
    wallMs,
    output: output.replace(USAGE, '').trim(),
    node: parsed && { maxRssKb: parsed.maxRssKb, cpuMs: parsed.userMs + parsed.systemMs },
    postgres: {
      cpuMs: [...backendCpu.values()].reduce((a, b) => a + b, 0),
      maxRssKb: Math.max(0, ...backendRss.values()),
      backends: backendCpu.size,
    },
    phases,
  };
}

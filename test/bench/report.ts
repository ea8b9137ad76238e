import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { LoadResult } from './load';

export interface Measurement {
  case: string;
  server: 'strata' | 'raw';
  /** 'max' = as fast as the server answers; otherwise the fixed rate. */
  mode: string;
  load: LoadResult;
  /** CPU ms per request of the server process, its PostgreSQL backends and the load generator. */
  cpuPerRequest: { server: number; postgres: number; loadGenerator: number };
}

export interface Verdict {
  case: string;
  mode: string;
  target: string;
  value: string;
  pass: boolean;
  /** Raw's total CPU per request over Strata's (server + PostgreSQL + load generator). */
  cpuRatio?: number;
}

export const failures = (m: Measurement) => m.load.non2xx + m.load.transportErrors + m.load.graphqlErrors;

const num = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '-');

/** A plain-text table; columns for which `numeric(i)` holds are right-aligned. */
export function table(header: string[], rows: string[][], numeric: (column: number) => boolean): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (numeric(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The loud banner for a run whose numbers cannot be trusted; `lines` say why. */
export function printInvalid(what: string, lines: string[]): void {
  const bar = '!'.repeat(100);
  console.log(bar);
  console.log(`!!! BENCH INVALID: ${what}`);
  for (const l of lines) console.log(`!!! ${l}`);
  console.log(bar + '\n');
}

export function printReport(measurements: Measurement[], verdicts: Verdict[]): void {
  const verdictOf = (m: Measurement) => verdicts.find((v) => v.case === m.case && v.mode === m.mode && m.server === 'strata');
  const header = ['case', 'server', 'load', 'req/s', 'p50 ms', 'p99 ms', 'strata/raw', 'target', 'result', 'cpu ms/req srv|pg|gen', 'failed'];
  const rows = measurements.map((m) => {
    const v = verdictOf(m);
    const ratio = v?.target.includes('raw') ? v.value : '';
    const c = m.cpuPerRequest;
    return [
      m.case, m.server, m.mode, num(m.load.reqPerSec, 0), num(m.load.p50, 1), num(m.load.p99, 1), ratio,
      v?.target ?? '', v ? (failures(m) ? 'INVALID' : v.pass ? 'PASS' : 'MISS') : '',
      `${num(c.server, 2)}|${num(c.postgres, 2)}|${num(c.loadGenerator, 2)}`, String(failures(m)),
    ];
  });
  console.log('\n' + table(header, rows, (i) => i >= 3 && i < 7) + '\n');
  const cpuRatios = verdicts.filter((v) => v.cpuRatio !== undefined).map((v) => `${v.case} ${num(v.cpuRatio!, 2)}`);
  if (cpuRatios.length) console.log(`strata/raw from total CPU ms per request (less swayed by other load): ${cpuRatios.join(', ')}\n`);

  const failed = measurements.filter((m) => failures(m) > 0);
  if (failed.length) {
    printInvalid(
      'some requests failed; the numbers above do not measure the read path.',
      failed.flatMap((m) => [
        `${m.case}/${m.server}/${m.mode}: non-2xx ${m.load.non2xx}, transport errors ${m.load.transportErrors}, GraphQL errors ${m.load.graphqlErrors}`,
        ...m.load.samples.map((s) => `  ${s}`),
      ]),
    );
  }
}

export function writeJson(suite: string, report: unknown): string {
  const dir = path.resolve('.bench');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${suite}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}

/** The code measured: commit, and whether src/ differed from it (numbers from a dirty tree are not reproducible). */
export function codeVersion(): string {
  if (process.env.BENCH_CODE_VERSION) return process.env.BENCH_CODE_VERSION;
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // A copy of the tree inside another checkout (an export under .bench/) would otherwise report that checkout's HEAD.
    if (fs.realpathSync(git('rev-parse', '--show-toplevel')) !== fs.realpathSync(process.cwd())) throw new Error('not the checkout root');
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src', 'drizzle') ? ' + uncommitted changes in src/ or drizzle/' : ''}`;
  } catch {
    return 'unknown (not run from a git checkout; BENCH_CODE_VERSION names it)';
  }
}

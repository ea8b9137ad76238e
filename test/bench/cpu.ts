import fs from 'node:fs';

/**
 * CPU time of processes by pid, from /proc (Linux only; elsewhere it reads 0). On a 2-core machine the load
 * generator, the server and PostgreSQL compete for the same cores, so throughput alone cannot say who is slow:
 * CPU ms per request per party can.
 */
const TICK_MS = 10; // USER_HZ is 100 on every Linux this runs on

export function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name, which may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime
  } catch {
    return 0;
  }
}

/** This process (the load generator), in ms. */
export function selfCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

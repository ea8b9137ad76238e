import { describeError, type Logger } from './log';

export interface PeriodicJob {
  /** Stop scheduling and wait for a running pass to finish. */
  stop(): Promise<void>;
}

/**
 * Run `pass` now and then `intervalSeconds` after each pass ends (0: never). A failed pass is logged and retried at
 * the next tick; passes never overlap. `signal` aborts when stop() is called, for passes that can stop early.
 */
export function startPeriodicJob(name: string, intervalSeconds: number, log: Logger, pass: (signal: AbortSignal) => Promise<void>): PeriodicJob {
  let stopped = intervalSeconds === 0;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const abort = new AbortController();
  const tick = () => {
    timer = null;
    running = pass(abort.signal)
      .catch((err) => log.error(`${name} failed`, { error: describeError(err) }))
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, intervalSeconds * 1000).unref();
      });
  };
  if (!stopped) timer = setTimeout(tick, 0).unref();
  return {
    async stop() {
      stopped = true;
      abort.abort();
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

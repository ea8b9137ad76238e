/** JSON-lines logger on stderr. Never log identity values or traits: reference ids only. */
export interface Logger {
  info(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export function createLogger(level: 'silent' | 'error' | 'info'): Logger {
  const write = (lvl: string, message: string, details?: Record<string, unknown>) =>
    process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: lvl, message, ...details }) + '\n');
  return {
    info: (m, d) => {
      if (level === 'info') write('info', m, d);
    },
    error: (m, d) => {
      if (level !== 'silent') write('error', m, d);
    },
  };
}

/**
 * An error as it may be logged: drizzle appends "params: …" (emails, phones) to its messages, and logs are not a
 * purgeable place, so the parameters are cut from the message and the stack.
 */
export function describeError(err: unknown): Record<string, unknown> | string {
  if (!(err instanceof Error)) return String(err);
  const strip = (text: string | undefined) => text?.replace(/\nparams: [\s\S]*?(?=\n    at |$)/, '\nparams: [redacted]');
  const cause = (err as { cause?: unknown }).cause;
  return {
    name: err.name,
    message: strip(err.message),
    stack: strip(err.stack),
    ...(cause instanceof Error ? { cause: { name: cause.name, message: cause.message } } : {}),
  };
}

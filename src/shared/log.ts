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

import { ConfigError } from '../shared/configError';
import { DataDirLockedError } from '../db/lockfile';

/** Expected failures are one clean line, unexpected ones a stack; both exit non-zero. */
export class UsageError extends Error {}

export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err) => {
      if (err instanceof UsageError || err instanceof ConfigError || err instanceof DataDirLockedError) {
        process.stderr.write(`${err.message}\n`);
        process.exit(err instanceof UsageError ? 2 : 1);
      }
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}

/** `--name value` and `--flag` options after positional words. */
export function parseArgs(argv: string[]): { words: string[]; options: Record<string, string | true> } {
  const words: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2);
      if (inline !== undefined) options[name] = inline;
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) options[name] = argv[++i];
      else options[name] = true;
    } else {
      words.push(arg);
    }
  }
  return { words, options };
}

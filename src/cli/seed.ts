import { SingleBar } from 'cli-progress';
import { SEED_CURRENCY_RATES, SEED_REPORTING_CURRENCY } from '../../seeds/btyd';
import { SeedError, seedDemoData, type SeedCounts } from '../../seeds/load';
import { loadConfig, type Config } from '../config';
import { openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { clock } from '../shared/clock';
import { parseArgs, runCli, UsageError } from './run';

const USAGE = `usage: npm run seed -- --customers N [--seed S] [--as-of YYYY-MM-DD] [--append]
  --customers  how many demo customers to generate (1 to 10,000,000)
  --seed       PRNG seed, 0 to 4294967295 (default 42); same seed, count and date give the same data
  --as-of      end of the observation window, a UTC date (default today); nothing seeded is later
  --append     add to a database that already has customers (otherwise the seed refuses)`;

interface Args {
  customers: number;
  seed: number;
  asOf: Date;
  append: boolean;
}

function wholeNumber(value: string | true | undefined, name: string, min: number, max: number): number {
  if (value === undefined) throw new UsageError(`--${name} is required\n${USAGE}`);
  if (typeof value !== 'string' || !/^\d+$/.test(value.replace(/_/g, ''))) throw new UsageError(`--${name} takes a whole number\n${USAGE}`);
  const n = Number(value.replace(/_/g, ''));
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}\n${USAGE}`);
  return n;
}

function parseAsOf(value: string | true | undefined): Date {
  if (value === undefined) return new Date(`${clock.now().toISOString().slice(0, 10)}T00:00:00Z`);
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!date || !Number.isFinite(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`--as-of takes a date like 2026-11-23, got "${String(value)}"\n${USAGE}`);
  }
  return date;
}

function readArgs(argv: string[]): Args {
  const { words, options } = parseArgs(argv);
  if (options.help || words.length > 0) throw new UsageError(USAGE);
  const unknown = Object.keys(options).filter((k) => !['customers', 'seed', 'as-of', 'append'].includes(k));
  if (unknown.length > 0) throw new UsageError(`unknown option --${unknown[0]}\n${USAGE}`);
  if (options.append !== undefined && options.append !== true) throw new UsageError(`--append takes no value\n${USAGE}`);
  return {
    customers: wholeNumber(options.customers, 'customers', 1, 10_000_000),
    seed: options.seed === undefined ? 42 : wholeNumber(options.seed, 'seed', 0, 0xffffffff),
    asOf: parseAsOf(options['as-of']),
    append: options.append === true,
  };
}

/**
 * Demo totals are converted with fixed rates into USD. Another reporting currency would make every seeded
 * total_reporting wrong, so refuse; differing configured rates only make new orders disagree a little, so warn.
 */
function checkCurrency(config: Config): void {
  if (config.reportingCurrency !== SEED_REPORTING_CURRENCY) {
    throw new UsageError(
      `demo data is priced in ${SEED_REPORTING_CURRENCY} but REPORTING_CURRENCY is ${config.reportingCurrency}; ` +
        `seed a database that reports in ${SEED_REPORTING_CURRENCY}`,
    );
  }
  for (const [code, hundredths] of Object.entries(SEED_CURRENCY_RATES)) {
    const configured = config.currencyRates[code];
    if (configured !== undefined && Number(configured) !== hundredths / 100) {
      process.stderr.write(`note: CURRENCY_RATES has ${code}=${configured}; demo orders use ${code}=${(hundredths / 100).toFixed(2)}\n`);
    }
  }
}

function report(counts: SeedCounts, ms: number): string {
  const width = Math.max(...Object.keys(counts).map((k) => k.length));
  const lines = Object.entries(counts).map(([table, n]) => `  ${table.padEnd(width)}  ${n.toLocaleString('en-US').padStart(12)}`);
  return `${lines.join('\n')}\nseeded in ${(ms / 1000).toFixed(1)} s\n`;
}

runCli(async () => {
  const args = readArgs(process.argv.slice(2));
  const config = loadConfig();
  checkCurrency(config);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, maxConnections: 4 });
  const bar = new SingleBar({
    format: 'seeding [{bar}] {percentage}% | {value}/{total} customers | {duration}s',
    stream: process.stderr,
    hideCursor: true,
  });
  try {
    await migrateDatabase(database, config.migrationsDir);
    const target = database.kind === 'pglite' ? config.dataDir : 'DATABASE_URL';
    process.stderr.write(`seeding ${args.customers} customers (seed ${args.seed}, as of ${args.asOf.toISOString().slice(0, 10)}) into ${target}\n`);
    const started = Date.now();
    bar.start(args.customers, 0);
    const counts = await seedDemoData(database, {
      customers: args.customers,
      seed: args.seed,
      asOf: args.asOf,
      append: args.append,
      onProgress: (done) => bar.update(done),
    });
    bar.stop();
    process.stdout.write(report(counts, Date.now() - started));
  } catch (err) {
    bar.stop();
    // Refusals (a non-empty database without --append) are expected: one clean line, no stack.
    throw err instanceof SeedError ? new UsageError(err.message) : err;
  } finally {
    await database.close();
  }
});

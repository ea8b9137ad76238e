import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { createIngestDeps } from '../app';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { checkImportFile, DEFAULT_BATCH_SIZE, formatOf, ImportError, importFile, type ImportFormat, type ImportSummary } from '../ingestion/import';
import { ensureSource } from '../ingestion/sources';
import { parseArgs, runCli, UsageError } from './run';

const USAGE = `usage: npm run import -- --file PATH [--source NAME] [--batch N] [--format ndjson|csv]
  --file    .ndjson / .jsonl: one Segment-spec message a line; .csv: one order a line, header
            order_id,total,currency,occurred_at,user_id,email,anonymous_id,message_id (see src/ingestion/import.ts)
  --source  source the lines are recorded under, created on first use (default "import")
  --batch   lines per transaction, 1 to 10000 (default ${DEFAULT_BATCH_SIZE})
  --format  ndjson or csv, when the file name does not say`;

const MAX_BATCH = 10_000;

interface Args {
  file: string;
  format: ImportFormat;
  source: string;
  batch: number;
}

function text(value: string | true | undefined, name: string): string | undefined {
  if (value === true || value === '') throw new UsageError(`--${name} takes a value\n${USAGE}`);
  return value;
}

function readArgs(argv: string[]): Args {
  const { words, options } = parseArgs(argv);
  if (options.help || words.length > 0) throw new UsageError(USAGE);
  const unknown = Object.keys(options).filter((k) => !['file', 'source', 'batch', 'format'].includes(k));
  if (unknown.length > 0) throw new UsageError(`unknown option --${unknown[0]}\n${USAGE}`);
  const file = text(options.file, 'file');
  if (!file) throw new UsageError(`--file is required\n${USAGE}`);
  const format = text(options.format, 'format') ?? formatOf(file);
  if (format !== 'ndjson' && format !== 'csv') {
    throw new UsageError(`${format ? `--format is ndjson or csv, got "${format}"` : `cannot tell the format of ${file}: name it .ndjson, .jsonl or .csv, or give --format`}\n${USAGE}`);
  }
  const batch = text(options.batch, 'batch') ?? String(DEFAULT_BATCH_SIZE);
  if (!/^\d+$/.test(batch) || Number(batch) < 1 || Number(batch) > MAX_BATCH) {
    throw new UsageError(`--batch takes a whole number from 1 to ${MAX_BATCH}, got "${batch}"\n${USAGE}`);
  }
  return { file: path.resolve(file), format, source: (text(options.source, 'source') ?? 'import').trim(), batch: Number(batch) };
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const count = (n: number): string => n.toLocaleString('en-US');

function report(args: Args, target: string, summary: ImportSummary, ms: number): string {
  const seconds = ms / 1000;
  const rows: [string, number][] = [['lines', summary.lines], ['accepted', summary.accepted], ['duplicate', summary.duplicate], ['rejected', summary.rejected]];
  const out = [
    `imported ${path.basename(args.file)} as source "${args.source}" into ${target} in ${seconds.toFixed(1)} s (${count(Math.round(summary.lines / Math.max(seconds, 0.001)))} lines/s)`,
    ...rows.map(([label, n]) => `  ${label.padEnd(9)}  ${count(n).padStart(10)}`),
  ];
  if (summary.rejections.length) {
    out.push(summary.rejected > summary.rejections.length ? `first ${summary.rejections.length} rejections:` : 'rejections:');
    for (const r of summary.rejections) out.push(`  line ${r.line}${r.field ? ` (${r.field})` : ''}: ${r.reason}`);
  }
  return `${out.join('\n')}\n`;
}

async function main(): Promise<void> {
  const args = readArgs(process.argv.slice(2));
  const config = loadConfig();
  await checkImportFile(args.file, args.format);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, maxConnections: 2 });
  const bar = new SingleBar({
    format: 'importing [{bar}] {percentage}% | {read} / {size} | {lines} lines | {duration}s',
    stream: process.stderr,
    hideCursor: true,
  });
  try {
    await migrateDatabase(database, config.migrationsDir);
    const target = database.kind === 'pglite' ? config.dataDir : 'DATABASE_URL';
    const sourceId = await ensureSource(database.db, args.source);
    const started = Date.now();
    const summary = await importFile(createIngestDeps(config, database), {
      file: args.file,
      format: args.format,
      sourceId,
      config,
      batchSize: args.batch,
      onProgress: ({ bytesRead, totalBytes, lines }) => {
        const payload = { read: mb(bytesRead), size: mb(totalBytes), lines: count(lines) };
        // An empty file still gets a bar that can reach 100%.
        if (!bar.isActive) bar.start(Math.max(totalBytes, 1), 0, payload);
        bar.update(Math.min(bytesRead, Math.max(totalBytes, 1)), payload);
      },
    });
    bar.stop();
    process.stdout.write(report(args, target, summary, Date.now() - started));
  } finally {
    bar.stop();
    await database.close();
  }
}

// A file that cannot be imported is exit 1 with one clean line, like a configuration error; run.ts knows no such class.
runCli(() =>
  main().catch((err) => {
    if (!(err instanceof ImportError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }),
);

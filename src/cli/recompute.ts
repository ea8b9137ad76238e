import { SingleBar } from 'cli-progress';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { recomputeAll } from '../metrics/recompute';
import { sweepSegments } from '../segments/segments';
import { clock } from '../shared/clock';
import { parseArgs, runCli, UsageError } from './run';

const USAGE = `usage: npm run recompute
  Recompute the RFM cut points over all buyers and re-score every customer (RFM, lifecycle, AIPL, churn, LTV) as of
  now, then re-evaluate the segments that read them,
  set-based, in chunks. Runs on DATABASE_URL, or on the embedded database when no server holds it.`;

runCli(async () => {
  const { words, options } = parseArgs(process.argv.slice(2));
  if (words.length || Object.keys(options).length) throw new UsageError(USAGE);
  const config = loadConfig();
  // The run's connections and one to spare (recomputeAll keeps one free).
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, maxConnections: config.metrics.recomputeConnections + 2 });
  const bar = new SingleBar({
    format: 'scoring [{bar}] {percentage}% | {value}/{total} customers | {duration}s',
    stream: process.stderr,
    hideCursor: true,
  });
  try {
    await migrateDatabase(database, config.migrationsDir);
    const started = Date.now();
    const result = await recomputeAll(database, config.metrics, clock.now(), {
      onProgress: (done, total) => {
        if (!bar.isActive) bar.start(Math.max(total, 1), 0);
        bar.update(done);
      },
    });
    bar.stop();
    const segments = await sweepSegments(database, { timeZone: config.businessTimezone });
    process.stdout.write(
      `re-scored ${result.scored.toLocaleString('en-US')} customers (${result.buyers.toLocaleString('en-US')} buyers in the cut points), ` +
        `removed ${result.removed} stale rows, re-evaluated ${segments.segments} segments (${segments.entered} entered, ${segments.exited} exited), ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    const p = result.phases;
    const sec = (ms: number) => (ms / 1000).toFixed(1);
    process.stdout.write(
      `  values ${sec(p.values)} s, cut points ${sec(p.cutPoints)} s, writes ${sec(p.writes)} s, LTV deciles ${sec(p.ltvDeciles)} s, ` +
        `stale rows ${sec(p.orphans)} s\n`,
    );
  } finally {
    bar.stop();
    await database.close();
  }
});

import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/client';
import { refitModels } from '../../src/metrics/model';
import { clock } from '../../src/shared/clock';

/**
 * The recompute suite's refit, in its own process so its peak RSS is its own: `refitModels` as the admin mutation runs
 * it (every buyer's summary read, BG/NBD, MBG/NBD and Gamma-Gamma fitted, everyone re-scored with the new fit).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, maxConnections: config.metrics.recomputeConnections + 2 });
  try {
    const now = clock.now();
    const fit = await refitModels(database, config.metrics, now, now);
    process.stdout.write(`refit ${fit.id}\n`);
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  process.stderr.write(`refit: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

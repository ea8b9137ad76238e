import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { runCli } from './run';

runCli(async () => {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, maxConnections: 2 });
  try {
    await migrateDatabase(database, config.migrationsDir);
    process.stdout.write(`migrations applied (${database.kind === 'pglite' ? config.dataDir : 'DATABASE_URL'})\n`);
  } finally {
    await database.close();
  }
});

import { createApiKey, listApiKeys, revokeApiKey } from '../auth/keys';
import { SCOPES } from '../auth/scopes';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { ensureSource } from '../ingestion/sources';
import { parseArgs, runCli, UsageError } from './run';

const USAGE = `usage:
  npm run keys -- create --scopes profiles:read,pii:read [--name NAME] [--source SOURCE] [--expires-in-days N]
  npm run keys -- list
  npm run keys -- revoke <key id | key prefix>
scopes: ${SCOPES.join(', ')}
--source binds the key to a source by name (web, app, crm, shop, service, … created if missing); ingest keys need one.`;

runCli(async () => {
  const { words, options } = parseArgs(process.argv.slice(2));
  const command = words[0];
  if (!['create', 'list', 'revoke'].includes(command ?? '')) throw new UsageError(USAGE);
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, maxConnections: 2 });
  try {
    await migrateDatabase(database, config.migrationsDir);
    const db = database.db;
    if (command === 'create') {
      if (typeof options.scopes !== 'string') throw new UsageError(`--scopes is required\n${USAGE}`);
      const days = options['expires-in-days'];
      if (days !== undefined && !(typeof days === 'string' && /^\d+$/.test(days))) throw new UsageError('--expires-in-days takes a whole number');
      let key;
      try {
        key = await createApiKey(db, {
          name: typeof options.name === 'string' ? options.name : `key created ${new Date().toISOString()}`,
          scopes: options.scopes.split(',').map((s) => s.trim()).filter(Boolean),
          sourceId: typeof options.source === 'string' ? await ensureSource(db, options.source) : null,
          expiresAt: typeof days === 'string' ? new Date(Date.now() + Number(days) * 86_400_000) : null,
        });
      } catch (err) {
        throw new UsageError(`${(err as Error).message}\n${USAGE}`);
      }
      process.stdout.write(`created key ${key.id} (${key.scopes.join(', ')})\nsecret (shown once, store it now):\n${key.secret}\n`);
    } else if (command === 'list') {
      const keys = await listApiKeys(db);
      const lines = keys.map((k) =>
        [k.id, k.prefix + '…', k.name, k.scopes.join(','), k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : k.expiresAt ? `expires ${k.expiresAt.toISOString()}` : 'active'].join('  '),
      );
      process.stdout.write((lines.length ? lines.join('\n') : 'no keys') + '\n');
    } else {
      if (!words[1]) throw new UsageError(USAGE);
      const n = await revokeApiKey(db, words[1]);
      if (n === 0) throw new UsageError(`no active key with id or prefix ${words[1]}`);
      process.stdout.write(`revoked ${n} key(s); running servers stop accepting it within 10 s\n`);
    }
  } finally {
    await database.close();
  }
});

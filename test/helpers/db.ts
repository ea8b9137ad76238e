import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/db/client';

/** A fresh, migrated database of its own for one test file, on the path the run was started for. */
export async function createTestDatabase(): Promise<Database> {
  const stateFile = process.env.STRATA_TEST_STATE;
  if (!stateFile) throw new Error('STRATA_TEST_STATE unset: run tests through jest (globalSetup)');
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  if (state.mode === 'postgres') {
    // Jest gives each test file a fresh module registry, so a module-level counter would repeat: use randomness.
    const name = `${state.template.replace('_tpl_', '_f_')}_${randomBytes(4).toString('hex')}`;
    const admin = postgres(state.adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name} template ${state.template}`);
    await admin.end();
    const url = new URL(state.adminUrl);
    url.pathname = `/${name}`;
    return openDatabase({ databaseUrl: url.toString(), dataDir: '', maxConnections: 5 });
  }
  const dump = new Blob([fs.readFileSync(state.dumpFile)]);
  return openDatabase({ databaseUrl: null, dataDir: '', pgliteLoadDataDir: dump });
}

export function testDbMode(): 'pglite' | 'postgres' {
  return process.env.STRATA_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

import fs from 'node:fs';
import postgres from 'postgres';

export default async function globalTeardown(): Promise<void> {
  const stateFile = process.env.STRATA_TEST_STATE;
  if (!stateFile || !fs.existsSync(stateFile)) return;
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  if (state.mode === 'postgres') {
    const admin = postgres(state.adminUrl, { max: 1, onnotice: () => {} });
    const clones = await admin`select datname from pg_database where datname like ${state.template.replace('_tpl_', '_f_') + '%'}`;
    for (const { datname } of clones) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.unsafe(`drop database if exists ${state.template} with (force)`);
    await admin.end();
  } else if (state.dumpFile) {
    fs.rmSync(state.dumpFile, { force: true });
  }
  fs.rmSync(stateFile, { force: true });
}

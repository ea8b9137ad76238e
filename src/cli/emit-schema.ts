import fs from 'node:fs';
import path from 'node:path';
import { emitSdl } from '../graphql/sdl';
import { runCli, UsageError } from './run';

const FILE = path.resolve('schema/schema.graphql');

runCli(async () => {
  const sdl = await emitSdl();
  if (process.argv.includes('--check')) {
    const committed = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '';
    if (committed !== sdl) throw new UsageError('schema/schema.graphql is out of date: run `npm run schema` and commit it');
    process.stdout.write('schema/schema.graphql is up to date\n');
    return;
  }
  fs.mkdirSync(path.dirname(FILE), { recursive: true });
  fs.writeFileSync(FILE, sdl);
  process.stdout.write(`wrote ${path.relative(process.cwd(), FILE)}\n`);
});

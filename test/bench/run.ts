import { deliverySuite } from './delivery';
import { ingestSuite } from './ingest';
import { readSuite } from './read';
import { recomputeSuite } from './recompute';
import { segmentsSuite } from './segments';

/**
 * `npm run bench -- <suite>`: benchmarks against a real PostgreSQL, never part of `npm test`. Each suite returns
 * its exit code: 0 when it ran cleanly (a missed target is reported, not failed), 1 when requests failed.
 */
const SUITES: Record<string, () => Promise<number>> = {
  read: readSuite,
  ingest: ingestSuite,
  recompute: recomputeSuite,
  segments: segmentsSuite,
  delivery: deliverySuite,
};

async function main(): Promise<void> {
  const name = process.argv[2];
  const suite = name ? SUITES[name] : undefined;
  if (!suite) {
    process.stderr.write(`usage: npm run bench -- <suite>\n  suites: ${Object.keys(SUITES).join(', ')}\n`);
    process.exit(2);
  }
  process.exitCode = await suite();
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

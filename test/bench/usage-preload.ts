import fs from 'node:fs';

/**
 * Loaded with `node --require` into a child the bench measures: as the process exits, its own peak RSS and CPU time
 * go to stderr on one marked line (measure-child.ts reads it). Nothing else in the child changes.
 */
process.on('exit', () => {
  const u = process.resourceUsage();
  const usage = { maxRssKb: u.maxRSS, userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000 };
  fs.writeSync(2, `\n@@bench-usage ${JSON.stringify(usage)}\n`);
});

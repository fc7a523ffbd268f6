/**
 * `npm run bench`: every benchmark in bench/*.bench.ts, one after the other (never in parallel:
 * they would measure each other), each with its own defaults. Extra arguments such as `--json`
 * are passed to each.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
let failed = 0;
for (const bench of benches) {
  process.stderr.write(`\n=== ${bench} ===\n`);
  const result = spawnSync(
    process.execPath,
    ['--import', path.join(dir, '../bin/run-typescript.js'), path.join(dir, bench), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    failed++;
    process.stderr.write(`${bench} failed (exit ${result.status ?? result.signal})\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;

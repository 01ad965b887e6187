/**
 * `npm start`'s prestart: compile only when a source changed since the last build (issue 14: a
 * restart used to compile every time, 36 s on a small machine). The stamp is written after tsc
 * succeeds, so a failed build is retried on the next start. `--always` (npm run build) skips the check.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { isBuildCurrent, root, stampFile } from './build-state.mjs';

if (!process.argv.includes('--always') && isBuildCurrent()) {
  process.stdout.write('build is current (no source changed since the last one)\n');
} else {
  process.stdout.write('sources changed: building…\n');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const started = Date.now();
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, `${new Date(started).toISOString()}\n`);
  // Stamped with the time the compile began: a file saved while tsc ran makes the next start build again.
  utimesSync(stampFile, started / 1000, started / 1000);
  process.stdout.write(`built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

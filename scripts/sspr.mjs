/**
 * `npm run sspr -- …`: the built CLI when dist/ is current (well under 2 s per call), else the sources
 * through tsx (slower, but never a stale answer and never a 30-second compile in front of one command).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isBuildCurrent, root } from './build-state.mjs';

if (isBuildCurrent()) {
  await import(pathToFileURL(join(root, 'dist', 'cli.js')).href);
} else {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsx, join(root, 'src', 'cli.ts'), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

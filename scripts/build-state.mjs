/**
 * Whether dist/ is current: the newest compiled input (src/**.ts without tests, the tsconfig files)
 * against the stamp the last successful build left. Plain .mjs so that node runs it without tsx or
 * tsc: the point is to decide in milliseconds, not to start a compiler to learn nothing changed.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const stampFile = join(root, 'dist', '.build-stamp');

const newestIn = (dir) => {
  let newest = statSync(dir).mtimeMs; // a deleted or renamed file changes its folder's mtime
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestIn(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
};

export const newestInput = () =>
  Math.max(
    newestIn(join(root, 'src')),
    ...['tsconfig.json', 'tsconfig.build.json', 'package.json'].map((f) => statSync(join(root, f)).mtimeMs),
  );

export const isBuildCurrent = () => {
  try {
    return statSync(stampFile).mtimeMs >= newestInput();
  } catch {
    return false;
  }
};

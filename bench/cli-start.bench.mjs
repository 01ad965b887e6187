/**
 * How long one `npm run sspr -- …` call takes to start and finish (issue 14: 8–15 s when every call
 * compiled). Runs `node scripts/sspr.mjs` — what `npm run sspr` runs, minus npm's own start-up, which
 * is printed separately — for `--help` (start-up only) and `migrate` against a throwaway SQLite file
 * (start-up plus createApp and the store), BENCH_CLI_RUNS times each (default 5), median and max. With
 * a stale build the script falls back to tsx: the row says which path ran. Measures, never fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBuildCurrent, root } from '../scripts/build-state.mjs';

const runs = Number(process.env.BENCH_CLI_RUNS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'sspr-cli-bench-'));
const env = {
  ...process.env,
  SSPR_DATABASE_URL: `sqlite:${join(dir, 'sspr.db')}`,
  SSPR_SECRET_FILE: join(dir, 'secret'),
};

const time = (command, args) => {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${String(result.status)}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
};
const measure = (label, command, args) => {
  const times = Array.from({ length: runs }, () => time(command, args)).sort((a, b) => a - b);
  return { label, median: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
};

try {
  const path = isBuildCurrent() ? 'built CLI (dist/)' : 'tsx fallback (dist/ stale)';
  const rows = [
    measure('sspr --help', process.execPath, ['scripts/sspr.mjs', '--help']),
    measure('sspr migrate', process.execPath, ['scripts/sspr.mjs', 'migrate']),
    measure('npm run sspr -- --help', 'npm', ['run', '--silent', 'sspr', '--', '--help']),
  ];
  process.stdout.write(`CLI start time, ${runs} runs each, path: ${path}\n`);
  process.stdout.write('| command | median ms | max ms |\n| --- | ---: | ---: |\n');
  for (const row of rows) process.stdout.write(`| ${row.label} | ${row.median.toFixed(0)} | ${row.max.toFixed(0)} |\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

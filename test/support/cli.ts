import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect } from 'vitest';
import { runCliInProcess } from './cli-in-process.js';

export { runCliInProcess } from './cli-in-process.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  env: NodeJS.ProcessEnv;
  stdin?: string;
  cwd?: string;
}

const cliEntry = resolve('src/cli.ts');
// Resolved from the repository so that a test can run the CLI in another working directory.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * `sspr …` as an operator runs it: a real process (tsx start-up included), its exit code, stdout
 * and stderr. `stdin` is written and then closed, so nothing ever waits for input. A spawn costs one to
 * two seconds of start-up on a busy machine, so tests use it only where the process itself is the subject
 * (exit on a usage error, configuration read from the environment, start-up without the app); the rest
 * call the same commands through `runCliInProcess`.
 */
export const runCli = (args: string[], options: CliRunOptions) =>
  new Promise<CliResult>((done, fail) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, cliEntry, ...args], {
      env: options.env,
      cwd: options.cwd ?? process.cwd(),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });

/**
 * A throwaway folder for one test file (removed after it) holding the SQLite file every `sspr`
 * call of the file shares. `sspr` and `json` run the commands in-process; `spawn` runs the real binary.
 * `json` adds `--json`, requires exit code 0 and parses stdout.
 */
export const useCliSandbox = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const databaseFile = join(dir, 'sspr.db');
  const databaseUrl = `sqlite:${databaseFile}`;
  const env = { ...process.env, SSPR_DATABASE_URL: databaseUrl, SSPR_LOG_LEVEL: 'silent' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const sspr = (...args: string[]) => runCliInProcess(args, { env });
  const spawnSspr = (...args: string[]) => runCli(args, { env });
  const json = async (...args: string[]) => {
    const result = await sspr(...args, '--json');
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout);
  };
  return { dir, databaseFile, databaseUrl, env, sspr, spawn: spawnSspr, json };
};

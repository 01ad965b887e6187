import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect } from 'vitest';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const cliEntry = resolve('src/cli.ts');
// Resolved from the repository so that a test can run the CLI in another working directory.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * `sspr …` as an operator runs it: a real process (tsx start-up included), its exit code, stdout
 * and stderr. `stdin` is written and then closed, so nothing ever waits for input.
 */
export const runCli = (args: string[], options: { env: NodeJS.ProcessEnv; stdin?: string; cwd?: string }) =>
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
 * call of the file shares. `json` adds `--json`, requires exit code 0 and parses stdout.
 */
export const useCliSandbox = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const databaseFile = join(dir, 'sspr.db');
  const databaseUrl = `sqlite:${databaseFile}`;
  const env = { ...process.env, SSPR_DATABASE_URL: databaseUrl, SSPR_LOG_LEVEL: 'silent' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const sspr = (...args: string[]) => runCli(args, { env });
  const json = async (...args: string[]) => {
    const result = await sspr(...args, '--json');
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout);
  };
  return { dir, databaseFile, databaseUrl, env, sspr, json };
};

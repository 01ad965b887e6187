import { Readable } from 'node:stream';
import { CommanderError, type Command } from 'commander';
import type { CliResult, CliRunOptions } from './cli.js';

/** A `write` that appends to a string instead of the terminal, honouring the optional callback. */
const collector =
  (append: (text: string) => void) =>
  (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };

/** Commander ends the process on a usage error or --help; in-process it must throw instead, on every subcommand. */
const exitOverrideEverywhere = (command: Command): void => {
  command.exitOverride();
  for (const sub of command.commands) exitOverrideEverywhere(sub);
};

const setProperty = (target: object, key: string, value: unknown) =>
  Object.defineProperty(target, key, { value, configurable: true, writable: true });

/**
 * `sspr …` run in this process through the same program `src/cli.ts` starts, with what a process would see
 * swapped in for the call: argv, the environment, the working directory, stdin (piped, not a terminal), and
 * stdout/stderr captured. The exit code is what the process would exit with: `process.exitCode` as the command
 * left it, or the code of commander's usage error. Saves the 1-2 s of tsx start-up a spawn costs per call;
 * calls within a test file run one after another (vitest runs a file's tests in sequence), so the swap is safe.
 */
export const runCliInProcess = async (args: string[], options: CliRunOptions): Promise<CliResult> => {
  const { createProgram } = await import('../../src/cli/program.js');
  const saved = {
    argv: process.argv,
    env: process.env,
    cwd: process.cwd(),
    exitCode: process.exitCode,
    stdin: Object.getOwnPropertyDescriptor(process, 'stdin'),
    // Own properties of the streams as they were (undefined: the prototype's), put back as found.
    streams: [process.stdout, process.stderr].map((stream) => ({
      stream,
      write: Object.getOwnPropertyDescriptor(stream, 'write'),
      isTTY: Object.getOwnPropertyDescriptor(stream, 'isTTY'),
    })),
  };
  let stdout = '';
  let stderr = '';
  let code: number;
  process.argv = [process.execPath, 'sspr', ...args];
  process.env = { ...options.env };
  process.exitCode = undefined;
  if (options.cwd) process.chdir(options.cwd);
  setProperty(process, 'stdin', Readable.from([Buffer.from(options.stdin ?? '')]));
  setProperty(process.stdout, 'isTTY', false);
  setProperty(process.stderr, 'isTTY', false);
  setProperty(
    process.stdout,
    'write',
    collector((text) => (stdout += text)),
  );
  setProperty(
    process.stderr,
    'write',
    collector((text) => (stderr += text)),
  );
  try {
    const program = createProgram();
    exitOverrideEverywhere(program);
    await program.parseAsync(process.argv);
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) code = error.exitCode;
    else {
      // An error escaping the program would crash a real process: exit 1 with the stack on stderr.
      stderr += `${error instanceof Error ? error.stack : String(error)}\n`;
      code = 1;
    }
  } finally {
    for (const { stream, ...own } of saved.streams)
      for (const key of ['write', 'isTTY'] as const) {
        const descriptor = own[key];
        if (descriptor) Object.defineProperty(stream, key, descriptor);
        else Reflect.deleteProperty(stream, key);
      }
    if (saved.stdin) Object.defineProperty(process, 'stdin', saved.stdin);
    if (options.cwd) process.chdir(saved.cwd);
    process.exitCode = saved.exitCode;
    process.env = saved.env;
    process.argv = saved.argv;
  }
  return { code, stdout, stderr };
};

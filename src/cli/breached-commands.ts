/**
 * `sspr password breached …`: build and query the offline breached-password index. These commands
 * need neither the configuration nor the database, so they do not call createApp.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { importBreachedCorpus, openBreachedIndex, type ImportProgress } from '../adapters/breached/offline-index.js';
import { SsprError } from '../core/errors.js';
import { createOutput, reportError, type Output } from './output.js';

export const defaultBreachedIndexPath = './data/breached.idx';

/** Longest stdin we accept: far above any password (NIST allows 64+, Entra 256), far below a pasted file. */
const maxStdinBytes = 64 * 1024;

interface BreachedOptions {
  index: string;
  json?: boolean;
}

const fileReasons: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
  EEXIST: 'a parent exists but is not a directory', // what mkdir -p reports for a file in the way
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

/** Turns an operating-system file error into one readable VALIDATION_FAILED line; anything else passes through. */
const asFileProblem = (error: unknown, what: string): unknown => {
  const reason = fileReasons[(error as NodeJS.ErrnoException | undefined)?.code ?? ''];
  return reason ? new SsprError('VALIDATION_FAILED', `${what}: ${reason}`, {}, { cause: error }) : error;
};

/** Runs an action with --json handling; every failure ends in one line on stderr and a non-zero exit code. */
const runOffline =
  (action: (options: BreachedOptions, out: Output) => Promise<void>) => async (options: BreachedOptions) => {
    const json = Boolean(options.json);
    try {
      await action(options, createOutput(json));
    } catch (error) {
      process.exitCode = reportError(error, json);
    }
  };

const formatBytes = (bytes: number) =>
  bytes >= 1e9
    ? `${(bytes / 1e9).toFixed(1)} GB`
    : bytes >= 1e6
      ? `${(bytes / 1e6).toFixed(1)} MB`
      : bytes >= 1e3
        ? `${(bytes / 1e3).toFixed(1)} kB`
        : `${bytes} bytes`;

const describeProgress = (progress: ImportProgress) =>
  progress.phase === 'reading'
    ? `read ${progress.lines.toLocaleString('en')} lines (${Math.floor((100 * progress.bytesRead) / Math.max(1, progress.totalBytes))}%)`
    : `read ${progress.lines.toLocaleString('en')} lines; merging the sorted runs into the index`;

const importCorpus = async (file: string, options: BreachedOptions, out: Output) => {
  const index = resolve(options.index);
  const input = await stat(file).catch((error: unknown) => {
    throw asFileProblem(error, `cannot read ${file}`);
  });
  if (!input.isFile()) throw new SsprError('VALIDATION_FAILED', `cannot read ${file}: not a regular file`);
  await access(file, constants.R_OK).catch((error: unknown) => {
    throw asFileProblem(error, `cannot read ${file}`);
  });
  const result = await importBreachedCorpus(file, index, {
    onProgress: (progress) => out.info(describeProgress(progress)),
  }).catch((error: unknown) => {
    throw asFileProblem(error, `cannot write the index ${index}`);
  });
  // HIBP also publishes an NTLM corpus; its lines all look malformed here, which deserves a hint.
  if (result.records === 0 && result.malformedLines > 0) {
    out.info(`warning: no SHA1:COUNT lines found in ${file}; is it the SHA-1 corpus (not NTLM)?`);
  }
  out.result(
    { ...result, index },
    () =>
      `imported ${result.records.toLocaleString('en')} records into ${index} (${formatBytes(result.bytes)}); ` +
      `${result.malformedLines.toLocaleString('en')} malformed lines skipped`,
  );
};

/** Reads a typed line without echoing it: the password appears neither on screen nor in shell history. */
const readHiddenLine = (stdin: NodeJS.ReadStream): Promise<string> =>
  new Promise((resolvePassword, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolvePassword(typed);
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n' || character === '\u0004') return finish();
        if (character === '\u0003') return finish(new SsprError('VALIDATION_FAILED', 'cancelled'));
        if (character === '\u007f' || character === '\b') typed = Array.from(typed).slice(0, -1).join('');
        else typed += character;
      }
    };
    process.stderr.write('Password (not shown): ');
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.on('data', onData).resume();
  });

/** Reads exactly one password from piped stdin; one trailing line break is not part of it, nothing else is trimmed. */
const readPipedPassword = async (stdin: NodeJS.ReadStream): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxStdinBytes)
      throw new SsprError('VALIDATION_FAILED', 'stdin must hold one password, not a file of them');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (/[\r\n]/.test(text)) throw new SsprError('VALIDATION_FAILED', 'stdin must hold exactly one password (one line)');
  return text;
};

/** A missing index gets the command that creates it; a corrupt one (an Error without an OS code) keeps its own message. */
const explainOpenFailure = (error: unknown, path: string): unknown => {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new SsprError(
      'VALIDATION_FAILED',
      `no breached-password index at ${path}; create it with: sspr password breached import FILE`,
    );
  }
  if (error instanceof Error && !('code' in error))
    return new SsprError('VALIDATION_FAILED', error.message, {}, { cause: error });
  return asFileProblem(error, `cannot read ${path}`);
};

const checkPassword = async (options: BreachedOptions, out: Output) => {
  const path = resolve(options.index);
  const index = await openBreachedIndex(path).catch((error: unknown) => {
    throw explainOpenFailure(error, path);
  });
  try {
    const password = process.stdin.isTTY ? await readHiddenLine(process.stdin) : await readPipedPassword(process.stdin);
    if (password === '') throw new SsprError('VALIDATION_FAILED', 'no password given on stdin');
    const count = await index.countOf(password);
    out.result({ count, breached: count > 0, index: path }, () =>
      count > 0 ? `breached: seen ${count.toLocaleString('en')} times` : 'not found in the breached-password index',
    );
  } finally {
    await index.close();
  }
};

export const registerBreachedCommands = (password: Command) => {
  const breached = password
    .command('breached')
    .description('the offline breached-password index (see docs/breached-passwords.md)');
  breached
    .command('import')
    .description(
      'build the index from a SHA1:COUNT file (e.g. HIBP Pwned Passwords, SHA-1, ordered by hash); replaces it atomically',
    )
    .argument('<file>', 'the corpus: one SHA1:COUNT per line')
    .option('--index <path>', 'where to write the index', defaultBreachedIndexPath)
    .option('--json', 'print one JSON document')
    .action((file: string, options: BreachedOptions) => runOffline((o, out) => importCorpus(file, o, out))(options));
  breached
    .command('check')
    .description('look up ONE password read from stdin (never from the command line, which shell history keeps)')
    .option('--index <path>', 'the index to search', defaultBreachedIndexPath)
    .option('--json', 'print one JSON document')
    .action(runOffline(checkPassword));
};

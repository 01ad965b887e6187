import { isSsprError } from '../core/errors.js';

export interface Output {
  json: boolean;
  /** Prints the result: one JSON document with --json, the human text otherwise. */
  result(value: unknown, human: () => string): void;
  /** Progress and hints for people; silent with --json so stdout stays one parseable document. */
  info(line: string): void;
}

export const createOutput = (json: boolean): Output => ({
  json,
  result(value, human) {
    process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
  },
  info(line) {
    if (!json) process.stderr.write(`${line}\n`);
  },
});

/** One line on stderr (JSON with --json); never a stack trace for expected errors. */
export const reportError = (error: unknown, json: boolean): number => {
  const code = isSsprError(error) ? error.code : 'INTERNAL_ERROR';
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  const details = isSsprError(error) ? error.details : {};
  process.stderr.write(
    json ? `${JSON.stringify({ error: { code, message, ...details } })}\n` : `error: ${message} (${code})\n`,
  );
  return isSsprError(error) ? 1 : 70;
};

export const table = (rows: string[][]): string => {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

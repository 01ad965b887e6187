/**
 * Short, readable log lines for a person at a terminal in embedded mode (issue 14: JSON request logs
 * pushed the one-time demo passwords off screen). pino still formats and redacts each line; this only
 * re-renders the JSON it writes, so nothing redacted can come back. No pino-pretty: one line per
 * request is all that is wanted here, and a dependency for it is not worth its weight.
 */
const levels: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

interface LogLine {
  level?: number;
  time?: number;
  msg?: string;
  req?: { method?: string; route?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { type?: string; message?: string };
}

const clockOf = (time: number | undefined) => new Date(time ?? 0).toISOString().slice(11, 19);

/** One pino JSON line as a short line, or null for what a person at the terminal need not see. */
export const prettyLine = (json: string): string | null => {
  let line: LogLine;
  try {
    line = JSON.parse(json) as LogLine;
  } catch {
    return json.trimEnd();
  }
  const level = line.level ?? 30;
  // Each request is logged twice by Fastify; its completion says all (method, route, status, time).
  if (line.msg === 'incoming request' && level < 40) return null;
  const head = `${clockOf(line.time)} ${(levels[level] ?? String(level)).padEnd(5)}`;
  if (line.msg === 'request completed' && line.req && line.res)
    return `${head} ${line.req.method ?? ''} ${line.req.route ?? ''} ${line.res.statusCode ?? ''} ${Math.round(line.responseTime ?? 0)} ms`;
  const error = line.err ? ` (${line.err.type ?? 'Error'}: ${line.err.message ?? ''})` : '';
  return `${head} ${line.msg ?? ''}${error}`;
};

/** A log destination writing short lines to `out` (the terminal). */
export const prettyLogStream = (out: { write(text: string): unknown }) => ({
  write(chunk: string) {
    for (const json of chunk.split('\n')) {
      if (!json.trim()) continue;
      const text = prettyLine(json);
      if (text !== null) out.write(`${text}\n`);
    }
  },
});

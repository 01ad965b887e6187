import { describe, expect, it } from 'vitest';
import { prettyLine, prettyLogStream } from './pretty-log.js';

const at = Date.UTC(2026, 0, 2, 3, 4, 5);

describe('pretty log lines', () => {
  it('renders a completed request as one short line and drops the incoming one', () => {
    const completed = JSON.stringify({
      level: 30,
      time: at,
      msg: 'request completed',
      req: { method: 'POST', route: '/signin' },
      res: { statusCode: 303 },
      responseTime: 12.6,
    });
    expect(prettyLine(completed)).toBe('03:04:05 INFO  POST /signin 303 13 ms');
    expect(prettyLine(JSON.stringify({ level: 30, time: at, msg: 'incoming request' }))).toBeNull();
  });

  it('keeps warnings and errors with their message, and passes through what is not JSON', () => {
    const error = JSON.stringify({ level: 50, time: at, msg: 'boom', err: { type: 'Error', message: 'db gone' } });
    expect(prettyLine(error)).toBe('03:04:05 ERROR boom (Error: db gone)');
    expect(prettyLine('plain text')).toBe('plain text');
  });

  it('splits chunks into lines and writes only what is shown', () => {
    const written: string[] = [];
    const stream = prettyLogStream({ write: (text: string) => written.push(text) });
    stream.write(
      `${JSON.stringify({ level: 30, time: at, msg: 'incoming request' })}\n${JSON.stringify({ level: 30, time: at, msg: 'Server listening at http://127.0.0.1:3000' })}\n`,
    );
    expect(written).toEqual(['03:04:05 INFO  Server listening at http://127.0.0.1:3000\n']);
  });
});

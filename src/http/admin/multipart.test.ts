import { describe, expect, it } from 'vitest';
import { parseMultipart } from './multipart.js';

const body = (boundary: string, parts: string[]) =>
  Buffer.from(parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('') + `--${boundary}--\r\n`, 'latin1');

describe('the console multipart parser', () => {
  it('reads text fields and files, bytes intact', () => {
    const png = '\x89PNG\r\n\x1a\n\x00\xff';
    const parsed = parseMultipart(
      body('XyZ', [
        'Content-Disposition: form-data; name="_csrf"\r\n\r\ntok-en',
        `Content-Disposition: form-data; name="logo"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n${png}`,
      ]),
      'multipart/form-data; boundary=XyZ',
    );
    expect(parsed.fields).toEqual({ _csrf: 'tok-en' });
    expect(parsed.files.logo?.equals(Buffer.from(png, 'latin1'))).toBe(true);
  });

  it('refuses bodies without a boundary, without an end, or with nameless parts', () => {
    expect(() => parseMultipart(Buffer.from('x'), 'multipart/form-data')).toThrow(/boundary/);
    expect(() =>
      parseMultipart(
        Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx'),
        'multipart/form-data; boundary=b',
      ),
    ).toThrow(/malformed/);
    expect(() =>
      parseMultipart(body('b', ['Content-Disposition: form-data\r\n\r\nx']), 'multipart/form-data; boundary=b'),
    ).toThrow(/malformed/);
  });
});

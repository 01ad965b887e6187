/**
 * The one multipart/form-data body the console takes: the logo upload (a file input needs multipart; the rest of
 * the console posts urlencoded forms). A strict, small parser instead of a dependency: text fields and files by
 * name, every part's headers read, nothing written to disk; anything malformed is a 400, never a guess.
 */
import type { FastifyInstance } from 'fastify';
import { SsprError } from '../../core/errors.js';

export interface MultipartBody {
  fields: Record<string, string>;
  files: Record<string, Buffer>;
  /** The CSRF plugin reads `body._csrf`. */
  _csrf?: string;
}

const crlf = Buffer.from('\r\n');
const headerEnd = Buffer.from('\r\n\r\n');

/** Splits `body` at `--boundary` lines; the preamble and the epilogue are dropped. */
export const parseMultipart = (body: Buffer, contentType: string): MultipartBody => {
  const boundary = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  const name = boundary?.[1] ?? boundary?.[2];
  if (!name) throw new SsprError('VALIDATION_FAILED', 'multipart body without a boundary');
  const delimiter = Buffer.from(`--${name}`);
  const out: MultipartBody = { fields: {}, files: {} };
  let position = body.indexOf(delimiter);
  if (position < 0) throw new SsprError('VALIDATION_FAILED', 'multipart body without parts');
  for (let parts = 0; parts < 16; parts++) {
    const start = position + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') return out;
    if (!body.subarray(start, start + 2).equals(crlf)) break;
    const next = body.indexOf(Buffer.concat([crlf, delimiter]), start);
    if (next < 0) break;
    const part = body.subarray(start + 2, next);
    const split = part.indexOf(headerEnd);
    if (split < 0) break;
    const headers = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + headerEnd.length);
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const field = /\bname="([^"]{1,64})"/.exec(disposition)?.[1];
    if (!field) break;
    if (/\bfilename="/.test(disposition)) out.files[field] = Buffer.from(content);
    else out.fields[field] = content.toString('utf8');
    position = next + crlf.length;
  }
  throw new SsprError('VALIDATION_FAILED', 'malformed multipart body');
};

/** Registers the parser in the caller's (encapsulated) context; the CSRF token is lifted to `body._csrf`. */
export const acceptMultipart = (app: FastifyInstance, bodyLimit: number) => {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    try {
      const parsed = parseMultipart(body as Buffer, request.headers['content-type'] ?? '');
      const csrf = parsed.fields._csrf;
      done(null, csrf === undefined ? parsed : { ...parsed, _csrf: csrf });
    } catch (error) {
      done(error as Error, undefined);
    }
  });
};

import type { ErrorCode } from './errors.js';

/** Expected outcomes are values, not exceptions (a wrong password is not exceptional). */
export type Result<T, C extends ErrorCode = ErrorCode, D = Record<string, unknown>> =
  { ok: true; value: T } | { ok: false; code: C; details?: D };

export const success = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const failure = <C extends ErrorCode, D>(code: C, details?: D): { ok: false; code: C; details?: D } =>
  details === undefined ? { ok: false, code } : { ok: false, code, details };

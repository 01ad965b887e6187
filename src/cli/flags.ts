import { SsprError, type ErrorCode } from '../core/errors.js';

/** `on`/`off` flags; undefined when the flag was not given. */
export const onOff = (value: string | undefined, flag: string, code: ErrorCode): boolean | undefined => {
  if (value === undefined) return undefined;
  if (value !== 'on' && value !== 'off') throw new SsprError(code, `${flag} must be "on" or "off"`);
  return value === 'on';
};

export const wholeNumber = (value: string | undefined, flag: string, code: ErrorCode): number | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new SsprError(code, `${flag} must be a whole number`);
  return Number(value);
};

import type { Checked } from '../core/directory/identifiers.js';
import { SsprError } from '../core/errors.js';

/** Turns a failed check into the one error class, keeping its reason for the CLI's one-line message. */
export const orThrow = <T>(checked: Checked<T>): T => {
  if (!checked.ok) throw new SsprError(checked.code, checked.reason);
  return checked.value;
};

export const optional = <T>(input: string | undefined, check: (value: string) => Checked<T>): T | null =>
  input === undefined || input.trim() === '' ? null : orThrow(check(input));

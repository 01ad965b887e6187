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

/** Commander's reducer for a repeatable flag (`--role A --role B`). */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

export interface UserFieldFlags {
  displayName?: string;
  given?: string;
  surname?: string;
  usageLocation?: string;
  mobile?: string;
  officePhone?: string;
  alternateEmail?: string;
}

/** The user fields named by the flags that were given, in the services' words (`--given` → givenName, `--mobile` → mobilePhone). */
export const userFieldsOf = (o: UserFieldFlags) => ({
  ...(o.displayName !== undefined && { displayName: o.displayName }),
  ...(o.given !== undefined && { givenName: o.given }),
  ...(o.surname !== undefined && { surname: o.surname }),
  ...(o.usageLocation !== undefined && { usageLocation: o.usageLocation }),
  ...(o.mobile !== undefined && { mobilePhone: o.mobile }),
  ...(o.officePhone !== undefined && { officePhone: o.officePhone }),
  ...(o.alternateEmail !== undefined && { alternateEmail: o.alternateEmail }),
});

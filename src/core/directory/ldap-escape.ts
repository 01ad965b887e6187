/**
 * LDAP injection defence (ATK-12, ASVS 1.2.6): every untrusted value goes into a search filter through
 * `escapeFilterValue` (RFC 4515) and into a DN through `escapeDnValue` (RFC 4514). Attribute names come
 * from configuration, never from a user, and are checked against the RFC 4512 descriptor/OID syntax.
 * Pure string work; `parseDn` exists so that the escaping can be proved by round trip and so that DNs
 * from configuration and from the directory compare by value, not by spelling.
 */

const attributeName = /^(?:[A-Za-z][A-Za-z0-9-]*|[0-9]+(?:\.[0-9]+)+)$/;

export const isAttributeName = (name: string): boolean => attributeName.test(name);

const assertAttributeName = (name: string): void => {
  if (!isAttributeName(name)) throw new Error(`not an LDAP attribute name: ${JSON.stringify(name)}`);
};

/** RFC 4515 §3: `*` `(` `)` `\` and NUL become `\2a` `\28` `\29` `\5c` `\00`; everything else is UTF-8 as is. */
const filterSpecials = new Set(['*', '(', ')', '\\', '\u0000']);

export const escapeFilterValue = (value: string): string =>
  Array.from(value, (c) => (filterSpecials.has(c) ? `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c)).join('');

/** `(attribute=value)` with the value escaped: it can only ever be one equality assertion. */
export const equalityFilter = (attribute: string, value: string): string => {
  assertAttributeName(attribute);
  return `(${attribute}=${escapeFilterValue(value)})`;
};

/** `(|(a=v)(b=v))` for one value over several attributes (one attribute: the plain equality). */
export const anyEqualityFilter = (attributes: readonly string[], value: string): string => {
  if (attributes.length === 0) throw new Error('at least one attribute is needed');
  const parts = attributes.map((attribute) => equalityFilter(attribute, value));
  return parts.length === 1 ? (parts[0] as string) : `(|${parts.join('')})`;
};

/** `(&a b …)` of filters that are already well formed (configuration or built above). */
export const andFilter = (...filters: string[]): string =>
  filters.length === 1 ? (filters[0] as string) : `(&${filters.join('')})`;

/**
 * RFC 4514 §2.4: `"` `+` `,` `;` `<` `>` `\` (and `=`, harmless and named by the checklist) get a backslash,
 * a leading `#` or space and a trailing space too; NUL becomes `\00`.
 */
export const escapeDnValue = (value: string): string => {
  const chars = Array.from(value);
  return chars
    .map((c, index) => {
      if ('\\"+,;<>='.includes(c)) return `\\${c}`;
      if (c === '\u0000') return '\\00';
      if (index === 0 && (c === ' ' || c === '#')) return `\\${c}`;
      if (index === chars.length - 1 && c === ' ') return '\\ ';
      return c;
    })
    .join('');
};

export interface DnAttribute {
  type: string;
  value: string;
}
/** One RDN: usually one attribute, several for a multi-valued RDN (`cn=a+uid=b`). */
export type Rdn = DnAttribute[];

/** `type=value` with the value escaped. */
export const rdn = (type: string, value: string): string => {
  assertAttributeName(type);
  return `${type}=${escapeDnValue(value)}`;
};

/** A child DN: `type=value,parent`, the value escaped. */
export const childDn = (type: string, value: string, parent: string): string =>
  parent ? `${rdn(type, value)},${parent}` : rdn(type, value);

const hexPair = /^[0-9A-Fa-f]{2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses an RFC 4514 string DN into its RDNs (leftmost first). Values are unescaped: `\,` → `,`,
 * `\2C` → `,`, hex pairs forming UTF-8. Hex-string (`#04…`) values are refused. Throws on malformed input.
 */
export const parseDn = (dn: string): Rdn[] => {
  if (dn.trim() === '') return [];
  const rdns: Rdn[] = [];
  let current: Rdn = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`not a valid DN (${why}): ${JSON.stringify(dn)}`);
  };
  while (i <= dn.length) {
    while (dn[i] === ' ') i += 1;
    const eq = dn.indexOf('=', i);
    if (eq < 0) fail('missing "="');
    const type = dn.slice(i, eq).trim();
    if (!isAttributeName(type)) fail(`bad attribute type "${type}"`);
    i = eq + 1;
    if (dn[i] === '#') fail('hex-string values are not supported');
    const bytes: number[] = [];
    let trailingSpaces = 0;
    const encoder = new TextEncoder();
    while (i < dn.length && dn[i] !== ',' && dn[i] !== '+' && dn[i] !== ';') {
      const c = dn[i] as string;
      if (c === '\\') {
        const next = dn.slice(i + 1, i + 3);
        if (hexPair.test(next)) {
          bytes.push(parseInt(next, 16));
          i += 3;
        } else if (i + 1 < dn.length) {
          const codePoint = dn.codePointAt(i + 1) as number;
          const char = String.fromCodePoint(codePoint);
          bytes.push(...encoder.encode(char));
          i += 1 + char.length;
        } else {
          fail('dangling "\\"');
        }
        trailingSpaces = 0;
      } else if ('"<>'.includes(c) || c === '\u0000') {
        fail(`unescaped ${JSON.stringify(c)}`);
      } else {
        const codePoint = dn.codePointAt(i) as number;
        const char = String.fromCodePoint(codePoint);
        bytes.push(...encoder.encode(char));
        trailingSpaces = c === ' ' ? trailingSpaces + 1 : 0;
        i += char.length;
      }
    }
    // Unescaped trailing spaces are not part of the value (RFC 4514 §3).
    const valueBytes = trailingSpaces > 0 ? bytes.slice(0, bytes.length - trailingSpaces) : bytes;
    let value: string;
    try {
      value = utf8.decode(new Uint8Array(valueBytes));
    } catch {
      return fail('value is not UTF-8');
    }
    current.push({ type, value });
    const separator = dn[i];
    i += 1;
    if (separator !== '+') {
      rdns.push(current);
      current = [];
    }
    if (separator === undefined) break;
    if (i >= dn.length) fail('ends with a separator');
  }
  return rdns;
};

/**
 * A comparable form of a DN: types lower-cased, values lower-cased (the usual case-insensitive matching
 * rules of naming attributes), multi-valued RDNs sorted. For the protected-account list, not for writing.
 */
export const normaliseDn = (dn: string): string =>
  parseDn(dn)
    .map((parts) =>
      parts
        .map(({ type, value }) => `${type.toLowerCase()}=${escapeDnValue(value.toLowerCase())}`)
        .sort()
        .join('+'),
    )
    .join(',');

/**
 * Finds banned terms inside a normalised password within edit distance 1 (one substitution,
 * insertion or deletion), as Entra's fuzzy matching does (reference §5.4).
 *
 * A naive scan computes an edit distance for every term at every position: O(terms × length).
 * This index stores (hashes of) every term and each of its single-character deletions (the
 * "deletion neighbourhood"). Two strings are within distance 1 only if one equals the other, one
 * equals a deletion of the other, or they share a deletion — so each substring of the password
 * needs only its own deletions looked up, whatever the number of terms. Candidates are then
 * verified exactly.
 */

export interface BannedTermMatch {
  term: string;
  start: number;
  /** Exclusive. */
  end: number;
  /** Distance 0: the substring is the term itself. */
  exact: boolean;
}

export interface BannedTermsIndex {
  readonly size: number;
  /** Every occurrence (possibly overlapping) of a term within edit distance 1. */
  findMatches(normalisedPassword: string): BannedTermMatch[];
}

/** True when a and b differ by at most one substitution, insertion or deletion. */
export const withinOneEdit = (a: string, b: string): boolean => {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length > 1) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  if (short.length === long.length) return short.slice(i + 1) === long.slice(i + 1);
  return short.slice(i) === long.slice(i + 1);
};

/**
 * Polynomial hashes mod 2^32 (Math.imul), composable so that the hash of a substring with one
 * character deleted is two prefix-hash lookups and a multiply: no string is built while scanning.
 * A collision only costs an exact check.
 */
const base = 0x01000193;

const hashOf = (text: string, from = 0, to = text.length): number => {
  let h = 0;
  for (let i = from; i < to; i++) h = (Math.imul(h, base) + text.charCodeAt(i)) >>> 0;
  return h;
};

let powers = new Uint32Array([1]);
/** base^0 … base^n, grown on demand and shared. */
const powersUpTo = (n: number): Uint32Array => {
  if (powers.length <= n) {
    const grown = new Uint32Array(Math.max(n + 1, powers.length * 2));
    grown.set(powers);
    for (let i = powers.length; i < grown.length; i++) grown[i] = Math.imul(grown[i - 1]!, base) >>> 0;
    powers = grown;
  }
  return powers;
};

/** Hash of text without the character at `skip`. */
const hashWithout = (text: string, skip: number): number =>
  (Math.imul(hashOf(text, 0, skip), powersUpTo(text.length)[text.length - skip - 1]!) + hashOf(text, skip + 1)) >>> 0;

export const createBannedTermsIndex = (terms: Iterable<string>): BannedTermsIndex => {
  const unique = [...new Set(terms)].filter((term) => term.length > 0);
  const keys = new Map<number, number[]>();
  // A one-bit-per-hash filter in front of the map: most substrings of a password are no key at all,
  // and a bit test is far cheaper than a Map miss. 2^23 bits = 1 MiB.
  const filterBits = 23;
  const filter = new Uint8Array(1 << (filterBits - 3));
  const filterMask = (1 << filterBits) - 1;
  const add = (key: number, id: number) => {
    const bit = key & filterMask;
    filter[bit >>> 3]! |= 1 << (bit & 7);
    const ids = keys.get(key);
    if (!ids) keys.set(key, [id]);
    else if (ids[ids.length - 1] !== id) ids.push(id);
  };
  const lengths = new Set<number>();
  unique.forEach((term, id) => {
    lengths.add(term.length);
    add(hashOf(term), id);
    for (let i = 0; i < term.length; i++) if (i === 0 || term[i] !== term[i - 1]) add(hashWithout(term, i), id);
  });
  // Substrings worth looking at: one shorter than, as long as, or one longer than some term.
  const windowLengths = [...new Set([...lengths].flatMap((n) => [n - 1, n, n + 1]))]
    .filter((n) => n > 0)
    .sort((a, b) => a - b);

  return {
    size: unique.length,
    findMatches(password) {
      const n = password.length;
      const pow = powersUpTo(n);
      // prefix[i] = hash of password[0..i); hash(a..b) = prefix[b] - prefix[a] * base^(b-a).
      const prefix = new Uint32Array(n + 1);
      for (let i = 0; i < n; i++) prefix[i + 1] = (Math.imul(prefix[i]!, base) + password.charCodeAt(i)) >>> 0;

      const found = new Map<number, BannedTermMatch>();
      const check = (key: number, start: number, length: number) => {
        const bit = key & filterMask;
        if ((filter[bit >>> 3]! & (1 << (bit & 7))) === 0) return;
        const ids = keys.get(key);
        if (!ids) return;
        for (const id of ids) {
          const seen = (id * 4096 + start) * 512 + length;
          if (found.has(seen)) continue;
          const term = unique[id]!;
          const window = password.slice(start, start + length);
          if (withinOneEdit(window, term))
            found.set(seen, { term, start, end: start + length, exact: window === term });
        }
      };
      for (const length of windowLengths) {
        const withDeletions = lengths.has(length) || lengths.has(length - 1);
        for (let start = 0; start + length <= n; start++) {
          const end = start + length;
          const whole = (prefix[end]! - Math.imul(prefix[start]!, pow[length]!)) >>> 0;
          check(whole, start, length);
          if (!withDeletions) continue;
          for (let i = start; i < end; i++) {
            if (i > start && password.charCodeAt(i) === password.charCodeAt(i - 1)) continue;
            const head = (prefix[i]! - Math.imul(prefix[start]!, pow[i - start]!)) >>> 0;
            const tail = (prefix[end]! - Math.imul(prefix[i + 1]!, pow[end - i - 1]!)) >>> 0;
            check((Math.imul(head, pow[end - i - 1]!) + tail) >>> 0, start, length);
          }
        }
      }
      return [...found.values()];
    },
  };
};

/** The reference implementation the index must agree with (tests and the benchmark use it). */
export const findMatchesNaively = (terms: readonly string[], password: string): BannedTermMatch[] => {
  const found: BannedTermMatch[] = [];
  for (const term of new Set(terms)) {
    for (const length of [term.length - 1, term.length, term.length + 1]) {
      if (length <= 0) continue;
      for (let start = 0; start + length <= password.length; start++) {
        const window = password.slice(start, start + length);
        if (withinOneEdit(window, term)) found.push({ term, start, end: start + length, exact: window === term });
      }
    }
  }
  return found;
};

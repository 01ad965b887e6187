/**
 * Finds banned terms inside a normalised password within edit distance 1 (one substitution,
 * insertion or deletion), as Entra's fuzzy matching does (reference §5.4).
 *
 * A naive scan computes an edit distance for every term at every position: O(terms × length).
 * This index stores every term and each of its single-character deletions (the "deletion
 * neighbourhood"). Two strings are within distance 1 only if one equals the other, one equals a
 * deletion of the other, or they share a deletion — so each substring of the password needs only
 * its own deletions looked up, whatever the number of terms. Candidates are then verified exactly.
 */

export interface BannedTermMatch {
  term: string;
  start: number;
  /** Exclusive. */
  end: number;
}

export interface BannedTermsIndex {
  readonly size: number;
  /** Every occurrence (possibly overlapping) of a term within edit distance 1. */
  findMatches(normalisedPassword: string): BannedTermMatch[];
}

const deletionsOf = (text: string): string[] => {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    // Deleting either of two equal neighbours gives the same string; skip the repeat.
    if (i > 0 && text[i] === text[i - 1]) continue;
    out.push(text.slice(0, i) + text.slice(i + 1));
  }
  return out;
};

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

export const createBannedTermsIndex = (terms: Iterable<string>): BannedTermsIndex => {
  const unique = [...new Set(terms)].filter((term) => term.length > 0);
  const keys = new Map<string, number[]>();
  const add = (key: string, id: number) => {
    const ids = keys.get(key);
    if (!ids) keys.set(key, [id]);
    else if (ids[ids.length - 1] !== id) ids.push(id);
  };
  const lengths = new Set<number>();
  unique.forEach((term, id) => {
    lengths.add(term.length);
    add(term, id);
    for (const deletion of deletionsOf(term)) add(deletion, id);
  });
  // Substrings worth looking at: one shorter than, as long as, or one longer than some term.
  const windowLengths = [...new Set([...lengths].flatMap((n) => [n - 1, n, n + 1]))].filter((n) => n > 0).sort((a, b) => a - b);

  return {
    size: unique.length,
    findMatches(password) {
      const found = new Map<string, BannedTermMatch>();
      for (const length of windowLengths) {
        for (let start = 0; start + length <= password.length; start++) {
          const window = password.slice(start, start + length);
          for (const key of [window, ...deletionsOf(window)]) {
            for (const id of keys.get(key) ?? []) {
              const term = unique[id]!;
              const id2 = `${id}:${start}:${length}`;
              if (!found.has(id2) && withinOneEdit(window, term)) found.set(id2, { term, start, end: start + length });
            }
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
        if (withinOneEdit(password.slice(start, start + length), term)) found.push({ term, start, end: start + length });
      }
    }
  }
  return found;
};

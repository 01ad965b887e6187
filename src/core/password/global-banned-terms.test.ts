import { describe, expect, it } from 'vitest';
import { globalBannedTerms } from './global-banned-terms.js';

/*
 * A small, independent reference of Entra's documented algorithm (reference §5.4), so this data
 * file can be judged on its own: normalise (lower case, 0→o 1→l $→s @→a); find every substring
 * within edit distance 1 of a term; count non-overlapping matches greedily (exact before fuzzy,
 * longer before shorter, earlier before later); score = matches + characters left; >= 5 passes.
 */
const substitutions: Readonly<Record<string, string>> = { '0': 'o', '1': 'l', $: 's', '@': 'a' };
const normalise = (password: string): string => [...password.toLowerCase()].map((c) => substitutions[c] ?? c).join('');

const deletions = (text: string): string[] => [...text].map((_, i) => text.slice(0, i) + text.slice(i + 1));

const withinOneEdit = (a: string, b: string): boolean => {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length > 1) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.length === long.length ? short.slice(i + 1) === long.slice(i + 1) : short.slice(i) === long.slice(i + 1);
};

const referenceMatcher = (terms: readonly string[]) => {
  // Two strings are within one edit only if they are equal, one is a deletion of the other, or
  // they share a deletion: index every term under itself and its deletions, then verify.
  const byKey = new Map<string, Set<string>>();
  const add = (key: string, term: string) => {
    const set = byKey.get(key) ?? new Set<string>();
    set.add(term);
    byKey.set(key, set);
  };
  for (const term of terms) for (const key of [term, ...deletions(term)]) add(key, term);
  const lengths = [...new Set(terms.flatMap((t) => [t.length - 1, t.length, t.length + 1]))].filter((n) => n > 0);

  return (password: string): { score: number; terms: string[] } => {
    const text = normalise(password);
    const matches: Array<{ term: string; start: number; end: number; exact: boolean }> = [];
    for (const length of lengths) {
      for (let start = 0; start + length <= text.length; start++) {
        const window = text.slice(start, start + length);
        const candidates = new Set<string>();
        for (const key of [window, ...deletions(window)]) for (const term of byKey.get(key) ?? []) candidates.add(term);
        for (const term of candidates) {
          if (withinOneEdit(window, term)) matches.push({ term, start, end: start + length, exact: window === term });
        }
      }
    }
    matches.sort(
      (a, b) => Number(b.exact) - Number(a.exact) || b.end - b.start - (a.end - a.start) || a.start - b.start,
    );
    const covered = new Array<boolean>(text.length).fill(false);
    const counted: string[] = [];
    for (const match of matches) {
      if (covered.slice(match.start, match.end).some(Boolean)) continue;
      covered.fill(true, match.start, match.end);
      counted.push(match.term);
    }
    return { score: counted.length + covered.filter((c) => !c).length, terms: counted };
  };
};

/** mulberry32: a small seeded PRNG, so the random sample is the same on every run. */
const seededRandom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const alphabet =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789' + '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const randomPasswords = (count: number, length: number, seed: number): string[] => {
  const next = seededRandom(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''),
  );
};

describe('globalBannedTerms: shape', () => {
  it('holds a few thousand terms of 4-16 letters a-z', () => {
    expect(globalBannedTerms.length).toBeGreaterThanOrEqual(1500);
    expect(globalBannedTerms.length).toBeLessThanOrEqual(4000);
    const bad = globalBannedTerms.filter((term) => !/^[a-z]{4,16}$/.test(term));
    expect(bad).toEqual([]);
  });

  it('is sorted and unique', () => {
    const sortedUnique = [...new Set(globalBannedTerms)].sort();
    expect(globalBannedTerms).toEqual(sortedUnique);
  });

  it('is already normalised (no term changes under normalisation)', () => {
    expect(globalBannedTerms.filter((term) => normalise(term) !== term)).toEqual([]);
  });

  it('contains the base words of common English passwords', () => {
    const english = [
      'password',
      'qwerty',
      'welcome',
      'letmein',
      'iloveyou',
      'monkey',
      'dragon',
      'sunshine',
      'football',
      'princess',
      'summer',
      'winter',
      'master',
      'shadow',
      'baseball',
      'superman',
      'trustno',
      'freedom',
    ];
    expect(english.filter((term) => !globalBannedTerms.includes(term))).toEqual([]);
  });

  it('contains the base words of common Dutch passwords', () => {
    const dutch = [
      'wachtwoord',
      'welkom',
      'geheim',
      'zomer',
      'lente',
      'herfst',
      'voetbal',
      'ajax',
      'feyenoord',
      'amsterdam',
      'rotterdam',
      'nederland',
      'hallo',
      'liefde',
      'schatje',
      'konijn',
      'maandag',
      'januari',
      'vakantie',
      'ikhouvanjou',
    ];
    expect(dutch.filter((term) => !globalBannedTerms.includes(term))).toEqual([]);
  });
});

describe('globalBannedTerms with the documented algorithm', () => {
  const score = referenceMatcher(globalBannedTerms);

  it('the reference matcher reproduces the documented examples', () => {
    const contoso = referenceMatcher(['contoso', 'blank']);
    expect(contoso('C0ntos0Blank12').score).toBe(4);
    expect(contoso('ContoS0Bl@nkf9!').score).toBe(5);
    expect(referenceMatcher(['abcdef'])('abcde').terms).toEqual(['abcdef']);
  });

  it('rejects common English and Dutch passwords (score below 5)', () => {
    const weak = [
      'Password1!',
      'P@ssw0rd12',
      'Qwerty12!',
      'Iloveyou1!',
      'Letmein!!',
      'Summer24!',
      'Welcome1!',
      'Wachtwoord1!',
      'Welkom01!',
      'Zomer24!',
      'Voetbal12',
      'Feyenoord1!',
      'Amsterdam1',
      'Geheim123',
    ];
    const accepted = weak.filter((password) => score(password).score >= 5);
    expect(accepted).toEqual([]);
  });

  it('accepts 1,000 random 12-character passwords (false positives kept in check)', () => {
    const rejected = randomPasswords(1000, 12, 0x5eed)
      .map((password) => ({ password, ...score(password) }))
      .filter((result) => result.score < 5);
    expect(rejected).toEqual([]);
  });
});

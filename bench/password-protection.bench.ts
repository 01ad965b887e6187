/**
 * Password protection benchmark (issue: evaluations per second, p50/p99, index memory).
 *
 * One run measures the indexed evaluator and, as the baseline, a naive scan (edit distance to every
 * term at every position) through the same scoring pipeline, on the same passwords, on the shipped
 * global list and on a synthetic 100,000-term list. Goals: p99 < 1 ms and >= 100x the naive scan.
 * Ratios, not absolute times, are what carry between machines.
 *
 *   npm run bench                 # both benchmarks
 *   node --expose-gc --import tsx bench/password-protection.bench.ts [--json]
 */
import {
  createBannedTermsIndex,
  findMatchesNaively,
  type BannedTermsIndex,
} from '../src/core/password/banned-terms-index.js';
import { evaluatePassword } from '../src/core/password/evaluate-password.js';
import { globalBannedTerms } from '../src/core/password/global-banned-terms.js';

const asJson = process.argv.includes('--json');
const seconds = Number(process.env.BENCH_SECONDS ?? 2);

/** Deterministic PRNG (mulberry32) so every run measures the same inputs. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const random = prng(42);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
const letters = 'abcdefghijklmnopqrstuvwxyz';
const printable = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@#$%^&*-_!+=';
const randomString = (alphabet: string, length: number) => Array.from({ length }, () => pick([...alphabet])).join('');

const syntheticTerms = Array.from({ length: 100_000 }, () => randomString(letters, 4 + Math.floor(random() * 13)));

/** What people type: common patterns, a Dutch flavour, random strings and passphrases. */
const samplePasswords = Array.from({ length: 2_000 }, (_, i) => {
  switch (i % 4) {
    case 0:
      return `${pick(globalBannedTerms)[0]!.toUpperCase()}${pick(globalBannedTerms).slice(1)}${Math.floor(random() * 10_000)}!`;
    case 1:
      return randomString(printable, 12);
    case 2:
      return `${pick(globalBannedTerms)}-${pick(globalBannedTerms)}-${pick(globalBannedTerms)}`;
    default:
      return `Welkom${pick(['01', '2026', '!', '@home'])}${randomString(printable, 2)}`;
  }
});

const heapUsed = () => {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

/** Classic Levenshtein distance (full dynamic programme): what "edit distance" means in the goal. */
const levenshtein = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
};

/** The goal's baseline: the edit distance of every term to the substring at every position (lengths n-1..n+1). */
const levenshteinScan = (terms: readonly string[]): BannedTermsIndex => ({
  size: terms.length,
  findMatches(password) {
    const found = [];
    for (const term of terms) {
      for (let length = term.length - 1; length <= term.length + 1; length++) {
        for (let start = 0; start + length <= password.length; start++) {
          const window = password.slice(start, start + length);
          if (levenshtein(window, term) <= 1) found.push({ term, start, end: start + length, exact: window === term });
        }
      }
    }
    return found;
  },
});

/** A stricter baseline: the same scan with a cheap bounded "within one edit" test instead of full distances. */
const boundedScan = (terms: readonly string[]): BannedTermsIndex => ({
  size: terms.length,
  findMatches: (password) => findMatchesNaively(terms, password),
});

interface Row {
  list: string;
  matcher: string;
  evaluations: number;
  perSecond: number;
  p50Us: number;
  p99Us: number;
}

const measure = (
  list: string,
  matcher: string,
  index: BannedTermsIndex,
  budgetSeconds: number,
  maxEvaluations = Infinity,
): Row => {
  const latencies: number[] = [];
  const deadline = process.hrtime.bigint() + BigInt(Math.round(budgetSeconds * 1e9));
  let i = 0;
  const started = process.hrtime.bigint();
  while (process.hrtime.bigint() < deadline && latencies.length < maxEvaluations) {
    const t0 = process.hrtime.bigint();
    evaluatePassword(samplePasswords[i++ % samplePasswords.length]!, {
      globalTerms: index,
      givenName: 'Adele',
      surname: 'Vance',
      tenantName: 'Contoso',
    });
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return {
    list,
    matcher,
    evaluations: latencies.length,
    perSecond: latencies.length / elapsed,
    p50Us: at(0.5),
    p99Us: at(0.99),
  };
};

const lists = [
  { name: `shipped (${globalBannedTerms.length} terms)`, terms: globalBannedTerms },
  { name: `synthetic (${syntheticTerms.length} terms)`, terms: syntheticTerms },
];

const results = lists.map(({ name, terms }) => {
  const before = heapUsed();
  const builtAt = process.hrtime.bigint();
  const index = createBannedTermsIndex(terms);
  const buildMs = Number(process.hrtime.bigint() - builtAt) / 1e6;
  const memoryMiB = (heapUsed() - before) / 2 ** 20;
  measure(name, 'warm-up', index, 0.3);
  const indexed = measure(name, 'index', index, seconds);
  // The scans are slow on big lists; a bounded number of evaluations is enough for their rates.
  const naive = measure(name, 'naive scan (Levenshtein)', levenshteinScan(terms), seconds, 2_000);
  const bounded = measure(name, 'scan, bounded check', boundedScan(terms), seconds, 2_000);
  return {
    list: name,
    buildMs,
    memoryMiB,
    indexed,
    naive,
    bounded,
    speedup: indexed.perSecond / naive.perSecond,
    speedupBounded: indexed.perSecond / bounded.perSecond,
  };
});

if (asJson) {
  process.stdout.write(`${JSON.stringify({ goals: { p99Us: 1000, speedup: 100 }, results }, null, 2)}\n`);
} else {
  const rows = [['list', 'matcher', 'evals/s', 'p50 µs', 'p99 µs', 'speed-up', 'index MiB', 'build ms']];
  for (const r of results) {
    for (const row of [r.indexed, r.naive, r.bounded]) {
      const isIndex = row === r.indexed;
      const speedup = isIndex
        ? `${r.speedup.toFixed(0)}x`
        : row === r.naive
          ? '1x (baseline)'
          : `${(row.perSecond / r.naive.perSecond).toFixed(1)}x`;
      rows.push([
        r.list,
        row.matcher,
        row.perSecond.toFixed(0),
        row.p50Us.toFixed(1),
        row.p99Us.toFixed(1),
        speedup,
        isIndex ? r.memoryMiB.toFixed(1) : '',
        isIndex ? r.buildMs.toFixed(0) : '',
      ]);
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  process.stdout.write(
    `Password evaluation (Entra profile, banned-term scoring)\n${rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')).join('\n')}\n`,
  );
  for (const r of results) {
    const ok = r.indexed.p99Us < 1000 && r.speedup >= 100;
    process.stdout.write(
      `${r.list}: p99 ${r.indexed.p99Us.toFixed(0)} µs (goal < 1000), ${r.speedup.toFixed(0)}x the naive Levenshtein scan (goal >= 100x): ${ok ? 'met' : 'NOT met'}; ${r.speedupBounded.toFixed(0)}x the bounded scan\n`,
    );
  }
}

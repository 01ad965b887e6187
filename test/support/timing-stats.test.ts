import { describe, expect, it } from 'vitest';
import {
  describeEquivalence,
  equivalence,
  hodgesLehmann,
  median,
  normalQuantile,
  seededRandom,
  shuffled,
  verdictOf,
} from './timing-stats.js';

/** Normal noise from a seeded generator (Box–Muller). */
const normalNoise = (random: () => number) => () =>
  Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
/** Heavy-tailed noise (Laplace), as request times under a busy scheduler are. */
const laplaceNoise = (random: () => number) => () => {
  const u = random() - 0.5;
  return -Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
};

describe('seeded order', () => {
  it('draws the same sequence for a seed and another for another seed, in [0, 1)', () => {
    const draw = (seed: number) => Array.from({ length: 50 }, seededRandom(seed));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    for (const value of draw(123)) expect(value >= 0 && value < 1).toBe(true);
    // Not stuck in a corner: about half of many draws fall below one half.
    const below = Array.from({ length: 2000 }, seededRandom(99)).filter((v) => v < 0.5).length;
    expect(below).toBeGreaterThan(900);
    expect(below).toBeLessThan(1100);
  });

  it('shuffles into a permutation, the same one for a seed, without touching the input', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const once = shuffled(items, seededRandom(5));
    expect([...once].sort((a, b) => a - b)).toEqual(items);
    expect(once).not.toEqual(items);
    expect(shuffled(items, seededRandom(5))).toEqual(once);
    expect(items).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // Each of two items comes first about half the time: the order within a pair is a fair coin.
    const random = seededRandom(11);
    const first = Array.from({ length: 1000 }, () => shuffled(['a', 'b'], random)[0]).filter((x) => x === 'a');
    expect(first.length).toBeGreaterThan(440);
    expect(first.length).toBeLessThan(560);
  });
});

describe('median and normal quantile', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('matches tabulated normal quantiles in the centre and both tails', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829, 5);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
    expect(() => normalQuantile(1)).toThrow();
  });
});

describe('Hodges–Lehmann interval', () => {
  it('centres on a symmetric sample and refuses too few pairs for its approximation', () => {
    const result = hodgesLehmann(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(result.estimate).toBe(10.5);
    expect(result.low).toBeLessThan(10.5);
    expect(result.high - 10.5).toBeCloseTo(10.5 - result.low, 9);
    expect(() => hodgesLehmann([1, 2, 3])).toThrow(/20 pairs/);
  });

  it('covers the true shift in about 99% of samples of heavy-tailed noise', () => {
    const random = seededRandom(2026);
    const noise = laplaceNoise(random);
    let covered = 0;
    const runs = 400;
    for (let run = 0; run < runs; run += 1) {
      const interval = hodgesLehmann(Array.from({ length: 40 }, () => 3 + noise()));
      if (interval.low <= 3 && 3 <= interval.high) covered += 1;
    }
    // 99% of 400 is 396; the binomial spread is about 2, and the approximation is conservative at small n.
    expect(covered).toBeGreaterThanOrEqual(390);
    // An interval that always covered would be too wide to decide anything: most miss a shift of one unit.
    const wide = Array.from({ length: 100 }, () =>
      hodgesLehmann(Array.from({ length: 200 }, () => 3 + noise())),
    ).filter((interval) => interval.low <= 2).length;
    expect(wide).toBeLessThan(5);
  });
});

describe('equivalence of paired timings', () => {
  const paired = (seed: number, shift: number, spread = 1) => {
    const random = seededRandom(seed);
    const noise = normalNoise(random);
    const a = Array.from({ length: 200 }, () => 25 + 3 * noise());
    // Pairs share their load (the 3 ms above); each request adds its own noise.
    const b = a.map((value) => value + shift + spread * noise());
    return { a, b };
  };
  const margin = { absolute: 2, relative: 0.05 };

  it('shows equal timings equal within the margin', () => {
    const { a, b } = paired(1, 0);
    const result = equivalence(a, b, margin);
    expect(result.equivalent, describeEquivalence('equal', result)).toBe(true);
    expect(result.different).toBe(false);
    expect(verdictOf(result)).toBe('equivalent');
    expect(describeEquivalence('equal', result)).toMatch(/\(200 pairs: equivalent\)$/);
  });

  it('shows a 5 ms difference different, in either direction, with its size', () => {
    for (const shift of [5, -5]) {
      const result = equivalence(...(Object.values(paired(2, shift)) as [number[], number[]]), margin);
      expect(result.different, describeEquivalence(`shift ${shift}`, result)).toBe(true);
      expect(result.equivalent).toBe(false);
      expect(result.estimate).toBeCloseTo(shift, 0);
      expect(verdictOf(result)).toBe('different');
    }
  });

  it('decides neither way when the noise is too wide to tell', () => {
    const { a, b } = paired(3, 0, 40);
    const result = equivalence(a, b, margin);
    expect([result.equivalent, result.different], describeEquivalence('noisy', result)).toEqual([false, false]);
    expect(verdictOf(result)).toBe('noisy');
  });

  it('calls a narrow interval across an edge of the margin neither equal nor different', () => {
    const { a, b } = paired(6, 2);
    const result = equivalence(a, b, margin);
    expect(verdictOf(result), describeEquivalence('edge', result)).toBe('edge');
  });

  it('is not moved by a few very slow requests (GC, the scheduler)', () => {
    const { a, b } = paired(4, 0);
    // Ten of 200 requests on one side take half a second longer: the mean difference would be 25 ms.
    for (let i = 0; i < 10; i += 1) b[i * 20] = b[i * 20]! + 500;
    const result = equivalence(a, b, margin);
    expect(result.equivalent, describeEquivalence('outliers', result)).toBe(true);
  });

  it('takes the larger of the absolute and the relative margin', () => {
    const { a, b } = paired(5, 0);
    expect(equivalence(a, b, margin).margin).toBe(2);
    const slow = equivalence(
      a.map((v) => v * 10),
      b.map((v) => v * 10),
      margin,
    );
    expect(slow.margin).toBeCloseTo(0.05 * median([...a, ...b].map((v) => v * 10)), 9);
    expect(() => equivalence([1, 2], [1], margin)).toThrow(/unpaired/);
  });
});

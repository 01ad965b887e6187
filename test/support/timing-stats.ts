/**
 * The statistics of the timing tests (checklist §11 row 2): a seeded order for interleaved requests, and an
 * equivalence test on paired differences — the Hodges–Lehmann estimate of the median difference with its
 * distribution-free confidence interval (Wilcoxon signed rank), which must lie inside a practical margin. An
 * equivalence test rather than "p > 0.05": failing to find a difference in noisy data proves nothing, while a narrow
 * interval inside the margin does; and ranks, not means, so a request slowed by GC or the scheduler weighs no more
 * than any other. Pure: no clock, no I/O.
 */

/** mulberry32: a small seeded generator, so an order can be printed and replayed. Uniform in [0, 1). */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** A copy of `items` in an order drawn from `random` (Fisher–Yates). */
export const shuffled = <T>(items: readonly T[], random: () => number): T[] => {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

export const median = (values: readonly number[]): number => {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export const normalQuantile = (p: number): number => {
  if (!(p > 0 && p < 1)) throw new Error(`no quantile for ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
};

export interface Interval {
  /** The Hodges–Lehmann estimate: the median of the Walsh averages (d_i + d_j) / 2, i ≤ j. */
  estimate: number;
  low: number;
  high: number;
}

/**
 * The one-sample Hodges–Lehmann estimate of the centre of `differences` and its `confidence` interval: the k-th
 * smallest and k-th largest Walsh averages, k from the signed-rank statistic's normal approximation (Hollander &
 * Wolfe §3.3; exact enough from n = 20 on). Valid when the differences are symmetric about their centre, which a
 * random order within each pair makes so under "no difference".
 */
export const hodgesLehmann = (differences: readonly number[], confidence = 0.99): Interval => {
  const n = differences.length;
  if (n < 20) throw new Error(`the normal approximation needs at least 20 pairs, not ${n}`);
  const walsh: number[] = [];
  for (let i = 0; i < n; i += 1) for (let j = i; j < n; j += 1) walsh.push((differences[i]! + differences[j]!) / 2);
  walsh.sort((a, b) => a - b);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const k = Math.max(1, Math.floor((n * (n + 1)) / 4 - z * Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24)));
  return { estimate: median(walsh), low: walsh[k - 1]!, high: walsh[walsh.length - k]! };
};

export interface EquivalenceOptions {
  /** The smallest margin, in the samples' unit. */
  absolute: number;
  /** The margin as a share of the pooled median, when that is larger. */
  relative: number;
  confidence?: number;
}

export interface Equivalence extends Interval {
  medianA: number;
  medianB: number;
  margin: number;
  pairs: number;
  /** The whole interval lies inside ±margin: shown equal, within the margin. */
  equivalent: boolean;
  /** The whole interval lies outside ±margin: shown to differ by more than it. */
  different: boolean;
}

/**
 * Compares paired samples (`a[i]` and `b[i]` taken together, in a random order): the interval of b − a against a
 * margin of max(absolute, relative × the pooled median). Neither verdict holds when the interval straddles an edge.
 */
export const equivalence = (a: readonly number[], b: readonly number[], options: EquivalenceOptions): Equivalence => {
  if (a.length !== b.length) throw new Error(`unpaired samples: ${a.length} and ${b.length}`);
  const interval = hodgesLehmann(
    a.map((value, i) => b[i]! - value),
    options.confidence ?? 0.99,
  );
  const margin = Math.max(options.absolute, options.relative * median([...a, ...b]));
  return {
    ...interval,
    medianA: median(a),
    medianB: median(b),
    margin,
    pairs: a.length,
    equivalent: interval.low > -margin && interval.high < margin,
    different: interval.low > margin || interval.high < -margin,
  };
};

/**
 * What an equivalence shows: `equivalent` and `different` as above; `noisy` when the interval is wider than the
 * margin band (no sample this noisy could show equality: the machine was too busy to measure); `edge` when it is
 * narrow enough but crosses an edge of the margin (a difference near the margin, or one shown too weakly).
 */
export type Verdict = 'equivalent' | 'different' | 'noisy' | 'edge';

export const verdictOf = (result: Equivalence): Verdict =>
  result.equivalent
    ? 'equivalent'
    : result.different
      ? 'different'
      : result.high - result.low >= 2 * result.margin
        ? 'noisy'
        : 'edge';

/** One line for a test's output and failure message. */
export const describeEquivalence = (label: string, result: Equivalence): string =>
  `${label}: medians ${result.medianA.toFixed(2)} / ${result.medianB.toFixed(2)} ms, difference ` +
  `${result.estimate.toFixed(2)} ms [${result.low.toFixed(2)}, ${result.high.toFixed(2)}], margin ±${result.margin.toFixed(2)} ms` +
  ` (${result.pairs} pairs: ${verdictOf(result)})`;

/**
 * Closed-loop measurement for the sign-in bench: each row keeps a fixed number of operations in flight, rows run
 * round-robin in short slices (so background load drifting during the run hits every row alike), and each row is
 * summarised against the baseline row of the same run.
 */
import { performance } from 'node:perf_hooks';
import { mainThreadCpuMs } from './background-load.js';

export interface LoopSettings {
  seconds: number;
  warmupSeconds: number;
  rounds: number;
  /** Each slice starts with this much uncounted time, so no row pays for starting from an empty pipeline. */
  sliceRampMs: number;
  /** Progress lines (stderr, so `--json` output stays a clean document). */
  progress: (message: string) => void;
}

/** `true` for success, otherwise a short label for the kind of failure. */
export type Outcome = true | string;

export interface Measurement {
  name: string;
  inFlight: number;
  /** Runs one slice of this row: on this thread, or in the client worker (sign-in-client.ts). */
  run: (rampMs: number, countMs: number, count: boolean) => Promise<LoopResult>;
  ok: number;
  errors: Record<string, number>;
  latencies: number[];
  /** The whole process's CPU (argon2 threads and a client worker included) over the counted windows. */
  cpuMicros: number;
  /** The main thread's CPU ms over the counted windows (not the argon2 worker threads, not a client worker). */
  mainThreadMs: number;
  /** Successes per second in each round, for the per-round ratio. */
  perRound: number[];
}

/** What one slice counted; plain data, so it crosses back from a worker. */
export interface LoopResult {
  ok: number;
  errors: Record<string, number>;
  latencies: number[];
}

/**
 * Keeps `inFlight` operations running for `rampMs + countMs`, counting the operations that complete
 * inside the counted window (steady-state throughput) and the latency of those same operations.
 * Operations still running when the window closes are awaited but not counted.
 */
export const closedLoop = async (
  op: () => Promise<Outcome>,
  inFlight: number,
  rampMs: number,
  countMs: number,
  count: boolean,
): Promise<LoopResult> => {
  const windowStart = performance.now() + rampMs;
  const windowEnd = windowStart + countMs;
  const result: LoopResult = { ok: 0, errors: {}, latencies: [] };
  const worker = async () => {
    while (performance.now() < windowEnd) {
      const t0 = performance.now();
      let outcome: Outcome;
      try {
        outcome = await op();
      } catch (error) {
        outcome = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      const t1 = performance.now();
      if (!count || t1 < windowStart || t1 > windowEnd) continue;
      if (outcome === true) {
        result.ok++;
        result.latencies.push(t1 - t0);
      } else {
        result.errors[outcome] = (result.errors[outcome] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return result;
};

/** A row whose operations run on this thread. */
export const measurement = (name: string, inFlight: number, op: () => Promise<Outcome>): Measurement =>
  measurementOf(name, inFlight, (rampMs, countMs, count) => closedLoop(op, inFlight, rampMs, countMs, count));

/** A row whose slices run wherever `run` runs them (the sign-in bench's client worker). */
export const measurementOf = (name: string, inFlight: number, run: Measurement['run']): Measurement => ({
  name,
  inFlight,
  run,
  ok: 0,
  errors: {},
  latencies: [],
  cpuMicros: 0,
  mainThreadMs: 0,
  perRound: [],
});

/** One slice of a row, with the process's and the main thread's CPU over its counted window. */
const runSlice = async (m: Measurement, rampMs: number, countMs: number, count: boolean) => {
  let cpuAtStart: NodeJS.CpuUsage | undefined;
  let mainAtStart = 0;
  const cpuTimer = setTimeout(() => {
    cpuAtStart = process.cpuUsage();
    mainAtStart = mainThreadCpuMs();
  }, rampMs);
  const result = await m.run(rampMs, countMs, count);
  clearTimeout(cpuTimer);
  if (!count) return;
  // Includes the drain of the last in-flight operations; close enough for "how busy were we".
  const cpu = process.cpuUsage(cpuAtStart);
  m.cpuMicros += cpu.user + cpu.system;
  m.mainThreadMs += mainThreadCpuMs() - mainAtStart;
  m.ok += result.ok;
  for (const latency of result.latencies) m.latencies.push(latency);
  for (const [kind, n] of Object.entries(result.errors)) m.errors[kind] = (m.errors[kind] ?? 0) + n;
  m.perRound.push(result.ok / (countMs / 1000));
};

/** Warm every row, then run the rows round-robin, one slice each per round. */
export const runInterleaved = async (measurements: Measurement[], settings: LoopSettings) => {
  const { warmupSeconds, seconds, rounds, sliceRampMs, progress } = settings;
  for (const m of measurements) {
    if (warmupSeconds > 0) {
      progress(`  warm-up: ${m.name}`);
      await runSlice(m, 0, warmupSeconds * 1000, false);
    }
  }
  const sliceMs = (seconds * 1000) / rounds;
  for (let round = 1; round <= rounds; round++) {
    progress(`  round ${round}/${rounds}`);
    for (const m of measurements) await runSlice(m, sliceRampMs, sliceMs, true);
  }
};

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

export interface Row {
  name: string;
  concurrency: number;
  seconds: number;
  ok: number;
  perSecond: number;
  ratioToBaseline: number;
  /** Lowest and highest ratio over the rounds, each round against the baseline's slice of that round. */
  ratioRange: [number, number];
  errors: Record<string, number>;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** Process CPU time over the counted windows, in cores (server and client share the process, in any thread). */
  cpuCores: number;
  /** Main-thread CPU ms per success: not argon2's threads nor a client worker; other processes' load does not move it. */
  mainThreadMsPerOp: number;
}

export const summarise = (m: Measurement, baseline: Measurement, seconds: number): Row => {
  const sorted = [...m.latencies].sort((a, b) => a - b);
  const perRoundRatios = m.perRound.map((rate, i) => rate / baseline.perRound[i]!);
  return {
    name: m.name,
    concurrency: m.inFlight,
    seconds,
    ok: m.ok,
    perSecond: m.ok / seconds,
    ratioToBaseline: m.ok / baseline.ok,
    ratioRange: [Math.min(...perRoundRatios), Math.max(...perRoundRatios)],
    errors: m.errors,
    latencyMs: {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? Number.NaN,
    },
    cpuCores: m.cpuMicros / 1e6 / seconds,
    mainThreadMsPerOp: m.mainThreadMs / m.ok,
  };
};

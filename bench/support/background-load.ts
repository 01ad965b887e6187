/**
 * How many cores other processes kept busy while a benchmark ran: the host's busy time (Linux
 * /proc/stat) minus this process's. A shared 2-core machine makes absolute times noisy; this
 * number says how much to trust them. The sign-in and group-licensing benchmarks report it.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';

const hostCpu = (): { busy: number; total: number } | undefined => {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - fields[3]! - fields[4]!, total };
  } catch {
    return undefined;
  }
};

/**
 * Starts measuring; the returned function gives the other processes' cores since then (NaN where
 * /proc/stat is missing). A PostgreSQL server doing our work is another process too, so measure
 * while only SQLite or nothing of ours runs.
 */
export const backgroundMeter = () => {
  const host = hostCpu();
  const ours = process.cpuUsage();
  const wall = performance.now();
  return (): number => {
    const hostNow = hostCpu();
    if (!host || !hostNow || hostNow.total === host.total) return Number.NaN;
    const hostBusyCores = ((hostNow.busy - host.busy) / (hostNow.total - host.total)) * cpus().length;
    const used = process.cpuUsage(ours);
    const ourCores = (used.user + used.system) / 1000 / (performance.now() - wall);
    return Math.max(0, hostBusyCores - ourCores);
  };
};

/**
 * CPU time of this process's main thread alone, in ms (Linux: /proc/self/task/<pid>/stat; NaN elsewhere).
 * `process.cpuUsage()` adds the argon2 worker threads and wall time adds waiting for a core, so this is the figure
 * other processes' load does not move: what the event loop itself spent (HTTP, store, service, the in-process
 * client). Resolution is the kernel's clock tick (10 ms), so read it over hundreds of operations.
 */
export const mainThreadCpuMs = (): number => {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
  } catch {
    return Number.NaN;
  }
};
/** USER_HZ: 100 on every mainstream Linux build. */
const clockTicksPerSecond = 100;

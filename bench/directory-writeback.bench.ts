/**
 * Directory writeback benchmark (issue 7, item 7): p50/p99 of a password writeback against a private
 * slapd on loopback, goal p99 < 50 ms. Each writeback is what a reset costs in production: a fresh
 * connection, StartTLS with certificate validation, the service-account bind, the Password Modify
 * extended operation with the ppolicy control (slapd hashes, checks policy and history), unbind.
 *
 * Baselines in the same run, interleaved with the measured rows so machine noise hits all alike:
 *   - "bind (StartTLS session)": connect + StartTLS + bind + unbind, the fixed cost of any verb;
 *   - "bind (plain LDAP)": connect + bind + unbind without TLS, what the network and slapd alone cost.
 * Also measured: an unlock (read the lockout attributes, delete them) and a findUser lookup.
 *
 *   npx tsx bench/directory-writeback.bench.ts [--json]     # BENCH_DIRECTORY_ITERATIONS=300 per row
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'ldapts';
import { readFileSync } from 'node:fs';
import { createOpenLdapDirectory } from '../src/dialects/openldap/openldap-connection.adapter.js';
import { baseDn, peopleDn, serviceDn, servicePassword, startSlapd, user } from '../test/support/slapd.js';

const asJson = process.argv.includes('--json') || process.env.BENCH_JSON === '1';
const iterations = Number(process.env.BENCH_DIRECTORY_ITERATIONS ?? 300);
const rounds = 5;
const goalP99Ms = 50;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

interface Row {
  name: string;
  samples: number[];
  errors: number;
}

const main = async () => {
  const users = Array.from({ length: 20 }, (_, i) => user(`bench${i}`, `Bench${i}`, 'User')).join('\n');
  const slapd = await startSlapd({ tls: true, users });
  try {
    const ca = readFileSync(slapd.caFile as string, 'utf8');
    const directory = createOpenLdapDirectory({
      url: slapd.url,
      startTls: true,
      ca,
      bindDn: serviceDn,
      bindPassword: servicePassword,
      baseDn,
    });
    let counter = 0;
    const target = () => `uid=bench${counter % 20},${peopleDn}`;

    const steps: Record<string, () => Promise<boolean>> = {
      'bind (plain LDAP, baseline)': async () => {
        const client = new Client({ url: slapd.url, timeout: 5000, connectTimeout: 5000 });
        try {
          await client.bind(serviceDn, servicePassword);
          return true;
        } finally {
          await client.unbind();
        }
      },
      'bind (StartTLS session, baseline)': async () => {
        const client = new Client({ url: slapd.url, timeout: 5000, connectTimeout: 5000 });
        try {
          await client.startTLS({ ca, host: '127.0.0.1' });
          await client.bind(serviceDn, servicePassword);
          return true;
        } finally {
          await client.unbind();
        }
      },
      findUser: async () => (await directory.findUser(`bench${counter % 20}`)).ok,
      'writeback: reset (Password Modify + ppolicy)': async () => {
        counter += 1;
        return (await directory.setPassword(target(), `Bench-Passw0rd-${counter}`, { mode: 'reset' })).ok;
      },
      unlock: async () => (await directory.unlock(target())).ok,
    };
    const rows: Row[] = Object.keys(steps).map((name) => ({ name, samples: [], errors: 0 }));

    // Warm-up: JIT, slapd's caches, TLS session machinery.
    for (const step of Object.values(steps)) for (let i = 0; i < 20; i += 1) await step();

    const perRound = Math.ceil(iterations / rounds);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    for (let round = 0; round < rounds; round += 1) {
      for (const row of rows) {
        const step = steps[row.name]!;
        for (let i = 0; i < perRound; i += 1) {
          const t0 = performance.now();
          const ok = await step().catch(() => false);
          row.samples.push(performance.now() - t0);
          if (!ok) row.errors += 1;
        }
      }
    }
    const wallSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);

    const results = rows.map((row) => {
      const sorted = [...row.samples].sort((a, b) => a - b);
      return {
        name: row.name,
        n: sorted.length,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        errors: row.errors,
      };
    });
    const writeback = results.find((r) => r.name.startsWith('writeback'))!;
    const tlsBind = results.find((r) => r.name.startsWith('bind (StartTLS'))!;
    const summary = {
      node: process.version,
      cores: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      iterationsPerRow: perRound * rounds,
      nodeCpuCores: (cpu.user + cpu.system) / 1e6 / wallSeconds,
      results,
      writebackP99Ms: writeback.p99,
      writebackOverTlsBindP50: writeback.p50 / tlsBind.p50,
      goalMet: writeback.p99 < goalP99Ms && writeback.errors === 0,
    };
    if (asJson) {
      console.log(JSON.stringify(summary, null, 2));
      return;
    }
    console.log(
      `node ${summary.node} ${process.platform}/${process.arch}, ${summary.cores} cores (${summary.cpuModel}); slapd 2.5 on loopback, StartTLS, ppolicy`,
    );
    console.log(
      `${summary.iterationsPerRow} per row in ${rounds} interleaved rounds after 20 warm-up calls each; this process used ${summary.nodeCpuCores.toFixed(2)} cores (slapd runs beside it)\n`,
    );
    const header = ['measurement', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'x TLS bind p50', 'errors'];
    const lines = results.map((r) => [
      r.name,
      String(r.n),
      r.p50.toFixed(2),
      r.p95.toFixed(2),
      r.p99.toFixed(2),
      (r.p50 / tlsBind.p50).toFixed(2),
      String(r.errors),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
    const format = (cells: string[]) =>
      cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    console.log(format(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const line of lines) console.log(format(line));
    console.log(
      `\nwriteback p99 = ${writeback.p99.toFixed(2)} ms (goal < ${goalP99Ms} ms: ${summary.goalMet ? 'met' : 'NOT met'})`,
    );
  } finally {
    await slapd.stop();
  }
};

await main();

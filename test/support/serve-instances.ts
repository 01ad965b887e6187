/**
 * `sspr serve` processes for the multi-instance suites (a reset continued on another instance, limits shared through
 * Redis) and the crash suite (killed and started again on one store): each runs from source on a free loopback port,
 * counts as started once its `/readyz` satisfies the suite, and all are stopped together.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freeLoopbackPort } from './net.js';

export interface ServeInstance {
  child: ChildProcess;
  base: string;
}

export const cliEntry = resolve('src/cli.ts');
export const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const waitReady = async (base: string, isReady: (readyz: Response) => Promise<boolean>) => {
  for (let i = 0; i < 200; i += 1) {
    const ready = await fetch(`${base}/readyz`).then(isReady, () => false);
    if (ready) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${base} did not become ready`);
};

/** Starts `count` instances with the environment `envFor` gives each port, and waits until every one is ready. */
export const startServeInstances = async (
  count: number,
  envFor: (port: number, index: number) => NodeJS.ProcessEnv,
  isReady: (readyz: Response) => Promise<boolean> = (r) => Promise.resolve(r.ok),
): Promise<ServeInstance[]> => {
  const instances: ServeInstance[] = [];
  for (let i = 0; i < count; i += 1) {
    const port = await freeLoopbackPort();
    const child = spawn(process.execPath, ['--import', tsxLoader, cliEntry, 'serve'], {
      env: envFor(port, i),
      stdio: 'ignore',
    });
    instances.push({ child, base: `http://127.0.0.1:${port}` });
  }
  await Promise.all(instances.map((instance) => waitReady(instance.base, isReady)));
  return instances;
};

/** Stops every instance and waits until each process has exited. */
export const stopServeInstances = async (instances: readonly ServeInstance[]): Promise<void> => {
  for (const { child } of instances) child.kill('SIGTERM');
  await Promise.all(
    instances.map(({ child }) => new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)))),
  );
};

/** Kills one instance with SIGKILL — no shutdown hook runs, as in a crash — and waits until the process is gone. */
export const killServeInstance = async ({ child }: ServeInstance): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
};

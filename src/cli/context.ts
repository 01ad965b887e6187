import type { App } from '../app.js';
import { SsprError } from '../core/errors.js';
import { createOutput, reportError, type Output } from './output.js';

export interface CommandOptions {
  json?: boolean;
}

/**
 * Runs one command: validated configuration, an app without HTTP, the action, a clean close.
 * Every failure ends in one line on stderr and a non-zero exit code. The app (store, services, adapters) is
 * imported here, when a command runs: registering the commands and `--help` need none of it (issue 14 item 6).
 */
export const runCommand =
  <O extends CommandOptions>(action: (app: App, options: O, out: Output) => Promise<void> | void) =>
  async (options: O): Promise<void> => {
    const json = Boolean(options.json);
    const [{ createApp }, { loadConfig }] = await Promise.all([import('../app.js'), import('../config/config.js')]);
    const loaded = loadConfig(process.env);
    if (!loaded.ok) {
      const error = new SsprError('CONFIG_INVALID', `invalid configuration: ${loaded.problems.join('; ')}`, {
        problems: loaded.problems,
      });
      process.exitCode = reportError(error, json);
      return;
    }
    let app: App | undefined;
    try {
      app = await createApp(loaded.config, { logger: false });
      await action(app, options, createOutput(json));
      // What the command enqueued (a notice) goes out now; what cannot is left to the workers of `sspr serve`.
      await app.services.delivery.drain();
    } catch (error) {
      process.exitCode = reportError(error, json);
    } finally {
      await app?.close();
    }
  };

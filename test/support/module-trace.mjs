/**
 * `node --import ./test/support/module-trace.mjs …`: on exit, writes to $SSPR_MODULE_TRACE the packages the process
 * loaded, one per line — ES modules as the loader saw them (a hook on another thread sends each URL back) and
 * CommonJS ones from the require cache. For the CLI's lazy-loading test (issue 14 item 6).
 */
import { createRequire, register } from 'node:module';
import { writeFileSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';

const urls = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => urls.add(url));
port1.unref();
register(
  'data:text/javascript,' +
    encodeURIComponent(`
let port;
export async function initialize(data) { port = data.port; }
export async function load(url, context, next) { port.postMessage(url); return next(url, context); }
`),
  { data: { port: port2 }, transferList: [port2] },
);

const packageOf = (path) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
process.on('exit', () => {
  const require = createRequire(import.meta.url);
  const loaded = new Set([...urls, ...Object.keys(require.cache)].map(packageOf).filter(Boolean));
  writeFileSync(process.env.SSPR_MODULE_TRACE, [...loaded].sort().join('\n'));
});

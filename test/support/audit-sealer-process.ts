/**
 * A second process sealing one SQLite audit log (test/contract/audit-chain-instances.contract.test.ts): as `sspr
 * serve` and `sspr audit verify` on one file would. Seals in a loop for `ms` milliseconds, then prints how many
 * events it sealed. Usage: `tsx test/support/audit-sealer-process.ts <database URL> <ms>`.
 */
import { openDatabase } from '../../src/adapters/store/database.js';
import { createKyselyStore } from '../../src/adapters/store/kysely-store.js';

const [url, ms] = process.argv.slice(2);
const store = createKyselyStore(openDatabase(url!));
const until = Date.now() + Number(ms);
let sealed = 0;
process.stdout.write('ready\n');
while (Date.now() < until) {
  sealed += await store.audit.seal();
  await new Promise((resolve) => setImmediate(resolve));
}
await store.close();
process.stdout.write(`${sealed}\n`);

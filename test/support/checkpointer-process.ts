/**
 * A process with the SQLite WAL checkpointer running (test/integration/store/sqlite-checkpointer.test.ts): it writes,
 * then closes the store (`close`) or leaves it open (`forget`), and has nothing else to do, so it must end on its
 * own either way. Usage: `tsx test/support/checkpointer-process.ts <database URL> close|forget`.
 */
import { sql } from 'kysely';
import { openDatabase } from '../../src/adapters/store/database.js';

const [url, mode] = process.argv.slice(2);
const database = openDatabase(url!, { backgroundCheckpoints: { onFailure: () => process.exit(3) } });
await database.checkpointer!.started;
await sql`create table filler (body blob)`.execute(database.db);
await sql`insert into filler values (randomblob(4000))`.execute(database.db);
if (mode === 'close') await database.db.destroy();
process.stdout.write(`${database.checkpointer!.state}\n`);

import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
for (const sync of ['FULL', 'NORMAL']) {
  const dir = mkdtempSync(join(tmpdir(), 'fs-'));
  const d = new Database(join(dir, 'a.db'));
  d.pragma('journal_mode = WAL'); d.pragma(`synchronous = ${sync}`);
  d.exec('create table t (a text)');
  const ins = d.prepare('insert into t values (?)');
  const lat: number[] = [];
  for (let i = 0; i < 300; i++) { const t = performance.now(); d.transaction(() => ins.run('x'.repeat(100)))(); lat.push(performance.now() - t); }
  lat.sort((a, b) => a - b);
  console.log(sync, 'commit ms p50', lat[150]!.toFixed(2), 'p95', lat[285]!.toFixed(2), 'max', lat[299]!.toFixed(2), 'mean', (lat.reduce((a, b) => a + b) / lat.length).toFixed(2));
  d.close(); rmSync(dir, { recursive: true });
}

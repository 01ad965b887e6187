import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  headerBytes,
  importBreachedCorpus,
  openBreachedIndex,
  recordBytes,
  type ImportProgress,
} from './offline-index.js';

const dir = mkdtempSync(join(tmpdir(), 'sspr-breached-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileNumber = 0;
const tempPath = (name: string) => join(dir, `${(fileNumber += 1)}-${name}`);
const sha1 = (password: string) => createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();

/** A small deterministic PRNG, so a failing corpus can be reproduced. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

const malformed = [
  'not-a-hash:5',
  'ABCDEF',
  `${sha1('no count')}:`,
  `${sha1('negative')}:-3`,
  `${sha1('suffix')}:12x`,
  `${sha1('short').slice(1)}:4`,
  '8846F7EAEE8FB117AD06BDD830B7586C:5', // an NTLM hash: the wrong corpus
];

/** Unsorted, duplicated, mixed case and line endings, blank and malformed lines, one count-0 entry. */
const generateCorpus = (size: number, seed: number) => {
  const random = prng(seed);
  const expected = new Map<string, number>();
  const lines: string[] = [];
  for (let i = 0; i < size; i += 1) {
    const password = `pw-${i}-${Math.floor(random() * 1e9).toString(36)}`;
    const count = 1 + Math.floor(random() * 100_000);
    expected.set(password, count);
    const hash = random() < 0.33 ? sha1(password).toLowerCase() : sha1(password);
    if (random() < 0.1 && count > 1) lines.push(`${hash}:${count - 1}`, `${hash.toLowerCase()}:1`);
    else lines.push(`${hash}:${count}`);
    if (random() < 0.02) lines.push('', '   ');
  }
  lines.push(...malformed, `${sha1('zero-count')}:0`);
  for (let i = lines.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  }
  const text = lines.map((line) => `${line}${random() < 0.5 ? '\r\n' : '\n'}`).join('');
  return { expected, text };
};

describe('importBreachedCorpus and openBreachedIndex', () => {
  it('imports an unsorted corpus through a multi-pass k-way merge and finds every count', async () => {
    const { expected, text } = generateCorpus(3000, 42);
    const input = tempPath('corpus.txt');
    writeFileSync(input, text);
    const workDir = mkdtempSync(join(dir, 'out-'));
    const indexPath = join(workDir, 'nested', 'breached.idx');
    const phases: ImportProgress['phase'][] = [];

    // 97 records per chunk and 3 runs per merge: ~31 runs, so more than one merge pass.
    const result = await importBreachedCorpus(input, indexPath, {
      chunkRecords: 97,
      mergeFanIn: 3,
      progressEveryLines: 500,
      onProgress: (progress) => phases.push(progress.phase),
    });

    expect(result).toEqual({
      records: expected.size,
      malformedLines: malformed.length,
      bytes: headerBytes + expected.size * recordBytes,
    });
    expect(statSync(indexPath).size).toBe(result.bytes);
    expect(phases).toContain('reading');
    expect(phases.at(-1)).toBe('merging');
    expect(readdirSync(join(workDir, 'nested'))).toEqual(['breached.idx']); // no runs or temp files left behind

    const raw = readFileSync(indexPath);
    expect(raw.toString('latin1', 0, 8)).toBe('SSPRBRC1');
    const outOfOrder: number[] = [];
    for (let at = headerBytes + recordBytes; at < raw.length; at += recordBytes) {
      if (raw.compare(raw, at - recordBytes, at - recordBytes + 20, at, at + 20) <= 0) outOfOrder.push(at);
    }
    expect(outOfOrder).toEqual([]); // strictly ascending: sorted, and duplicates merged

    const index = await openBreachedIndex(indexPath);
    try {
      expect(index.records).toBe(expected.size);
      for (const [password, count] of expected) expect(await index.countOf(password), password).toBe(count);
      for (const absent of ['zero-count', 'not-in-the-corpus', '', 'pw-0', 'P@ssw0rd'])
        expect(await index.countOf(absent)).toBe(0);
    } finally {
      await index.close();
    }
    await expect(index.countOf('pw-0')).rejects.toThrow(/closed/);
  });

  it('imports an ordered-by-hash file (the HIBP layout) with the default options', async () => {
    const passwords = Array.from({ length: 500 }, (_, i) => `ordered-${i}`);
    const input = tempPath('ordered.txt');
    writeFileSync(
      input,
      passwords
        .map((p, i) => `${sha1(p)}:${i + 1}`)
        .sort()
        .join('\r\n'),
    );
    const indexPath = tempPath('ordered.idx');
    expect(await importBreachedCorpus(input, indexPath)).toMatchObject({ records: 500, malformedLines: 0 });
    const index = await openBreachedIndex(indexPath);
    for (const [i, p] of passwords.entries()) expect(await index.countOf(p)).toBe(i + 1);
    await index.close();
  });

  it('merges a duplicate that arrives just after the write buffer was flushed', async () => {
    // The writer buffers 65,536 records; put a duplicate pair across that boundary.
    const hashes = Array.from({ length: 70_000 }, (_, i) => sha1(`boundary-${i}`)).sort();
    const lines = hashes.map((hash) => `${hash}:1`);
    lines.splice(65_536, 0, `${hashes[65_535]}:41`);
    const input = tempPath('boundary.txt');
    writeFileSync(input, `${lines.join('\n')}\n`);
    const indexPath = tempPath('boundary.idx');
    expect(await importBreachedCorpus(input, indexPath)).toMatchObject({ records: 70_000 });
    const raw = readFileSync(indexPath);
    expect(
      raw
        .subarray(headerBytes + 65_535 * recordBytes, headerBytes + 65_535 * recordBytes + 20)
        .toString('hex')
        .toUpperCase(),
    ).toBe(hashes[65_535]);
    expect(raw.readUInt32BE(headerBytes + 65_535 * recordBytes + 20)).toBe(42);
  });

  it('orders hashes that share their first bytes by the full hash, and merges many copies of one hash', async () => {
    const random = prng(7);
    const hex = (length: number) =>
      Array.from({ length }, () => '0123456789ABCDEF'[Math.floor(random() * 16)]).join('');
    const hashes = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? `DEADBEEF${hex(32)}` : `DEADBEEF00${hex(30)}`));
    const lines = [...hashes.map((hash) => `${hash}:2`), ...Array.from({ length: 200_000 }, () => `${hashes[0]}:1`)];
    const input = tempPath('prefix.txt');
    writeFileSync(input, lines.join('\n'));
    const indexPath = tempPath('prefix.idx');
    expect(await importBreachedCorpus(input, indexPath)).toMatchObject({ records: new Set(hashes).size });
    const raw = readFileSync(indexPath);
    const stored = Array.from({ length: (raw.length - headerBytes) / recordBytes }, (_, i) =>
      raw
        .subarray(headerBytes + i * recordBytes, headerBytes + i * recordBytes + 20)
        .toString('hex')
        .toUpperCase(),
    );
    expect(stored).toEqual([...new Set(hashes)].sort());
    expect(raw.readUInt32BE(headerBytes + stored.indexOf(hashes[0]!) * recordBytes + 20)).toBe(200_002);
  });

  it('saturates counts at 2^32-1 and accepts an empty corpus', async () => {
    const input = tempPath('big.txt');
    writeFileSync(
      input,
      `${sha1('huge')}:4000000000\n${sha1('huge')}:4000000000\n${sha1('enormous')}:99999999999999999999999\n`,
    );
    const indexPath = tempPath('big.idx');
    await importBreachedCorpus(input, indexPath, { chunkRecords: 1 });
    const index = await openBreachedIndex(indexPath);
    expect(await index.countOf('huge')).toBe(4_294_967_295);
    expect(await index.countOf('enormous')).toBe(4_294_967_295);
    await index.close();

    const empty = tempPath('empty.txt');
    writeFileSync(empty, '');
    expect(await importBreachedCorpus(empty, indexPath)).toEqual({ records: 0, malformedLines: 0, bytes: headerBytes });
    const emptyIndex = await openBreachedIndex(indexPath);
    expect(await emptyIndex.countOf('huge')).toBe(0); // the re-import replaced the earlier index
    await emptyIndex.close();
  });

  it('rejects a missing input without leaving anything behind', async () => {
    const workDir = mkdtempSync(join(dir, 'missing-'));
    await expect(importBreachedCorpus(join(workDir, 'nope.txt'), join(workDir, 'x.idx'))).rejects.toThrow(/ENOENT/);
    await expect(importBreachedCorpus(workDir, join(workDir, 'x.idx'))).rejects.toThrow(/EISDIR/);
    expect(readdirSync(workDir)).toEqual([]);
  });

  it('rejects a missing, foreign, truncated or padded index clearly', async () => {
    const input = tempPath('small.txt');
    writeFileSync(input, ['a', 'b', 'c'].map((p) => `${sha1(p)}:1`).join('\n'));
    const good = tempPath('good.idx');
    await importBreachedCorpus(input, good);

    await expect(openBreachedIndex(tempPath('absent.idx'))).rejects.toThrow(/ENOENT/);
    const foreign = tempPath('foreign.idx');
    writeFileSync(foreign, Buffer.concat([Buffer.from('NOTMAGIC'), readFileSync(good).subarray(8)]));
    await expect(openBreachedIndex(foreign)).rejects.toThrow(/not an OpenSSPR breached-password index/);
    const tiny = tempPath('tiny.idx');
    writeFileSync(tiny, 'SSPR');
    await expect(openBreachedIndex(tiny)).rejects.toThrow(/not an OpenSSPR/);
    const truncated = tempPath('truncated.idx');
    writeFileSync(truncated, readFileSync(good));
    truncateSync(truncated, headerBytes + 2 * recordBytes + 5);
    await expect(openBreachedIndex(truncated)).rejects.toThrow(/declares 3 records but the file has 69 bytes/);
    const padded = tempPath('padded.idx');
    writeFileSync(padded, Buffer.concat([readFileSync(good), Buffer.alloc(recordBytes)]));
    await expect(openBreachedIndex(padded)).rejects.toThrow(/truncated or damaged/);
  });

  it('agrees with a plain map for any corpus, chunk size and fan-in (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ password: fc.string({ maxLength: 12 }), count: fc.integer({ min: 1, max: 1000 }) }), {
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 2, max: 4 }),
        async (entries, chunkRecords, mergeFanIn) => {
          const expected = new Map<string, number>();
          for (const { password, count } of entries) expected.set(password, (expected.get(password) ?? 0) + count);
          const input = tempPath('property.txt');
          writeFileSync(input, entries.map(({ password, count }) => `${sha1(password)}:${count}\n`).join(''));
          const indexPath = tempPath('property.idx');
          const result = await importBreachedCorpus(input, indexPath, { chunkRecords, mergeFanIn });
          expect(result.records).toBe(expected.size);
          const index = await openBreachedIndex(indexPath);
          try {
            for (const [password, count] of expected) expect(await index.countOf(password)).toBe(count);
            expect(await index.countOf('\u0000absent')).toBe(0);
          } finally {
            await index.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

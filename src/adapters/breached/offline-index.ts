/**
 * The offline breached-password corpus: a `SHA1:COUNT` text file (such as HIBP's "Pwned Passwords"
 * SHA-1 download) turned into a compact sorted binary index, searched with positional reads so a
 * billion-record corpus costs ~30 small reads per lookup and no memory.
 *
 * Index format (big-endian): "SSPRBRC1" | uint64 record count | records of 20-byte SHA-1 + uint32
 * count, sorted by hash, no duplicates. 24 bytes per record.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { BreachedPasswordSource } from '../../core/ports.js';

export const indexMagic = 'SSPRBRC1';
export const headerBytes = 16;
export const recordBytes = 24;
const hashBytes = 20;
const maxCount = 0xffff_ffff;
const lineShape = /^([0-9A-Fa-f]{40}):(\d+)$/;

export interface ImportProgress {
  phase: 'reading' | 'merging';
  lines: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Records sorted in memory at once (24 bytes each, at most 2^21); more go to temporary runs on disk. */
  chunkRecords?: number;
  /** Runs merged at once; more runs are merged in passes, so open files stay well under the OS limit. */
  mergeFanIn?: number;
  progressEveryLines?: number;
}

export interface ImportResult {
  records: number;
  malformedLines: number;
  bytes: number;
}

/** Orders two records by hash. The first 4 bytes (read in JS) almost always decide, which keeps sorting off the slower native compare. */
const compareRecords = (a: Buffer, aAt: number, b: Buffer, bAt: number): number => {
  const x = a.readUInt32BE(aAt);
  const y = b.readUInt32BE(bAt);
  if (x !== y) return x < y ? -1 : 1;
  return a.compare(b, bAt + 4, bAt + hashBytes, aAt + 4, aAt + hashBytes);
};

type Add = (source: Buffer, at: number) => Promise<void> | undefined;

/**
 * Writes the sorted records that `fill` adds through a 1.5 MB buffer, summing (saturating) adjacent
 * duplicates. The last record always stays in the buffer so a duplicate arriving after a flush can
 * still be merged. `add` returns a promise only when it had to write, so the hot path costs no await.
 */
const writeSorted = async (path: string, withHeader: boolean, fill: (add: Add) => Promise<void>): Promise<number> => {
  const file = await open(path, 'w');
  try {
    const buffer = Buffer.alloc(65_536 * recordBytes);
    let used = 0;
    let written = 0;
    let position = withHeader ? headerBytes : 0;
    const flush = async (keepLast: boolean) => {
      const length = keepLast ? used - recordBytes : used;
      await file.write(buffer, 0, length, position);
      position += length;
      buffer.copy(buffer, 0, length, used);
      used -= length;
    };
    await fill((source, at) => {
      const last = used - recordBytes;
      if (used > 0 && compareRecords(buffer, last, source, at) === 0) {
        const sum = buffer.readUInt32BE(last + hashBytes) + source.readUInt32BE(at + hashBytes);
        buffer.writeUInt32BE(Math.min(sum, maxCount), last + hashBytes);
        return undefined;
      }
      source.copy(buffer, used, at, at + recordBytes);
      used += recordBytes;
      written += 1;
      return used === buffer.length ? flush(true) : undefined;
    });
    await flush(false);
    if (withHeader) {
      const header = Buffer.alloc(headerBytes);
      header.write(indexMagic, 0, 'latin1');
      header.writeBigUInt64BE(BigInt(written), 8);
      await file.write(header, 0, headerBytes, 0);
      await file.sync(); // durable before the rename makes it the index
    }
    return written;
  } finally {
    await file.close();
  }
};

/** A cursor over a headerless run read in 96 KB blocks; `next` stays synchronous within a block, so the merge awaits once per block. */
const openRun = async (path: string) => {
  const file = await open(path, 'r');
  const block = Buffer.alloc(4096 * recordBytes);
  let position = 0;
  let length = 0;
  const run = {
    block,
    at: -recordBytes,
    next(): boolean | Promise<boolean> {
      run.at += recordBytes;
      if (run.at + recordBytes <= length) return true;
      return file.read(block, 0, block.length, position).then(({ bytesRead }) => {
        length = bytesRead;
        position += bytesRead;
        run.at = 0;
        return bytesRead >= recordBytes;
      });
    },
    close: () => file.close(),
  };
  return run;
};

/** k-way merge of sorted runs through a binary min-heap of cursors. */
const mergeRuns = async (paths: string[], output: string, withHeader: boolean): Promise<number> => {
  const runs: Array<Awaited<ReturnType<typeof openRun>>> = [];
  try {
    for (const path of paths) runs.push(await openRun(path));
    const heap: typeof runs = [];
    const less = (i: number, j: number) => compareRecords(heap[i]!.block, heap[i]!.at, heap[j]!.block, heap[j]!.at) < 0;
    for (const run of runs) if (await run.next()) heap.push(run);
    heap.sort((a, b) => compareRecords(a.block, a.at, b.block, b.at)); // a sorted array is a valid min-heap
    return await writeSorted(output, withHeader, async (add) => {
      while (heap.length > 0) {
        const top = heap[0]!;
        const pending = add(top.block, top.at);
        if (pending) await pending;
        const more = top.next();
        if (!(typeof more === 'boolean' ? more : await more)) {
          heap[0] = heap[heap.length - 1]!; // an exhausted run gives its place to the last one
          heap.pop();
        }
        for (let i = 0, smallest = 0; ; i = smallest) {
          for (let child = 2 * i + 1; child <= 2 * i + 2; child += 1)
            if (child < heap.length && less(child, smallest)) smallest = child;
          if (smallest === i) break;
          [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        }
      }
    });
  } finally {
    await Promise.all(runs.map((run) => run.close()));
  }
};

/** Positions fit in 21 bits beside a 32-bit hash prefix inside a double's exact 53-bit range. */
const maxChunkRecords = 2 ** 21;

/**
 * Sorts one in-memory chunk and writes it as a run. The sort is a native numeric sort of
 * (first 4 hash bytes, position) keys, far faster than a comparator over 1M records; the rare
 * records sharing those 4 bytes are then put in full-hash order.
 */
const writeRun = async (chunk: Buffer, count: number, path: string): Promise<string> => {
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i += 1) keys[i] = chunk.readUInt32BE(i * recordBytes) * maxChunkRecords + i;
  keys.sort();
  const order = Array.from(keys, (key) => (key % maxChunkRecords) * recordBytes);
  for (let start = 0, end = 1; start < count; start = end, end = start + 1) {
    while (end < count && Math.floor(keys[end]! / maxChunkRecords) === Math.floor(keys[start]! / maxChunkRecords))
      end += 1;
    if (end - start === 1) continue;
    const group = order.slice(start, end).sort((a, b) => compareRecords(chunk, a, chunk, b));
    group.forEach((at, k) => (order[start + k] = at));
  }
  await writeSorted(path, false, async (add) => {
    for (const at of order) {
      const pending = add(chunk, at);
      if (pending) await pending;
    }
  });
  return path;
};

/**
 * Imports a `SHA1:COUNT` file (any order, any case, CRLF or LF, blank lines skipped, malformed lines
 * counted) into the index at `indexPath`, replacing it atomically. Counts saturate at 2^32-1.
 * `bytes` in the result is the size of the index written.
 */
export const importBreachedCorpus = async (
  inputPath: string,
  indexPath: string,
  options: ImportOptions = {},
): Promise<ImportResult> => {
  const { onProgress, chunkRecords = 1_000_000, mergeFanIn = 64, progressEveryLines = 1_000_000 } = options;
  const totalBytes = (await stat(inputPath)).size;
  const target = resolve(indexPath);
  await mkdir(dirname(target), { recursive: true });
  // Runs live beside the index, not in /tmp: they need as much space as the index and the final rename must not cross filesystems.
  const work = await mkdtemp(join(dirname(target), '.breached-import-'));
  const input = createReadStream(inputPath);
  try {
    const lines = createInterface({ input, crlfDelay: Infinity });
    // A valid line has at least 42 characters, so a small file never needs a full-size chunk.
    const capacity = Math.max(1, Math.min(chunkRecords, maxChunkRecords, Math.ceil(totalBytes / 42) + 1));
    const chunk = Buffer.alloc(capacity * recordBytes);
    let inChunk = 0;
    let lineCount = 0;
    let malformedLines = 0;
    let runs: string[] = [];
    const progress = (phase: ImportProgress['phase']) =>
      onProgress?.({ phase, lines: lineCount, bytesRead: input.bytesRead, totalBytes });
    const spill = async () => {
      runs.push(await writeRun(chunk, inChunk, join(work, `run-${runs.length}`)));
      inChunk = 0;
    };
    for await (const raw of lines) {
      lineCount += 1;
      if (lineCount % progressEveryLines === 0) progress('reading');
      const line = raw.trim();
      if (line === '') continue;
      const match = lineShape.exec(line);
      if (!match) {
        malformedLines += 1;
        continue;
      }
      const count = Math.min(Number(match[2]), maxCount);
      if (count === 0) continue; // padding-style entries carry no information
      chunk.write(match[1]!, inChunk * recordBytes, hashBytes, 'hex');
      chunk.writeUInt32BE(count, inChunk * recordBytes + hashBytes);
      inChunk += 1;
      if (inChunk === capacity) await spill();
    }
    if (inChunk > 0) await spill();
    progress('merging');
    for (let pass = 0; runs.length > mergeFanIn; pass += 1) {
      const merged: string[] = [];
      for (let i = 0; i < runs.length; i += mergeFanIn) {
        const path = join(work, `pass-${pass}-${merged.length}`);
        await mergeRuns(runs.slice(i, i + mergeFanIn), path, false);
        await Promise.all(runs.slice(i, i + mergeFanIn).map((run) => rm(run)));
        merged.push(path);
      }
      runs = merged;
    }
    const temporary = join(work, 'index');
    const records = await mergeRuns(runs, temporary, true);
    await rename(temporary, target);
    return { records, malformedLines, bytes: headerBytes + records * recordBytes };
  } finally {
    input.destroy();
    await rm(work, { recursive: true, force: true });
  }
};

export interface BreachedIndex extends BreachedPasswordSource {
  readonly records: number;
  close(): Promise<void>;
}

const corrupt = (path: string, reason: string) => new Error(`breached-password index ${path} is not valid: ${reason}`);

/** Opens an index for O(log n) lookups; validates the header and the size before the first lookup. */
export const openBreachedIndex = async (indexPath: string): Promise<BreachedIndex> => {
  const file = await open(indexPath, 'r');
  let records: number;
  try {
    const { size } = await file.stat();
    const header = Buffer.alloc(headerBytes);
    const { bytesRead } = await file.read(header, 0, headerBytes, 0);
    if (bytesRead < headerBytes || header.toString('latin1', 0, 8) !== indexMagic)
      throw corrupt(indexPath, 'not an OpenSSPR breached-password index');
    const declared = header.readBigUInt64BE(8);
    if (
      declared > BigInt(Number.MAX_SAFE_INTEGER) ||
      BigInt(size) !== BigInt(headerBytes) + declared * BigInt(recordBytes)
    ) {
      throw corrupt(
        indexPath,
        `the header declares ${declared} records but the file has ${size} bytes (truncated or damaged; import again)`,
      );
    }
    records = Number(declared);
  } catch (error) {
    await file.close();
    throw error;
  }
  let closed = false;
  return {
    records,
    async countOf(password) {
      if (closed) throw new Error('breached-password index is closed');
      const key = createHash('sha1').update(password, 'utf8').digest();
      const record = Buffer.alloc(recordBytes);
      let low = 0;
      let high = records - 1;
      while (low <= high) {
        const middle = Math.floor((low + high) / 2);
        const { bytesRead } = await file.read(record, 0, recordBytes, headerBytes + middle * recordBytes);
        if (bytesRead < recordBytes) throw corrupt(indexPath, 'a record could not be read (file changed while open)');
        const order = record.compare(key, 0, hashBytes, 0, hashBytes);
        if (order === 0) return record.readUInt32BE(hashBytes);
        if (order < 0) low = middle + 1;
        else high = middle - 1;
      }
      return 0;
    },
    close() {
      closed = true;
      return file.close(); // a second close resolves without effect
    },
  };
};

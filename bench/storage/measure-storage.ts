import type { CheckpointStorage } from '../../src/checkpoint/checkpoint-storage.js';

/** One storage throughput measurement: MB/s of writing (chunks plus commit) and of reading back. */
export interface StorageThroughput {
  readonly megabytes: number;
  readonly chunkMegabytes: number;
  readonly writeMBps: number;
  readonly readMBps: number;
  readonly writeSeconds: number;
  readonly readSeconds: number;
}

const MB = 1024 * 1024;

/** `length` bytes of xorshift noise: storages that compress (IndexedDB does) must not get an easy ride. */
export function noise(length: number, seed = 0x9e3779b9): Uint8Array {
  const bytes = new Uint8Array(length);
  const words = new Uint32Array(bytes.buffer, 0, length >>> 2);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return bytes;
}

/**
 * Writes `megabytes` MB in chunks of `chunkMegabytes` MB as checkpoint
 * `checkpointId` (one chunk at a time, as a single task's writer would),
 * commits it, then reads every chunk back and checks its length and first
 * and last bytes. Throws if a chunk comes back wrong.
 */
export async function measureStorage(
  storage: CheckpointStorage,
  options: { megabytes: number; chunkMegabytes: number; checkpointId: number },
): Promise<StorageThroughput> {
  const { megabytes, chunkMegabytes, checkpointId } = options;
  const chunkCount = Math.ceil(megabytes / chunkMegabytes);
  const chunks = Array.from({ length: chunkCount }, (_, i) => noise(chunkMegabytes * MB, i + 1 + checkpointId * 1000));
  const location = `chk-${checkpointId}`;

  const writeStart = performance.now();
  const refs: string[] = [];
  for (let i = 0; i < chunkCount; i++) refs.push(await storage.writeChunk(location, `op/chunk-${i}`, chunks[i]!));
  const pointer = await storage.commitCheckpoint(location, checkpointId, new Uint8Array(64));
  const writeSeconds = (performance.now() - writeStart) / 1000;

  const readStart = performance.now();
  for (let i = 0; i < chunkCount; i++) {
    const read = await storage.readChunk(pointer, refs[i]!);
    const expected = chunks[i]!;
    if (read.byteLength !== expected.byteLength || read[0] !== expected[0] || read[read.length - 1] !== expected[expected.length - 1]) {
      throw new Error(`chunk ${refs[i]} read back wrong (${read.byteLength} bytes)`);
    }
  }
  const readSeconds = (performance.now() - readStart) / 1000;

  const total = chunkCount * chunkMegabytes;
  return { megabytes: total, chunkMegabytes, writeMBps: total / writeSeconds, readMBps: total / readSeconds, writeSeconds, readSeconds };
}

/** The run with the median write speed (and, separately, the median read speed) of several. */
export function medianOf(runs: readonly StorageThroughput[]): StorageThroughput {
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    ...runs[0]!,
    writeMBps: median(runs.map((r) => r.writeMBps)),
    readMBps: median(runs.map((r) => r.readMBps)),
    writeSeconds: median(runs.map((r) => r.writeSeconds)),
    readSeconds: median(runs.map((r) => r.readSeconds)),
  };
}

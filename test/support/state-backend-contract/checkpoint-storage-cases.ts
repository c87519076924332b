import { describe, expect, it } from 'vitest';
import type { CheckpointPointer } from '../../../src/checkpoint/checkpoint-storage.js';
import { CheckpointError } from '../../../src/errors/checkpoint-error.js';
import { ErrorCodes, type ErrorCode } from '../../../src/errors/error-codes.js';
import { type ContractTarget, rejected } from './fixtures.js';

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
const pointerOf = (location: string, checkpointId: number, savepoint = false): CheckpointPointer => ({
  checkpointId,
  location,
  savepoint,
});

/** Asserts that `promise` rejects with a CheckpointError of `code`. */
export async function expectCheckpointError(promise: Promise<unknown>, code: ErrorCode): Promise<CheckpointError> {
  const error = await rejected(promise);
  expect(error).toBeInstanceOf(CheckpointError);
  expect(error.code).toBe(code);
  return error as CheckpointError;
}

/** A deterministic, non-repeating-looking pattern, so a misplaced block cannot compare equal. */
function pattern(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Index of the first byte where `a` and `b` differ, -1 when equal (fast, unlike a deep equality on megabytes). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** Contract cases: checkpoint storage data: chunks, commits, resolve, list, discard, abort. */
export function describeCheckpointStorageCases({ storage }: ContractTarget): void {
  describe('checkpoint storage', () => {
    it('writes chunks and reads back copies of the same bytes through the committed pointer', async () => {
      const store = await storage();
      expect(store.description.length).toBeGreaterThan(0);
      const buffer = bytes(1, 2, 3);
      const ref = await store.writeChunk('chk-1', 'op-a/kg-0-63', buffer);
      expect(ref).toBe('chk-1/op-a/kg-0-63');
      buffer[0] = 99;
      const pointer = await store.commitCheckpoint('chk-1', 1, bytes(7));
      const read = await store.readChunk(pointer, ref);
      expect([...read]).toEqual([1, 2, 3]);
      read[1] = 99;
      expect([...(await store.readChunk(pointer, ref))]).toEqual([1, 2, 3]);
    });

    it('round-trips an empty chunk and a multi-megabyte chunk byte for byte', async () => {
      const store = await storage();
      const large = pattern(3 * 1024 * 1024 + 7);
      const empty = await store.writeChunk('chk-1', 'empty', new Uint8Array(0));
      const big = await store.writeChunk('chk-1', 'big', large);
      const pointer = await store.commitCheckpoint('chk-1', 1, bytes(1));
      expect((await store.readChunk(pointer, empty)).byteLength).toBe(0);
      expect(firstDifference(await store.readChunk(pointer, big), large)).toBe(-1);
    });

    it('reads a chunk written through a view into a larger buffer as just the view', async () => {
      const store = await storage();
      const backing = bytes(9, 9, 1, 2, 3, 9);
      const ref = await store.writeChunk('chk-1', 'view', backing.subarray(2, 5));
      const pointer = await store.commitCheckpoint('chk-1', 1, bytes(1));
      expect([...(await store.readChunk(pointer, ref))]).toEqual([1, 2, 3]);
    });

    it('makes a checkpoint visible only once committed, and lists completed ones by id', async () => {
      const store = await storage();
      await store.writeChunk('chk-3', 'a', bytes(3));
      await store.writeChunk('chk-5', 'a', bytes(5));
      expect(await store.listCompleted()).toEqual([]);
      await expectCheckpointError(store.resolve('chk-3'), ErrorCodes.CHECKPOINT_NOT_FOUND);
      const third = await store.commitCheckpoint('chk-3', 3, bytes(30));
      const second = await store.commitCheckpoint('savepoint-2', 2, bytes(20));
      const first = await store.commitCheckpoint('chk-1', 1, bytes(10));
      expect(third).toEqual(pointerOf('chk-3', 3));
      expect(second).toEqual(pointerOf('savepoint-2', 2, true));
      expect(await store.listCompleted()).toEqual([first, second, third]);
      expect([...(await store.readMetadata(second))]).toEqual([20]);
      expect([...(await store.readMetadata(third))]).toEqual([30]);
      await expectCheckpointError(store.readMetadata(pointerOf('chk-5', 5)), ErrorCodes.CHECKPOINT_NOT_FOUND);
      await expectCheckpointError(store.resolve('chk-5'), ErrorCodes.CHECKPOINT_NOT_FOUND);
    });

    it('resolves a committed location to the pointer its commit returned', async () => {
      const store = await storage();
      const checkpoint = await store.commitCheckpoint('chk-4', 4, bytes(4));
      const savepoint = await store.commitCheckpoint('savepoint-9', 9, bytes(9));
      expect(await store.resolve('chk-4')).toEqual(checkpoint);
      expect(await store.resolve('savepoint-9')).toEqual(savepoint);
      expect([...(await store.readMetadata(await store.resolve('savepoint-9')))]).toEqual([9]);
    });

    it('rejects missing metadata, locations and chunks with CHECKPOINT_NOT_FOUND', async () => {
      const store = await storage();
      await expectCheckpointError(store.resolve('chk-404'), ErrorCodes.CHECKPOINT_NOT_FOUND);
      await expectCheckpointError(store.readMetadata(pointerOf('savepoint-404', 404, true)), ErrorCodes.CHECKPOINT_NOT_FOUND);
      const pointer = await store.commitCheckpoint('chk-1', 1, bytes(1));
      await expectCheckpointError(store.readChunk(pointer, 'chk-1/nothing'), ErrorCodes.CHECKPOINT_NOT_FOUND);
      await expectCheckpointError(store.readChunk(pointer, 'chk-404/nothing'), ErrorCodes.CHECKPOINT_NOT_FOUND);
    });

    it('commits each location once, keeping the first metadata', async () => {
      const store = await storage();
      const pointer = await store.commitCheckpoint('chk-1', 1, bytes(1));
      await expectCheckpointError(store.commitCheckpoint('chk-1', 1, bytes(2)), ErrorCodes.CHECKPOINT_FAILED);
      expect([...(await store.readMetadata(pointer))]).toEqual([1]);
      expect(await store.listCompleted()).toEqual([pointer]);
    });

    it('refuses chunks for a committed checkpoint, which stays as committed', async () => {
      const store = await storage();
      const ref = await store.writeChunk('chk-1', 'a', bytes(1));
      const pointer = await store.commitCheckpoint('chk-1', 1, bytes(1));
      await expectCheckpointError(store.writeChunk('chk-1', 'a', bytes(2)), ErrorCodes.CHECKPOINT_FAILED);
      await expectCheckpointError(store.writeChunk('chk-1', 'late', bytes(3)), ErrorCodes.CHECKPOINT_FAILED);
      expect([...(await store.readChunk(pointer, ref))]).toEqual([1]);
      await expectCheckpointError(store.readChunk(pointer, 'chk-1/late'), ErrorCodes.CHECKPOINT_NOT_FOUND);
    });

    it('rejects a commit whose location does not match its checkpoint id', async () => {
      const store = await storage();
      await expectCheckpointError(store.commitCheckpoint('chk-1', 2, bytes(1)), ErrorCodes.INVALID_CHECKPOINT_PATH);
      expect(await store.listCompleted()).toEqual([]);
    });

    it('discards a checkpoint and its chunks except those in keep, which later checkpoints still read', async () => {
      const store = await storage();
      const shared = await store.writeChunk('chk-1', 'op/shared', bytes(1));
      const own = await store.writeChunk('chk-1', 'op/own', bytes(2));
      const first = await store.commitCheckpoint('chk-1', 1, bytes(10));
      const newer = await store.writeChunk('chk-2', 'op/delta', bytes(3));
      const second = await store.commitCheckpoint('chk-2', 2, bytes(20));
      await store.discard(first, new Set([shared]));
      expect(await store.listCompleted()).toEqual([second]);
      await expectCheckpointError(store.readMetadata(first), ErrorCodes.CHECKPOINT_NOT_FOUND);
      await expectCheckpointError(store.resolve('chk-1'), ErrorCodes.CHECKPOINT_NOT_FOUND);
      expect([...(await store.readChunk(second, shared))]).toEqual([1]);
      expect([...(await store.readChunk(second, newer))]).toEqual([3]);
      await expectCheckpointError(store.readChunk(second, own), ErrorCodes.CHECKPOINT_NOT_FOUND);
      // Discarding the same location again, once nothing needs them, deletes the chunks kept before.
      await store.discard(first);
      await expectCheckpointError(store.readChunk(second, shared), ErrorCodes.CHECKPOINT_NOT_FOUND);
      expect([...(await store.readMetadata(second))]).toEqual([20]);
    });

    it('discards savepoints like checkpoints, and a discarded location can be committed anew', async () => {
      const store = await storage();
      await store.writeChunk('savepoint-3', 'a', bytes(1));
      const savepoint = await store.commitCheckpoint('savepoint-3', 3, bytes(1));
      await store.discard(savepoint);
      expect(await store.listCompleted()).toEqual([]);
      const ref = await store.writeChunk('savepoint-3', 'b', bytes(2));
      const again = await store.commitCheckpoint('savepoint-3', 3, bytes(2));
      expect([...(await store.readChunk(again, ref))]).toEqual([2]);
      await expectCheckpointError(store.readChunk(again, 'savepoint-3/a'), ErrorCodes.CHECKPOINT_NOT_FOUND);
    });

    it('aborts an uncommitted checkpoint: its chunks are gone and it never becomes visible', async () => {
      const store = await storage();
      const kept = await store.writeChunk('chk-1', 'a', bytes(1));
      const first = await store.commitCheckpoint('chk-1', 1, bytes(1));
      const lost = await store.writeChunk('chk-2', 'op/a', bytes(2));
      await store.abortCheckpoint('chk-2');
      await store.abortCheckpoint('chk-77'); // never written: nothing to do
      await expectCheckpointError(store.readChunk(first, lost), ErrorCodes.CHECKPOINT_NOT_FOUND);
      await expectCheckpointError(store.resolve('chk-2'), ErrorCodes.CHECKPOINT_NOT_FOUND);
      expect(await store.listCompleted()).toEqual([first]);
      expect([...(await store.readChunk(first, kept))]).toEqual([1]);
      const retried = await store.writeChunk('chk-2', 'op/a', bytes(4));
      const second = await store.commitCheckpoint('chk-2', 2, bytes(2));
      expect([...(await store.readChunk(second, retried))]).toEqual([4]);
    });

    it('refuses to abort a committed checkpoint, which stays intact', async () => {
      const store = await storage();
      const ref = await store.writeChunk('chk-1', 'a', bytes(1));
      const pointer = await store.commitCheckpoint('chk-1', 1, bytes(9));
      await expectCheckpointError(store.abortCheckpoint('chk-1'), ErrorCodes.CHECKPOINT_FAILED);
      expect([...(await store.readChunk(pointer, ref))]).toEqual([1]);
      expect([...(await store.readMetadata(pointer))]).toEqual([9]);
    });
  });
}

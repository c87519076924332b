import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../../src/errors/checkpoint-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import {
  type ContractTarget,
  rejected,
} from './fixtures.js';

/** Contract cases: checkpoint storage: chunks, commits, discards, close. */
export function describeCheckpointStorageCases({ storage }: ContractTarget): void {
  describe('checkpoint storage', () => {
    const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

    it('writes chunks and reads back copies of the same bytes', async () => {
      const store = await storage();
      const buffer = bytes(1, 2, 3);
      const ref = await store.writeChunk(1, 'op/kg-0', buffer);
      expect(typeof ref).toBe('string');
      expect(ref.startsWith('/')).toBe(false);
      buffer[0] = 99;
      const read = await store.readChunk(ref);
      expect([...read]).toEqual([1, 2, 3]);
      read[1] = 99;
      expect([...(await store.readChunk(ref))]).toEqual([1, 2, 3]);
    });

    it('makes a checkpoint visible only when committed, oldest first', async () => {
      const store = await storage();
      await store.writeChunk(1, 'a', bytes(1));
      expect(await store.listCompleted()).toEqual([]);
      const first = await store.commitCheckpoint(1, bytes(10));
      await store.writeChunk(2, 'a', bytes(2));
      const savepoint = await store.commitCheckpoint(2, bytes(20), { savepoint: true });
      expect(first).toMatchObject({ checkpointId: 1, savepoint: false });
      expect(savepoint).toMatchObject({ checkpointId: 2, savepoint: true });
      expect(first.location).not.toBe(savepoint.location);
      expect(await store.listCompleted()).toEqual([first, savepoint]);
      expect([...(await store.readMetadata(first))]).toEqual([10]);
      expect([...(await store.readMetadata(savepoint))]).toEqual([20]);
    });

    it('rejects missing chunks and checkpoints with CHECKPOINT_NOT_FOUND', async () => {
      const store = await storage();
      const missingChunk = await rejected(store.readChunk('chk-404/nothing'));
      expect(missingChunk).toBeInstanceOf(CheckpointError);
      expect(missingChunk.code).toBe(ErrorCodes.CHECKPOINT_NOT_FOUND);
      await store.writeChunk(5, 'a', bytes(1));
      const uncommitted = await rejected(store.readMetadata({ checkpointId: 5, location: 'chk-5', savepoint: false }));
      expect(uncommitted).toBeInstanceOf(CheckpointError);
      expect(uncommitted.code).toBe(ErrorCodes.CHECKPOINT_NOT_FOUND);
    });

    it('discards a checkpoint and its chunks, except those in keep', async () => {
      const store = await storage();
      const shared = await store.writeChunk(1, 'shared', bytes(1));
      const own = await store.writeChunk(1, 'own', bytes(2));
      const pointer = await store.commitCheckpoint(1, bytes(3));
      const later = await store.commitCheckpoint(2, bytes(4));
      await store.discard(pointer, new Set([shared]));
      expect(await store.listCompleted()).toEqual([later]);
      expect([...(await store.readChunk(shared))]).toEqual([1]);
      expect((await rejected(store.readChunk(own))).code).toBe(ErrorCodes.CHECKPOINT_NOT_FOUND);
      expect((await rejected(store.readMetadata(pointer))).code).toBe(ErrorCodes.CHECKPOINT_NOT_FOUND);
    });

    it('rejects every call with CheckpointError after close', async () => {
      const store = await storage();
      const ref = await store.writeChunk(1, 'a', bytes(1));
      const pointer = await store.commitCheckpoint(1, bytes(2));
      await store.close();
      const calls: Promise<unknown>[] = [
        store.writeChunk(2, 'b', bytes(1)),
        store.readChunk(ref),
        store.commitCheckpoint(2, bytes(1)),
        store.readMetadata(pointer),
        store.listCompleted(),
        store.discard(pointer),
      ];
      for (const call of calls) expect(await rejected(call)).toBeInstanceOf(CheckpointError);
    });
  });
}

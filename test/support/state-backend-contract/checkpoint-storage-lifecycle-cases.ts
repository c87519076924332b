import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../../src/errors/checkpoint-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { expectCheckpointError } from './checkpoint-storage-cases.js';
import { type ContractTarget, rejected } from './fixtures.js';

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

const BAD_NAMES = ['', '../x', 'a/../../b', '/etc/passwd', 'a\\b', 'a\0b', 'a//b', './a', 'a/.', 'C:/x', '_metadata', '_lock'];
const BAD_LOCATIONS = ['', 'chk', 'chk-', 'chk-x', 'tmp-1', '../chk-1', 'chk-1/..', '/chk-1', 'chk-1/a'];
const BAD_REFS = ['chk-1', 'chk-1/', '../chk-1/a', 'chk-1/../../etc/passwd', '/etc/passwd', 'chk-1/_metadata', 'x/chk-1/a', 'chk-1/a\\..\\..\\b'];

/** Contract cases: the lock, close, and names that would leave the storage. */
export function describeCheckpointStorageLifecycleCases({ storage, backend, open }: ContractTarget): void {
  describe('checkpoint storage lock and lifecycle', () => {
    it('lets one storage at a time open a place: a second open fails with STORAGE_LOCKED', async () => {
      const place = await backend();
      const first = await open(place);
      const error = await expectCheckpointError(open(place), ErrorCodes.STORAGE_LOCKED);
      expect(error.message.length).toBeGreaterThan(20);
      await first.writeChunk('chk-1', 'a', bytes(1));
      await first.commitCheckpoint('chk-1', 1, bytes(1));
    });

    it('opens again after close and finds the checkpoints committed before', async () => {
      const place = await backend();
      const first = await open(place);
      const ref = await first.writeChunk('chk-1', 'op/a', bytes(5));
      const pointer = await first.commitCheckpoint('chk-1', 1, bytes(6));
      await first.close();
      const second = await open(place);
      expect(await second.listCompleted()).toEqual([pointer]);
      const resolved = await second.resolve('chk-1');
      expect([...(await second.readMetadata(resolved))]).toEqual([6]);
      expect([...(await second.readChunk(resolved, ref))]).toEqual([5]);
    });

    it('rejects every call with CheckpointError after close, and closes twice harmlessly', async () => {
      const store = await storage();
      const ref = await store.writeChunk('chk-1', 'a', bytes(1));
      const pointer = await store.commitCheckpoint('chk-1', 1, bytes(2));
      await store.close();
      await expect(store.close()).resolves.toBeUndefined();
      const calls: Promise<unknown>[] = [
        store.writeChunk('chk-2', 'b', bytes(1)),
        store.readChunk(pointer, ref),
        store.commitCheckpoint('chk-2', 2, bytes(1)),
        store.readMetadata(pointer),
        store.resolve('chk-1'),
        store.listCompleted(),
        store.abortCheckpoint('chk-2'),
        store.discard(pointer),
      ];
      for (const call of calls) expect(await rejected(call)).toBeInstanceOf(CheckpointError);
    });

    it('closes while a write is in flight, and the place can be opened again at once', async () => {
      const place = await backend();
      const store = await open(place);
      const write = store.writeChunk('chk-1', 'big', new Uint8Array(1024 * 1024)).then(
        () => 'written',
        (error: unknown) => error,
      );
      await store.close();
      const outcome = await write;
      if (outcome !== 'written') expect(outcome).toBeInstanceOf(CheckpointError);
      const reopened = await open(place);
      expect(await reopened.listCompleted()).toEqual([]);
    });

    it.each(BAD_NAMES)('rejects chunk name %j with INVALID_CHECKPOINT_PATH', async (name) => {
      const store = await storage();
      await expectCheckpointError(store.writeChunk('chk-1', name, bytes(1)), ErrorCodes.INVALID_CHECKPOINT_PATH);
    });

    it.each(BAD_LOCATIONS)('rejects location %j with INVALID_CHECKPOINT_PATH', async (location) => {
      const store = await storage();
      await expectCheckpointError(store.writeChunk(location, 'a', bytes(1)), ErrorCodes.INVALID_CHECKPOINT_PATH);
      await expectCheckpointError(store.commitCheckpoint(location, 1, bytes(1)), ErrorCodes.INVALID_CHECKPOINT_PATH);
      await expectCheckpointError(store.abortCheckpoint(location), ErrorCodes.INVALID_CHECKPOINT_PATH);
      await expectCheckpointError(
        store.readMetadata({ checkpointId: 1, location, savepoint: false }),
        ErrorCodes.INVALID_CHECKPOINT_PATH,
      );
    });

    it.each(BAD_REFS)('rejects chunk ref %j (as if read from crafted metadata) with INVALID_CHECKPOINT_PATH', async (ref) => {
      const store = await storage();
      const pointer = await store.commitCheckpoint('chk-1', 1, bytes(1));
      await expectCheckpointError(store.readChunk(pointer, ref), ErrorCodes.INVALID_CHECKPOINT_PATH);
    });

    it('rejects a relative path that is not a location with INVALID_CHECKPOINT_PATH', async () => {
      const store = await storage();
      await expectCheckpointError(store.resolve('checkpoints/chk-1'), ErrorCodes.INVALID_CHECKPOINT_PATH);
      await expectCheckpointError(store.resolve('../chk-1'), ErrorCodes.INVALID_CHECKPOINT_PATH);
    });
  });
}

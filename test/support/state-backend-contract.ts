import { afterEach, describe } from 'vitest';
import type { CheckpointStorage } from '../../src/checkpoint/checkpoint-storage.js';
import { KeyGroupRange } from '../../src/state/key-group-range.js';
import type { KeyedStateBackend } from '../../src/state/keyed-state-backend.js';
import type { StateBackend } from '../../src/state/state-backend.js';
import { ManualClock } from '../../src/time/manual-clock.js';
import { describeCheckpointStorageCases } from './state-backend-contract/checkpoint-storage-cases.js';
import { describeCheckpointStorageLifecycleCases } from './state-backend-contract/checkpoint-storage-lifecycle-cases.js';
import { uniqueJobId, type ContractTarget } from './state-backend-contract/fixtures.js';
import { describeKeyedStateCases } from './state-backend-contract/keyed-state-cases.js';
import { describeNamespaceCases } from './state-backend-contract/namespace-cases.js';
import { describeSnapshotCases } from './state-backend-contract/snapshot-cases.js';

/**
 * The behaviour every {@link StateBackend} must show: keyed state of all five
 * kinds, namespaces and merging, snapshots and restores (including
 * rescaling and sections), and checkpoint storage. Uses only the public
 * interfaces, so it runs unchanged against the memory, IndexedDB and
 * filesystem backends, in Node and in the browser.
 *
 * Each call of `createBackend` must give a backend over a place of its own
 * (a new directory, a new database name); the caller removes those places
 * after the suite.
 *
 * @example
 * ```ts
 * describeStateBackendContract('memory', () => new MemoryStateBackend());
 * ```
 */
export function describeStateBackendContract(
  name: string,
  createBackend: () => StateBackend | Promise<StateBackend>,
): void {
  describe(`${name} state backend contract`, () => {
    const keyedBackends: KeyedStateBackend[] = [];
    const storages: CheckpointStorage[] = [];
    afterEach(async () => {
      for (const keyed of keyedBackends.splice(0)) keyed.dispose();
      for (const storage of storages.splice(0)) await storage.close().catch(() => undefined);
    });

    const target: ContractTarget = {
      async keyed(range = KeyGroupRange.all(128), maxParallelism = 128) {
        const backend = await createBackend();
        const keyed = backend.createKeyedStateBackend({
          jobId: uniqueJobId(),
          operatorUid: 'contract-operator',
          keyGroupRange: range,
          maxParallelism,
          clock: new ManualClock(0),
        });
        keyedBackends.push(keyed);
        return keyed;
      },
      async storage() {
        return target.open(await createBackend());
      },
      async backend() {
        return createBackend();
      },
      async open(backend) {
        const storage = await backend.createCheckpointStorage({ jobId: uniqueJobId(), jobName: 'contract job' });
        storages.push(storage);
        return storage;
      },
    };

    describeKeyedStateCases(target);
    describeNamespaceCases(target);
    describeSnapshotCases(target);
    describeCheckpointStorageCases(target);
    describeCheckpointStorageLifecycleCases(target);
  });
}

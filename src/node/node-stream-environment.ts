import { StreamEnvironment } from '../api/stream-environment.js';
import type { StreamEnvironmentOptions } from '../api/stream-environment-options.js';
import { browserStateBackendFactories } from '../state/browser-state-backend-factories.js';
import { FileSystemStateBackend, type FileSystemStateBackendOptions } from '../state/fs/file-system-state-backend.js';
import type { StateBackendFactory } from '../state/state-backend-loader.js';
import type { StateBackendName } from '../state/state-backend.js';

/** Every backend configuration can name in Node: memory, IndexedDB (with an IDBFactory passed in) and the filesystem. */
const nodeStateBackendFactories: ReadonlyMap<StateBackendName, StateBackendFactory> = new Map<StateBackendName, StateBackendFactory>([
  ...browserStateBackendFactories,
  ['filesystem', (options) => new FileSystemStateBackend(options as unknown as FileSystemStateBackendOptions)],
]);

/**
 * The {@link StreamEnvironment} of `weir/node`: the same, except that
 * configuration may also name the `'filesystem'` backend. `weir/node`
 * exports it as `StreamEnvironment`.
 *
 * @example
 * ```ts
 * import { StreamEnvironment } from 'weir/node';
 * const env = StreamEnvironment.create({
 *   configuration: { stateBackend: 'filesystem', stateBackendOptions: { directory: './ckpt/orders' } },
 *   checkpointing: { interval: 1000 },
 * });
 * ```
 */
export class NodeStreamEnvironment extends StreamEnvironment {
  static override create(options: StreamEnvironmentOptions = {}): NodeStreamEnvironment {
    return new NodeStreamEnvironment(options, nodeStateBackendFactories);
  }
}

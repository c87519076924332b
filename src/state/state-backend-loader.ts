import { describeValue } from '../errors/argument-checks.js';
import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import type { StateBackend, StateBackendName } from './state-backend.js';

/**
 * Configuration that picks a state backend by name (from a JSON file, the
 * environment, a URL...). A backend set in code always wins over it.
 *
 * @example
 * ```ts
 * StreamEnvironment.create({ configuration: { stateBackend: 'filesystem', stateBackendOptions: { directory: '/var/ckpt/clicks' } } });
 * ```
 */
export interface StateBackendConfiguration {
  readonly stateBackend?: StateBackendName;
  /** Options of the named backend: `{ maxCheckpointSize }`, `{ databaseName }`, `{ directory }`. */
  readonly stateBackendOptions?: Readonly<Record<string, unknown>>;
}

/** Builds a backend from its configured options; one per name this runtime supports. */
export type StateBackendFactory = (options: Readonly<Record<string, unknown>>) => StateBackend;

/** Every name configuration may use. */
export const STATE_BACKEND_NAMES: readonly StateBackendName[] = ['memory', 'indexeddb', 'filesystem'];

/**
 * Picks the job's state backend: the one set in code, else the one named in
 * configuration, else `fallback()` (memory). Configuration never overrides a
 * backend set in code.
 * @throws ConfigError UNKNOWN_STATE_BACKEND for a name that is not one of {@link STATE_BACKEND_NAMES};
 * STATE_BACKEND_UNAVAILABLE for a known name this runtime cannot run (the filesystem backend outside `weir/node`).
 */
export function loadStateBackend(
  inCode: StateBackend | undefined,
  configuration: StateBackendConfiguration | undefined,
  factories: ReadonlyMap<StateBackendName, StateBackendFactory>,
  fallback: () => StateBackend,
): StateBackend {
  if (inCode !== undefined) return inCode;
  const name = configuration?.stateBackend;
  if (name === undefined) return fallback();
  if (!STATE_BACKEND_NAMES.includes(name)) {
    throw new ConfigError(
      ErrorCodes.UNKNOWN_STATE_BACKEND,
      `Unknown state backend ${describeValue(name)} in configuration.stateBackend; use one of ${STATE_BACKEND_NAMES.map((n) => `'${n}'`).join(', ')}.`,
    );
  }
  const factory = factories.get(name);
  if (factory === undefined) {
    throw new ConfigError(
      ErrorCodes.STATE_BACKEND_UNAVAILABLE,
      `The '${name}' state backend is not available from this entry point: it runs in Node only. ` +
        "Import StreamEnvironment from 'weir/node', or pick 'memory' or 'indexeddb'.",
    );
  }
  const options = configuration?.stateBackendOptions ?? {};
  if (options === null || typeof options !== 'object') {
    throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `configuration.stateBackendOptions must be an object, got ${describeValue(options)}.`);
  }
  return factory(options);
}

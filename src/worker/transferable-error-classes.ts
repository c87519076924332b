import { CheckpointError } from '../errors/checkpoint-error.js';
import { ConfigError } from '../errors/config-error.js';
import { StateError } from '../errors/state-error.js';
import { UserFunctionError } from '../errors/user-function-error.js';
import { WeirError } from '../errors/weir-error.js';
import { WorkerError } from '../errors/worker-error.js';
import { InvalidKeyError } from '../state/key-encoding.js';
import { InvalidTimestampError } from '../time/time-types.js';
import { UnsupportedMergeError } from '../windowing/operator/unsupported-merge-error.js';

/** Any error constructor, whatever its parameters. */
type ErrorClass = abstract new (...args: never[]) => Error;

/** See {@link transferableErrorClasses}. */
let classes: ReadonlyArray<readonly [string, ErrorClass]> | undefined;

/**
 * The error classes a worker boundary rebuilds, by stable key. Keys are
 * written out rather than taken from `constructor.name`, so a minified main
 * bundle and a minified worker bundle still agree. An error of a class not
 * listed here crosses as its nearest listed ancestor (a subclass of
 * `StateError` arrives as a `StateError`, with its own `name` kept).
 * Built once, on first use rather than at module load: with import cycles
 * the error classes may not be initialized yet when this module loads.
 */
function transferableErrorClasses(): ReadonlyArray<readonly [string, ErrorClass]> {
  return (classes ??= [
    ['WeirError', WeirError],
    ['ConfigError', ConfigError],
    ['StateError', StateError],
    ['CheckpointError', CheckpointError],
    ['WorkerError', WorkerError],
    ['UserFunctionError', UserFunctionError],
    ['InvalidKeyError', InvalidKeyError],
    ['InvalidTimestampError', InvalidTimestampError],
    ['UnsupportedMergeError', UnsupportedMergeError],
    // Built-ins, looked up on the global object so that each realm uses its own.
    ...['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError']
      .map((name) => [name, (globalThis as Record<string, unknown>)[name]] as const)
      .filter((entry): entry is readonly [string, ErrorClass] => typeof entry[1] === 'function'),
  ]);
}

/** The stable key of the nearest class of `error` that {@link transferableErrorClasses} lists. */
export function transferableClassOf(error: Error): string {
  const known = transferableErrorClasses();
  for (let proto: unknown = Object.getPrototypeOf(error); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const match = known.find(([, ctor]) => ctor.prototype === proto);
    if (match) return match[0];
  }
  return 'Error';
}

/** The prototype to rebuild an error of class `key` on; `Error.prototype` for a key this side does not know. */
export function prototypeOfTransferableClass(key: string): object {
  const match = transferableErrorClasses().find(([name]) => name === key);
  return (match?.[1] ?? Error).prototype;
}

import type { Observable } from 'rxjs';
import { ArraySource } from '../connectors/sources/array-source.js';
import { GeneratorSource, type GeneratorSourceOptions } from '../connectors/sources/generator-source.js';
import { IterableSource } from '../connectors/sources/iterable-source.js';
import { ObservableSource } from '../connectors/sources/observable-source.js';
import type { Source } from '../connectors/source.js';
import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { describeValue, requireDuration, requireIntegerInRange } from '../errors/argument-checks.js';
import { requireParallelism } from './require-parallelism.js';
import { planExecution } from '../runtime/execution-plan.js';
import { JobGraph } from '../runtime/job-graph.js';
import type { JobClient } from '../runtime/job-client.js';
import { LocalJobClient, type LocalJobOptions } from '../runtime/local-job-client.js';
import type { SourcePullOptions } from '../runtime/source-stage.js';
import { DEFAULT_MAX_PARALLELISM, requireMaxParallelism } from '../state/key-group.js';
import { MemoryStateBackend } from '../state/memory/memory-state-backend.js';
import { resolveCheckpointingOptions, type ResolvedCheckpointingOptions } from '../checkpoint/checkpointing-options.js';
import type { RestoreSettings } from '../checkpoint/restore/restore-settings.js';
import { createRestartStrategy, type RestartStrategyOptions } from '../runtime/restart-strategy.js';
import { loadStateBackend, type StateBackendFactory } from '../state/state-backend-loader.js';
import type { StateBackendName } from '../state/state-backend.js';
import { browserStateBackendFactories } from '../state/browser-state-backend-factories.js';
import type { StateBackend } from '../state/state-backend.js';
import type { Clock } from '../time/clock.js';
import { SystemClock } from '../time/system-clock.js';
import type { Millis } from '../time/time-types.js';
import { DataStream } from './data-stream.js';
import type { StreamEnvironmentOptions } from './stream-environment-options.js';

let jobCounter = 0;

/** Coordinator settings when a job takes only savepoints (no periodic checkpoints). */
const SAVEPOINT_DEFAULTS = resolveCheckpointingOptions({ interval: 3_600_000, incremental: false });

function requireRestoreSettings(restore: RestoreSettings | undefined): RestoreSettings | undefined {
  if (restore === undefined) return undefined;
  const from: unknown = restore?.from;
  if (typeof restore !== 'object' || restore === null || !(from instanceof Uint8Array || (typeof from === 'string' && from.length > 0))) {
    throw new ConfigError(
      ErrorCodes.INVALID_ARGUMENT,
      `restore must be { from: 'latest' | '<location or path>' | savepointBytes }, got ${describeValue(restore)}.`,
    );
  }
  if (restore.allowNonRestoredState !== undefined && typeof restore.allowNonRestoredState !== 'boolean') {
    throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `restore.allowNonRestoredState must be a boolean, got ${describeValue(restore.allowNonRestoredState)}.`);
  }
  return restore;
}

/**
 * Where a pipeline is defined and run: create one, add sources, transform
 * them into sinks, then `execute()`.
 *
 * @example
 * ```ts
 * const env = StreamEnvironment.create({ parallelism: 2 });
 * const counts = env
 *   .fromArray(['a', 'b', 'a'])
 *   .keyBy((word) => word)
 *   .process(countWords)
 *   .collect();
 * await env.execute('word count').result;
 * ```
 * @throws ConfigError WEIR_INVALID_PARALLELISM / WEIR_INVALID_MAX_PARALLELISM for bad options.
 */
export class StreamEnvironment {
  /** @internal The graph the DataStream API builds. */
  readonly graph = new JobGraph();
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly clock: Clock;
  readonly autoWatermarkInterval: Millis;
  readonly stateBackend: StateBackend;
  /** Periodic checkpoints, with every default filled in; undefined when off. */
  readonly checkpointing: ResolvedCheckpointingOptions | undefined;
  private readonly restartStrategy: RestartStrategyOptions | undefined;
  private readonly restore: RestoreSettings | undefined;
  private readonly sourceChunkSize: number;
  private readonly timeSliceMs: number;
  private executed = false;

  /** @internal Use {@link StreamEnvironment.create}; `weir/node` passes the factories of Node-only backends. */
  protected constructor(options: StreamEnvironmentOptions, factories: ReadonlyMap<StateBackendName, StateBackendFactory> = browserStateBackendFactories) {
    if (options === null || typeof options !== 'object') {
      throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `StreamEnvironment options must be an object, got ${describeValue(options)}.`);
    }
    this.maxParallelism = requireMaxParallelism(options.maxParallelism ?? DEFAULT_MAX_PARALLELISM);
    this.parallelism = requireParallelism(options.parallelism ?? 1, this.maxParallelism);
    this.clock = options.clock ?? new SystemClock();
    this.autoWatermarkInterval = requireDuration(options.autoWatermarkInterval ?? 200, 'autoWatermarkInterval');
    this.stateBackend = loadStateBackend(options.stateBackend, options.configuration, factories, () => new MemoryStateBackend());
    this.checkpointing = options.checkpointing === undefined ? undefined : resolveCheckpointingOptions(options.checkpointing);
    // Validated now so a bad strategy fails at create(), not at the first failure.
    createRestartStrategy(options.restartStrategy, this.checkpointing !== undefined);
    this.restartStrategy = options.restartStrategy;
    this.restore = requireRestoreSettings(options.restore);
    this.sourceChunkSize = requireIntegerInRange(options.sourceChunkSize ?? 1024, 'sourceChunkSize', 1, 1 << 20);
    this.timeSliceMs = requireDuration(options.timeSliceMs ?? 10, 'timeSliceMs', { positive: true });
  }

  /** Creates an environment; see {@link StreamEnvironmentOptions} for the defaults. */
  static create(options: StreamEnvironmentOptions = {}): StreamEnvironment {
    return new StreamEnvironment(options);
  }

  /** A bounded, replayable stream of the array's elements. */
  fromArray<T>(items: readonly T[]): DataStream<T> {
    if (!Array.isArray(items)) {
      throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `fromArray needs an array, got ${describeValue(items)}.`);
    }
    return this.fromSource(new ArraySource(items));
  }

  /** A bounded stream of what the iterable yields; replayable if iterating again yields the same. */
  fromIterable<T>(iterable: Iterable<T>): DataStream<T> {
    if (iterable == null || typeof (iterable as Iterable<T>)[Symbol.iterator] !== 'function') {
      throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `fromIterable needs an iterable, got ${describeValue(iterable)}.`);
    }
    return this.fromSource(new IterableSource(iterable));
  }

  /** A deterministic stream: record `i` is `generate(i)`, for `count` records (Infinity: unbounded). */
  fromGenerator<T>(options: GeneratorSourceOptions<T>): DataStream<T> {
    return this.fromSource(new GeneratorSource(options));
  }

  /** Any RxJS Observable. Not replayable: see ObservableSource for the guarantee it gets. */
  fromObservable<T>(observable: Observable<T>): DataStream<T> {
    if (observable == null || typeof (observable as Observable<T>).subscribe !== 'function') {
      throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `fromObservable needs an RxJS Observable, got ${describeValue(observable)}.`);
    }
    return this.fromSource(new ObservableSource(observable));
  }

  /** A stream from any {@link Source}. */
  fromSource<T>(source: Source<T>): DataStream<T> {
    if (source === null || typeof source !== 'object' || typeof source.createReader !== 'function') {
      throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `fromSource needs a Source with createReader(), got ${describeValue(source)}.`);
    }
    const node = this.graph.add({ name: source.name, kind: 'source', inputs: [], keyed: false, source: source as Source<unknown> });
    return new DataStream<T>(this, [{ nodeId: node.id, tagId: undefined }], node);
  }

  /**
   * Runs the job. Returns at once with a {@link JobClient}; await its
   * `result`. One environment runs one job.
   * @throws ConfigError WEIR_JOB_ALREADY_EXECUTED on a second call; WEIR_INVALID_JOB_GRAPH without a sink; WEIR_DUPLICATE_UID.
   */
  execute(jobName = 'weir job'): JobClient {
    if (this.executed) {
      throw new ConfigError(
        ErrorCodes.JOB_ALREADY_EXECUTED,
        'execute() was already called on this environment. Create a new StreamEnvironment for another job.',
      );
    }
    const plan = planExecution(this.graph, { parallelism: this.parallelism, maxParallelism: this.maxParallelism });
    this.executed = true;
    return LocalJobClient.start(plan, this.jobOptions(jobName));
  }

  /**
   * Everything a job client runs a job of this environment with.
   * @internal (runInWorkers builds the client on the main thread from it)
   */
  jobOptions(jobName: string): LocalJobOptions {
    return {
      jobId: `job-${Date.now().toString(36)}-${(jobCounter++).toString(36)}`,
      jobName,
      maxParallelism: this.maxParallelism,
      clock: this.clock,
      stateBackend: this.stateBackend,
      ...this.executionSettings(),
      restartStrategy: createRestartStrategy(this.restartStrategy, this.checkpointing !== undefined),
      restore: this.restore,
    };
  }

  /**
   * How sources are pulled and checkpoints taken (for a worker running part of a job).
   * @internal
   */
  executionSettings(): { pull: SourcePullOptions; checkpointing: ResolvedCheckpointingOptions | undefined; savepointDefaults: ResolvedCheckpointingOptions } {
    return { pull: { chunkSize: this.sourceChunkSize, timeSliceMs: this.timeSliceMs }, checkpointing: this.checkpointing, savepointDefaults: SAVEPOINT_DEFAULTS };
  }

  /**
   * Throws unless streams of this environment may still be extended.
   * @internal
   * @throws ConfigError WEIR_INVALID_JOB_GRAPH after `execute()`.
   */
  requireBuildable(): void {
    if (this.executed) {
      throw new ConfigError(
        ErrorCodes.INVALID_JOB_GRAPH,
        'This stream belongs to an environment that already executed its job; build the pipeline on a new StreamEnvironment.',
      );
    }
  }

  /** Whether `execute()` was called. */
  get isExecuted(): boolean {
    return this.executed;
  }
}

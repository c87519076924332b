import { CheckpointError } from '../errors/checkpoint-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { WeirError } from '../errors/weir-error.js';
import type { CheckpointViewOptions, OperatorCheckpoint } from '../runtime/operator-snapshot.js';
import { CheckpointBarrier } from '../runtime/stream-element.js';
import type {
  CheckpointCoordinatorParameters,
  CheckpointTarget,
  CompletedCheckpoint,
} from './checkpoint-coordinator-parameters.js';
import type { SnapshotTiming, TaskCheckpointHooks } from '../runtime/task-checkpoint-hooks.js';
import type { Cancel } from '../time/clock.js';
import { PeriodicTrigger } from './periodic-trigger.js';
import type { CheckpointEvent } from './checkpoint-events.js';
import { locationOf, type CheckpointPointer } from './checkpoint-storage.js';
import { CheckpointRetainer } from './checkpoint-retainer.js';
import { encodeCheckpointMetadata } from './metadata/checkpoint-metadata-codec.js';
import { CHECKPOINT_FORMAT_VERSION, type CheckpointMetadata } from './metadata/checkpoint-metadata.js';
import type { PersistedSubtask } from './persist-operator-checkpoint.js';
import { SubtaskPersistence } from './subtask-persistence.js';

interface Pending {
  readonly id: number;
  readonly savepoint: boolean;
  readonly location: string;
  readonly triggeredAt: number;
  readonly started: number;
  readonly acks: Map<string, PersistedSubtask>;
  readonly expected: number;
  cancelTimeout: Cancel;
  readonly resolve: (completed: CompletedCheckpoint) => void;
  readonly reject: (error: WeirError) => void;
  done: boolean;
}

/**
 * Triggers checkpoints and savepoints, collects the tasks' acknowledgements
 * and completes them (Flink's CheckpointCoordinator): barriers go in at the
 * sources; each operator subtask's synchronous view arrives through
 * {@link hooks} and is persisted asynchronously here; once every subtask
 * acknowledged, the metadata is written last and the checkpoint exists.
 * Then operators are notified, old checkpoints are dropped by the
 * {@link CheckpointRetainer}. Failures decline the checkpoint; more than
 * `tolerableFailedCheckpoints` in a row fail the job.
 */
export class CheckpointCoordinator {
  private readonly params: CheckpointCoordinatorParameters;
  private readonly pending = new Map<number, Pending>();
  private nextId: number;
  private target: CheckpointTarget | undefined;
  private readonly periodic: PeriodicTrigger;
  private lastCompletedAt = -Infinity;
  private consecutiveFailures = 0;
  private stopped = false;
  private readonly persistence: SubtaskPersistence;
  readonly retainer: CheckpointRetainer;
  readonly hooks: TaskCheckpointHooks;
  private readonly expectedAcks: number;

  constructor(params: CheckpointCoordinatorParameters) {
    this.params = params;
    this.nextId = params.firstCheckpointId;
    this.expectedAcks = params.operators.reduce((n, op) => n + op.parallelism, 0);
    this.retainer = new CheckpointRetainer(params.storage, params.options.retainedCheckpoints);
    this.persistence = new SubtaskPersistence(params.storage, params.options.chunkBytes);
    this.periodic = new PeriodicTrigger(params.clock, params.options, {
      inFlight: () => [...this.pending.values()].filter((p) => !p.savepoint).length,
      lastCompletedAt: () => this.lastCompletedAt,
      trigger: () => {
        if (this.target === undefined || this.stopped) return false;
        // Failures are reported through events and the failure counter.
        this.trigger(false).catch(() => {});
        return true;
      },
    });
    const viewOptions: CheckpointViewOptions = params.options;
    this.hooks = {
      viewOptions,
      taken: (barrier, snapshots, timing) => this.onTaken(barrier, snapshots, timing),
      failed: (barrier, uid, error) => this.decline(barrier.checkpointId, asWeirError(error, `Operator '${uid}' could not snapshot its state`)),
    };
  }

  /** The id the next checkpoint gets. */
  get nextCheckpointId(): number {
    return this.nextId;
  }

  /** Binds the coordinator to a running execution (each attempt of the job). */
  attach(target: CheckpointTarget): void {
    this.target = target;
  }

  /**
   * Unbinds it: every pending checkpoint is declined with `reason` (not
   * counted as a checkpoint failure) and periodic triggering pauses.
   */
  detach(reason: WeirError): void {
    this.stopPeriodic();
    for (const pending of [...this.pending.values()]) this.abort(pending, reason, false);
    this.target = undefined;
  }

  /** Starts periodic checkpoints: the first after one interval. */
  startPeriodic(): void {
    if (!this.stopped) this.periodic.start();
  }

  stopPeriodic(): void {
    this.periodic.stop();
  }

  /**
   * Triggers a checkpoint (or savepoint) now and resolves when it completes.
   * @throws CheckpointError CHECKPOINT_FAILED when no execution runs or a source already finished; the checkpoint's failure otherwise.
   */
  trigger(savepoint: boolean): Promise<CompletedCheckpoint> {
    const target = this.target;
    if (target === undefined || this.stopped) {
      return Promise.reject(new CheckpointError(ErrorCodes.ILLEGAL_JOB_STATE, `The job is not running, so no ${savepoint ? 'savepoint' : 'checkpoint'} can be taken now.`));
    }
    const id = this.nextId++;
    const clock = this.params.clock;
    let resolve!: (completed: CompletedCheckpoint) => void;
    let reject!: (error: WeirError) => void;
    const promise = new Promise<CompletedCheckpoint>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const pending: Pending = {
      id,
      savepoint,
      location: locationOf(id, savepoint),
      triggeredAt: Date.now(),
      started: performance.now(),
      acks: new Map(),
      expected: this.expectedAcks,
      cancelTimeout: () => {},
      resolve,
      reject,
      done: false,
    };
    this.pending.set(id, pending);
    pending.cancelTimeout = clock.schedule(clock.now() + this.params.options.timeout, () => {
      this.abort(
        pending,
        new CheckpointError(
          ErrorCodes.CHECKPOINT_TIMEOUT,
          `Checkpoint ${id} did not complete within ${this.params.options.timeout} ms; it was declined. ` +
            'Raise checkpointing.timeout if the state is large or the storage slow.',
        ),
        !savepoint,
      );
    });
    this.emit({ type: 'triggered', checkpointId: id, savepoint, at: Date.now() });
    // Sources take their views synchronously in here (with direct pipes, so does everything downstream).
    const notTaken = (why: string, cause?: unknown) =>
      this.abort(
        pending,
        new CheckpointError(ErrorCodes.CHECKPOINT_FAILED, `${savepoint ? 'Savepoint' : 'Checkpoint'} ${id} was not taken: ${why}.`, cause === undefined ? undefined : { cause }),
        false,
      );
    let injected: boolean | Promise<boolean>;
    try {
      injected = target.injectBarrier(new CheckpointBarrier(id, clock.now(), savepoint));
    } catch (error) {
      injected = Promise.reject(error);
    }
    const explain = 'a source has already finished, and checkpoints stop once one does';
    const sourceFinished = () => {
      notTaken(explain);
      // Every later trigger of this attempt would fail the same way: stop until the next attempt starts them.
      this.stopPeriodic();
    };
    if (injected === false) sourceFinished();
    else if (injected !== true) {
      injected.then(
        (ok) => ok || sourceFinished(),
        (error: unknown) => notTaken(`its barriers could not be injected (${error instanceof Error ? error.message : String(error)})`, error),
      );
    }
    return promise;
  }

  /** Stops for good: no more triggers; pending checkpoints are declined. */
  stop(reason: WeirError): void {
    this.detach(reason);
    this.stopped = true;
  }

  private onTaken(barrier: CheckpointBarrier, snapshots: readonly OperatorCheckpoint[], timing: SnapshotTiming): void {
    const pending = this.pending.get(barrier.checkpointId);
    if (pending === undefined || pending.done) {
      for (const s of snapshots) s.keyed?.release();
      return;
    }
    const job = { checkpointId: pending.id, location: pending.location, savepoint: pending.savepoint, abandoned: () => pending.done };
    for (const snapshot of snapshots) {
      const started = performance.now();
      this.persistence.persist(snapshot, job).then(
        (result) => {
          if (result !== undefined) this.acknowledge(pending, SubtaskPersistence.keyOf(snapshot), result, timing, performance.now() - started);
        },
        (error: unknown) => this.decline(pending.id, asWeirError(error, `Operator '${snapshot.uid}' could not persist its state`)),
      );
    }
  }

  private acknowledge(pending: Pending, key: string, result: PersistedSubtask, timing: SnapshotTiming, asyncMs: number): void {
    if (pending.done) return;
    pending.acks.set(key, result);
    this.emit({
      type: 'acknowledged',
      checkpointId: pending.id,
      uid: result.uid,
      subtaskIndex: result.metadata.subtaskIndex,
      stateSize: result.stateSize,
      incrementalSize: result.incrementalSize,
      syncDurationMs: timing.syncMs,
      asyncDurationMs: asyncMs,
      alignmentDurationMs: timing.alignmentMs,
      at: Date.now(),
    });
    if (pending.acks.size === pending.expected) void this.complete(pending);
  }

  private async complete(pending: Pending): Promise<void> {
    const metadata: CheckpointMetadata = {
      formatVersion: CHECKPOINT_FORMAT_VERSION,
      checkpointId: pending.id,
      savepoint: pending.savepoint,
      jobName: this.params.jobName,
      triggeredAt: pending.triggeredAt,
      maxParallelism: this.params.maxParallelism,
      operators: this.params.operators.map((op) => ({
        uid: op.uid,
        name: op.name,
        parallelism: op.parallelism,
        subtasks: [...pending.acks.values()]
          .filter((ack) => ack.uid === op.uid)
          .map((ack) => ack.metadata)
          .sort((a, b) => a.subtaskIndex - b.subtaskIndex),
      })),
    };
    let pointer: CheckpointPointer;
    const encoded = encodeCheckpointMetadata(metadata);
    try {
      pointer = await this.params.storage.commitCheckpoint(pending.location, pending.id, encoded);
    } catch (error) {
      this.abort(pending, asWeirError(error, `The metadata of checkpoint ${pending.id} could not be written`), !pending.savepoint);
      return;
    }
    if (pending.done) {
      // Declined (timeout, job failure) while the metadata was being written: it must not count.
      await this.params.storage.discard(pointer).catch(() => {});
      return;
    }
    pending.done = true;
    pending.cancelTimeout();
    this.pending.delete(pending.id);
    let stateSize = 0;
    let incrementalSize = 0;
    for (const ack of pending.acks.values()) {
      stateSize += ack.stateSize;
      incrementalSize += ack.incrementalSize;
    }
    const completed: CompletedCheckpoint = {
      checkpointId: pending.id,
      savepoint: pending.savepoint,
      pointer,
      metadata,
      ...(pending.savepoint ? { bytes: encoded } : {}),
    };
    if (!pending.savepoint) {
      this.consecutiveFailures = 0;
      this.lastCompletedAt = this.params.clock.now();
      this.retainer.add(completed);
      this.persistence.forgetBefore(pending.id);
    }
    this.emit({
      type: 'completed',
      checkpointId: pending.id,
      savepoint: pending.savepoint,
      pointer,
      stateSize,
      incrementalSize,
      durationMs: performance.now() - pending.started,
      at: Date.now(),
    });
    pending.resolve(completed);
    try {
      await this.target?.notifyCheckpointComplete(pending.id);
    } catch (error) {
      this.params.failJob(asWeirError(error, `Committing checkpoint ${pending.id} failed`));
    }
    if (!pending.savepoint) await this.retainer.prune();
  }

  /** Declines checkpoint `id` (counted as a checkpoint failure unless it is a savepoint). */
  private decline(id: number, reason: WeirError): void {
    const pending = this.pending.get(id);
    if (pending !== undefined) this.abort(pending, reason, !pending.savepoint);
  }

  private abort(pending: Pending, reason: WeirError, counts: boolean): void {
    if (pending.done) return;
    pending.done = true;
    pending.cancelTimeout();
    this.pending.delete(pending.id);
    void this.params.storage.abortCheckpoint(pending.location).catch(() => {});
    this.target?.notifyCheckpointAborted(pending.id);
    this.emit({ type: 'failed', checkpointId: pending.id, savepoint: pending.savepoint, reason, counted: counts, at: Date.now() });
    pending.reject(reason);
    // Later checkpoints may be deltas on this one: they cannot complete either.
    for (const later of [...this.pending.values()]) {
      if (later.id > pending.id && !later.savepoint) {
        this.abort(later, new CheckpointError(ErrorCodes.CHECKPOINT_FAILED, `Checkpoint ${later.id} was declined because checkpoint ${pending.id} it may build on failed.`, { cause: reason }), false);
      }
    }
    if (!counts) return;
    this.consecutiveFailures++;
    if (this.consecutiveFailures > this.params.options.tolerableFailedCheckpoints) {
      this.params.failJob(
        new CheckpointError(
          ErrorCodes.TOO_MANY_FAILED_CHECKPOINTS,
          `${this.consecutiveFailures} checkpoint(s) failed in a row, more than checkpointing.tolerableFailedCheckpoints ` +
            `(${this.params.options.tolerableFailedCheckpoints}) allows. The last failure: ${reason.message}`,
          { cause: reason },
        ),
      );
    }
  }

  private emit(event: CheckpointEvent): void {
    this.params.emit(event);
  }
}

/** Keeps weir errors as they are; wraps anything else as CHECKPOINT_FAILED with `context`. */
function asWeirError(error: unknown, context: string): WeirError {
  if (error instanceof WeirError) return error;
  return new CheckpointError(ErrorCodes.CHECKPOINT_FAILED, `${context}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

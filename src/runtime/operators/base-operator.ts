import { StateError } from '../../errors/state-error.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import type { KeyedStateBackend } from '../../state/keyed-state-backend.js';
import type { RuntimeContext } from '../../api/runtime-context.js';
import type { StateDescriptor } from '../../state/state-descriptor.js';
import type { OperatorContext } from '../operator-context.js';
import type { CheckpointViewOptions, OperatorCheckpoint, OperatorSnapshot } from '../operator-snapshot.js';
import { copyStateValue } from '../../state/heap/copy-state-value.js';
import type { Output } from '../output.js';
import type { StreamOperator } from '../stream-operator.js';
import type { StreamRecord, Watermark, WatermarkStatus } from '../stream-element.js';

/**
 * Shared plumbing of weir's operators: keeps the context, forwards
 * watermarks and status by default, snapshots and restores keyed state when
 * the operator is keyed. Subclasses implement `processElement`.
 */
export abstract class BaseOperator<IN, OUT> implements StreamOperator<IN, OUT> {
  protected context!: OperatorContext<OUT>;
  protected out!: Output<OUT>;

  setup(context: OperatorContext<OUT>): void {
    this.context = context;
    this.out = context.output;
  }

  /** The keyed backend; throws when the operator is not on a keyed stream. */
  protected get keyed(): KeyedStateBackend {
    const backend = this.context.keyedBackend;
    if (backend === undefined) {
      throw new StateError(
        ErrorCodes.NO_CURRENT_KEY,
        `Operator '${this.context.uid}' uses keyed state or timers but its input is not keyed. Call keyBy() first.`,
      );
    }
    return backend;
  }

  initializeState(snapshot: OperatorSnapshot | undefined): void {
    if (snapshot?.keyed !== undefined) this.keyed.restore([snapshot.keyed]);
    if (snapshot?.operatorState !== undefined) this.restoreOperatorState(snapshot.operatorState);
  }

  /** Restores what {@link snapshotOperatorState} returned. */
  protected restoreOperatorState(_state: unknown): void {}

  /** Non-keyed state of this subtask (a source position, pending sink data) at checkpoint `checkpointId`; undefined when none. */
  protected snapshotOperatorState(_checkpointId: number): unknown {
    return undefined;
  }

  open(): void {}

  /** What a rich user function sees of this subtask: keyed state and where it runs. */
  protected runtimeContext(): RuntimeContext {
    const c = this.context;
    return {
      getState: <S>(descriptor: StateDescriptor<S>) => this.keyed.getState(descriptor),
      operatorUid: c.uid,
      subtaskIndex: c.subtaskIndex,
      parallelism: c.parallelism,
      maxParallelism: c.maxParallelism,
      jobId: c.jobId,
    };
  }

  abstract processElement(record: StreamRecord<IN>): void;

  processWatermark(watermark: Watermark): void {
    this.out.emitWatermark(watermark);
  }

  processWatermarkStatus(status: WatermarkStatus): void {
    this.out.emitWatermarkStatus(status);
  }

  snapshotState(checkpointId: number): OperatorSnapshot {
    const operatorState = this.snapshotOperatorState(checkpointId);
    return {
      uid: this.context.uid,
      subtaskIndex: this.context.subtaskIndex,
      ...(this.context.keyedBackend ? { keyed: this.context.keyedBackend.snapshot() } : {}),
      ...(operatorState !== undefined ? { operatorState } : {}),
    };
  }

  checkpointState(checkpointId: number, options: CheckpointViewOptions): OperatorCheckpoint {
    const operatorState = this.snapshotOperatorState(checkpointId);
    const backend = this.context.keyedBackend;
    return {
      uid: this.context.uid,
      subtaskIndex: this.context.subtaskIndex,
      ...(backend ? { keyed: backend.checkpointView(checkpointId, options) } : {}),
      // Operator state is small (positions, transaction handles): copied now, so later changes cannot leak in.
      // A promise (an async pre-commit) is persisted once it settles.
      ...(operatorState !== undefined ? { operatorState: operatorState instanceof Promise ? operatorState : copyStateValue(operatorState) } : {}),
    };
  }

  notifyCheckpointComplete(_checkpointId: number): void | Promise<void> {}

  notifyCheckpointAborted(checkpointId: number): void {
    this.context.keyedBackend?.notifyCheckpointAborted(checkpointId);
  }

  finish(): void | Promise<void> {}

  close(): void {}
}

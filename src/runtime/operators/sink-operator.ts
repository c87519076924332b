import type { Sink, SinkWriter } from '../../connectors/sink.js';
import { MIN_TIMESTAMP } from '../../time/time-types.js';
import type { StreamRecord } from '../stream-element.js';
import { BaseOperator } from './base-operator.js';

/** Marks "nothing restored" (a writer may legitimately have checkpointed `undefined`). */
const NOTHING = Symbol('nothing restored');

/**
 * Hands records to a sink writer; emits nothing. Passes the checkpoint
 * hooks through to the writer (two-phase-commit sinks use them): its state
 * is the writer's `snapshotState`, restored through `initializeState`
 * before the first write.
 */
export class SinkOperator<T> extends BaseOperator<T, never> {
  private writer!: SinkWriter<T>;
  private restored: unknown = NOTHING;
  /** An async `initializeState` still running: commits and the end wait for it. */
  private initializing: Promise<void> | undefined;

  constructor(private readonly sink: Sink<T>) {
    super();
  }

  protected override restoreOperatorState(state: unknown): void {
    this.restored = state;
  }

  override open(): void {
    this.writer = this.sink.createWriter({ subtaskIndex: this.context.subtaskIndex, parallelism: this.context.parallelism });
    if (this.restored !== NOTHING) {
      const state = this.restored;
      this.restored = NOTHING;
      const result = this.writer.initializeState?.(state);
      if (result instanceof Promise) {
        this.initializing = result;
        // Restored transactions that cannot be committed fail the task now, as a synchronous throw would:
        // the job must not run on (or wait at a live source) until the next checkpoint or the end.
        result.catch((error: unknown) => this.context.failTask?.(error));
      }
    }
  }

  processElement(record: StreamRecord<T>): void {
    this.writer.write(record.value, record.timestamp === MIN_TIMESTAMP ? undefined : record.timestamp);
  }

  override processWatermark(): void {}
  override processWatermarkStatus(): void {}

  protected override snapshotOperatorState(checkpointId: number): unknown {
    return this.writer.snapshotState?.(checkpointId);
  }

  override notifyCheckpointComplete(checkpointId: number): void | Promise<void> {
    return this.afterInitializing(() => this.writer.notifyCheckpointComplete?.(checkpointId));
  }

  override notifyCheckpointAborted(checkpointId: number): void {
    this.writer.notifyCheckpointAborted?.(checkpointId);
  }

  override finish(): void | Promise<void> {
    return this.afterInitializing(() => this.writer.finish?.());
  }

  /** Runs `step` now, or once an asynchronous `initializeState` is done (commits must follow the restored ones). */
  private afterInitializing(step: () => void | Promise<void>): void | Promise<void> {
    return this.initializing === undefined ? step() : this.initializing.then(step);
  }

  override close(): void {
    this.writer?.close?.();
  }
}

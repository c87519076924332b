import type { OperatorContext } from './operator-context.js';
import type { CheckpointViewOptions, OperatorCheckpoint, OperatorSnapshot } from './operator-snapshot.js';
import type { StreamRecord, Watermark, WatermarkStatus } from './stream-element.js';

/**
 * One operator subtask, push-driven. The runtime wraps it as an RxJS
 * operator; the test harness drives it directly.
 *
 * Lifecycle: `setup` → `initializeState(snapshot?)` → `open` → any number of
 * `processElement` / `processWatermark` / `processWatermarkStatus` /
 * `snapshotState` → `finish` (end of input only; after the final watermark)
 * → `close` (always, also on failure or cancel).
 *
 * Contract: `processWatermark` first fires what the watermark makes due
 * (timers, windows), then forwards the watermark. Throwing fails the job:
 * the runtime wraps non-weir errors in UserFunctionError naming `uid`.
 */
export interface StreamOperator<IN, OUT> {
  setup(context: OperatorContext<OUT>): void;
  initializeState(snapshot: OperatorSnapshot | undefined): void;
  open(): void;
  processElement(record: StreamRecord<IN>): void;
  processWatermark(watermark: Watermark): void;
  processWatermarkStatus(status: WatermarkStatus): void;
  /** A deep, plain copy of the operator's state (harnesses and tests). */
  snapshotState(checkpointId: number): OperatorSnapshot;
  /**
   * The synchronous part of checkpoint `checkpointId`, called when its
   * barrier arrives (after every earlier element): cheap, copy-on-write.
   */
  checkpointState(checkpointId: number, options: CheckpointViewOptions): OperatorCheckpoint;
  /** Checkpoint `checkpointId` is durably complete. A returned promise that rejects fails the job. */
  notifyCheckpointComplete(checkpointId: number): void | Promise<void>;
  /** Checkpoint `checkpointId` failed and will never complete. */
  notifyCheckpointAborted(checkpointId: number): void;
  /** End of input: flush. A returned promise (an async sink commit) holds the end of the job until it settles. */
  finish(): void | Promise<void>;
  close(): void;
}

/** Creates one operator instance per subtask. */
export type OperatorFactory<IN, OUT> = () => StreamOperator<IN, OUT>;

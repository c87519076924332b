import type { Sink, SinkWriter } from '../../../src/connectors/sink.js';

/** A checkpoint as the runtime keeps it: the source position and a copy of the writer's state. */
export interface TakenCheckpoint {
  readonly position: number;
  readonly state: unknown;
}

/**
 * Drives one sink subtask the way the runtime will: records from a replayable
 * source (`records`, read from `position`), checkpoint barriers in order with
 * them, notifications afterwards. A crash is dropping the run; a restore is a
 * new run from a taken checkpoint.
 */
export class SinkRun<T> {
  readonly writer: SinkWriter<T>;
  readonly checkpoints = new Map<number, TakenCheckpoint>();
  position: number;

  private constructor(
    private readonly records: readonly T[],
    writer: SinkWriter<T>,
    position: number,
  ) {
    this.writer = writer;
    this.position = position;
  }

  /** A fresh run, or one restored from `from` (initializeState awaited). */
  static async start<T>(sink: Sink<T>, records: readonly T[], from?: TakenCheckpoint, subtaskIndex = 0): Promise<SinkRun<T>> {
    const writer = sink.createWriter({ subtaskIndex, parallelism: subtaskIndex + 1 });
    if (from !== undefined) await writer.initializeState?.(structuredClone(from.state));
    return new SinkRun(records, writer, from?.position ?? 0);
  }

  /** Writes the next `count` records (all that are left by default). */
  write(count = this.records.length - this.position): void {
    const end = Math.min(this.records.length, this.position + count);
    for (; this.position < end; this.position++) this.writer.write(this.records[this.position]!, undefined);
  }

  /** Checkpoint `id`'s barrier reaches the writer: its state is kept (copied, as the runtime does). */
  async snapshot(id: number): Promise<TakenCheckpoint> {
    const state = await this.writer.snapshotState?.(id);
    const taken = { position: this.position, state: structuredClone(state) };
    this.checkpoints.set(id, taken);
    return taken;
  }

  async complete(id: number): Promise<void> {
    await this.writer.notifyCheckpointComplete?.(id);
  }

  /** End of input: writes the rest, then finish and close. */
  async finish(): Promise<void> {
    this.write();
    await this.writer.finish?.();
    this.writer.close?.();
  }
}

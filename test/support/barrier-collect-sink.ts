import type { CollectedRecord } from '../../src/connectors/sinks/collect-sink.js';
import type { Sink, SinkWriter } from '../../src/connectors/sink.js';

/**
 * Collects records (with their timestamps) in memory and remembers, per
 * writer, how many had arrived when each checkpoint's barrier did. Holds no
 * state of its own (nothing of it goes into a savepoint), yet tells exactly
 * which results a job emitted before a savepoint: {@link BarrierCollectSink.before}.
 */
export class BarrierCollectSink<T> implements Sink<T> {
  readonly name = 'Barrier Collect Sink';
  /** Every record, in arrival order. */
  readonly records: CollectedRecord<T>[] = [];
  private readonly writers: { readonly records: CollectedRecord<T>[]; readonly marks: Map<number, number> }[] = [];

  createWriter(): SinkWriter<T> {
    const writer = { records: [] as CollectedRecord<T>[], marks: new Map<number, number>() };
    this.writers.push(writer);
    return {
      write: (value, timestamp) => {
        writer.records.push({ value, timestamp });
        this.records.push({ value, timestamp });
      },
      snapshotState: (checkpointId) => {
        writer.marks.set(checkpointId, writer.records.length);
        return undefined;
      },
    };
  }

  /**
   * The records that reached the sink before checkpoint `checkpointId`'s barrier.
   * @throws Error when some writer never saw that barrier.
   */
  before(checkpointId: number): CollectedRecord<T>[] {
    return this.writers.flatMap((writer, i) => {
      const mark = writer.marks.get(checkpointId);
      if (mark === undefined) throw new Error(`Sink writer ${i} never saw the barrier of checkpoint ${checkpointId}.`);
      return writer.records.slice(0, mark);
    });
  }
}

import { StreamEnvironment } from '../../src/api/stream-environment.js';
import type { CheckpointAcknowledgedEvent } from '../../src/checkpoint/checkpoint-events.js';
import type { PollStatus, Source, SourceEmit, SourceReader } from '../../src/connectors/source.js';
import { MemoryStateBackend } from '../../src/state/memory/memory-state-backend.js';
import { ValueStateDescriptor } from '../../src/state/state-descriptor.js';
import type { ValueState } from '../../src/state/keyed-state.js';
import type { KeyedProcessContext, KeyedProcessFunction } from '../../src/api/keyed-process-function.js';
import type { RuntimeContext } from '../../src/api/runtime-context.js';
import type { Collector } from '../../src/api/collector.js';
import { WatermarkStrategy } from '../../src/time/watermark-strategy.js';
import { TumblingEventTimeWindows } from '../../src/windowing/assigners/tumbling-event-time-windows.js';
import { stats } from './keyed-state-fixtures.js';

const KEYS = 100_000;
const CHECKPOINTS = 20;
/** Records between two checkpoints: 1 % of the keys change each time. */
const STEP = 1_000;

/** Record i: key i % KEYS; event time grows slowly so windows stay open. */
interface Event {
  readonly key: number;
  readonly at: number;
}

/** Emits up to a limit the benchmark raises, waiting in between (a live source). */
class SteppedSource implements Source<Event> {
  readonly name = 'Stepped Source';
  readonly replayable = true;
  readonly bounded = false;
  private limit = KEYS;
  private wake: (() => void) | undefined;

  raise(by: number): void {
    this.limit += by;
    this.wake?.();
  }

  createReader(): SourceReader<Event> {
    let index = 0;
    return {
      pollNext: (max: number, emit: SourceEmit<Event>): PollStatus => {
        const end = Math.min(this.limit, index + max);
        while (index < end) {
          emit({ key: (index * 7919) % KEYS, at: Math.floor(index / 1000) });
          index++;
        }
        return index < this.limit ? 'more' : 'waiting';
      },
      waitForData: () => new Promise<void>((resolve) => (this.wake = resolve)),
      position: () => index,
      seek: (position) => void (index = position as number),
      close: () => {},
    };
  }
}

class CountPerKey implements KeyedProcessFunction<number, Event, number> {
  private count!: ValueState<number>;
  open(ctx: RuntimeContext): void {
    this.count = ctx.getState(new ValueStateDescriptor<number>({ name: 'count', defaultValue: 0 }));
  }
  processElement(_e: Event, _ctx: KeyedProcessContext<number>, _out: Collector<number>): void {
    this.count.update(this.count.value()! + 1);
  }
}

/**
 * The longest processing pause one checkpoint causes, in a running job at
 * 100 k keys: the synchronous part of each operator's checkpoint (barrier
 * to views taken), from the `acknowledged` events, for a keyed process
 * function with value state and for a tumbling window with an aggregate.
 * 1 % of the keys change between checkpoints. Target: at most 5 ms.
 */
export async function measureJobPause(): Promise<string[]> {
  const source = new SteppedSource();
  const env = StreamEnvironment.create({
    stateBackend: new MemoryStateBackend({ maxCheckpointSize: 512 << 20 }),
    checkpointing: { interval: 3_600_000 },
  });
  const keyed = env
    .fromSource(source)
    .uid('events')
    .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<Event>().withTimestampAssigner((e) => e.at))
    .uid('timestamps')
    .keyBy((e) => e.key);
  keyed.process(new CountPerKey()).uid('value-state').forEach(() => {});
  keyed
    .window(TumblingEventTimeWindows.of(3_600_000))
    .aggregate({ createAccumulator: () => 0, add: (_e, n) => n + 1, getResult: (n) => n, merge: (a, b) => a + b })
    .uid('window-state')
    .forEach(() => {});
  const job = env.execute('checkpoint pause at 100k keys');
  const acks: CheckpointAcknowledgedEvent[] = [];
  job.checkpoints$.subscribe((e) => e.type === 'acknowledged' && acks.push(e));
  // Let the first 100 k records (every key once) through, then checkpoint between steps.
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (let i = 0; i < CHECKPOINTS; i++) {
    await job.triggerCheckpoint();
    source.raise(STEP);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await job.cancel();
  const lines: string[] = [];
  for (const uid of ['value-state', 'window-state']) {
    const s = stats(acks.filter((a) => a.uid === uid).map((a) => a.syncDurationMs));
    lines.push(
      `(a') job at ${KEYS.toLocaleString('en-US')} keys, ${CHECKPOINTS} checkpoints, operator '${uid}': ` +
        `sync part median ${s.median.toFixed(3)} ms, max ${s.max.toFixed(3)} ms (target <= 5 ms)`,
    );
  }
  return lines;
}

import { describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import type { CheckpointingOptions } from '../../../src/checkpoint/checkpointing-options.js';
import type { CheckpointStorage } from '../../../src/checkpoint/checkpoint-storage.js';
import { MemoryStateBackend } from '../../../src/state/memory/memory-state-backend.js';
import type { StateBackend } from '../../../src/state/state-backend.js';
import { ManualClock } from '../../../src/time/manual-clock.js';
import { GatedSource } from '../../support/gated-source.js';
import type { KeyedProcessContext, KeyedProcessFunction } from '../../../src/api/keyed-process-function.js';
import type { RuntimeContext } from '../../../src/api/runtime-context.js';
import type { Collector } from '../../../src/api/collector.js';
import { ValueStateDescriptor } from '../../../src/state/state-descriptor.js';
import type { ValueState } from '../../../src/state/keyed-state.js';

/** Keeps a running sum per key in value state (so checkpoints have keyed state to persist). */
class SumPerKey implements KeyedProcessFunction<number, number, number> {
  private sum!: ValueState<number>;
  open(ctx: RuntimeContext): void {
    this.sum = ctx.getState(new ValueStateDescriptor<number>({ name: 'sum', defaultValue: 0 }));
  }
  processElement(value: number, _ctx: KeyedProcessContext<number>, out: Collector<number>): void {
    this.sum.update(this.sum.value()! + value);
    out.collect(this.sum.value()!);
  }
}

/** Lets pending promise callbacks and I/O-free async steps run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A memory backend whose chunk writes never finish (a stuck disk). */
function stuckBackend(): StateBackend {
  const backend = new MemoryStateBackend();
  return {
    name: backend.name,
    createKeyedStateBackend: (p) => backend.createKeyedStateBackend(p),
    async createCheckpointStorage(p) {
      const storage = await backend.createCheckpointStorage(p);
      return Object.assign(Object.create(storage) as CheckpointStorage, {
        description: storage.description,
        writeChunk: () => new Promise<never>(() => {}),
      });
    },
  };
}

/** A keyed job held at record 100 on a manual clock; returns the processing times of checkpoint triggers. */
async function triggerTimes(checkpointing: CheckpointingOptions, backend: StateBackend, advanceTo: number): Promise<number[]> {
  const clock = new ManualClock(0);
  const source = new GatedSource(1_000, (i) => i, 100);
  const env = StreamEnvironment.create({ clock, stateBackend: backend, checkpointing, autoWatermarkInterval: 0 });
  env
    .fromSource(source)
    .keyBy((i) => i % 10)
    .process(new SumPerKey())
    .forEach(() => {});
  const job = env.execute();
  const times: number[] = [];
  job.checkpoints$.subscribe((e) => e.type === 'triggered' && times.push(clock.now()));
  await source.whenReached(100);
  await settle();
  for (let t = 10; t <= advanceTo; t += 10) {
    clock.advanceTo(t);
    for (let i = 0; i < 5; i++) await settle();
  }
  await job.cancel();
  return times;
}

describe('periodic checkpoints', () => {
  it('triggers every interval of processing time on the environment clock', async () => {
    expect(await triggerTimes({ interval: 100 }, new MemoryStateBackend(), 450)).toEqual([100, 200, 300, 400]);
  });

  it('waits the minimum pause after a completed checkpoint before the next trigger', async () => {
    expect(await triggerTimes({ interval: 100, minPauseBetweenCheckpoints: 250 }, new MemoryStateBackend(), 900)).toEqual([100, 350, 600, 850]);
  });

  it('keeps at most maxConcurrentCheckpoints in flight', async () => {
    expect(await triggerTimes({ interval: 20, timeout: 10_000 }, stuckBackend(), 200)).toEqual([20]);
    expect(await triggerTimes({ interval: 20, timeout: 10_000, maxConcurrentCheckpoints: 3 }, stuckBackend(), 200)).toEqual([20, 40, 60]);
  });

  it('stops triggering, after one failed attempt, once a source has finished while another still runs', async () => {
    const clock = new ManualClock(0);
    const short = new GatedSource(10, (i) => i, 10);
    const long = new GatedSource(1_000, (i) => i, 100);
    const env = StreamEnvironment.create({ clock, checkpointing: { interval: 100 }, autoWatermarkInterval: 0 });
    env
      .fromSource(short)
      .union(env.fromSource(long))
      .keyBy((i) => i % 10)
      .process(new SumPerKey())
      .forEach(() => {});
    const job = env.execute();
    const events: { type: string; counted?: boolean }[] = [];
    job.checkpoints$.subscribe((e) => events.push({ type: e.type, ...(e.type === 'failed' ? { counted: e.counted } : {}) }));
    await long.whenReached(100);
    for (let i = 0; i < 5; i++) await settle();
    for (let t = 100; t <= 1000; t += 100) {
      clock.advanceTo(t);
      for (let i = 0; i < 5; i++) await settle();
    }
    await job.cancel();
    expect(events).toEqual([{ type: 'triggered' }, { type: 'failed', counted: false }]);
  });
});

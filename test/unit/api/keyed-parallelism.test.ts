import { describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import type { KeyedProcessFunction } from '../../../src/api/keyed-process-function.js';
import type { RuntimeContext } from '../../../src/api/runtime-context.js';
import type { ValueState } from '../../../src/state/keyed-state.js';
import { ValueStateDescriptor } from '../../../src/state/state-descriptor.js';

interface Click {
  readonly user: string;
}

/** Emits [user, running count] per click; the count lives in keyed ValueState. */
function countPerKey(): KeyedProcessFunction<string, Click, [string, number]> {
  return {
    open(this: { count: ValueState<number> }, ctx: RuntimeContext) {
      this.count = ctx.getState(new ValueStateDescriptor<number>({ name: 'count', defaultValue: 0 }));
    },
    processElement(this: { count: ValueState<number> }, _click, ctx, out) {
      const n = this.count.value()! + 1;
      this.count.update(n);
      out.collect([ctx.currentKey, n]);
    },
  } as KeyedProcessFunction<string, Click, [string, number]>;
}

const users = Array.from({ length: 40 }, (_, i) => `user-${i}`);
/** 40 users, user-i clicks i + 1 times, interleaved. */
const clicks: Click[] = [];
for (let round = 0; round < users.length; round++) {
  for (let u = round; u < users.length; u++) clicks.push({ user: users[u]! });
}

async function runCounts(parallelism: number, maxParallelism = 128) {
  const env = StreamEnvironment.create({ parallelism, maxParallelism });
  const subtasks = new Map<string, Set<number>>();
  const out = env
    .fromArray(clicks)
    .keyBy((c) => c.user)
    .process(countPerKey())
    .collect();
  env
    .fromArray(clicks)
    .keyBy((c) => c.user)
    .process<[string, number]>({
      processElement: (click, _ctx, o) => o.collect([click.user, 0]),
    })
    .forEach(([user], _ts, sink) => {
      const set = subtasks.get(user) ?? new Set<number>();
      set.add(sink.subtaskIndex);
      subtasks.set(user, set);
    });
  await env.execute().result;
  return { values: out.values, subtasks };
}

const sorted = (values: [string, number][]) => [...values].sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));

describe('a keyed job at parallelism 1 and 4', () => {
  it('gives the same multiset of results', async () => {
    const one = await runCounts(1);
    const four = await runCounts(4);
    expect(one.values).toHaveLength(clicks.length);
    expect(sorted(four.values)).toEqual(sorted(one.values));
  });

  it('counts every key completely: state is partitioned by key, never split', async () => {
    const { values } = await runCounts(4);
    const finalCount = new Map<string, number>();
    for (const [user, n] of values) finalCount.set(user, Math.max(finalCount.get(user) ?? 0, n));
    users.forEach((user, i) => expect(finalCount.get(user)).toBe(i + 1));
  });

  it('emits each key’s counts in order 1..n', async () => {
    const { values } = await runCounts(4);
    for (const user of users) {
      const counts = values.filter(([u]) => u === user).map(([, n]) => n);
      expect(counts).toEqual(counts.map((_, i) => i + 1));
    }
  });

  it('routes each key to exactly one subtask and uses several subtasks', async () => {
    const { subtasks } = await runCounts(4);
    for (const user of users) expect(subtasks.get(user)!.size).toBe(1);
    const used = new Set([...subtasks.values()].map((s) => [...s][0]));
    expect(used.size).toBeGreaterThan(1);
  });

  it('works when parallelism equals a small maxParallelism', async () => {
    const one = await runCounts(1, 4);
    const four = await runCounts(4, 4);
    expect(sorted(four.values)).toEqual(sorted(one.values));
  });

  it('gives each subtask its own copy of the function (fields set in open are per subtask)', async () => {
    const env = StreamEnvironment.create({ parallelism: 3 });
    const fn = {
      open(this: { mine?: number }, ctx: RuntimeContext) {
        this.mine = ctx.subtaskIndex;
      },
      processElement(this: { mine?: number }, _v: number, _ctx: unknown, out: { collect(v: number): void }) {
        out.collect(this.mine!);
      },
    } as KeyedProcessFunction<number, number, number>;
    const seen: [number, number][] = [];
    env
      .fromArray(Array.from({ length: 60 }, (_, i) => i))
      .keyBy((x) => x)
      .process(fn)
      .forEach((mine, _ts, ctx) => seen.push([mine, ctx.subtaskIndex]));
    await env.execute().result;
    expect(seen).toHaveLength(60);
    for (const [mine, subtask] of seen) expect(mine).toBe(subtask);
    expect((fn as { mine?: number }).mine).toBeUndefined();
  });

  it('tells open() the subtask index, parallelism, maxParallelism and operator uid', async () => {
    const env = StreamEnvironment.create({ parallelism: 2, maxParallelism: 64 });
    const contexts: RuntimeContext[] = [];
    env
      .fromArray([1])
      .keyBy((x) => x)
      .process({ open: (ctx) => void contexts.push(ctx), processElement() {} })
      .uid('ctx')
      .collect();
    const job = env.execute();
    await job.result;
    expect(contexts.map((c) => c.subtaskIndex).sort()).toEqual([0, 1]);
    for (const c of contexts) {
      expect(c.parallelism).toBe(2);
      expect(c.maxParallelism).toBe(64);
      expect(c.operatorUid).toBe('ctx');
      expect(c.jobId).toBe(job.jobId);
    }
  });
});

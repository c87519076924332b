import { describe, expect, it } from 'vitest';
import type { KeyedProcessFunction } from '../../../src/api/keyed-process-function.js';
import { OutputTag } from '../../../src/api/output-tag.js';
import type { Collector } from '../../../src/api/collector.js';
import type { RuntimeContext } from '../../../src/api/runtime-context.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { UserFunctionError } from '../../../src/errors/user-function-error.js';
import type { ListState, ValueState } from '../../../src/state/keyed-state.js';
import { ListStateDescriptor, ValueStateDescriptor } from '../../../src/state/state-descriptor.js';
import { KeyedOperatorHarness } from '../../../src/testing/keyed-operator-harness.js';
import { sortBetweenWatermarks } from '../../../src/testing/sort-between-watermarks.js';

interface Click {
  readonly user: string;
  readonly page: string;
}

const late = new OutputTag<Click>('late');

/** Counts clicks per user; emits the count at the end of each 10 ms event-time window; late clicks go to a side output. */
function windowedCounter(): KeyedProcessFunction<string, Click, [string, number, number]> {
  return {
    open(ctx) {
      this.count = ctx.getState(new ValueStateDescriptor<number>({ name: 'count', defaultValue: 0 }));
    },
    processElement(click, ctx, out) {
      const ts = ctx.timestamp!;
      const end = ts - (ts % 10) + 9;
      if (end <= ctx.timerService.currentWatermark()) {
        ctx.output(late, click);
        return;
      }
      this.count.update(this.count.value()! + 1);
      ctx.timerService.registerEventTimeTimer(end);
    },
    onTimer(time, ctx, out) {
      out.collect([ctx.currentKey, this.count.value()!, time]);
      this.count.clear();
    },
  } as KeyedProcessFunction<string, Click, [string, number, number]> & { count: ValueState<number> };
}

const byUser = (c: Click) => c.user;

describe('KeyedOperatorHarness', () => {
  it('reports records with timestamps and watermarks in emission order', () => {
    const h = KeyedOperatorHarness.forProcessFunction(windowedCounter(), byUser);
    h.processElement({ user: 'a', page: 'x' }, 1).processElement({ user: 'b', page: 'x' }, 2).processElement({ user: 'a', page: 'y' }, 5);
    h.processWatermark(8).processWatermark(9);
    expect(h.elements()).toEqual([
      { kind: 'watermark', timestamp: 8 },
      { kind: 'record', value: ['a', 2, 9], timestamp: 9 },
      { kind: 'record', value: ['b', 1, 9], timestamp: 9 },
      { kind: 'watermark', timestamp: 9 },
    ]);
  });

  it('sends late elements to the named side output with their timestamp', () => {
    const h = KeyedOperatorHarness.forProcessFunction(windowedCounter(), byUser);
    h.processWatermark(20).processElement({ user: 'a', page: 'late' }, 3);
    expect(h.sideOutput(late)).toEqual([{ value: { user: 'a', page: 'late' }, timestamp: 3 }]);
    expect(h.records()).toEqual([]);
  });

  it('restores exactly what it snapshotted: state and pending timers, into a fresh instance', () => {
    const input: [Click, number][] = [
      [{ user: 'a', page: '1' }, 1],
      [{ user: 'b', page: '2' }, 3],
      [{ user: 'a', page: '3' }, 12],
      [{ user: 'a', page: '4' }, 4],
    ];
    const uninterrupted = KeyedOperatorHarness.forProcessFunction(windowedCounter(), byUser);
    for (const [c, ts] of input) uninterrupted.processElement(c, ts);
    uninterrupted.processWatermark(25);

    const first = KeyedOperatorHarness.forProcessFunction(windowedCounter(), byUser);
    for (const [c, ts] of input.slice(0, 2)) first.processElement(c, ts);
    const snapshot = first.snapshot();
    first.processElement({ user: 'zzz', page: 'after snapshot' }, 2); // must not survive
    first.close();

    const restored = first.restoreFresh(snapshot);
    for (const [c, ts] of input.slice(2)) restored.processElement(c, ts);
    restored.processWatermark(25);
    // Timers due at the same time fire in an unspecified order (as in Flink): compare records between watermarks as multisets.
    expect(sortBetweenWatermarks(restored.elements())).toEqual(sortBetweenWatermarks(uninterrupted.elements()));
    expect(restored.records()).toHaveLength(3);
  });

  it('restores every pending timer into the subtask that owns its key group, whatever the key hash', () => {
    // 40 users: about half hash above 2^31, where a signed view of the hash would pick a wrong key group.
    const users = Array.from({ length: 40 }, (_, i) => `user-${i}`);
    const first = KeyedOperatorHarness.forProcessFunction(windowedCounter(), byUser);
    for (const user of users) first.processElement({ user, page: 'x' }, 1);
    const snapshot = first.snapshot();
    first.close();
    const fired: string[] = [];
    for (const subtaskIndex of [0, 1]) {
      const restored = first.restoreFresh(snapshot, { parallelism: 2, subtaskIndex });
      restored.processWatermark(9);
      fired.push(...restored.records().map(([user, count, time]) => `${user}:${count}@${time}`));
    }
    expect(fired.sort()).toEqual(users.map((user) => `${user}:1@9`).sort());
  });

  it('fires processing-time timers when processing time is set, with no timestamp on their output', () => {
    const fn = {
      processElement(_c: Click, ctx: { timerService: { registerProcessingTimeTimer(t: number): void; currentProcessingTime(): number } }) {
        ctx.timerService.registerProcessingTimeTimer(ctx.timerService.currentProcessingTime() + 100);
      },
      onTimer(time: number, ctx: { currentKey: string; timeDomain: string }, out: { collect(v: string): void }) {
        out.collect(`${ctx.currentKey}@${time}/${ctx.timeDomain}`);
      },
    } as unknown as KeyedProcessFunction<string, Click, string>;
    const h = KeyedOperatorHarness.forProcessFunction(fn, byUser, { processingTime: 1000 });
    h.processElement({ user: 'a', page: 'x' }, 5);
    h.setProcessingTime(1099);
    expect(h.records()).toEqual([]);
    h.setProcessingTime(1100);
    expect(h.elements()).toEqual([{ kind: 'record', value: 'a@1100/processing-time', timestamp: undefined }]);
  });

  it('restores pending processing-time timers and fires them on the restored clock', () => {
    const fn = {
      processElement(_c: Click, ctx: { timerService: { registerProcessingTimeTimer(t: number): void } }) {
        ctx.timerService.registerProcessingTimeTimer(500);
      },
      onTimer(time: number, ctx: { currentKey: string }, out: { collect(v: string): void }) {
        out.collect(`${ctx.currentKey}@${time}`);
      },
    } as unknown as KeyedProcessFunction<string, Click, string>;
    const h = KeyedOperatorHarness.forProcessFunction(fn, byUser);
    h.processElement({ user: 'q', page: 'x' });
    const restored = h.restoreFresh(h.snapshot());
    h.close();
    restored.setProcessingTime(600);
    expect(restored.records()).toEqual(['q@500']);
  });

  it('keeps list state per key across a restore', () => {
    class PageTrail implements KeyedProcessFunction<string, Click, string> {
      private pages!: ListState<string>;
      open(ctx: RuntimeContext): void {
        this.pages = ctx.getState(new ListStateDescriptor<string>('pages'));
      }
      processElement(c: Click, _ctx: unknown, out: Collector<string>): void {
        this.pages.add(c.page);
        out.collect(`${c.user}:${this.pages.get().join(',')}`);
      }
    }
    const fn = new PageTrail();
    const h = KeyedOperatorHarness.forProcessFunction(fn, byUser);
    h.processElement({ user: 'a', page: 'p1' }).processElement({ user: 'b', page: 'p2' });
    const restored = h.restoreFresh(h.snapshot());
    restored.processElement({ user: 'a', page: 'p3' });
    expect(restored.records()).toEqual(['a:p1,p3']);
  });

  it('surfaces a throwing function as a UserFunctionError naming the operator', () => {
    const fn: KeyedProcessFunction<string, Click, never> = {
      processElement() {
        throw new RangeError('boom');
      },
    };
    const h = KeyedOperatorHarness.forProcessFunction(fn, byUser, { uid: 'clicks' });
    let caught: unknown;
    try {
      h.processElement({ user: 'a', page: 'x' }, 1);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserFunctionError);
    expect((caught as UserFunctionError).code).toBe(ErrorCodes.USER_FUNCTION_FAILED);
    expect((caught as UserFunctionError).operator).toBe('clicks');
    expect((caught as UserFunctionError).cause).toBeInstanceOf(RangeError);
  });

  it('only holds the key groups of the subtask it plays', () => {
    const fn: KeyedProcessFunction<string, Click, string> = { processElement() {} };
    const h = KeyedOperatorHarness.forProcessFunction(fn, byUser, { parallelism: 4, subtaskIndex: 0 });
    expect(h.keyedBackend.keyGroupRange.start).toBe(0);
    expect(h.keyedBackend.keyGroupRange.end).toBe(31);
  });
});

describe('sortBetweenWatermarks', () => {
  it('sorts records between watermarks but keeps watermark positions', () => {
    expect(
      sortBetweenWatermarks([
        { kind: 'record', value: 'b', timestamp: 1 },
        { kind: 'record', value: 'a', timestamp: 1 },
        { kind: 'watermark', timestamp: 1 },
        { kind: 'record', value: 'c', timestamp: 0 },
      ]),
    ).toEqual([
      { kind: 'record', value: 'a', timestamp: 1 },
      { kind: 'record', value: 'b', timestamp: 1 },
      { kind: 'watermark', timestamp: 1 },
      { kind: 'record', value: 'c', timestamp: 0 },
    ]);
  });
});

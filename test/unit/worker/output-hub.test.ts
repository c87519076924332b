import { describe, expect, it } from 'vitest';
import { OutputHub } from '../../../src/worker/output-batches.js';
import { WorkerError } from '../../../src/errors/worker-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';

function collect<T>(hub: OutputHub, name: string) {
  const seen: T[] = [];
  const end: { completed: boolean; error?: unknown } = { completed: false };
  const subscription = hub.records<T>(name).subscribe({
    next: (value) => seen.push(value),
    complete: () => (end.completed = true),
    error: (error: unknown) => (end.error = error),
  });
  return { seen, end, subscription };
}

describe('OutputHub (worker outputs on the main thread)', () => {
  it('keeps an output’s records for its first subscriber, then delivers live', () => {
    const hub = new OutputHub();
    hub.next({ name: 'sums', values: [1, 2] });
    hub.next({ name: 'other', values: ['x'] });
    const sums = collect<number>(hub, 'sums');
    expect(sums.seen).toEqual([1, 2]);
    hub.next({ name: 'sums', values: [3] });
    expect(sums.seen).toEqual([1, 2, 3]);
    expect(collect<string>(hub, 'other').seen).toEqual(['x']);
  });

  it('gives a later subscriber the records from its subscription on, and every subscriber the live ones', () => {
    const hub = new OutputHub();
    hub.next({ name: 'sums', values: [1] });
    const first = collect<number>(hub, 'sums');
    hub.next({ name: 'sums', values: [2] });
    const second = collect<number>(hub, 'sums');
    hub.next({ name: 'sums', values: [3] });
    expect(first.seen).toEqual([1, 2, 3]);
    expect(second.seen).toEqual([3]);
  });

  it('does not hold records back again once the first subscriber left', () => {
    const hub = new OutputHub();
    collect<number>(hub, 'sums').subscription.unsubscribe();
    hub.next({ name: 'sums', values: [1] });
    expect(collect<number>(hub, 'sums').seen).toEqual([]);
  });

  it('completes every output at the end, after what waited for a subscriber who comes after the end', () => {
    const hub = new OutputHub();
    const live = collect<number>(hub, 'sums');
    hub.next({ name: 'late', values: [7, 8] });
    hub.complete();
    hub.next({ name: 'late', values: [9] });
    expect(live.end.completed).toBe(true);
    const late = collect<number>(hub, 'late');
    expect(late.seen).toEqual([7, 8]);
    expect(late.end.completed).toBe(true);
  });

  it('errors every output, current and later subscribers alike', () => {
    const hub = new OutputHub();
    const live = collect<number>(hub, 'sums');
    const failure = new Error('outputs lost');
    hub.error(failure);
    expect(live.end.error).toBe(failure);
    expect(collect<number>(hub, 'sums').end.error).toBe(failure);
  });

  it('keeps at most its limit for a first subscriber, who then gets the records kept and an error naming what was dropped', () => {
    const hub = new OutputHub(3);
    hub.next({ name: 'sums', values: [1, 2] });
    hub.next({ name: 'sums', values: [3, 4, 5] });
    const first = collect<number>(hub, 'sums');
    expect(first.seen).toEqual([1, 2, 3]);
    expect(first.end.error).toBeInstanceOf(WorkerError);
    expect(first.end.error).toMatchObject({ code: ErrorCodes.ILLEGAL_JOB_STATE, message: expect.stringContaining('dropped 2 more') });
    // Live from then on, for the next subscriber.
    const next = collect<number>(hub, 'sums');
    hub.next({ name: 'sums', values: [6] });
    expect(next.seen).toEqual([6]);
    expect(next.end.error).toBeUndefined();
  });

  it('starts a subscriber that subscribes from inside another one’s next with the following batch', () => {
    const hub = new OutputHub();
    collect<number>(hub, 'sums');
    let inner: ReturnType<typeof collect<number>> | undefined;
    hub.records<number>('sums').subscribe(() => (inner ??= collect<number>(hub, 'sums')));
    hub.next({ name: 'sums', values: [1, 2] });
    hub.next({ name: 'sums', values: [3] });
    expect(inner!.seen).toEqual([3]);
  });
});

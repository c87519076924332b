import { describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import type { DataStream } from '../../../src/api/data-stream.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { WatermarkStrategy } from '../../../src/time/watermark-strategy.js';

interface Event {
  readonly id: string;
  readonly at: number;
}

const events: Event[] = [
  { id: 'a', at: 10 },
  { id: 'b', at: 20 },
  { id: 'c', at: 30 },
];

/** A stream of `events` stamped with `at`. */
function stamped(env: StreamEnvironment): DataStream<Event> {
  return env
    .fromArray(events)
    .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<Event>().withTimestampAssigner((e) => e.at));
}

async function collect<T>(build: (env: StreamEnvironment) => DataStream<T>) {
  const env = StreamEnvironment.create();
  const out = build(env).collect();
  await env.execute().result;
  return out;
}

describe('map', () => {
  it('transforms every record, in order', async () => {
    expect((await collect((env) => env.fromArray([1, 2, 3]).map((x) => x * 10))).values).toEqual([10, 20, 30]);
  });

  it('keeps each record its timestamp', async () => {
    const out = await collect((env) => stamped(env).map((e) => e.id));
    expect(out.records).toEqual([
      { value: 'a', timestamp: 10 },
      { value: 'b', timestamp: 20 },
      { value: 'c', timestamp: 30 },
    ]);
  });

  it('may return undefined and null as values', async () => {
    expect((await collect((env) => env.fromArray([1, 2]).map((x) => (x === 1 ? undefined : null)))).values).toEqual([undefined, null]);
  });
});

describe('filter', () => {
  it('keeps the records the predicate accepts', async () => {
    expect((await collect((env) => env.fromArray([1, 2, 3, 4]).filter((x) => x % 2 === 0))).values).toEqual([2, 4]);
  });

  it('keeps timestamps', async () => {
    const out = await collect((env) => stamped(env).filter((e) => e.id !== 'b'));
    expect(out.records.map((r) => r.timestamp)).toEqual([10, 30]);
  });
});

describe('flatMap', () => {
  it('emits every element of the returned iterable, including none', async () => {
    const out = await collect((env) => env.fromArray([0, 1, 2, 3]).flatMap((n) => Array.from({ length: n }, () => n)));
    expect(out.values).toEqual([1, 2, 2, 3, 3, 3]);
  });

  it('accepts a generator function and a Set', async () => {
    const gen = await collect((env) =>
      env.fromArray(['ab', 'c']).flatMap(function* (s) {
        yield* s;
      }),
    );
    expect(gen.values).toEqual(['a', 'b', 'c']);
    const set = await collect((env) => env.fromArray([1]).flatMap((x) => new Set([x, x, x + 1])));
    expect(set.values).toEqual([1, 2]);
  });

  it('stamps every output with the input timestamp', async () => {
    const out = await collect((env) => stamped(env).flatMap((e) => [e.id, e.id + '!']));
    expect(out.records.map((r) => [r.value, r.timestamp])).toEqual([
      ['a', 10],
      ['a!', 10],
      ['b', 20],
      ['b!', 20],
      ['c', 30],
      ['c!', 30],
    ]);
  });

  it('fails the job with ConfigError WEIR_INVALID_ARGUMENT when the function returns a non-iterable', async () => {
    const env = StreamEnvironment.create();
    env
      .fromArray([1])
      .flatMap(() => 5 as never)
      .uid('fm')
      .collect();
    const error = (await env.execute().result.catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe(ErrorCodes.INVALID_ARGUMENT);
    expect(error.message).toContain("'fm'");
  });
});

describe('union', () => {
  it('merges the records of every input', async () => {
    const out = await collect((env) => env.fromArray([1, 2]).union(env.fromArray([3]), env.fromArray([4, 5])));
    expect([...out.values].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps each input in its own order', async () => {
    const out = await collect((env) => env.fromArray(['a1', 'a2', 'a3']).union(env.fromArray(['b1', 'b2', 'b3'])));
    expect(out.values.filter((v) => v.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(out.values.filter((v) => v.startsWith('b'))).toEqual(['b1', 'b2', 'b3']);
  });

  it('keeps timestamps of both inputs', async () => {
    const out = await collect((env) => stamped(env).union(env.fromArray([{ id: 'x', at: 5 }]).map((e) => e)));
    expect(out.records.find((r) => r.value.id === 'b')!.timestamp).toBe(20);
    expect(out.records.find((r) => r.value.id === 'x')!.timestamp).toBeUndefined();
  });

  it('of a stream with nothing else is the stream itself', async () => {
    expect((await collect((env) => env.fromArray([1, 2]).union())).values).toEqual([1, 2]);
  });

  it('can be transformed and keyed like any stream', async () => {
    const out = await collect((env) =>
      env
        .fromArray([1, 2])
        .union(env.fromArray([3, 4]))
        .map((x) => x * 2)
        .keyBy((x) => x % 3)
        .process<number>({ processElement: (v, _ctx, c) => c.collect(v) }),
    );
    expect([...out.values].sort()).toEqual([2, 4, 6, 8]);
  });
});

describe('fan-out', () => {
  it('sends every record to each consumer of one stream', async () => {
    const env = StreamEnvironment.create();
    const source = env.fromArray([1, 2, 3]);
    const doubled = source.map((x) => x * 2).collect();
    const odd = source.filter((x) => x % 2 === 1).collect();
    await env.execute().result;
    expect(doubled.values).toEqual([2, 4, 6]);
    expect(odd.values).toEqual([1, 3]);
  });

  it('runs operators only on paths that reach a sink', async () => {
    const env = StreamEnvironment.create();
    const source = env.fromArray([1, 2]);
    let dangling = 0;
    source.map(() => dangling++);
    const out = source.collect();
    await env.execute().result;
    expect(out.values).toEqual([1, 2]);
    expect(dangling).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import { OutputTag } from '../../../src/api/output-tag.js';
import { planExecution, type PlannedNode } from '../../../src/runtime/execution-plan.js';

const late = new OutputTag<number>('late');

/** A pipeline with a fan-out, identical siblings, a union, a keyed operator and a side output. */
function build(env: StreamEnvironment): void {
  const source = env.fromArray([1, 2, 3]);
  const a = source.map((x) => x + 1);
  const b = source.map((x) => x + 1); // identical sibling of `a`
  const keyed = a
    .union(b)
    .keyBy((x) => x % 2)
    .process<number>({ processElement: (v, ctx, out) => (v > 2 ? out.collect(v) : ctx.output(late, v)) });
  keyed.collect();
  keyed.getSideOutput(late).print('late', () => {});
}

function plan(env: StreamEnvironment, parallelism = env.parallelism): PlannedNode[] {
  return planExecution(env.graph, { parallelism, maxParallelism: env.maxParallelism });
}

const uidsOf = (nodes: PlannedNode[]) => nodes.map((p) => p.uid);

describe('operator uids', () => {
  it('are the same when the same pipeline is built twice', () => {
    const first = StreamEnvironment.create();
    const second = StreamEnvironment.create();
    build(first);
    build(second);
    expect(uidsOf(plan(first))).toEqual(uidsOf(plan(second)));
  });

  it('are unique within a job, also for identical sibling operators', () => {
    const env = StreamEnvironment.create();
    build(env);
    const uids = uidsOf(plan(env));
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('do not depend on the parallelism', () => {
    const env = StreamEnvironment.create();
    build(env);
    expect(uidsOf(plan(env, 1))).toEqual(uidsOf(plan(env, 4)));
  });

  it('are derived from the operator name', () => {
    const env = StreamEnvironment.create();
    build(env);
    const byName = (name: string) => plan(env).filter((p) => p.node.name === name)[0]!.uid;
    expect(byName('KeyedProcess')).toMatch(/^keyedprocess-[0-9a-f]{8}$/);
    expect(byName('Map')).toMatch(/^map-[0-9a-f]{8}$/);
    expect(byName('Array Source')).toMatch(/^array-source-[0-9a-f]{8}$/);
  });

  it('of upstream operators do not change when a downstream branch is added', () => {
    const small = StreamEnvironment.create();
    small.fromArray([1]).map((x) => x).collect();
    const larger = StreamEnvironment.create();
    const mapped = larger.fromArray([1]).map((x) => x);
    mapped.collect();
    mapped.filter(() => true).collect();
    const [source, map] = uidsOf(plan(small));
    expect(uidsOf(plan(larger)).slice(0, 2)).toEqual([source, map]);
  });

  it('change when the upstream changes', () => {
    const one = StreamEnvironment.create();
    one.fromArray([1]).map((x) => x).collect();
    const two = StreamEnvironment.create();
    two.fromArray([1]).filter(() => true).map((x) => x).collect();
    const mapUid = (env: StreamEnvironment) => plan(env).find((p) => p.node.name === 'Map')!.uid;
    expect(mapUid(one)).not.toBe(mapUid(two));
  });

  it('uid() sets the uid of an operator, a source and a sink', () => {
    const env = StreamEnvironment.create();
    env
      .fromArray([1])
      .uid('numbers')
      .map((x) => x)
      .uid('plus-nothing')
      .print('p', () => {})
      .uid('printer');
    expect(uidsOf(plan(env))).toEqual(['numbers', 'plus-nothing', 'printer']);
  });

  it('setting one uid does not change the default uids of unrelated branches', () => {
    const plain = StreamEnvironment.create();
    const withUid = StreamEnvironment.create();
    for (const env of [plain, withUid]) {
      const source = env.fromArray([1]);
      const left = source.map((x) => x);
      if (env === withUid) left.uid('left');
      left.collect();
      source.filter(() => true).collect();
    }
    const filterUid = (env: StreamEnvironment) => plan(env).find((p) => p.node.name === 'Filter')!.uid;
    expect(filterUid(withUid)).toBe(filterUid(plain));
  });

  it('uid() is refused on a union: it has no operator of its own', () => {
    const env = StreamEnvironment.create();
    expect(() => env.fromArray([1]).union(env.fromArray([2])).uid('u')).toThrow(/union/);
  });
});

describe('the execution plan', () => {
  it('gives keyed operators the job parallelism, sources 1, others their widest input', () => {
    const env = StreamEnvironment.create({ parallelism: 3 });
    build(env);
    const nodes = plan(env);
    const parallelismOf = (name: string) => nodes.filter((p) => p.node.name === name).map((p) => p.parallelism);
    expect(parallelismOf('Array Source')).toEqual([1]);
    expect(parallelismOf('Map')).toEqual([1, 1]);
    expect(parallelismOf('KeyedProcess')).toEqual([3]);
    expect(parallelismOf('Collect Sink')).toEqual([3]);
  });

  it('hashes keyed edges, forwards equal-parallelism edges and rebalances the others', () => {
    const env = StreamEnvironment.create({ parallelism: 2 });
    env
      .fromArray([1])
      .map((x) => x)
      .keyBy((x) => x)
      .process<number>({ processElement: (v, _c, o) => o.collect(v) })
      .map((x) => x)
      .setParallelism(3)
      .collect();
    const partitioning = plan(env).flatMap((p) => p.inputs.map((i) => `${p.node.name}:${i.partitioning}`));
    expect(partitioning).toEqual(['Map:forward', 'KeyedProcess:hash', 'Map:rebalance', 'Collect Sink:forward']);
  });

  it('leaves out operators that lead to no sink', () => {
    const env = StreamEnvironment.create();
    const source = env.fromArray([1]);
    source.map((x) => x);
    source.collect();
    expect(plan(env).map((p) => p.node.name)).toEqual(['Array Source', 'Collect Sink']);
  });
});

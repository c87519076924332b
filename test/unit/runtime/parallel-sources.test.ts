import { describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import { InMemoryTransactionalSink } from '../../../src/connectors/sinks/in-memory-transactional-sink.js';
import { MemoryStateBackend } from '../../../src/state/memory/memory-state-backend.js';
import { countLinesInto, expectedCountLines, numbered } from '../../support/counting-job.js';

describe('parallel sources', () => {
  it('split a generator by index: every record once over the subtasks', async () => {
    const env = StreamEnvironment.create({ parallelism: 2 });
    const seen = env
      .fromGenerator({ count: 1001, generate: (i) => i })
      .setParallelism(3)
      .collect();
    await env.execute().result;
    expect([...seen.values].sort((a, b) => a - b)).toEqual([...Array(1001).keys()]);
  });

  it('split an array by index', async () => {
    const env = StreamEnvironment.create();
    const items = [...'abcdefghij'];
    const seen = env.fromArray(items).setParallelism(4).collect();
    await env.execute().result;
    expect([...seen.values].sort()).toEqual(items);
  });

  it('checkpoint each split position and resume every subtask where it was, exactly once', async () => {
    let failed = false;
    const sink = new InMemoryTransactionalSink<string>();
    const env = StreamEnvironment.create({
      parallelism: 2,
      stateBackend: new MemoryStateBackend(),
      checkpointing: { interval: 1 },
      restartStrategy: { type: 'fixed-delay', attempts: 2, delay: 0 },
      sourceChunkSize: 20,
      timeSliceMs: 1,
    });
    const records = env
      .fromGenerator({ count: 6000, generate: (i) => numbered(i, 9) })
      .setParallelism(2)
      .uid('numbers')
      .map((r) => {
        if (r.index === 4001 && !failed) {
          failed = true;
          throw new Error('injected');
        }
        return r;
      })
      .uid('fail');
    countLinesInto(records, sink);
    const job = env.execute();
    await job.result;
    expect(failed).toBe(true);
    expect(sink.committed().sort()).toEqual(expectedCountLines(6000, 9));
  });
});

import { describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import type { CheckpointingMode } from '../../../src/checkpoint/checkpointing-options.js';
import { InMemoryTransactionalSink } from '../../../src/connectors/sinks/in-memory-transactional-sink.js';
import {
  countLine,
  CountPerKey,
  expectedCountLines,
  failOnceAt,
  numbered,
  paceByCheckpoints,
  recordStatuses,
} from '../../support/counting-job.js';
import { GatedSource } from '../../support/gated-source.js';

const EVENTS = 2000;
const KEYS = 11;
const STEP = 200;

/** Every line of a complete run: the counts of both sources' keys. */
const expected = () => [...expectedCountLines(EVENTS, KEYS, 'a'), ...expectedCountLines(EVENTS, KEYS, 'b')].sort();

/**
 * Two sources, each through a map that throws once at the given record,
 * unioned and keyed into a counting operator at parallelism 2, so each of its
 * subtasks reads two input channels (where the checkpointing mode decides
 * how barriers are handled). The counts go to a plain collecting sink, which
 * sees whatever is written including replays, and to an exactly-once sink.
 */
async function runTwoSourceJob(mode: CheckpointingMode, failAt: { readonly a: readonly number[]; readonly b: readonly number[] }) {
  const env = StreamEnvironment.create({
    parallelism: 2,
    sourceChunkSize: 37,
    timeSliceMs: 1,
    checkpointing: { interval: 1, mode, compactEvery: 3, tolerableFailedCheckpoints: 100 },
    restartStrategy: { type: 'fixed-delay', attempts: 10, delay: 0 },
  });
  const sourceA = new GatedSource(EVENTS, (i) => numbered(i, KEYS, 'a'), STEP);
  const sourceB = new GatedSource(EVENTS, (i) => numbered(i, KEYS, 'b'), STEP);
  const a = env.fromSource(sourceA).uid('source-a').map(failOnceAt(failAt.a)).uid('fail-a');
  const b = env.fromSource(sourceB).uid('source-b').map(failOnceAt(failAt.b)).uid('fail-b');
  const lines = a
    .union(b)
    .keyBy((record) => record.key)
    .process(new CountPerKey())
    .uid('count')
    .map(countLine)
    .uid('render');
  const written: string[] = [];
  lines.forEach((line) => void written.push(line)).uid('every-write');
  const exactlyOnce = new InMemoryTransactionalSink<string>();
  lines.sinkTo(exactlyOnce).uid('exactly-once');
  const job = env.execute(`two sources, ${mode}`);
  const statuses = recordStatuses(job);
  let completed = 0;
  let restored = 0;
  job.checkpoints$.subscribe((event) => {
    if (event.type === 'completed') completed++;
    if (event.type === 'restored') restored++;
  });
  paceByCheckpoints(job, [sourceA, sourceB], STEP);
  await job.result;
  return { written, committed: exactlyOnce.committed(), statuses, completed, restored };
}

describe('checkpointing modes on an operator with two input channels', () => {
  it('completes checkpoints in at-least-once mode and, after failures, writes every expected result at least once', async () => {
    const run = await runTwoSourceJob('at-least-once', { a: [450], b: [1300] });
    expect(run.completed).toBeGreaterThan(0);
    expect(run.statuses.filter((s) => s === 'RESTARTING')).toHaveLength(2);
    expect(run.restored).toBeGreaterThan(0);
    expect(run.statuses.at(-1)).toBe('FINISHED');
    const written = new Set(run.written);
    expect(expected().filter((line) => !written.has(line))).toEqual([]);
  });

  it('commits every result exactly once to the exactly-once sink in exactly-once mode, though replays wrote some twice elsewhere', async () => {
    const run = await runTwoSourceJob('exactly-once', { a: [450], b: [1300] });
    expect(run.completed).toBeGreaterThan(0);
    expect(run.restored).toBeGreaterThan(0);
    expect(run.committed.sort()).toEqual(expected());
    expect(run.written.length).toBeGreaterThan(expected().length);
  });
});

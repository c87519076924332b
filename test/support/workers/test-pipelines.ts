import { definePipeline } from '../../../src/worker/pipeline-definition.js';
import { seedPipeline, type WindowSum } from '../../../demo/seed-pipeline.js';
import { countLinesInto, numbered } from '../counting-job.js';
import { GatedSource } from '../gated-source.js';

/** Parameters of the test pipelines. */
export interface CountParams {
  readonly events: number;
  readonly keys: number;
  /** Hold the source at this record until the job is cancelled or a savepoint stops it. */
  readonly holdAt?: number;
}

/** Counts per key in value state; lines `key:count` to output 'lines'. */
export const counts = definePipeline<CountParams>(({ env, params, output }) => {
  const records = env.fromSource(new GatedSource(params.events, (i) => numbered(i, params.keys), params.holdAt ?? params.events)).uid('numbers');
  countLinesInto(records, output<string>('lines'));
});

/** A user function that throws at record `at`: the job fails with a UserFunctionError naming 'explode'. */
export const explodes = definePipeline<{ at: number }>(({ env, params, output }) => {
  env
    .fromGenerator({ count: params.at + 10, generate: (i) => i })
    .map((i) => {
      if (i === params.at) throw new RangeError(`record ${i} is not allowed`);
      return i;
    })
    .uid('explode')
    .sinkTo(output<number>('numbers'));
});

/** The seed job (window operator) with its filtered window sums to output 'sums'; with `parallelSource`, one source subtask per worker. */
export const seed = definePipeline<{ events: number; parallelSource?: boolean }>(({ env, params, output }) => {
  const sourceParallelism = params.parallelSource === true ? env.parallelism : 1;
  seedPipeline(env, { events: params.events, sourceParallelism }).sinkTo(output<WindowSum>('sums')).uid('sums');
});

/**
 * One share of the seed job (every `of`-th event from `index`) as a job of its
 * own, with its filtered window sums to output 'sums': `of` such jobs side by
 * side give the seed job's results with no exchange between them.
 */
export const seedShare = definePipeline<{ events: number; index: number; of: number }>(({ env, params, output }) => {
  seedPipeline(env, { events: params.events, share: { index: params.index, of: params.of } }).sinkTo(output<WindowSum>('sums')).uid('sums');
});

/**
 * Counts per key; a worker named `crash-first` dies (an uncaught error
 * thrown outside the job) when it reaches record `crashAt`.
 */
export const crashesInFirstWorker = definePipeline<CountParams & { crashAt: number }>(({ env, params, output }) => {
  const doomed = (globalThis as { name?: string }).name === 'crash-first';
  const records = env
    .fromGenerator({ count: params.events, generate: (i) => numbered(i, params.keys) })
    .uid('numbers')
    .map((r) => {
      if (doomed && r.index === params.crashAt) {
        setTimeout(() => {
          throw new Error('the worker dies');
        }, 0);
      }
      return r;
    })
    .uid('crash');
  countLinesInto(records, output<string>('lines'));
});

/** Every pipeline the test workers serve. */
/** `counts`, but building it takes `buildMs` of busy time (a slow part start, to stop a job while its parts start). */
export const slowToBuild = definePipeline<CountParams & { buildMs: number }>((context) => {
  const until = Date.now() + context.params.buildMs;
  while (Date.now() < until) {
    // Busy on purpose: the worker cannot answer startPart() meanwhile.
  }
  counts.build(context);
});

export const testPipelines = { counts, explodes, seed, seedShare, crashesInFirstWorker, slowToBuild };

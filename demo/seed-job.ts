/**
 * `npm run demo`: runs weir's seed job on a finite source in this process and
 * prints the window results that pass the filter, then a summary; then runs
 * it again with exactly-once checkpoints to a directory, crashes it in the
 * middle, lets it restore and checks the committed results are the same.
 *
 *   npm run demo                 # 1 000 000 events
 *   npm run demo -- 5000000 2    # 5 M events, parallelism 2
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamEnvironment } from '../src/api/stream-environment.js';
import { InMemoryTransactionalSink } from '../src/connectors/sinks/in-memory-transactional-sink.js';
import { NodeStreamEnvironment } from '../src/node/node-stream-environment.js';
import { FileSystemStateBackend } from '../src/state/fs/file-system-state-backend.js';
import { seedPipeline, type WindowSum } from './seed-pipeline.js';

const events = Number(process.argv[2] ?? 1_000_000);
const parallelism = Number(process.argv[3] ?? 1);
const env = StreamEnvironment.create({ parallelism, autoWatermarkInterval: 50 });
const results: WindowSum[] = [];
seedPipeline(env, { events }).forEach((r) => results.push(r));

console.log(`weir seed job: ${events.toLocaleString('en')} events, parallelism ${parallelism}`);
const started = performance.now();
const job = env.execute('seed job');
job.status$.subscribe((status) => console.log(`  status: ${status}`));
await job.result;
const seconds = (performance.now() - started) / 1000;

results.sort((a, b) => a.windowEnd - b.windowEnd || a.key.localeCompare(b.key));
const shown = results.slice(0, 10);
console.log('\nwindow results (key, window, sum):');
for (const r of shown) console.log(`  ${r.key}  [${r.windowEnd - 3000}, ${r.windowEnd})  ${r.sum}`);
if (results.length > shown.length) console.log(`  ... and ${results.length - shown.length} more`);
const total = results.reduce((n, r) => n + r.sum, 0);
console.log(
  `\nsummary: ${results.length} results passed the filter, sum of sums ${total}, ` +
    `${seconds.toFixed(2)} s, ${Math.round(events / seconds).toLocaleString('en')} events/s`,
);

// The same job again, now with exactly-once checkpoints into a directory, a crash in the middle
// and a restart that restores the latest checkpoint: the committed results must be the same.
const directory = await mkdtemp(join(tmpdir(), 'weir-demo-'));
try {
  const crashAfter = Math.floor(events * 0.5);
  let crashed = false;
  let checkpointed = false;
  const recovering = NodeStreamEnvironment.create({
    parallelism,
    autoWatermarkInterval: 50,
    stateBackend: new FileSystemStateBackend({ directory }),
    checkpointing: { interval: 100 },
    // Short time slices: a checkpoint's asynchronous I/O steps run between them, so checkpoints complete sooner.
    timeSliceMs: 2,
    restartStrategy: { type: 'fixed-delay', attempts: 3, delay: 0 },
  });
  const sink = new InMemoryTransactionalSink<WindowSum>();
  // Crash once, past half of the events and after a checkpoint completed (so there is one to restore).
  const crashAt = (i: number) => !crashed && checkpointed && i >= crashAfter && (crashed = true);
  seedPipeline(recovering, { events, crashAt }).sinkTo(sink).uid('exactly-once-sink');
  console.log(`\nagain with checkpoints every 100 ms into ${directory}, crashing once after event ${crashAfter.toLocaleString('en')}:`);
  const second = recovering.execute('seed job, crash and restore');
  second.status$.subscribe((status) => console.log(`  status: ${status}`));
  second.checkpoints$.subscribe((e) => {
    if (e.type === 'completed') checkpointed = true;
    if (e.type === 'restored') console.log(`  restored checkpoint ${e.checkpointId}`);
  });
  await second.result;
  const stats = second.checkpointStats();
  const committed = sink.committed();
  // The same results, each once: equal as sorted lists (equal counts or sums alone would hide a swap).
  const lines = (rs: readonly WindowSum[]) => rs.map((r) => `${r.key}@${r.windowEnd}:${r.sum}`).sort().join('\n');
  const same = lines(committed) === lines(results);
  console.log(
    `  ${stats.counts.completed} checkpoints completed, ${stats.counts.restored} restore(s); ` +
      `${committed.length} results committed exactly once: ${same ? 'identical to the run without a crash' : 'DIFFERENT from the run without a crash'}`,
  );
  if (!same) process.exitCode = 1;
} finally {
  await rm(directory, { recursive: true, force: true });
}

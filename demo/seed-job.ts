/**
 * `npm run demo`: runs weir's seed job on a finite source in this process and
 * prints the window results that pass the filter, then a summary.
 *
 *   npm run demo                 # 1 000 000 events
 *   npm run demo -- 5000000 2    # 5 M events, parallelism 2
 */
import { StreamEnvironment } from '../src/api/stream-environment.js';
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

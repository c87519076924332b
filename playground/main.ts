import { StreamEnvironment } from '../src/api/stream-environment.js';
import type { KeyedProcessFunction } from '../src/api/keyed-process-function.js';
import { WatermarkStrategy } from '../src/time/watermark-strategy.js';

interface Click {
  readonly user: string;
  readonly at: number;
}

/** Counts clicks per user per 1 s bucket, emitted when the watermark passes the bucket. */
const perSecond: KeyedProcessFunction<string, Click, string> = {
  processElement(click, ctx) {
    ctx.timerService.registerEventTimeTimer(click.at - (click.at % 1000) + 999);
  },
  onTimer(time, ctx, out) {
    out.collect(`${ctx.currentKey}: active in [${time - 999}, ${time + 1})`);
  },
};

const button = document.querySelector<HTMLButtonElement>('#run')!;
const status = document.querySelector<HTMLElement>('#status')!;
const output = document.querySelector<HTMLElement>('#output')!;

button.addEventListener('click', () => {
  output.textContent = '';
  const env = StreamEnvironment.create();
  env
    .fromGenerator<Click>({ count: 50, generate: (i) => ({ user: ['ada', 'bob', 'cy'][i % 3]!, at: i * 97 }) })
    .assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps<Click>().withTimestampAssigner((c) => c.at))
    .keyBy((c) => c.user)
    .process(perSecond)
    .forEach((line) => (output.textContent += `${line}\n`));
  const job = env.execute('playground');
  job.status$.subscribe((s) => (status.textContent = `status: ${s}`));
});

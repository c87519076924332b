import type { Collector } from '../../src/api/collector.js';
import type { KeyedProcessContext, KeyedProcessFunction, OnTimerContext } from '../../src/api/keyed-process-function.js';
import type { RuntimeContext } from '../../src/api/runtime-context.js';
import type { ListState, MapState, ValueState } from '../../src/state/keyed-state.js';
import { ListStateDescriptor, MapStateDescriptor, ValueStateDescriptor } from '../../src/state/state-descriptor.js';
import type { Millis } from '../../src/time/time-types.js';
import { canonicalText } from './canonical-text.js';
import type { GoldenEvent } from './golden-savepoint-job.js';

/** The keyed process function's ValueState: one value of nearly every type the state codec has. */
interface Profile {
  user: string;
  firstSeen: Date;
  lastSeen: Date;
  count: number;
  eighths: bigint;
  huge: bigint;
  extremes: { min: number; max: number };
  tags: Set<string>;
  tagCounts: Map<string, number>;
  lastAmounts: Float64Array;
  lastSeqBytes: Uint8Array;
  wide: BigInt64Array;
  special: { negativeZero: number; notANumber: number; infinity: number; nothing: null; missing: undefined };
  nested: { level1: { level2: { seqs: number[]; label: string } } };
}

interface RecentEntry {
  seq: number;
  at: Date;
  amount: number;
  eighths: bigint;
}

interface TagStats {
  count: number;
  sum: number;
  last: Date;
  seqs: Int32Array;
}

/** Timer settings of {@link GoldenStateReporter}. */
export interface GoldenStateReporterOptions {
  /** Reports its state at the end of every bucket of this many ms of event time. */
  readonly bucketMs: Millis;
  /** Every ninth record sets a reminder timer this many ms after it. */
  readonly reminderMs: Millis;
}

/**
 * The golden job's keyed process function: ValueState, ListState and
 * MapState per user, with event-time timers. At the end of each bucket it
 * reports all its state (as canonical text), and every ninth record sets a
 * reminder timer. Part of the golden job: do not change it (see
 * golden-savepoint-job.ts).
 */
export class GoldenStateReporter implements KeyedProcessFunction<string, GoldenEvent, string> {
  private profile!: ValueState<Profile>;
  private recent!: ListState<RecentEntry>;
  private byTag!: MapState<string, TagStats>;

  constructor(private readonly options: GoldenStateReporterOptions) {}

  open(ctx: RuntimeContext): void {
    this.profile = ctx.getState(new ValueStateDescriptor<Profile>('profile'));
    this.recent = ctx.getState(new ListStateDescriptor<RecentEntry>('recent'));
    this.byTag = ctx.getState(new MapStateDescriptor<string, TagStats>('by-tag'));
  }

  processElement(e: GoldenEvent, ctx: KeyedProcessContext<string>): void {
    const p = this.profile.value() ?? {
      user: e.user,
      firstSeen: new Date(e.at),
      lastSeen: new Date(e.at),
      count: 0,
      eighths: 0n,
      huge: 2n ** 70n,
      extremes: { min: Infinity, max: -Infinity },
      tags: new Set<string>(),
      tagCounts: new Map<string, number>(),
      lastAmounts: new Float64Array(0),
      lastSeqBytes: new Uint8Array(0),
      wide: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]),
      special: { negativeZero: -0, notANumber: NaN, infinity: -Infinity, nothing: null, missing: undefined },
      nested: { level1: { level2: { seqs: [], label: `ü-${e.user}` } } },
    };
    p.lastSeen = new Date(e.at);
    p.count++;
    p.eighths += BigInt(e.amount * 8);
    p.huge -= BigInt(e.seq);
    p.extremes = { min: Math.min(p.extremes.min, e.amount), max: Math.max(p.extremes.max, e.amount) };
    p.tags.add(e.tag);
    p.tagCounts.set(e.tag, (p.tagCounts.get(e.tag) ?? 0) + 1);
    p.lastAmounts = Float64Array.from([...p.lastAmounts, e.amount / 3].slice(-3));
    p.lastSeqBytes = Uint8Array.from([...p.lastSeqBytes, e.seq & 0xff].slice(-4));
    p.wide = BigInt64Array.from([p.wide[0]! + 1n, p.wide[1]! - BigInt(e.seq)]);
    p.nested.level1.level2.seqs = [...p.nested.level1.level2.seqs, e.seq].slice(-3);
    this.profile.update(p);

    this.recent.add({ seq: e.seq, at: new Date(e.at), amount: e.amount, eighths: BigInt(e.amount * 8) });
    const stats = this.byTag.get(e.tag);
    this.byTag.put(e.tag, {
      count: (stats?.count ?? 0) + 1,
      sum: (stats?.sum ?? 0) + e.amount,
      last: new Date(e.at),
      seqs: Int32Array.from([...(stats?.seqs ?? []), -e.seq].slice(-2)),
    });

    ctx.timerService.registerEventTimeTimer(this.bucketEnd(e.at));
    if (e.seq % 9 === 0) ctx.timerService.registerEventTimeTimer(e.at + this.options.reminderMs);
  }

  onTimer(time: Millis, ctx: OnTimerContext<string>, out: Collector<string>): void {
    const user = ctx.currentKey;
    if (time !== this.bucketEnd(time)) {
      out.collect(`reminder ${user} @${time} count=${this.profile.value()?.count}`);
      return;
    }
    const byTag = [...this.byTag.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    out.collect(
      `state ${user} @${time} profile=${canonicalText(this.profile.value())} recent=${canonicalText(this.recent.get())} ` +
        `by-tag=${canonicalText(byTag)}`,
    );
    this.recent.clear();
    // Drop the least used tag so map removals are part of the state's history too.
    const least = byTag.reduce<[string, TagStats] | undefined>((min, entry) => (min === undefined || entry[1].count < min[1].count ? entry : min), undefined);
    if (least !== undefined) this.byTag.remove(least[0]);
  }

  /** The last millisecond of `at`'s bucket. */
  private bucketEnd(at: Millis): Millis {
    return at - (at % this.options.bucketMs) + this.options.bucketMs - 1;
  }
}

import { Observable, Subscriber } from 'rxjs';
import type { CheckpointingMode } from '../checkpoint/checkpointing-options.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, type Millis } from '../time/time-types.js';
import {
  CheckpointBarrier,
  ElementKind,
  EndOfInput,
  Watermark,
  WatermarkStatus,
  type StreamElement,
} from './stream-element.js';

/**
 * Merges the input channels of one subtask into one ordered stream (the
 * input valve): records pass through; the output watermark is the minimum
 * over channels that are neither idle nor ended, emitted only when it
 * rises; idle when every live channel is idle; end of input once every
 * channel has ended.
 *
 * Barriers (Chandy–Lamport, as Flink's input gates):
 * - `exactly-once` (aligned): once a channel delivers barrier n, what it
 *   sends next is held back until every live channel delivered barrier n;
 *   then the barrier is emitted and the held elements follow in order. So
 *   the state snapshotted at the barrier reflects exactly the records before
 *   it on every channel.
 * - `at-least-once` (unaligned counting): records of channels that already
 *   delivered the barrier keep flowing; the barrier is emitted when the last
 *   live channel delivers it. A restore may then replay some records that
 *   the snapshot already counted.
 * A channel that ends counts as having delivered every pending barrier.
 */
export function mergeChannels(
  channels: readonly Observable<StreamElement>[],
  mode: CheckpointingMode = 'exactly-once',
  now: () => number = () => performance.now(),
): Observable<StreamElement> {
  return new Observable<StreamElement>((subscriber) => {
    const n = channels.length;
    const watermarks: Millis[] = new Array<Millis>(n).fill(MIN_TIMESTAMP);
    const idle: boolean[] = new Array<boolean>(n).fill(false);
    const ended: boolean[] = new Array<boolean>(n).fill(false);
    let endedCount = 0;
    let lastWatermark = MIN_TIMESTAMP;
    let outputIdle = false;

    // Barriers in flight, oldest first: which channels delivered each, and when the first did.
    // (exactly-once holds a channel after its barrier, so there is one at a time; at-least-once may have several.)
    const alignments: { barrier: CheckpointBarrier; arrived: boolean[]; start: number }[] = [];
    // Per channel, elements held back behind the barrier (exactly-once only).
    const held: StreamElement[][] = channels.map(() => []);
    const blocked: boolean[] = new Array<boolean>(n).fill(false);

    const update = () => {
      let min = MAX_TIMESTAMP;
      let live = 0;
      for (let i = 0; i < n; i++) {
        if (ended[i] || idle[i]) continue;
        live++;
        if (watermarks[i]! < min) min = watermarks[i]!;
      }
      const allIdle = live === 0 && endedCount < n;
      if (allIdle !== outputIdle) {
        outputIdle = allIdle;
        subscriber.next(allIdle ? WatermarkStatus.IDLE : WatermarkStatus.ACTIVE);
      }
      if (live > 0 && min > lastWatermark) {
        lastWatermark = min;
        subscriber.next(new Watermark(min));
      }
    };

    /** Emits the oldest barrier(s) every live channel delivered (an ended channel counts as delivered), then releases what was held. */
    const maybeCompleteAlignment = () => {
      while (alignments.length > 0 && alignments[0]!.arrived.every((arrived, c) => arrived || ended[c])) {
        const { barrier, start } = alignments.shift()!;
        subscriber.next(new CheckpointBarrier(barrier.checkpointId, barrier.timestamp, barrier.savepoint, now() - start));
        // Release held elements channel by channel, in order; a held barrier starts the next alignment.
        for (let c = 0; c < n; c++) {
          if (!blocked[c]) continue;
          blocked[c] = false;
          const queue = held[c]!;
          held[c] = [];
          for (let k = 0; k < queue.length; k++) {
            if (blocked[c]) {
              // Channel c hit the next barrier again: keep the rest held, in order.
              held[c]!.push(...queue.slice(k));
              break;
            }
            handle(c, queue[k]!);
          }
        }
      }
    };

    const onBarrier = (i: number, barrier: CheckpointBarrier) => {
      // Barriers travel in order on each channel: a channel that delivers barrier k will never deliver an
      // older one it skipped (its source did not take part in that checkpoint). Counting it as arrived for
      // those keeps their alignment from holding the other channels back for good.
      for (const pending of alignments) if (pending.barrier.checkpointId < barrier.checkpointId) pending.arrived[i] = true;
      let alignment = alignments.find((a) => a.barrier.checkpointId === barrier.checkpointId);
      if (alignment === undefined) {
        alignment = { barrier, arrived: new Array<boolean>(n).fill(false), start: now() };
        alignments.push(alignment);
      }
      alignment.arrived[i] = true;
      if (mode === 'exactly-once') blocked[i] = true;
      maybeCompleteAlignment();
    };

    const handle = (i: number, element: StreamElement) => {
      if (blocked[i]) {
        held[i]!.push(element);
        return;
      }
      switch (element.kind) {
        case ElementKind.Record:
          subscriber.next(element);
          return;
        case ElementKind.Watermark:
          if (element.timestamp > watermarks[i]!) watermarks[i] = element.timestamp;
          idle[i] = false;
          update();
          return;
        case ElementKind.WatermarkStatus:
          idle[i] = element.idle;
          update();
          return;
        case ElementKind.Barrier:
          if (n === 1) subscriber.next(element);
          else onBarrier(i, element);
          return;
        case ElementKind.EndOfInput:
          if (ended[i]) return;
          ended[i] = true;
          endedCount++;
          if (endedCount === n) {
            subscriber.next(EndOfInput.INSTANCE);
            subscriber.complete();
          } else {
            update();
            maybeCompleteAlignment();
          }
          return;
      }
    };

    const subscriptions = channels.map((channel, i) => channel.subscribe(new ChannelSubscriber(i, handle, subscriber)));
    return () => {
      for (const s of subscriptions) s.unsubscribe();
    };
  });
}

/**
 * Reads one input channel into the valve. A Subscriber subclass rather than
 * a plain observer: RxJS uses a Subscriber as given, without the
 * SafeSubscriber wrapper and its try/catch per element. A channel's
 * completion is not an input's end (end of input is an element).
 */
class ChannelSubscriber extends Subscriber<StreamElement> {
  constructor(
    private readonly index: number,
    private readonly handle: (channel: number, element: StreamElement) => void,
    private readonly merged: Subscriber<StreamElement>,
  ) {
    super();
  }

  protected override _next(element: StreamElement): void {
    this.handle(this.index, element);
  }

  protected override _error(error: unknown): void {
    this.merged.error(error);
    this.unsubscribe();
  }

  protected override _complete(): void {
    this.unsubscribe();
  }
}

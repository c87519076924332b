import { Observable } from 'rxjs';
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

    // The barrier being aligned: which channels delivered it, when the first did.
    let aligning: CheckpointBarrier | undefined;
    let alignStart = 0;
    const arrived: boolean[] = new Array<boolean>(n).fill(false);
    let arrivedCount = 0;
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

    /** Emits the aligned barrier once every live channel delivered it, then releases what was held. */
    const maybeCompleteAlignment = () => {
      if (aligning === undefined || arrivedCount < n - endedCountExcludingArrived()) return;
      const barrier = aligning;
      aligning = undefined;
      arrived.fill(false);
      arrivedCount = 0;
      subscriber.next(new CheckpointBarrier(barrier.checkpointId, barrier.timestamp, barrier.savepoint, now() - alignStart));
      // Release held elements channel by channel, in order; a held barrier starts the next alignment.
      for (let i = 0; i < n; i++) {
        if (!blocked[i]) continue;
        blocked[i] = false;
        const queue = held[i]!;
        held[i] = [];
        for (let k = 0; k < queue.length; k++) {
          if (blocked[i]) {
            // Channel i hit the next barrier again: keep the rest held, in order.
            held[i]!.push(...queue.slice(k));
            break;
          }
          handle(i, queue[k]!);
        }
      }
    };

    /** Ended channels that have not delivered the barrier being aligned (they count as delivered). */
    const endedCountExcludingArrived = () => {
      let count = 0;
      for (let i = 0; i < n; i++) if (ended[i] && !arrived[i]) count++;
      return count;
    };

    const onBarrier = (i: number, barrier: CheckpointBarrier) => {
      if (aligning === undefined) {
        aligning = barrier;
        alignStart = now();
      } else if (barrier.checkpointId !== aligning.checkpointId) {
        // A later barrier overtook this one on another channel (the earlier checkpoint was
        // abandoned at its source): align the newer one from here on.
        if (barrier.checkpointId < aligning.checkpointId) return;
        aligning = barrier;
        arrived.fill(false);
        arrivedCount = 0;
      }
      if (!arrived[i]) {
        arrived[i] = true;
        arrivedCount++;
      }
      if (mode === 'exactly-once' && n > 1) blocked[i] = true;
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

    const subscriptions = channels.map((channel, i) =>
      channel.subscribe({
        next: (element) => handle(i, element),
        error: (error: unknown) => subscriber.error(error),
      }),
    );
    return () => {
      for (const s of subscriptions) s.unsubscribe();
    };
  });
}

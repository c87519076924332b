import { Observable } from 'rxjs';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, type Millis } from '../time/time-types.js';
import {
  ElementKind,
  EndOfInput,
  Watermark,
  WatermarkStatus,
  type CheckpointBarrier,
  type StreamElement,
} from './stream-element.js';

/**
 * Merges the input channels of one subtask into one ordered stream (the
 * input valve): records pass through; the output watermark is the minimum
 * over channels that are neither idle nor ended, emitted only when it
 * rises; idle when every live channel is idle; end of input once every
 * channel has ended. A barrier is forwarded once every channel delivered it
 * (no blocking alignment yet: at-least-once across several inputs).
 */
export function mergeChannels(channels: readonly Observable<StreamElement>[]): Observable<StreamElement> {
  return new Observable<StreamElement>((subscriber) => {
    const n = channels.length;
    const watermarks: Millis[] = new Array<Millis>(n).fill(MIN_TIMESTAMP);
    const idle: boolean[] = new Array<boolean>(n).fill(false);
    const ended: boolean[] = new Array<boolean>(n).fill(false);
    const barrierCounts = new Map<number, number>();
    let endedCount = 0;
    let lastWatermark = MIN_TIMESTAMP;
    let outputIdle = false;

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

    const subscriptions = channels.map((channel, i) =>
      channel.subscribe({
        next(element) {
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
            case ElementKind.Barrier: {
              const id = (element as CheckpointBarrier).checkpointId;
              const seen = (barrierCounts.get(id) ?? 0) + 1;
              if (seen === n - endedCount) {
                barrierCounts.delete(id);
                subscriber.next(element);
              } else {
                barrierCounts.set(id, seen);
              }
              return;
            }
            case ElementKind.EndOfInput:
              if (ended[i]) return;
              ended[i] = true;
              endedCount++;
              if (endedCount === n) {
                subscriber.next(EndOfInput.INSTANCE);
                subscriber.complete();
              } else {
                update();
              }
              return;
          }
        },
        error: (error: unknown) => subscriber.error(error),
      }),
    );
    return () => {
      for (const s of subscriptions) s.unsubscribe();
    };
  });
}

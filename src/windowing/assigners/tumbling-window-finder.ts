import { saturatingAdd, type Millis } from '../../time/time-types.js';
import { TimeWindow } from '../windows/time-window.js';
import type { WindowAssignerContext } from './window-assigner.js';
import type { WindowStagger } from './window-stagger.js';

/** What a tumbling assigner is configured with; checked by the assigner. */
export interface TumblingWindowSpec {
  readonly size: Millis;
  readonly offset: Millis;
  readonly stagger: WindowStagger;
}

/**
 * The window arithmetic shared by the tumbling assigners: finds the window of
 * a time, fixing the stagger offset at the first call.
 *
 * Consecutive times in one window get the same frozen one-element array (and
 * so the same TimeWindow, whose key is built once), instead of a new window
 * per element.
 */
export class TumblingWindowFinder {
  private staggerOffset: Millis | undefined;
  private current: TimeWindow | undefined;
  private currentArray: readonly TimeWindow[] = [];

  constructor(private readonly spec: TumblingWindowSpec) {}

  /** The one window containing `time`; the array is shared between calls and must not be mutated. */
  windowsAt(time: Millis, context: WindowAssignerContext): readonly TimeWindow[] {
    const current = this.current;
    if (current !== undefined && time >= current.start && time < current.end) return this.currentArray;
    const { size, offset, stagger } = this.spec;
    // Flink computes the stagger lazily from processing time, once per assigner instance.
    this.staggerOffset ??= stagger.staggerOffset(context.currentProcessingTime(), size);
    const start = TimeWindow.getWindowStartWithOffset(time, (offset + this.staggerOffset) % size, size);
    const window = new TimeWindow(start, saturatingAdd(start, size));
    this.current = window;
    this.currentArray = Object.freeze([window]);
    return this.currentArray;
  }
}

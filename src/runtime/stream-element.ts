import type { Millis } from '../time/time-types.js';

/**
 * What flows through a task, in order: records, watermarks, watermark status
 * changes, checkpoint barriers and end of input. Control elements travel
 * in-band so that they keep their order relative to records.
 */
export type StreamElement<T = unknown> = StreamRecord<T> | Watermark | WatermarkStatus | CheckpointBarrier | EndOfInput;

/** Discriminant of {@link StreamElement}: a small integer so the hot path switches cheaply. */
export const ElementKind = {
  Record: 0,
  Watermark: 1,
  WatermarkStatus: 2,
  Barrier: 3,
  EndOfInput: 4,
} as const;

/**
 * A value with its event timestamp ({@link MIN_TIMESTAMP} when it has none).
 * Treat it as immutable: only the runtime changes `timestamp`, and only on a
 * record nothing else can see (fresh from a source, see `ownsInputRecords`).
 */
export class StreamRecord<T> {
  readonly kind = ElementKind.Record;
  constructor(
    readonly value: T,
    public timestamp: Millis,
  ) {}
}

/** Event time has reached `timestamp`: no record with an earlier timestamp should follow. */
export class Watermark {
  readonly kind = ElementKind.Watermark;
  constructor(readonly timestamp: Millis) {}
}

/**
 * An input went idle (no records for a while) or active again. Idle inputs
 * do not hold back the minimum watermark of the operators they feed.
 */
export class WatermarkStatus {
  readonly kind = ElementKind.WatermarkStatus;
  constructor(readonly idle: boolean) {}
  static readonly IDLE = new WatermarkStatus(true);
  static readonly ACTIVE = new WatermarkStatus(false);
}

/** Barrier of checkpoint `checkpointId`: state before it belongs to the checkpoint, after it does not. */
export class CheckpointBarrier {
  readonly kind = ElementKind.Barrier;
  constructor(
    readonly checkpointId: number,
    readonly timestamp: Millis,
    readonly savepoint = false,
    /** How long the input valve that emitted this barrier waited for it on all channels, in ms. */
    readonly alignmentMs = 0,
  ) {}
}

/** The input is exhausted: nothing follows. */
export class EndOfInput {
  readonly kind = ElementKind.EndOfInput;
  static readonly INSTANCE = new EndOfInput();
  private constructor() {}
}

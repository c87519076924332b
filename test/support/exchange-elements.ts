import {
  CheckpointBarrier,
  ElementKind,
  EndOfInput,
  StreamRecord,
  Watermark,
  WatermarkStatus,
  type StreamElement,
} from '../../src/runtime/stream-element.js';

/**
 * Stream elements as short strings, so exchange tests compare whole
 * sequences at a glance: `r<value>@<timestamp>` (value as JSON),
 * `wm<t>`, `idle`, `active`, `barrier<id>@<t>[s]`, `end`.
 */
export function describeElement(element: StreamElement): string {
  switch (element.kind) {
    case ElementKind.Record: {
      const record = element as StreamRecord<unknown>;
      return `r${JSON.stringify(record.value)}@${record.timestamp}`;
    }
    case ElementKind.Watermark:
      return `wm${element.timestamp}`;
    case ElementKind.WatermarkStatus:
      return element.idle ? 'idle' : 'active';
    case ElementKind.Barrier:
      return `barrier${element.checkpointId}@${element.timestamp}${element.savepoint ? 's' : ''}`;
    case ElementKind.EndOfInput:
      return 'end';
  }
}

/** The seed job's record shape. */
export function seedRecord(i: number): StreamRecord<{ key: string; value: number; timestamp: number }> {
  return new StreamRecord({ key: `Tuple ${i % 1000}`, value: 1, timestamp: i }, i);
}

/**
 * `n` seed records with a watermark after every `watermarkEvery`-th, a
 * barrier after every `barrierEvery`-th, then end of input.
 */
export function* seedStream(n: number, watermarkEvery = 1000, barrierEvery = 5000): Generator<StreamElement> {
  for (let i = 1; i <= n; i++) {
    yield seedRecord(i);
    if (i % watermarkEvery === 0) yield new Watermark(i);
    if (i % barrierEvery === 0) yield new CheckpointBarrier(i / barrierEvery, i);
  }
  yield EndOfInput.INSTANCE;
}

export { CheckpointBarrier, EndOfInput, StreamRecord, Watermark, WatermarkStatus };

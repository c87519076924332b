import {
  CheckpointBarrier,
  ElementKind,
  EndOfInput,
  Watermark,
  WatermarkStatus,
  type StreamElement,
} from '../../runtime/stream-element.js';

/**
 * A control element on the wire: a tuple starting with its {@link ElementKind}
 * (class instances would lose their prototype in structured clone).
 */
export type ControlWire =
  | readonly [typeof ElementKind.Watermark, number]
  | readonly [typeof ElementKind.WatermarkStatus, boolean]
  | readonly [typeof ElementKind.Barrier, number, number, boolean, number]
  | readonly [typeof ElementKind.EndOfInput];

/** The wire form of a control element (anything but a record). */
export function toControlWire(element: Exclude<StreamElement, { kind: typeof ElementKind.Record }>): ControlWire {
  switch (element.kind) {
    case ElementKind.Watermark:
      return [ElementKind.Watermark, element.timestamp];
    case ElementKind.WatermarkStatus:
      return [ElementKind.WatermarkStatus, element.idle];
    case ElementKind.Barrier:
      return [ElementKind.Barrier, element.checkpointId, element.timestamp, element.savepoint, element.alignmentMs];
    case ElementKind.EndOfInput:
      return [ElementKind.EndOfInput];
  }
}

/** The control element a {@link ControlWire} stands for. */
export function fromControlWire(wire: ControlWire): StreamElement {
  switch (wire[0]) {
    case ElementKind.Watermark:
      return new Watermark(wire[1]);
    case ElementKind.WatermarkStatus:
      return wire[1] ? WatermarkStatus.IDLE : WatermarkStatus.ACTIVE;
    case ElementKind.Barrier:
      return new CheckpointBarrier(wire[1], wire[2], wire[3], wire[4]);
    case ElementKind.EndOfInput:
      return EndOfInput.INSTANCE;
  }
}

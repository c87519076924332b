import type { ControlWire } from './control-wire.js';

/** How a batch's records travel: weir's binary value codec in a transferred ArrayBuffer, or structured clone. */
export type ExchangeEncoding = 'binary' | 'structured-clone';

/**
 * Producer → consumer: the records of one batch, then the control elements
 * that closed it (watermarks, status, barriers, end of input), in order.
 * `records` is an ArrayBuffer (binary encoding, transferred) or a flat array
 * `[value0, timestamp0, value1, timestamp1, ...]` (structured clone).
 */
export interface BatchMessage {
  readonly type: 'batch';
  readonly count: number;
  readonly records: ArrayBuffer | unknown[] | undefined;
  readonly controls: ControlWire[] | undefined;
}

/** Consumer → producer: `batches` batches were delivered downstream, so as many more may be sent. */
export interface CreditMessage {
  readonly type: 'credit';
  readonly batches: number;
}

/** A closed batch, ready to post: the payload of a batch message and what to transfer with it. */
export interface EncodedBatch {
  readonly count: number;
  readonly records: ArrayBuffer | unknown[];
  readonly transfer: ArrayBuffer[] | undefined;
}

/**
 * Builds one batch of records at a time for an exchange sender.
 *
 * Contract: the sender calls {@link add} per record, synchronously, and
 * {@link take} when the batch closes (then the encoder starts an empty one).
 * A value the encoding cannot carry throws from `add` (binary) or from
 * `postMessage` (structured clone); `add` leaves the batch as it was.
 */
export interface BatchEncoder {
  /** Records in the open batch. */
  readonly count: number;
  /** Encoded bytes of the open batch; 0 when the encoding cannot tell cheaply (structured clone). */
  readonly byteLength: number;
  add(value: unknown, timestamp: number): void;
  take(): EncodedBatch;
}

import { ErrorCodes } from '../../errors/error-codes.js';
import { requireIntegerInRange, requireNonEmptyString } from '../../errors/argument-checks.js';
import { ConfigError } from '../../errors/config-error.js';
import { WorkerError } from '../../errors/worker-error.js';
import { ElementKind, type StreamElement } from '../../runtime/stream-element.js';
import type { BatchEncoder } from './batch-encoder.js';
import { BinaryBatchEncoder } from './binary-batch-encoder.js';
import { CloneBatchEncoder } from './clone-batch-encoder.js';
import { toControlWire, type ControlWire } from './control-wire.js';
import type { BatchMessage, ExchangeEncoding } from './exchange-message.js';
import { listen, NO_TRANSFER, type ExchangePort } from './exchange-port.js';
import { UnsupportedExchangeValueError } from './unsupported-exchange-value-error.js';

/** The encoding a channel uses unless told otherwise (see bench/exchange: the faster one measured). */
const DEFAULT_EXCHANGE_ENCODING: ExchangeEncoding = 'binary';

/** Options of {@link ExchangeSender}. */
export interface ExchangeSenderOptions {
  /** The producer end of the channel (the consumer's {@link ExchangeReceiver} holds the other). */
  readonly port: ExchangePort;
  /** Names the channel in errors, e.g. `"map[0] → window[1]"`. */
  readonly channel: string;
  /** How records travel; default {@link DEFAULT_EXCHANGE_ENCODING}. */
  readonly encoding?: ExchangeEncoding;
  /** A batch closes at this many records; default 1024. */
  readonly maxBatchRecords?: number;
  /** A batch closes at this many encoded bytes (binary encoding only); default 256 KiB. */
  readonly maxBatchBytes?: number;
  /** Credit: at most this many batches sent and not yet delivered downstream by the consumer; default 4. */
  readonly maxInFlightBatches?: number;
}

/** A closed batch waiting for credit. `controls` grows while it waits (control elements that follow it). */
interface PendingBatch {
  count: number;
  records: ArrayBuffer | unknown[] | undefined;
  controls: ControlWire[] | undefined;
  transfer: ArrayBuffer[] | undefined;
}

/**
 * The producer end of one exchange channel (one producer subtask → one
 * consumer subtask across workers). Records are buffered into batches; a
 * batch is posted when it is full (records or bytes), when a control
 * element arrives (watermark, watermark status, barrier, end of input: it
 * travels right after the batch's records, so it never overtakes one), or
 * on {@link flush}.
 *
 * Flow control is credit-based: at most `maxInFlightBatches` batches are
 * posted and not yet delivered by the consumer, which returns one credit
 * per batch it has pushed downstream. Out of credit, `push` keeps
 * buffering closed batches and {@link isBackpressured} turns true; the
 * runtime then pauses its sources on {@link whenWritable}.
 *
 * @example
 * ```ts
 * const sender = new ExchangeSender({ port: channel.port1, channel: 'map[0] → sum[1]' });
 * for (const element of chunk) sender.push(element);
 * sender.flush(); // before yielding to the event loop
 * if (sender.isBackpressured) await sender.whenWritable();
 * ```
 * @throws ConfigError INVALID_ARGUMENT for a bad option (from the constructor).
 */
export class ExchangeSender {
  /** Batches posted and not yet credited back. */
  inFlight = 0;
  /** Batches and records posted so far, and the bytes of binary batches. */
  batchesSent = 0;
  recordsSent = 0;
  bytesSent = 0;

  readonly channel: string;
  readonly encoding: ExchangeEncoding;
  private readonly port: ExchangePort;
  private readonly encoder: BatchEncoder;
  private readonly maxBatchRecords: number;
  private readonly maxBatchBytes: number;
  private readonly maxInFlight: number;
  private readonly pending: PendingBatch[] = [];
  private pendingHead = 0;
  /** flush() found no credit: the open batch goes out as soon as credit returns. */
  private flushRequested = false;
  private ended = false;
  private closed = false;
  private writableWaiters: (() => void)[] = [];
  private readonly stopListening: () => void;

  constructor(options: ExchangeSenderOptions) {
    this.channel = requireNonEmptyString(options.channel, 'ExchangeSender option channel');
    this.encoding = options.encoding ?? DEFAULT_EXCHANGE_ENCODING;
    if (this.encoding !== 'binary' && this.encoding !== 'structured-clone') {
      throw new ConfigError(
        ErrorCodes.INVALID_ARGUMENT,
        `ExchangeSender option encoding must be 'binary' or 'structured-clone', got ${String(options.encoding)}.`,
      );
    }
    this.maxBatchRecords = requireIntegerInRange(options.maxBatchRecords ?? 1024, 'ExchangeSender option maxBatchRecords', 1, 1 << 24);
    this.maxBatchBytes = requireIntegerInRange(options.maxBatchBytes ?? 256 * 1024, 'ExchangeSender option maxBatchBytes', 64, 1 << 30);
    this.maxInFlight = requireIntegerInRange(options.maxInFlightBatches ?? 4, 'ExchangeSender option maxInFlightBatches', 1, 1 << 16);
    this.port = options.port;
    this.encoder = this.encoding === 'binary' ? new BinaryBatchEncoder(this.channel) : new CloneBatchEncoder();
    this.stopListening = listen(this.port, (event) => {
      const data = event.data as { type?: unknown; batches?: unknown } | null;
      if (data !== null && typeof data === 'object' && data.type === 'credit' && typeof data.batches === 'number') {
        this.onCredit(data.batches);
      }
    });
  }

  /**
   * True while closed batches wait for credit: the consumer is behind, so
   * the runtime should stop pulling its sources until {@link whenWritable}.
   */
  get isBackpressured(): boolean {
    return this.pendingHead < this.pending.length;
  }

  /** Resolves once no closed batch waits for credit (at once when none does), or when the sender closes. */
  whenWritable(): Promise<void> {
    if (!this.isBackpressured || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.writableWaiters.push(resolve));
  }

  /**
   * Sends `element` in order with everything pushed before it: a record is
   * buffered; a control element closes the open batch and follows it.
   * @throws UnsupportedExchangeValueError for a record value the binary
   * encoding cannot carry (the record is dropped, the channel stays usable);
   * with structured clone the same error comes from the post of the batch.
   * @throws WorkerError ILLEGAL_JOB_STATE after end of input or {@link close}.
   */
  push(element: StreamElement): void {
    if (this.ended || this.closed) throw this.closedError();
    if (element.kind === ElementKind.Record) {
      const encoder = this.encoder;
      encoder.add(element.value, element.timestamp);
      if (encoder.count >= this.maxBatchRecords || encoder.byteLength >= this.maxBatchBytes) this.closeBatch(undefined);
      return;
    }
    if (element.kind === ElementKind.EndOfInput) this.ended = true;
    this.closeBatch(toControlWire(element));
  }

  /**
   * Sends the open batch now if credit allows; otherwise it goes out as
   * soon as credit returns. The runtime calls this before yielding to the
   * event loop, so records never wait for a batch to fill.
   */
  flush(): void {
    if (this.closed || this.encoder.count === 0) return;
    if (this.inFlight < this.maxInFlight && !this.isBackpressured) this.closeBatch(undefined);
    else this.flushRequested = true;
  }

  /** Stops the channel now (cancellation): nothing more is sent, waiters are released. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopListening();
    this.port.close();
    this.releaseWaiters();
  }

  private closeBatch(control: ControlWire | undefined): void {
    this.flushRequested = false;
    if (this.encoder.count > 0) {
      const batch = this.encoder.take();
      this.pending.push({ count: batch.count, records: batch.records, controls: control && [control], transfer: batch.transfer });
    } else if (control !== undefined) {
      // A control element alone joins the batch still waiting for credit, if any: no credit spent on it.
      const last = this.pendingHead < this.pending.length ? this.pending[this.pending.length - 1]! : undefined;
      if (last === undefined) this.pending.push({ count: 0, records: undefined, controls: [control], transfer: undefined });
      else (last.controls ??= []).push(control);
    }
    this.sendWhatCreditAllows();
  }

  private sendWhatCreditAllows(): void {
    const pending = this.pending;
    while (this.inFlight < this.maxInFlight && this.pendingHead < pending.length) {
      const batch = pending[this.pendingHead]!;
      pending[this.pendingHead++] = undefined as unknown as PendingBatch;
      this.post(batch);
    }
    if (this.pendingHead === pending.length) {
      pending.length = 0;
      this.pendingHead = 0;
    } else if (this.pendingHead > 1024 && this.pendingHead * 2 > pending.length) {
      pending.splice(0, this.pendingHead);
      this.pendingHead = 0;
    }
  }

  private post(batch: PendingBatch): void {
    const message: BatchMessage = { type: 'batch', count: batch.count, records: batch.records, controls: batch.controls };
    // Read before posting: a transferred ArrayBuffer is detached (0 bytes) afterwards.
    const bytes = batch.records instanceof ArrayBuffer ? batch.records.byteLength : 0;
    try {
      this.port.postMessage(message, batch.transfer ?? NO_TRANSFER);
    } catch (error) {
      // Structured clone refuses functions and symbols (DataCloneError): this batch cannot go, so the channel is broken.
      this.close();
      if (isDataCloneError(error)) throw new UnsupportedExchangeValueError(this.channel, this.encoding, '', undefined, 'a value structured clone cannot copy (a function, symbol or DOM object)', { cause: error });
      throw error;
    }
    this.inFlight++;
    this.batchesSent++;
    this.recordsSent += batch.count;
    this.bytesSent += bytes;
  }

  private onCredit(batches: number): void {
    if (this.closed) return;
    this.inFlight = Math.max(0, this.inFlight - batches);
    this.sendWhatCreditAllows();
    if (this.isBackpressured) return;
    if (this.flushRequested && this.encoder.count > 0 && this.inFlight < this.maxInFlight) this.closeBatch(undefined);
    this.releaseWaiters();
    // Everything up to end of input is delivered: the consumer closes its end, we close ours.
    if (this.ended && this.inFlight === 0) this.close();
  }

  private releaseWaiters(): void {
    const waiters = this.writableWaiters;
    if (waiters.length === 0) return;
    this.writableWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private closedError(): WorkerError {
    return new WorkerError(
      ErrorCodes.ILLEGAL_JOB_STATE,
      `Channel '${this.channel}' ${this.closed ? 'is closed' : 'already sent end of input'}: nothing can be pushed after that. ` +
        'Stop the producer at end of input, and do not push after close().',
    );
  }
}

function isDataCloneError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'DataCloneError';
}

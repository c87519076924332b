import { Observable } from 'rxjs';
import { requireNonEmptyString } from '../../errors/argument-checks.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import { WorkerError } from '../../errors/worker-error.js';
import { ElementKind, type StreamElement } from '../../runtime/stream-element.js';
import { fromControlWire } from './control-wire.js';
import { BatchDecoder } from './batch-decoder.js';
import type { CreditMessage } from './exchange-message.js';
import { listen, NO_TRANSFER, type ExchangePort } from './exchange-port.js';

/** Options of {@link ExchangeReceiver}. */
export interface ExchangeReceiverOptions {
  /** The consumer end of the channel (the producer's {@link ExchangeSender} holds the other). */
  readonly port: ExchangePort;
  /** Names the channel in errors, e.g. `"map[0] → window[1]"`. */
  readonly channel: string;
}

/** One credit: posted after each batch is delivered (structured clone copies it, so one object serves). */
const ONE_CREDIT: CreditMessage = { type: 'credit', batches: 1 };

/**
 * The consumer end of one exchange channel: an Observable of the stream
 * elements the {@link ExchangeSender} pushed, in order. Each batch is pushed
 * synchronously through the subscriber (records, then the control elements
 * that closed it); then one credit goes back to the sender. After end of
 * input the Observable emits `EndOfInput`, completes and closes the port.
 *
 * The port is listened to only while subscribed, so until then the sender
 * runs out of credit and reports backpressure. One subscriber at a time: a
 * channel has one consumer. Unsubscribing closes the port (cancellation).
 * Either encoding is accepted: batches say which one wrote them.
 *
 * @example
 * ```ts
 * const input = new ExchangeReceiver({ port, channel: 'map[0] → sum[1]' });
 * mergeChannels([input, other]).subscribe(operatorChain);
 * ```
 */
export class ExchangeReceiver extends Observable<StreamElement> {
  /** Batches and records delivered downstream so far. */
  readonly stats = { batches: 0, records: 0 };

  constructor(options: ExchangeReceiverOptions) {
    const channel = requireNonEmptyString(options.channel, 'ExchangeReceiver option channel');
    const port = options.port;
    let subscribed = false;
    let stats: { batches: number; records: number } | undefined;
    super((subscriber) => {
      if (subscribed) {
        subscriber.error(
          new WorkerError(
            ErrorCodes.ILLEGAL_JOB_STATE,
            `Channel '${channel}' already has a consumer: a channel delivers to one subscriber. Share it with share() if several operators read it.`,
          ),
        );
        return;
      }
      subscribed = true;
      const counts = stats!;
      let finished = false;
      // Subscribing is this channel incarnation's one start: its tables begin empty, as the sender's do.
      const decoder = new BatchDecoder(`a batch on channel '${channel}'`);
      const emit = (element: StreamElement) => subscriber.next(element);
      const stop = listen(port, (event) => {
        const message = event.data as { type?: unknown; count?: unknown; records?: unknown; controls?: unknown } | null;
        if (finished || message === null || typeof message !== 'object' || message.type !== 'batch') return;
        const count = message.count as number;
        try {
          if (count > 0) decoder.decode(message.records as ArrayBuffer | unknown[], count, emit);
        } catch (error) {
          finished = true;
          subscriber.error(error);
          return;
        }
        counts.batches++;
        counts.records += count;
        let ended = false;
        const controls = message.controls as Parameters<typeof fromControlWire>[0][] | undefined;
        if (controls !== undefined) {
          for (const wire of controls) {
            const element = fromControlWire(wire);
            subscriber.next(element);
            if (element.kind === ElementKind.EndOfInput) ended = true;
          }
        }
        port.postMessage(ONE_CREDIT, NO_TRANSFER);
        if (ended) {
          finished = true;
          subscriber.complete();
        }
      });
      return () => {
        finished = true;
        stop();
        port.close();
      };
    });
    stats = this.stats;
  }
}

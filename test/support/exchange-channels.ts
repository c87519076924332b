import { lastValueFrom, toArray } from 'rxjs';
import { afterEach } from 'vitest';
import type { StreamElement } from '../../src/runtime/stream-element.js';
import { ExchangeReceiver } from '../../src/worker/exchange/exchange-receiver.js';
import { ExchangeSender, type ExchangeSenderOptions } from '../../src/worker/exchange/exchange-sender.js';

const opened: MessageChannel[] = [];

/**
 * An exchange channel over a fresh MessageChannel in this thread: a sender
 * with `options` (its port and channel name given here) and the receiver
 * at the other end. Call {@link closeExchangesAfterEach} once in the file:
 * it closes every port opened this way after each test.
 */
export function openExchange(channel: string, options: Omit<ExchangeSenderOptions, 'port' | 'channel'> = {}) {
  const c = new MessageChannel();
  opened.push(c);
  const sender = new ExchangeSender({ port: c.port1, channel, ...options });
  const receiver = new ExchangeReceiver({ port: c.port2, channel });
  return { sender, receiver, received: (): Promise<StreamElement[]> => lastValueFrom(receiver.pipe(toArray())) };
}

/** Registers an afterEach that closes the ports {@link openExchange} opened. */
export function closeExchangesAfterEach(): void {
  afterEach(() => {
    for (const c of opened.splice(0)) {
      c.port1.close();
      c.port2.close();
    }
  });
}

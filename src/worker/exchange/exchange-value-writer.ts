import type { ValueLocation } from '../../state/codec/unsupported-value-error.js';
import { ValueWriter } from '../../state/codec/value-writer.js';
import { UnsupportedExchangeValueError } from './unsupported-exchange-value-error.js';

/** weir's value codec, failing with an exchange error (naming the channel) instead of a state error. */
export class ExchangeValueWriter extends ValueWriter {
  constructor(
    private readonly channel: string,
    initialBytes?: number,
  ) {
    super(initialBytes);
  }

  protected override unsupported(_where: ValueLocation | undefined, path: readonly string[], value: unknown, reason: string | undefined): Error {
    return new UnsupportedExchangeValueError(this.channel, 'binary', path.join(''), value, reason);
  }
}

import { CODEC_VALUE_KINDS } from '../../state/codec/unsupported-value-error.js';
import { describeValue } from '../../errors/argument-checks.js';
import { ErrorCodes } from '../../errors/error-codes.js';
import type { WeirErrorOptions } from '../../errors/weir-error.js';
import { WorkerError } from '../../errors/worker-error.js';
import type { ExchangeEncoding } from './exchange-message.js';

/**
 * A record sent on an exchange channel holds a value its encoding cannot
 * carry to another worker. `channel` names the channel, `path` where the
 * value sat inside the record (`.payload.fn`, empty for the record itself).
 */
export class UnsupportedExchangeValueError extends WorkerError {
  constructor(
    readonly channel: string,
    readonly encoding: ExchangeEncoding,
    readonly path: string,
    value: unknown,
    reason?: string,
    options?: WeirErrorOptions,
  ) {
    super(
      ErrorCodes.UNSUPPORTED_EXCHANGE_VALUE,
      `A record sent on channel '${channel}' holds ${reason ?? describeValue(value)}${path === '' ? '' : ` at ${path}`}, ` +
        `which the '${encoding}' exchange encoding cannot carry to another worker. ` +
        `Records between workers must be made of ${CODEC_VALUE_KINDS}: map class instances to plain objects before the exchange, ` +
        'and never send functions, symbols or promises.',
      options,
    );
  }
}

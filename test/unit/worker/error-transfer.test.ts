import { transferHandlers } from 'comlink';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { StateError } from '../../../src/errors/state-error.js';
import { UserFunctionError } from '../../../src/errors/user-function-error.js';
import { WeirError } from '../../../src/errors/weir-error.js';
import { deserializeThrown } from '../../../src/worker/deserialize-thrown.js';
import { installErrorTransfer } from '../../../src/worker/install-error-transfer.js';
import { serializeThrown } from '../../../src/worker/serialize-thrown.js';
import { expectSameError } from '../../support/expect-same-error.js';
import { weirErrorSamples } from '../../support/workers/error-api.js';

/** What the other side of a postMessage sees. */
const roundTrip = (thrown: unknown) => deserializeThrown(structuredClone(serializeThrown(thrown)));

describe('error serialization across a structured clone', () => {
  for (const [kind, make] of Object.entries(weirErrorSamples())) {
    it(`rebuilds a ${kind} with its class, code, message, stack and cause`, () => {
      const original = make();
      const copy = roundTrip(original) as Error;
      expectSameError(copy, original);
      expect(copy).toBeInstanceOf(WeirError);
      expect((copy as WeirError).code).toBe((original as WeirError).code);
      expect(copy.stack).toBe(original.stack);
    });
  }

  it('keeps the operator uid of a UserFunctionError', () => {
    const copy = roundTrip(new UserFunctionError('window-sum', new Error('boom')));
    expect(copy).toBeInstanceOf(UserFunctionError);
    expect((copy as UserFunctionError).operator).toBe('window-sum');
  });

  it('rebuilds plain and built-in errors, and non-error causes, as they were', () => {
    const original = new TypeError('outer', { cause: new Error('middle', { cause: { detail: [1, 2] } }) });
    expectSameError(roundTrip(original), original);
  });

  it('sends an error of an unknown subclass as its nearest known class, keeping its name and fields', () => {
    class PartitionLostError extends StateError {
      readonly partition = 7;
    }
    const copy = roundTrip(new PartitionLostError(ErrorCodes.STATE_RESTORE_FAILED, 'partition 7 lost')) as StateError;
    expect(copy).toBeInstanceOf(StateError);
    expect(copy.name).toBe('PartitionLostError');
    expect(copy.code).toBe(ErrorCodes.STATE_RESTORE_FAILED);
    expect((copy as unknown as { partition: number }).partition).toBe(7);
  });

  it('passes thrown non-error values as data', () => {
    for (const value of ['a string', 42, null, undefined, { reason: 'x', list: [1] }, 10n]) {
      expect(roundTrip(value)).toEqual(value);
    }
  });

  it('describes a thrown value that cannot be cloned instead of losing the reply', () => {
    expect(roundTrip(function named() {})).toBe('[function named]');
    expect(roundTrip({ f: () => 1 })).toBe('[uncloneable Object]');
  });

  it('cuts a cyclic cause chain where it repeats', () => {
    const error = new Error('loops');
    error.cause = error;
    const copy = roundTrip(error) as Error;
    expect(copy.message).toBe('loops');
    expect(Object.hasOwn(copy, 'cause')).toBe(false);
  });

  it('keeps the errors of an AggregateError', () => {
    const copy = roundTrip(new AggregateError([new RangeError('a'), 'b'], 'two failed')) as AggregateError;
    expect(copy).toBeInstanceOf(AggregateError);
    expect(copy.errors[0]).toBeInstanceOf(RangeError);
    expect(copy.errors[1]).toBe('b');
  });
});

describe('installErrorTransfer', () => {
  it('replaces comlink’s throw handler once, however often it is called', () => {
    installErrorTransfer();
    const installed = transferHandlers.get('throw');
    installErrorTransfer();
    expect(transferHandlers.get('throw')).toBe(installed);
  });
});

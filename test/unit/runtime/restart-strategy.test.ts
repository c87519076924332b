import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { createRestartStrategy, type RestartStrategyOptions } from '../../../src/runtime/restart-strategy.js';

describe('restart strategies', () => {
  it('never restarts with none, the default without checkpointing', () => {
    expect(createRestartStrategy({ type: 'none' }, true).onFailure(0)).toBeUndefined();
    expect(createRestartStrategy(undefined, false).onFailure(0)).toBeUndefined();
  });

  it('restarts with a fixed delay a fixed number of times', () => {
    const strategy = createRestartStrategy({ type: 'fixed-delay', attempts: 2, delay: 250 }, true);
    expect([strategy.onFailure(0), strategy.onFailure(10), strategy.onFailure(20)]).toEqual([250, 250, undefined]);
  });

  it('backs off exponentially up to the maximum, the default with checkpointing', () => {
    const strategy = createRestartStrategy({ type: 'exponential-delay', initialBackoff: 100, maxBackoff: 300, backoffMultiplier: 2 }, true);
    expect([0, 1, 2, 3].map((t) => strategy.onFailure(t))).toEqual([100, 200, 300, 300]);
    const byDefault = createRestartStrategy(undefined, true);
    expect(byDefault.onFailure(0)).toBe(1000);
    expect(byDefault.onFailure(1)).toBe(1500);
  });

  it('resets the exponential backoff after running long enough without failure', () => {
    const strategy = createRestartStrategy(
      { type: 'exponential-delay', initialBackoff: 100, backoffMultiplier: 2, resetBackoffThreshold: 1000 },
      true,
    );
    expect([strategy.onFailure(0), strategy.onFailure(10), strategy.onFailure(2000)]).toEqual([100, 200, 100]);
  });

  it('gives up on exponential delay after its attempts', () => {
    const strategy = createRestartStrategy({ type: 'exponential-delay', attempts: 1, initialBackoff: 5 }, true);
    expect([strategy.onFailure(0), strategy.onFailure(1)]).toEqual([5, undefined]);
  });

  it('allows a failure rate and gives up above it', () => {
    const strategy = createRestartStrategy({ type: 'failure-rate', maxFailuresPerInterval: 2, failureRateInterval: 1000, delay: 7 }, true);
    expect([strategy.onFailure(0), strategy.onFailure(100), strategy.onFailure(200)]).toEqual([7, 7, undefined]);
    const spaced = createRestartStrategy({ type: 'failure-rate', maxFailuresPerInterval: 1, failureRateInterval: 1000, delay: 7 }, true);
    expect([spaced.onFailure(0), spaced.onFailure(1500), spaced.onFailure(3000)]).toEqual([7, 7, 7]);
  });

  it.each([
    [{ type: 'sometimes' }, ErrorCodes.INVALID_ARGUMENT],
    [{ type: 'fixed-delay', attempts: -1, delay: 0 }, ErrorCodes.INVALID_ARGUMENT],
    [{ type: 'fixed-delay', attempts: 1, delay: -5 }, ErrorCodes.INVALID_DURATION],
    [{ type: 'exponential-delay', backoffMultiplier: 0.5 }, ErrorCodes.INVALID_ARGUMENT],
    [{ type: 'failure-rate', maxFailuresPerInterval: 0, failureRateInterval: 10, delay: 0 }, ErrorCodes.INVALID_ARGUMENT],
    ['fixed', ErrorCodes.INVALID_ARGUMENT],
  ])('rejects %j with %s', (options, code) => {
    expect(() => createRestartStrategy(options as unknown as RestartStrategyOptions, true)).toThrow(expect.objectContaining({ code }));
  });
});

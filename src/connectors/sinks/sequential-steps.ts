/** A step that may finish synchronously or return a promise. */
export type Step = () => void | Promise<void>;

/**
 * Runs steps one after another, synchronously while every step is
 * synchronous and through a promise chain as soon as one returns a promise,
 * so a sink whose commits are synchronous never makes its caller await.
 *
 * The first failure sticks: every later `run` fails with the same error
 * (a sink that failed to commit must fail the job, not carry on). Returned
 * promises are marked handled, so a caller that cannot await (the hook
 * contract allows `void`) does not cause an unhandled rejection; the failure
 * surfaces again at the next `run` or {@link SequentialSteps.throwIfFailed}.
 */
export class SequentialSteps {
  private tail: Promise<void> | undefined;
  private failure: { readonly error: unknown } | undefined;

  /** Runs `step` after every step run before it; throws or rejects with its failure. */
  run(step: Step): void | Promise<void> {
    this.throwIfFailed();
    if (this.tail !== undefined) return this.track(this.tail.then(step));
    let result: void | Promise<void>;
    try {
      result = step();
    } catch (error) {
      this.failure = { error };
      throw error;
    }
    return result instanceof Promise ? this.track(result) : undefined;
  }

  /** A promise for the end of the steps in flight; undefined when none are. */
  idle(): Promise<void> | undefined {
    return this.tail;
  }

  /** Throws the first failure, if a step failed. */
  throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }

  private track(promise: Promise<void>): Promise<void> {
    const tracked: Promise<void> = promise.then(
      () => this.settle(tracked),
      (error: unknown) => {
        this.failure ??= { error };
        this.settle(tracked);
        throw error;
      },
    );
    this.tail = tracked;
    tracked.catch(() => {});
    return tracked;
  }

  private settle(promise: Promise<void>): void {
    if (this.tail === promise) this.tail = undefined;
  }
}

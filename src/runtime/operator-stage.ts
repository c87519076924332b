import { Observable, Subscriber, type OperatorFunction } from 'rxjs';
import type { KeyedStateBackend } from '../state/keyed-state-backend.js';
import type { Clock } from '../time/clock.js';
import type { OperatorMetrics } from './operator-metrics.js';
import type { OperatorCheckpoint, OperatorSnapshot } from './operator-snapshot.js';
import { ProcessingTimeService } from './processing-time-service.js';
import type { StreamOperator } from './stream-operator.js';
import { ElementKind, EndOfInput, type CheckpointBarrier, type StreamElement } from './stream-element.js';
import { SubscriberOutput, type StageElement } from './subscriber-output.js';
import { toJobError } from './to-job-error.js';
import { ChainedOutput } from './chained-output.js';
import type { TaskCheckpointHooks } from './task-checkpoint-hooks.js';

/** Everything an operator subtask is deployed with. */
export interface OperatorStageOptions {
  readonly jobId: string;
  readonly uid: string;
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly clock: Clock;
  readonly keyedBackend: KeyedStateBackend | undefined;
  readonly consumedTags: ReadonlySet<string>;
  readonly metrics: OperatorMetrics;
  readonly ownsInputRecords?: boolean;
  readonly restore: OperatorSnapshot | undefined;
  /** Receives the operator when it is deployed (for checkpoints and metrics). */
  readonly onDeployed?: (operator: StreamOperator<unknown, unknown>) => void;
}

/** One operator of a chain, with what it is deployed with. */
export interface ChainMember {
  readonly operator: StreamOperator<unknown, unknown>;
  readonly options: OperatorStageOptions;
}

/**
 * Wraps a chain of operator subtasks (one or more, each feeding the next by a
 * direct call, as Flink chains operators) as one RxJS operator over stream
 * elements. Subscribing deploys them (setup → initializeState → open, last
 * first); unsubscribing or completing closes them. At end of input each
 * operator finishes in chain order, so what one flushes reaches the next. A
 * throw becomes an error notification downstream naming the operator,
 * never an unhandled exception.
 */
export function operatorChainStage(
  chain: readonly ChainMember[],
  checkpoints?: TaskCheckpointHooks,
): OperatorFunction<StreamElement, StageElement> {
  const head = chain[0]!;
  return (source) =>
    new Observable<StageElement>((subscriber) => {
      const services: ProcessingTimeService[] = [];
      let failed = false;
      const failAs = (uid: string) => (error: unknown) => {
        failed = true;
        subscriber.error(toJobError(error, uid));
      };
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        for (const service of services) service.shutdown();
        for (const { operator, options } of chain) {
          try {
            operator.close();
          } catch (error) {
            if (!failed) failAs(options.uid)(error);
          }
        }
      };
      try {
        for (let i = chain.length - 1; i >= 0; i--) {
          const { operator, options } = chain[i]!;
          const processingTime = new ProcessingTimeService(options.clock, failAs(options.uid));
          services.push(processingTime);
          const next = chain[i + 1];
          operator.setup({
            jobId: options.jobId,
            uid: options.uid,
            subtaskIndex: options.subtaskIndex,
            parallelism: options.parallelism,
            maxParallelism: options.maxParallelism,
            output:
              next === undefined
                ? new SubscriberOutput<unknown>(subscriber, options.consumedTags)
                : new ChainedOutput(next.operator, next.options.uid),
            clock: options.clock,
            processingTime,
            keyedBackend: options.keyedBackend,
            metrics: options.metrics,
            ownsInputRecords: options.ownsInputRecords === true,
            failTask: failAs(options.uid),
          });
        }
        for (let i = chain.length - 1; i >= 0; i--) {
          const { operator, options } = chain[i]!;
          try {
            operator.initializeState(options.restore);
            operator.open();
          } catch (error) {
            throw toJobError(error, options.uid);
          }
          options.onDeployed?.(operator);
        }
      } catch (error) {
        failAs(head.options.uid)(error);
        close();
        return;
      }
      /** Finishes every operator in chain order; a promise when one finishes asynchronously (a sink's last commit). */
      const finish = (): void | Promise<void> => {
        const run = (from: number): void | Promise<void> => {
          for (let i = from; i < chain.length; i++) {
            const { operator, options } = chain[i]!;
            let result: void | Promise<void>;
            try {
              result = operator.finish();
            } catch (error) {
              throw toJobError(error, options.uid);
            }
            if (result instanceof Promise) {
              return result.then(
                () => run(i + 1),
                (error: unknown) => {
                  throw toJobError(error, options.uid);
                },
              );
            }
          }
          for (const service of services) service.shutdown();
        };
        return run(0);
      };
      const onBarrier = (barrier: CheckpointBarrier) => {
        if (checkpoints === undefined) {
          subscriber.next(barrier);
          return;
        }
        const started = performance.now();
        const taken: OperatorCheckpoint[] = [];
        for (const { operator, options } of chain) {
          try {
            taken.push(operator.checkpointState(barrier.checkpointId, barrier.savepoint ? FULL_VIEW : checkpoints.viewOptions));
          } catch (error) {
            for (const snapshot of taken) snapshot.keyed?.release();
            // A snapshot that cannot be taken declines this checkpoint; the barrier still flows so
            // downstream tasks do not wait for it.
            checkpoints.failed(barrier, options.uid, toJobError(error, options.uid));
            subscriber.next(barrier);
            return;
          }
        }
        const syncMs = performance.now() - started;
        subscriber.next(barrier);
        checkpoints.taken(barrier, taken, { syncMs, alignmentMs: barrier.alignmentMs });
      };
      const subscription = source.subscribe(
        new StageSubscriber(head.operator, subscriber, finish, failAs(head.options.uid), onBarrier),
      );
      return () => {
        subscription.unsubscribe();
        close();
      };
    });
}

/**
 * Savepoints are always full: they must stand alone. A non-incremental view
 * also makes the backend's next view full, so no checkpoint is a delta on a
 * savepoint (whose chunks live inside the savepoint file).
 */
const FULL_VIEW = { incremental: false, compactEvery: 1 } as const;

/**
 * Feeds elements to the operator. A Subscriber subclass rather than a plain
 * observer: RxJS uses a Subscriber as given, skipping the SafeSubscriber
 * wrapper and its try/catch per element (measured: about 40 ns per record
 * per stage).
 */
class StageSubscriber<IN, OUT> extends Subscriber<StreamElement> {
  /** An asynchronous finish is running: it, not the upstream's completion, completes downstream. */
  private finishing = false;

  constructor(
    private readonly operator: StreamOperator<IN, OUT>,
    private readonly downstream: Subscriber<StageElement>,
    /** Finishes every operator of the chain, in order. */
    private readonly finish: () => void | Promise<void>,
    private readonly fail: (error: unknown) => void,
    private readonly onBarrier: (barrier: CheckpointBarrier) => void,
  ) {
    super();
  }

  protected override _next(element: StreamElement): void {
    const operator = this.operator;
    try {
      switch (element.kind) {
        case ElementKind.Record:
          operator.processElement(element as never);
          return;
        case ElementKind.Watermark:
          operator.processWatermark(element);
          return;
        case ElementKind.WatermarkStatus:
          operator.processWatermarkStatus(element);
          return;
        case ElementKind.Barrier:
          this.onBarrier(element);
          return;
        case ElementKind.EndOfInput:
          const finished = this.finish();
          if (finished instanceof Promise) {
            this.finishing = true;
            finished.then(() => {
              this.downstream.next(EndOfInput.INSTANCE);
              this.downstream.complete();
            }, this.fail);
            return;
          }
          this.downstream.next(EndOfInput.INSTANCE);
          this.downstream.complete();
          return;
      }
    } catch (error) {
      this.fail(error);
    }
  }

  protected override _error(error: unknown): void {
    this.downstream.error(error);
    this.unsubscribe();
  }

  protected override _complete(): void {
    // The upstream completes right after end of input; completing downstream then would end the job
    // while a sink's last commits still run, and drop their failure.
    if (!this.finishing) this.downstream.complete();
    this.unsubscribe();
  }
}

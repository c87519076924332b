import type { Observable } from 'rxjs';
import { CallbackSink } from '../connectors/sinks/callback-sink.js';
import { CollectSink } from '../connectors/sinks/collect-sink.js';
import { ConsoleSink, type LineWriter } from '../connectors/sinks/console-sink.js';
import { ObservableSink } from '../connectors/sinks/observable-sink.js';
import type { Sink, SinkContext } from '../connectors/sink.js';
import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { describeValue, requireFunction, requireNonEmptyString } from '../errors/argument-checks.js';
import type { InputEdge, JobNode } from '../runtime/job-graph.js';
import type { OperatorFactory } from '../runtime/stream-operator.js';
import { FilterOperator } from '../runtime/operators/filter-operator.js';
import { FlatMapOperator } from '../runtime/operators/flat-map-operator.js';
import { MapOperator } from '../runtime/operators/map-operator.js';
import { TimestampsAndWatermarksOperator } from '../runtime/operators/timestamps-and-watermarks-operator.js';
import type { Key } from '../state/key-encoding.js';
import type { Millis } from '../time/time-types.js';
import { WatermarkStrategy } from '../time/watermark-strategy.js';
import type { FilterFunction, FlatMapFunction, KeySelector, MapFunction } from './functions.js';
import { JoinedStreams } from './joined-streams.js';
import { KeyedStream } from './keyed-stream.js';
import type { OutputTag } from './output-tag.js';
import type { StreamEnvironment } from './stream-environment.js';
import { requireParallelism } from './require-parallelism.js';

/** One output a stream reads: a node's main output or one of its side outputs. */
export interface StreamRef {
  readonly nodeId: number;
  readonly tagId: string | undefined;
}

/**
 * A stream of records of type `T`. Transformations return new streams;
 * nothing runs until `env.execute()`.
 *
 * @example
 * ```ts
 * env.fromArray([1, 2, 3]).map((x) => x * 2).filter((x) => x > 2).print();
 * ```
 */
export class DataStream<T> {
  /** @internal */
  constructor(
    readonly env: StreamEnvironment,
    /** @internal */ readonly refs: readonly StreamRef[],
    /** @internal The operator that produces this stream (absent for a union). */ readonly node: JobNode | undefined,
  ) {}

  /** Transforms every record. */
  map<R>(fn: MapFunction<T, R>): DataStream<R> {
    requireFunction(fn, 'The map function');
    return this.addOperator<R>('Map', () => new MapOperator(fn) as never);
  }

  /** Keeps records for which `predicate` returns true. */
  filter(predicate: FilterFunction<T>): DataStream<T> {
    requireFunction(predicate, 'The filter predicate');
    return this.addOperator<T>('Filter', () => new FilterOperator(predicate) as never);
  }

  /** Turns each record into zero or more (`fn` returns an iterable). */
  flatMap<R>(fn: FlatMapFunction<T, R>): DataStream<R> {
    requireFunction(fn, 'The flatMap function');
    return this.addOperator<R>('FlatMap', () => new FlatMapOperator(fn) as never);
  }

  /** Merges streams of the same type; downstream watermarks are the minimum over them. */
  union(...others: DataStream<T>[]): DataStream<T> {
    for (const other of others) {
      if (!(other instanceof DataStream) || other.env !== this.env) {
        throw new ConfigError(
          ErrorCodes.INVALID_ARGUMENT,
          `union() takes DataStreams of the same environment, got ${describeValue(other)}.`,
        );
      }
    }
    this.checkNotExecuted();
    return new DataStream<T>(this.env, [...this.refs, ...others.flatMap((o) => o.refs)], undefined);
  }

  /** Partitions by key: records with equal keys go to the same subtask and share keyed state. */
  keyBy<K extends Key>(keySelector: KeySelector<T, K>): KeyedStream<T, K> {
    requireFunction(keySelector, 'The key selector');
    this.checkNotExecuted();
    const env = this.env;
    return new KeyedStream<T, K>(
      env,
      this.refs,
      keySelector,
      (node) => new DataStream(env, [{ nodeId: node.id, tagId: undefined }], node),
      this,
    );
  }

  /**
   * Joins this stream with `other` per key and window (Flink's window join):
   * `where` and `equalTo` give each side's key, `window` the assigner; each
   * window emits the join function's result for every pair of a left and a
   * right element with equal keys in it, stamped `window.maxTimestamp()`.
   *
   * @example
   * ```ts
   * clicks.join(views)
   *   .where((c) => c.user)
   *   .equalTo((v) => v.user)
   *   .window(TumblingEventTimeWindows.of(60_000))
   *   .apply((click, view) => ({ user: click.user, page: view.page }));
   * ```
   * @throws ConfigError INVALID_ARGUMENT when `other` is not a DataStream of the same environment.
   */
  join<R>(other: DataStream<R>): JoinedStreams<T, R> {
    if (!(other instanceof DataStream) || other.env !== this.env) {
      throw new ConfigError(
        ErrorCodes.INVALID_ARGUMENT,
        `join() takes a DataStream of the same environment, got ${describeValue(other)}.`,
      );
    }
    this.checkNotExecuted();
    return new JoinedStreams<T, R>(this, other);
  }

  /** Extracts timestamps and generates watermarks with `strategy`. */
  assignTimestampsAndWatermarks(strategy: WatermarkStrategy<T>): DataStream<T> {
    if (!(strategy instanceof WatermarkStrategy)) {
      throw new ConfigError(
        ErrorCodes.INVALID_ARGUMENT,
        `assignTimestampsAndWatermarks needs a WatermarkStrategy, got ${describeValue(strategy)}. Use e.g. WatermarkStrategy.forMonotonousTimestamps().`,
      );
    }
    const interval = this.env.autoWatermarkInterval;
    return this.addOperator<T>('Timestamps/Watermarks', () => new TimestampsAndWatermarksOperator(strategy, interval) as never);
  }

  /** The records this stream's operator sent to side output `tag`. */
  getSideOutput<X>(tag: OutputTag<X>): DataStream<X> {
    const node = this.requireNode('getSideOutput');
    return new DataStream<X>(this.env, [{ nodeId: node.id, tagId: tag.id }], undefined);
  }

  /** Sets a stable id for this operator: how its state is found again after a restore. */
  uid(uid: string): this {
    this.requireNode('uid').uid = requireNonEmptyString(uid, 'uid');
    return this;
  }

  /** Sets this operator's number of subtasks (1..maxParallelism). */
  setParallelism(parallelism: number): this {
    const node = this.requireNode('setParallelism');
    if (node.kind === 'source' && node.source!.splittable !== true) {
      throw new ConfigError(
        ErrorCodes.INVALID_PARALLELISM,
        `${node.name} is not a parallel source; its parallelism is 1. Generator and array sources can run in parallel.`,
      );
    }
    node.parallelism = requireParallelism(parallelism, this.env.maxParallelism);
    return this;
  }

  /** Collects every record in memory; read `.values` after the job finished. */
  collect(): CollectSink<T> {
    const sink = new CollectSink<T>();
    this.sinkTo(sink);
    return sink;
  }

  /** An Observable of the records (hot: subscribe before execute()). Completes when the job ends. */
  toObservable(): Observable<T> {
    const sink = new ObservableSink<T>();
    this.sinkTo(sink);
    return sink.observable;
  }

  /** Calls `callback` for every record. */
  forEach(callback: (value: T, timestamp: Millis | undefined, context: SinkContext) => void): DataStreamSink {
    return this.sinkTo(new CallbackSink(callback));
  }

  /** Prints every record (`prefix> value`). */
  print(prefix = '', writeLine?: LineWriter): DataStreamSink {
    return this.sinkTo(new ConsoleSink<T>(prefix, writeLine));
  }

  /** Writes the stream to any {@link Sink}. */
  sinkTo(sink: Sink<T>): DataStreamSink {
    if (sink === null || typeof sink !== 'object' || typeof sink.createWriter !== 'function') {
      throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `sinkTo needs a Sink with createWriter(), got ${describeValue(sink)}.`);
    }
    this.checkNotExecuted();
    const node = this.env.graph.add({ name: sink.name, kind: 'sink', inputs: this.edges(), keyed: false, sink: sink as Sink<unknown> });
    return new DataStreamSink(node, this.env.maxParallelism);
  }

  /** @internal Adds an operator reading this stream. */
  protected addOperator<R>(name: string, createOperator: OperatorFactory<T, R>): DataStream<R> {
    this.checkNotExecuted();
    const node = this.env.graph.add({
      name,
      kind: 'operator',
      inputs: this.edges(),
      keyed: false,
      createOperator: createOperator as OperatorFactory<unknown, unknown>,
    });
    return new DataStream<R>(this.env, [{ nodeId: node.id, tagId: undefined }], node);
  }

  /** @internal The input edges an operator reading this stream gets. */
  protected edges(): InputEdge[] {
    return this.refs.map((ref) => ({ nodeId: ref.nodeId, tagId: ref.tagId, keySelector: undefined }));
  }

  protected checkNotExecuted(): void {
    this.env.requireBuildable();
  }

  private requireNode(method: string): JobNode {
    if (this.node === undefined || this.refs[0]?.tagId !== undefined) {
      throw new ConfigError(
        ErrorCodes.INVALID_ARGUMENT,
        `${method}() applies to the stream an operator or source returned, not to a union or side output.`,
      );
    }
    return this.node;
  }
}

/** The end of a stream: a sink, whose uid and parallelism can be set. */
export class DataStreamSink {
  /** @internal */
  constructor(
    private readonly node: JobNode,
    private readonly maxParallelism: number,
  ) {}

  uid(uid: string): this {
    this.node.uid = requireNonEmptyString(uid, 'uid');
    return this;
  }

  setParallelism(parallelism: number): this {
    this.node.parallelism = requireParallelism(parallelism, this.maxParallelism);
    return this;
  }
}

/**
 * weir — Flink-style stateful stream processing for browsers and Node.
 * This entry is browser-safe: nothing reachable from it imports `node:*`.
 * Node-only parts live in `weir/node`, test helpers in `weir/testing`.
 * @packageDocumentation
 */
export { StreamEnvironment } from './api/stream-environment.js';
export type { StreamEnvironmentOptions } from './api/stream-environment-options.js';
export { DataStream, DataStreamSink } from './api/data-stream.js';
export { KeyedStream } from './api/keyed-stream.js';
export { JoinedStreams, JoinWhere, JoinEqualTo } from './api/joined-streams.js';
export { WindowedJoin } from './api/windowed-join.js';
export { IntervalJoin, IntervalJoined } from './api/interval-join.js';
export type { JoinFunction, FlatJoinFunction } from './api/join-functions.js';
export type { ProcessJoinFunction, ProcessJoinContext, ProcessJoinCallback } from './api/process-join-function.js';
export type { TaggedUnion } from './api/tagged-union.js';
export { OutputTag } from './api/output-tag.js';
export type { Collector } from './api/collector.js';
export type { MapFunction, FilterFunction, FlatMapFunction, KeySelector } from './api/functions.js';
export type { KeyedProcessFunction, KeyedProcessContext, OnTimerContext } from './api/keyed-process-function.js';
export type { RuntimeContext } from './api/runtime-context.js';
export type { TimerService } from './api/timer-service.js';

export type { JobClient, JobExecutionResult, CompletedSavepoint } from './runtime/job-client.js';
export type { RestartStrategyOptions } from './runtime/restart-strategy.js';
export type { CheckpointingOptions, CheckpointingMode, CheckpointRetention } from './checkpoint/checkpointing-options.js';
export type { RestoreSettings } from './checkpoint/restore/restore-settings.js';
export type {
  CheckpointEvent,
  CheckpointTriggeredEvent,
  CheckpointAcknowledgedEvent,
  CheckpointCompletedEvent,
  CheckpointFailedEvent,
  CheckpointRestoredEvent,
  CheckpointWarningEvent,
} from './checkpoint/checkpoint-events.js';
export type { CheckpointStats, CheckpointSummary } from './checkpoint/checkpoint-stats.js';
export type { JobStatus } from './runtime/job-status.js';

export type { Clock, Cancel } from './time/clock.js';
export { SystemClock } from './time/system-clock.js';
export { ManualClock } from './time/manual-clock.js';
export { WatermarkStrategy, type WatermarkGeneratorContext } from './time/watermark-strategy.js';
export type { WatermarkGenerator, WatermarkOutput, TimestampAssigner } from './time/watermark-generator.js';
export { BoundedOutOfOrdernessWatermarks } from './time/bounded-out-of-orderness-watermarks.js';
export { MIN_TIMESTAMP, MAX_TIMESTAMP, InvalidTimestampError, type Millis } from './time/time-types.js';

export type { Source, SourceReader, SourceEmit, PollStatus } from './connectors/source.js';
export type { Sink, SinkWriter, SinkContext } from './connectors/sink.js';
export { ArraySource } from './connectors/sources/array-source.js';
export { IterableSource } from './connectors/sources/iterable-source.js';
export { GeneratorSource, type GeneratorSourceOptions } from './connectors/sources/generator-source.js';
export { ObservableSource } from './connectors/sources/observable-source.js';
export { CollectSink, type CollectedRecord } from './connectors/sinks/collect-sink.js';
export { CallbackSink } from './connectors/sinks/callback-sink.js';
export { ConsoleSink, type LineWriter } from './connectors/sinks/console-sink.js';
export { ObservableSink } from './connectors/sinks/observable-sink.js';
export { TwoPhaseCommitSinkWriter } from './connectors/sinks/two-phase-commit-sink-writer.js';
export type { TwoPhaseCommitState, PendingTransaction } from './connectors/sinks/two-phase-commit-state.js';
export { InMemoryTransactionalSink } from './connectors/sinks/in-memory-transactional-sink.js';
export type { TransactionView, TransactionStatus } from './connectors/sinks/in-memory-transaction-store.js';
export { IdempotentUpsertSink } from './connectors/sinks/idempotent-upsert-sink.js';
export { MapUpsertStore, type UpsertStore } from './connectors/sinks/upsert-store.js';

export {
  ValueStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  AggregatingStateDescriptor,
  StateDescriptor,
  type StateKind,
  type ValueStateOptions,
  type ReducingStateOptions,
  type AggregatingStateOptions,
} from './state/state-descriptor.js';
export type { ValueState, ListState, MapState, ReducingState, AggregatingState } from './state/keyed-state.js';
export type { AggregateFunction } from './state/aggregate-function.js';
export type { Key } from './state/key-encoding.js';
export { InvalidKeyError } from './state/key-encoding.js';
export { KeyGroupAssigner, DEFAULT_MAX_PARALLELISM, type KeyGroup } from './state/key-group.js';
export { KeyGroupRange } from './state/key-group-range.js';
export type { StateBackend, StateBackendName } from './state/state-backend.js';
export type { StateBackendConfiguration } from './state/state-backend-loader.js';
export { IndexedDBStateBackend, type IndexedDBStateBackendOptions } from './state/indexeddb/indexeddb-state-backend.js';
export type { KeyedStateBackend } from './state/keyed-state-backend.js';
export type { KeyedStateSnapshot } from './state/keyed-state-snapshot.js';
export type { EncodedKeyedState, RestorableKeyedState } from './state/encoded-keyed-state.js';
export type { EncodedKeyedView } from './state/snapshot/encoded-keyed-view.js';
export { MemoryStateBackend, type MemoryStateBackendOptions } from './state/memory/memory-state-backend.js';
export type { CheckpointStorage, CheckpointPointer, ChunkRef } from './checkpoint/checkpoint-storage.js';

export { WeirError } from './errors/weir-error.js';
export { ErrorCodes, type ErrorCode } from './errors/error-codes.js';
export { ConfigError } from './errors/config-error.js';
export { StateError } from './errors/state-error.js';
export { CheckpointError } from './errors/checkpoint-error.js';
export { WorkerError } from './errors/worker-error.js';
export { UserFunctionError } from './errors/user-function-error.js';

export { WindowedStream } from './api/windowed-stream.js';
export type { Window } from './windowing/windows/window.js';
export { TimeWindow } from './windowing/windows/time-window.js';
export { GlobalWindow } from './windowing/windows/global-window.js';
export type { WindowAssigner, MergingWindowAssigner, WindowAssignerContext } from './windowing/assigners/window-assigner.js';
export { TumblingEventTimeWindows } from './windowing/assigners/tumbling-event-time-windows.js';
export { TumblingProcessingTimeWindows } from './windowing/assigners/tumbling-processing-time-windows.js';
export { SlidingEventTimeWindows } from './windowing/assigners/sliding-event-time-windows.js';
export { SlidingProcessingTimeWindows } from './windowing/assigners/sliding-processing-time-windows.js';
export { EventTimeSessionWindows } from './windowing/assigners/event-time-session-windows.js';
export { ProcessingTimeSessionWindows } from './windowing/assigners/processing-time-session-windows.js';
export { GlobalWindows } from './windowing/assigners/global-windows.js';
export { WindowStagger, type RandomSource } from './windowing/assigners/window-stagger.js';
export type { SessionGapExtractor } from './windowing/assigners/session-gap.js';
export type { Trigger, TriggerContext, OnMergeContext } from './windowing/triggers/trigger.js';
export type { TriggerResult } from './windowing/triggers/trigger-result.js';
export { EventTimeTrigger } from './windowing/triggers/event-time-trigger.js';
export { ProcessingTimeTrigger } from './windowing/triggers/processing-time-trigger.js';
export { CountTrigger } from './windowing/triggers/count-trigger.js';
export { PurgingTrigger } from './windowing/triggers/purging-trigger.js';
export { ContinuousEventTimeTrigger } from './windowing/triggers/continuous-event-time-trigger.js';
export { ContinuousProcessingTimeTrigger } from './windowing/triggers/continuous-processing-time-trigger.js';
export { NeverTrigger } from './windowing/triggers/never-trigger.js';
export { EndOfStreamTrigger } from './windowing/triggers/end-of-stream-trigger.js';
export type { Evictor, EvictorContext, TimestampedValue } from './windowing/evictors/evictor.js';
export { CountEvictor } from './windowing/evictors/count-evictor.js';
export { TimeEvictor } from './windowing/evictors/time-evictor.js';
export { DeltaEvictor, type DeltaFunction } from './windowing/evictors/delta-evictor.js';
export type { ProcessWindowFunction, ProcessWindowContext } from './windowing/functions/process-window-function.js';
export { LATE_RECORDS_DROPPED } from './windowing/operator/window-operator.js';
export { UnsupportedMergeError } from './windowing/operator/unsupported-merge-error.js';

// Running pipelines in workers (browser-safe; Node twins in weir/node).
export { definePipeline, type PipelineDefinition, type PipelineContext } from './worker/pipeline-definition.js';
export { serveWorker, createWorkerJobApi, type WorkerJobApi, type WorkerJobOptions, type WorkerJobListener } from './worker/serve-worker.js';
export { runInWorker, type RunInWorkerOptions, type WorkerJobClient } from './worker/run-in-worker.js';
export { runInWorkers, type RunInWorkersOptions, type DistributedJobClient } from './worker/run-in-workers.js';
export { spawnBrowserWorker } from './worker/spawn-browser-worker.js';
export { exposeBrowserWorker } from './worker/expose-browser-worker.js';
export type { WorkerHandle, SpawnWorkerOptions } from './worker/worker-handle.js';
export { installErrorTransfer } from './worker/install-error-transfer.js';
export { ExchangeSender } from './worker/exchange/exchange-sender.js';
export { ExchangeReceiver } from './worker/exchange/exchange-receiver.js';
export type { ExchangePort } from './worker/exchange/exchange-port.js';

import { proxy, transfer } from 'comlink';
import type { OutputHub } from './output-batches.js';
import type { WorkerError } from '../errors/worker-error.js';
import type { JobExecution, JobExecutionParameters } from '../runtime/job-execution.js';
import type { ExecutionOutcome } from '../runtime/local-executor.js';
import { ownerOf } from '../runtime/distribution.js';
import type { OperatorCheckpoint, OperatorSnapshot } from '../runtime/operator-snapshot.js';
import { CheckpointBarrier } from '../runtime/stream-element.js';
import type { KeyedCheckpointView } from '../state/keyed-checkpoint-view.js';
import { deserializeThrown } from './deserialize-thrown.js';
import { StandbyWorkers } from './standby-workers.js';
import { EXCHANGE_METRICS, type JobPartListener, type JobPartPlan, type PartChannel, type TakenSnapshot } from './job-part.js';
import type { WorkerJobApi, WorkerJobListener, WorkerJobOptions } from './serve-worker.js';
import type { SpawnWorkerOptions, WorkerHandle } from './worker-handle.js';

/** What a {@link RemoteExecution} runs. */
export interface RemoteExecutionParameters extends JobExecutionParameters {
  readonly jobId: string;
  readonly spawn: (options: SpawnWorkerOptions) => Promise<WorkerHandle<WorkerJobApi>>;
  readonly workers: number;
  readonly pipeline: string;
  readonly params: unknown;
  readonly options: WorkerJobOptions;
  readonly plan: JobPartPlan;
  /** Where the parts' outputs go. */
  readonly outputs: OutputHub;
  /**
   * Workers already started for this attempt (`workers` of them, in index
   * order), handed over with the function that reports their crashes to it;
   * undefined when there are none (the attempt spawns its own).
   */
  readonly claimWorkers?: (onCrash: (error: WorkerError) => void) => readonly WorkerHandle<WorkerJobApi>[] | undefined;
}

/**
 * One attempt of a job spread over workers, driven from the main thread:
 * spawns the workers, connects the channels between them (a MessageChannel
 * per channel that crosses workers), starts each part, forwards barriers
 * and checkpoint notifications, and hands the parts' encoded snapshots to
 * the coordinator. A worker that crashes or fails fails the attempt (the
 * job client's restart strategy then decides).
 */
export class RemoteExecution implements JobExecution {
  readonly outcome: Promise<ExecutionOutcome>;
  private settle!: (outcome: ExecutionOutcome) => void;
  private handles: WorkerHandle<WorkerJobApi>[] = [];
  private running = false;
  private stopped = false;
  /** The parts' metrics, read from each worker once every part finished (workers stop with the execution). */
  private finalMetrics: Record<string, Record<string, number>> = {};

  constructor(private readonly p: RemoteExecutionParameters) {
    this.outcome = new Promise((resolve) => (this.settle = resolve));
    // Claimed at once: from now on stop() is what stops them.
    this.handles = [...(p.claimWorkers?.((error) => this.fail(error)) ?? [])];
  }

  start(): void {
    void this.deploy().catch((error: unknown) => this.fail(error));
  }

  stop(): void {
    this.stopped = true;
    this.running = false;
    for (const handle of this.handles) void handle.terminate();
  }

  async injectBarrier(barrier: CheckpointBarrier): Promise<boolean> {
    if (!this.running) return false;
    const injected = await Promise.all(this.handles.map((h) => h.remote.injectBarrier(barrier.checkpointId, barrier.timestamp, barrier.savepoint)));
    return injected.every(Boolean);
  }

  async notifyCheckpointComplete(checkpointId: number): Promise<void> {
    if (!this.running) return;
    await Promise.all(this.handles.map((h) => h.remote.notifyCheckpointComplete(checkpointId)));
  }

  notifyCheckpointAborted(checkpointId: number): void {
    if (!this.running) return;
    for (const h of this.handles) void h.remote.notifyCheckpointAborted(checkpointId).catch(() => {});
  }

  /**
   * After the parts finished: each operator's counters summed over the
   * workers, and each worker's exchange traffic as `exchange (worker i)`.
   * Empty while running and after a failure.
   */
  metricsSnapshot(): Record<string, Record<string, number>> {
    return this.finalMetrics;
  }

  private async deploy(): Promise<void> {
    const { workers } = this.p;
    if (this.handles.length === 0) await this.spawnWorkers();
    if (this.stopped) {
      for (const handle of this.handles) await handle.terminate();
      return;
    }
    // One MessageChannel per channel between workers: the producer's worker gets one end, the consumer's the other.
    const ends: PartChannel[][] = this.handles.map(() => []);
    for (const channel of this.p.plan.channels) {
      const { port1, port2 } = new MessageChannel();
      ends[channel.from]!.push({ key: channel.key, role: 'send', port: port1 });
      ends[channel.to]!.push({ key: channel.key, role: 'receive', port: port2 });
    }
    const listener = proxy(this.listener());
    const restore = this.p.restore;
    this.handles.forEach((handle, index) => {
      const channels = ends[index]!;
      void handle.remote.startPart(
        this.p.pipeline,
        this.p.params,
        this.p.options,
        transfer(
          { jobId: this.p.jobId, index, workers, channels, ...(restore ? { restore: restoreFor(restore, index, workers) } : {}) },
          channels.map((c) => c.port as unknown as Transferable),
        ),
        listener,
      ).catch((error: unknown) => this.fail(error)); // also rejects when stop() terminated the worker: fail() ignores that
    });
    this.running = true;
    const results = await Promise.allSettled(this.handles.map((h) => h.remote.partResult()));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure !== undefined) {
      this.fail(failure.reason);
      return;
    }
    const metrics = await Promise.all(this.handles.map((h) => h.remote.metrics().catch(() => ({}))));
    this.finalMetrics = mergePartMetrics(metrics);
    this.finish({ status: 'FINISHED' });
  }

  /** Spawns this attempt's workers, together: loading a worker's modules is most of its start-up. */
  private async spawnWorkers(): Promise<void> {
    const names = Array.from({ length: this.p.workers }, (_, i) => `${this.p.pipeline}-${i}`);
    const spawned = await StandbyWorkers.spawn(this.p.spawn, names);
    this.handles = [...spawned.claim((error) => this.fail(error))!];
  }

  private listener(): Pick<WorkerJobListener, 'output'> & JobPartListener {
    const hooks = this.p.checkpoints;
    return {
      output: async (name, values) => this.p.outputs.next({ name, values }),
      snapshotTaken: async (taken: TakenSnapshot) => {
        const barrier = new CheckpointBarrier(taken.checkpointId, taken.timestamp, taken.savepoint);
        hooks.taken(barrier, [toOperatorCheckpoint(taken)], taken.timing);
      },
      snapshotFailed: async (checkpointId, timestamp, savepoint, uid, error) => {
        hooks.failed(new CheckpointBarrier(checkpointId, timestamp, savepoint), uid, deserializeThrown(error));
      },
    };
  }

  private fail(error: unknown): void {
    this.finish({ status: 'FAILED', error });
  }

  private finish(outcome: ExecutionOutcome): void {
    if (this.stopped) return;
    this.running = false;
    this.settle(outcome);
  }
}

/**
 * The snapshots worker `index` restores: per uid, only its own subtasks'
 * (keyed state bytes included, so not every worker gets every worker's).
 * A uid keeps its entry, possibly empty: the part looks snapshots up by subtask.
 */
function restoreFor(restore: ReadonlyMap<string, readonly OperatorSnapshot[]>, index: number, workers: number): Map<string, OperatorSnapshot[]> {
  return new Map([...restore].map(([uid, snapshots]) => [uid, snapshots.filter((s) => ownerOf(s.subtaskIndex, workers) === index)]));
}

/** Sums the operators' counters over the parts; keeps each part's exchange counters apart, by worker. */
function mergePartMetrics(parts: readonly Record<string, Record<string, number>>[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = Object.create(null) as Record<string, Record<string, number>>;
  parts.forEach((part, worker) => {
    for (const [uid, counters] of Object.entries(part)) {
      if (uid === EXCHANGE_METRICS) {
        out[`exchange (worker ${worker})`] = { ...counters };
        continue;
      }
      const sum = (out[uid] ??= Object.create(null) as Record<string, number>);
      for (const [name, count] of Object.entries(counters)) sum[name] = (sum[name] ?? 0) + count;
    }
  });
  return out;
}

/** A snapshot a worker took and encoded, as the coordinator persists it: its chunks are ready. */
function toOperatorCheckpoint(taken: TakenSnapshot): OperatorCheckpoint {
  const keyed = taken.keyed;
  const view: KeyedCheckpointView | undefined =
    keyed === undefined
      ? undefined
      : {
          checkpointId: taken.checkpointId,
          kind: keyed.kind,
          previousCheckpointId: keyed.previousCheckpointId,
          maxParallelism: keyed.maxParallelism,
          keyGroupRange: keyed.keyGroupRange,
          states: keyed.states,
          encode: async () => [...keyed.chunks],
          release: () => {},
        };
  return {
    uid: taken.uid,
    subtaskIndex: taken.subtaskIndex,
    ...(view ? { keyed: view } : {}),
    ...(taken.operatorState !== undefined ? { operatorState: taken.operatorState } : {}),
  };
}

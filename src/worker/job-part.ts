import { transfer } from 'comlink';
import type { StreamEnvironment } from '../api/stream-environment.js';
import type { KeyedChunk } from '../state/keyed-checkpoint-view.js';
import type { StateKind } from '../state/state-descriptor.js';
import type { OperatorCheckpoint, OperatorSnapshot } from '../runtime/operator-snapshot.js';
import { LocalExecution } from '../runtime/local-executor.js';
import { forEachChannel, ownerOf, type ChannelTarget, type Distribution } from '../runtime/distribution.js';
import { CheckpointBarrier } from '../runtime/stream-element.js';
import type { SnapshotTiming, TaskCheckpointHooks } from '../runtime/task-checkpoint-hooks.js';
import { yieldToEventLoop } from '../runtime/yield-to-event-loop.js';
import { planExecution } from '../runtime/execution-plan.js';
import type { PlannedNode } from '../runtime/execution-plan.js';
import { ExchangeReceiver } from './exchange/exchange-receiver.js';
import { ExchangeSender } from './exchange/exchange-sender.js';
import type { ExchangePort } from './exchange/exchange-port.js';
import { serializeThrown } from './serialize-thrown.js';
import type { SerializedThrown } from './serialized-thrown.js';

/** The key of a worker's exchange counters in its metrics (not an operator uid: uids are user-chosen, this one has a space). */
export const EXCHANGE_METRICS = 'exchange (this worker)';

/** One operator subtask's part of a checkpoint, encoded in the worker, sent to the coordinator. */
export interface TakenSnapshot {
  readonly checkpointId: number;
  readonly timestamp: number;
  readonly savepoint: boolean;
  readonly uid: string;
  readonly subtaskIndex: number;
  readonly operatorState?: unknown;
  readonly keyed?: {
    readonly kind: 'full' | 'delta';
    readonly previousCheckpointId: number | undefined;
    readonly maxParallelism: number;
    readonly keyGroupRange: { readonly start: number; readonly end: number };
    readonly states: readonly { readonly name: string; readonly kind: StateKind }[];
    readonly chunks: readonly KeyedChunk[];
  };
  readonly timing: SnapshotTiming;
}

/** What a job part tells the main thread. */
export interface JobPartListener {
  snapshotTaken(snapshot: TakenSnapshot): Promise<void>;
  snapshotFailed(checkpointId: number, timestamp: number, savepoint: boolean, uid: string, error: SerializedThrown): Promise<void>;
}

/** A channel to or from another worker, as the main thread hands it out. */
export interface PartChannel {
  readonly key: string;
  readonly role: 'send' | 'receive';
  readonly port: ExchangePort;
}

/** The job as the main thread needs to know it (from any worker: every one plans the same). */
export interface JobPartPlan {
  readonly operators: readonly { readonly uid: string; readonly name: string; readonly parallelism: number }[];
  readonly nonReplayableSources: readonly { readonly uid: string; readonly name: string }[];
  /** Channels whose ends run in different workers, with the producing and consuming worker. */
  readonly channels: readonly { readonly key: string; readonly from: number; readonly to: number }[];
}

/**
 * One worker's part of a job spread over `workers` workers by subtask: it
 * runs subtask `s` of every operator where `s % workers` is its index, and
 * reaches the others through exchanges. Its checkpoints are encoded here and
 * sent to the coordinator on the main thread, which writes them.
 */
export class JobPart {
  private readonly plan: readonly PlannedNode[];
  private readonly senders: ExchangeSender[] = [];
  private readonly receivers: ExchangeReceiver[] = [];
  private execution: LocalExecution | undefined;
  private flushScheduled = false;

  constructor(
    private readonly env: StreamEnvironment,
    private readonly index: number,
    private readonly workers: number,
  ) {
    this.plan = planExecution(env.graph, { parallelism: env.parallelism, maxParallelism: env.maxParallelism });
  }

  /** The job as the main thread needs to know it. */
  describe(): JobPartPlan {
    const channels: { key: string; from: number; to: number }[] = [];
    forEachChannel(this.plan, (key, _planned, _inputIndex, u, d) => {
      const from = ownerOf(u, this.workers);
      const to = ownerOf(d, this.workers);
      if (from !== to) channels.push({ key, from, to });
    });
    return {
      operators: this.plan.map((p) => ({ uid: p.uid, name: p.node.name, parallelism: p.parallelism })),
      nonReplayableSources: this.plan
        .filter((p) => p.node.kind === 'source' && !p.node.source!.replayable)
        .map((p) => ({ uid: p.uid, name: p.node.source!.name })),
      channels,
    };
  }

  /** Deploys this worker's subtasks; resolves when they all finished, rejects at the first failure. */
  run(
    channels: readonly PartChannel[],
    restore: ReadonlyMap<string, readonly OperatorSnapshot[]> | undefined,
    listener: JobPartListener,
    jobId: string,
  ): Promise<void> {
    const ports = new Map(channels.map((c) => [c.key, c]));
    const distribution: Distribution = {
      owns: (_nodeId, subtask) => ownerOf(subtask, this.workers) === this.index,
      sender: (key) => this.sender(key, ports.get(key)!.port),
      receiver: (key) => {
        const receiver = new ExchangeReceiver({ port: ports.get(key)!.port, channel: key });
        this.receivers.push(receiver);
        return receiver;
      },
    };
    const settings = this.env.executionSettings();
    const view = settings.checkpointing ?? settings.savepointDefaults;
    const execution = new LocalExecution(this.plan, {
      jobId,
      maxParallelism: this.env.maxParallelism,
      clock: this.env.clock,
      stateBackend: this.env.stateBackend,
      pull: {
        ...settings.pull,
        backpressure: () => {
          // Runs per source chunk: allocate only when some sender is held.
          if (!this.senders.some((s) => s.isBackpressured)) return undefined;
          const held = this.senders.filter((s) => s.isBackpressured);
          return Promise.all(held.map((s) => s.whenWritable())).then(() => {});
        },
      },
      restore,
      checkpoints: this.checkpointHooks(view, view.chunkBytes, listener),
      checkpointingMode: settings.checkpointing?.mode ?? 'exactly-once',
      distribution,
    });
    this.execution = execution;
    execution.start();
    return execution.outcome.then((outcome) => {
      if (outcome.status === 'FAILED') throw outcome.error;
    });
  }

  injectBarrier(checkpointId: number, timestamp: number, savepoint: boolean): boolean {
    return this.execution?.injectBarrier(new CheckpointBarrier(checkpointId, timestamp, savepoint)) ?? false;
  }

  notifyCheckpointComplete(checkpointId: number): Promise<void> {
    return this.execution?.notifyCheckpointComplete(checkpointId) ?? Promise.resolve();
  }

  notifyCheckpointAborted(checkpointId: number): void {
    this.execution?.notifyCheckpointAborted(checkpointId);
  }

  /** The operators' counters, plus this worker's exchange traffic summed over its channels under {@link EXCHANGE_METRICS}. */
  metrics(): Record<string, Record<string, number>> {
    const out = this.execution?.metricsSnapshot() ?? {};
    const exchange = { batchesSent: 0, recordsSent: 0, bytesSent: 0, batchesReceived: 0, recordsReceived: 0 };
    for (const sender of this.senders) {
      exchange.batchesSent += sender.batchesSent;
      exchange.recordsSent += sender.recordsSent;
      exchange.bytesSent += sender.bytesSent;
    }
    for (const receiver of this.receivers) {
      exchange.batchesReceived += receiver.stats.batches;
      exchange.recordsReceived += receiver.stats.records;
    }
    return { ...out, [EXCHANGE_METRICS]: exchange };
  }

  /** A channel target that batches into an exchange, flushing once the current task is done. */
  private sender(key: string, port: ExchangePort): ChannelTarget {
    // Between two busy workers a credit comes back only after a message round trip (about 1 ms here):
    // with 4 batches in flight each source waited about 30 % of the time; with 64, not at all.
    const sender = new ExchangeSender({ port, channel: key, maxInFlightBatches: 64 });
    this.senders.push(sender);
    return {
      next: (element) => {
        sender.push(element);
        this.scheduleFlush();
      },
      // A failure is the worker's own: the main thread learns it from this part's result.
      error: () => {},
      complete: () => sender.flush(),
    };
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      for (const sender of this.senders) sender.flush();
    });
  }

  /** Encodes each snapshot here (the async part) and sends it to the coordinator. */
  private checkpointHooks(viewOptions: TaskCheckpointHooks['viewOptions'], chunkBytes: number, listener: JobPartListener): TaskCheckpointHooks {
    return {
      viewOptions,
      taken: (barrier, snapshots, timing) => {
        for (const snapshot of snapshots) {
          void encodeSnapshot(barrier, snapshot, timing, chunkBytes).then(
            (taken) => listener.snapshotTaken(transfer(taken, (taken.keyed?.chunks ?? []).map((c) => c.bytes.buffer as ArrayBuffer))),
            (error: unknown) =>
              listener.snapshotFailed(barrier.checkpointId, barrier.timestamp, barrier.savepoint, snapshot.uid, serializeThrown(error)),
          );
        }
      },
      failed: (barrier, uid, error) => void listener.snapshotFailed(barrier.checkpointId, barrier.timestamp, barrier.savepoint, uid, serializeThrown(error)),
    };
  }
}

async function encodeSnapshot(barrier: CheckpointBarrier, snapshot: OperatorCheckpoint, timing: SnapshotTiming, chunkBytes: number): Promise<TakenSnapshot> {
  const view = snapshot.keyed;
  try {
    const operatorState: unknown = await snapshot.operatorState;
    const base = {
      checkpointId: barrier.checkpointId,
      timestamp: barrier.timestamp,
      savepoint: barrier.savepoint,
      uid: snapshot.uid,
      subtaskIndex: snapshot.subtaskIndex,
      timing: { syncMs: timing.syncMs, alignmentMs: timing.alignmentMs },
      ...(operatorState !== undefined ? { operatorState } : {}),
    };
    if (view === undefined) return base;
    const chunks = await view.encode({ targetChunkBytes: chunkBytes, pause: yieldToEventLoop });
    return {
      ...base,
      keyed: {
        kind: view.kind,
        previousCheckpointId: view.previousCheckpointId,
        maxParallelism: view.maxParallelism,
        keyGroupRange: { start: view.keyGroupRange.start, end: view.keyGroupRange.end },
        states: view.states.map(({ name, kind }) => ({ name, kind })),
        chunks: chunks.map((c) => ({ ...c, bytes: c.bytes.byteOffset === 0 && c.bytes.byteLength === c.bytes.buffer.byteLength ? c.bytes : c.bytes.slice() })),
      },
    };
  } finally {
    view?.release();
  }
}

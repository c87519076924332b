import type { Observable, Subscription } from 'rxjs';
import type { Sink } from '../connectors/sink.js';
import type { KeyedStateBackend } from '../state/keyed-state-backend.js';
import { KeyGroupRange } from '../state/key-group-range.js';
import type { StateBackend } from '../state/state-backend.js';
import type { Clock } from '../time/clock.js';
import type { CheckpointingMode } from '../checkpoint/checkpointing-options.js';
import type { CheckpointBarrier } from './stream-element.js';
import type { TaskCheckpointHooks } from './task-checkpoint-hooks.js';
import type { PlannedNode } from './execution-plan.js';
import { ExchangeRouter, type OutputGroup } from './exchange-router.js';
import { mergeChannels } from './merge-channels.js';
import { LocalChannel } from './local-channel.js';
import { OperatorMetrics } from './operator-metrics.js';
import { operatorChainStage, type ChainMember } from './operator-stage.js';
import type { StreamOperator } from './stream-operator.js';
import type { OperatorSnapshot } from './operator-snapshot.js';
import { SinkOperator } from './operators/sink-operator.js';
import { sourceStage, type SourcePullOptions, type SourceStage } from './source-stage.js';
import { toJobError } from './to-job-error.js';
import { CheckpointError } from '../errors/checkpoint-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import type { StreamElement } from './stream-element.js';
import type { StageElement } from './subscriber-output.js';
import { yieldToEventLoop } from './yield-to-event-loop.js';
import type { JobExecution } from './job-execution.js';
import { channelKey, type ChannelTarget, type Distribution } from './distribution.js';

/** What a local (in-process) execution runs with. */
export interface LocalExecutionOptions {
  readonly jobId: string;
  readonly maxParallelism: number;
  readonly clock: Clock;
  readonly stateBackend: StateBackend;
  readonly pull: SourcePullOptions;
  /** Snapshots to restore, by operator uid. */
  readonly restore?: ReadonlyMap<string, readonly OperatorSnapshot[]>;
  /** Where tasks hand their checkpoint snapshots; absent when the job takes no checkpoints. */
  readonly checkpoints?: TaskCheckpointHooks;
  /** How operators with several inputs treat barriers. Default exactly-once. */
  readonly checkpointingMode?: CheckpointingMode;
  /** When the job is spread over workers: which subtasks run here, and channels to the others. */
  readonly distribution?: Distribution;
}

/** How an execution ended. */
export type ExecutionOutcome = { readonly status: 'FINISHED' } | { readonly status: 'FAILED'; readonly error: unknown };

const key = (nodeId: number, subtask: number) => `${nodeId}:${subtask}`;

/** A subtask's merged input, and whether its records are exclusively its own (see OperatorContext.ownsInputRecords). */
interface SubtaskInput {
  readonly input: Observable<StreamElement>;
  readonly ownsInputRecords: boolean;
}

/**
 * Runs a planned job in this JavaScript realm: every subtask is a chain of
 * RxJS stages; forward edges between single producers and consumers are
 * plain pipes, other edges go through an {@link ExchangeRouter} into
 * per-channel {@link LocalChannel}s merged by {@link mergeChannels}. Deploys downstream
 * first, then starts the sources.
 */
export class LocalExecution implements JobExecution {
  private readonly subscriptions: Subscription[] = [];
  private readonly sources: { readonly stage: SourceStage; readonly uid: string; readonly subtaskIndex: number }[] = [];
  /** Every deployed operator with its uid, for checkpoint notifications. */
  private readonly operators: { readonly operator: StreamOperator<unknown, unknown>; readonly uid: string }[] = [];
  private readonly backends: KeyedStateBackend[] = [];
  private readonly sinks = new Set<Sink<unknown>>();
  /** Counters per operator uid. */
  readonly metrics = new Map<string, OperatorMetrics>();
  private settle!: (outcome: ExecutionOutcome) => void;
  private settled = false;
  /** Resolves once every sink has seen end of input, or the first failure. */
  readonly outcome: Promise<ExecutionOutcome>;

  constructor(
    private readonly plan: readonly PlannedNode[],
    private readonly options: LocalExecutionOptions,
  ) {
    this.outcome = new Promise((resolve) => (this.settle = resolve));
  }

  /** Every distinct sink of the job (for job-level hooks). */
  get jobSinks(): ReadonlySet<Sink<unknown>> {
    return this.sinks;
  }

  /** Deploys all subtasks and, on the next turn of the event loop, starts the sources. */
  start(): void {
    const { producers, channelsOf, routed, direct } = this.wireChannels();
    const built = new Map<string, Observable<StageElement>>();
    const sinkOutputs: Observable<StageElement>[] = [];
    const chainedAfter = this.chains(direct);
    const chained = new Set([...chainedAfter.values()].map((p) => p.node.id));

    for (const planned of this.plan) {
      // Chained operators are deployed inside the stage of the chain's first operator.
      if (chained.has(planned.node.id)) continue;
      for (let s = 0; s < planned.parallelism; s++) {
        if (!this.owns(planned, s)) continue;
        const input = channelsOf(planned, s, built);
        if (planned.node.kind === 'source') {
          built.set(key(planned.node.id, s), this.deploySource(planned, s));
          continue;
        }
        const members: ChainMember[] = [this.chainMember(planned, s, input?.ownsInputRecords === true)];
        let tail = planned;
        for (let next = chainedAfter.get(tail.node.id); next !== undefined; next = chainedAfter.get(tail.node.id)) {
          members.push(this.chainMember(next, s, false));
          tail = next;
        }
        const output = input!.input.pipe(operatorChainStage(members, this.options.checkpoints));
        built.set(key(tail.node.id, s), output);
        if (tail.node.kind === 'sink') sinkOutputs.push(output);
      }
    }

    let remaining = sinkOutputs.length;
    for (const output of sinkOutputs) {
      this.subscriptions.push(
        output.subscribe({
          error: (error: unknown) => this.finish({ status: 'FAILED', error }),
          complete: () => {
            if (--remaining === 0) this.finish({ status: 'FINISHED' });
          },
        }),
      );
    }
    for (const [producerKey, groups] of producers) {
      if (!routed.has(producerKey)) continue;
      const router = new ExchangeRouter(groups, this.options.maxParallelism);
      this.subscriptions.push(built.get(producerKey)!.subscribe(router));
    }
    void yieldToEventLoop().then(() => {
      if (!this.settled) for (const source of this.sources) source.stage.start();
    });
  }

  /**
   * Injects `barrier` at every source subtask, which acknowledge their
   * positions at once. Returns false, injecting nothing, when any source is
   * not running (finished or stopped): checkpoints stop once a source ends.
   */
  injectBarrier(barrier: CheckpointBarrier): boolean {
    const hooks = this.options.checkpoints;
    if (this.settled || hooks === undefined || this.sources.some(({ stage }) => !stage.running())) return false;
    for (const { stage, uid, subtaskIndex } of this.sources) {
      const injected = stage.injectBarrier(barrier);
      if (injected === undefined) {
        hooks.failed(barrier, uid, new CheckpointError(ErrorCodes.CHECKPOINT_FAILED, `Source '${uid}' stopped while the barrier of checkpoint ${barrier.checkpointId} was injected.`));
        continue;
      }
      const position = injected.position;
      hooks.taken(barrier, [{ uid, subtaskIndex, ...(position !== undefined ? { operatorState: position } : {}) }], {
        syncMs: 0,
        alignmentMs: 0,
      });
    }
    return true;
  }

  /**
   * Tells every operator that checkpoint `checkpointId` completed; rejects
   * with the first failure, naming its operator (a sink whose commit failed)
   * as a failing `finish` does.
   */
  async notifyCheckpointComplete(checkpointId: number): Promise<void> {
    if (this.settled) return;
    const results = this.operators.map(({ operator, uid }) => {
      try {
        return Promise.resolve(operator.notifyCheckpointComplete(checkpointId)).catch((error: unknown) => {
          throw toJobError(error, uid);
        });
      } catch (error) {
        return Promise.reject(toJobError(error, uid));
      }
    });
    await Promise.all(results);
  }

  metricsSnapshot(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = Object.create(null) as Record<string, Record<string, number>>;
    for (const [uid, metrics] of this.metrics) out[uid] = metrics.snapshot();
    return out;
  }

  /** Tells every operator that checkpoint `checkpointId` failed. */
  notifyCheckpointAborted(checkpointId: number): void {
    if (this.settled) return;
    for (const { operator } of this.operators) operator.notifyCheckpointAborted(checkpointId);
  }

  /** Stops everything without flushing; the outcome stays unresolved unless it already was. */
  stop(): void {
    this.settled = true;
    this.teardown();
  }

  private finish(outcome: ExecutionOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.teardown();
    this.settle(outcome);
  }

  private teardown(): void {
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
    for (const b of this.backends.splice(0)) b.dispose();
  }

  /**
   * Which operator follows which in a chain (Flink's operator chaining): an
   * operator whose only input is a direct pipe from another operator (not a
   * source) runs in that operator's stage, called directly.
   */
  private chains(direct: ReadonlySet<number>): Map<number, PlannedNode> {
    const after = new Map<number, PlannedNode>();
    for (const planned of this.plan) {
      if (planned.node.kind === 'source' || planned.inputs.length !== 1 || !direct.has(planned.node.id)) continue;
      const upstream = planned.inputs[0]!.upstream;
      if (upstream.node.kind === 'source') continue;
      after.set(upstream.node.id, planned);
    }
    return after;
  }

  private deploySource(planned: PlannedNode, subtask: number): Observable<StageElement> {
    const restore = this.options.restore?.get(planned.uid)?.find((snap) => snap.subtaskIndex === subtask);
    const split = planned.parallelism > 1 ? { subtaskIndex: subtask, parallelism: planned.parallelism } : undefined;
    const stage = sourceStage(planned.node.source!, planned.uid, this.options.pull, restore?.operatorState, split);
    this.sources.push({ stage, uid: planned.uid, subtaskIndex: subtask });
    return stage.output;
  }

  private chainMember(planned: PlannedNode, subtask: number, ownsInputRecords: boolean): ChainMember {
    const { node, uid, parallelism } = planned;
    const restore = this.options.restore?.get(uid)?.find((snap) => snap.subtaskIndex === subtask);
    let keyedBackend: KeyedStateBackend | undefined;
    if (node.keyed) {
      keyedBackend = this.options.stateBackend.createKeyedStateBackend({
        jobId: this.options.jobId,
        operatorUid: uid,
        keyGroupRange: KeyGroupRange.forOperator(this.options.maxParallelism, parallelism, subtask),
        maxParallelism: this.options.maxParallelism,
        clock: this.options.clock,
      });
      this.backends.push(keyedBackend);
    }
    if (node.kind === 'sink') this.sinks.add(node.sink!);
    const operator = node.kind === 'sink' ? new SinkOperator(node.sink!) : node.createOperator!();
    return {
      operator: operator as StreamOperator<unknown, unknown>,
      options: {
        jobId: this.options.jobId,
        uid,
        subtaskIndex: subtask,
        parallelism,
        maxParallelism: this.options.maxParallelism,
        clock: this.options.clock,
        keyedBackend,
        consumedTags: planned.consumedTags,
        metrics: this.metricsOf(uid),
        ownsInputRecords,
        restore,
        onDeployed: (deployed) => this.operators.push({ operator: deployed, uid }),
      },
    };
  }

  /**
   * Decides, per producer subtask, whether its single consumer can read it
   * directly (a pipe) or it needs a router and local channels.
   */
  private wireChannels() {
    const channelCount = (p: PlannedNode) =>
      p.inputs.reduce((n, input) => n + (input.partitioning === 'forward' ? 1 : input.upstream.parallelism), 0);
    const producers = new Map<string, OutputGroup[]>();
    // For each consumer subtask, its channels in input order: a local channel, a direct producer key, or a remote receiver.
    const channels = new Map<string, (LocalChannel | string | Observable<StreamElement>)[]>();
    const routed = new Set<string>();
    // Nodes that read one producer through a plain pipe (candidates for chaining).
    const direct = new Set<number>();

    const distribution = this.options.distribution;
    for (const planned of this.plan) {
      const soleChannel = channelCount(planned) === 1;
      for (const [inputIndex, input] of planned.inputs.entries()) {
        const up = input.upstream;
        // One producer subtask feeding one consumer subtask (whatever the partitioning), which reads
        // nothing else, and nobody else reading the producer: a plain pipe, no routing.
        const single = input.partitioning === 'forward' || (up.parallelism === 1 && planned.parallelism === 1);
        const pipe = single && soleChannel && input.edge.tagId === undefined && this.consumerCount(up) === 1;
        for (let u = 0; u < up.parallelism; u++) {
          const targets: ChannelTarget[] = [];
          const producerHere = this.owns(up, u);
          const downstream = input.partitioning === 'forward' ? [u] : [...Array(planned.parallelism).keys()];
          for (const d of downstream) {
            const consumerHere = this.owns(planned, d);
            if (!producerHere && !consumerHere) continue;
            const list = channels.get(key(planned.node.id, d)) ?? [];
            channels.set(key(planned.node.id, d), list);
            if (!producerHere || !consumerHere) {
              // One end runs in another worker: records cross through the exchange.
              const channel = channelKey(planned.node.id, inputIndex, u, d);
              if (producerHere) targets.push(distribution!.sender(channel));
              else list.push(distribution!.receiver(channel));
              continue;
            }
            if (pipe) {
              list.push(key(up.node.id, u));
              direct.add(planned.node.id);
            } else {
              const channel = new LocalChannel();
              list.push(channel);
              targets.push(channel);
            }
          }
          if (targets.length > 0) {
            const producerKey = key(up.node.id, u);
            routed.add(producerKey);
            const groups = producers.get(producerKey) ?? [];
            producers.set(producerKey, groups);
            groups.push({
              partitioning: input.partitioning,
              tagId: input.edge.tagId,
              keySelector: input.edge.keySelector,
              targets,
              downstreamUid: planned.uid,
            });
          }
        }
      }
    }

    const channelsOf = (planned: PlannedNode, s: number, built: Map<string, Observable<StageElement>>): SubtaskInput | undefined => {
      if (planned.node.kind === 'source') return undefined;
      const entries = channels.get(key(planned.node.id, s)) ?? [];
      const list = entries.map((c) =>
        typeof c === 'string' ? (built.get(c)! as Observable<StreamElement>) : c instanceof LocalChannel ? c.output : c,
      );
      if (list.length !== 1) return { input: mergeChannels(list, this.options.checkpointingMode), ownsInputRecords: false };
      // A direct pipe from a source: its fresh records reach this subtask only.
      const direct = entries[0]!;
      const fromSource = typeof direct === 'string' && planned.inputs[0]?.upstream.node.kind === 'source';
      return { input: list[0]!, ownsInputRecords: fromSource };
    };
    return { producers, channelsOf, routed, direct };
  }

  /** Whether this realm runs subtask `subtask` of `planned` (all of them unless the job is spread over workers). */
  private owns(planned: PlannedNode, subtask: number): boolean {
    return this.options.distribution?.owns(planned.node.id, subtask) ?? true;
  }

  private metricsOf(uid: string): OperatorMetrics {
    let metrics = this.metrics.get(uid);
    if (metrics === undefined) this.metrics.set(uid, (metrics = new OperatorMetrics()));
    return metrics;
  }

  private consumerCount(producer: PlannedNode): number {
    let n = 0;
    for (const p of this.plan) for (const input of p.inputs) if (input.upstream === producer) n++;
    return n;
  }
}

import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import type { CheckpointEvent } from '../checkpoint/checkpoint-events.js';
import { CheckpointStatsTracker, type CheckpointStats } from '../checkpoint/checkpoint-stats.js';
import type { CheckpointPointer, CheckpointStorage } from '../checkpoint/checkpoint-storage.js';
import type { ResolvedCheckpointingOptions } from '../checkpoint/checkpointing-options.js';
import { CheckpointCoordinator } from '../checkpoint/checkpoint-coordinator.js';
import { loadCheckpoint, type LoadedCheckpoint } from '../checkpoint/restore/load-checkpoint.js';
import type { RestoreSettings } from '../checkpoint/restore/restore-settings.js';
import { resolveRestorePointer, type RestoreSource } from '../checkpoint/restore/resolve-restore-pointer.js';
import type { Sink } from '../connectors/sink.js';
import { CheckpointError } from '../errors/checkpoint-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { WeirError } from '../errors/weir-error.js';
import type { CompletedSavepoint, JobClient, JobExecutionResult } from './job-client.js';
import { isTerminal, type JobStatus } from './job-status.js';
import type { PlannedNode } from './execution-plan.js';
import { LocalExecution, type LocalExecutionOptions } from './local-executor.js';
import type { JobDescription, JobExecution } from './job-execution.js';
import type { RestartStrategy } from './restart-strategy.js';
import { toJobError } from './to-job-error.js';
import type { TaskCheckpointHooks } from './task-checkpoint-hooks.js';

/** Options of a local job run. */
export interface LocalJobOptions extends Omit<LocalExecutionOptions, 'restore' | 'checkpoints' | 'checkpointingMode'> {
  readonly jobName: string;
  /** Periodic checkpoints; absent: none (savepoints can still be taken). */
  readonly checkpointing?: ResolvedCheckpointingOptions;
  /** Options for the coordinator when only savepoints are taken. */
  readonly savepointDefaults: ResolvedCheckpointingOptions;
  readonly restartStrategy: RestartStrategy;
  readonly restore?: RestoreSettings;
}

/**
 * Runs a planned job in this realm and reports on it. Owns what outlives
 * one attempt: the checkpoint storage (opened, and locked, once per job
 * run), the coordinator, and the restart loop — a failure tears the
 * attempt down, and when the restart strategy allows, the job restores its
 * latest completed checkpoint and runs again.
 */
export class LocalJobClient implements JobClient {
  readonly jobId: string;
  readonly jobName: string;
  readonly result: Promise<JobExecutionResult>;
  private readonly statusSubject = new BehaviorSubject<JobStatus>('CREATED');
  readonly status$: Observable<JobStatus> = this.statusSubject.asObservable();
  private readonly events = new Subject<CheckpointEvent>();
  readonly checkpoints$: Observable<CheckpointEvent> = this.events.asObservable();
  private readonly stats = new CheckpointStatsTracker();
  private execution: JobExecution | undefined;
  private readonly startedAt = Date.now();
  private resolveResult!: (result: JobExecutionResult) => void;
  private rejectResult!: (error: unknown) => void;
  private storage: Promise<CheckpointStorage> | undefined;
  private coordinator: Promise<CheckpointCoordinator> | undefined;
  /** The coordinator, once the storage is open; tasks deployed before that reach it through {@link coordinatorHooks}. */
  private coordinatorSync: CheckpointCoordinator | undefined;
  private readonly coordinatorHooks: TaskCheckpointHooks;
  /** What the storage held when the job opened it. */
  private completedAtStart: readonly CheckpointPointer[] | undefined;
  private restarts = 0;
  private ending = false;

  private constructor(
    private readonly job: JobDescription,
    private readonly options: LocalJobOptions,
  ) {
    this.jobId = options.jobId;
    this.jobName = options.jobName;
    this.coordinatorHooks = {
      // The resolved settings carry the view options (incremental, compactEvery).
      viewOptions: options.checkpointing ?? options.savepointDefaults,
      taken: (barrier, snapshots, timing) => {
        if (this.coordinatorSync === undefined) for (const s of snapshots) s.keyed?.release();
        else this.coordinatorSync.hooks.taken(barrier, snapshots, timing);
      },
      failed: (barrier, uid, error) => this.coordinatorSync?.hooks.failed(barrier, uid, error),
    };
    this.result = new Promise<JobExecutionResult>((resolve, reject) => {
      this.resolveResult = resolve;
      this.rejectResult = reject;
    });
    // Mark handled: a caller who never awaits `result` must not see an unhandled rejection.
    this.result.catch(() => {});
    this.checkpoints$.subscribe((event) => this.stats.record(event));
  }

  /** Deploys and starts a planned job in this realm (after reading the checkpoint to restore, when there is one). */
  static start(plan: readonly PlannedNode[], options: LocalJobOptions): LocalJobClient {
    return LocalJobClient.run(describeLocalJob(plan, options), options);
  }

  /** Starts a job whose tasks `job` creates (in this realm, or in workers). */
  static run(job: JobDescription, options: LocalJobOptions): LocalJobClient {
    const client = new LocalJobClient(job, options);
    client.setStatus('RUNNING');
    client.warnAboutNonReplayableSources();
    if (options.restore === undefined && options.checkpointing === undefined) {
      // Nothing to open first: deploy at once (a hot Observable source subscribes inside execute()).
      client.deploy(undefined);
    } else {
      // Open (and lock) the storage before anything runs: a job that cannot checkpoint must not run.
      void client.deployAttempt(client.ensureCoordinator());
    }
    return client;
  }

  get status(): JobStatus {
    return this.statusSubject.value;
  }

  metrics(): Record<string, Record<string, number>> {
    return this.execution?.metricsSnapshot() ?? (Object.create(null) as Record<string, Record<string, number>>);
  }

  checkpointStats(): CheckpointStats {
    return this.stats.snapshot();
  }

  async triggerCheckpoint(): Promise<{ checkpointId: number; location: string }> {
    const completed = await (await this.requireCoordinator('checkpoint')).trigger(false);
    return { checkpointId: completed.checkpointId, location: completed.pointer.location };
  }

  async triggerSavepoint(): Promise<CompletedSavepoint> {
    const completed = await (await this.requireCoordinator('savepoint')).trigger(true);
    return { checkpointId: completed.checkpointId, location: completed.pointer.location, bytes: completed.bytes! };
  }

  async stopWithSavepoint(): Promise<CompletedSavepoint> {
    const savepoint = await this.triggerSavepoint();
    await this.end('FINISHED', undefined, { notifySinks: false });
    return savepoint;
  }

  async cancel(): Promise<void> {
    if (isTerminal(this.status) || this.ending) return this.result.then(() => undefined, () => undefined);
    this.setStatus('CANCELLING');
    await this.end('CANCELED', undefined, { notifySinks: true });
  }

  private deploy(loaded: LoadedCheckpoint | undefined): void {
    const execution = this.job.createExecution({
      restore: loaded?.snapshots,
      checkpoints: this.coordinatorHooks,
      checkpointingMode: this.options.checkpointing?.mode ?? 'exactly-once',
    });
    this.execution = execution;
    void execution.outcome.then((outcome) => {
      if (this.execution !== execution || this.ending) return;
      if (outcome.status === 'FINISHED') void this.end('FINISHED', undefined, { notifySinks: true });
      else void this.onFailure(outcome.error);
    });
    // An execution is what the coordinator injects barriers into and notifies.
    this.coordinatorSync?.attach(execution);
    execution.start();
  }

  /**
   * Deploys an attempt once `coordinator` (when the job has one) is ready,
   * from the checkpoint it should restore; a failure on the way fails the job.
   */
  private async deployAttempt(coordinator: Promise<CheckpointCoordinator> | undefined): Promise<void> {
    try {
      const opened = await coordinator;
      const loaded = opened === undefined ? undefined : await this.checkpointToRestore(opened);
      if (this.ending) return;
      this.setStatus('RUNNING');
      this.deploy(loaded);
      if (this.options.checkpointing !== undefined) opened?.startPeriodic();
    } catch (error) {
      await this.end('FAILED', error, { notifySinks: true });
    }
  }

  /**
   * What an attempt starts from: after a restart, the latest checkpoint this
   * run completed; else what the run was told to start from (`restore`).
   */
  private async checkpointToRestore(coordinator: CheckpointCoordinator): Promise<LoadedCheckpoint | undefined> {
    const storage = await this.storage!;
    const completed = coordinator.retainer.all;
    if (this.restarts > 0 && completed.length > 0) {
      return this.load({ storage, pointers: [...completed].reverse().map((c) => c.pointer) }, true);
    }
    const settings = this.options.restore;
    if (settings === undefined) return undefined;
    // The first attempt reuses the list taken to number checkpoints; a restart lists the storage again.
    const source = await resolveRestorePointer(storage, settings, this.restarts === 0 ? this.completedAtStart : undefined);
    return source === undefined ? undefined : this.load(source, settings.allowNonRestoredState === true);
  }

  /** Loads the first pointer that reads cleanly (newest first), falling back past corrupt ones when allowed. */
  private async load(source: RestoreSource, allowNonRestoredState: boolean): Promise<LoadedCheckpoint> {
    const fallback = this.options.checkpointing?.fallbackToOlderCheckpoint ?? true;
    let firstError: unknown;
    for (const pointer of source.pointers) {
      try {
        const target = { maxParallelism: this.options.maxParallelism, operators: this.job.operators, allowNonRestoredState };
        const loaded = await loadCheckpoint(source.storage, pointer, target, source.metadata);
        this.emit({ type: 'restored', checkpointId: pointer.checkpointId, savepoint: pointer.savepoint, pointer, attempt: this.restarts, at: Date.now() });
        return loaded;
      } catch (error) {
        firstError ??= error;
        const corrupt = error instanceof WeirError && (error.code === ErrorCodes.CHECKPOINT_CORRUPT || error.code === ErrorCodes.CHECKPOINT_NOT_FOUND);
        if (!corrupt || !fallback) throw error;
        this.emit({ type: 'warning', message: `Not restoring ${pointer.location}: ${(error as Error).message}`, at: Date.now() });
      }
    }
    throw firstError;
  }

  private ensureCoordinator(): Promise<CheckpointCoordinator> {
    this.coordinator ??= (async () => {
      this.storage = this.options.stateBackend.createCheckpointStorage({ jobId: this.jobId, jobName: this.jobName });
      const storage = await this.storage;
      const completed = await storage.listCompleted();
      this.completedAtStart = completed;
      const coordinator = new CheckpointCoordinator({
        options: this.options.checkpointing ?? this.options.savepointDefaults,
        storage,
        clock: this.options.clock,
        jobName: this.jobName,
        maxParallelism: this.options.maxParallelism,
        operators: this.job.operators,
        firstCheckpointId: completed.reduce((max, p) => Math.max(max, p.checkpointId), 0) + 1,
        emit: (event) => this.emit(event),
        failJob: (error) => void this.onFailure(error),
      });
      this.coordinatorSync = coordinator;
      if (this.execution !== undefined) coordinator.attach(this.execution);
      return coordinator;
    })();
    return this.coordinator;
  }

  private async requireCoordinator(what: string): Promise<CheckpointCoordinator> {
    if (isTerminal(this.status) || this.ending || this.status === 'RESTARTING') {
      throw new CheckpointError(ErrorCodes.ILLEGAL_JOB_STATE, `The job is ${this.status}, so no ${what} can be taken now; take it while the job is RUNNING.`);
    }
    return this.ensureCoordinator();
  }

  private async onFailure(error: unknown): Promise<void> {
    if (this.ending || isTerminal(this.status) || this.status === 'RESTARTING') return;
    const failure = error instanceof WeirError ? error : toJobError(error, 'job');
    const delay = this.options.restartStrategy.onFailure(this.options.clock.now());
    const fatal = failure.code === ErrorCodes.STORAGE_LOCKED || failure.code === ErrorCodes.STATE_BACKEND_UNAVAILABLE;
    if (delay === undefined || fatal) {
      await this.end('FAILED', failure, { notifySinks: true });
      return;
    }
    this.setStatus('RESTARTING');
    this.execution?.stop();
    this.execution = undefined;
    this.coordinatorSync?.detach(new CheckpointError(ErrorCodes.CHECKPOINT_FAILED, `The job failed and restarts: ${failure.message}`, { cause: failure }));
    const restart = () => void this.restart();
    if (delay === 0) void Promise.resolve().then(restart);
    else this.options.clock.schedule(this.options.clock.now() + delay, restart);
  }

  private restart(): Promise<void> {
    if (this.ending) return Promise.resolve();
    this.restarts++;
    return this.deployAttempt(this.coordinator);
  }

  /** Ends the job run: stops the attempt and the coordinator, applies retention, closes the storage, settles `result`. */
  private async end(status: 'FINISHED' | 'FAILED' | 'CANCELED', error: unknown, { notifySinks }: { notifySinks: boolean }): Promise<void> {
    if (this.ending) return;
    this.ending = true;
    this.execution?.stop();
    const coordinator = this.coordinator === undefined ? undefined : await this.coordinator.catch(() => undefined);
    coordinator?.stop(new CheckpointError(ErrorCodes.CHECKPOINT_FAILED, `The job is ${status === 'FINISHED' ? 'finishing' : status === 'FAILED' ? 'failing' : 'cancelled'}.`));
    let failure = error;
    if (status === 'FINISHED' && notifySinks) {
      // Sinks hear the end before the status turns terminal: a throwing onJobFinished fails the job.
      const hookFailure = this.notifySinks((sink) => sink.onJobFinished?.());
      if (hookFailure !== undefined) {
        status = 'FAILED';
        failure = hookFailure;
      }
    } else if (status === 'FAILED' && notifySinks) {
      this.notifySinks((sink) => sink.onJobFailed?.(failure));
    } else if (status === 'CANCELED') {
      this.notifySinks((sink) => sink.onJobCanceled?.());
    }
    const deleteCheckpoints =
      status === 'FINISHED' || (status === 'CANCELED' && (this.options.checkpointing?.retention ?? 'delete-on-cancellation') === 'delete-on-cancellation');
    if (coordinator !== undefined) {
      // Retention finishes before the storage closes: what a later run sees is exactly the retained checkpoints.
      await (deleteCheckpoints ? coordinator.retainer.discardAll() : coordinator.retainer.prune()).catch(() => {});
    }
    await this.storage?.then((storage) => storage.close()).catch(() => {});
    this.setStatus(status);
    if (status === 'FAILED') this.rejectResult(failure);
    else this.resolveResult(this.resultOf(status));
    this.statusSubject.complete();
    this.events.complete();
  }

  private warnAboutNonReplayableSources(): void {
    if (this.options.checkpointing === undefined) return;
    for (const { uid, name } of this.job.nonReplayableSources) {
      const message =
        `Source '${uid}' (${name}) cannot replay: after a restore it starts afresh, so records it emitted ` +
        'after the last checkpoint are lost or repeated (see ObservableSource). Use a replayable source for exactly-once results.';
      console.warn(`weir: ${message}`);
      this.emit({ type: 'warning', message, at: Date.now() });
    }
  }

  private emit(event: CheckpointEvent): void {
    this.events.next(event);
  }

  /**
   * Calls a job hook on every sink. Hooks are user code: a throw must not
   * escape as an unhandled rejection or keep `result` from settling, so the
   * first one is returned (naming the sink's uid) for the caller to fail the
   * job with; later ones are dropped.
   */
  private notifySinks(hook: (sink: Sink<unknown>) => void): WeirError | undefined {
    let failure: WeirError | undefined;
    for (const [sink, uid] of this.job.sinks) {
      try {
        hook(sink);
      } catch (error) {
        failure ??= toJobError(error, uid);
      }
    }
    return failure;
  }

  private setStatus(status: JobStatus): void {
    if (this.statusSubject.value !== status) this.statusSubject.next(status);
  }

  private resultOf(status: 'FINISHED' | 'CANCELED'): JobExecutionResult {
    return { jobId: this.jobId, jobName: this.jobName, status, durationMs: Date.now() - this.startedAt };
  }
}

/** A planned job whose tasks run in this realm. */
function describeLocalJob(plan: readonly PlannedNode[], options: LocalJobOptions): JobDescription {
  const execution: Omit<LocalExecutionOptions, 'restore' | 'checkpoints' | 'checkpointingMode'> = {
    jobId: options.jobId,
    maxParallelism: options.maxParallelism,
    clock: options.clock,
    stateBackend: options.stateBackend,
    pull: options.pull,
  };
  return {
    operators: plan.map((p) => ({ uid: p.uid, name: p.node.name, parallelism: p.parallelism })),
    sinks: new Map(plan.filter((p) => p.node.kind === 'sink').map((p) => [p.node.sink!, p.uid])),
    nonReplayableSources: plan
      .filter((p) => p.node.kind === 'source' && !p.node.source!.replayable)
      .map((p) => ({ uid: p.uid, name: p.node.source!.name })),
    createExecution: (parameters) => new LocalExecution(plan, { ...execution, ...parameters }),
  };
}

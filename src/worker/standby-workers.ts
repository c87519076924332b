import type { WorkerError } from '../errors/worker-error.js';
import type { WorkerJobApi } from './serve-worker.js';
import type { SpawnWorkerOptions, WorkerHandle } from './worker-handle.js';

/**
 * The workers of a distributed job's first attempt, spawned (together)
 * before the job is planned: worker 0 plans the job, then the first attempt
 * claims all of them, so no worker is started only to plan. Until the
 * attempt claims them their crashes are kept, and the attempt hears the
 * first one as soon as it claims them; whatever is never claimed (the job
 * failed or was cancelled first) is stopped by {@link StandbyWorkers.release}.
 */
export class StandbyWorkers {
  private onCrash: ((error: WorkerError) => void) | undefined;
  private crash: WorkerError | undefined;
  private state: 'standby' | 'claimed' | 'released' = 'standby';
  private handles: readonly WorkerHandle<WorkerJobApi>[] = [];

  private constructor() {}

  /**
   * Spawns `names.length` workers at once with `spawn`. When any fails to
   * start, stops the others and rejects with that failure.
   */
  static async spawn(spawn: (options: SpawnWorkerOptions) => Promise<WorkerHandle<WorkerJobApi>>, names: readonly string[]): Promise<StandbyWorkers> {
    const standby = new StandbyWorkers();
    const spawned = await Promise.allSettled(names.map((name) => spawn({ name, onCrash: (error) => standby.crashed(error) })));
    const handles = spawned.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = spawned.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) {
      await Promise.all(handles.map((h) => h.terminate()));
      throw failed.reason;
    }
    standby.handles = handles;
    return standby;
  }

  /** Worker 0, which plans the job (its calls reject once it crashed). */
  get planner(): WorkerHandle<WorkerJobApi> {
    return this.handles[0]!;
  }

  /**
   * Hands the workers (in index order) to their first attempt, once: later
   * calls, and calls after {@link release}, return undefined (that attempt
   * spawns its own). `onCrash` hears each later crash of any of them, and
   * one that happened before (in a microtask) at once.
   */
  claim(onCrash: (error: WorkerError) => void): readonly WorkerHandle<WorkerJobApi>[] | undefined {
    if (this.state !== 'standby') return undefined;
    this.state = 'claimed';
    this.onCrash = onCrash;
    const crash = this.crash;
    if (crash !== undefined) queueMicrotask(() => onCrash(crash));
    return this.handles;
  }

  /** Stops the workers unless an attempt claimed them (it stops them then). Idempotent. */
  async release(): Promise<void> {
    if (this.state !== 'standby') return;
    this.state = 'released';
    await Promise.all(this.handles.map((h) => h.terminate()));
  }

  private crashed(error: WorkerError): void {
    if (this.onCrash !== undefined) this.onCrash(error);
    else this.crash ??= error;
  }
}

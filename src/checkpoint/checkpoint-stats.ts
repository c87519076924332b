import type {
  CheckpointCompletedEvent,
  CheckpointEvent,
  CheckpointFailedEvent,
  CheckpointRestoredEvent,
} from './checkpoint-events.js';

/** One checkpoint in the stats history. */
export interface CheckpointSummary {
  readonly checkpointId: number;
  readonly savepoint: boolean;
  readonly status: 'in-progress' | 'completed' | 'failed';
  readonly triggeredAt: number;
  readonly acknowledged: number;
  readonly stateSize: number;
  readonly incrementalSize: number;
  readonly durationMs?: number;
  readonly failure?: string;
}

/** What `job.checkpointStats()` returns: counts, the latest of each kind, and recent history (newest last). */
export interface CheckpointStats {
  readonly counts: {
    readonly triggered: number;
    readonly inProgress: number;
    readonly completed: number;
    readonly failed: number;
    readonly restored: number;
  };
  readonly latest: {
    readonly completed?: CheckpointCompletedEvent;
    readonly savepoint?: CheckpointCompletedEvent;
    readonly failed?: CheckpointFailedEvent;
    readonly restored?: CheckpointRestoredEvent;
  };
  readonly history: readonly CheckpointSummary[];
}

/** Folds checkpoint events into {@link CheckpointStats}, keeping the last `historySize` checkpoints. */
export class CheckpointStatsTracker {
  private triggered = 0;
  private completed = 0;
  private failed = 0;
  private restored = 0;
  private readonly latest: { completed?: CheckpointCompletedEvent; savepoint?: CheckpointCompletedEvent; failed?: CheckpointFailedEvent; restored?: CheckpointRestoredEvent } = {};
  private readonly history = new Map<number, CheckpointSummary>();

  constructor(private readonly historySize = 20) {}

  record(event: CheckpointEvent): void {
    switch (event.type) {
      case 'triggered':
        this.triggered++;
        this.put({
          checkpointId: event.checkpointId,
          savepoint: event.savepoint,
          status: 'in-progress',
          triggeredAt: event.at,
          acknowledged: 0,
          stateSize: 0,
          incrementalSize: 0,
        });
        return;
      case 'acknowledged': {
        const entry = this.history.get(event.checkpointId);
        if (entry === undefined) return;
        this.history.set(event.checkpointId, {
          ...entry,
          acknowledged: entry.acknowledged + 1,
          stateSize: entry.stateSize + event.stateSize,
          incrementalSize: entry.incrementalSize + event.incrementalSize,
        });
        return;
      }
      case 'completed': {
        this.completed++;
        if (event.savepoint) this.latest.savepoint = event;
        else this.latest.completed = event;
        const entry = this.history.get(event.checkpointId);
        if (entry !== undefined) this.history.set(event.checkpointId, { ...entry, status: 'completed', durationMs: event.durationMs });
        return;
      }
      case 'failed': {
        this.failed++;
        this.latest.failed = event;
        const entry = this.history.get(event.checkpointId);
        if (entry !== undefined) this.history.set(event.checkpointId, { ...entry, status: 'failed', failure: event.reason.message });
        return;
      }
      case 'restored':
        this.restored++;
        this.latest.restored = event;
        return;
      case 'warning':
        return;
    }
  }

  snapshot(): CheckpointStats {
    let inProgress = 0;
    for (const entry of this.history.values()) if (entry.status === 'in-progress') inProgress++;
    return {
      counts: { triggered: this.triggered, inProgress, completed: this.completed, failed: this.failed, restored: this.restored },
      latest: { ...this.latest },
      history: [...this.history.values()],
    };
  }

  private put(summary: CheckpointSummary): void {
    this.history.set(summary.checkpointId, summary);
    while (this.history.size > this.historySize) this.history.delete(this.history.keys().next().value!);
  }
}

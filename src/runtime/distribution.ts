import type { Observable } from 'rxjs';
import type { PlannedNode } from './execution-plan.js';
import type { StreamElement } from './stream-element.js';

/** Where a producer subtask's elements for a consumer subtask in another realm go. */
export interface ChannelTarget {
  next(element: StreamElement): void;
  error(error: unknown): void;
  complete(): void;
}

/**
 * Which subtasks of a job this realm (a worker) runs, and how it reaches
 * the others: a channel whose producer runs here and consumer elsewhere
 * gets a sender; one the other way round a receiver. Both sides name a
 * channel by {@link channelKey}.
 */
export interface Distribution {
  owns(nodeId: number, subtask: number): boolean;
  sender(channel: string): ChannelTarget;
  receiver(channel: string): Observable<StreamElement>;
}

/** The name of the channel from producer subtask `u` into input `input` of consumer subtask `d` of node `nodeId`. */
export function channelKey(nodeId: number, input: number, u: number, d: number): string {
  return `${nodeId}.${input}:${u}>${d}`;
}

/** The worker that runs subtask `subtask` when a job is spread over `workers` workers. */
export function ownerOf(subtask: number, workers: number): number {
  return subtask % workers;
}

/**
 * Calls `fn` for every channel of a planned job, named by {@link channelKey}:
 * for each input of each node, from each upstream subtask `u` to its
 * consumer subtasks `d` (only `u` itself over a forward edge, else all).
 */
export function forEachChannel(
  plan: readonly PlannedNode[],
  fn: (key: string, planned: PlannedNode, inputIndex: number, u: number, d: number) => void,
): void {
  for (const planned of plan) {
    for (const [inputIndex, input] of planned.inputs.entries()) {
      for (let u = 0; u < input.upstream.parallelism; u++) {
        if (input.partitioning === 'forward') fn(channelKey(planned.node.id, inputIndex, u, u), planned, inputIndex, u, u);
        else for (let d = 0; d < planned.parallelism; d++) fn(channelKey(planned.node.id, inputIndex, u, d), planned, inputIndex, u, d);
      }
    }
  }
}

import type { Observable } from 'rxjs';
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

import type { CheckpointEvent, CheckpointFailedEvent } from '../checkpoint/checkpoint-events.js';
import type { WeirError } from '../errors/weir-error.js';
import { deserializeThrown } from './deserialize-thrown.js';
import { serializeThrown } from './serialize-thrown.js';
import type { SerializedThrown } from './serialized-thrown.js';

/** A checkpoint event as it crosses a worker boundary: a failure's reason as data. */
export type TransferableCheckpointEvent =
  | Exclude<CheckpointEvent, CheckpointFailedEvent>
  | (Omit<CheckpointFailedEvent, 'reason'> & { readonly reason: SerializedThrown });

/** Prepares `event` for postMessage (structured clone would drop the reason's class and code). */
export function toTransferableEvent(event: CheckpointEvent): TransferableCheckpointEvent {
  return event.type === 'failed' ? { ...event, reason: serializeThrown(event.reason) } : event;
}

/** Rebuilds an event sent by {@link toTransferableEvent}, its reason an instance of its weir error class again. */
export function fromTransferableEvent(event: TransferableCheckpointEvent): CheckpointEvent {
  return event.type === 'failed' ? { ...event, reason: deserializeThrown(event.reason) as WeirError } : event;
}

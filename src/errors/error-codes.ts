/**
 * Every stable error code weir throws. Codes never change meaning once
 * released; match on them (`err.code === ErrorCodes.INVALID_KEY`) instead of
 * on messages.
 */
export const ErrorCodes = {
  /** A callback argument was not a function. */
  NOT_A_FUNCTION: 'WEIR_NOT_A_FUNCTION',
  /** An options object or argument had the wrong shape or value. */
  INVALID_ARGUMENT: 'WEIR_INVALID_ARGUMENT',
  /** A duration, interval or size was negative, NaN or not an integer. */
  INVALID_DURATION: 'WEIR_INVALID_DURATION',
  /** Parallelism below 1 or above maxParallelism. */
  INVALID_PARALLELISM: 'WEIR_INVALID_PARALLELISM',
  /** maxParallelism outside 1..32768. */
  INVALID_MAX_PARALLELISM: 'WEIR_INVALID_MAX_PARALLELISM',
  /** A key selector returned a value with no canonical encoding. */
  INVALID_KEY: 'WEIR_INVALID_KEY',
  /** A timestamp or watermark that is not a safe integer. */
  INVALID_TIMESTAMP: 'WEIR_INVALID_TIMESTAMP',
  /** Two operators share one uid. */
  DUPLICATE_UID: 'WEIR_DUPLICATE_UID',
  /** `execute()` was called a second time on one environment. */
  JOB_ALREADY_EXECUTED: 'WEIR_JOB_ALREADY_EXECUTED',
  /** A job graph with no sink, or a stream used after execution. */
  INVALID_JOB_GRAPH: 'WEIR_INVALID_JOB_GRAPH',
  /** A user function threw. The cause is attached. */
  USER_FUNCTION_FAILED: 'WEIR_USER_FUNCTION_FAILED',
  /** Keyed state or a timer was used where there is no current key. */
  NO_CURRENT_KEY: 'WEIR_NO_CURRENT_KEY',
  /** Two state descriptors with one name but different kinds. */
  STATE_CONFLICT: 'WEIR_STATE_CONFLICT',
  /** Merging windows would give a window that is already late (a shrinking merge). */
  UNSUPPORTED_MERGE: 'WEIR_UNSUPPORTED_MERGE',
  /** A snapshot could not be restored into this operator or backend. */
  STATE_RESTORE_FAILED: 'WEIR_STATE_RESTORE_FAILED',
  /** A checkpoint or snapshot could not be taken or stored. */
  CHECKPOINT_FAILED: 'WEIR_CHECKPOINT_FAILED',
  /** A stored checkpoint does not exist. */
  CHECKPOINT_NOT_FOUND: 'WEIR_CHECKPOINT_NOT_FOUND',
  /** A worker failed to start, load its module, or crashed. */
  WORKER_FAILED: 'WEIR_WORKER_FAILED',
  /** A record that cannot cross to another worker with the exchange's encoding (a function, symbol, class instance). */
  UNSUPPORTED_EXCHANGE_VALUE: 'WEIR_UNSUPPORTED_EXCHANGE_VALUE',
  /** An operation that the current job status does not allow. */
  ILLEGAL_JOB_STATE: 'WEIR_ILLEGAL_JOB_STATE',
  /** A state backend name that configuration cannot resolve. */
  UNKNOWN_STATE_BACKEND: 'WEIR_UNKNOWN_STATE_BACKEND',
  /** A state backend used where its storage does not exist (IndexedDB in plain Node, the filesystem in a browser). */
  STATE_BACKEND_UNAVAILABLE: 'WEIR_STATE_BACKEND_UNAVAILABLE',
  /** Another job (or tab, or process) holds the checkpoint storage. */
  STORAGE_LOCKED: 'WEIR_STORAGE_LOCKED',
  /** The checkpoint storage failed: quota exceeded, disk full, permission denied, aborted transaction. */
  CHECKPOINT_STORAGE_FAILED: 'WEIR_CHECKPOINT_STORAGE_FAILED',
  /** A stored checkpoint, savepoint or chunk is truncated, corrupt or incomplete. */
  CHECKPOINT_CORRUPT: 'WEIR_CHECKPOINT_CORRUPT',
  /** A checkpoint did not complete within its timeout. */
  CHECKPOINT_TIMEOUT: 'WEIR_CHECKPOINT_TIMEOUT',
  /** More checkpoints failed in a row than `tolerableFailedCheckpoints` allows. */
  TOO_MANY_FAILED_CHECKPOINTS: 'WEIR_TOO_MANY_FAILED_CHECKPOINTS',
  /** A path inside checkpoint metadata, or given to restore, points outside the checkpoint directory. */
  INVALID_CHECKPOINT_PATH: 'WEIR_INVALID_CHECKPOINT_PATH',
  /** A checkpoint or savepoint written in a format version this weir cannot read. */
  UNSUPPORTED_FORMAT_VERSION: 'WEIR_UNSUPPORTED_FORMAT_VERSION',
  /** A state value the state codec cannot persist (a function, symbol, class instance without a codec). */
  UNSUPPORTED_STATE_VALUE: 'WEIR_UNSUPPORTED_STATE_VALUE',
  /** A checkpoint holds state for an operator uid the job no longer has (see `allowNonRestoredState`). */
  NON_RESTORED_STATE: 'WEIR_NON_RESTORED_STATE',
} as const;

/** One of the stable codes in {@link ErrorCodes}. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/**
 * Where a job starts from (`StreamEnvironment.create({ restore })`).
 *
 * - `from: 'latest'`: the newest completed checkpoint or savepoint in the
 *   backend's storage; a fresh start when there is none (what a page reload
 *   or a redeploy wants).
 * - `from: 'chk-7'` / `'savepoint-3'`: that one, in the backend's storage;
 *   with the filesystem backend also the path of a checkpoint directory or
 *   its `_metadata` file (another job's directory works too).
 * - `from: bytes`: a savepoint file's contents (`savepoint.bytes` of
 *   `job.triggerSavepoint()`), from any backend or runtime.
 *
 * @example
 * ```ts
 * StreamEnvironment.create({ stateBackend, restore: { from: '/ckpt/clicks/chk-12', allowNonRestoredState: true } });
 * ```
 */
export interface RestoreSettings {
  readonly from: 'latest' | string | Uint8Array;
  /** Drop state of operators (by uid) the job no longer has instead of failing with NON_RESTORED_STATE. Default false. */
  readonly allowNonRestoredState?: boolean;
}

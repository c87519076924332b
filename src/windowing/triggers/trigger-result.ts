/**
 * What a trigger decides: `CONTINUE` (nothing), `FIRE` (evaluate the window,
 * keep its contents), `PURGE` (clear the contents, no output),
 * `FIRE_AND_PURGE` (evaluate, then clear). Purging clears contents only:
 * trigger state, timers and the window itself stay until cleanup time.
 */
export type TriggerResult = 'CONTINUE' | 'FIRE' | 'PURGE' | 'FIRE_AND_PURGE';

/** Whether `result` evaluates the window. */
export function isFire(result: TriggerResult): boolean {
  return result === 'FIRE' || result === 'FIRE_AND_PURGE';
}

/** Whether `result` clears the window contents. */
export function isPurge(result: TriggerResult): boolean {
  return result === 'PURGE' || result === 'FIRE_AND_PURGE';
}

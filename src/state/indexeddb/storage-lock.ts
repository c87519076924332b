/** A held lock; `release()` is idempotent and resolves once the lock is free for the next holder. */
export interface HeldStorageLock {
  release(): Promise<void>;
}

/** The part of the Web Locks API the lock uses. */
export interface WebLockManager {
  request(name: string, options: { ifAvailable: true }, callback: (lock: unknown) => Promise<void> | undefined): Promise<unknown>;
}

/** Names held by this process where Web Locks do not exist, per IDBFactory (each factory is its own set of databases). */
const heldInProcess = new WeakMap<object, Set<string>>();

/**
 * Takes the exclusive lock `name`, or resolves undefined when someone holds it.
 *
 * With Web Locks (`navigator.locks`: browsers, window and worker alike) the
 * lock spans every tab and worker of the origin and is released by the
 * browser if the holder's page dies. Where Web Locks do not exist (Node
 * with an IndexedDB implementation such as fake-indexeddb), it falls back to
 * a registry in this process, keyed by the factory: that excludes a second
 * job of the same process, which is all such a factory can be shared by.
 */
export async function acquireStorageLock(name: string, factory: object): Promise<HeldStorageLock | undefined> {
  const locks = (globalThis as { navigator?: { locks?: WebLockManager } }).navigator?.locks;
  return locks === undefined ? acquireInProcessLock(name, factory) : acquireWebLock(locks, name);
}

/** Takes Web Lock `name` if available, holding it until release(). */
function acquireWebLock(locks: WebLockManager, name: string): Promise<HeldStorageLock | undefined> {
  let unhold!: () => void;
  const held = new Promise<void>((resolve) => (unhold = resolve));
  return new Promise((resolve, reject) => {
    const granted = locks.request(name, { ifAvailable: true }, (lock) => {
      if (lock === null) {
        resolve(undefined);
        return undefined;
      }
      // The request settles after the lock manager has let go of the lock.
      const released = granted.then(
        () => undefined,
        () => undefined,
      );
      resolve({
        release() {
          unhold();
          return released;
        },
      });
      // The lock is held until this promise settles, i.e. until release().
      return held;
    });
    granted.catch(reject);
  });
}

/** Takes `name` in this process's registry for `factory` (the fallback where Web Locks do not exist). */
export function acquireInProcessLock(name: string, factory: object): HeldStorageLock | undefined {
  let names = heldInProcess.get(factory);
  if (names === undefined) heldInProcess.set(factory, (names = new Set()));
  if (names.has(name)) return undefined;
  names.add(name);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      names.delete(name);
    },
  };
}

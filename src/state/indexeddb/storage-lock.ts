/** A held lock; `release()` is idempotent. */
export interface HeldStorageLock {
  release(): void;
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
export async function acquireStorageLock(
  name: string,
  factory: object,
  locks: WebLockManager | undefined = webLocks(),
): Promise<HeldStorageLock | undefined> {
  if (locks === undefined) return acquireInProcess(name, factory);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  return new Promise((resolve, reject) => {
    locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (lock === null) {
          resolve(undefined);
          return undefined;
        }
        resolve({ release });
        // The lock is held until this promise settles, i.e. until release().
        return held;
      })
      .catch(reject);
  });
}

function webLocks(): WebLockManager | undefined {
  return (globalThis as { navigator?: { locks?: WebLockManager } }).navigator?.locks;
}

function acquireInProcess(name: string, factory: object): HeldStorageLock | undefined {
  let names = heldInProcess.get(factory);
  if (names === undefined) heldInProcess.set(factory, (names = new Set()));
  if (names.has(name)) return undefined;
  names.add(name);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      names.delete(name);
    },
  };
}

let counter = 0;

/** How long a deletion may stay blocked by another open connection before it is reported. */
const BLOCKED_LIMIT_MS = 10_000;

/** A database name no earlier run of this page used: `weir-bench-<purpose>-<time>-<n>`. */
export function uniqueDatabaseName(purpose: string): string {
  return `weir-bench-${purpose}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
}

/**
 * Deletes IndexedDB database `name` (in the page's origin) and waits until
 * it is gone. A connection still open elsewhere blocks the deletion until it
 * closes; after 10 s of that the promise rejects instead of hanging.
 */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => {
      clearTimeout(timer);
      resolve();
    };
    request.onerror = () => {
      clearTimeout(timer);
      reject(request.error ?? new Error(`could not delete IndexedDB database ${name}`));
    };
    request.onblocked = () => {
      timer ??= setTimeout(() => reject(new Error(`deleting IndexedDB database ${name}: still blocked by an open connection after ${BLOCKED_LIMIT_MS} ms`)), BLOCKED_LIMIT_MS);
    };
  });
}

/** Unique IndexedDB database names for one test file, all deleted by `deleteAll()` (call it in afterAll). */
export function testDatabases(prefix: string): { name(): string; deleteAll(factory?: IDBFactory): Promise<void> } {
  const names: string[] = [];
  return {
    name() {
      const name = `${prefix}-${Math.random().toString(36).slice(2)}-${names.length}`;
      names.push(name);
      return name;
    },
    async deleteAll(factory = indexedDB) {
      for (const name of names.splice(0)) {
        await new Promise<void>((resolve, reject) => {
          const request = factory.deleteDatabase(name);
          request.onsuccess = () => resolve();
          request.onerror = () => reject(request.error);
        });
      }
    },
  };
}

import { afterAll, describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import type { RestoreSettings } from '../../../src/checkpoint/restore/restore-settings.js';
import { InMemoryTransactionalSink } from '../../../src/connectors/sinks/in-memory-transactional-sink.js';
import { IndexedDBStateBackend } from '../../../src/state/indexeddb/indexeddb-state-backend.js';
import { countLinesInto, expectedCountLines, numbered, type Numbered } from '../../support/counting-job.js';
import { GatedSource } from '../../support/gated-source.js';
import { testDatabases } from '../../support/indexeddb-databases.js';

const databases = testDatabases('weir-backend-selection');
afterAll(() => databases.deleteAll());

const EVENTS = 2000;
const KEYS = 7;

/** A keyed counting job whose state backend comes from configuration alone. */
function configuredJob(
  databaseName: string,
  sink: InMemoryTransactionalSink<string>,
  options: { readonly source?: GatedSource<Numbered>; readonly restore?: RestoreSettings },
) {
  const env = StreamEnvironment.create({
    parallelism: 2,
    configuration: { stateBackend: 'indexeddb', stateBackendOptions: { databaseName } },
    checkpointing: { interval: 3_600_000, retention: 'retain-on-cancellation' },
    ...(options.restore ? { restore: options.restore } : {}),
  });
  countLinesInto(env.fromSource(options.source ?? new GatedSource(EVENTS, (i) => numbered(i, KEYS))).uid('numbers'), sink);
  return { env, job: env.execute('configured indexeddb') };
}

describe('picking the state backend by configuration (Chromium)', () => {
  it("runs a checkpointed job on 'indexeddb' in the configured database, and resumes from the checkpoint it kept there", async () => {
    const databaseName = databases.name();
    const sink = new InMemoryTransactionalSink<string>();
    const source = new GatedSource(EVENTS, (i) => numbered(i, KEYS), 800);
    const { env, job } = configuredJob(databaseName, sink, { source });
    expect(env.stateBackend).toBeInstanceOf(IndexedDBStateBackend);
    expect((env.stateBackend as IndexedDBStateBackend).databaseName).toBe(databaseName);
    await source.whenReached(800);
    const { location } = await job.triggerCheckpoint();
    await job.cancel();

    const storage = await new IndexedDBStateBackend({ databaseName }).createCheckpointStorage({ jobId: 'inspect', jobName: 'inspect' });
    try {
      expect((await storage.listCompleted()).map((p) => p.location)).toEqual([location]);
    } finally {
      await storage.close();
    }

    const resumed = configuredJob(databaseName, sink, { restore: { from: location } });
    await resumed.job.result;
    expect(sink.committed().sort()).toEqual(expectedCountLines(EVENTS, KEYS));
  });
});

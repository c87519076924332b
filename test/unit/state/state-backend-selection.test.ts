import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StreamEnvironment } from '../../../src/api/stream-environment.js';
import type { StreamEnvironmentOptions } from '../../../src/api/stream-environment-options.js';
import { CollectSink } from '../../../src/connectors/sinks/collect-sink.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { StreamEnvironment as NodeEntryStreamEnvironment } from '../../../src/node.js';
import { NodeStreamEnvironment } from '../../../src/node/node-stream-environment.js';
import { FileSystemStateBackend } from '../../../src/state/fs/file-system-state-backend.js';
import { IndexedDBStateBackend } from '../../../src/state/indexeddb/indexeddb-state-backend.js';
import { MemoryStateBackend } from '../../../src/state/memory/memory-state-backend.js';
import type { StateBackendConfiguration } from '../../../src/state/state-backend-loader.js';
import type { StateBackend } from '../../../src/state/state-backend.js';
import { CountPerKey, countLine, numbered } from '../../support/counting-job.js';
import { GatedSource } from '../../support/gated-source.js';
import { tempDirectories } from '../../support/temp-directories.js';

const directories = tempDirectories('weir-backend-selection-');
afterAll(() => directories.removeAll());

const EVENTS = 1000;

/**
 * Runs a keyed counting job on `env`, held at record 500 while it takes one
 * checkpoint, then cancels it (retaining the checkpoint). Resolves with the
 * checkpoint's location.
 */
async function checkpointThenCancel(env: StreamEnvironment): Promise<string> {
  const source = new GatedSource(EVENTS, (i) => numbered(i, 7), 500);
  env.fromSource(source).uid('numbers').keyBy((r) => r.key).process(new CountPerKey()).uid('count').map(countLine).collect();
  const job = env.execute('selection');
  await source.whenReached(500);
  const { location } = await job.triggerCheckpoint();
  await job.cancel();
  expect(job.status).toBe('CANCELED');
  return location;
}

const retained = { interval: 3_600_000, retention: 'retain-on-cancellation' } as const;

/** The checkpoint locations a backend holds. */
async function completedIn(backend: StateBackend): Promise<string[]> {
  const storage = await backend.createCheckpointStorage({ jobId: 'inspect', jobName: 'inspect' });
  try {
    return (await storage.listCompleted()).map((p) => p.location);
  } finally {
    await storage.close();
  }
}

function configError(create: () => unknown): ConfigError {
  try {
    create();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}

describe('picking the state backend', () => {
  it('uses a MemoryStateBackend with its defaults when neither code nor configuration picks one', () => {
    const backend = StreamEnvironment.create().stateBackend;
    expect(backend).toBeInstanceOf(MemoryStateBackend);
    expect((backend as MemoryStateBackend).maxCheckpointSize).toBe(new MemoryStateBackend().maxCheckpointSize);
  });

  it('builds the backend configuration names, with its options, instead of the default', () => {
    const memory = StreamEnvironment.create({ configuration: { stateBackend: 'memory', stateBackendOptions: { maxCheckpointSize: 4096 } } }).stateBackend;
    expect(memory).toBeInstanceOf(MemoryStateBackend);
    expect((memory as MemoryStateBackend).maxCheckpointSize).toBe(4096);
    const indexeddb = StreamEnvironment.create({ configuration: { stateBackend: 'indexeddb', stateBackendOptions: { databaseName: 'orders' } } }).stateBackend;
    expect(indexeddb).toBeInstanceOf(IndexedDBStateBackend);
    expect((indexeddb as IndexedDBStateBackend).databaseName).toBe('orders');
  });

  it('uses the backend set in code, whatever configuration names', () => {
    const inCode = new MemoryStateBackend();
    const configurations: StateBackendConfiguration[] = [
      { stateBackend: 'memory', stateBackendOptions: { maxCheckpointSize: 4096 } },
      { stateBackend: 'indexeddb', stateBackendOptions: { databaseName: 'orders' } },
      { stateBackend: 'filesystem', stateBackendOptions: { directory: '/never/used' } },
    ];
    for (const configuration of configurations) {
      expect(StreamEnvironment.create({ stateBackend: inCode, configuration }).stateBackend).toBe(inCode);
      expect(NodeStreamEnvironment.create({ stateBackend: inCode, configuration }).stateBackend).toBe(inCode);
    }
  });

  it('never lets configuration override code: a job checkpoints into the backend set in code, not the configured directory', async () => {
    const configured = join(await directories.make(), 'configured');
    const inCode = new MemoryStateBackend();
    const env = NodeStreamEnvironment.create({
      stateBackend: inCode,
      configuration: { stateBackend: 'filesystem', stateBackendOptions: { directory: configured } },
      checkpointing: retained,
    });
    const location = await checkpointThenCancel(env);
    expect(await completedIn(inCode)).toEqual([location]);
    await expect(access(configured)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses an unknown backend name with UNKNOWN_STATE_BACKEND, listing the valid names', () => {
    const configuration = { stateBackend: 'nope' } as unknown as StateBackendConfiguration;
    for (const create of [() => StreamEnvironment.create({ configuration }), () => NodeStreamEnvironment.create({ configuration })]) {
      const error = configError(create);
      expect(error.code).toBe(ErrorCodes.UNKNOWN_STATE_BACKEND);
      expect(error.message).toContain('nope');
      expect(error.message).toContain("'memory', 'indexeddb', 'filesystem'");
    }
  });

  it("refuses 'filesystem' from the browser-safe entry with STATE_BACKEND_UNAVAILABLE, pointing to weir/node", () => {
    const error = configError(() =>
      StreamEnvironment.create({ configuration: { stateBackend: 'filesystem', stateBackendOptions: { directory: '/tmp/ckpt' } } }),
    );
    expect(error.code).toBe(ErrorCodes.STATE_BACKEND_UNAVAILABLE);
    expect(error.message).toContain("'weir/node'");
  });

  it("builds 'filesystem' from weir/node with the configured directory, where a checkpointed job leaves its retained checkpoints", async () => {
    const directory = await directories.make();
    const options: StreamEnvironmentOptions = {
      configuration: { stateBackend: 'filesystem', stateBackendOptions: { directory } },
      checkpointing: retained,
    };
    expect(NodeEntryStreamEnvironment).toBe(NodeStreamEnvironment);
    const env = NodeEntryStreamEnvironment.create(options);
    expect(env.stateBackend).toBeInstanceOf(FileSystemStateBackend);
    expect((env.stateBackend as FileSystemStateBackend).directory).toBe(directory);
    const location = await checkpointThenCancel(env);
    expect(await readdir(join(directory, location))).toContain('_metadata');
    expect(await completedIn(new FileSystemStateBackend({ directory }))).toEqual([location]);
  });

  it("fails a checkpointed job with STATE_BACKEND_UNAVAILABLE when configuration names 'indexeddb' in plain Node, before any record flows", async () => {
    const env = NodeStreamEnvironment.create({
      configuration: { stateBackend: 'indexeddb', stateBackendOptions: { databaseName: 'orders' } },
      checkpointing: { interval: 1000 },
    });
    const sink = new CollectSink<number>();
    env.fromArray([1, 2, 3]).sinkTo(sink);
    const job = env.execute();
    const error = await job.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: ErrorCodes.STATE_BACKEND_UNAVAILABLE });
    expect(job.status).toBe('FAILED');
    expect(sink.values).toEqual([]);
  });

  it.each<[string, StateBackendConfiguration, string]>([
    ['filesystem without a directory', { stateBackend: 'filesystem', stateBackendOptions: {} }, 'directory'],
    ['filesystem with an empty directory', { stateBackend: 'filesystem', stateBackendOptions: { directory: '' } }, 'directory'],
    ['filesystem without any options', { stateBackend: 'filesystem' }, 'directory'],
    ['indexeddb without a databaseName', { stateBackend: 'indexeddb', stateBackendOptions: {} }, 'databaseName'],
    ['memory with a negative maxCheckpointSize', { stateBackend: 'memory', stateBackendOptions: { maxCheckpointSize: -1 } }, 'maxCheckpointSize'],
    ['options that are not an object', { stateBackend: 'memory', stateBackendOptions: 'big' as unknown as Record<string, unknown> }, 'stateBackendOptions'],
  ])('refuses %s with the typed error naming the bad option', (_what, configuration, option) => {
    const error = configError(() => NodeStreamEnvironment.create({ configuration }));
    expect(error.code).toBe(ErrorCodes.INVALID_ARGUMENT);
    expect(error.message).toContain(option);
  });
});

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSink } from '../../../src/connectors/sinks/fs/file-sink.js';
import type { FileSinkOptions } from '../../../src/connectors/sinks/fs/file-sink-options.js';
import { CheckpointError } from '../../../src/errors/checkpoint-error.js';
import { ConfigError } from '../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';
import { committedPartFiles, committedPartLines } from '../../support/file-sink-output.js';
import { tempDirectories } from '../../support/temp-directories.js';
import { SinkRun } from './sink-run.js';

const records = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const directories = tempDirectories('weir-file-sink-');
let directory: string;
beforeEach(async () => {
  directory = await directories.make();
});
afterEach(() => directories.removeAll());

const committedFiles = () => committedPartFiles(directory);
const committedLines = () => committedPartLines(directory);

function pendingDirectory(): string[] {
  return readdirSync(join(directory, '.pending')).sort();
}

function sink(options: Partial<FileSinkOptions<string>> = {}): FileSink<string> {
  return new FileSink<string>({ directory, format: (s) => s, ...options });
}

describe('FileSink', () => {
  it('writes in progress, pre-commits at the barrier and commits when the checkpoint completes', async () => {
    const run = await SinkRun.start(sink(), records);
    run.write(2);
    expect(pendingDirectory()).toEqual(['part-0-0.inprogress']);
    await run.snapshot(1);
    run.write(1);
    expect(pendingDirectory()).toEqual(['part-0-0.pending', 'part-0-1.inprogress']);
    expect(committedFiles()).toEqual([]);
    await run.complete(1);
    expect(committedFiles()).toEqual(['part-0-0']);
    expect(readFileSync(join(directory, 'part-0-0'), 'utf8')).toBe('a\nb\n');
  });

  it('holds every record once after a crash and restore, like a run without failure', async () => {
    const file = sink();
    const first = await SinkRun.start(file, records);
    first.write(2);
    const checkpoint1 = await first.snapshot(1);
    first.write(2);
    await first.complete(1);
    await first.snapshot(2); // never completes
    first.write(2);
    // crash: dropped without close
    const second = await SinkRun.start(file, records, checkpoint1);
    expect(pendingDirectory()).toEqual([]);
    await second.finish();
    expect(committedLines()).toEqual(records);
    expect(pendingDirectory()).toEqual([]);
  });

  it('commits the restored checkpoint’s pending file when the notification never arrived', async () => {
    const file = sink();
    const first = await SinkRun.start(file, records);
    first.write(3);
    const checkpoint1 = await first.snapshot(1);
    first.write(1);
    const second = await SinkRun.start(file, records, checkpoint1);
    expect(committedLines()).toEqual(['a', 'b', 'c']);
    await second.finish();
    expect(committedLines()).toEqual(records);
  });

  it('re-commits idempotently: an already committed part is left as it is', async () => {
    const file = sink();
    const first = await SinkRun.start(file, records);
    first.write(3);
    const checkpoint1 = await first.snapshot(1);
    await first.complete(1);
    const second = await SinkRun.start(file, records, checkpoint1);
    await second.finish();
    expect(committedLines()).toEqual(records);
    expect(committedFiles()).toEqual(['part-0-0', 'part-0-2']); // 1 was open at barrier 1 and aborted
  });

  it('commits both files when complete(n) is skipped and complete(n + 1) arrives', async () => {
    const run = await SinkRun.start(sink(), records);
    run.write(1);
    await run.snapshot(1);
    run.write(1);
    await run.snapshot(2);
    await run.complete(2);
    expect(committedLines()).toEqual(['a', 'b']);
  });

  it('keeps an aborted checkpoint’s file pending, and deletes it when a restore goes to an earlier checkpoint', async () => {
    const file = sink();
    const first = await SinkRun.start(file, records);
    first.write(1);
    const checkpoint1 = await first.snapshot(1);
    await first.complete(1);
    first.write(1);
    await first.snapshot(2);
    first.writer.notifyCheckpointAborted?.(2);
    expect(pendingDirectory()).toEqual(['part-0-1.pending', 'part-0-2.inprogress']);
    const second = await SinkRun.start(file, records, checkpoint1);
    expect(pendingDirectory()).toEqual([]);
    await second.finish();
    expect(committedLines()).toEqual(records);
  });

  it('commits at finish and deletes the in-progress file on close without finish', async () => {
    const finished = await SinkRun.start(sink(), records);
    await finished.finish();
    expect(committedLines()).toEqual(records);

    const canceled = await SinkRun.start(sink({ prefix: 'canceled' }), records);
    canceled.write(2);
    canceled.writer.close?.();
    expect(readdirSync(join(directory, '.pending')).filter((n) => n.startsWith('canceled'))).toEqual([]);
  });

  it('continues the sequence after the files already in the directory instead of overwriting them', async () => {
    await (await SinkRun.start(sink(), ['x'])).finish();
    await (await SinkRun.start(sink(), ['y'])).finish();
    expect(committedFiles()).toEqual(['part-0-0', 'part-0-1']);
    expect(committedLines()).toEqual(['x', 'y']);
  });

  it('writes one file per subtask, and a restoring subtask leaves the others’ files alone', async () => {
    const file = sink();
    const zero = await SinkRun.start(file, ['a', 'b'], undefined, 0);
    const one = await SinkRun.start(file, ['c', 'd'], undefined, 1);
    zero.write(1);
    one.write(1);
    const zeroAt1 = await zero.snapshot(1);
    await SinkRun.start(file, ['a', 'b'], zeroAt1, 0);
    expect(pendingDirectory()).toEqual(['part-1-0.inprogress']);
    expect(committedFiles()).toEqual(['part-0-0']);
  });

  it('writes large files in chunks without losing or reordering lines', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => `${i}`.padStart(40, '.'));
    const run = await SinkRun.start(sink(), many);
    run.write(2500);
    await run.snapshot(1);
    await run.finish();
    expect(committedLines()).toEqual(many);
  });

  it('formats records with JSON.stringify by default', async () => {
    const run = await SinkRun.start(new FileSink<unknown>({ directory }), [{ id: 1 }, 'two', 3]);
    await run.finish();
    expect(committedLines()).toEqual(['{"id":1}', '"two"', '3']);
  });

  it('surfaces what a throwing format throws, and commits nothing of the failed run', async () => {
    const failure = new Error('cannot render');
    const format = (s: string) => {
      if (s === 'b') throw failure;
      return s;
    };
    const run = await SinkRun.start(sink({ format }), records);
    expect(() => run.write(3)).toThrow(failure);
    run.writer.close?.();
    expect(committedFiles()).toEqual([]);
    expect(pendingDirectory()).toEqual([]);
  });

  it('rejects a format result that is not a string', async () => {
    const run = await SinkRun.start(new FileSink<unknown>({ directory }), [undefined]);
    expect(() => run.write(1)).toThrow(ConfigError);
    expect(() => run.write(1)).toThrow(expect.objectContaining({ code: ErrorCodes.INVALID_ARGUMENT }));
  });

  it('rejects the commit when the pending file vanished, naming the lost part', async () => {
    const run = await SinkRun.start(sink(), records);
    run.write(1);
    await run.snapshot(1);
    rmSync(join(directory, '.pending', 'part-0-0.pending'));
    const commit = run.complete(1);
    await expect(commit).rejects.toBeInstanceOf(CheckpointError);
    await expect(commit).rejects.toThrow(/part-0-0: neither it nor its pending file exists/);
  });

  it('rejects the commit when the target cannot be written', async () => {
    const run = await SinkRun.start(sink(), records);
    run.write(1);
    await run.snapshot(1);
    mkdirSync(join(directory, 'part-0-0'));
    writeFileSync(join(directory, 'part-0-0', 'blocker'), '');
    await expect(run.complete(1)).rejects.toMatchObject({ code: ErrorCodes.CHECKPOINT_FAILED });
  });

  it('refuses restored state naming a file outside its directory', () => {
    const writer = sink().createWriter({ subtaskIndex: 0, parallelism: 1 });
    const state = { version: 1, pending: [{ checkpointId: 1, transaction: '../../etc/passwd' }], open: null };
    expect(() => writer.initializeState?.(state)).toThrow(expect.objectContaining({ code: ErrorCodes.STATE_RESTORE_FAILED }));
  });

  it.each<[string, unknown, string]>([
    ['no options', undefined, ErrorCodes.INVALID_ARGUMENT],
    ['a missing directory', {}, ErrorCodes.INVALID_ARGUMENT],
    ['an empty directory', { directory: '' }, ErrorCodes.INVALID_ARGUMENT],
    ['a non-function format', { directory: 'out', format: 'json' }, ErrorCodes.NOT_A_FUNCTION],
    ['a prefix with a path in it', { directory: 'out', prefix: '../part' }, ErrorCodes.INVALID_ARGUMENT],
    ['a hidden prefix', { directory: 'out', prefix: '.part' }, ErrorCodes.INVALID_ARGUMENT],
    ['an empty prefix', { directory: 'out', prefix: '' }, ErrorCodes.INVALID_ARGUMENT],
  ])('refuses %s', (_what, options, code) => {
    const create = () => new FileSink(options as FileSinkOptions<unknown>);
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(expect.objectContaining({ code }));
  });
});

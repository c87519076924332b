import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { access, rename } from 'node:fs/promises';
import { CheckpointError } from '../../../errors/checkpoint-error.js';
import { ConfigError } from '../../../errors/config-error.js';
import { ErrorCodes } from '../../../errors/error-codes.js';
import { StateError } from '../../../errors/state-error.js';
import { describeValue } from '../../../errors/argument-checks.js';
import type { TwoPhaseCommitState } from '../two-phase-commit-state.js';
import { TwoPhaseCommitSinkWriter } from '../two-phase-commit-sink-writer.js';
import type { ResolvedFileSinkOptions } from './file-sink-options.js';
import { errnoOf } from '../../../state/fs/file-system-error.js';
import { PartFiles } from './part-files.js';
import { syncDirectory, syncDirectorySync } from '../../../state/fs/durable-file.js';

/** Lines are buffered and written in chunks of about this many characters. */
const FLUSH_CHARS = 64 * 1024;

/** The part file being written: its descriptor and lines not written yet. */
interface OpenPart {
  readonly name: string;
  readonly fd: number;
  chunks: string[];
  chars: number;
}

/**
 * One subtask's writer of a {@link FileSink}. A transaction is one part file,
 * its handle the file's name `<prefix>-<subtask>-<sequence>`: written as
 * `.pending/<name>.inprogress`, fsynced and renamed to `.pending/<name>.pending`
 * at pre-commit, renamed to `<directory>/<name>` at commit. Sequences continue
 * after the highest one on disk, so no run ever reuses a committed name.
 */
export class FileSinkWriter<T> extends TwoPhaseCommitSinkWriter<T, string> {
  private readonly files: PartFiles;
  private part: OpenPart | undefined;
  private nextSequence: number | undefined;
  private restoredHighest = -1;

  constructor(
    private readonly options: ResolvedFileSinkOptions<T>,
    private readonly subtaskIndex: number,
  ) {
    super();
    this.files = new PartFiles(options.directory, options.prefix);
  }

  protected beginTransaction(): string {
    if (this.nextSequence === undefined) {
      mkdirSync(this.files.pendingDirectory, { recursive: true });
      const onDisk = this.files.list().filter((p) => p.subtaskIndex === this.subtaskIndex);
      this.nextSequence = Math.max(this.restoredHighest, ...onDisk.map((p) => p.sequence)) + 1;
    }
    const name = this.files.nameOf(this.subtaskIndex, this.nextSequence++);
    // 'wx': never truncate a file another run left behind.
    this.part = { name, fd: openSync(this.files.inProgressPath(name), 'wx'), chunks: [], chars: 0 };
    return name;
  }

  protected invoke(_name: string, value: T): void {
    const line = this.options.format(value);
    if (typeof line !== 'string') {
      throw new ConfigError(
        ErrorCodes.INVALID_ARGUMENT,
        `FileSink format must return a string, got ${describeValue(line)} for the record ${describeValue(value)}. ` +
          'Pass a format option that renders every record, e.g. (value) => String(value).',
      );
    }
    const part = this.part!;
    part.chunks.push(line, '\n');
    part.chars += line.length + 1;
    if (part.chars >= FLUSH_CHARS) flush(part);
  }

  protected preCommit(name: string): void {
    const part = this.part!;
    flush(part);
    fsyncSync(part.fd);
    closeSync(part.fd);
    this.part = undefined;
    renameSync(this.files.inProgressPath(name), this.files.pendingPath(name));
    syncDirectorySync(this.files.pendingDirectory);
  }

  protected async commit(name: string): Promise<void> {
    const target = this.files.committedPath(name);
    try {
      await rename(this.files.pendingPath(name), target);
    } catch (error) {
      if (errnoOf(error) === 'ENOENT' && (await exists(target))) return; // committed before
      throw new CheckpointError(
        ErrorCodes.CHECKPOINT_FAILED,
        errnoOf(error) === 'ENOENT'
          ? `FileSink cannot commit ${target}: neither it nor its pending file exists, so its records are lost. ` +
              `Was ${this.files.pendingDirectory} cleaned while a job used it?`
          : `FileSink cannot commit ${target}: ${String(error)}. Check the directory's permissions and free space.`,
        { cause: error },
      );
    }
    await syncDirectory(this.files.directory);
  }

  protected abort(name: string): void {
    if (this.part?.name === name) {
      closeSync(this.part.fd);
      this.part = undefined;
    }
    rmSync(this.files.inProgressPath(name), { force: true });
    rmSync(this.files.pendingPath(name), { force: true });
  }

  /** Removes the in-progress and pre-committed files of this subtask the restored checkpoint does not name. */
  protected override abortLingeringTransactions(restored: TwoPhaseCommitState<string>): void {
    const keep = new Set(restored.pending.map((p) => p.transaction));
    const named = [...keep, ...(restored.open === null ? [] : [restored.open])];
    this.restoredHighest = Math.max(-1, ...named.map((n) => this.files.parse(n)!.sequence));
    for (const part of this.files.list()) {
      if (part.subtaskIndex === this.subtaskIndex && part.stage !== 'committed' && !keep.has(part.name)) this.abort(part.name);
    }
  }

  protected override readTransaction(value: unknown): string {
    const part = typeof value === 'string' ? this.files.parse(value) : undefined;
    if (part === undefined || part.stage !== 'committed') {
      throw new StateError(
        ErrorCodes.STATE_RESTORE_FAILED,
        `The checkpoint names part file ${describeValue(value)}, which is not a '${this.options.prefix}-<subtask>-<sequence>' name. ` +
          'Restore with the prefix the job used when it took the checkpoint.',
      );
    }
    return value as string;
  }
}

function flush(part: OpenPart): void {
  if (part.chars === 0) return;
  writeSync(part.fd, part.chunks.join(''));
  part.chunks = [];
  part.chars = 0;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

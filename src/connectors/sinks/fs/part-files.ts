import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { errnoOf } from '../../../state/fs/file-system-error.js';

/** Stage of a part file: written to, pre-committed, or committed. */
export type PartStage = 'inprogress' | 'pending' | 'committed';

/** A part file name taken apart. */
export interface PartName {
  /** `<prefix>-<subtask>-<sequence>`: the transaction handle. */
  readonly name: string;
  readonly subtaskIndex: number;
  readonly sequence: number;
  readonly stage: PartStage;
}

/**
 * Where a FileSink's part files live: committed ones in `directory`,
 * in-progress and pre-committed ones in `directory/.pending`, on the same
 * filesystem so the commit is one atomic rename.
 */
export class PartFiles {
  readonly pendingDirectory: string;
  private readonly pattern: RegExp;

  constructor(
    readonly directory: string,
    readonly prefix: string,
  ) {
    this.pendingDirectory = join(directory, '.pending');
    this.pattern = new RegExp(`^${prefix.replace(/[.]/g, '\\.')}-(\\d+)-(\\d+)(\\.inprogress|\\.pending)?$`);
  }

  nameOf(subtaskIndex: number, sequence: number): string {
    return `${this.prefix}-${subtaskIndex}-${sequence}`;
  }

  /** The parts of a file name of this sink; undefined for any other file. */
  parse(fileName: string): PartName | undefined {
    const match = this.pattern.exec(fileName);
    if (match === null) return undefined;
    const stage: PartStage = match[3] === '.inprogress' ? 'inprogress' : match[3] === '.pending' ? 'pending' : 'committed';
    const name = stage === 'committed' ? fileName : fileName.slice(0, fileName.lastIndexOf('.'));
    return { name, subtaskIndex: Number(match[1]), sequence: Number(match[2]), stage };
  }

  inProgressPath(name: string): string {
    return join(this.pendingDirectory, `${name}.inprogress`);
  }

  pendingPath(name: string): string {
    return join(this.pendingDirectory, `${name}.pending`);
  }

  committedPath(name: string): string {
    return join(this.directory, name);
  }

  /** Every part file of this sink in both directories, at any stage. */
  list(): PartName[] {
    const names = [...readNames(this.directory), ...readNames(this.pendingDirectory)];
    return names.map((n) => this.parse(n)).filter((p): p is PartName => p !== undefined);
  }
}

function readNames(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return [];
    throw error;
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A committed part file: `part-<subtask>-<sequence>`. */
const PART = /^part-(\d+)-(\d+)$/;

/** The committed part files in a FileSink's `directory`, ordered by subtask, then sequence. */
export function committedPartFiles(directory: string): string[] {
  const order = (name: string) => PART.exec(name)!.slice(1).map(Number);
  return readdirSync(directory)
    .filter((name) => PART.test(name))
    .sort((x, y) => order(x)[0]! - order(y)[0]! || order(x)[1]! - order(y)[1]!);
}

/** Every line of the committed part files of `directory`, file by file in {@link committedPartFiles} order. */
export function committedPartLines(directory: string): string[] {
  return committedPartFiles(directory).flatMap((name) => readFileSync(join(directory, name), 'utf8').split('\n').slice(0, -1));
}

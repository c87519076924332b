import type { Sink, SinkContext, SinkWriter } from '../../sink.js';
import { resolveFileSinkOptions, type FileSinkOptions, type ResolvedFileSinkOptions } from './file-sink-options.js';
import { FileSinkWriter } from './file-sink-writer.js';

/**
 * Writes records as lines into part files, exactly once (Node only). Each
 * subtask writes `<directory>/.pending/<prefix>-<subtask>-<n>.inprogress`;
 * a checkpoint barrier fsyncs it (it becomes `.pending`), the completed
 * checkpoint renames it to `<directory>/<prefix>-<subtask>-<n>`. After a crash
 * and restore the committed files hold every record once: the restored
 * checkpoint's pending files are committed, later ones deleted, and the
 * source replays what they held. At end of input the last file is committed
 * directly. Readers should read only the committed files (names without a
 * dot); one directory and prefix serve one job at a time.
 *
 * @example
 * ```ts
 * import { FileSink } from 'weir/node';
 * stream.sinkTo(new FileSink<Order>({ directory: 'out/orders', format: (o) => `${o.id},${o.total}` }));
 * ```
 * @throws ConfigError (INVALID_ARGUMENT, NOT_A_FUNCTION) for a missing directory, a non-function format or a bad prefix.
 */
export class FileSink<T> implements Sink<T> {
  readonly name = 'File Sink';
  private readonly options: ResolvedFileSinkOptions<T>;

  constructor(options: FileSinkOptions<T>) {
    this.options = resolveFileSinkOptions(options);
  }

  /** Where committed part files are. */
  get directory(): string {
    return this.options.directory;
  }

  createWriter(context: SinkContext): SinkWriter<T> {
    return new FileSinkWriter(this.options, context.subtaskIndex);
  }
}

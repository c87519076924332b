import type { Sink, SinkContext, SinkWriter } from '../sink.js';

/** Where {@link ConsoleSink} prints; `console.log` by default. */
export type LineWriter = (line: string) => void;

/**
 * Prints every record on its own line, prefixed like Flink's print():
 * `prefix> value`, with the subtask number when parallelism > 1 (`prefix:2> value`).
 */
export class ConsoleSink<T> implements Sink<T> {
  readonly name = 'Console Sink';
  constructor(
    private readonly prefix = '',
    private readonly writeLine: LineWriter = (line) => console.log(line),
  ) {}

  createWriter(context: SinkContext): SinkWriter<T> {
    const subtask = context.parallelism > 1 ? `${context.subtaskIndex + 1}` : '';
    const head = this.prefix && subtask ? `${this.prefix}:${subtask}> ` : this.prefix || subtask ? `${this.prefix}${subtask}> ` : '';
    return { write: (value) => this.writeLine(head + format(value)) };
  }
}

function format(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

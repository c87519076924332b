/** Receives the outputs of a function. */
export interface Collector<T> {
  collect(value: T): void;
}

import { Subject, type Observable } from 'rxjs';
import type { Sink, SinkWriter } from '../sink.js';

/**
 * Re-emits every record on an RxJS Observable. Hot: subscribe before
 * `execute()` to see everything. Completes when the job finishes or is
 * cancelled; errors when it fails.
 */
export class ObservableSink<T> implements Sink<T> {
  readonly name = 'Observable Sink';
  private readonly subject = new Subject<T>();
  /** The records, as they are written. */
  readonly observable: Observable<T> = this.subject.asObservable();

  createWriter(): SinkWriter<T> {
    return { write: (value) => this.subject.next(value) };
  }

  onJobFinished(): void {
    this.subject.complete();
  }

  onJobFailed(error: unknown): void {
    this.subject.error(error);
  }

  onJobCanceled(): void {
    this.subject.complete();
  }
}

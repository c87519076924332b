import { describe, expect, it } from 'vitest';
import { LocalChannel } from '../../../src/runtime/local-channel.js';
import { mergeChannels } from '../../../src/runtime/merge-channels.js';
import { ElementKind, EndOfInput, StreamRecord, type StreamElement } from '../../../src/runtime/stream-element.js';

const record = (value: number) => new StreamRecord(value, value);
const values = (elements: StreamElement[]) =>
  elements.map((e) => (e.kind === ElementKind.Record ? (e as StreamRecord<number>).value : e.kind === ElementKind.EndOfInput ? 'end' : e.kind));

describe('LocalChannel', () => {
  it('hands what the producer pushes to its consumer, in order, by direct call', () => {
    const channel = new LocalChannel();
    const seen: StreamElement[] = [];
    channel.output.subscribe((e) => seen.push(e));
    channel.next(record(1));
    expect(values(seen)).toEqual([1]); // synchronously, before the next push
    channel.next(record(2));
    channel.next(EndOfInput.INSTANCE);
    expect(values(seen)).toEqual([1, 2, 'end']);
  });

  it('refuses a second consumer: a channel feeds one subtask', () => {
    const channel = new LocalChannel();
    channel.output.subscribe(() => {});
    const errors: unknown[] = [];
    channel.output.subscribe({ error: (e: unknown) => errors.push(e) });
    expect(String(errors[0])).toMatch(/one consumer/);
  });

  it('drops elements once its consumer unsubscribed, and takes a new consumer then', () => {
    const channel = new LocalChannel();
    const first: StreamElement[] = [];
    channel.output.subscribe((e) => first.push(e)).unsubscribe();
    channel.next(record(1));
    const second: StreamElement[] = [];
    channel.output.subscribe((e) => second.push(e));
    channel.next(record(2));
    expect(values(first)).toEqual([]);
    expect(values(second)).toEqual([2]);
  });

  it('passes an error to the merged input of its consumer', () => {
    const a = new LocalChannel();
    const b = new LocalChannel();
    const errors: unknown[] = [];
    const seen: StreamElement[] = [];
    mergeChannels([a.output, b.output]).subscribe({ next: (e) => seen.push(e), error: (e: unknown) => errors.push(e) });
    a.next(record(1));
    b.next(record(2));
    const failure = new Error('producer failed');
    b.error(failure);
    a.next(record(3));
    expect(values(seen)).toEqual([1, 2]);
    expect(errors).toEqual([failure]);
  });
});

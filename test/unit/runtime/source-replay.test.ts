import { describe, expect, it } from 'vitest';
import { Subject } from 'rxjs';
import type { Source, SourceReader } from '../../../src/connectors/source.js';
import { ArraySource } from '../../../src/connectors/sources/array-source.js';
import { GeneratorSource } from '../../../src/connectors/sources/generator-source.js';
import { IterableSource } from '../../../src/connectors/sources/iterable-source.js';
import { ObservableSource } from '../../../src/connectors/sources/observable-source.js';
import { StateError } from '../../../src/errors/state-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';

/** Polls `reader` with chunks of `chunk` until it has `count` records or ends. */
function read<T>(reader: SourceReader<T>, count: number, chunk = 3): T[] {
  const out: T[] = [];
  while (out.length < count) {
    const status = reader.pollNext(Math.min(chunk, count - out.length), (v) => out.push(v));
    if (status === 'end') break;
  }
  return out;
}

function readAll<T>(reader: SourceReader<T>, chunk = 3): T[] {
  return read(reader, Number.MAX_SAFE_INTEGER, chunk);
}

/** Positions survive structured cloning (they are stored in checkpoints). */
const roundTrip = (position: unknown): unknown => structuredClone(position);

const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
const replayable: [string, () => Source<string>, number][] = [
  ['ArraySource', () => new ArraySource(letters), 26],
  ['IterableSource over a Set', () => new IterableSource(new Set(letters)), 26],
  ['IterableSource over a Map', () => new IterableSource(new Map(letters.map((l, i) => [l, i]))) as never, 26],
  [
    'IterableSource over a re-iterable generator object',
    () =>
      new IterableSource({
        *[Symbol.iterator]() {
          for (const l of letters) yield l.toUpperCase();
        },
      }),
    26,
  ],
  ['GeneratorSource with a count', () => new GeneratorSource({ count: 26, generate: (i) => `g${i}` }), 26],
];

describe('replayable sources resume exactly where a position left off', () => {
  describe.each(replayable)('%s', (_name, create, total) => {
    it('says it is replayable', () => {
      expect(create().replayable).toBe(true);
    });

    it.each([0, 1, 5, 13, total - 1, total])('read %i, seek a new reader, read the rest: same as one read', (k) => {
      const whole = readAll(create().createReader());
      expect(whole).toHaveLength(total);

      const first = create().createReader();
      const head = read(first, k);
      const position = roundTrip(first.position());
      first.close();

      const second = create().createReader();
      second.seek(position);
      const tail = readAll(second, 4);
      expect([...head, ...tail]).toEqual(whole);
    });

    it('gives the same position for the same progress, whatever the chunk sizes', () => {
      const a = create().createReader();
      const b = create().createReader();
      read(a, 7, 1);
      read(b, 7, 7);
      expect(a.position()).toEqual(b.position());
    });

    it('resumes from a position taken after a resumed read (positions compose)', () => {
      const whole = readAll(create().createReader());
      const r1 = create().createReader();
      const part1 = read(r1, 4);
      const r2 = create().createReader();
      r2.seek(roundTrip(r1.position()));
      const part2 = read(r2, 6);
      const r3 = create().createReader();
      r3.seek(roundTrip(r2.position()));
      expect([...part1, ...part2, ...readAll(r3)]).toEqual(whole);
    });

    it.each([-1, 1.5, 'x', null])('rejects position %s with StateError WEIR_STATE_RESTORE_FAILED', (bad) => {
      const error = (() => {
        try {
          create().createReader().seek(bad);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(StateError);
      expect((error as StateError).code).toBe(ErrorCodes.STATE_RESTORE_FAILED);
    });
  });
});

describe('an unbounded GeneratorSource', () => {
  it('resumes at the same index', () => {
    const source = new GeneratorSource({ count: Infinity, generate: (i) => i * i });
    expect(source.bounded).toBe(false);
    const first = source.createReader();
    expect(read(first, 10)).toEqual([0, 1, 4, 9, 16, 25, 36, 49, 64, 81]);
    const second = source.createReader();
    second.seek(roundTrip(first.position()));
    expect(read(second, 3)).toEqual([100, 121, 144]);
  });
});

describe('ObservableSource', () => {
  it('is not replayable and has no position', () => {
    const source = new ObservableSource(new Subject<number>());
    expect(source.replayable).toBe(false);
    const reader = source.createReader();
    expect(reader.position()).toBeUndefined();
    expect(() => reader.seek(3)).not.toThrow();
    reader.close();
  });

  it('buffers what the Observable emits until polled, in order, and ends on completion', () => {
    const subject = new Subject<number>();
    const reader = new ObservableSource(subject).createReader();
    subject.next(1);
    subject.next(2);
    subject.next(3);
    const out: number[] = [];
    expect(reader.pollNext(2, (v) => out.push(v))).toBe('more');
    expect(reader.pollNext(2, (v) => out.push(v))).toBe('waiting');
    subject.complete();
    expect(reader.pollNext(2, (v) => out.push(v))).toBe('end');
    expect(out).toEqual([1, 2, 3]);
  });

  it('delivers buffered values before rethrowing the Observable error', () => {
    const subject = new Subject<number>();
    const reader = new ObservableSource(subject).createReader();
    const boom = new Error('upstream');
    subject.next(7);
    subject.error(boom);
    const out: number[] = [];
    expect(() => reader.pollNext(10, (v) => out.push(v))).toThrow(boom);
    expect(out).toEqual([7]);
  });

  it('unsubscribes on close', () => {
    const subject = new Subject<number>();
    const reader = new ObservableSource(subject).createReader();
    expect(subject.observed).toBe(true);
    reader.close();
    expect(subject.observed).toBe(false);
  });
});

describe('IterableSource over a one-shot iterator', () => {
  it('says it is not replayable (a generator object cannot be iterated again)', () => {
    function* gen() {
      yield 1;
      yield 2;
    }
    expect(new IterableSource(gen()).replayable).toBe(false);
    expect(new IterableSource([1, 2].values()).replayable).toBe(false);
    expect(new IterableSource({ [Symbol.iterator]: gen }).replayable).toBe(true);
  });
});

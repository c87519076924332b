import { describe, expect, it } from 'vitest';
import { Subject } from 'rxjs';
import { mergeChannels } from '../../../src/runtime/merge-channels.js';
import {
  CheckpointBarrier,
  ElementKind,
  EndOfInput,
  StreamRecord,
  Watermark,
  WatermarkStatus,
  type StreamElement,
} from '../../../src/runtime/stream-element.js';

/** Merges `n` channels and records what comes out, in a compact form. */
function merged(n: number, mode: 'exactly-once' | 'at-least-once' = 'exactly-once') {
  const channels = Array.from({ length: n }, () => new Subject<StreamElement>());
  const out: string[] = [];
  let completed = false;
  let error: unknown;
  mergeChannels(channels.map((c) => c.asObservable()), mode).subscribe({
    next(e) {
      switch (e.kind) {
        case ElementKind.Record:
          out.push(`r${String((e as StreamRecord<unknown>).value)}`);
          break;
        case ElementKind.Watermark:
          out.push(`wm${(e as Watermark).timestamp}`);
          break;
        case ElementKind.WatermarkStatus:
          out.push((e as WatermarkStatus).idle ? 'idle' : 'active');
          break;
        case ElementKind.Barrier:
          out.push(`barrier${(e as CheckpointBarrier).checkpointId}`);
          break;
        case ElementKind.EndOfInput:
          out.push('end');
          break;
      }
    },
    complete: () => (completed = true),
    error: (e: unknown) => (error = e),
  });
  const wm = (i: number, t: number) => channels[i]!.next(new Watermark(t));
  return { channels, out, wm, isCompleted: () => completed, error: () => error };
}

describe('mergeChannels (the input valve of a subtask with several channels)', () => {
  it('does not wait forever for a barrier a channel skipped: a newer barrier on it counts for the older one too (exactly-once)', () => {
    const { channels, out } = merged(2);
    channels[0]!.next(new CheckpointBarrier(5, 0));
    channels[0]!.next(new StreamRecord('held', 1));
    channels[1]!.next(new StreamRecord('b', 2));
    // Channel 1's source skipped checkpoint 5: its next barrier is 6.
    channels[1]!.next(new CheckpointBarrier(6, 0));
    expect(out).toEqual(['rb', 'barrier5', 'rheld']);
    channels[0]!.next(new CheckpointBarrier(6, 0));
    channels[1]!.next(new StreamRecord('after', 3));
    expect(out).toEqual(['rb', 'barrier5', 'rheld', 'barrier6', 'rafter']);
  });

  it('passes records through in arrival order', () => {
    const { channels, out } = merged(2);
    channels[0]!.next(new StreamRecord('a', 1));
    channels[1]!.next(new StreamRecord('b', 2));
    channels[0]!.next(new StreamRecord('c', 3));
    expect(out).toEqual(['ra', 'rb', 'rc']);
  });

  it('emits the minimum watermark over channels, only when it rises', () => {
    const { out, wm } = merged(3);
    wm(0, 10);
    wm(1, 20);
    expect(out).toEqual([]);
    wm(2, 5);
    wm(2, 15);
    wm(0, 30);
    wm(1, 25);
    wm(2, 40);
    expect(out).toEqual(['wm5', 'wm10', 'wm15', 'wm25']);
  });

  it('ignores a channel watermark that goes back', () => {
    const { out, wm } = merged(2);
    wm(0, 10);
    wm(1, 10);
    wm(0, 5);
    wm(1, 20);
    expect(out).toEqual(['wm10']);
  });

  it('does not let an idle channel hold the watermark back, and goes idle when all are idle', () => {
    const { channels, out, wm } = merged(2);
    wm(0, 100);
    channels[1]!.next(WatermarkStatus.IDLE);
    expect(out).toEqual(['wm100']);
    channels[0]!.next(WatermarkStatus.IDLE);
    expect(out).toEqual(['wm100', 'idle']);
    channels[1]!.next(WatermarkStatus.ACTIVE);
    expect(out).toEqual(['wm100', 'idle', 'active']);
    wm(1, 50);
    wm(1, 150);
    expect(out).toEqual(['wm100', 'idle', 'active', 'wm150']);
  });

  it('treats a watermark from an idle channel as activity', () => {
    const { channels, out, wm } = merged(2);
    channels[0]!.next(WatermarkStatus.IDLE);
    wm(1, 10);
    expect(out).toEqual(['wm10']);
    wm(0, 5);
    wm(1, 20);
    expect(out).toEqual(['wm10']);
    wm(0, 30);
    expect(out).toEqual(['wm10', 'wm20']);
  });

  it('does not let an ended channel hold the watermark back, and ends once every channel ended', () => {
    const { channels, out, wm, isCompleted } = merged(2);
    wm(0, 10);
    wm(1, 3);
    channels[1]!.next(EndOfInput.INSTANCE);
    expect(out).toEqual(['wm3', 'wm10']);
    expect(isCompleted()).toBe(false);
    channels[0]!.next(new Watermark(Number.MAX_SAFE_INTEGER));
    channels[0]!.next(EndOfInput.INSTANCE);
    expect(out).toEqual(['wm3', 'wm10', `wm${Number.MAX_SAFE_INTEGER}`, 'end']);
    expect(isCompleted()).toBe(true);
  });

  it('forwards a barrier once every live channel delivered it', () => {
    const { channels, out } = merged(3);
    channels[0]!.next(new CheckpointBarrier(1, 0));
    channels[1]!.next(new CheckpointBarrier(1, 0));
    expect(out).toEqual([]);
    channels[2]!.next(new CheckpointBarrier(1, 0));
    expect(out).toEqual(['barrier1']);
    channels[2]!.next(EndOfInput.INSTANCE);
    channels[0]!.next(new CheckpointBarrier(2, 0));
    channels[1]!.next(new CheckpointBarrier(2, 0));
    expect(out).toEqual(['barrier1', 'barrier2']);
  });

  it('fails when any channel fails', () => {
    const { channels, error } = merged(2);
    const boom = new Error('boom');
    channels[1]!.error(boom);
    expect(error()).toBe(boom);
  });

  describe('exactly-once barrier alignment', () => {
    it('holds back a channel that delivered the barrier until every channel did, then releases in order', () => {
      const { channels, out } = merged(2);
      channels[0]!.next(new StreamRecord('a1', 0));
      channels[0]!.next(new CheckpointBarrier(1, 0));
      channels[0]!.next(new StreamRecord('a2', 0));
      channels[0]!.next(new StreamRecord('a3', 0));
      channels[1]!.next(new StreamRecord('b1', 0));
      // a2 and a3 came after the barrier on channel 0: they must not reach the snapshot of checkpoint 1.
      expect(out).toEqual(['ra1', 'rb1']);
      channels[1]!.next(new CheckpointBarrier(1, 0));
      expect(out).toEqual(['ra1', 'rb1', 'barrier1', 'ra2', 'ra3']);
      channels[1]!.next(new StreamRecord('b2', 0));
      expect(out.at(-1)).toBe('rb2');
    });

    it('holds watermarks and end of input behind the barrier too', () => {
      const { channels, out, isCompleted } = merged(2);
      channels[0]!.next(new CheckpointBarrier(1, 0));
      channels[0]!.next(new Watermark(5));
      channels[0]!.next(EndOfInput.INSTANCE);
      channels[1]!.next(new Watermark(7));
      expect(out).toEqual([]);
      channels[1]!.next(new CheckpointBarrier(1, 0));
      expect(out).toEqual(['barrier1', 'wm5', 'wm7']);
      expect(isCompleted()).toBe(false);
    });

    it('starts the next alignment with a held barrier of the next checkpoint', () => {
      const { channels, out } = merged(2);
      channels[0]!.next(new CheckpointBarrier(1, 0));
      channels[0]!.next(new StreamRecord('a1', 0));
      channels[0]!.next(new CheckpointBarrier(2, 0));
      channels[0]!.next(new StreamRecord('a2', 0));
      channels[1]!.next(new CheckpointBarrier(1, 0));
      expect(out).toEqual(['barrier1', 'ra1']);
      channels[1]!.next(new StreamRecord('b1', 0));
      channels[1]!.next(new CheckpointBarrier(2, 0));
      expect(out).toEqual(['barrier1', 'ra1', 'rb1', 'barrier2', 'ra2']);
    });

    it('completes the alignment when a channel that has not delivered the barrier ends', () => {
      const { channels, out } = merged(3);
      channels[0]!.next(new CheckpointBarrier(1, 0));
      channels[0]!.next(new StreamRecord('a1', 0));
      channels[1]!.next(new CheckpointBarrier(1, 0));
      expect(out).toEqual([]);
      channels[2]!.next(EndOfInput.INSTANCE);
      expect(out).toEqual(['barrier1', 'ra1']);
    });

    it('reports how long the alignment took on the barrier it emits', () => {
      const channels = [new Subject<StreamElement>(), new Subject<StreamElement>()];
      let time = 100;
      const barriers: CheckpointBarrier[] = [];
      mergeChannels(channels.map((c) => c.asObservable()), 'exactly-once', () => time).subscribe((e) => {
        if (e.kind === ElementKind.Barrier) barriers.push(e);
      });
      channels[0]!.next(new CheckpointBarrier(1, 0, true));
      time = 130;
      channels[1]!.next(new CheckpointBarrier(1, 0, true));
      expect(barriers.map((b) => [b.checkpointId, b.savepoint, b.alignmentMs])).toEqual([[1, true, 30]]);
    });
  });

  describe('at-least-once barriers', () => {
    it('lets records of a channel that delivered the barrier pass before the barrier is emitted', () => {
      const { channels, out } = merged(2, 'at-least-once');
      channels[0]!.next(new CheckpointBarrier(1, 0));
      channels[0]!.next(new StreamRecord('a2', 0));
      expect(out).toEqual(['ra2']);
      channels[1]!.next(new CheckpointBarrier(1, 0));
      expect(out).toEqual(['ra2', 'barrier1']);
    });

    it('keeps two checkpoints in flight apart: a later barrier on one channel does not drop the earlier one', () => {
      const { channels, out } = merged(2, 'at-least-once');
      channels[0]!.next(new CheckpointBarrier(1, 0));
      channels[0]!.next(new CheckpointBarrier(2, 0));
      channels[1]!.next(new CheckpointBarrier(1, 0));
      expect(out).toEqual(['barrier1']);
      channels[1]!.next(new CheckpointBarrier(2, 0));
      expect(out).toEqual(['barrier1', 'barrier2']);
    });
  });
});

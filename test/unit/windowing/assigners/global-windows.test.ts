import { describe, expect, it } from 'vitest';
import { MAX_TIMESTAMP } from '../../../../src/time/time-types.js';
import { GlobalWindows } from '../../../../src/windowing/assigners/global-windows.js';
import { isMergingAssigner } from '../../../../src/windowing/assigners/window-assigner.js';
import { EndOfStreamTrigger } from '../../../../src/windowing/triggers/end-of-stream-trigger.js';
import { NeverTrigger } from '../../../../src/windowing/triggers/never-trigger.js';
import { GlobalWindow } from '../../../../src/windowing/windows/global-window.js';
import { TestAssignerContext } from './assigner-test-support.js';

describe('GlobalWindows', () => {
  it('puts every element in the one GlobalWindow, whatever its timestamp', () => {
    const assigner = GlobalWindows.create();
    const ctx = new TestAssignerContext();
    for (const timestamp of [0, 4999, 5000, -1, MAX_TIMESTAMP]) {
      expect(assigner.assignWindows('element', timestamp, ctx)).toEqual([GlobalWindow.INSTANCE]);
    }
    expect(Object.isFrozen(assigner.assignWindows('element', 0, ctx))).toBe(true);
  });

  it('ends its window at MAX_TIMESTAMP', () => {
    const [window] = GlobalWindows.create().assignWindows('element', 0, new TestAssignerContext());
    expect(window!.maxTimestamp()).toBe(MAX_TIMESTAMP);
  });

  it('is not an event-time assigner, does not merge, and uses GlobalWindow namespaces', () => {
    for (const assigner of [GlobalWindows.create(), GlobalWindows.createWithEndOfStreamTrigger()]) {
      expect(assigner.isEventTime).toBe(false);
      expect(isMergingAssigner(assigner)).toBe(false);
      expect(assigner.namespaces).toBe(GlobalWindow.namespaces);
    }
  });

  it('create() defaults to a trigger that never fires', () => {
    expect(GlobalWindows.create().defaultTrigger()).toBeInstanceOf(NeverTrigger);
  });

  it('createWithEndOfStreamTrigger() defaults to the end-of-stream trigger', () => {
    expect(GlobalWindows.createWithEndOfStreamTrigger().defaultTrigger()).toBeInstanceOf(EndOfStreamTrigger);
  });
});

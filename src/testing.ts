/**
 * Test helpers: drive operators directly on virtual time.
 * @packageDocumentation
 */
export { KeyedOperatorHarness, type KeyedOperatorHarnessOptions } from './testing/keyed-operator-harness.js';
export type { HarnessElement, HarnessRecord } from './testing/harness-output.js';
export { sortBetweenWatermarks } from './testing/sort-between-watermarks.js';
export { windowOperatorHarness, type WindowOperatorHarnessOptions } from './testing/window-operator-harness.js';
export { ManualClock } from './time/manual-clock.js';
export type { StreamOperator, OperatorFactory } from './runtime/stream-operator.js';
export type { OperatorContext } from './runtime/operator-context.js';
export type { OperatorSnapshot } from './runtime/operator-snapshot.js';
export type { Output } from './runtime/output.js';
export { StreamRecord, Watermark, WatermarkStatus } from './runtime/stream-element.js';

import type { StreamRecord } from './stream-element.js';

/**
 * A record bound for a side output, as it leaves its operator. Only the
 * runtime sees it: the exchange unwraps it for the consumers of `tagId`.
 */
export class SideOutputRecord {
  readonly kind = 5;
  constructor(
    readonly tagId: string,
    readonly record: StreamRecord<unknown>,
  ) {}
}

import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { describeValue, requireFunction } from '../errors/argument-checks.js';
import type { Key } from '../state/key-encoding.js';
import type { WindowAssigner } from '../windowing/assigners/window-assigner.js';
import type { Window } from '../windowing/windows/window.js';
import type { DataStream } from './data-stream.js';
import type { KeySelector } from './functions.js';
import type { TaggedUnion } from './tagged-union.js';
import { WindowedJoin } from './windowed-join.js';

/**
 * Two streams to be joined per key and window (from `left.join(right)`).
 * Continue with `where(leftKey).equalTo(rightKey).window(assigner)`, then
 * `apply` or `flatApply`.
 *
 * @example
 * ```ts
 * clicks.join(views)
 *   .where((c) => c.user)
 *   .equalTo((v) => v.user)
 *   .window(TumblingEventTimeWindows.of(60_000))
 *   .apply((click, view) => `${click.user}: ${view.page}`);
 * ```
 */
export class JoinedStreams<L, R> {
  /** @internal */
  constructor(
    private readonly left: DataStream<L>,
    private readonly right: DataStream<R>,
  ) {}

  /**
   * The key of left elements.
   * @throws ConfigError NOT_A_FUNCTION when `leftKey` is not a function.
   */
  where<K extends Key>(leftKey: KeySelector<L, K>): JoinWhere<L, R, K> {
    requireFunction(leftKey, 'The left key selector of join().where()');
    return new JoinWhere(this.left, this.right, leftKey);
  }
}

/** A window join with its left key: give the right key with {@link equalTo}. */
export class JoinWhere<L, R, K extends Key> {
  /** @internal */
  constructor(
    private readonly left: DataStream<L>,
    private readonly right: DataStream<R>,
    private readonly leftKey: KeySelector<L, K>,
  ) {}

  /**
   * The key of right elements; pairs join when both keys are equal.
   * @throws ConfigError NOT_A_FUNCTION when `rightKey` is not a function.
   */
  equalTo(rightKey: KeySelector<R, K>): JoinEqualTo<L, R, K> {
    requireFunction(rightKey, 'The right key selector of join().equalTo()');
    return new JoinEqualTo(this.left, this.right, this.leftKey, rightKey);
  }
}

/** A window join with both keys: give the window assigner with {@link window}. */
export class JoinEqualTo<L, R, K extends Key> {
  /** @internal */
  constructor(
    private readonly left: DataStream<L>,
    private readonly right: DataStream<R>,
    private readonly leftKey: KeySelector<L, K>,
    private readonly rightKey: KeySelector<R, K>,
  ) {}

  /**
   * The windows pairs are formed in: any assigner (tumbling, sliding,
   * session, global with a trigger). It assigns the tagged elements of both
   * sides, so a session-gap extractor sees a {@link TaggedUnion}.
   * @throws ConfigError INVALID_ARGUMENT when `assigner` is not a WindowAssigner.
   */
  window<W extends Window>(assigner: WindowAssigner<TaggedUnion<L, R>, W>): WindowedJoin<L, R, K, W> {
    if (assigner === null || typeof assigner !== 'object' || typeof assigner.assignWindows !== 'function') {
      throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, `join().window() needs a WindowAssigner, got ${describeValue(assigner)}.`);
    }
    return new WindowedJoin(this.left, this.right, this.leftKey, this.rightKey, assigner);
  }
}

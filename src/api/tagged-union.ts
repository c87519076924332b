import type { Key } from '../state/key-encoding.js';
import type { KeySelector } from './functions.js';

/**
 * An element of either input of a two-input join, tagged with its side.
 * weir's operators have one input, so joins map each side into this union,
 * union the two streams and key them; the join logic dispatches on `side`.
 * Custom triggers, evictors and session-gap extractors of a window join see
 * elements of this type.
 *
 * @example
 * ```ts
 * const gap = (e: TaggedUnion<Click, View>) => (e.side === 'left' ? 1_000 : 5_000);
 * ```
 */
export type TaggedUnion<L, R> =
  | { readonly side: 'left'; readonly value: L }
  | { readonly side: 'right'; readonly value: R };

/** The key of a tagged element: the left key selector for left elements, the right one for right elements. */
export function taggedKeySelector<L, R, K extends Key>(leftKey: KeySelector<L, K>, rightKey: KeySelector<R, K>): KeySelector<TaggedUnion<L, R>, K> {
  return (element) => (element.side === 'left' ? leftKey(element.value) : rightKey(element.value));
}

import type { Collector } from './collector.js';

/**
 * Turns one pair of a window join (a left and a right element with equal keys
 * in the same window) into one result.
 *
 * @example
 * ```ts
 * const pair: JoinFunction<Click, View, string> = (click, view) => `${click.user} saw ${view.page}`;
 * ```
 */
export type JoinFunction<L, R, OUT> = (left: L, right: R) => OUT;

/**
 * Turns one pair of a window join into zero or more results, given to `out`.
 *
 * @example
 * ```ts
 * const bigOnly: FlatJoinFunction<Order, Payment, Paid> = (order, payment, out) => {
 *   if (payment.amount >= order.total) out.collect({ order: order.id, payment: payment.id });
 * };
 * ```
 */
export type FlatJoinFunction<L, R, OUT> = (left: L, right: R, out: Collector<OUT>) => void;

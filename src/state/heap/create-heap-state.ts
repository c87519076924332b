import type { NamespaceSerializer } from '../namespace-serializer.js';
import type {
  AggregatingStateDescriptor,
  ReducingStateDescriptor,
  StateDescriptor,
  ValueStateDescriptor,
} from '../state-descriptor.js';
import { HeapAggregatingState } from './heap-aggregating-state.js';
import { HeapListState } from './heap-list-state.js';
import { HeapMapState } from './heap-map-state.js';
import { HeapReducingState } from './heap-reducing-state.js';
import type { HeapStateBase } from './heap-state-base.js';
import { HeapValueState } from './heap-value-state.js';
import type { StateTable } from './state-table.js';

/**
 * The heap handle for `descriptor` over `table`. Dispatches on `kind` rather
 * than `instanceof`, so descriptors from another copy of weir still work.
 */
export function createHeapState<N>(
  descriptor: StateDescriptor<unknown>,
  table: StateTable,
  namespaces: NamespaceSerializer<N>,
): HeapStateBase<N> {
  switch (descriptor.kind) {
    case 'value':
      return new HeapValueState(table, namespaces, (descriptor as ValueStateDescriptor<unknown>).defaultValue);
    case 'list':
      return new HeapListState(table, namespaces);
    case 'map':
      return new HeapMapState(table, namespaces);
    case 'reducing':
      return new HeapReducingState(table, namespaces, (descriptor as ReducingStateDescriptor<unknown>).reduce);
    case 'aggregating':
      return new HeapAggregatingState(
        table,
        namespaces,
        (descriptor as unknown as AggregatingStateDescriptor<unknown, unknown, unknown>).aggregate,
      );
  }
}

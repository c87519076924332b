import type { KeySelector } from '../api/functions.js';
import type { Sink } from '../connectors/sink.js';
import type { Source } from '../connectors/source.js';
import type { OperatorFactory } from './stream-operator.js';

/** One input of a node: which node (and which of its side outputs) it reads, keyed or not. */
export interface InputEdge {
  readonly nodeId: number;
  /** The side output read; undefined for the main output. */
  readonly tagId: string | undefined;
  /** Present when the input is keyed: records are routed by the key's group. */
  readonly keySelector: KeySelector<unknown> | undefined;
}

/** A node of the job graph: a source, an operator or a sink. */
export interface JobNode {
  readonly id: number;
  /** Human-readable operator name (`Map`, `KeyedProcess`, ...). */
  readonly name: string;
  readonly kind: 'source' | 'operator' | 'sink';
  /** Set by `.uid()`; otherwise derived deterministically at execute(). */
  uid: string | undefined;
  /** Set by `.setParallelism()`; otherwise resolved at execute(). */
  parallelism: number | undefined;
  readonly inputs: readonly InputEdge[];
  /** Whether the operator needs keyed state (its inputs are keyed). */
  readonly keyed: boolean;
  readonly source?: Source<unknown>;
  readonly createOperator?: OperatorFactory<unknown, unknown>;
  readonly sink?: Sink<unknown>;
}

/**
 * The job as plain data: nodes in creation order (which is topological,
 * since a node's inputs exist before it). Built by the DataStream API, run by
 * an executor.
 */
export class JobGraph {
  readonly nodes: JobNode[] = [];

  add(node: Omit<JobNode, 'id' | 'uid' | 'parallelism'>): JobNode {
    const full: JobNode = { ...node, id: this.nodes.length, uid: undefined, parallelism: undefined };
    this.nodes.push(full);
    return full;
  }

  node(id: number): JobNode {
    return this.nodes[id]!;
  }
}

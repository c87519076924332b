import { ConfigError } from '../errors/config-error.js';
import { ErrorCodes } from '../errors/error-codes.js';
import { murmur3 } from '../state/murmur3.js';
import type { InputEdge, JobGraph, JobNode } from './job-graph.js';

/** How records travel along an edge. */
export type Partitioning = 'forward' | 'hash' | 'rebalance';

/** A node with its uid, parallelism and resolved inputs. */
export interface PlannedNode {
  readonly node: JobNode;
  readonly uid: string;
  readonly parallelism: number;
  readonly inputs: readonly PlannedInput[];
  /** Side-output tags some node reads from this one. */
  readonly consumedTags: Set<string>;
}

/** An input edge with its upstream and partitioning resolved. */
export interface PlannedInput {
  readonly edge: InputEdge;
  readonly upstream: PlannedNode;
  readonly partitioning: Partitioning;
}

/** Parallelism settings an execution plan is resolved with. */
export interface PlanOptions {
  readonly parallelism: number;
  readonly maxParallelism: number;
}

/**
 * Resolves a job graph for execution: keeps only nodes that lead to a sink,
 * gives every node a uid (user-set, or derived from its name, inputs and
 * position among identical siblings, so the same program always gets the
 * same uids) and a parallelism (keyed operators: the job's; sources: 1 unless set;
 * others: their widest input's), and picks each edge's partitioning.
 */
export function planExecution(graph: JobGraph, options: PlanOptions): PlannedNode[] {
  const live = liveNodes(graph);
  if (!graph.nodes.some((n) => n.kind === 'sink')) {
    throw new ConfigError(
      ErrorCodes.INVALID_JOB_GRAPH,
      'The job has no sink, so it would compute nothing. End a stream with collect(), toObservable(), forEach(), print() or sinkTo().',
    );
  }
  const planned = new Map<number, PlannedNode>();
  const uids = new Map<string, JobNode>();
  const ordinals = new Map<string, number>();
  for (const node of graph.nodes) {
    if (!live.has(node.id)) continue;
    const upstreams = node.inputs.map((edge) => planned.get(edge.nodeId)!);
    const parallelism = resolveParallelism(node, upstreams, options);
    const signature = `${node.name}|${node.inputs.map((e, i) => `${upstreams[i]!.uid}/${e.tagId ?? ''}/${e.keySelector ? 'k' : ''}`).join(',')}`;
    const ordinal = ordinals.get(signature) ?? 0;
    ordinals.set(signature, ordinal + 1);
    const uid = node.uid ?? defaultUid(node.name, `${signature}|${ordinal}`);
    const clash = uids.get(uid);
    if (clash !== undefined) {
      throw new ConfigError(
        ErrorCodes.DUPLICATE_UID,
        `Two operators have the uid '${uid}' (${clash.name} and ${node.name}). Give each operator a unique uid().`,
      );
    }
    uids.set(uid, node);
    const inputs = node.inputs.map((edge, i) => {
      const upstream = upstreams[i]!;
      if (edge.tagId !== undefined) upstream.consumedTags.add(edge.tagId);
      const partitioning: Partitioning =
        edge.keySelector !== undefined ? 'hash' : upstream.parallelism === parallelism ? 'forward' : 'rebalance';
      return { edge, upstream, partitioning };
    });
    planned.set(node.id, { node, uid, parallelism, inputs, consumedTags: new Set() });
  }
  return [...planned.values()];
}

function liveNodes(graph: JobGraph): Set<number> {
  const live = new Set<number>();
  const visit = (id: number) => {
    if (live.has(id)) return;
    live.add(id);
    for (const edge of graph.node(id).inputs) visit(edge.nodeId);
  };
  for (const node of graph.nodes) if (node.kind === 'sink') visit(node.id);
  return live;
}

function resolveParallelism(node: JobNode, upstreams: readonly PlannedNode[], options: PlanOptions): number {
  if (node.kind === 'source') return node.parallelism ?? 1;
  const hashed = node.inputs.some((e) => e.keySelector !== undefined);
  const p = node.parallelism ?? (hashed ? options.parallelism : Math.max(...upstreams.map((u) => u.parallelism)));
  if (p > options.maxParallelism) {
    throw new ConfigError(
      ErrorCodes.INVALID_PARALLELISM,
      `Operator ${node.name} has parallelism ${p}, above maxParallelism ${options.maxParallelism}. Lower it or raise maxParallelism.`,
    );
  }
  return p;
}

function defaultUid(name: string, signature: string): string {
  const bytes = new TextEncoder().encode(signature);
  const hash = murmur3(bytes, bytes.length).toString(16).padStart(8, '0');
  return `${name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-${hash}`;
}

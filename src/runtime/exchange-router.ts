import { Subscriber } from 'rxjs';
import type { KeySelector } from '../api/functions.js';
import { KeyGroupAssigner, operatorIndexForKeyGroup } from '../state/key-group.js';
import type { Partitioning } from './execution-plan.js';
import { ElementKind, StreamRecord } from './stream-element.js';
import type { ChannelTarget } from './distribution.js';
import type { SideOutputRecord } from './side-output-record.js';
import type { StageElement } from './subscriber-output.js';
import { toJobError } from './to-job-error.js';

/** The channels one downstream input reads from one producer subtask. */
export interface OutputGroup {
  readonly partitioning: Partitioning;
  /** The side output this input reads; undefined for the main output. */
  readonly tagId: string | undefined;
  readonly keySelector: KeySelector<unknown> | undefined;
  /** One channel per downstream subtask (a single one for forward). */
  readonly targets: readonly ChannelTarget[];
  /** uid of the downstream operator, for error messages. */
  readonly downstreamUid: string;
}

/**
 * Routes one producer subtask's output to the channels of its consumers:
 * records by key group (hash), round robin (rebalance) or straight
 * (forward); side-output records only to the inputs that read their tag;
 * watermarks, status, barriers and end of input to every channel.
 * A Subscriber subclass, so RxJS calls it without the SafeSubscriber
 * wrapper and its try/catch per element (the router catches what a key
 * selector throws itself).
 */
export class ExchangeRouter extends Subscriber<StageElement> {
  private readonly assigner: KeyGroupAssigner;
  private readonly roundRobin: number[];
  /** Per group, how a bad key's error names the operator (built once, not per record). */
  private readonly where: string[];

  constructor(
    private readonly groups: readonly OutputGroup[],
    maxParallelism: number,
  ) {
    super();
    this.assigner = new KeyGroupAssigner(maxParallelism);
    this.roundRobin = groups.map(() => 0);
    this.where = groups.map((group) => `The key selector of '${group.downstreamUid}'`);
  }

  protected override _next(element: StageElement): void {
    if (element.kind === ElementKind.Record) {
      for (let g = 0; g < this.groups.length; g++) {
        if (this.groups[g]!.tagId === undefined) this.route(g, element as StreamRecord<unknown>);
      }
    } else if (element.kind === 5) {
      const side = element as SideOutputRecord;
      for (let g = 0; g < this.groups.length; g++) {
        if (this.groups[g]!.tagId === side.tagId) this.route(g, side.record);
      }
    } else {
      for (const group of this.groups) for (const target of group.targets) target.next(element);
    }
  }

  protected override _error(error: unknown): void {
    this.fail(error);
    this.unsubscribe();
  }

  protected override _complete(): void {
    for (const group of this.groups) for (const target of group.targets) target.complete();
    this.unsubscribe();
  }

  private fail(error: unknown): void {
    for (const group of this.groups) for (const target of group.targets) target.error(error);
  }

  private route(g: number, record: StreamRecord<unknown>): void {
    const group = this.groups[g]!;
    const targets = group.targets;
    switch (group.partitioning) {
      case 'forward':
        targets[0]!.next(record);
        return;
      case 'rebalance':
        targets[this.roundRobin[g]!++ % targets.length]!.next(record);
        return;
      case 'hash': {
        let index: number;
        try {
          const keyGroup = this.assigner.assign(group.keySelector!(record.value), this.where[g]!);
          index = operatorIndexForKeyGroup(this.assigner.maxParallelism, targets.length, keyGroup);
        } catch (error) {
          this.fail(toJobError(error, group.downstreamUid));
          return;
        }
        targets[index]!.next(record);
      }
    }
  }
}

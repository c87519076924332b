import type { Variant } from './variant.js';

/**
 * Every benchmark variant, by name. Each entry loads its module lazily, so a
 * child process only loads the variant it runs (its peak RSS stays its own).
 *
 * To add a variant: create `bench/variants/<name>.ts` that default-exports a
 * {@link Variant}, and add one line here. `hand-loop` is the baseline every
 * other variant is compared with; keep it.
 */
export const variants: Readonly<Record<string, () => Promise<{ default: Variant }>>> = {
  'hand-loop': () => import('./variants/hand-loop.js'),
  'rxjs-groupby': () => import('./variants/rxjs-groupby.js'),
  'weir-seed': () => import('./variants/weir-seed.js'),
  'weir-seed-process': () => import('./variants/weir-seed-process.js'),
  'weir-tumbling-10s': () => import('./variants/weir-tumbling-10s.js'),
  'weir-sliding': () => import('./variants/weir-sliding.js'),
  'weir-sessions': () => import('./variants/weir-sessions.js'),
  'weir-seed-ckpt-memory': () => import('./variants/weir-seed-ckpt-memory.js'),
  'weir-seed-ckpt-fs': () => import('./variants/weir-seed-ckpt-fs.js'),
  'weir-seed-workers-1': () => import('./variants/weir-seed-workers-1.js'),
  'weir-seed-workers-2': () => import('./variants/weir-seed-workers-2.js'),
  'weir-seed-workers-2-apart': () => import('./variants/weir-seed-workers-2-apart.js'),
};

/** Name of the baseline variant: runs first, and every ratio is relative to it. */
export const BASELINE = 'hand-loop';

/** Names of all registered variants, baseline first. */
export function variantNames(): string[] {
  return [BASELINE, ...Object.keys(variants).filter((name) => name !== BASELINE)];
}

/** Loads the variant registered as `name`; throws listing the known names if there is none. */
export async function loadVariant(name: string): Promise<Variant> {
  const load = Object.hasOwn(variants, name) ? variants[name] : undefined;
  if (load === undefined) {
    throw new Error(`Unknown variant "${name}". Known variants: ${variantNames().join(', ')}.`);
  }
  return (await load()).default;
}

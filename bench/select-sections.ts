import { UsageError, type BenchOptions } from './cli-options.js';

/** What one `npm run bench` runs, from `--only`, `--browser-only` and `--no-browser`. */
export interface SectionSelection {
  /**
   * Node section: the variants to run besides the baseline (`only` for
   * `planRuns`; undefined = all), or undefined when the Node section is skipped.
   */
  readonly node: { readonly only?: readonly string[] } | undefined;
  /** Browser cases to run, in registry order (empty: no browser section). */
  readonly browserCases: readonly string[];
}

/**
 * Splits the selection between Node variants and browser cases. Without
 * `--only` every variant and case runs (minus the section turned off). With
 * it, each section runs the names it knows, and a section none of the names
 * belong to is skipped (naming only browser cases runs no Node child, not
 * even the baseline).
 *
 * @throws UsageError for a name that is neither a variant nor a case, a
 * `--browser-param` for an unknown case, or a selection that runs nothing.
 */
export function selectSections(
  options: Pick<BenchOptions, 'only' | 'sections' | 'browserParams'>,
  variantNames: readonly string[],
  browserCaseNames: readonly string[],
): SectionSelection {
  const known = `Known variants: ${variantNames.join(', ')}. Known browser cases: ${browserCaseNames.join(', ')}.`;
  for (const name of options.only ?? []) {
    if (!variantNames.includes(name) && !browserCaseNames.includes(name)) throw new UsageError(`Unknown variant or browser case "${name}". ${known}`);
  }
  for (const name of options.browserParams.keys()) {
    if (!browserCaseNames.includes(name)) throw new UsageError(`--browser-param names unknown browser case "${name}". ${known}`);
  }
  const only = options.only;
  const nodeOnly = only?.filter((name) => variantNames.includes(name));
  const runNode = options.sections !== 'browser-only' && (nodeOnly === undefined || nodeOnly.length > 0);
  const browserCases =
    options.sections === 'no-browser' ? [] : browserCaseNames.filter((name) => only === undefined || only.includes(name));
  if (!runNode && browserCases.length === 0) {
    const flag = options.sections === 'all' ? '' : ` with --${options.sections}`;
    throw new UsageError(`--only ${only?.join(',')}${flag} selects nothing to run. ${known}`);
  }
  return { node: runNode ? (nodeOnly === undefined ? {} : { only: nodeOnly }) : undefined, browserCases };
}
